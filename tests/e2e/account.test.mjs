// SPDX-License-Identifier: ISC — Rostra
// Accounts and single sign-on through nginx: register, log in, log out,
// rate limits, the news site's signed tokens, and roles set with the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cliRefuses, freshKey, getFresh, request, postComment, sessionCookie, ssoAudience, STACK } from './helpers.mjs';
import { routeTable } from './routes.mjs';

const ROSTRA = `${process.env.ROSTRA_BUILD}/rostra`;
const DB_URL = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
const json = (method, path, body, headers = {}) => request(path, {
  method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});
const unique = () => randomBytes(4).toString('hex');
const me = (cookie) => request('/me', { headers: { Cookie: cookie } });

test('register, log out, log in again; the old cookie stays refused', async () => {
  const id = unique();
  const email = `ada-${id}@news.example`;
  const reg = await json('POST', '/accounts', { email, password: 'correct horse battery', display_name: `Ada ${id}` });
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.json.kind, 'account');
  assert.equal(reg.json.email, email);
  const first = sessionCookie(reg);
  assert.equal((await postComment(freshKey(), { body: 'from an account' }, { Cookie: first })).json.author_name, `Ada ${id}`);
  assert.equal((await request('/session', { method: 'DELETE', headers: { Cookie: first } })).status, 204);
  assert.equal((await me(first)).status, 204);

  const login = await json('POST', '/session', { email: email.toUpperCase(), password: 'correct horse battery' });
  assert.equal(login.status, 200, login.text);
  const second = sessionCookie(login);
  assert.equal((await me(second)).json.display_name, `Ada ${id}`);
  assert.equal((await me(first)).status, 204, 'logging in again does not revive the old session');
});

test('registration refuses what a newsroom would: taken email or name, short password', async () => {
  const id = unique();
  const email = `bob-${id}@news.example`;
  assert.equal((await json('POST', '/accounts', { email, password: 'long enough pw', display_name: `Bob ${id}` })).status, 201);
  // A taken email is not named as taken (tests/e2e/abuse_login): another
  // password gets a failed login's answer, the account's own signs it in.
  const again = await json('POST', '/accounts', { email: email.toUpperCase(), password: 'another long pw', display_name: `Other ${id}` });
  assert.equal(again.status, 401);
  assert.equal(again.json.error.code, 'invalid_credentials');
  const owner = await json('POST', '/accounts', { email: email.toUpperCase(), password: 'long enough pw', display_name: `Other ${id}` });
  assert.equal(owner.status, 200);
  assert.equal(owner.json.display_name, `Bob ${id}`);
  const name = await json('POST', '/accounts', { email: `x-${id}@news.example`, password: 'long enough pw', display_name: `BOB ${id}` });
  assert.equal(name.status, 409, 'display names are unique case-insensitively');
  assert.equal(name.json.error.field, 'display_name');
  for (const [body, field] of [
    [{ email: `s-${id}@news.example`, password: 'short', display_name: 'S' }, 'password'],
    [{ email: 'not-an-email', password: 'long enough pw', display_name: 'S' }, 'email'],
    [{ email: `t-${id}@news.example`, password: 'long enough pw' }, 'display_name'],
    [{ email: `u-${id}@news.example`, password: 'long enough pw', display_name: 'U', role: 'admin' }, undefined],
  ]) {
    const r = await json('POST', '/accounts', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field);
  }
});

