// SPDX-License-Identifier: ISC — Rostra
// make soak: mixed load through nginx on a private stack (PostgreSQL with its
// default durability) while PostgreSQL is restarted (-m fast, later
// -m immediate) and a daemon worker is killed; then every comment the
// service acknowledged is looked up in the database. It judges durability
// and recovery, never speed: it fails when an acknowledged comment is
// missing or stored twice, a counter disagrees with the rows, a killed
// worker is not replaced, or the service still fails once it has recovered.
// Node 20, no dependencies. Called by the Makefile (make soak) and, briefly,
// by tests/run.sh. Env: SOAK_SECONDS (600), SOAK_READERS (12),
// SOAK_POSTERS (4), SOAK_PORT (a free one), SOAK_DIR (a new temp dir, kept
// if given), SOAK_KEEP=1 keeps the temp dir, ROSTRA_BUILD (build).
import http from 'node:http';
import net from 'node:net';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, chmodSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.SOAK_SECONDS || 600);
const READERS = Number(process.env.SOAK_READERS || 12);
const POSTERS = Number(process.env.SOAK_POSTERS || 4);
const build = resolve(root, process.env.ROSTRA_BUILD || 'build');
if (!(SECONDS >= 10) || !(READERS >= 1) || !(POSTERS >= 2)) {
  console.error('soak: SOAK_SECONDS must be at least 10, SOAK_READERS at least 1, SOAK_POSTERS at least 2');
  process.exit(2);
}
if (!existsSync(`${build}/rostra`)) {
  console.error(`soak: ${build}/rostra missing (make all)`);
  process.exit(2);
}

