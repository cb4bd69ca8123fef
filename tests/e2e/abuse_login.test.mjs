// SPDX-License-Identifier: ISC — Rostra
// Issue 13, findings 2 and 9: a stranger's wrong passwords slow the
// stranger, not the account's owner (a moderator included), and a sign-up
// does not tell whether an email has an account. nginx passes the client's
// address as REMOTE_ADDR and every request through it here comes from
// 127.0.0.1, so the other addresses talk FastCGI to the stack's daemon
// socket directly, as nginx would, with the REMOTE_ADDR they choose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { request, sessionCookie, sql, STACK } from './helpers.mjs';
import { fastcgiRequest } from './fastcgi.mjs';
import { DB_URL, ROSTRA, sleep, startDaemon } from './daemonctl.mjs';

const SOCKET = join(STACK, 'run', 'rostra.sock');
const unique = () => randomBytes(4).toString('hex');
const json = (method, path, body, headers = {}) => request(path, {
  method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});
// A request from address addr, straight to a daemon's socket.
const from = async (addr, method, path, body, { cookie, socket = SOCKET } = {}) => {
  const params = { REMOTE_ADDR: addr, HTTP_SEC_FETCH_SITE: 'same-origin', HTTP_X_ROSTRA_CSRF: '1' };
  if (cookie) params.HTTP_COOKIE = cookie;
  const r = await fastcgiRequest(socket, {
    method, uri: `/comments/api/v1${path}`, params,
    ...(body ? { contentType: 'application/json', body: JSON.stringify(body) } : {}),
  });
  let parsed = null;
  try { parsed = JSON.parse(r.body); } catch { /* not JSON */ }
  const m = (r.headers['set-cookie'] || '').match(/rostra_session=([^;]*)/);
  return { ...r, json: parsed, cookie: m ? `rostra_session=${m[1]}` : null };
};
const retryAfter = (r) => {
  assert.match(String(r.headers['retry-after']), /^[1-9]\d*$/);
  return Number(r.headers['retry-after']);
};
// A random address in a documentation range, so runs do not share counts.
const addr = (net) => `${net}.${1 + Math.floor(Math.random() * 250)}`;
const moderator = (email, name, password) => execFileSync(ROSTRA, ['user', 'add', email, name, 'moderator'],
  { env: { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' }, input: `${password}\n`, encoding: 'utf8' });

test('a stranger guessing a moderator\'s password waits longer and longer; the moderator still signs in', async () => {
  const id = unique();
  const email = `desk-${id}@news.example`;
  const password = 'the moderator password';
  moderator(email, `Desk ${id}`, password);
  const home = addr('198.51.100');
  const attacker = addr('203.0.113');
  const first = await from(home, 'POST', '/session', { email, password });
  assert.equal(first.status, 200, first.body);

  // Five wrong guesses are answered as wrong; the sixth, at once, must wait.
  for (let i = 0; i < 5; i++) {
    const r = await from(attacker, 'POST', '/session', { email, password: `guess number ${i}` });
    assert.equal(r.status, 401, r.body);
    assert.equal(r.json.error.code, 'invalid_credentials');
  }
  const held = await from(attacker, 'POST', '/session', { email, password: 'guess number 5' });
  assert.equal(held.status, 429, held.body);
  assert.equal(held.json.error.code, 'too_many_requests');
  const wait1 = retryAfter(held);
  assert.ok(wait1 <= 2, `a first wait of a second or two, not a lockout (${wait1} s)`);
  await sleep(wait1 * 1000 + 100);
  assert.equal((await from(attacker, 'POST', '/session', { email, password: 'guess number 6' })).status, 401);
  const again = await from(attacker, 'POST', '/session', { email, password: 'guess number 7' });
  assert.equal(again.status, 429);
  const wait2 = retryAfter(again);
  assert.ok(wait2 > wait1, `the attacker's wait grows (${wait1} s, then ${wait2} s)`);
  // Six failures counted against the attacker here; a refused try costs no hash and counts nothing.
  assert.equal(sql(`SELECT count(*) FROM login_failure WHERE key = 'pair:' || :'a' || ' ' || :'e';`,
    { a: attacker, e: email }), '6');

  // The moderator, from where they signed in before: in at once, with a working session.
  const mod = await from(home, 'POST', '/session', { email, password });
  assert.equal(mod.status, 200, mod.body);
  assert.equal(mod.json.role, 'moderator');
  const me = await request('/me', { headers: { Cookie: mod.cookie } });
  assert.equal(me.status, 200);
  assert.equal(me.json.display_name, `Desk ${id}`);
  assert.equal((await request('/moderation/me', { headers: { Cookie: mod.cookie } })).status, 200);

  // From a network the account never used, the right password waits at most a
  // short while (login_delay_max, 60 s by default) and then gets in.
  const travel = addr('192.0.2');
  let fresh = await from(travel, 'POST', '/session', { email, password });
  if (fresh.status === 429) {
    const w = retryAfter(fresh);
    assert.ok(w <= 60, `a new network waits at most login_delay_max (${w} s)`);
    await sleep(w * 1000 + 100);
    fresh = await from(travel, 'POST', '/session', { email, password });
  }
  assert.equal(fresh.status, 200, fresh.body);
  assert.equal((await request('/me', { headers: { Cookie: fresh.cookie } })).json.display_name, `Desk ${id}`);

  // The networks are remembered as hashes, not addresses.
  const known = sql(`SELECT string_agg(encode(network, 'hex'), ',') FROM login_known k JOIN app_user u
    ON u.id = k.user_id WHERE u.email = :'e';`, { e: email }).split(',');
  assert.equal(known.length, 2);
  for (const h of known) assert.match(h, /^[0-9a-f]{64}$/);
  assert.ok(known.includes(sql(`SELECT encode(sha256(convert_to(:'n', 'UTF8')), 'hex');`,
    { n: `${home.replace(/\.\d+$/, '.0')}/24` })));
});

test('through nginx: an account under attack from elsewhere still signs in where it signed up', async () => {
  const id = unique();
  const email = `reader-${id}@news.example`;
  const password = 'a reader password';
  const reg = await json('POST', '/accounts', { email, password, display_name: `Reader ${id}` });
  assert.equal(reg.status, 201, reg.text);
  const attacker = addr('203.0.113');
  for (let i = 0; i < 7; i++) await from(attacker, 'POST', '/session', { email, password: `wrong ${i}` });
  assert.equal((await from(attacker, 'POST', '/session', { email, password: 'wrong 7' })).status, 429);
  const login = await json('POST', '/session', { email, password });
  assert.equal(login.status, 200, login.text);
  const cookie = sessionCookie(login);
  assert.equal((await request('/me', { headers: { Cookie: cookie } })).json.display_name, `Reader ${id}`);
});

test('a sign-up with an email that has an account does not say so, and changes nothing', async () => {
  const id = unique();
  const email = `kim-${id}@news.example`;
  const password = 'kim has a password';
  const reg = await json('POST', '/accounts', { email, password, display_name: `Kim ${id}` });
  assert.equal(reg.status, 201, reg.text);
  const before = sql(`SELECT id || ' ' || password_hash || ' ' || display_name FROM app_user WHERE lower(email) = :'e';`,
    { e: email });

  // Another password: the answer of a failed sign-in, word for word.
  const failedLogin = await json('POST', '/session', { email, password: 'not her password' });
  const probe = await json('POST', '/accounts', { email: email.toUpperCase(), password: 'not her password', display_name: `Mallory ${id}` });
  assert.equal(probe.status, failedLogin.status);
  assert.equal(probe.status, 401);
  assert.deepEqual(probe.json, failedLogin.json);
  assert.doesNotMatch(probe.text, /exist|already|taken|registered|account/i);
  assert.equal(probe.headers.get('set-cookie'), null);
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE lower(email) = :'e' OR display_name = :'n';`,
    { e: email, n: `Mallory ${id}` }), '1');
  assert.equal(sql(`SELECT id || ' ' || password_hash || ' ' || display_name FROM app_user WHERE lower(email) = :'e';`,
    { e: email }), before, 'the stored account is unchanged');

  // The owner who forgot having an account is simply signed in.
  const owner = await json('POST', '/accounts', { email, password, display_name: `Kim Again ${id}` });
  assert.equal(owner.status, 200, owner.text);
  assert.equal(owner.json.id, reg.json.id);
  assert.equal(owner.json.display_name, `Kim ${id}`);
  assert.equal((await request('/me', { headers: { Cookie: sessionCookie(owner) } })).json.id, reg.json.id);
  assert.equal(sql(`SELECT id || ' ' || password_hash || ' ' || display_name FROM app_user WHERE lower(email) = :'e';`,
    { e: email }), before);

  // A taken display name may still be said: names are public.
  const name = await json('POST', '/accounts', { email: `other-${id}@news.example`, password, display_name: `KIM ${id}` });
  assert.equal(name.status, 409);
  assert.equal(name.json.error.field, 'display_name');
});

test('sign-ups from one address are throttled, so probing emails is slow', async (t) => {
  const d = await startDaemon(t, { env: { ROSTRA_SIGNUP_ADDRESS_MAX: '3' } });
  const id = unique();
  const prober = addr('203.0.113');
  const emails = [0, 1, 2, 3].map((i) => `probe${i}-${id}@news.example`);
  for (const [i, email] of emails.slice(0, 3).entries()) {
    const r = await from(prober, 'POST', '/accounts', { email, password: 'probing password', display_name: `Probe ${i} ${id}` },
      { socket: d.socket });
    assert.equal(r.status, 201, r.body);
  }
  const fourth = await from(prober, 'POST', '/accounts', { email: emails[3], password: 'probing password', display_name: `Probe 3 ${id}` },
    { socket: d.socket });
  assert.equal(fourth.status, 429, fourth.body);
  assert.ok(retryAfter(fourth) > 60, 'past the limit, a sign-up waits minutes (login_window / signup_address_max)');
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE email = :'e';`, { e: emails[3] }), '0');
  const other = await from(addr('198.51.100'), 'POST', '/accounts',
    { email: emails[3], password: 'probing password', display_name: `Probe 3 ${id}` }, { socket: d.socket });
  assert.equal(other.status, 201, 'another address is not held back');
  d.child.kill('SIGTERM');
  await d.exited;
});
