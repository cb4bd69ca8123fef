// SPDX-License-Identifier: ISC — Rostra
// The discussion around comments through nginx: reactions (one per reader,
// never one's own, counts exact under concurrency) and a reader's own marks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshKey, request, getFresh, postComment, sessionCookie, sql } from './helpers.mjs';

const react = (id, cookie, on = true) => request(`/comments/${id}/reaction`,
  { method: on ? 'PUT' : 'DELETE', headers: cookie ? { Cookie: cookie } : {} });

test('one reaction per reader, taken back at will, never on one\'s own comment', async () => {
  const key = freshKey('react');
  const ann = await postComment(key, { author_name: 'Ann', body: 'A point worth liking' });
  const annCookie = sessionCookie(ann);
  const readers = [];
  for (let i = 0; i < 5; i++) readers.push(sessionCookie(await postComment(freshKey('elsewhere'), { author_name: `R${i}`, body: 'hi' })));

  const first = await react(ann.json.id, readers[0]);
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.json, { reacted: true, reactions: 1 });
  assert.deepEqual((await react(ann.json.id, readers[0])).json, { reacted: true, reactions: 1 }, 'twice is once');
  const own = await react(ann.json.id, annCookie);
  assert.equal(own.status, 403);
  assert.match(own.json.error.message, /your own comment/);
  assert.equal((await react(ann.json.id, null)).status, 401);
  assert.equal((await react(999999999, readers[0])).status, 404);
  assert.equal((await request(`/comments/${ann.json.id}/reaction`, { method: 'PUT', headers: { Cookie: readers[0] }, site: false })).status, 403, 'cross-site refused');

  // Four at once: the count is exact.
  const all = await Promise.all(readers.slice(1).map((c) => react(ann.json.id, c)));
  assert.deepEqual(all.map((r) => r.status), [200, 200, 200, 200]);
  assert.equal(Number(sql(`SELECT reaction_count FROM comment WHERE id = ${ann.json.id}`)), 5);
  assert.deepEqual((await react(ann.json.id, readers[0], false)).json, { reacted: false, reactions: 4 });
  assert.deepEqual((await react(ann.json.id, readers[0], false)).json, { reacted: false, reactions: 4 });

  const list = await getFresh(`/articles/${key}/comments`);
  assert.equal(list.json.reaction_label, 'Like');
  assert.equal(list.json.comments[0].reactions, 4);
  assert.equal(Number(sql(`SELECT count(*) FROM reaction WHERE comment_id = ${ann.json.id}`)), 4);

  const marks = await request(`/articles/${key}/comments/mine`, { headers: { Cookie: readers[1] } });
  assert.deepEqual([marks.json.own, marks.json.reacted], [[], [ann.json.id]]);
  const authorMarks = await request(`/articles/${key}/comments/mine`, { headers: { Cookie: annCookie } });
  assert.deepEqual([authorMarks.json.own, authorMarks.json.reacted], [[ann.json.id], []]);
});

test('a held comment takes no reactions', async () => {
  const key = freshKey('react');
  const held = await postComment(key, { author_name: 'Hal', body: 'http://a.example http://b.example http://c.example' });
  assert.equal(held.status, 202);
  const reader = sessionCookie(await postComment(freshKey('elsewhere'), { author_name: 'Rita', body: 'hi' }));
  assert.equal((await react(held.json.id, reader)).status, 404);
});

test('an author deletes their own comment at any time; nobody else can', async () => {
  const key = freshKey('del');
  const dan = await postComment(key, { author_name: 'Dan', body: 'I take it back' });
  const danCookie = sessionCookie(dan);
  const eve = await postComment(key, { author_name: 'Eve', body: 'Staying' });
  const held = await postComment(key, { body: 'held: http://a.example http://b.example http://c.example' }, { Cookie: danCookie });
  assert.equal(held.status, 202);
  const del = (id, cookie) => request(`/comments/${id}`, { method: 'DELETE', headers: cookie ? { Cookie: cookie } : {} });

  assert.equal((await del(dan.json.id, sessionCookie(eve))).status, 404, 'not someone else\'s');
  assert.equal((await del(dan.json.id, null)).status, 401);
  const gone = await del(dan.json.id, danCookie);
  assert.equal(gone.status, 204, gone.text);
  assert.equal((await del(dan.json.id, danCookie)).status, 404, 'once');
  assert.equal((await del(held.json.id, danCookie)).status, 204, 'a held one too');
  const list = await getFresh(`/articles/${key}/comments`);
  assert.deepEqual(list.json.comments.map((c) => c.body), ['Staying']);
  assert.equal(list.json.article.comment_count, 1);
  assert.equal(sql(`SELECT string_agg(action || ':' || from_status || '>' || to_status, ',' ORDER BY id)
    FROM moderation_log WHERE comment_id = ${dan.json.id} AND via = 'api'`), 'delete:published>deleted');
  const mine = await request(`/articles/${key}/comments/mine`, { headers: { Cookie: danCookie } });
  assert.deepEqual([mine.json.comments, mine.json.own], [[], []]);
});

test('featured comments lead the first page; staff carry a badge', async () => {
  const key = freshKey('feat');
  const email = `feat-${Date.now()}@news.example`;
  const { execFileSync } = await import('node:child_process');
  const dbUrl = execFileSync('sh', ['scripts/pg.sh', 'url', process.env.ROSTRA_STACK], { encoding: 'utf8' }).trim();
  execFileSync(`${process.env.ROSTRA_BUILD}/rostra`, ['user', 'add', email, `Desk ${Date.now()}`, 'moderator'],
    { env: { ...process.env, ROSTRA_DATABASE_URL: dbUrl, ROSTRA_CONFIG: '' }, input: 'moderator password\n' });
  const login = await request('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'moderator password' }) });
  const mod = sessionCookie(login);
  const first = await postComment(key, { author_name: 'Pia', body: 'The best point here' });
  for (let i = 0; i < 3; i++) await postComment(key, { author_name: `Q${i}`, body: `filler ${i}` });
  const staff = await postComment(key, { body: 'From the newsroom' }, { Cookie: mod });
  assert.equal(staff.json.badge, 'staff');
  const feature = await request('/moderation/comments/actions', { method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: mod }, body: JSON.stringify({ action: 'feature', ids: [first.json.id] }) });
  assert.equal(feature.status, 200);

  const page1 = await getFresh(`/articles/${key}/comments?limit=2`);
  assert.deepEqual(page1.json.featured.map((c) => [c.id, c.featured]), [[first.json.id, true]]);
  assert.deepEqual(page1.json.comments.map((c) => [c.body, c.badge]), [['From the newsroom', 'staff'], ['filler 2', 'guest']]);
  assert.equal(page1.json.comments.length, 2, 'featured ones do not eat the page');
  const page3 = await getFresh(`/articles/${key}/comments?limit=2&cursor=${encodeURIComponent(page1.json.next_cursor)}`);
  assert.deepEqual(page3.json.featured, [], 'only the first page repeats them');
  const last = await getFresh(`/articles/${key}/comments?limit=2&cursor=${encodeURIComponent(page3.json.next_cursor)}`);
  assert.deepEqual(last.json.comments.map((c) => [c.id, c.featured]), [[first.json.id, true]], 'and it keeps its place too');
});