const say = (s) => console.log(`soak: ${s}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const now = () => performance.now();
const asRoot = process.getuid() === 0;
const pgbin = readdirSync('/usr/lib/postgresql').sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  .map((v) => `/usr/lib/postgresql/${v}/bin`).filter((d) => existsSync(`${d}/pg_ctl`)).pop();
if (!pgbin) {
  console.error('soak: PostgreSQL not installed (make deps)');
  process.exit(2);
}
// PostgreSQL runs as rostra when we are root (scripts/pg.sh).
const asDb = (cmd, args) => (asRoot ? ['runuser', ['-u', 'rostra', '--', cmd, ...args]] : [cmd, args]);

// A SOAK_DIR given is the caller's to remove; a temp dir of our own is removed unless SOAK_KEEP=1.
const dir = process.env.SOAK_DIR || mkdtempSync('/tmp/rostra-soak.');
const ownDir = !process.env.SOAK_DIR;
chmodSync(dir, 0o755);
const port = Number(process.env.SOAK_PORT) || await new Promise((ok) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); });
});
const BASE = `http://127.0.0.1:${port}`;
const API = '/comments/api/v1';
const run = randomBytes(3).toString('hex');
const ARTICLES = Array.from({ length: 6 }, (_, i) => `soak-${run}-${i}`);
const SORTS = ['newest', 'oldest', 'reactions', 'replies'];

// ---- The stack ---------------------------------------------------------------

// nginx's per-address limits would refuse most of a load sent from one address.
const stackEnv = { ...process.env, ROSTRA_BUILD: build, ROSTRA_ACCESS_LOG: 'off', ROSTRA_NGINX_LIMITS: 'off' };
delete stackEnv.PG_OPTS; // PostgreSQL's default durability: fsync and synchronous commit on
const stack = (...args) => execFileSync('sh', [`${root}/scripts/stack.sh`, ...args],
  { env: stackEnv, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
let started = false;
let stopped = false;
function stopStack() {
  if (!started || stopped) return;
  stopped = true;
  try { stack('stop', dir); } catch (e) { console.error(`soak: stopping the stack failed: ${e.stderr || e.message}`); }
  if (process.env.SOAK_KEEP === '1' || !ownDir) say(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { stopStack(); process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)); });
}

function sql(query) {
  const [cmd, args] = asDb(`${pgbin}/psql`, ['-h', `${dir}/run`, '-U', 'rostra', '-d', 'rostra', '-XAtq', '-v', 'ON_ERROR_STOP=1']);
  return execFileSync(cmd, args, { input: query, encoding: 'utf8', cwd: dir, maxBuffer: 64 << 20 }).trim();
}

// ---- HTTP and the record of every request --------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let t0 = now();            // the load's start (reset when it starts)
const elapsed = () => (now() - t0) / 1000;
let phase = 'normal';
const phases = [{ name: 'normal', from: 0 }];
const kinds = new Map();     // kind -> { lat: [], answered, ok, status: Map }
const errors = new Map();    // phase -> Map(kind -> Map(label -> n))
const seconds = [];          // second of the run -> { ok: {kind: n}, bad: {kind: n} }, bad: 5xx or no answer

function note(kind, r, startedAt) {
  let k = kinds.get(kind);
  if (!k) kinds.set(kind, k = { lat: [], sent: 0, ok: 0, status: new Map() });
  k.sent++;
  const label = r.status === 0 ? `net ${r.error}` : String(r.status);
  k.status.set(label, (k.status.get(label) || 0) + 1);
  if (r.status !== 0) k.lat.push(r.ms);
  const good = r.status >= 200 && r.status < 400;
  if (good) k.ok++;
  const sec = Math.floor((startedAt - t0) / 1000);
  const b = seconds[sec] ??= { ok: {}, bad: {} };
  const bucket = good ? b.ok : r.status === 0 || r.status >= 500 ? b.bad : null;
  if (bucket) bucket[kind] = (bucket[kind] || 0) + 1;
  if (!good) {
    let code = '';
    if (r.status >= 400) {
      try { code = ` ${JSON.parse(r.text).error.code}`; } catch { /* not an error body */ }
    }
    // An error belongs to the phase it was answered in: one sent just before
    // a restart and failed by it is the restart's.
    const p = errors.get(phase) ?? errors.set(phase, new Map()).get(phase);
    const m = p.get(kind) ?? p.set(kind, new Map()).get(kind);
    m.set(label + code, (m.get(label + code) || 0) + 1);
  }
}

// One request; never throws: status 0 and error name what went wrong on the wire.
function call(kind, method, path, { headers = {}, body, record = true } = {}) {
  const startedAt = now();
  return new Promise((done) => {
    let settled = false;
    const finish = (r) => {
      if (settled) return;
      settled = true;
      r.ms = now() - startedAt;
      r.startedAt = startedAt;
      if (record) note(kind, r, startedAt);
      done(r);
    };
    const h = { ...headers };
    if (method !== 'GET') Object.assign(h, { Origin: BASE, 'X-Rostra-CSRF': '1' });
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const req = http.request({ host: '127.0.0.1', port, method, path: API + path, headers: h, agent, timeout: 60000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => finish({ status: 0, error: e.code || e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 60 s'), { code: 'TIMEOUT' })));
    req.on('error', (e) => finish({ status: 0, error: e.code || e.message }));
    req.end(body);
  });
}
const json = (r) => { try { return JSON.parse(r.text); } catch { return null; } };
const cookieOf = (r) => {
  for (const c of r.headers?.['set-cookie'] || []) {
    const m = /^rostra_session=([^;]+)/.exec(c);
    if (m) return `rostra_session=${m[1]}`;
  }
  return null;
};

// ---- Shared state of the clients -----------------------------------------------

let stopping = false;        // the load ends: loops finish their turn
let draining = false;        // the drain ended: posts stop retrying
const acked = [];            // { id, token, key, status }
const unresolved = [];       // posts that never got an acknowledgement
const published = [];        // { id, article, poster } of 201 comments: parents and reaction targets
const withReplies = [];      // top-level ids with more replies than a page shows
let lastAckAt = -1;          // start time of the latest request acknowledged
let lastReadOkAt = -1;       // start time of the latest uncached read answered 200
// A guest's session and rostra_fresh: reads that skip nginx's cache (the
// cookie alone no longer does: nginx.conf.example).
let freshCookie = 'rostra_fresh=1';

function remember(list, item, max = 400) {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

// Reader: listings (cached and fresh, every sort, cursors), counts, fragments, replies, permalinks.
async function reader() {
  while (!stopping) {
    const x = Math.random();
    const key = pick(ARTICLES);
    const sort = pick(SORTS);
    if (x < 0.3) {
      await call('list', 'GET', `/articles/${key}/comments?sort=${sort}&limit=10`);
    } else if (x < 0.5) {
      const fresh = { Cookie: freshCookie };
      const r = await call('list-fresh', 'GET', `/articles/${key}/comments?sort=${sort}&limit=10`, { headers: fresh });
      const page = r.status === 200 ? json(r) : null;
      if (page) {
        lastReadOkAt = Math.max(lastReadOkAt, r.startedAt);
        for (const c of page.comments) if (c.more_replies > 0 && c.replies_cursor) remember(withReplies, [c.id, c.replies_cursor]);
        if (page.next_cursor) {
          await call('list-cursor', 'GET', `/articles/${key}/comments?sort=${sort}&limit=10&cursor=${encodeURIComponent(page.next_cursor)}`, { headers: fresh });
        }
      }
    } else if (x < 0.65) {
      await call('counts', 'GET', `/counts?${ARTICLES.map((a) => `article=${a}`).join('&')}`);
    } else if (x < 0.75) {
      await call('fragment', 'GET', `/articles/${key}/fragment${Math.random() < 0.3 ? '?lang=fr' : ''}`);
    } else if (x < 0.9 && withReplies.length) {
      const [id, cursor] = pick(withReplies);
      await call('replies', 'GET', `/comments/${id}/replies${Math.random() < 0.5 ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    } else if (published.length) {
      await call('context', 'GET', `/comments/${pick(published).id}/context`);
    } else {
      await call('list', 'GET', `/articles/${key}/comments`);
    }
    await sleep(Math.random() * 10);
  }
}

// One comment, retried with the same Idempotency-Key after no answer or a
// 5xx, as the embed does, until acknowledged, refused, or the drain ends.
async function post(p, kind, article, fields) {
  const key = randomBytes(16).toString('hex');
  const token = `${run}-${p.n}-${++p.seq}`;
  const held = !fields.parent_id && Math.random() < 0.2;
  const body = JSON.stringify({
    author_name: p.name, ...fields,
    body: `soak ${token}: a reader's few words about the article` +
      (held ? ' with sources http://a.example/1 http://b.example/2 http://c.example/3' : '.'),
  });
  const failures = [];
  for (let attempt = 1; ; attempt++) {
    const headers = { 'Idempotency-Key': key, ...(p.cookie ? { Cookie: p.cookie } : {}) };
    const r = await call(kind, 'POST', `/articles/${article}/comments`, { headers, body });
    if (r.status === 201 || r.status === 202) {
      const c = json(r);
      p.cookie ??= cookieOf(r);
      if (!c || !Number.isInteger(c.id)) {
        problems.push(`a ${r.status} to ${kind} ${token} carried no comment id: ${r.text.slice(0, 200)}`);
        return;
      }
      acked.push({ id: c.id, token, key, status: r.status, attempts: attempt, replayed: r.headers['idempotent-replayed'] === 'true', failures });
      lastAckAt = Math.max(lastAckAt, r.startedAt);
      if (r.status === 201) remember(published, { id: c.id, article, poster: p.n });
      return;
    }
    failures.push(r.status === 0 ? `net ${r.error}` : `${r.status} ${json(r)?.error?.code ?? ''}`.trim());
    if (r.status !== 0 && r.status < 500) {
      // A first try refused stored nothing (it is listed with the errors).
      // A retry refused is a lost post: the first try may have stored it,
      // and its key should have replayed the answer.
      if (attempt > 1) problems.push(`a retried post (${token}) ended in ${failures.join(' then ')}: ${r.text.slice(0, 200)}`);
      return;
    }
    if (draining) {
      unresolved.push({ token, key, last: r.status === 0 ? r.error : r.status });
      return;
    }
    await sleep(Math.min(100 * 2 ** Math.min(attempt - 1, 5), 2000) * (0.5 + Math.random()));
  }
}

// Poster: a guest's comments (one in five held for review by its links), replies, reactions.
const posters = [];
async function poster(n) {
  const p = { n, name: `Soak poster ${n} ${run}`, seq: 0, cookie: null, reacted: [] };
  posters.push(p);
  while (!stopping) {
    const x = Math.random();
    const others = published.filter((c) => c.poster !== n);
    if (x < 0.45 || !p.cookie || !others.length) {
      await post(p, 'post', pick(ARTICLES), Math.random() < 0.3 ? { title: 'Soak article', url: `${BASE}/soak` } : {});
    } else if (x < 0.7) {
      const parent = pick(published);
      await post(p, 'reply', parent.article, { parent_id: parent.id });
    } else if (x < 0.9 || !p.reacted.length) {
      const c = pick(others);
      const r = await call('react', 'PUT', `/comments/${c.id}/reaction`, { headers: { Cookie: p.cookie } });
      if (r.status === 200) remember(p.reacted, c.id, 50);
    } else {
      const id = p.reacted.splice(Math.floor(Math.random() * p.reacted.length), 1)[0];
      await call('unreact', 'DELETE', `/comments/${id}/reaction`, { headers: { Cookie: p.cookie } });
    }
    await sleep(30 + Math.random() * 90);
  }
}

// Moderator: works the pending queue, approving two in three and rejecting the rest.
let decided = 0;
async function moderator(cookie) {
  while (!stopping) {
    const r = await call('queue', 'GET', '/moderation/comments?queue=pending&limit=25', { headers: { Cookie: cookie } });
    const items = r.status === 200 ? json(r)?.items || [] : [];
    for (const action of ['approve', 'reject']) {
      const ids = items.filter((c) => (c.id % 3 === 0) === (action === 'reject')).map((c) => c.id);
      if (!ids.length) continue;
      const a = await call('moderate', 'POST', '/moderation/comments/actions', {
        headers: { Cookie: cookie }, body: JSON.stringify({ action, ids, from: ['held'] }),
      });
      if (a.status === 200) decided += json(a)?.changed || 0;
    }
    await sleep(items.length ? 100 : 400);
  }
}

// ---- Disruptions ---------------------------------------------------------------

const problems = [];         // reasons to fail
const windows = [];          // { name, at, action, recovered } in seconds
const daemonPid = () => Number(readFileSync(`${dir}/rostra.pid`, 'utf8').trim());
function workers() {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(daemonPid())], { encoding: 'utf8' })
      .split('\n').map(Number).filter(Boolean);
  } catch { return []; }
}
const execAsync = (cmd, args, opts) => new Promise((ok, fail) => {
  execFile(cmd, args, opts, (e, stdout, stderr) => (e ? fail(Object.assign(e, { stderr })) : ok(stdout)));
});

// Recovered: the action is over, the daemon has all its workers, health
// answered 200 as many times in a row as there are workers (twice), and a
// post and an uncached read sent after the action were answered.
async function recovery(since, count, hardEnd) {
  let inRow = 0;
  while (now() < hardEnd) {
    const h = await call('health', 'GET', '/health');
    inRow = h.status === 200 ? inRow + 1 : 0;
    if (inRow >= 2 * count && workers().length === count && lastAckAt > since && lastReadOkAt > since) return true;
    await sleep(100);
  }
  return false;
}

async function disrupt(name, action, count, hardEnd) {
  phase = name;
  const w = { name, at: elapsed() };
  phases.push({ name, from: w.at });
  windows.push(w);
  say(`${w.at.toFixed(1)} s: ${name}`);
  try {
    w.detail = await action() || '';
  } catch (e) {
    problems.push(`${name} failed: ${(e.stderr || e.message).trim()}`);
  }
  const actionDone = now();
  w.action = elapsed() - w.at;
  if (!(await recovery(actionDone, count, hardEnd))) {
    problems.push(`the service did not recover from ${name}`);
    return false;
  }
  w.recovered = elapsed() - w.at;
  phase = `after ${name}`;
  phases.push({ name: phase, from: elapsed() });
  say(`${elapsed().toFixed(1)} s: recovered from ${name} (${w.recovered.toFixed(1)} s)`);
  return true;
}

function pgRestart(mode) {
  const [cmd, args] = asDb(`${pgbin}/pg_ctl`, ['-D', `${dir}/pg`, '-l', `${dir}/pg/postgres.log`, '-m', mode, '-w', '-t', '120', 'restart']);
  return async () => { await execAsync(cmd, args, { cwd: dir }); };
}

// The kill lands while posts are in flight: a burst of them (two per
// worker, from the posters' sessions) goes out just before it, so a worker
// likely dies between storing a comment and answering it.
const burst = [];
async function killWorker() {
  const before = workers();
  const victim = pick(before);
  const from = posters.filter((p) => p.cookie);
  for (let i = 0; from.length && i < 2 * before.length; i++) burst.push(post(from[i % from.length], 'post', pick(ARTICLES), {}));
  await sleep(10);
  process.kill(victim, 'SIGKILL');
  return `killed worker ${victim} of ${before.join(', ')} with ${2 * before.length} posts just sent`;
}

// ---- The run -------------------------------------------------------------------

let exitCode = 0;
// A client loop that throws is the soak's bug: stop the stack all the same.
for (const ev of ['uncaughtException', 'unhandledRejection']) {
  process.on(ev, (e) => {
    console.error(`soak: ${ev}: ${e?.stack || e}`);
    stopStack();
    process.exit(1);
  });
}
try {
  say(`starting a private stack in ${dir} on port ${port} (PostgreSQL's default durability)`);
  started = true;
  try {
    stack('start', dir, String(port));
  } catch (e) {
    throw new Error(`the stack did not start: ${e.stderr || e.message}`);
  }
  // Every client posts from 127.0.0.1 as fast as it likes: as tests/run.sh does.
  for (const s of ['rate_address_max', 'rate_author_max', 'guest_address_max']) stack('rostra', dir, 'settings', 'set', s, '0');
  const email = `soak-${run}@news.example`;
  const password = `soak moderator ${run}`;
  execFileSync('sh', [`${root}/scripts/stack.sh`, 'rostra', dir, 'user', 'add', email, `Soak Moderator ${run}`, 'moderator'],
    { env: stackEnv, input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  const login = await call('login', 'POST', '/session', { body: JSON.stringify({ email, password }), record: false });
  const modCookie = login.status === 200 && cookieOf(login);
  if (!modCookie) throw new Error(`the moderator could not sign in: ${login.status} ${login.text}`);
  const guest = await call('guest', 'POST', '/session/guest', { body: JSON.stringify({ display_name: `Soak fresh reader ${run}` }), record: false });
  if (!cookieOf(guest)) throw new Error(`no guest session for uncached reads: ${guest.status} ${guest.text}`);
  freshCookie = `${cookieOf(guest)}; rostra_fresh=1`;
  const count = workers().length;
  say(`${count} daemon workers; ${READERS} readers, ${POSTERS} posters, 1 moderator for ${SECONDS} s`);

  t0 = now();
  const loops = [
    ...Array.from({ length: READERS }, () => reader()),
    ...Array.from({ length: POSTERS }, (_, i) => poster(i + 1)),
    moderator(modCookie),
  ];
  // The run may outlast SECONDS to give the last part its length after the
  // last recovery; a service that never recovers ends it here.
  const hardEnd = t0 + (2 * SECONDS + 120) * 1000;
  const at = (f) => sleep(Math.max(0, t0 + f * SECONDS * 1000 - now()));
  let ok = true;
  await at(0.25);
  ok = await disrupt('pg restart -m fast', pgRestart('fast'), count, hardEnd);
  if (ok) {
    await at(0.45);
    ok = await disrupt('worker SIGKILL', killWorker, count, hardEnd);
  }
  if (ok) {
    await at(0.65);
    ok = await disrupt('pg restart -m immediate', pgRestart('immediate'), count, hardEnd);
  }
  // The last part: at least 15% of the run, all of it after the last recovery.
  const tail = 0.15 * SECONDS;
  const lastFrom = Math.max(0.85 * SECONDS, elapsed());
  if (ok) await sleep((lastFrom + tail) * 1000 - (now() - t0));
  const runEnd = elapsed();
  stopping = true;
  say(`${runEnd.toFixed(1)} s: load stops; waiting for posts in flight`);
  const drainTimer = setTimeout(() => { draining = true; }, 60000);
  await Promise.all([...loops, ...burst]);
  clearTimeout(drainTimer);
  draining = true;

  // ---- Figures ----
  const lastSecs = seconds.slice(Math.floor(lastFrom), Math.ceil(runEnd));
  const sum = (side, ks) => lastSecs.reduce((n, b) => n + (b ? ks.reduce((m, k) => m + (b[side][k] || 0), 0) : 0), 0);
  const READ = ['list', 'list-fresh', 'list-cursor', 'counts', 'fragment', 'replies', 'context'];
  const WRITE = ['post', 'reply', 'react', 'unreact', 'queue', 'moderate'];
  const lastReads = sum('ok', READ);
  const lastWrites = sum('ok', ['post', 'reply']);
  const lastBad = lastSecs.reduce((n, b) => n + (b ? Object.values(b.bad).reduce((m, v) => m + v, 0) : 0), 0);
  const refused = [...kinds.values()].reduce((n, k) => n + [...k.status].filter(([l]) => l[0] === '4').reduce((m, [, v]) => m + v, 0), 0);

  console.log('');
  console.log(`Rostra soak, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${runEnd.toFixed(0)} s on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, ${count} daemon workers, ${READERS} readers, ${POSTERS} posters, 1 moderator, PostgreSQL default durability`);
  console.log('');
  const pct = (a, q) => (a.length ? a[Math.min(a.length - 1, Math.floor(q * a.length))] : NaN);
  const rows = [['kind', 'sent', '2xx/3xx', 'p50 ms', 'p99 ms', 'answers']];
  let total = 0;
  let served = 0;
  for (const [kind, k] of [...kinds].sort()) {
    const lat = Float64Array.from(k.lat).sort();
    total += k.sent;
    served += k.ok;
    rows.push([kind, k.sent, k.ok, pct(lat, 0.5).toFixed(1), pct(lat, 0.99).toFixed(1),
      [...k.status].sort().map(([s, n]) => `${s}:${n}`).join(' ')]);
  }
  rows.push(['all', total, served, '', '', '']);
  table(rows);
  console.log('');
  console.log('Errors by phase (status and error code, or net and the socket error):');
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    const to = i + 1 < phases.length ? phases[i + 1].from : runEnd;
    const m = errors.get(p.name);
    const list = m ? [...m].map(([kind, s]) => `${kind} ${[...s].map(([l, n]) => `${l} ×${n}`).join(', ')}`).join('; ') : 'none';
    console.log(`  ${p.name} (${p.from.toFixed(1)}–${to.toFixed(1)} s): ${list}`);
  }
  console.log('');
  for (const w of windows) {
    console.log(`  ${w.name} at ${w.at.toFixed(1)} s: ${w.detail ? `${w.detail}; ` : ''}action took ${w.action.toFixed(1)} s, service back after ${w.recovered === undefined ? 'never' : `${w.recovered.toFixed(1)} s`}`);
  }
  console.log(`  last part (${lastFrom.toFixed(1)}–${runEnd.toFixed(1)} s): ${lastReads} reads and ${lastWrites} posts answered 2xx, ${lastBad} answered 5xx or not at all`);
  console.log(`  refused with a 4xx in the whole run: ${refused} (none expected; listed above)`);

  // ---- The database: every acknowledged comment, once ----
  const ids = acked.map((a) => a.id);
  const arr = (xs) => `'{${xs.join(',')}}'`;
  const missing = acked.length ? sql(`SELECT a.id FROM unnest(${arr(ids)}::bigint[]) a(id)
    LEFT JOIN comment c ON c.id = a.id WHERE c.id IS NULL ORDER BY 1;`).split('\n').filter(Boolean) : [];
  const wrong = acked.length ? Number(sql(`SELECT count(*) FROM unnest(${arr(ids)}::bigint[], ${arr(acked.map((a) => a.token))}::text[]) a(id, token)
    JOIN comment c ON c.id = a.id WHERE c.body NOT LIKE 'soak ' || a.token || ':%';`)) : 0;
  const keyless = acked.length ? Number(sql(`SELECT count(*) FROM unnest(${arr(ids)}::bigint[], ${arr(acked.map((a) => a.key))}::text[]) a(id, key)
    LEFT JOIN post_key p ON p.key = a.key WHERE p.comment_id IS DISTINCT FROM a.id;`)) : 0;
  const dupes = sql(`SELECT count(*) FROM (SELECT substring(body FROM '^soak ([^:]*):') FROM comment
    WHERE body LIKE 'soak ${run}-%' GROUP BY 1 HAVING count(*) > 1) d;`);
  const stored = Number(sql(`SELECT count(*) FROM comment WHERE body LIKE 'soak ${run}-%';`));
  const noKey = Number(sql(`SELECT count(*) FROM comment c WHERE body LIKE 'soak ${run}-%'
    AND NOT EXISTS (SELECT 1 FROM post_key p WHERE p.comment_id = c.id);`));
  const counters = sql(`SELECT a.key || ': ' || concat_ws(', ',
      CASE WHEN a.comment_count <> n.visible THEN 'comment_count ' || a.comment_count || ' vs ' || n.visible END,
      CASE WHEN a.held_count <> n.held THEN 'held_count ' || a.held_count || ' vs ' || n.held END,
      CASE WHEN a.approved_count <> n.approved THEN 'approved_count ' || a.approved_count || ' vs ' || n.approved END,
      CASE WHEN a.rejected_count <> n.rejected THEN 'rejected_count ' || a.rejected_count || ' vs ' || n.rejected END)
    FROM article_total a CROSS JOIN LATERAL (SELECT
      count(*) FILTER (WHERE status IN ('published', 'approved')) visible,
      count(*) FILTER (WHERE status = 'held') held,
      count(*) FILTER (WHERE status = 'approved') approved,
      count(*) FILTER (WHERE status = 'rejected') rejected
      FROM comment c WHERE c.article_id = a.id) n
    WHERE a.key LIKE 'soak-${run}-%' AND (a.comment_count, a.held_count, a.approved_count, a.rejected_count)
      <> (n.visible, n.held, n.approved, n.rejected);`).split('\n').filter(Boolean);
  const reactions = Number(sql(`SELECT count(*) FROM comment c WHERE body LIKE 'soak ${run}-%'
    AND c.reaction_count <> (SELECT count(*) FROM reaction r WHERE r.comment_id = c.id);`));
  const retried = acked.filter((a) => a.attempts > 1).length;
  const replayed = acked.filter((a) => a.replayed).length;
  // What the unanswered attempts had been told, for each replay.
  const replayedAfter = new Map();
  for (const a of acked.filter((x) => x.replayed)) {
    const l = a.failures.join(' then ');
    replayedAfter.set(l, [...(replayedAfter.get(l) || []), a.id]);
  }
  const byStatus = (s) => acked.filter((a) => a.status === s).length;

  console.log('');
  console.log(`Acknowledged comments: ${acked.length} (${byStatus(201)} published 201, ${byStatus(202)} held 202; ${retried} after a retry, ${replayed} of them a replay of what an unanswered attempt stored); the moderator decided ${decided}`);
  if (replayed) console.log(`Replays came after: ${[...replayedAfter].map(([l, n]) => `${l} (comment${n.length > 1 ? 's' : ''} ${n.slice(0, 10).join(', ')})`).join('; ')}`);
  console.log(`Stored soak comments: ${stored}; posts never acknowledged: ${unresolved.length}`);
  console.log(`Missing acknowledged comments: ${missing.length}${missing.length ? ` (ids ${missing.slice(0, 20).join(', ')})` : ''}`);
  console.log(`Stored twice (one post, two rows): ${dupes}; acknowledged under another comment's text: ${wrong}; key not naming the acknowledged comment: ${keyless}; stored without a key: ${noKey}`);
  console.log(`Counters off: ${counters.length ? counters.join('; ') : 'none'}; comments whose reaction_count is off: ${reactions}`);

  // ---- The daemon after it all ----
  const log = readFileSync(`${dir}/rostra.log`, 'utf8');
  const killed = (log.match(/killed by signal/g) || []).length;
  const exited = (log.match(/exited with status/g) || []).length;
  const sanitizer = /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(log);
  console.log(`Daemon log: ${killed} worker(s) killed by a signal (1 by the soak), ${exited} exited; ${workers().length} of ${count} workers running at the end`);

  if (missing.length) problems.push(`${missing.length} acknowledged comment(s) missing from the database`);
  if (Number(dupes)) problems.push(`${dupes} post(s) stored twice`);
  if (wrong) problems.push(`${wrong} acknowledgement(s) name a comment with another post's text`);
  if (keyless) problems.push(`${keyless} acknowledged key(s) do not name their comment in post_key`);
  if (noKey) problems.push(`${noKey} comment(s) stored without their Idempotency-Key`);
  if (counters.length) problems.push(`article counters disagree with the rows: ${counters.join('; ')}`);
  if (reactions) problems.push(`${reactions} comment(s) with a reaction_count that is not their reactions`);
  if (!lastReads || !lastWrites) problems.push(`the service did not recover: no 2xx ${!lastReads ? 'read' : 'post'} in the last part of the run`);
  if (lastBad) {
    const m = {};
    for (const b of lastSecs) for (const [k, v] of Object.entries(b?.bad || {})) m[k] = (m[k] || 0) + v;
    problems.push(`${lastBad} request(s) failed in the last part, after recovery: ${JSON.stringify(m)}`);
  }
  if (killed !== 1 || sanitizer) problems.push(`the daemon's log reports ${killed} worker(s) killed by a signal${sanitizer ? ' and a sanitizer error' : ''}`);
  if (workers().length !== count) problems.push(`${workers().length} of ${count} workers running at the end`);
  if (!acked.length) problems.push('no comment was acknowledged');
  if (unresolved.length) problems.push(`${unresolved.length} post(s) were still failing when the drain ended`);
} catch (e) {
  problems.push(e.message);
} finally {
  stopping = true;
  draining = true;
  agent.destroy();
  stopStack();
}
if (problems.length) {
  console.log('');
  for (const p of problems) console.log(`SOAK FAILED: ${p}`);
  exitCode = 1;
} else {
  console.log('soak: ok');
}
process.exit(exitCode);

function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) {
    console.log(r.map((c, i) => (i === r.length - 1 ? String(c) : (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i])))).join('  '));
  }
}
