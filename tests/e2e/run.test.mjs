// SPDX-License-Identifier: ISC — Rostra
// make run's launcher (scripts/run.sh) as a person uses it: it serves the
// demo page (and its French one), its banner's command makes a moderator
// who can sign in where it says, Ctrl-C or SIGTERM stops PostgreSQL, the daemon and nginx with
// no process left behind, and a second start finds the comments again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync, readFileSync } from 'node:fs';
import net from 'node:net';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// What run.sh started there and is still alive: PostgreSQL and nginx name
// the directory on their command lines; the daemon is known by its pid file.
function processesIn(dir, daemonPid) {
  const out = spawnSync('pgrep', ['-a', '-f', dir], { encoding: 'utf8' }).stdout.trim();
  const left = out ? out.split('\n') : [];
  try {
    process.kill(daemonPid, 0);
    left.push(`daemon ${daemonPid}`);
  } catch { /* gone, as it should be */ }
  return left;
}

async function launch(dir, port) {
  const child = spawn('sh', ['scripts/run.sh'], {
    env: { ...process.env, ROSTRA_VAR: dir, ROSTRA_PORT: String(port), ROSTRA_PARENT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60000;
  while (!out.includes('Rostra is running.')) {
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`run.sh did not start:\n${out}`);
    await sleep(100);
  }
  const daemonPid = Number(readFileSync(`${dir}/rostra.pid`, 'utf8'));
  return { child, exited, daemonPid, output: () => out };
}

test('run.sh serves the demo, stops cleanly on SIGTERM and Ctrl-C, and keeps the data', async (t) => {
  const dir = mkdtempSync('/tmp/rostra-run-');
  chmodSync(dir, 0o755);
  t.after(() => {
    spawnSync('sh', ['scripts/stack.sh', 'stop', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;

  const first = await launch(dir, port);
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Golden Dome/);
  // The comment section, holding the thread nginx included for readers without JavaScript.
  assert.match(html, /<div id="comments" data-rostra-article="[^"]+"><div class="rostra-ssr" data-rostra-ssr="1" data-article="demo-golden-dome"/);
  assert.match(html, /<script src="\/comments\/embed\.js" async><\/script>/);

  // The French demo page the banner names: its own article, French page,
  // French fragment (nginx's SSI) and the same embed, which follows lang=fr.
  assert.match(first.output(), new RegExp(`In French: http://127\\.0\\.0\\.1:${port}/\\?lang=fr`, 'i'));
  const fr = await (await fetch(`${base}/?lang=fr`)).text();
  assert.match(fr, /^<!DOCTYPE html>\n.*\n<html lang="fr">/);
  assert.match(fr, /Beaulieu-sur-Loire/);
  assert.doesNotMatch(fr, /Golden Dome/);
  assert.match(fr, /<div id="comments" data-rostra-article="demo-rue-ecoles"><div class="rostra-ssr" data-rostra-ssr="1" data-article="demo-rue-ecoles" lang="fr"/);
  assert.match(fr, /Commentaires/);
  assert.match(fr, /<script src="\/comments\/embed\.js" async><\/script>/);
  assert.match(await (await fetch(`${base}/?lang=fr&article=run-fr`)).text(), /data-article="run-fr" lang="fr"/);

  // The moderator sign-in the banner names, and its one command: run as
  // printed, with a password typed on standard input, it makes an account
  // that signs in as a moderator.
  assert.match(first.output(), new RegExp(`Moderators: +http://127\\.0\\.0\\.1:${port}/comments/moderate/login`));
  assert.equal((await fetch(`${base}/comments/moderate/login`)).status, 200);
  const command = first.output().split('\n').find((l) => / user add .* moderator$/.test(l));
  assert.ok(command, `the banner prints the command that creates a moderator:\n${first.output()}`);
  const made = spawnSync('sh', ['-c', command.trim()], { input: 'a moderator password\n', encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const email = /user add (\S+)/.exec(command)[1];
  const signedIn = await fetch(`${base}/comments/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base, 'X-Rostra-CSRF': '1' },
    body: JSON.stringify({ email, password: 'a moderator password' }),
  });
  assert.equal(signedIn.status, 200);
  assert.equal((await signedIn.json()).role, 'moderator');
  const posted = await fetch(`${base}/comments/api/v1/articles/run-test/comments`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base, 'X-Rostra-CSRF': '1' },
    body: JSON.stringify({ author_name: 'Ada', body: 'kept across restarts' }),
  });
  assert.equal(posted.status, 201);
  first.child.kill('SIGTERM');
  assert.equal((await first.exited).code, 0, first.output());
  assert.match(first.output(), /Stopped\./);
  assert.deepEqual(processesIn(dir, first.daemonPid), []);

  const second = await launch(dir, port);
  const list = await (await fetch(`${base}/comments/api/v1/articles/run-test/comments`)).json();
  assert.deepEqual(list.comments.map((c) => c.body), ['kept across restarts']);
  second.child.kill('SIGINT'); // what Ctrl-C sends
  assert.equal((await second.exited).code, 0, second.output());
  assert.deepEqual(processesIn(dir, second.daemonPid), []);
});
