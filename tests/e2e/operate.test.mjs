// SPDX-License-Identifier: ISC — Rostra
// The daemon as an operator runs it for months: workers recycled and
// replaced, a stuck request cut off, configuration and keys reloaded and
// logs reopened by signal, sockets handed over by a launcher, crafted
// FastCGI records and silent connections shrugged off, a database restart
// ridden out, and what it is doing shown in its log and /metrics. Each test
// runs its own daemon beside the stack's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { STACK, freshKey, sql, postComment } from './helpers.mjs';
import { fastcgiRequest } from './fastcgi.mjs';
import { ROSTRA, DB_URL, until, startDaemon, workers, tempDir, freePort } from './daemonctl.mjs';

const SITE = { HTTP_SEC_FETCH_SITE: 'same-origin', HTTP_X_ROSTRA_CSRF: '1' };
const health = (socket, params = {}) => fastcgiRequest(socket, { uri: '/comments/api/v1/health', params });
const post = (socket, key, fields, params = {}) => fastcgiRequest(socket, {
  method: 'POST', uri: `/comments/api/v1/articles/${key}/comments`, contentType: 'application/json',
  body: JSON.stringify(fields), params: { ...SITE, ...params },
});
const list = (socket, key) => fastcgiRequest(socket, { uri: `/comments/api/v1/articles/${key}/comments` });
const stored = (key) => Number(sql(`SELECT count(*) FROM comment c JOIN article a ON a.id = c.article_id
  WHERE a.key = :'key';`, { key }));

test('workers never outlive their supervisor: killed outright, it takes them with it', async (t) => {
  const d = await startDaemon(t);
  await until('two workers', () => workers(d.child.pid).length === 2);
  const pids = workers(d.child.pid);
  d.child.kill('SIGKILL');
  await d.exited;
  // Gone, or a zombie left for init to reap (a container's init may not).
  const gone = (p) => {
    try { return / Z /.test(readFileSync(`/proc/${p}/stat`, 'utf8')); } catch { return true; }
  };
  await until('the workers gone', () => pids.every(gone));
});

