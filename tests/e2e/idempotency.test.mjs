// SPDX-License-Identifier: ISC — Rostra
// A post retried with the same Idempotency-Key (the embed sends one with
// each comment) is answered with the comment the first one stored, and
// stores nothing twice, however the retries race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freshKey, getFresh, postComment, sessionCookie, sql, storedCount } from './helpers.mjs';

const newKey = () => randomBytes(16).toString('hex');

test('a signed-in reader\'s retried post answers the first comment and stores one', async () => {
  const key = freshKey('idem');
  const first = await postComment(key, { author_name: 'Ann', body: 'opening' });
  const cookie = sessionCookie(first);
  const k = newKey();
  const a = await postComment(key, { body: 'said once' }, { Cookie: cookie, 'Idempotency-Key': k });
  assert.equal(a.status, 201, a.text);
  const b = await postComment(key, { body: 'said once' }, { Cookie: cookie, 'Idempotency-Key': k });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(b.json, a.json, 'the same comment, not a repeated-comment refusal');
  assert.equal(storedCount(key), 2);
  assert.equal((await getFresh(`/articles/${key}/comments`)).json.article.comment_count, 2);
  // Another key is another comment (text differs: the same text would be a repeat).
  const c = await postComment(key, { body: 'said twice' }, { Cookie: cookie, 'Idempotency-Key': newKey() });
  assert.equal(c.status, 201);
  assert.notEqual(c.json.id, a.json.id);
});

test('a guest\'s first post retried without the cookie it never received stores one comment and one guest', async () => {
  const key = freshKey('idemguest');
  const k = newKey();
  const name = `Lost ${randomBytes(3).toString('hex')}`;
  const a = await postComment(key, { author_name: name, body: 'a first post over a bad line' }, { 'Idempotency-Key': k });
  assert.equal(a.status, 201, a.text);
  const b = await postComment(key, { author_name: name, body: 'a first post over a bad line' }, { 'Idempotency-Key': k });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.id, a.json.id);
  assert.equal(storedCount(key), 1);
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE display_name = :'name'`, { name }), '1');
});

test('retries racing each other store one comment; a held one is answered as held', async () => {
  const key = freshKey('idemrace');
  const first = await postComment(key, { author_name: 'Bo', body: 'opening' });
  const cookie = sessionCookie(first);
  const k = newKey();
  const all = await Promise.all(Array.from({ length: 6 }, () =>
    postComment(key, { body: 'six at once' }, { Cookie: cookie, 'Idempotency-Key': k })));
  assert.deepEqual(all.map((r) => r.status), [201, 201, 201, 201, 201, 201], all.map((r) => r.text).join('\n'));
  assert.equal(new Set(all.map((r) => r.json.id)).size, 1);
  assert.equal(storedCount(key), 2);

  const h = newKey();
  const body = 'held: http://a.example http://b.example http://c.example';
  const held = await postComment(key, { body }, { Cookie: cookie, 'Idempotency-Key': h });
  assert.equal(held.status, 202, held.text);
  const again = await postComment(key, { body }, { Cookie: cookie, 'Idempotency-Key': h });
  assert.equal(again.status, 202);
  assert.deepEqual([again.json.id, again.json.status], [held.json.id, 'held']);
});

test('a malformed key is refused and nothing is stored', async () => {
  const key = freshKey('idembad');
  for (const bad of ['short', 'x'.repeat(65), 'has space in it 123', 'ümlaut-key-1234567']) {
    const r = await postComment(key, { author_name: 'Cy', body: 'never stored' }, { 'Idempotency-Key': bad });
    assert.equal(r.status, 400, `${bad}: ${r.text}`);
    assert.equal(r.json.error.field, 'Idempotency-Key');
  }
  assert.equal(storedCount(key), 0);
});

// A key is the poster's: anyone else who presents it (no session, or
// another reader) gets a 409 that shows nothing of the comment, and stores nothing.
test('someone else presenting a post\'s key learns nothing of it, even of a held comment', async () => {
  const key = freshKey('idemsteal');
  const first = await postComment(key, { author_name: 'Di', body: 'opening' });
  const cookie = sessionCookie(first);
  const k = newKey();
  const body = 'held and private: http://a.example http://b.example http://c.example';
  const held = await postComment(key, { body }, { Cookie: cookie, 'Idempotency-Key': k });
  assert.equal(held.status, 202, held.text);

  const other = sessionCookie(await postComment(freshKey('idemother'), { author_name: 'Eve', body: 'elsewhere' }));
  const tries = [
    ['no session, another text', postComment(key, { author_name: 'Eve2', body: 'anything' }, { 'Idempotency-Key': k })],
    ['no session, the same text', postComment(key, { author_name: 'Di', body }, { 'Idempotency-Key': k })],
    ['another reader', postComment(key, { body: 'anything at all' }, { Cookie: other, 'Idempotency-Key': k })],
  ];
  for (const [who, pending] of tries) {
    const r = await pending;
    assert.equal(r.status, 409, `${who}: ${r.text}`);
    assert.equal(r.json.error.code, 'idempotency_key_used', who);
    assert.equal(r.headers.get('idempotent-replayed'), null, who);
    assert.ok(!r.text.includes('held and private') && !r.text.includes(String(held.json.id)), `${who}: ${r.text}`);
  }
  assert.equal(storedCount(key), 2, 'the opening and the held comment, nothing more');
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE display_name IN ('Eve2')`), '0', 'no guest was made');
  // The poster still gets their answer.
  const mine = await postComment(key, { body }, { Cookie: cookie, 'Idempotency-Key': k });
  assert.deepEqual([mine.status, mine.json.id], [202, held.json.id]);
});
