// SPDX-License-Identifier: ISC — Rostra
// Threads through nginx: replies of any depth listed depth first under
// their top-level comment, tombstones that keep a thread's shape, the four
// orders with cursors that neither skip nor repeat while comments arrive,
// "more replies" pages, permalinks into deep replies, and editing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { freshKey, request, getFresh, postComment, sessionCookie, sql, storedCount, STACK } from './helpers.mjs';

const ROSTRA = `${process.env.ROSTRA_BUILD}/rostra`;
const ENV = { ...process.env, ROSTRA_CONFIG: '',
  ROSTRA_DATABASE_URL: execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim() };
const cli = (...args) => execFileSync(ROSTRA, args, { env: ENV, encoding: 'utf8' });

// One reader (a guest session) who posts everything in a test.
async function reader(key, name = 'Ann') {
  const first = await postComment(key, { author_name: name, body: `${name} opens` });
  assert.equal(first.status, 201, first.text);
  const cookie = sessionCookie(first);
  const post = async (body, parent_id) => {
    const r = await postComment(key, { body, ...(parent_id ? { parent_id } : {}) }, { Cookie: cookie });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const del = (id) => request(`/comments/${id}`, { method: 'DELETE', headers: { Cookie: cookie } });
  return { first: first.json, cookie, post, del };
}

const page = async (key, query = '') => {
  const r = await getFresh(`/articles/${key}/comments${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const shape = (c) => `${c.removed ? '×' : c.body}@${c.depth}`;

test('replies of any depth are listed depth first under their top-level comment, counted', async () => {
  const key = freshKey('tree');
  const ann = await reader(key);
  const a = ann.first;
  const b = await ann.post('B answers A', a.id);
  const c = await ann.post('C answers B', b.id);
  const d = await ann.post('D answers A', a.id);
  const e = await ann.post('E answers C', c.id);
  assert.equal(b.parent_id, a.id);
  assert.equal(c.depth, 2);
  assert.equal(e.reply_to, 'Ann', 'a reply says whom it answers');
  const other = await ann.post('Another top-level comment');

  const p = await page(key);
  assert.equal(p.article.comment_count, 6, 'the heading counts replies too');
  assert.deepEqual(p.comments.map((t) => t.id), [other.id, a.id], 'only top-level comments head threads');
  const thread = p.comments[1];
  assert.equal(thread.reply_count, 4);
  // config replies_shown is 3: the first three, depth first, oldest first at each level.
  assert.deepEqual(thread.replies.map(shape), ['B answers A@1', 'C answers B@2', 'E answers C@3']);
  assert.equal(thread.more_replies, 1);
  assert.ok(thread.replies_cursor);
  assert.equal(thread.replies[0].reply_count, 2);
  const more = await getFresh(`/comments/${a.id}/replies?cursor=${encodeURIComponent(thread.replies_cursor)}`);
  assert.equal(more.status, 200, more.text);
  assert.deepEqual(more.json.replies.map(shape), ['D answers A@1']);
  assert.equal(more.json.replies_cursor, null);
  assert.equal(d.reply_to, 'Ann');
});

test('a removed comment with visible replies stays as a tombstone, and goes with its last reply', async () => {
  const key = freshKey('tomb');
  const ann = await reader(key);
  const b = await ann.post('B', ann.first.id);
  const c = await ann.post('C answers B', b.id);
  assert.equal((await ann.del(b.id)).status, 204);
  let t = (await page(key)).comments[0];
  assert.deepEqual(t.replies.map(shape), ['×@1', 'C answers B@2']);
  const tomb = t.replies[0];
  assert.deepEqual([tomb.author_name, tomb.body, tomb.html, tomb.badge], [null, null, null, null],
    'a tombstone shows nothing of what was said or by whom');
  assert.equal(t.replies[1].reply_to, null, 'a reply to a removed comment names no one');
  assert.equal(t.reply_count, 1);
  assert.equal(t.more_replies, 0);

  // The top-level comment removed too: its thread stays, headed by a tombstone.
  assert.equal((await ann.del(ann.first.id)).status, 204);
  let p = await page(key);
  assert.equal(p.article.comment_count, 1);
  assert.deepEqual(p.comments.map(shape), ['×@0']);
  assert.deepEqual(p.comments[0].replies.map(shape), ['×@1', 'C answers B@2']);
  // A permalink to the tombstone still opens its thread.
  assert.equal((await getFresh(`/comments/${b.id}/context`)).status, 200);

  // The last visible reply gone: nothing is left to show.
  assert.equal((await ann.del(c.id)).status, 204);
  p = await page(key);
  assert.deepEqual([p.article.comment_count, p.comments], [0, []]);
  assert.equal((await getFresh(`/comments/${b.id}/context`)).status, 404);
  assert.equal((await getFresh(`/comments/${ann.first.id}/replies`)).status, 404);
});

test('a reply must answer a shown comment of the same article; nothing is stored otherwise', async () => {
  const key = freshKey('parent');
  const ann = await reader(key);
  const elsewhere = await postComment(freshKey('other'), { author_name: 'Bo', body: 'elsewhere' });
  const before = storedCount(key);
  const cases = [
    [elsewhere.json.id, 422, 'invalid_parent'], [999999999, 422, 'invalid_parent'],
    ['12', 400, 'invalid_field'], [0, 400, 'invalid_field'], [-3, 400, 'invalid_field'],
    [1.5, 400, 'invalid_field'], [true, 400, 'invalid_field'], ['9223372036854775808', 400, 'invalid_field'],
  ];
  for (const [parent_id, status, code] of cases) {
    const r = await postComment(key, { body: 'a reply', parent_id }, { Cookie: ann.cookie });
    assert.equal(r.status, status, `parent_id ${JSON.stringify(parent_id)}: ${r.text}`);
    assert.equal(r.json.error.code, code);
  }
  // A deleted comment takes no replies either, and a guest's first post can be a reply.
  const gone = await ann.post('soon gone');
  await ann.del(gone.id);
  const r = await postComment(key, { body: 'late', parent_id: gone.id }, { Cookie: ann.cookie });
  assert.equal(r.status, 422);
  assert.match(r.json.error.message, /reply to a comment that is shown/);
  assert.equal(storedCount(key), before + 1, 'only the comment that was deleted was stored');
  const guest = await postComment(key, { author_name: 'Newcomer', body: 'first words, a reply', parent_id: ann.first.id });
  assert.equal(guest.status, 201, guest.text);
  assert.equal(guest.json.depth, 1);
});

test('a held reply is shown to no reader and counted nowhere until approved', async () => {
  const key = freshKey('heldreply');
  const ann = await reader(key);
  const held = await postComment(key, { body: 'see http://a.example http://b.example http://c.example', parent_id: ann.first.id },
    { Cookie: ann.cookie });
  assert.equal(held.status, 202, held.text);
  let t = (await page(key)).comments[0];
  assert.deepEqual([t.reply_count, t.replies.length], [0, 0]);
  cli('comment', 'approve', String(held.json.id));
  t = (await page(key)).comments[0];
  assert.deepEqual([t.reply_count, t.replies.map((r) => r.id)], [1, [held.json.id]]);
});

test('each order sorts the top-level comments; a cursor is good only for its own order', async () => {
  const key = freshKey('sort');
  const ann = await reader(key);
  const bo = await reader(freshKey('x'), 'Bo');
  const cy = await reader(freshKey('y'), 'Cy');
  // Likes lift a comment only from readers with standing (a published
  // comment, a day old: sql/010_standing.sql); Bo and Cy have it.
  for (const who of [bo, cy]) {
    sql(`UPDATE app_user SET created_at = now() - interval '2 days'
      WHERE id = (SELECT user_id FROM comment WHERE id = ${who.first.id})`);
  }
  const one = ann.first;
  const two = await ann.post('two');
  const three = await ann.post('three');
  await ann.post('first reply to two', two.id);
  await ann.post('second reply to two', two.id);
  await ann.post('a reply to three', three.id);
  for (const who of [bo, cy]) {
    const r = await request(`/comments/${three.id}/reaction`, { method: 'PUT', headers: { Cookie: who.cookie } });
    assert.equal(r.status, 200, r.text);
  }
  await request(`/comments/${one.id}/reaction`, { method: 'PUT', headers: { Cookie: bo.cookie } });
  const ids = async (sort) => (await page(key, `?sort=${sort}`)).comments.map((c) => c.id);
  assert.deepEqual(await ids('newest'), [three.id, two.id, one.id]);
  assert.deepEqual(await ids('oldest'), [one.id, two.id, three.id]);
  assert.deepEqual(await ids('reactions'), [three.id, one.id, two.id]);
  assert.deepEqual(await ids('replies'), [two.id, three.id, one.id]);
  assert.equal((await page(key, '?sort=replies')).sort, 'replies');

  const bad = await getFresh(`/articles/${key}/comments?sort=best`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'sort');
  const first = await page(key, '?sort=reactions&limit=1');
  assert.match(first.next_cursor, /^2\./);
  for (const [sort, cursor] of [['newest', first.next_cursor], ['reactions', '1.5'], ['replies', '2.x.1']]) {
    const r = await getFresh(`/articles/${key}/comments?sort=${sort}&cursor=${cursor}`);
    assert.equal(r.status, 400, `${sort} with ${cursor}`);
    assert.equal(r.json.error.code, 'invalid_cursor');
  }
  const rest = await page(key, `?sort=reactions&cursor=${first.next_cursor}`);
  assert.deepEqual(rest.comments.map((c) => c.id), [one.id, two.id]);
});

test('paging newest or oldest first neither skips nor repeats while new comments arrive', async () => {
  for (const sort of ['newest', 'oldest']) {
    const key = freshKey(`walk-${sort}`);
    const ann = await reader(key);
    const before = [ann.first.id];
    for (let i = 0; i < 9; i++) before.push((await ann.post(`comment ${i}`)).id);
    const seen = [];
    let cursor = null;
    do {
      const p = await page(key, `?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.comments.map((c) => c.id));
      cursor = p.next_cursor;
      await ann.post(`arrives while the reader pages (${seen.length})`);
      await ann.post(`a reply arriving (${seen.length})`, before[3]);
    } while (cursor);
    const old = seen.filter((id) => before.includes(id));
    assert.equal(new Set(seen).size, seen.length, `${sort}: a comment was repeated: ${seen}`);
    assert.deepEqual([...old].sort((x, y) => x - y), before, `${sort}: a comment was skipped: ${seen}`);
    if (sort === 'newest') assert.deepEqual(seen, [...before].reverse(), 'newer ones wait for a reload');
  }
});

