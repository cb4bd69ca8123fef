// SPDX-License-Identifier: ISC — Rostra
// Identities and sessions through nginx: a guest gets a signed session, the
// server honours it until logout, and refuses forged, tampered and
// cross-site requests, storing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cliRefuses, freshKey, request, getFresh, postComment, sessionCookie, storedCount, sql, stack, STACK,
} from './helpers.mjs';

const me = (cookie) => request('/me', { headers: cookie ? { Cookie: cookie } : {} });

test('a guest who gives a name posts, gets a session, and posts again under it', async () => {
  const key = freshKey();
  const first = await postComment(key, { author_name: 'Guest Ada', body: 'first as a guest' });
  assert.equal(first.status, 201);
  const cookie = sessionCookie(first);
  assert.ok(cookie, 'a session cookie is set');
  const set = first.headers.get('set-cookie');
  assert.match(set, /rostra_session=v4\.public\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Max-Age=2592000; Path=\/comments\/; HttpOnly; SameSite=Lax/);
  assert.doesNotMatch(set, /Secure/, 'plain http on loopback: no Secure flag');

  const who = await me(cookie);
  assert.equal(who.status, 200);
  assert.equal(who.json.display_name, 'Guest Ada');
  assert.equal(who.json.kind, 'guest');
  assert.equal(who.json.role, 'reader');
  assert.equal(who.headers.get('cache-control'), 'no-store');

  // Signed in, the name comes from the identity, not the request.
  const second = await postComment(key, { body: 'second, signed in' }, { Cookie: cookie });
  assert.equal(second.status, 201);
  assert.equal(second.json.author_name, 'Guest Ada');
  assert.equal(sessionCookie(second), null, 'no new session for a signed-in reader');
  assert.equal(sql(`SELECT count(DISTINCT c.user_id) FROM comment c JOIN article a ON a.id = c.article_id
    WHERE a.key = :'key';`, { key }), '1');
});

test('a guest session without a comment; renaming changes new comments only', async () => {
  const r = await request('/session/guest', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ display_name: 'Bea' }),
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.display_name, 'Bea');
  const cookie = sessionCookie(r);
  const key = freshKey();
  assert.equal((await postComment(key, { body: 'as Bea' }, { Cookie: cookie })).status, 201);
  const renamed = await request('/me', {
    method: 'PATCH', headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ display_name: 'Beatrice' }),
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.json.display_name, 'Beatrice');
  assert.equal((await postComment(key, { body: 'as Beatrice' }, { Cookie: cookie })).json.author_name, 'Beatrice');
  const list = await getFresh(`/articles/${key}/comments`);
  assert.deepEqual(list.json.comments.map((c) => c.author_name), ['Beatrice', 'Bea']);

  for (const [body, code] of [
    [{ display_name: '' }, 'empty_field'],
    [{ display_name: 'x'.repeat(65) }, 'field_too_long'],
    [{ display_name: 'a\nb' }, 'invalid_field'],
    [{ name: 'x' }, 'unknown_field'],
    [{}, 'missing_field'],
  ]) {
    const bad = await request('/me', {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(body),
    });
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(bad.json.error.code, code);
  }
});

test('logging out revokes the session on the server: the copied cookie stops working', async () => {
  const key = freshKey();
  const first = await postComment(key, { author_name: 'Carla', body: 'hello' });
  const cookie = sessionCookie(first);
  const out = await request('/session', { method: 'DELETE', headers: { Cookie: cookie } });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /rostra_session=; Max-Age=0/);
  assert.equal((await me(cookie)).status, 204, 'signed out: no one, and no error');
  const after = await postComment(key, { body: 'after logout' }, { Cookie: cookie });
  assert.equal(after.status, 401);
  assert.equal(after.json.error.code, 'unauthorized');
  assert.match(after.headers.get('set-cookie'), /rostra_session=; Max-Age=0/, 'the dead cookie is cleared');
  assert.equal(storedCount(key), 1);
  // With a name, the holder of an ended session simply posts as a new guest.
  const asGuest = await postComment(key, { author_name: 'Carla again', body: 'as a guest' }, { Cookie: cookie });
  assert.equal(asGuest.status, 201);
  assert.equal(asGuest.json.author_name, 'Carla again');
  assert.ok(sessionCookie(asGuest) && sessionCookie(asGuest) !== cookie);
  assert.equal(storedCount(key), 2);
  // Signing out everywhere ends the current session too.
  const other = sessionCookie(await postComment(key, { author_name: 'Dora', body: 'hi' }));
  assert.equal((await request('/sessions', { method: 'DELETE', headers: { Cookie: other } })).status, 204);
  assert.equal((await me(other)).status, 204);
});

