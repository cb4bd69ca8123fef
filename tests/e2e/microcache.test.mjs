// SPDX-License-Identifier: ISC — Rostra
// nginx's micro-cache cannot be walked around (issue 13, finding 8): a
// made-up rostra_fresh cookie, alone or beside a made-up session, and a
// query parameter no route takes each used to send a public read past the
// cache to PostgreSQL. Now the first two are answered from the cache and
// the third is a 400 before any handler runs, while a reader who has just
// posted still reads past the cache and sees their comment at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, STACK, freshKey, postComment, request, sessionCookie } from './helpers.mjs';

// A made-up session: the shape of a token, no valid signature.
const FORGED_SESSION = 'rostra_session=v4.public.eyJzdWIiOiIxIiwic2lkIjoiMSIsInJvbGUiOiJhZG1pbiJ9' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.eyJraWQiOiIwIn0';

// Reads PATH with these headers right after the cache holds it (X-Cache HIT
// for a plain read), so an answer from the daemon cannot be the entry
// expiring between the two. The cache keeps an entry one second: a rare
// expiry in between (EXPIRED, STALE, UPDATING) is tried again.
async function afterHit(path, headers) {
  for (let i = 0; i < 20; i++) {
    const plain = await request(path);
    if (plain.headers.get('x-cache') !== 'HIT') continue;
    const r = await request(path, { headers });
    const status = r.headers.get('x-cache');
    if (status === 'HIT' || status === 'BYPASS' || status === 'MISS') return { plain, r };
  }
  assert.fail(`${path}: no cached read to compare with`);
}

const daemonLog = () => readFileSync(`${STACK}/rostra.log`, 'utf8');

test('a made-up rostra_fresh cookie, alone or with a made-up session, is served from the cache', async () => {
  const key = freshKey('cache');
  assert.equal((await postComment(key, { author_name: 'Cara Cached', body: 'already here' })).status, 201);
  const path = `/articles/${key}/comments`;
  for (const [what, cookie] of [['alone', 'rostra_fresh=1'], ['with a made-up session', `rostra_fresh=1; ${FORGED_SESSION}`],
    ['with an empty session', 'rostra_fresh=1; rostra_session=']]) {
    const { plain, r } = await afterHit(path, { Cookie: cookie });
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    assert.equal(r.headers.get('x-cache'), 'HIT', `${what}: from the cache, not PostgreSQL`);
    assert.equal(r.text, plain.text, `${what}: the cached answer`);
    assert.equal(r.headers.get('x-request-id'), plain.headers.get('x-request-id'), `${what}: the answer of the same daemon request`);
    assert.equal(r.headers.get('set-cookie'), null, what);
  }
  assert.match(daemonLog(), /cache bypass refused: a fresh cookie without a valid session/);
  // The fragment, the counts, replies and a comment's context are read the same way.
  const posted = await postComment(key, { author_name: 'Cara Cached Again', body: 'a second one' });
  for (const p of [`/articles/${key}/fragment`, `/counts?article=${key}`, `/comments/${posted.json.id}/context`]) {
    const { r } = await afterHit(p, { Cookie: `rostra_fresh=1; ${FORGED_SESSION}` });
    assert.equal(r.status, 200, p);
    assert.equal(r.headers.get('x-cache'), 'HIT', `${p}: from the cache`);
  }
});

test('a query parameter no route takes is refused before any database work, not cached apart', async () => {
  const key = freshKey('cache');
  assert.equal((await postComment(key, { author_name: 'Quentin Query', body: 'hello' })).status, 201);
  const cases = [
    `/articles/${key}/comments?junk=${freshKey()}`,
    `/articles/${key}/comments?sort=oldest&x=1`,
    `/articles/${key}/comments?limit=5&limit=6`,
    `/articles/${key}/fragment?lang=en&_=${Date.now()}`,
    `/counts?article=${key}&nocache=1`,
    `/health?probe=1`,
    `/me?x=1`,
  ];
  for (const path of cases) {
    const r = await request(path);
    assert.equal(r.status, 400, `${path}: ${r.text}`);
    assert.equal(r.json.error.code, 'invalid_parameter', path);
    assert.equal(r.headers.get('cache-control'), 'no-store', path);
  }
  // What the routes do take still works, a repeated article among them.
  for (const path of [`/articles/${key}/comments?sort=oldest&limit=5`, `/articles/${key}/fragment?lang=fr`,
    `/counts?article=${key}&article=${freshKey()}`]) {
    assert.equal((await request(path)).status, 200, path);
  }
});

test('a reader who has just posted still reads past the cache and sees their comment', async () => {
  const key = freshKey('cache');
  assert.equal((await postComment(key, { author_name: 'Ada Early', body: 'first' })).status, 201);
  const path = `/articles/${key}/comments`;
  await afterHit(path, {});
  const posted = await postComment(key, { author_name: 'Bo Poster', body: 'mine, at once' });
  assert.equal(posted.status, 201);
  const fresh = posted.headers.get('set-cookie').match(/rostra_fresh=[^;]+/)[0];
  const cookie = `${sessionCookie(posted)}; ${fresh}`;
  const own = await request(path, { headers: { Cookie: cookie } });
  assert.equal(own.headers.get('x-cache'), 'BYPASS');
  assert.deepEqual(own.json.comments.map((c) => c.body), ['mine, at once', 'first']);
  // The page's included thread too, when the page request carries the
  // cookies (a browser sends them only under /comments/, their path).
  const page = await request(`${BASE}/?article=${key}`, { headers: { Cookie: cookie } });
  assert.match(page.text, /mine, at once/);
  // A made-up session beside the fresh cookie gets the page with an empty
  // include (the embed then reads the cached list), never an error.
  const forged = await request(`${BASE}/?article=${key}`, { headers: { Cookie: `${fresh}; ${FORGED_SESSION}` } });
  assert.equal(forged.status, 200);
  assert.doesNotMatch(forged.text, /rostra-ssr|"error"/);
});