test('a wrong password and an unknown email get the same answer; too many failures make that address wait', async () => {
  const id = unique();
  const email = `cy-${id}@news.example`;
  await json('POST', '/accounts', { email, password: 'the right password', display_name: `Cy ${id}` });
  const wrong = await json('POST', '/session', { email, password: 'the wrong password' });
  const nobody = await json('POST', '/session', { email: `nobody-${id}@news.example`, password: 'whatever it is' });
  assert.equal(wrong.status, 401);
  assert.equal(nobody.status, 401);
  assert.deepEqual(wrong.json, nobody.json);
  assert.equal(wrong.json.error.code, 'invalid_credentials');
  for (let i = 0; i < 4; i++) await json('POST', '/session', { email, password: `wrong ${i}` });
  const limited = await json('POST', '/session', { email, password: 'the right password' });
  assert.equal(limited.status, 429, 'after five failures this address waits before its next try, right password or not');
  assert.equal(limited.json.error.code, 'too_many_requests');
  assert.match(limited.headers.get('retry-after'), /^[12]$/, 'a second or two, not a lockout');
  await new Promise((resolve) => setTimeout(resolve, Number(limited.headers.get('retry-after')) * 1000 + 100));
  assert.equal((await json('POST', '/session', { email, password: 'the right password' })).status, 200,
    'then the right password gets in');
  // Another account from the same address is not locked.
  const other = `dee-${id}@news.example`;
  await json('POST', '/accounts', { email: other, password: 'another password', display_name: `Dee ${id}` });
  assert.equal((await json('POST', '/session', { email: other, password: 'another password' })).status, 200);
});

