// SPDX-License-Identifier: ISC — Rostra
// nginx's per-address rate limits from nginx.conf.example, as shipped: a
// second nginx in front of the stack's daemon (the stack's own leaves them
// out, since every test request comes from 127.0.0.1). Past a limit and its
// burst, reads, writes and sign-ins are answered 429 with Retry-After in
// the API's JSON format, and nothing reaches the daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK, freshKey, storedCount } from './helpers.mjs';
import { tempDir, freePort, until } from './daemonctl.mjs';

async function startNginx(t) {
  const dir = tempDir(t, 'rostra-nginx-');
  chmodSync(dir, 0o755);	// nginx's workers (user rostra as root) write the cache here
  const port = await freePort();
  for (const d of ['nginx/tmp', 'nginx/cache', 'web']) mkdirSync(join(dir, d), { recursive: true });
  const root = process.getuid() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'rostra'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'rostra'], { encoding: 'utf8' }));
    for (const d of ['nginx/tmp', 'nginx/cache']) chownSync(join(dir, d), uid, gid);
  }
  const site = readFileSync('nginx.conf.example', 'utf8').replaceAll('@PORT@', String(port))
    .replaceAll('@SOCKET@', join(STACK, 'run', 'rostra.sock')).replaceAll('@WEB@', join(dir, 'web'))
    .replaceAll('@CACHE@', join(dir, 'nginx', 'cache'));
  writeFileSync(join(dir, 'nginx', 'rostra.conf'), site);
  writeFileSync(join(dir, 'nginx', 'fastcgi_params'), readFileSync('/etc/nginx/fastcgi_params'));
  writeFileSync(join(dir, 'nginx', 'nginx.conf'), readFileSync('scripts/nginx-private.conf.in', 'utf8')
    .replaceAll('@DIR@', dir).replaceAll('@USER@', root ? 'user rostra rostra;' : '')
    .replaceAll('@ACCESS_LOG@', 'off'));
  execFileSync('nginx', ['-c', join(dir, 'nginx', 'nginx.conf'), '-e', join(dir, 'nginx', 'error.log')]);
  // The master's pid is read now: by the time the hooks run, tempDir's may
  // already have removed the file (Node 18 runs them in another order).
  const pidFile = join(dir, 'nginx', 'nginx.pid');
  await until('nginx.pid', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  t.after(() => { try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ } });
  const base = `http://127.0.0.1:${port}/comments/api/v1`;
  await until('nginx', async () => (await fetch(`${base}/health`).catch(() => ({ ok: false }))).ok);
  return { base };
}

function assertLimited(r, text) {
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '1');
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(JSON.parse(text).error.code, 'too_many_requests');
}

test('nginx refuses a client past its read, write and sign-in limits with a JSON 429 and Retry-After', async (t) => {
  const { base } = await startNginx(t);
  // The stack's daemon knows only its own origins; a same-origin fetch is from the site too.
  const site = { 'Sec-Fetch-Site': 'same-origin', 'X-Rostra-CSRF': '1', 'Content-Type': 'application/json' };

  // Sign-ins: 10 a minute, a burst of 5.
  const logins = [];
  for (let i = 0; i < 10; i++) {
    const r = await fetch(`${base}/session`, { method: 'POST', headers: site,
      body: JSON.stringify({ email: `${freshKey('nobody')}@example.org`, password: 'not the password' }) });
    logins.push({ r, text: await r.text() });
  }
  assert.deepEqual(logins.slice(0, 5).map(({ r }) => r.status), [401, 401, 401, 401, 401],
    'the burst reaches the daemon');
  const refused = logins.find(({ r }) => r.status === 429);
  assert.ok(refused, 'past the burst, sign-ins are refused');
  assertLimited(refused.r, refused.text);

  // Writes: 2 a second, a burst of 10; a refused post stores nothing.
  const key = freshKey('limited');
  const posts = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(`${base}/articles/${key}/comments`, {
    method: 'POST', headers: site, body: JSON.stringify({ author_name: `Flood ${i}`, body: `flood ${i}` }),
  }).then(async (r) => ({ r, text: await r.text() }))));
  const stored = posts.filter(({ r }) => r.status === 201 || r.status === 202).length;
  const limited = posts.filter(({ r }) => r.status === 429);
  assert.ok(limited.length >= 15, `most of a 30-post flood is refused (${limited.length})`);
  assertLimited(limited[0].r, limited[0].text);
  assert.equal(storedCount(key), stored, 'only the posts let through were stored');

  // Reads: 50 a second, a burst of 100.
  const reads = await Promise.all(Array.from({ length: 300 }, () => fetch(`${base}/articles/${key}/comments`)
    .then(async (r) => ({ r, text: await r.text() }))));
  assert.ok(reads.some(({ r }) => r.status === 200));
  const slow = reads.find(({ r }) => r.status === 429);
  assert.ok(slow, '300 reads at once are past the burst');
  assertLimited(slow.r, slow.text);
});
