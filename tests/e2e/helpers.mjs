// SPDX-License-Identifier: ISC — Rostra
// Shared helpers for the end-to-end tests: HTTP through the real nginx, and
// direct looks at the real database to prove what was (not) stored.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

export const BASE = process.env.ROSTRA_URL;
export const STACK = process.env.ROSTRA_STACK;
if (!BASE || !STACK) throw new Error('run through tests/run.sh (ROSTRA_URL and ROSTRA_STACK unset)');
export const API = `${BASE}/comments/api/v1`;

// A CLI command that must be refused: with this exit status (1 for a
// refusal, 2 for a usage mistake) and this message, not by a crash or a
// sanitizer abort, which would also "throw".
export function cliRefuses(file, args, opts, status, message) {
  const r = spawnSync(file, args, { ...opts, encoding: 'utf8' });
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/);
  assert.equal(r.status, status, `exit status; it said: ${r.stderr}`);
  assert.match(r.stderr, message);
}

// A key no other test uses, so tests do not see each other's comments.
export function freshKey(prefix = 't') {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

// What the embed's requests carry: a state-changing request without them is
// refused as cross-site. Tests of that refusal pass site: false.
export const SITE_HEADERS = { Origin: BASE, 'X-Rostra-CSRF': '1' };

export async function request(path, { method = 'GET', headers = {}, body, site = true } = {}) {
  const changes = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  const all = { ...(changes && site ? SITE_HEADERS : {}), ...headers };
  const res = await fetch(path.startsWith('http') ? path : API + path, { method, headers: all, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON: left null for the test to see */ }
  return { status: res.status, headers: res.headers, text, json };
}

// The cookies of a reader who has just posted: their reads skip nginx's
// micro-cache. rostra_fresh counts only beside a session that verifies
// (nginx.conf.example), so one guest's, made once per test file.
let freshCookies;
export function freshCookie() {
  freshCookies ??= request('/session/guest', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ display_name: `Cache Skipper ${randomBytes(4).toString('hex')}` }),
  }).then((r) => {
    if (r.status !== 201) throw new Error(`no guest session for fresh reads: ${r.status} ${r.text}`);
    return `${sessionCookie(r)}; rostra_fresh=1`;
  });
  return freshCookies;
}

// Reads skip nginx's micro-cache, as right after a post, so a test sees the database.
export async function getFresh(path, headers = {}) {
  return request(path, { headers: { Cookie: await freshCookie(), ...headers } });
}

export function postComment(key, fields, headers = {}, opts = {}) {
  return request(`/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof fields === 'string' || fields instanceof Uint8Array ? fields : JSON.stringify(fields),
    ...opts,
  });
}

// The session cookie a response set, ready for a Cookie header.
export function sessionCookie(res) {
  const set = res.headers.get('set-cookie') || '';
  const m = set.match(/rostra_session=([^;]*)/);
  return m ? `rostra_session=${m[1]}` : null;
}

// A JSON request with a session cookie (or none), from the site's pages.
export const send = (method, path, cookie, body) => request(path, {
  method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

// A member of staff made with the CLI, as an operator would, and signed in:
// { cookie, name, id }.
export async function staff(name = `Mod ${randomBytes(4).toString('hex')}`, role = 'moderator') {
  const email = `mod-${randomBytes(4).toString('hex')}@news.example`;
  const db = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
  execFileSync(`${process.env.ROSTRA_BUILD || 'build'}/rostra`, ['user', 'add', email, name, role], {
    env: { ...process.env, ROSTRA_DATABASE_URL: db, ROSTRA_CONFIG: '' }, input: 'moderator password\n',
  });
  const login = await send('POST', '/session', null, { email, password: 'moderator password' });
  if (login.status !== 200) throw new Error(`staff sign-in: ${login.text}`);
  return { cookie: sessionCookie(login), name, id: login.json.id };
}

// Runs SQL with psql variables (:'name'), as the database sees it: as the
// schema owner, not as the daemon's role.
export function sql(query, vars = {}) {
  const conninfo = execFileSync('sh', ['scripts/pg.sh', 'owner-url', STACK], { encoding: 'utf8' }).trim();
  const args = [conninfo, '-XAtq', '-v', 'ON_ERROR_STOP=1'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  return execFileSync('psql', args, { input: query, encoding: 'utf8' }).trim();
}

export function storedCount(key) {
  return Number(sql(`SELECT count(*) FROM comment c JOIN article a ON a.id = c.article_id
    WHERE a.key = :'key';`, { key }));
}

export function stack(...args) {
  execFileSync('sh', ['scripts/stack.sh', ...args], { stdio: 'inherit' });
}

// A single sign-on token as the news site's backend signs it (PASETO
// v4.public, no footer), with exactly the claims given, by the site secret
// key in keyFile (the demo's, by default). Lets a test make tokens no
// honest signer would: for another audience, without one.
export function ssoToken(claims, keyFile = `${STACK}/demo-sso.key`) {
  const sk = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64url');
  // An Ed25519 private key from its 32-byte seed, the first half of libsodium's secret key.
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), sk.subarray(0, 32)]),
    format: 'der', type: 'pkcs8',
  });
  const le64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
  const pae = (...pieces) => Buffer.concat([le64(pieces.length), ...pieces.flatMap((p) => [le64(p.length), p])]);
  const m = Buffer.from(JSON.stringify(claims));
  const sig = sign(null, pae(Buffer.from('v4.public.'), m, Buffer.alloc(0), Buffer.alloc(0)), key);
  return 'v4.public.' + Buffer.concat([m, sig]).toString('base64url');
}

// The audience the stack's daemon requires in aud (scripts/stack.sh writes it).
export function ssoAudience() {
  const file = `${STACK}/demo-sso.aud`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : `${BASE}/comments/`;
}

// Claims for a valid token of site user sub named name, for this stack's audience.
export function ssoClaims(sub, name, extra = {}) {
  const t = (s) => new Date(Date.now() + s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return { aud: ssoAudience(), sub, name, iat: t(0), exp: t(120), jti: randomBytes(16).toString('hex'), ...extra };
}