test('single sign-on: a token signed with the site key signs the subscriber in, once', async () => {
  const id = unique();
  const sub = `site-user-${id}`;
  const token = execFileSync(ROSTRA, ['sso-sign', '-a', ssoAudience(), `${STACK}/demo-sso.key`, sub, `Site Reader ${id}`, 'reader@news.example'],
    { encoding: 'utf8' }).trim();
  assert.match(token, /^v4\.public\./);
  const r = await json('POST', '/session/sso', { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'sso');
  assert.equal(r.json.display_name, `Site Reader ${id}`);
  const cookie = sessionCookie(r);
  assert.equal((await postComment(freshKey(), { body: 'as a subscriber' }, { Cookie: cookie })).json.author_name, `Site Reader ${id}`);
  const replay = await json('POST', '/session/sso', { token });
  assert.equal(replay.status, 401, 'a token works once');
  // The site renames its reader: the next sign-on updates the same user.
  const renamed = execFileSync(ROSTRA, ['sso-sign', '-a', ssoAudience(), `${STACK}/demo-sso.key`, sub, `Site Reader Renamed ${id}`], { encoding: 'utf8' }).trim();
  const again = await json('POST', '/session/sso', { token: renamed });
  assert.equal(again.json.id, r.json.id);
  assert.equal(again.json.display_name, `Site Reader Renamed ${id}`);
});

test('single sign-on refuses tokens from any other key, and garbage', async (t) => {
  const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
  t.after(() => execFileSync('rm', ['-rf', dir]));
  execFileSync(ROSTRA, ['sso-keygen', `${dir}/other.key`]);
  const forged = execFileSync(ROSTRA, ['sso-sign', '-a', ssoAudience(), `${dir}/other.key`, 'site-user-1', 'Mallory'], { encoding: 'utf8' }).trim();
  for (const token of [forged, 'v4.public.AAAA', forged.replace('v4.public.', 'v4.local.'), '']) {
    const r = await json('POST', '/session/sso', { token });
    assert.equal(r.status, token === '' ? 400 : 401, token.slice(0, 20));
    assert.equal(r.headers.get('set-cookie'), null);
  }
  assert.equal((await json('POST', '/session/sso', { token: forged, extra: 1 })).status, 400);
});

test('the demo site hands out tokens for its subscriber', async () => {
  assert.equal((await request('/demo/sso-token')).status, 204, 'a GET says the demo is on, minting nothing');
  const r = await request('/demo/sso-token', { method: 'POST' });
  assert.equal(r.status, 200);
  const signed = await json('POST', '/session/sso', { token: r.json.token });
  assert.equal(signed.status, 200);
  assert.equal(signed.json.display_name, 'Demo Subscriber');
});

test('roles are set with the CLI and reach the session at the next sign-in', async () => {
  const id = unique();
  const email = `mod-${id}@news.example`;
  await json('POST', '/accounts', { email, password: 'moderator password', display_name: `Mod ${id}` });
  const out = execFileSync(ROSTRA, ['user', 'role', email, 'moderator'],
    { env: { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' }, encoding: 'utf8' });
  assert.match(out, /is now moderator/);
  const login = await json('POST', '/session', { email, password: 'moderator password' });
  assert.equal(login.json.role, 'moderator');
  const payload = JSON.parse(Buffer.from(sessionCookie(login).split('.')[2], 'base64url').subarray(0, -64));
  assert.equal(payload.role, 'moderator');
  cliRefuses(ROSTRA, ['user', 'role', `nobody-${id}@news.example`, 'admin'],
    { env: { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' } }, 1, /no account has that email/);
});

test('a reader is refused on every moderator route in the route table; a demoted moderator at once', async () => {
  const staff = routeTable().filter((r) => r.session && r.role !== 'reader').map((r) => [null, r.method, r.path.replace('/comments/api/v1', '')]);
  assert.ok(staff.length >= 10, 'the route table has moderator routes');
  const reader = sessionCookie(await postComment(freshKey(), { author_name: 'Just A Reader', body: 'x' }));
  for (const [, method, path] of staff) {
    const r = await request(path.replace('{article}', 'demo').replace('{user}', '1'), {
      method, headers: { Cookie: reader, 'Content-Type': 'application/json' },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
    });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.json.error.code, 'forbidden');
  }
  const id = unique();
  const email = `staff-${id}@news.example`;
  const env = { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' };
  await json('POST', '/accounts', { email, password: 'staff password!', display_name: `Staff ${id}` });
  execFileSync(ROSTRA, ['user', 'role', email, 'moderator'], { env });
  const mod = sessionCookie(await json('POST', '/session', { email, password: 'staff password!' }));
  const ok = await request('/moderation/me', { headers: { Cookie: mod } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.role, 'moderator');
  execFileSync(ROSTRA, ['user', 'role', email, 'reader'], { env });
  assert.equal((await request('/moderation/me', { headers: { Cookie: mod } })).status, 403,
    'the stored role is checked, not only the token');
});

test('the moderator sign-in page is served and cannot be framed', async () => {
  const r = await fetch(`${process.env.ROSTRA_URL}/comments/moderate/login`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(await r.text(), /Moderator sign-in/);
  assert.equal((await fetch(`${process.env.ROSTRA_URL}/comments/moderate/login.js`)).status, 200);
});

test('the CLI creates a moderator account, password on standard input', async () => {
  const id = unique();
  const email = `newmod-${id}@news.example`;
  const env = { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' };
  const out = execFileSync(ROSTRA, ['user', 'add', email, `New Mod ${id}`, 'moderator'],
    { env, input: 'a long moderator password\n', encoding: 'utf8' });
  assert.match(out, /is now moderator/);
  cliRefuses(ROSTRA, ['user', 'add', `short-${id}@news.example`, `S ${id}`, 'admin'],
    { env, input: 'short\n' }, 2, /give a password of at least 10 characters/);
  cliRefuses(ROSTRA, ['user', 'add', email, `Other ${id}`, 'admin'],
    { env, input: 'a long moderator password\n' }, 1, /that email has an account/);
  const login = await json('POST', '/session', { email, password: 'a long moderator password' });
  assert.equal(login.status, 200);
  assert.equal((await request('/moderation/me', { headers: { Cookie: sessionCookie(login) } })).status, 200);
});

test('a guest cannot take the name of an account, and nothing is stored', async () => {
  const id = unique();
  await json('POST', '/accounts', { email: `desk-${id}@news.example`, password: 'desk password 1', display_name: `Desk Editor ${id}` });
  const key = freshKey('pose');
  const post = await postComment(key, { author_name: `desk editor ${id}`, body: 'official statement' });
  assert.equal(post.status, 409);
  assert.equal(post.json.error.field, 'author_name');
  assert.equal(post.headers.get('set-cookie'), null);
  const guest = await json('POST', '/session/guest', { display_name: `DESK EDITOR ${id}` });
  assert.equal(guest.status, 409);
  assert.equal((await getFresh(`/articles/${key}/comments`)).json.article.comment_count, 0);
});