test('a worker is recycled after worker_max_requests, and no request notices', async (t) => {
  const d = await startDaemon(t, { config: 'worker_max_requests = 3\n', env: { ROSTRA_WORKERS: '1' } });
  await until('one worker', () => workers(d.child.pid).length === 1);
  const first = workers(d.child.pid)[0];
  for (let i = 0; i < 10; i++) assert.equal((await health(d.socket)).status, 200);
  await until('a recycled worker', () => !workers(d.child.pid).includes(first));
  assert.match(d.log(), /recycled after its requests; replacing it/);
  assert.doesNotMatch(d.log(), /killed by signal|exited with status/);
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

test('a request that runs past request_timeout is logged with its route and its worker replaced', async (t) => {
  // No database timeouts here, so only the supervisor's deadline can end the wait.
  const d = await startDaemon(t, {
    config: 'request_timeout = 1\ndb_lock_timeout = 0\ndb_statement_timeout = 0\n',
  });
  const key = freshKey('stuck');
  assert.equal((await post(d.socket, key, { author_name: 'Ann', body: 'before' })).status, 201);
  const holder = spawn('psql', [DB_URL, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-v', `key=${key}`],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => holder.kill());
  holder.stdin.end(`BEGIN;
SELECT id FROM article WHERE key = :'key' FOR UPDATE;
\\echo locked
SELECT pg_sleep(30);
`);
  let out = '';
  holder.stdout.on('data', (c) => { out += c; });
  while (!out.includes('locked')) await once(holder.stdout, 'data');
  await assert.rejects(post(d.socket, key, { author_name: 'Bob', body: 'stuck behind the lock' }),
    /connection closed/);
  assert.match(d.log(), /POST \/articles\/\{article\}\/comments ran past request_timeout \(1 s\); replacing it/);
  holder.kill();
  await once(holder, 'exit');
  await until('a replacement worker', () => workers(d.child.pid).length === 2);
  assert.equal((await health(d.socket)).status, 200);
  assert.equal(stored(key), 1, 'the cut-off post stored nothing');
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

// The kid in a session token's footer (base64url JSON after the last dot).
function tokenKid(setCookie) {
  const token = /rostra_session=([^;]+)/.exec(setCookie)[1];
  const footer = token.slice(token.lastIndexOf('.') + 1);
  return JSON.parse(Buffer.from(footer, 'base64url').toString()).kid;
}

test('SIGHUP reloads the configuration and the key ring without failing a request', async (t) => {
  const dir = tempDir(t);
  const keyring = join(dir, 'keyring');
  const conf = join(dir, 'rostra.conf');
  writeFileSync(conf, 'reaction_label = Like\n');
  const d = await startDaemon(t, { configPath: conf, env: { ROSTRA_KEYRING: keyring } });
  const guest = () => fastcgiRequest(d.socket, {
    method: 'POST', uri: '/comments/api/v1/session/guest', contentType: 'application/json',
    body: JSON.stringify({ display_name: `Guest ${Math.random()}` }), params: SITE,
  });
  const before = await guest();
  assert.equal(before.status, 201);
  const oldKid = tokenKid(before.headers['set-cookie']);
  const socketBefore = statSync(d.socket).ino;
  const oldWorkers = workers(d.child.pid);

  // Readers keep coming while the daemon reloads.
  let stop = false;
  const statuses = [];
  const readers = [0, 1, 2].map(async () => {
    while (!stop) statuses.push((await list(d.socket, 'reload-probe')).status);
  });
  writeFileSync(conf, 'reaction_label = Applaud\n');
  const rotated = execFileSync(ROSTRA, ['key', 'rotate'], {
    env: { ...process.env, ROSTRA_CONFIG: '', ROSTRA_KEYRING: keyring }, encoding: 'utf8',
  });
  const newKid = /new signing key (\S+);/.exec(rotated)[1];
  process.kill(d.child.pid, 'SIGHUP');
  await until('the new label', async () =>
    JSON.parse((await list(d.socket, 'reload-probe')).body).reaction_label === 'Applaud');
  await until('the old workers gone', () => !workers(d.child.pid).some((p) => oldWorkers.includes(p)));
  stop = true;
  await Promise.all(readers);
  assert.ok(statuses.length > 0);
  assert.deepEqual([...new Set(statuses)], [200], 'every request during the reload was answered');
  assert.equal(statSync(d.socket).ino, socketBefore, 'the same socket throughout');
  assert.equal(tokenKid((await guest()).headers['set-cookie']), newKid, 'new sessions use the new key');
  assert.notEqual(newKid, oldKid);
  const me = await fastcgiRequest(d.socket, {
    uri: '/comments/api/v1/me', params: { HTTP_COOKIE: before.headers['set-cookie'].split(';')[0] },
  });
  assert.equal(me.status, 200, 'a session signed with the old key stays valid');
  assert.match(d.log(), /configuration reloaded/);

  // A configuration that does not load changes nothing.
  writeFileSync(conf, 'reaction_label = Cheer\nworkers = many\n');
  process.kill(d.child.pid, 'SIGHUP');
  await until('the refusal', () => /reload refused, keeping the running configuration/.test(d.log()));
  assert.equal(JSON.parse((await list(d.socket, 'reload-probe')).body).reaction_label, 'Applaud');
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

test('SIGUSR1 reopens log_file after logrotate moved it; each request is one line with its id', async (t) => {
  const dir = tempDir(t);
  const logFile = join(dir, 'rostra.log');
  const d = await startDaemon(t, { config: `log_file = ${logFile}\n`, logFile });
  const r = await health(d.socket);
  const id = r.headers['x-request-id'];
  assert.match(id, /^[0-9a-f]{16,32}$/);
  await until('the request line', () => readFileSync(logFile, 'utf8').includes(`id=${id}`));
  const line = readFileSync(logFile, 'utf8').split('\n').find((l) => l.includes(`id=${id}`));
  assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z rostra\[\d+\] info: request id=[0-9a-f]+ method=GET route=\/health status=200 ms=[\d.]+ db_ms=[\d.]+ worker=\d+$/);
  // nginx's $request_id, when it sends one, names the request in both logs.
  const given = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  assert.equal((await health(d.socket, { REQUEST_ID: given })).headers['x-request-id'], given);

  renameSync(logFile, `${logFile}.1`);
  process.kill(d.child.pid, 'SIGUSR1');
  await until('a new log file', () => existsSync(logFile));
  // Every worker has reopened once a request from each lands in the new file.
  const ids = [];
  for (let i = 0; i < 8; i++) ids.push((await health(d.socket)).headers['x-request-id']);
  await until('the new lines', () => ids.every((x) => readFileSync(logFile, 'utf8').includes(x)));
  const old = readFileSync(`${logFile}.1`, 'utf8');
  assert.ok(ids.every((x) => !old.includes(x)), 'nothing more goes to the rotated file');
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

// Raw bytes to a FastCGI socket; resolves when the daemon closes the connection.
function raw(socket, bytes) {
  return new Promise((resolve) => {
    const c = net.connect(socket, () => c.write(bytes));
    c.on('data', () => {});
    c.on('error', () => resolve());
    c.on('close', () => resolve());
  });
}

test('crafted FastCGI records, too many parameters and silent connections cost at most one worker', async (t) => {
  const d = await startDaemon(t, { config: 'io_timeout = 1\n', env: { ROSTRA_WORKERS: '1' } });
  await until('one worker', () => workers(d.child.pid).length === 1);
  const [worker] = workers(d.child.pid);
  const begin = Buffer.from([1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  // A PARAMS record whose name and value claim 2 GiB each (CVE-2025-23016's shape).
  const huge = Buffer.from([1, 4, 0, 1, 0, 16, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41]);
  await raw(d.socket, Buffer.concat([begin, huge]));
  assert.equal((await health(d.socket)).status, 200, 'the service still answers');
  // Records that make no sense: an unknown type, a wrong version.
  await raw(d.socket, Buffer.from([9, 200, 0, 1, 0, 4, 0, 0, 1, 2, 3, 4]));
  assert.equal((await health(d.socket)).status, 200);

  const many = {};
  for (let i = 0; i < 300; i++) many[`HTTP_X_FILLER_${i}`] = 'x';
  const tooMany = await health(d.socket, many);
  assert.equal(tooMany.status, 431);
  assert.equal(JSON.parse(tooMany.body).error.code, 'request_headers_too_large');
  const long = {};
  for (let i = 0; i < 10; i++) long[`HTTP_X_LONG_${i}`] = 'y'.repeat(7 * 1024);
  const tooLong = await health(d.socket, long);
  assert.equal(tooLong.status, 431);

  // A connection that says nothing holds the only worker for io_timeout, no longer.
  const silent = net.connect(d.socket);
  t.after(() => silent.destroy());
  await once(silent, 'connect');
  assert.equal((await health(d.socket)).status, 200, 'answered once the silent one was dropped');
  // Each bad connection was dropped by the worker that read it, which lived on.
  assert.deepEqual(workers(d.child.pid), [worker], 'the same worker answered throughout');
  assert.doesNotMatch(d.log(), /replacing it/);
  d.child.kill('SIGTERM');
  assert.deepEqual(await d.exited, { code: 0, signal: null });
});

for (const inherit of ['fd0', 'systemd']) {
  test(`a listening socket handed over by a launcher (${inherit === 'fd0' ? 'spawn-fcgi: fd 0' : 'systemd: LISTEN_FDS'}) is served`, async (t) => {
    const d = await startDaemon(t, { inherit });
    assert.match(d.log(), /listening on an inherited socket/);
    assert.equal((await health(d.socket)).status, 200);
    d.child.kill('SIGTERM');
    assert.deepEqual(await d.exited, { code: 0, signal: null });
  });
}

test('the unix socket gets the configured owner, group and mode', async (t) => {
  const d = await startDaemon(t, { config: 'socket_mode = 0600\n' });
  assert.equal(statSync(d.socket).mode & 0o777, 0o600);
  d.child.kill('SIGTERM');
  await d.exited;
  if (process.getuid() !== 0) return;	// only root can give a socket away
  const e = await startDaemon(t, { config: 'socket_owner = nobody\nsocket_group = nogroup\nsocket_mode = 0660\n' });
  const st = statSync(e.socket);
  assert.equal(st.uid, Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })));
  assert.equal(st.gid, Number(execFileSync('getent', ['group', 'nogroup'], { encoding: 'utf8' }).split(':')[2]));
  assert.equal(st.mode & 0o777, 0o660);
  e.child.kill('SIGTERM');
  await e.exited;
});

test('over TCP, only the addresses in socket_peers may talk FastCGI to the daemon', async (t) => {
  const d = await startDaemon(t, { port: await freePort(), config: 'socket_peers = 192.0.2.1 ::1\n' });
  await assert.rejects(health(d.socket), /connection closed/);
  assert.match(d.log(), /refused a FastCGI connection from 127\.0\.0\.1 \(not in socket_peers\)/);
  d.child.kill('SIGTERM');
  await d.exited;
  const e = await startDaemon(t, { port: await freePort() });	// the default: loopback
  assert.equal((await health(e.socket)).status, 200);
  e.child.kill('SIGTERM');
  await e.exited;
});

test('far above capacity the daemon sheds requests with fast 503s, and recovers when the load ends', async (t) => {
  const d = await startDaemon(t, { config: 'queue_timeout = 100\nmetrics_loopback = on\n', env: { ROSTRA_WORKERS: '1' } });
  const key = freshKey('flood');
  // 500 readers at once on one worker, each saying when it was sent, as nginx does.
  const flood = await Promise.all(Array.from({ length: 500 }, (_, i) => fastcgiRequest(d.socket, {
    uri: `/comments/api/v1/articles/${key}/comments?limit=${1 + (i % 50)}`,
    params: { ROSTRA_QUEUED_AT: (Date.now() / 1000).toFixed(3) },
  })));
  const shed = flood.filter((r) => r.status === 503);
  console.log(`# flood: ${flood.length - shed.length} served, ${shed.length} shed`);
  assert.ok(shed.length > 0, 'some of the flood was shed');
  // (How many are served depends on how fast this client sends: not asserted.)
  assert.ok(flood.every((r) => r.status === 200 || r.status === 503), 'every request was answered');
  assert.equal(JSON.parse(shed[0].body).error.code, 'busy');
  assert.equal(shed[0].headers['retry-after'], '1');
  const after = await fastcgiRequest(d.socket, { uri: `/comments/api/v1/articles/${key}/comments`,
    params: { ROSTRA_QUEUED_AT: (Date.now() / 1000).toFixed(3) } });
  assert.equal(after.status, 200, 'served again once the flood is over');
  const m = await fastcgiRequest(d.socket, { uri: '/comments/api/v1/metrics', params: { REMOTE_ADDR: '127.0.0.1' } });
  assert.equal(Number(/rostra_shed_total (\d+)/.exec(m.body)[1]), shed.length);
  d.child.kill('SIGTERM');
  await d.exited;
});

test('a request that waited past queue_timeout is answered 503 at once with Retry-After', async (t) => {
  const d = await startDaemon(t);
  const key = freshKey('shed');
  const queued = ((Date.now() - 5000) / 1000).toFixed(3);
  const r = await post(d.socket, key, { author_name: 'Late', body: 'queued for too long' },
    { ROSTRA_QUEUED_AT: queued });
  assert.equal(r.status, 503);
  assert.equal(JSON.parse(r.body).error.code, 'busy');
  assert.equal(r.headers['retry-after'], '1');
  assert.equal(stored(key), 0);
  const fresh = await post(d.socket, key, { author_name: 'Prompt', body: 'on time' },
    { ROSTRA_QUEUED_AT: (Date.now() / 1000).toFixed(3) });
  assert.equal(fresh.status, 201);
  d.child.kill('SIGTERM');
  await d.exited;
});

test('/metrics counts requests by route and status for this host or an admin only', async (t) => {
  const d = await startDaemon(t, { config: 'metrics_loopback = on\n', deaths: 1 });
  const metrics = (params) => fastcgiRequest(d.socket, { uri: '/comments/api/v1/metrics', params });
  for (let i = 0; i < 3; i++) await health(d.socket);
  await fastcgiRequest(d.socket, { uri: '/comments/api/v1/nowhere' });
  // A reply to no comment is the caller's mistake, not a database error.
  const stray = await post(d.socket, freshKey('metrics'), { author_name: 'Al', body: 'to nobody', parent_id: 999999999 });
  assert.equal(stray.status, 422);
  const m = await metrics({ REMOTE_ADDR: '127.0.0.1' });
  assert.equal(m.status, 200);
  assert.match(m.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const count = (text, re) => Number((re.exec(text) || [0, 0])[1]);
  assert.ok(count(m.body, /rostra_requests_total\{method="GET",route="\/health",status="200"\} (\d+)/) >= 3);
  assert.match(m.body, /rostra_requests_total\{method="-",route="unmatched",status="404"\} 1/);
  assert.match(m.body, /rostra_request_duration_seconds_bucket\{method="GET",route="\/health",le="\+Inf"\} \d+/);
  assert.match(m.body, /rostra_workers\{state="alive"\} 2/);
  assert.match(m.body, /rostra_queue_size\{queue="pending"\} \d+/);
  assert.match(m.body, /rostra_db_up 1/);
  assert.match(m.body, /rostra_worker_crashes_total 0/);
  assert.match(m.body, /rostra_db_errors_total 0/);
  assert.match(d.log(), /info: db: guest_comment_insert: RS001/);
  const before = count(m.body, /rostra_worker_starts_total (\d+)/);
  process.kill(workers(d.child.pid)[0], 'SIGKILL');
  await until('the crash counted and the worker replaced', async () => {
    const body = (await metrics({ REMOTE_ADDR: '::1' })).body;
    return count(body, /rostra_worker_crashes_total (\d+)/) === 1
      && count(body, /rostra_worker_starts_total (\d+)/) === before + 1;
  });

  const outside = await metrics({ REMOTE_ADDR: '203.0.113.7' });
  assert.equal(outside.status, 403);
  assert.equal(JSON.parse(outside.body).error.code, 'forbidden');
  d.child.kill('SIGTERM');
  await d.exited;
  const e = await startDaemon(t);	// the default: metrics_loopback = off
  const local = await fastcgiRequest(e.socket, { uri: '/comments/api/v1/metrics', params: { REMOTE_ADDR: '127.0.0.1' } });
  assert.equal(local.status, 403, 'by default, admins only');
  // An admin (the role as stored) may read them from anywhere; a moderator may not.
  const signIn = async (role) => {
    const email = `${role}-${randomBytes(4).toString('hex')}@example.org`;
    execFileSync(ROSTRA, ['user', 'add', email, `Metrics ${role} ${randomBytes(3).toString('hex')}`, role], {
      env: { ...process.env, ROSTRA_CONFIG: '', ROSTRA_DATABASE_URL: DB_URL }, input: 'metrics password\n',
    });
    const r = await fastcgiRequest(e.socket, {
      method: 'POST', uri: '/comments/api/v1/session', contentType: 'application/json',
      body: JSON.stringify({ email, password: 'metrics password' }), params: SITE,
    });
    assert.equal(r.status, 200, r.body);
    return r.headers['set-cookie'].split(';')[0];
  };
  const asRole = async (role) => (await fastcgiRequest(e.socket, { uri: '/comments/api/v1/metrics',
    params: { REMOTE_ADDR: '203.0.113.7', HTTP_COOKIE: await signIn(role) } })).status;
  assert.equal(await asRole('admin'), 200);
  assert.equal(await asRole('moderator'), 403);
  e.child.kill('SIGTERM');
  await e.exited;
});

test('while PostgreSQL is down every request gets a JSON 503 with Retry-After, and the workers reconnect on their own', async (t) => {
  const d = await startDaemon(t, { config: 'metrics_loopback = on\n' });
  const key = freshKey('pgdown');
  assert.equal((await post(d.socket, key, { author_name: 'Ann', body: 'before the restart' })).status, 201);
  // The test stack runs with synchronous_commit off: written to disk first, as a real server would have.
  sql('CHECKPOINT;');
  execFileSync('sh', ['scripts/pg.sh', 'stop', STACK, 'immediate']);
  let restarted = false;
  t.after(() => { if (!restarted) execFileSync('sh', ['scripts/pg.sh', 'start', STACK]); });
  for (const r of [await health(d.socket), await list(d.socket, key),
    await post(d.socket, key, { author_name: 'Bob', body: 'during the outage' })]) {
    assert.equal(r.status, 503);
    assert.equal(JSON.parse(r.body).error.code, 'database_unavailable');
    assert.equal(r.headers['retry-after'], '2');
  }
  execFileSync('sh', ['scripts/pg.sh', 'start', STACK]);
  restarted = true;
  await until('health again', async () => (await health(d.socket)).status === 200);
  // The other worker may still be in its second of back-off after a failed
  // connect: a 503 then (stored nothing), until it reconnects on its own.
  let after;
  await until('a post again', async () => (after = await post(d.socket, key,
    { author_name: 'Cy', body: 'after the restart' })).status !== 503);
  assert.equal(after.status, 201);
  assert.equal(stored(key), 2, 'the post during the outage stored nothing');
  const m = await fastcgiRequest(d.socket, { uri: '/comments/api/v1/metrics', params: { REMOTE_ADDR: '127.0.0.1' } });
  assert.ok(Number(/rostra_db_reconnects_total (\d+)/.exec(m.body)[1]) >= 1);
  d.child.kill('SIGTERM');
  await d.exited;
});

test('Argon2id hashing is capped across workers: past hash_concurrency a sign-up is told to retry', async (t) => {
  const d = await startDaemon(t, { config: 'hash_concurrency = 1\n', env: { ROSTRA_WORKERS: '3' } });
  const signup = (i) => fastcgiRequest(d.socket, {
    method: 'POST', uri: '/comments/api/v1/accounts', contentType: 'application/json',
    body: JSON.stringify({ email: `cap${i}-${Date.now()}@example.org`, password: 'correct horse battery',
      display_name: `Cap ${i} ${Math.random().toString(36).slice(2, 8)}` }), params: SITE,
  });
  let busy;
  let created = 0;
  for (let round = 0; round < 10 && !busy; round++) {
    const rs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => signup(round * 10 + i)));
    for (const r of rs) {
      if (r.status === 201) created++;
      else busy = r;
    }
  }
  assert.ok(busy, 'three workers hashing at once: one must have been refused');
  assert.equal(busy.status, 503);
  assert.equal(JSON.parse(busy.body).error.code, 'busy');
  assert.equal(busy.headers['retry-after'], '1');
  assert.ok(created > 0);
  d.child.kill('SIGTERM');
  await d.exited;
});

test('rostra maintain forgets post keys older than a day, sign-in networks unused for 180 days, and nothing newer', async () => {
  const posted = await postComment(freshKey('maint'), { author_name: 'Mo', body: 'kept' });
  assert.equal(posted.status, 201);
  const tag = randomBytes(8).toString('hex');
  sql(`INSERT INTO post_key (key, comment_id, created_at)
    VALUES ('maintold' || :'tag', :'id', now() - interval '2 days'), ('maintnew' || :'tag', :'id', now());`,
  { tag, id: String(posted.json.id) });
  const uid = sql(`SELECT user_id FROM comment WHERE id = :'id';`, { id: String(posted.json.id) });
  sql(`INSERT INTO login_known (user_id, network, last_at)
    VALUES (:'uid', sha256(convert_to('old' || :'tag', 'UTF8')), now() - interval '181 days'),
    (:'uid', sha256(convert_to('new' || :'tag', 'UTF8')), now() - interval '179 days');`, { uid, tag });
  const out = execFileSync(ROSTRA, ['maintain'], {
    env: { ...process.env, ROSTRA_CONFIG: '', ROSTRA_DATABASE_URL: DB_URL }, encoding: 'utf8',
  });
  assert.match(out, /^forgot [1-9]\d* post keys, \d+ login failures, \d+ single sign-on tokens, [1-9]\d* known sign-in networks$/m);
  assert.equal(sql(`SELECT string_agg(key, ',' ORDER BY key) FROM post_key WHERE key LIKE '%' || :'tag';`,
    { tag }), `maintnew${tag}`);
  assert.equal(sql(`SELECT count(*) FROM login_known WHERE user_id = :'uid';`, { uid }), '1');
  assert.equal(sql(`SELECT count(*) FROM login_known WHERE network = sha256(convert_to('new' || :'tag', 'UTF8'));`, { tag }), '1');
});