test('more replies come in pages of their own, in order, with a limit', async () => {
  const key = freshKey('more');
  const ann = await reader(key);
  const replies = [];
  for (let i = 0; i < 7; i++) replies.push((await ann.post(`reply ${i}`, ann.first.id)).id);
  const t = (await page(key)).comments[0];
  assert.deepEqual([t.replies.length, t.more_replies], [3, 4]);
  const got = t.replies.map((r) => r.id);
  let cursor = t.replies_cursor;
  while (cursor) {
    const r = await getFresh(`/comments/${ann.first.id}/replies?limit=2&cursor=${encodeURIComponent(cursor)}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.replies.length <= 2);
    got.push(...r.json.replies.map((c) => c.id));
    cursor = r.json.replies_cursor;
  }
  assert.deepEqual(got, replies);
  for (const q of ['limit=0', 'limit=x', 'cursor=2.1.1', 'cursor=1.0']) {
    assert.equal((await getFresh(`/comments/${ann.first.id}/replies?${q}`)).status, 400, q);
  }
  // Replies of a reply are listed from its top-level comment's thread.
  assert.equal((await getFresh(`/comments/${replies[0]}/replies`)).status, 404);
  assert.equal((await getFresh('/comments/abc/replies')).status, 404);
});

test('a permalink to a deep reply brings its thread: the way down to it, it, and what follows', async () => {
  const key = freshKey('permalink');
  const ann = await reader(key);
  for (let i = 0; i < 5; i++) await ann.post(`early reply ${i}`, ann.first.id);
  let parent = ann.first.id;
  const chain = [];
  for (let i = 0; i < 6; i++) {
    parent = (await ann.post(`level ${i + 1}`, parent)).id;
    chain.push(parent);
  }
  const target = chain[3];
  const r = await getFresh(`/comments/${target}/context`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.article.key, key);
  assert.equal(r.json.id, target);
  const t = r.json.thread;
  assert.equal(t.id, ann.first.id);
  assert.deepEqual(t.replies.map((c) => c.id), chain, 'the early replies are skipped; the way down and after is there');
  assert.deepEqual(t.replies.map((c) => c.depth), [1, 2, 3, 4, 5, 6]);
  assert.equal(t.more_replies, null);
  assert.equal((await getFresh('/comments/999999999/context')).status, 404);
});

const edit = (id, cookie, body, opts = {}) => request(`/comments/${id}`, {
  method: 'PATCH', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body), ...opts,
});

test('an author edits within the window: the page shows the new text as edited, moderators every version', async () => {
  const key = freshKey('edit');
  const ann = await reader(key);
  const id = ann.first.id;
  const r = await edit(id, ann.cookie, { body: 'Ann opens, *better*' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'published');
  assert.equal(r.json.html, '<p>Ann opens, <em>better</em></p>\n', 'rendered again when edited');
  assert.match(r.json.edited_at, /^\d{4}-\d\d-\d\dT/);
  const listed = (await page(key)).comments[0];
  assert.deepEqual([listed.body, listed.edited_at], ['Ann opens, *better*', r.json.edited_at]);
  assert.equal((await edit(id, ann.cookie, { body: 'Third take' })).status, 200);
  assert.equal(sql(`SELECT string_agg(version || ':' || body || ':' || status, ' | ' ORDER BY version)
    FROM comment_version WHERE comment_id = ${id}`), '1:Ann opens:published | 2:Ann opens, *better*:published');
  const item = cli('queue', 'unmoderated', key).trim().split('\n').map((l) => JSON.parse(l)).find((c) => c.id === id);
  assert.deepEqual(item.versions.map((v) => v.body), ['Ann opens', 'Ann opens, *better*'], 'moderators see every version');
  assert.equal(item.body, 'Third take');
  assert.equal(sql(`SELECT count(*) FROM moderation_log WHERE comment_id = ${id} AND action = 'edit'`), '2');
});

test('only the author, signed in, from the site, with a text, may edit; others are told why and nothing changes', async () => {
  const key = freshKey('editwho');
  const ann = await reader(key);
  const bo = await reader(freshKey('bo'), 'Bo');
  const id = ann.first.id;
  const cases = [
    [bo.cookie, { body: 'hijacked' }, {}, 404],
    [null, { body: 'anonymous' }, {}, 401],
    [ann.cookie, { body: 'cross-site' }, { site: false }, 403],
    [ann.cookie, { body: '' }, {}, 400],
    [ann.cookie, {}, {}, 400],
    [ann.cookie, { body: 'x', parent_id: 3 }, {}, 400],
    [ann.cookie, '{"body": "unterminated', {}, 400],
    [ann.cookie, { body: 'kys' }, {}, 422],
  ];
  for (const [cookie, body, opts, status] of cases) {
    const r = await edit(id, cookie, body, opts);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await edit(999999999, ann.cookie, { body: 'nothing there' })).status, 404);
  assert.equal(sql(`SELECT body || '|' || status || '|' || (edited_at IS NULL) FROM comment WHERE id = ${id}`),
    'Ann opens|published|true', 'a refused edit changes nothing');
  assert.equal(sql(`SELECT count(*) FROM comment_version WHERE comment_id = ${id}`), '0');
});

test('an edit goes through moderation again: held, it leaves the page and stays held', async () => {
  const key = freshKey('editheld');
  const ann = await reader(key);
  await ann.post('a second comment');
  const id = ann.first.id;
  const r = await edit(id, ann.cookie, { body: 'see http://a.example http://b.example http://c.example' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.status, 'held');
  let p = await page(key);
  assert.equal(p.article.comment_count, 1);
  assert.ok(!p.comments.some((c) => c.id === id), 'the held edit is out of readers\' sight');
  const mine = await request(`/articles/${key}/comments/mine`);
  assert.equal(mine.status, 401, 'mine needs the session');
  const own = await request(`/articles/${key}/comments/mine`, { headers: { Cookie: ann.cookie } });
  assert.ok(own.json.comments.some((c) => c.id === id && c.status === 'held'), 'its author still sees it, awaiting review');
  const again = await edit(id, ann.cookie, { body: 'no links now' });
  assert.equal(again.status, 202, 'a held comment waits for a moderator, whatever its new text');
  cli('comment', 'approve', String(id));
  p = await page(key);
  assert.equal(p.article.comment_count, 2);
  assert.equal(p.comments.find((c) => c.id === id).body, 'no links now');
});

test('the window closes: edits are refused after edit_minutes, and on a closed thread', async () => {
  const key = freshKey('editlate');
  const ann = await reader(key);
  const other = await ann.post('still fresh');
  sql(`UPDATE comment SET created_at = now() - interval '6 minutes' WHERE id = ${ann.first.id}`);
  const late = await edit(ann.first.id, ann.cookie, { body: 'too late' });
  assert.equal(late.status, 403, late.text);
  assert.equal(late.json.error.code, 'edit_window_over');
  assert.match(late.json.error.message, /5 minutes/);
  cli('article', 'close', key);
  const closed = await edit(other.id, ann.cookie, { body: 'after closing' });
  assert.equal(closed.status, 403, closed.text);
  assert.equal(closed.json.error.code, 'thread_closed');
});