test('forged and tampered session tokens are refused with a plain 401', async () => {
  const cookie = sessionCookie(await postComment(freshKey(), { author_name: 'Eve', body: 'x' }));
  const token = cookie.slice('rostra_session='.length);
  const [h1, h2, body, footer] = token.split('.');
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const forged = [
    'rostra_session=',
    'rostra_session=garbage',
    `rostra_session=v4.local.${body}.${footer}`,
    `rostra_session=v3.public.${body}.${footer}`,
    `rostra_session=${h1}.${h2}.${flip(body, 5)}.${footer}`,
    `rostra_session=${h1}.${h2}.${flip(body, body.length - 5)}.${footer}`,
    `rostra_session=${h1}.${h2}.${body}.${flip(footer, 3)}`,
    `rostra_session=${h1}.${h2}.${body}`,
    `rostra_session=${h1}.${h2}.${body}=.${footer}`,
    `rostra_session=${token}${'A'.repeat(5000)}`,
  ];
  for (const c of forged) {
    const r = await me(c);
    assert.equal(r.status, 204, `${c.slice(0, 60)}: treated as signed out`);
    assert.equal(r.text, '');
  }
  assert.equal((await me(cookie)).status, 200, 'the genuine cookie still works');
  const log = execFileSync('cat', [`${STACK}/rostra.log`], { encoding: 'utf8' });
  assert.match(log, /session refused: bad token: bad signature/);
  assert.ok(!log.includes(token), 'tokens never reach the log');
});

test('state-changing requests from elsewhere are refused and store nothing', async () => {
  const key = freshKey('csrf');
  const body = { author_name: 'Mallory', body: 'cross-site' };
  for (const [name, headers] of [
    ['no anti-CSRF header', { Origin: process.env.ROSTRA_URL }],
    ['another origin', { Origin: 'https://evil.example', 'X-Rostra-CSRF': '1' }],
    ['a cross-site fetch', { 'Sec-Fetch-Site': 'cross-site', 'X-Rostra-CSRF': '1' }],
    ['nothing at all', {}],
  ]) {
    const r = await postComment(key, body, headers, { site: false });
    assert.equal(r.status, 403, name);
    assert.equal(r.json.error.code, 'cross_site_request', name);
  }
  const guest = await request('/session/guest', {
    method: 'POST', site: false, headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
    body: JSON.stringify({ display_name: 'x' }),
  });
  assert.equal(guest.status, 403);
  assert.equal(storedCount(key), 0);
});

test('a rotated key keeps sessions alive until the retired key is dropped', async () => {
  const before = sessionCookie(await postComment(freshKey(), { author_name: 'Fay', body: 'x' }));
  const kid = (c) => JSON.parse(Buffer.from(c.split('.').pop(), 'base64url')).kid;
  const env = { ...process.env, ROSTRA_KEYRING: `${STACK}/keyring`, ROSTRA_CONFIG: '' };
  const rotated = execFileSync(`${process.env.ROSTRA_BUILD}/rostra`, ['key', 'rotate'], { env, encoding: 'utf8' });
  assert.match(rotated, /new signing key [0-9a-f]{16}/);
  stack('restart-daemon', STACK);
  assert.equal((await me(before)).status, 200, 'a session signed with the retired key still verifies');
  const after = sessionCookie(await postComment(freshKey(), { author_name: 'Gus', body: 'x' }));
  assert.notEqual(kid(after), kid(before));
  execFileSync(`${process.env.ROSTRA_BUILD}/rostra`, ['key', 'drop', kid(before)], { env });
  stack('restart-daemon', STACK);
  assert.equal((await me(before)).status, 204, 'dropped key: its sessions end');
  assert.equal((await me(after)).status, 200);
  cliRefuses(`${process.env.ROSTRA_BUILD}/rostra`, ['key', 'drop', kid(after)], { env }, 1, /is the current key; rotate first/);
});
