// SPDX-License-Identifier: ISC — Rostra
// The daemon as an operator sees it: graceful stop with a request in flight,
// a dead worker replaced, migrations applied once and atomically. Each test
// runs its own daemon on its own socket, beside the stack's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, copyFileSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshKey, getFresh, sql } from './helpers.mjs';
import { openRequest, fastcgiRequest } from './fastcgi.mjs';
import { ROSTRA, DB_URL, OWNER_URL, sleep, until, startDaemon, workers, freePort } from './daemonctl.mjs';

const health = (socket) => fastcgiRequest(socket, { uri: '/comments/api/v1/health' });

test('health says ok through FastCGI once every statement is prepared', async (t) => {
  const d = await startDaemon(t);
  const r = await health(d.socket);
  assert.equal(r.status, 200);
  assert.equal(r.body, '{"status":"ok"}');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

test('the FastCGI socket may be a TCP address', async (t) => {
  const d = await startDaemon(t, { port: await freePort() });
  assert.equal((await health(d.socket)).status, 200);
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

test('SIGTERM lets a request in flight finish, then the daemon exits and removes its socket', async (t) => {
  const d = await startDaemon(t, { config: 'metrics_loopback = on\n' });
  // Both workers busy: one with the request below, one answering this (a
  // loaded machine may take more than a moment to accept the first).
  const bothBusy = async () => /rostra_workers\{state="busy"\} 2\b/.test((await fastcgiRequest(d.socket,
    { uri: '/comments/api/v1/metrics', params: { REMOTE_ADDR: '127.0.0.1' } })).body);
  const key = freshKey('stop');
  const body = JSON.stringify({ author_name: 'Ada', body: 'sent during shutdown' });
  const req = openRequest(d.socket, {
    method: 'POST', uri: `/comments/api/v1/articles/${key}/comments`, contentType: 'application/json', body,
    params: { HTTP_SEC_FETCH_SITE: 'same-origin', HTTP_X_ROSTRA_CSRF: '1' },
  });
  await req.ready;
  await until('a worker to accept the request and wait for its body', bothBusy);
  d.child.kill('SIGTERM');
  await sleep(300); // the stop is under way while the request is still open
  assert.equal(d.child.exitCode, null, 'the daemon must wait for the request in flight');
  req.sendBody();
  const r = await req.response();
  assert.equal(r.status, 201);
  assert.equal(JSON.parse(r.body).body, 'sent during shutdown');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
  assert.equal(existsSync(d.socket), false);
  assert.equal((await getFresh(`/articles/${key}/comments`)).json.comments.length, 1);
});

test('a worker that dies is replaced and the daemon keeps answering', async (t) => {
  const d = await startDaemon(t, { deaths: 1 });
  await until('two workers', () => workers(d.child.pid).length === 2);
  const [victim] = workers(d.child.pid);
  process.kill(victim, 'SIGKILL');
  await until('a replacement worker', () => {
    const now = workers(d.child.pid);
    return now.length === 2 && !now.includes(victim);
  });
  for (let i = 0; i < 4; i++) assert.equal((await health(d.socket)).status, 200);
  assert.match(d.log(), new RegExp(`worker ${victim} killed by signal 9; replacing it`));
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

function migrate(env = {}) {
  return spawnSync(ROSTRA, ['migrate'], {
    env: {
      ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_MIGRATE_DATABASE_URL: OWNER_URL,
      ROSTRA_APP_ROLE: 'rostra_app', ...env,
    }, encoding: 'utf8',
  });
}

test('migrations apply once: running them again changes nothing', () => {
  const files = readdirSync('sql').filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f));
  const r = migrate();
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /applied/);
  assert.equal(sql('SELECT count(*) FROM schema_migration;'), String(files.length));
});

test('a failing migration leaves nothing behind and is not recorded', (t) => {
  const dir = mkdtempSync('/tmp/rostra-sql-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of readdirSync('sql')) copyFileSync(join('sql', f), join(dir, f));
  writeFileSync(join(dir, '999_broken.sql'),
    'CREATE TABLE migration_probe (x int);\nSELECT no_such_function();\n');
  const conf = join(dir, 'rostra.conf');
  writeFileSync(conf, `sql_dir = ${dir}\n`);
  const r = migrate({ ROSTRA_CONFIG: conf });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /999_broken\.sql/);
  assert.equal(sql("SELECT to_regclass('migration_probe') IS NULL;"), 't');
  assert.equal(sql('SELECT count(*) FROM schema_migration WHERE version = 999;'), '0');
  assert.ok(readFileSync(conf, 'utf8'));
});

test('with guests turned off, a name alone is not enough to comment', async (t) => {
  const d = await startDaemon(t, { config: 'guests = off\n' });
  const site = { HTTP_SEC_FETCH_SITE: 'same-origin', HTTP_X_ROSTRA_CSRF: '1' };
  const key = freshKey('noguest');
  const post = await fastcgiRequest(d.socket, {
    method: 'POST', uri: `/comments/api/v1/articles/${key}/comments`, contentType: 'application/json',
    body: JSON.stringify({ author_name: 'Guest', body: 'hello' }), params: site,
  });
  assert.equal(post.status, 401);
  assert.match(post.body, /Please sign in to comment/);
  const guest = await fastcgiRequest(d.socket, {
    method: 'POST', uri: '/comments/api/v1/session/guest', contentType: 'application/json',
    body: JSON.stringify({ display_name: 'Guest' }), params: site,
  });
  assert.equal(guest.status, 403);
  assert.equal(sql(`SELECT count(*) FROM article WHERE key = :'key';`, { key }), '0');
  d.child.kill('SIGTERM');
  await d.exited;
});
