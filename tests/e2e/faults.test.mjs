// SPDX-License-Identifier: ISC — Rostra
// Fault injection, SQLite style, against a faults build (make faults; see
// lib/fault.h). For each write path and each kind of fault — the Nth arena
// allocation (the worker aborts, as on out-of-memory), the Nth statement
// lost before it runs or after it committed, the Nth signing, verifying or
// password hash — N runs 1, 2, 3, … until a request passes with no fault
// hit. Each time: the answer is the normal one or a clean JSON error (an
// aborted worker closes the connection and is replaced), never a hang, and
// nothing is half-stored: a retry without the fault ends where a request
// without fault would have, and counters always equal the rows they count.
// The daemon is the test's own, spoken to over FastCGI with the parameter
// ROSTRA_FAULT ("query:3"), which only a faults build reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fastcgiRequest } from './fastcgi.mjs';
import { ROSTRA, DB_URL, OWNER_URL, startDaemon, workers, until } from './daemonctl.mjs';

const FAULTS_BUILD = readFileSync(ROSTRA).includes('X-Rostra-Faults');
const KINDS = ['alloc', 'query', 'reply', 'crypto'];
const SITE = { HTTP_SEC_FETCH_SITE: 'same-origin', HTTP_X_ROSTRA_CSRF: '1', REMOTE_ADDR: '127.0.0.1' };
const V1 = '/comments/api/v1';
const unique = () => randomBytes(5).toString('hex');
const ARTICLE = `flt-${unique()}`;
const N_MAX = 400;	// a request that makes more calls than this is a runaway
// Each injected out-of-memory costs a worker, replaced at most once a second per slot: many slots.
const WORKERS = 16;

let socket;
const stats = new Map();	// path -> kind -> { n, hits, aborted, ok, errors: Set }

// One request, with a fault armed if spec is given; { status, headers, json } or { closed: true }.
async function send(method, uri, { body, cookie, fault, key, params = {} } = {}) {
  const extra = { ...SITE, ...params };
  if (cookie) extra.HTTP_COOKIE = cookie;
  if (fault) extra.ROSTRA_FAULT = fault;
  if (key) extra.HTTP_IDEMPOTENCY_KEY = key;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} ${uri} (${fault}) hung for 20 s`)), 20000);
  });
  try {
    const r = await Promise.race([timeout, fastcgiRequest(socket, {
      method, uri: V1 + uri, params: extra,
      ...(body !== undefined ? { contentType: 'application/json', body: JSON.stringify(body) } : {}),
    })]);
    let json = null;
    try { json = r.body ? JSON.parse(r.body) : null; } catch { /* checked by the caller */ }
    return { status: r.status, headers: r.headers, body: r.body, json };
  } catch (e) {
    if (/connection closed/.test(e.message)) return { closed: true };
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

const cookieOf = (r) => (/rostra_session=([^;]+)/.exec(r.headers['set-cookie'] || '') || [])[0];
// SQL as the schema's owner (helpers.sql looks the address up each time: too slow for this loop).
function sql(text, vars = {}) {
  const args = [OWNER_URL, '-XAtq', '-v', 'ON_ERROR_STOP=1'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  return execFileSync('psql', args, { input: text, encoding: 'utf8' }).trim();
}
const q = (text, vars) => sql(text, vars);
const num = (text, vars) => Number(q(text, vars));

async function ok(method, uri, opts, want = [200, 201, 202, 204]) {
  const r = await send(method, uri, opts);
  assert.ok(!r.closed && want.includes(r.status), `${method} ${uri}: ${r.status} ${r.body}`);
  return r;
}

// What every answer must be: the path's success, or a clean JSON error.
function assertClean(r, success, what) {
  if (success.includes(r.status)) return;
  assert.ok(r.status >= 400 && r.status < 600, `${what}: status ${r.status}`);
  assert.ok(r.json && r.json.error && typeof r.json.error.code === 'string' &&
    typeof r.json.error.message === 'string', `${what}: not a JSON error: ${r.status} ${r.body}`);
  assert.match(r.headers['content-type'] || '', /^application\/json/, what);
}

// Counters equal the rows they count, for every article and comment of this run;
// every status a moderator or the policy set has its log row; no user was made half-way.
const CONSISTENT = `
SELECT 'article ' || a.key || ' counters' FROM article_total a CROSS JOIN LATERAL (SELECT
    count(*) FILTER (WHERE status IN ('published', 'approved')) visible,
    count(*) FILTER (WHERE status = 'published') published,
    count(*) FILTER (WHERE status = 'held') held,
    count(*) FILTER (WHERE status = 'approved') approved,
    count(*) FILTER (WHERE status = 'rejected') rejected,
    count(*) FILTER (WHERE status = 'published' AND (report_count > 0 OR flagged)) reported
    FROM comment c WHERE c.article_id = a.id) n
  WHERE a.key LIKE 'flt-%' AND (a.comment_count, a.published_count, a.held_count, a.approved_count,
    a.rejected_count, a.reported_count) <> (n.visible, n.published, n.held, n.approved, n.rejected, n.reported)
