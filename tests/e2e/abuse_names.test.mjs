// SPDX-License-Identifier: ISC — Rostra
// Issue 13, findings 3 and 4, through nginx. Names: one rule wherever a
// name is set (guest, comment with author_name, PATCH /me, sign-up, single
// sign-on), case-insensitive and blind to look-alike letters; a single
// sign-on name that reads like another identity's is shown with a number.
// SSO tokens: bound to this Rostra by aud; another service's is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import {
  freshKey, request, postComment, sessionCookie, sql, storedCount, ssoToken, ssoClaims,
  ssoAudience, STACK, cliRefuses,
} from './helpers.mjs';

const ROSTRA = `${process.env.ROSTRA_BUILD}/rostra`;
const DB_URL = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
const LOG = `${STACK}/rostra.log`;
const json = (method, path, body, headers = {}) => request(path, {
  method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});
const unique = () => randomBytes(4).toString('hex');
// Letters only, so no digit of the id reads as a letter.
const word = () => [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
const CYRILLIC_A = '\u0430';
const GREEK_O = '\u03bf';

// A moderator made as an operator makes one: with the CLI.
function moderator(name) {
  const email = `mod-${unique()}@news.example`;
  execFileSync(ROSTRA, ['user', 'add', email, name, 'moderator'], {
    env: { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' },
    input: 'a long moderator password\n', encoding: 'utf8',
  });
  return email;
}

const storedName = (id) => sql('SELECT display_name FROM app_user WHERE id = :id;', { id });

// What the daemon logged from offset on, once it has (it writes as it goes).
async function logSince(offset, pattern) {
  let text = '';
  for (let i = 0; i < 50; i++) {
    text = readFileSync(LOG, 'utf8').slice(offset);
    if (pattern.test(text)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return text;
}

test('a guest cannot rename itself to an account\'s or a moderator\'s name, however spelled', async () => {
  const w = word();
  const modName = `Jane Moderator ${w}`;
  moderator(modName);
  const acct = await json('POST', '/accounts', { email: `acct-${w}@news.example`, password: 'account password 1', display_name: `Ada Account ${w}` });
  assert.equal(acct.status, 201, acct.text);

  const guest = await json('POST', '/session/guest', { display_name: `Passer-by ${w}` });
  assert.equal(guest.status, 201, guest.text);
  const cookie = sessionCookie(guest);
  const poses = [
    `Ada Account ${w}`,                                   // the account's name as it is
    `jane MODERATOR ${w}`,                                 // the moderator's, in other case
    `J${CYRILLIC_A}ne Moderator ${w}`,                     // a Cyrillic а for the Latin a
    `JANE M0DERATOR ${w.toUpperCase()}`,                   // a zero for the o, all capitals
    `Jane.Moderator ${w}`,                                 // punctuation for the space
    `Jáne  Moderator ${w}`,                                // an accent, two spaces
  ];
  for (const name of poses) {
    const r = await json('PATCH', '/me', { display_name: name }, { Cookie: cookie });
    assert.equal(r.status, 409, `${name}: ${r.text}`);
    assert.equal(r.json.error.field, 'display_name');
    assert.match(r.json.error.message, /taken/);
    assert.equal(storedName(guest.json.id), `Passer-by ${w}`, `${name}: the stored name is unchanged`);
  }
  assert.equal((await request('/me', { headers: { Cookie: cookie } })).json.display_name, `Passer-by ${w}`);
  // Posting still goes out under the guest's own name.
  const key = freshKey('pose');
  assert.equal((await postComment(key, { body: 'still me' }, { Cookie: cookie })).json.author_name, `Passer-by ${w}`);
  // A name of its own is fine, and an account may rename itself in its own name's case.
  assert.equal((await json('PATCH', '/me', { display_name: `Someone Else ${w}` }, { Cookie: cookie })).status, 200);
  const recase = await json('PATCH', '/me', { display_name: `ADA ACCOUNT ${w}` }, { Cookie: sessionCookie(acct) });
  assert.equal(recase.status, 200, recase.text);
  // An account cannot take the moderator's name either.
  const acctPose = await json('PATCH', '/me', { display_name: `jane moderator ${w}` }, { Cookie: sessionCookie(acct) });
  assert.equal(acctPose.status, 409);
  assert.equal(storedName(acct.json.id), `ADA ACCOUNT ${w}`);
});

test('sign-up and guest creation refuse a moderator\'s name; nothing is stored', async () => {
  const w = word();
  moderator(`Desk Chief ${w}`);
  const pose = `DESK CH${'\u0456'}EF ${w}`;    // a Cyrillic і for the i
  const email = `pose-${w}@news.example`;
  const signup = await json('POST', '/accounts', { email, password: 'long enough pw', display_name: pose });
  assert.equal(signup.status, 409, signup.text);
  assert.equal(signup.json.error.field, 'display_name');
  assert.match(signup.json.error.message, /taken/);
  assert.equal(signup.headers.get('set-cookie'), null);
  assert.equal(sql('SELECT count(*) FROM app_user WHERE lower(email) = lower(:\'email\');', { email }), '0');

  const guest = await json('POST', '/session/guest', { display_name: `desk chief ${w}` });
  assert.equal(guest.status, 409, guest.text);
  assert.equal(guest.headers.get('set-cookie'), null);

  const key = freshKey('pose');
  const post = await postComment(key, { author_name: `Desk Ch${'1'}ef ${w}`, body: 'official statement' });
  assert.equal(post.status, 409, post.text);
  assert.equal(post.json.error.field, 'author_name');
  assert.match(post.json.error.message, /taken/);
  assert.equal(post.headers.get('set-cookie'), null);
  assert.equal(storedCount(key), 0);
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE kind = 'guest' AND display_name IN (:'a', :'b');`,
    { a: `desk chief ${w}`, b: `Desk Ch1ef ${w}` }), '0', 'no guest was created');
});

test('a single sign-on reader named like a moderator is signed in, shown with a number', async () => {
  const w = word();
  const modName = `Jane Moderator ${w}`;
  moderator(modName);
  const first = await json('POST', '/session/sso', { token: ssoToken(ssoClaims(`sub-a-${w}`, modName)) });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.kind, 'sso');
  assert.equal(first.json.display_name, `${modName} (2)`);
  assert.equal(storedName(first.json.id), `${modName} (2)`);
  const post = await postComment(freshKey('sso'), { body: 'a reader' }, { Cookie: sessionCookie(first) });
  assert.equal(post.status, 201, post.text);
  assert.equal(post.json.author_name, `${modName} (2)`);
  assert.notEqual(post.json.author_badge, 'staff');

  // Another reader of the site with a look-alike of the same name gets the next number.
  const lookalike = `jane m${GREEK_O}derator ${w}`;
  const second = await json('POST', '/session/sso', { token: ssoToken(ssoClaims(`sub-b-${w}`, lookalike)) });
  assert.equal(second.status, 200, second.text);
  assert.equal(second.json.display_name, `${lookalike} (3)`);
  // Signing in again keeps a reader's number.
  const again = await json('POST', '/session/sso', { token: ssoToken(ssoClaims(`sub-a-${w}`, modName)) });
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.json.display_name, `${modName} (2)`);
  // The distinguished name is the reader's: a guest cannot take it.
  const guest = await json('POST', '/session/guest', { display_name: `${modName} (2)` });
  assert.equal(guest.status, 409);
  // A reader whose name is free keeps it as given.
  const free = await json('POST', '/session/sso', { token: ssoToken(ssoClaims(`sub-c-${w}`, `Plain Reader ${w}`)) });
  assert.equal(free.json.display_name, `Plain Reader ${w}`);
  // And holds it against guests, as accounts do.
  assert.equal((await json('POST', '/session/guest', { display_name: `plain reader ${w}` })).status, 409);
});

test('a token the site signed for another service, or for no one, is refused; the reason is logged', async () => {
  const w = word();
  const cases = [
    { what: 'another service', claims: { aud: 'https://billing.example' }, reason: /sso refused: aud is not sso_audience/ },
    { what: 'no audience', claims: { aud: undefined }, reason: /sso refused: no aud claim/ },
    { what: 'almost ours', claims: { aud: ssoAudience() + 'x' }, reason: /sso refused: aud is not sso_audience/ },
  ];
  for (const c of cases) {
    const sub = `sub-${unique()}`;
    const claims = ssoClaims(sub, `Billing Customer ${w}`, c.claims);
    if (claims.aud === undefined) delete claims.aud;
    const token = ssoToken(claims);
    const offset = statSync(LOG).size;
    const r = await json('POST', '/session/sso', { token });
    assert.equal(r.status, 401, `${c.what}: ${r.text}`);
    assert.equal(r.json.error.code, 'unauthorized');
    assert.equal(r.headers.get('set-cookie'), null);
    assert.equal(sql('SELECT count(*) FROM app_user WHERE sso_id = :\'sub\';', { sub }), '0', `${c.what}: no user`);
    assert.equal(sql('SELECT count(*) FROM sso_token WHERE jti = :\'jti\';', { jti: claims.jti }), '0', `${c.what}: jti not spent`);
    const log = await logSince(offset, c.reason);
    assert.match(log, c.reason, `${c.what}: the reason is in the daemon's log`);
    assert.ok(!log.includes(token) && !log.includes(token.slice(10, 60)), 'the token is never logged');
  }
  // The same claims for this Rostra's audience work.
  const ok = await json('POST', '/session/sso', { token: ssoToken(ssoClaims(`sub-${unique()}`, `Billing Customer ${w}`)) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.display_name, `Billing Customer ${w}`);
});

test('rostra sso-sign writes aud: the configured sso_audience, or -a', async () => {
  const env = { ...process.env, ROSTRA_CONFIG: '', ROSTRA_SSO_AUDIENCE: '' };
  const claimsOf = (t) => JSON.parse(Buffer.from(t.slice('v4.public.'.length), 'base64url').subarray(0, -64).toString());
  const sub = `sub-${unique()}`;
  const signed = execFileSync(ROSTRA, ['sso-sign', '-a', ssoAudience(), `${STACK}/demo-sso.key`, sub, 'Signed Reader'],
    { env, encoding: 'utf8' }).trim();
  assert.equal(claimsOf(signed).aud, ssoAudience());
  const r = await json('POST', '/session/sso', { token: signed });
  assert.equal(r.status, 200, r.text);
  const fromEnv = execFileSync(ROSTRA, ['sso-sign', `${STACK}/demo-sso.key`, sub, 'Signed Reader'],
    { env: { ...env, ROSTRA_SSO_AUDIENCE: 'https://elsewhere.example/' }, encoding: 'utf8' }).trim();
  assert.equal(claimsOf(fromEnv).aud, 'https://elsewhere.example/');
  assert.equal((await json('POST', '/session/sso', { token: fromEnv })).status, 401);
  cliRefuses(ROSTRA, ['sso-sign', `${STACK}/demo-sso.key`, sub, 'Signed Reader'], { env }, 2,
    /sso-sign: no audience: pass -a AUDIENCE or set sso_audience/);
});

test('rostra migrate gives rows from before the name rule their key, so they hold their name', async () => {
  const w = word();
  const email = moderator(`Old Hand ${w}`);
  // As a row written before sql/012_name_key.sql (or by an older daemon) is.
  sql('UPDATE app_user SET name_key = NULL WHERE lower(email) = lower(:\'email\');', { email });
  const out = execFileSync('sh', ['scripts/stack.sh', 'rostra', STACK, 'migrate'],
    { env: { ...process.env, ROSTRA_BUILD: process.env.ROSTRA_BUILD }, encoding: 'utf8' });
  assert.match(out, /name keys for \d+ users/);
  assert.equal(sql('SELECT name_key FROM app_user WHERE lower(email) = lower(:\'email\');', { email }), `old hand ${w}`);
  const guest = await json('POST', '/session/guest', { display_name: `0LD HAND ${w}` });
  assert.equal(guest.status, 409, guest.text);
});
