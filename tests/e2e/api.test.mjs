// SPDX-License-Identifier: ISC — Rostra
// The reader API through real nginx, daemon and PostgreSQL: what a news
// site's page and its readers rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, BASE, freshKey, request, getFresh, postComment, sessionCookie, sql, storedCount, stack,
} from './helpers.mjs';

test('health says ok when the database answers', async () => {
  const r = await request('/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('an unknown article has no comments, not an error', async () => {
  const key = freshKey();
  const r = await request(`/articles/${key}/comments`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    article: { key, comment_count: 0, closed: false }, sort: 'newest', reaction_label: 'Like',
    reply_depth: 3, edit_minutes: 5, featured: [], comments: [], next_cursor: null,
  });
});

test('a posted comment is stored verbatim and listed first', async () => {
  const key = freshKey();
  const body = 'Line one <script>alert("x")</script> & more\nLine two — ünïcödé 😀';
  const r = await postComment(key, {
    author_name: 'Ada Lovelace', body, title: 'Golden Dome', url: `${BASE}/golden-dome`,
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.status, 'published', 'the author is told it is visible');
  assert.equal(r.json.author_name, 'Ada Lovelace');
  assert.equal(r.json.body, body);
  assert.ok(Number.isInteger(r.json.id) && r.json.id > 0);
  assert.match(r.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('set-cookie'), /rostra_fresh=1; Max-Age=\d+; Path=\/comments\/; HttpOnly; SameSite=Lax/);
  // JSON, not HTML: the browser must never render it.
  assert.match(r.headers.get('content-type'), /^application\/json/);

  await postComment(key, { author_name: 'Bob', body: 'Second' });
  const list = await getFresh(`/articles/${key}/comments`);
  assert.equal(list.status, 200);
  assert.equal(list.json.article.comment_count, 2);
  assert.deepEqual(list.json.comments.map((c) => c.author_name), ['Bob', 'Ada Lovelace']);
  assert.equal(list.json.comments[1].body, body);
  const { status, ...listed } = r.json;
  assert.deepEqual(list.json.comments[1], { ...listed, replies: [], more_replies: 0, replies_cursor: null },
    'the listing shows what the author was answered, but the status, and its (no) replies');

  // Title and URL of the first post are kept for moderators; later ones do not replace them.
  await postComment(key, { author_name: 'Eve', body: 'Third', title: 'Other title' });
  assert.equal(sql(`SELECT title || ' ' || url FROM article WHERE key = :'key';`, { key }),
    `Golden Dome ${BASE}/golden-dome`);
});

// The first commenter names the article's address, which moderators open:
// only an address on the site the post comes from (its Origin) is taken.
test('an article address on another site is refused and nothing is stored', async () => {
  const key = freshKey('phish');
  for (const url of ['https://evil.example/golden-dome', `${BASE}.evil.example/x`, `${BASE}0/x`,
    BASE.replace('http:', 'https:') + '/x']) {
    const r = await postComment(key, { author_name: 'Mallory', body: 'Read this', title: 'Golden Dome', url });
    assert.equal(r.status, 400, `${url}: ${r.text}`);
    assert.deepEqual([r.json.error.code, r.json.error.field], ['invalid_field', 'url'], url);
  }
  assert.equal(storedCount(key), 0);
  assert.equal(sql(`SELECT count(*) FROM article WHERE key = :'key';`, { key }), '0');
  const ok = await postComment(key, { author_name: 'Mallory', body: 'Read this', url: `${BASE}/golden-dome` });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(sql(`SELECT url FROM article WHERE key = :'key';`, { key }), `${BASE}/golden-dome`);
});

test('paging with the cursor walks the thread newest first, without gaps or repeats', async () => {
  const key = freshKey();
  const ids = [];
  for (let i = 0; i < 7; i++) {
    const r = await postComment(key, { author_name: `Reader ${i}`, body: `Comment ${i}` });
    assert.equal(r.status, 201);
    ids.push(r.json.id);
  }
  const seen = [];
  let cursor = null;
  const pageSizes = [];
  do {
    const q = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : '?limit=3';
    const r = await getFresh(`/articles/${key}/comments${q}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.article.comment_count, 7);
    pageSizes.push(r.json.comments.length);
    seen.push(...r.json.comments.map((c) => c.id));
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.deepEqual(pageSizes, [3, 3, 1]);
  assert.deepEqual(seen, [...ids].reverse());

  // The default page is 50; an exact multiple of the limit ends with a null cursor.
  const all = await getFresh(`/articles/${key}/comments?limit=7`);
  assert.equal(all.json.comments.length, 7);
  assert.equal(all.json.next_cursor, null);
});

test('bad paging parameters are refused with a reason', async () => {
  const key = freshKey();
  for (const [q, code, field] of [
    ['?limit=0', 'invalid_parameter', 'limit'],
    ['?limit=101', 'invalid_parameter', 'limit'],
    ['?limit=ten', 'invalid_parameter', 'limit'],
    ['?limit=', 'invalid_parameter', 'limit'],
    ['?cursor=abc', 'invalid_cursor', 'cursor'],
    ['?cursor=1.-4', 'invalid_cursor', 'cursor'],
    ['?cursor=%ZZ', 'invalid_parameter', undefined],
  ]) {
    const r = await request(`/articles/${key}/comments${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.code, code, q);
    assert.equal(r.json.error.field, field, q);
    assert.ok(r.json.error.message.length > 10, q);
  }
  // A parameter the route does not take would be an entry of its own in
  // nginx's cache, so a made-up one would reach the database every time.
  const utm = await request(`/articles/${key}/comments?limit=100&utm_source=x`);
  assert.equal(utm.status, 400);
  assert.equal(utm.json.error.code, 'invalid_parameter');
  assert.match(utm.json.error.message, /sort limit cursor/);
  assert.equal((await request(`/articles/${key}/comments?limit=100`)).status, 200);
});

test('counts for many articles at once', async () => {
  const a = freshKey(); const b = freshKey(); const unknown = freshKey();
  await postComment(a, { author_name: 'A', body: 'one' });
  await postComment(a, { author_name: 'Al', body: 'two' }); // another guest: another name (issue 14)
  await postComment(b, { author_name: 'B', body: 'one' });
  const r = await getFresh(`${API}/counts?article=${a}&article=${b}&article=${unknown}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { counts: { [a]: 2, [b]: 1, [unknown]: 0 } });

  const many = Array.from({ length: 101 }, (_, i) => `article=k${i}`).join('&');
  assert.equal((await request(`/counts?${many}`)).json.error.code, 'invalid_parameter');
  assert.equal((await request(`/counts?${many.replace('&article=k100', '')}`)).status, 200);
  assert.equal((await request('/counts')).status, 400);
  const bad = await request('/counts?article=a%20b');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_article_key');
});

// Every refusal: status, code, and nothing stored.
test('bad input gets a clear 4xx JSON error and stores nothing', async () => {
  const key = freshKey('bad');
  const good = { author_name: 'Ada', body: 'fine' };
  const cases = [
    ['malformed JSON', '{"author_name": "Ada", "body": ', {}, 400, 'invalid_json'],
    ['trailing garbage', '{"author_name":"Ada","body":"x"} extra', {}, 400, 'invalid_json'],
    ['not an object', '["Ada", "x"]', {}, 400, 'invalid_json'],
    ['empty body', '', {}, 400, 'invalid_json'],
    ['wrong content type', JSON.stringify(good), { 'Content-Type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['form content type', 'author_name=Ada&body=x', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    ['missing name', { body: 'x' }, {}, 400, 'missing_field', 'author_name'],
    ['missing body', { author_name: 'Ada' }, {}, 400, 'missing_field', 'body'],
    ['empty body field', { author_name: 'Ada', body: '' }, {}, 400, 'empty_field', 'body'],
    ['blank name', { author_name: ' \t ', body: 'x' }, {}, 400, 'empty_field', 'author_name'],
    ['name not a string', { author_name: 42, body: 'x' }, {}, 400, 'invalid_field', 'author_name'],
    ['name too long', { author_name: 'n'.repeat(65), body: 'x' }, {}, 400, 'field_too_long', 'author_name'],
    ['comment too long', { author_name: 'Ada', body: 'é'.repeat(10001) }, {}, 400, 'field_too_long', 'body'],
    ['invalid UTF-8', Buffer.from('{"author_name":"Ada","body":"\xff\xfe"}', 'latin1'), {}, 400, 'invalid_json'],
    ['lone surrogate', '{"author_name":"Ada","body":"\\ud83d"}', {}, 400, 'invalid_utf8'],
    ['NUL character', '{"author_name":"Ada","body":"a\\u0000b"}', {}, 400, 'invalid_field', 'body'],
    ['control character', { author_name: 'Ada', body: 'bell\u0007' }, {}, 400, 'invalid_field', 'body'],
    ['newline in name', { author_name: 'A\nB', body: 'x' }, {}, 400, 'invalid_field', 'author_name'],
    ['unknown field', { ...good, is_admin: true }, {}, 400, 'unknown_field'],
    ['bad url', { ...good, url: 'javascript:alert(1)' }, {}, 400, 'invalid_field', 'url'],
    ['body over the daemon limit', JSON.stringify({ ...good, body: 'x'.repeat(70000) }), {}, 413, 'payload_too_large'],
    ['body over the nginx limit', JSON.stringify({ ...good, body: 'x'.repeat(2_000_000) }), {}, 413, 'payload_too_large'],
  ];
  for (const [name, body, headers, status, code, field] of cases) {
    const r = await postComment(key, body, headers);
    assert.equal(r.status, status, `${name}: ${r.text}`);
    assert.ok(r.json, `${name}: the error is JSON`);
    assert.equal(r.json.error.code, code, name);
    assert.ok(r.json.error.message.length > 5, name);
    if (field) assert.equal(r.json.error.field, field, name);
    assert.equal(r.headers.get('set-cookie'), null, name);
  }
  assert.equal(storedCount(key), 0);
  assert.equal(sql(`SELECT count(*) FROM article WHERE key = :'key';`, { key }), '0');
  const list = await getFresh(`/articles/${key}/comments`);
  assert.equal(list.json.article.comment_count, 0);
});

test('article keys in the path follow the documented rule', async () => {
  // nginx itself refuses a NUL in the path, before any location.
  assert.equal((await postComment('a%00b', { author_name: 'Ada', body: 'x' })).status, 400);
  for (const key of ['a%20b', 'caf%C3%A9', 'a%2Fb', 'x'.repeat(129), 'a%0Ab']) {
    const r = await postComment(key, { author_name: 'Ada', body: 'x' });
    assert.equal(r.status, 400, key);
    assert.equal(r.json.error.code, 'invalid_article_key', key);
    assert.equal((await request(`/articles/${key}/comments`)).json.error.code, 'invalid_article_key');
  }
  const ok = 'news.example:2026~golden_dome-1';
  // Fixed keys, so a name of this run's own (a guest's name is theirs on an article, issue 14).
  assert.equal((await postComment(ok, { author_name: `Ada ${freshKey()}`, body: 'x' })).status, 201);
  assert.equal((await postComment('k'.repeat(128), { author_name: `Ada ${freshKey()}`, body: 'x' })).status, 201);
});

test('unknown routes are 404 and wrong methods 405 with Allow, in JSON', async () => {
  for (const path of ['/nothing', '/articles', '/articles/a/comments/1', '/health/']) {
    const r = await request(path);
    assert.equal(r.status, 404, path);
    assert.equal(r.json.error.code, 'not_found', path);
  }
  const key = freshKey();
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const r = await request(`/articles/${key}/comments`, { method });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.get('allow'), 'GET, HEAD, POST');
    assert.equal(r.json.error.code, 'method_not_allowed');
  }
  const r = await request('/health', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD');
});

test('public reads are cacheable: ETag, 304, shared micro-cache, HEAD', async () => {
  const key = freshKey();
  await postComment(key, { author_name: 'Ada', body: 'cache me' });
  const first = await request(`/articles/${key}/comments`);
  assert.equal(first.status, 200);
  assert.match(first.headers.get('cache-control'), /public/);
  assert.match(first.headers.get('cache-control'), /s-maxage=1/);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const second = await request(`/articles/${key}/comments`);
  assert.equal(second.headers.get('x-cache'), 'HIT');
  assert.equal(second.text, first.text);
  const notModified = await request(`/articles/${key}/comments`, { headers: { 'If-None-Match': etag } });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.text, '');
  // Straight from the daemon too, past the cache.
  const direct = await getFresh(`/articles/${key}/comments`, { 'If-None-Match': etag });
  assert.equal(direct.headers.get('x-cache'), 'BYPASS');
  assert.equal(direct.status, 304);
  const head = await request(`/articles/${key}/comments`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('a new comment reaches readers who did not post within a couple of seconds', async () => {
  const key = freshKey();
  await postComment(key, { author_name: 'Ada', body: 'first' });
  const before = await request(`/articles/${key}/comments`); // now in the shared cache
  assert.equal(before.json.comments.length, 1);
  const posted = await postComment(key, { author_name: 'Bob', body: 'second' });
  // The poster, with the cookie the post set, sees it at once.
  const cookie = `${sessionCookie(posted)}; ${posted.headers.get('set-cookie').match(/rostra_fresh=1/)[0]}`;
  const own = await request(`/articles/${key}/comments`, { headers: { Cookie: cookie } });
  assert.equal(own.json.comments[0].body, 'second');
  // Others get it once the one-second cache entry expires; 5 s bounds a slow machine.
  const deadline = Date.now() + 5000;
  let seen = false;
  while (!seen && Date.now() < deadline) {
    const r = await request(`/articles/${key}/comments`);
    seen = r.json.comments.length === 2;
    if (!seen) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(seen, 'the second comment never reached an anonymous reader');
});

test('concurrent posts to one article keep the count exact', async () => {
  const key = freshKey();
  const results = await Promise.all(Array.from({ length: 24 }, (_, i) =>
    postComment(key, { author_name: `R${i}`, body: `parallel ${i}` })));
  assert.deepEqual(results.map((r) => r.status), Array(24).fill(201));
  const list = await getFresh(`/articles/${key}/comments?limit=100`);
  assert.equal(list.json.article.comment_count, 24);
  assert.equal(list.json.comments.length, 24);
  assert.equal(new Set(list.json.comments.map((c) => c.id)).size, 24);
});

test('comments survive a restart of the daemon', async () => {
  const key = freshKey();
  const posted = await postComment(key, { author_name: 'Ada', body: 'still here?' });
  assert.equal(posted.status, 201);
  stack('restart-daemon', process.env.ROSTRA_STACK);
  const r = await getFresh(`/articles/${key}/comments`);
  assert.equal(r.status, 200);
  const { status, ...listed } = posted.json;
  assert.deepEqual(r.json.comments, [{ ...listed, replies: [], more_replies: 0, replies_cursor: null }]);
});