UNION ALL
SELECT 'comment ' || c.id || ': ' || concat_ws(', ',
    CASE WHEN c.reaction_count <> (SELECT count(*) FROM reaction r WHERE r.comment_id = c.id) THEN 'reaction_count' END,
    CASE WHEN c.report_count <> (SELECT count(*) FROM comment_report r WHERE r.comment_id = c.id
      AND r.dismissed_at IS NULL) THEN 'report_count' END,
    CASE WHEN c.reply_count <> (SELECT count(*) FROM comment d WHERE d.path[1:cardinality(c.path)] = c.path
      AND d.id <> c.id AND d.status IN ('published', 'approved')) THEN 'reply_count' END,
    CASE WHEN c.status = 'held' AND NOT EXISTS (SELECT 1 FROM moderation_log l WHERE l.comment_id = c.id
      AND l.to_status = 'held') THEN 'held without its log row' END,
    CASE WHEN c.status IN ('approved', 'rejected') AND NOT EXISTS (SELECT 1 FROM moderation_log l
      WHERE l.comment_id = c.id AND l.to_status = c.status) THEN 'decided without its log row' END) AS what
  FROM comment c JOIN article a ON a.id = c.article_id WHERE a.key LIKE 'flt-%'
  AND (c.reaction_count <> (SELECT count(*) FROM reaction r WHERE r.comment_id = c.id)
    OR c.report_count <> (SELECT count(*) FROM comment_report r WHERE r.comment_id = c.id AND r.dismissed_at IS NULL)
    OR c.reply_count <> (SELECT count(*) FROM comment d WHERE d.path[1:cardinality(c.path)] = c.path
      AND d.id <> c.id AND d.status IN ('published', 'approved'))
    OR (c.status = 'held' AND NOT EXISTS (SELECT 1 FROM moderation_log l WHERE l.comment_id = c.id
      AND l.to_status = 'held'))
    OR (c.status IN ('approved', 'rejected') AND NOT EXISTS (SELECT 1 FROM moderation_log l
      WHERE l.comment_id = c.id AND l.to_status = c.status)))
UNION ALL
SELECT 'user ' || u.id || ' with no session and no comment' FROM app_user u
  WHERE u.display_name LIKE 'Flt %' AND NOT EXISTS (SELECT 1 FROM session s WHERE s.user_id = u.id)
  AND NOT EXISTS (SELECT 1 FROM comment c WHERE c.user_id = u.id);`;
function assertConsistent(what) {
  assert.equal(q(CONSISTENT), '', `${what}: half-stored or miscounted`);
}

// Shared actors, made without faults.
const actors = {};
async function signup(tag) {
  const email = `flt-${tag}-${unique()}@news.example`;
  const name = `Flt ${tag} ${unique()}`;
  const r = await ok('POST', '/accounts', { body: { email, password: 'fault line password', display_name: name } });
  return { email, name, cookie: cookieOf(r), id: r.json.id };
}
async function comment(who, body, extra = {}) {
  const r = await ok('POST', `/articles/${ARTICLE}/comments`, { cookie: who.cookie, body: { body, ...extra } });
  return r.json.id;
}
const statusOf = (id) => q(`SELECT status FROM comment WHERE id = ${Number(id)}`);
const bodyWith = (text) => num(`SELECT count(*) FROM comment WHERE body = :'b'`, { b: text });
const HELD = 'held for review: http://a.example http://b.example http://c.example';

// Each path: prepare() makes what the faulted request needs (no fault), run(fault) sends it,
// check(r, ctx) looks at the database after the faulted answer, retry(ctx) sends it again
// without a fault and says the end state is the one a clean request reaches.
const PATHS = [
  {
    name: 'guest post',
    success: [201],
    prepare: () => ({ key: unique() + unique(), name: `Flt guest ${unique()}`, body: `guest post ${unique()}` }),
    run: (c, fault) => send('POST', `/articles/${ARTICLE}/comments`, { fault, key: c.key, body: { author_name: c.name, body: c.body } }),
    check: (r, c) => {
      const n = bodyWith(c.body);
      if (r.status === 201) assert.equal(n, 1);
      assert.ok(n <= 1, 'stored once at most');
      assert.equal(num(`SELECT count(*) FROM comment m LEFT JOIN post_key k ON k.comment_id = m.id
        WHERE m.body = :'b' AND k.key IS DISTINCT FROM :'k'`, { b: c.body, k: c.key }), 0, 'every stored post has its key');
    },
    retry: async (c) => {
      const r = await ok('POST', `/articles/${ARTICLE}/comments`, { key: c.key, body: { author_name: c.name, body: c.body } }, [201]);
      assert.equal(bodyWith(c.body), 1);
      return r;
    },
  },
  {
    name: 'reply',
    success: [201],
    prepare: async () => ({ key: unique() + unique(), parent: await comment(actors.b, `parent ${unique()}`), body: `reply ${unique()}` }),
    run: (c, fault) => send('POST', `/articles/${ARTICLE}/comments`, { fault, key: c.key, cookie: actors.a.cookie, body: { body: c.body, parent_id: c.parent } }),
    check: (r, c) => {
      const n = bodyWith(c.body);
      if (r.status === 201) assert.equal(n, 1);
      assert.ok(n <= 1);
      assert.equal(num(`SELECT reply_count FROM comment WHERE id = ${c.parent}`), n, 'the parent counts its reply exactly');
    },
    retry: async (c) => {
      await ok('POST', `/articles/${ARTICLE}/comments`, { key: c.key, cookie: actors.a.cookie, body: { body: c.body, parent_id: c.parent } }, [201]);
      assert.equal(bodyWith(c.body), 1);
      assert.equal(num(`SELECT reply_count FROM comment WHERE id = ${c.parent}`), 1);
    },
  },
  {
    name: 'signed-in post',
    success: [201],
    prepare: () => ({ key: unique() + unique(), body: `signed-in post ${unique()}` }),
    run: (c, fault) => send('POST', `/articles/${ARTICLE}/comments`, { fault, key: c.key, cookie: actors.a.cookie, body: { body: c.body } }),
    check: (r, c) => {
      const n = bodyWith(c.body);
      if (r.status === 201) assert.equal(n, 1);
      assert.ok(n <= 1);
    },
    retry: async (c) => {
      await ok('POST', `/articles/${ARTICLE}/comments`, { key: c.key, cookie: actors.a.cookie, body: { body: c.body } }, [201]);
      assert.equal(bodyWith(c.body), 1);
    },
  },
  {
    name: 'held post',
    success: [202],
    prepare: () => ({ key: unique() + unique(), body: `${HELD} ${unique()}` }),
    run: (c, fault) => send('POST', `/articles/${ARTICLE}/comments`, { fault, key: c.key, cookie: actors.a.cookie, body: { body: c.body } }),
    check: (r, c) => {
      const n = bodyWith(c.body);
      if (r.status === 202) assert.equal(n, 1);
      assert.ok(n <= 1);
    },
    retry: async (c) => {
      await ok('POST', `/articles/${ARTICLE}/comments`, { key: c.key, cookie: actors.a.cookie, body: { body: c.body } }, [202]);
      assert.equal(bodyWith(c.body), 1);
    },
  },
  {
    name: 'reaction put',
    success: [200],
    prepare: async () => ({ id: await comment(actors.a, `to like ${unique()}`) }),
    run: (c, fault) => send('PUT', `/comments/${c.id}/reaction`, { fault, cookie: actors.b.cookie }),
    check: (r, c) => {
      const n = num(`SELECT count(*) FROM reaction WHERE comment_id = ${c.id}`);
      if (r.status === 200) assert.equal(n, 1);
      if (r.status === 200) assert.equal(r.json.reactions, 1);
    },
    retry: async (c) => {
      await ok('PUT', `/comments/${c.id}/reaction`, { cookie: actors.b.cookie }, [200]);
      assert.equal(num(`SELECT reaction_count FROM comment WHERE id = ${c.id}`), 1);
    },
  },
  {
    name: 'reaction delete',
    success: [200],
    prepare: async () => {
      const id = await comment(actors.a, `to unlike ${unique()}`);
      await ok('PUT', `/comments/${id}/reaction`, { cookie: actors.b.cookie }, [200]);
      return { id };
    },
    run: (c, fault) => send('DELETE', `/comments/${c.id}/reaction`, { fault, cookie: actors.b.cookie }),
    check: (r, c) => {
      if (r.status === 200) assert.equal(num(`SELECT count(*) FROM reaction WHERE comment_id = ${c.id}`), 0);
    },
    retry: async (c) => {
      await ok('DELETE', `/comments/${c.id}/reaction`, { cookie: actors.b.cookie }, [200]);
      assert.equal(num(`SELECT reaction_count FROM comment WHERE id = ${c.id}`), 0);
    },
  },
  {
    name: 'edit',
    success: [200],
    prepare: async () => ({ id: await comment(actors.a, `before the edit ${unique()}`), body: `after the edit ${unique()}` }),
    run: (c, fault) => send('PATCH', `/comments/${c.id}`, { fault, cookie: actors.a.cookie, body: { body: c.body } }),
    check: (r, c) => {
      const now = q(`SELECT body FROM comment WHERE id = ${c.id}`);
      const versions = num(`SELECT count(*) FROM comment_version WHERE comment_id = ${c.id}`);
      if (r.status === 200) assert.equal(now, c.body);
      assert.equal(versions, now === c.body ? 1 : 0, 'the earlier text is kept exactly when the edit was stored');
    },
    retry: async (c) => {
      // Stored by the faulted request (its answer lost): the same text again is refused as a repeat.
      const done = q(`SELECT body FROM comment WHERE id = ${c.id}`) === c.body;
      await ok('PATCH', `/comments/${c.id}`, { cookie: actors.a.cookie, body: { body: c.body } }, done ? [200, 409] : [200]);
      assert.equal(q(`SELECT body FROM comment WHERE id = ${c.id}`), c.body);
    },
  },
  {
    name: 'delete',
    success: [204],
    prepare: async () => ({ id: await comment(actors.a, `to delete ${unique()}`) }),
    run: (c, fault) => send('DELETE', `/comments/${c.id}`, { fault, cookie: actors.a.cookie }),
    check: (r, c) => {
      if (r.status === 204) assert.equal(statusOf(c.id), 'deleted');
    },
    retry: async (c) => {
      // Already deleted by the faulted request (its answer lost): there is nothing left to delete.
      const done = statusOf(c.id) === 'deleted';
      await ok('DELETE', `/comments/${c.id}`, { cookie: actors.a.cookie }, done ? [204, 404] : [204]);
      assert.equal(statusOf(c.id), 'deleted');
    },
  },
  {
    name: 'report',
    success: [204],
    prepare: async () => ({ id: await comment(actors.a, `to report ${unique()}`) }),
    run: (c, fault) => send('POST', `/comments/${c.id}/reports`, { fault, cookie: actors.b.cookie, body: { reason: 'spam' } }),
    check: (r, c) => {
      if (r.status === 204) assert.equal(num(`SELECT count(*) FROM comment_report WHERE comment_id = ${c.id}`), 1);
    },
    retry: async (c) => {
      const done = num(`SELECT count(*) FROM comment_report WHERE comment_id = ${c.id}`) === 1;
      await ok('POST', `/comments/${c.id}/reports`, { cookie: actors.b.cookie, body: { reason: 'spam' } }, done ? [409] : [204]);
      assert.equal(num(`SELECT report_count FROM comment WHERE id = ${c.id}`), 1);
    },
  },
  {
    name: 'guest session',
    success: [201],
    prepare: () => ({ name: `Flt session ${unique()}` }),
    run: (c, fault) => send('POST', '/session/guest', { fault, body: { display_name: c.name } }),
    check: (r, c) => {
      const users = num(`SELECT count(*) FROM app_user WHERE display_name = :'n'`, { n: c.name });
      if (r.status === 201) assert.equal(users, 1);
      assert.ok(users <= 1);
    },
    retry: async (c) => {
      const r = await ok('POST', '/session/guest', { body: { display_name: c.name } }, [201]);
      assert.ok(cookieOf(r));
    },
  },
  {
    name: 'account signup',
    success: [201],
    prepare: () => ({ email: `flt-new-${unique()}@news.example`, name: `Flt new ${unique()}` }),
    run: (c, fault) => send('POST', '/accounts', { fault, body: { email: c.email, password: 'fault line password', display_name: c.name } }),
    check: (r, c) => {
      const users = num(`SELECT count(*) FROM app_user WHERE email = :'e'`, { e: c.email });
      if (r.status === 201) assert.equal(users, 1);
      assert.ok(users <= 1);
    },
    retry: async (c) => {
      // Stored by the faulted request (only its answer lost): the same sign-up
      // with the account's password signs it in (a taken email is never said).
      const stored = num(`SELECT count(*) FROM app_user WHERE email = :'e'`, { e: c.email }) === 1;
      const r = await ok('POST', '/accounts', { body: { email: c.email, password: 'fault line password', display_name: c.name } },
        stored ? [200] : [201]);
      assert.equal(r.json.email, c.email);
      assert.equal(num(`SELECT count(*) FROM app_user WHERE email = :'e'`, { e: c.email }), 1);
    },
  },
  {
    name: 'login',
    success: [200],
    prepare: () => ({}),
    run: (c, fault) => send('POST', '/session', { fault, body: { email: actors.c.email, password: 'fault line password' } }),
    check: () => {},
    retry: async () => {
      // A failed check (libsodium says only "no") counts against the account like a wrong password.
      q('DELETE FROM login_failure;');
      const r = await ok('POST', '/session', { body: { email: actors.c.email, password: 'fault line password' } }, [200]);
      assert.ok(cookieOf(r));
    },
  },
  ...['approve', 'reject'].map((action) => ({
    name: `moderator ${action}`,
    success: [200],
    prepare: async () => ({ id: await comment(actors.a, `${HELD} ${unique()}`) }),
    run: (c, fault) => send('POST', '/moderation/comments/actions', { fault, cookie: actors.mod.cookie,
      body: { action, ids: [c.id], from: 'held', ...(action === 'reject' ? { reason: 'spam' } : {}) } }),
    check: (r, c) => {
      const to = action === 'approve' ? 'approved' : 'rejected';
      const st = statusOf(c.id);
      if (r.status === 200) assert.equal(st, to);
      assert.ok(st === 'held' || st === to, st);
      assert.equal(num(`SELECT count(*) FROM moderation_log WHERE comment_id = ${c.id} AND via = 'api'`),
        st === to ? 1 : 0, 'one log row exactly when the status changed');
    },
    retry: async (c) => {
      const to = action === 'approve' ? 'approved' : 'rejected';
      const done = statusOf(c.id) === to;
      const r = await ok('POST', '/moderation/comments/actions', { cookie: actors.mod.cookie,
        body: { action, ids: [c.id], from: 'held', ...(action === 'reject' ? { reason: 'spam' } : {}) } }, done ? [200, 409] : [200]);
      assert.equal(statusOf(c.id), to, r.body);
    },
  })),
];

test('every write path answers cleanly and stores all or nothing when the Nth allocation, statement or crypto call fails',
  { skip: FAULTS_BUILD ? false : `${ROSTRA} is not a faults build (make faults; ROSTRA_BUILD=build/faults)`, timeout: 600000 },
  async (t) => {
    const d = await startDaemon(t, { env: { ROSTRA_WORKERS: String(WORKERS) }, deaths: 'any' });
    socket = d.socket;
    // A failed assertion must not leave workers behind (they hold the log pipe open).
    t.after(async () => {
      if (d.child.exitCode === null && d.child.signalCode === null) {
        d.child.kill('SIGTERM');
        await Promise.race([d.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
    });
    await until('the workers', () => workers(d.child.pid).length === WORKERS);
    actors.a = await signup('a');
    actors.b = await signup('b');
    actors.c = await signup('c');
    const email = `flt-mod-${unique()}@news.example`;
    execFileSync(ROSTRA, ['user', 'add', email, `Flt mod ${unique()}`, 'moderator'], {
      env: { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' }, input: 'moderator password\n',
    });
    const login = await ok('POST', '/session', { body: { email, password: 'moderator password' } }, [200]);
    actors.mod = { cookie: cookieOf(login) };
    await comment(actors.a, 'the first comment of the article');

    const only = process.env.FAULT_PATHS ? process.env.FAULT_PATHS.split(',') : null;
    const kinds = process.env.FAULT_KINDS ? process.env.FAULT_KINDS.split(',') : KINDS;
    for (const path of PATHS) {
      if (only && !only.includes(path.name)) continue;
      for (const kind of kinds) {
        const s = { n: 0, hits: 0, aborted: 0, ok: 0, errors: new Set() };
        stats.set(`${path.name} × ${kind}`, s);
        for (let n = 1; ; n++) {
          assert.ok(n < N_MAX, `${path.name} × ${kind}: still hitting at N = ${n}`);
          const what = `${path.name} × ${kind}:${n}`;
          const c = await path.prepare();
          const r = await path.run(c, `${kind}:${n}`);
          s.n = n;
          if (r.closed) {
            assert.equal(kind, 'alloc', `${what}: the connection closed without an answer`);
            s.aborted++;
            s.hits++;
          } else {
            assertClean(r, path.success, what);
            const hit = Number(r.headers['x-rostra-faults']);
            assert.ok(hit === 0 || hit === 1, `${what}: X-Rostra-Faults ${r.headers['x-rostra-faults']}`);
            s.hits += hit;
            if (path.success.includes(r.status)) s.ok++;
            else s.errors.add(`${r.status} ${r.json.error.code}`);
            if (hit === 0) {
              assert.ok(path.success.includes(r.status), `${what}: no fault, yet ${r.status} ${r.body}`);
              path.check(r, c);
              assertConsistent(what);
              break;
            }
          }
          path.check(r, c);
          assertConsistent(what);
          await path.retry(c);
          assertConsistent(`${what}, after the retry`);
        }
      }
    }
    // Every worker that died died of the injected out-of-memory, and was replaced.
    await until('every worker again', () => workers(d.child.pid).length === WORKERS);
    const log = d.log();
    const deaths = (log.match(/killed by signal \d+/g) || []);
    assert.ok(deaths.every((x) => x === 'killed by signal 6'), `only aborts: ${deaths.join(', ')}`);
    assert.equal((log.match(/rostra: out of memory/g) || []).length, deaths.length, 'each abort was an injected out-of-memory');
    assert.doesNotMatch(log, /Sanitizer|runtime error:/);
    const aborted = [...stats.values()].reduce((x, s) => x + s.aborted, 0);
    assert.equal(deaths.length, aborted, 'one worker per closed connection');
    for (const [name, s] of stats) {
      t.diagnostic(`${name}: N 1..${s.n}, ${s.hits} faults hit, ${s.aborted} workers aborted, `
        + `${s.ok} answered success anyway, errors: ${[...s.errors].join(', ') || 'none'}`);
    }
    d.child.kill('SIGTERM');
    await d.exited;
  });
