// SPDX-License-Identifier: ISC — Rostra
// Throw-away guests (issue 13, finding 1) through nginx: three new guests
// cannot hide a comment by reporting it (it goes to the Reported queue for
// a human), staff and trusted authors are never held by reports, readers
// with standing still hold a comment at report_hold; one address may create
// only guest_address_max guests an hour (429, nothing stored); and new
// guests' likes do not lift a comment up the "reactions" order.
// Settings are the site's: every test that changes one puts it back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freshKey, request, getFresh, postComment, send, sessionCookie, sql, staff, STACK } from './helpers.mjs';

const ROSTRA = `${process.env.ROSTRA_BUILD}/rostra`;
const DB_URL = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
const ENV = { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' };
const unique = () => randomBytes(4).toString('hex');
const moderator = staff;

// A guest who has just posted a comment (published): new, so without standing.
async function guest(key = freshKey('elsewhere'), name = `Reader ${unique()}`) {
  const first = await postComment(key, { author_name: name, body: `Hello from ${name}` });
  assert.equal(first.status, 201, first.text);
  return { cookie: sessionCookie(first), name, id: Number(sql(`SELECT user_id FROM comment WHERE id = ${first.json.id}`)) };
}

// A reader with standing: a published comment and an identity a day old.
async function established() {
  const who = await guest();
  sql(`UPDATE app_user SET created_at = now() - interval '2 days' WHERE id = ${who.id}`);
  return who;
}

const statusOf = (id) => sql(`SELECT status FROM comment WHERE id = ${Number(id)}`);
const listed = async (key) => (await getFresh(`/articles/${key}/comments`)).json.comments.map((c) => c.id);
const report = (who, id) => send('POST', `/comments/${id}/reports`, who.cookie, { reason: 'abusive' });
const queue = async (mod, name, key) => {
  const r = await request(`/moderation/comments?queue=${name}&article=${key}`, { headers: { Cookie: mod.cookie } });
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((i) => i.id).sort((a, b) => a - b);
};

let keeper;
async function settings(patch) {
  keeper ??= await moderator(`Settings Keeper ${unique()}`, 'admin');
  const r = await send('PATCH', '/moderation/settings', keeper.cookie, patch);
  assert.equal(r.status, 200, r.text);
  return r.json.settings;
}
after(async () => { await settings({ report_hold: 3, guest_address_max: 0 }); });

test('three new guests report a staff comment and a reader\'s: neither is held, both reach the Reported queue', async () => {
  await settings({ report_hold: 3 });
  const key = freshKey('abuse');
  const mod = await moderator();
  const staff = await postComment(key, { body: 'A note from the newsroom' }, { Cookie: mod.cookie });
  assert.equal(staff.status, 201, staff.text);
  const author = await guest(key);
  const plain = await postComment(key, { body: 'An ordinary opinion' }, { Cookie: author.cookie });
  assert.equal(plain.status, 201, plain.text);

  // Three guests made in a row from one address, each with a published comment of its own.
  const throwaway = [await guest(), await guest(), await guest()];
  for (const who of throwaway) {
    assert.equal((await report(who, staff.json.id)).status, 204);
    assert.equal((await report(who, plain.json.id)).status, 204);
  }
  for (const id of [staff.json.id, plain.json.id]) {
    assert.equal(statusOf(id), 'published', 'three new guests do not hold a comment');
    assert.equal(sql(`SELECT report_count || ' ' || report_weight FROM comment WHERE id = ${id}`), '3 0',
      'counted for the queue, weighing nothing');
  }
  const shown = await listed(key);
  assert.ok(shown.includes(staff.json.id) && shown.includes(plain.json.id), 'both still shown to readers');
  assert.deepEqual(await queue(mod, 'reported', key), [staff.json.id, plain.json.id].sort((a, b) => a - b),
    'both wait for a human in the Reported queue');
  assert.deepEqual(await queue(mod, 'pending', key), []);
  assert.equal(sql(`SELECT count(*) FROM moderation_log WHERE comment_id IN (${staff.json.id}, ${plain.json.id})
    AND action = 'hold'`), '0');

  // Readers with standing: the reader's comment is held at report_hold, the staff comment never.
  const known = [await established(), await established(), await established()];
  for (const who of known) {
    assert.equal((await report(who, staff.json.id)).status, 204);
    assert.equal((await report(who, plain.json.id)).status, 204);
  }
  assert.equal(statusOf(plain.json.id), 'held', 'three readers with standing hold it');
  assert.ok(!(await listed(key)).includes(plain.json.id));
  assert.equal(sql(`SELECT note FROM moderation_log WHERE comment_id = ${plain.json.id} AND action = 'hold'`),
    'held: reported by 6 readers');
  assert.equal(statusOf(staff.json.id), 'published', 'a staff comment is never held by reports');
  assert.equal(sql(`SELECT report_count || ' ' || report_weight FROM comment WHERE id = ${staff.json.id}`), '6 3');
  assert.ok((await listed(key)).includes(staff.json.id));
  assert.deepEqual(await queue(mod, 'reported', key), [staff.json.id]);
});

test('a trusted author is never held by reports, however they weigh', async () => {
  await settings({ report_hold: 1 });
  const key = freshKey('abuse');
  const mod = await moderator();
  const fay = await guest(key);
  const trust = await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie, { action: 'trust' });
  assert.equal(trust.status, 200, trust.text);
  const said = await postComment(key, { body: 'Trusted words' }, { Cookie: fay.cookie });
  assert.equal(said.status, 201, said.text);
  const other = await guest(key);
  const theirs = await postComment(key, { body: 'Untrusted words' }, { Cookie: other.cookie });
  for (const id of [said.json.id, theirs.json.id]) assert.equal((await report(await established(), id)).status, 204);
  assert.equal(statusOf(said.json.id), 'published');
  assert.equal(statusOf(theirs.json.id), 'held', 'report_hold 1: one reader with standing holds a normal reader\'s');
  assert.deepEqual(await queue(mod, 'reported', key), [said.json.id]);
  await settings({ report_hold: 3 });
});

// Guests this address made in the last hour (the test suite makes many from 127.0.0.1).
const recentGuests = () => Number(sql(`SELECT count(*) FROM app_user WHERE kind = 'guest'
  AND address = '127.0.0.1' AND created_at > now() - interval '1 hour'`));
const usersNamed = (name) => Number(sql(`SELECT count(*) FROM app_user WHERE display_name = :'name'`, { name }));

test('one address creates at most guest_address_max guests an hour: then 429, nothing stored', async () => {
  const key = freshKey('guests');
  try {
    await settings({ guest_address_max: recentGuests() + 2 });
    const a = await send('POST', '/session/guest', null, { display_name: `Guest ${unique()}` });
    assert.equal(a.status, 201, a.text);
    const b = await postComment(key, { author_name: `Guest ${unique()}`, body: 'Within the limit' });
    assert.equal(b.status, 201, b.text);

    const name = `Guest ${unique()}`;
    const c = await send('POST', '/session/guest', null, { display_name: name });
    assert.equal(c.status, 429, c.text);
    assert.equal(c.json.error.code, 'too_many_requests');
    assert.match(c.json.error.message, /new guests from this address/);
    const retry = Number(c.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 3600, `Retry-After ${c.headers.get('retry-after')}`);
    assert.equal(sessionCookie(c), null);
    assert.equal(usersNamed(name), 0, 'no guest stored');

    const d = await postComment(key, { author_name: name, body: 'One guest too many' });
    assert.equal(d.status, 429, d.text);
    assert.equal(d.json.error.code, 'too_many_requests');
    assert.ok(Number(d.headers.get('retry-after')) >= 1);
    assert.equal(usersNamed(name), 0, 'no guest stored');
    assert.equal(sql(`SELECT count(*) FROM comment WHERE body = 'One guest too many'`), '0', 'nor their comment');

    // A guest who has a session keeps posting.
    const again = await postComment(key, { body: 'Still here' }, { Cookie: sessionCookie(b) });
    assert.equal(again.status, 201, again.text);

    // Concurrent creations are counted exactly: two more allowed, two succeed.
    await settings({ guest_address_max: recentGuests() + 2 });
    const names = Array.from({ length: 6 }, () => `Racer ${unique()}`);
    const all = await Promise.all(names.map((n) => send('POST', '/session/guest', null, { display_name: n })));
    assert.deepEqual(all.map((r) => r.status).sort(), [201, 201, 429, 429, 429, 429]);
    assert.equal(names.reduce((n, x) => n + usersNamed(x), 0), 2);
  } finally {
    await settings({ guest_address_max: 0 });
  }
  const off = await send('POST', '/session/guest', null, { display_name: `Guest ${unique()}` });
  assert.equal(off.status, 201, '0 turns the limit off');
});

test('guest_address_max is a setting: checked, listed, and the CLI sets it', async () => {
  const mod = await moderator(`Admin ${unique()}`, 'admin');
  const bad = await send('PATCH', '/moderation/settings', mod.cookie, { guest_address_max: -1 });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'guest_address_max');
  const got = await request('/moderation/settings', { headers: { Cookie: mod.cookie } });
  assert.equal(got.json.settings.guest_address_max, 0, 'the harness turns it off');
  execFileSync(ROSTRA, ['settings', 'set', 'guest_address_max', '7'], { env: ENV, encoding: 'utf8' });
  assert.equal(sql('SELECT guest_address_max FROM moderation_setting'), '7');
  await settings({ guest_address_max: 0 });
});

test('new guests\' likes do not lift a comment up "most liked"; readers with standing do', async () => {
  const key = freshKey('likes');
  const ann = await guest(key);
  const say = async (body) => {
    const r = await postComment(key, { body }, { Cookie: ann.cookie });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const first = Number(sql(`SELECT min(id) FROM comment WHERE user_id = ${ann.id}`));
  const one = await say('one');
  const two = await say('two');
  const like = (who, id, on = true) => request(`/comments/${id}/reaction`, { method: on ? 'PUT' : 'DELETE', headers: { Cookie: who.cookie } });
  const order = async (q = '') => (await getFresh(`/articles/${key}/comments?sort=reactions${q}`)).json;

  for (let i = 0; i < 4; i++) assert.equal((await like(await guest(), one)).status, 200);
  let page = await order();
  assert.deepEqual(page.comments.map((c) => c.id), [two, one, first], 'four new guests\' likes lift nothing');
  assert.equal(page.comments.find((c) => c.id === one).reactions, 4, 'the Like count shown is every reader\'s');
  assert.equal(sql(`SELECT reaction_count || ' ' || reaction_weight FROM comment WHERE id = ${one}`), '4 0');

  const known = await established();
  const r = await like(known, first);
  assert.deepEqual(r.json, { reacted: true, reactions: 1 });
  page = await order();
  assert.deepEqual(page.comments.map((c) => c.id), [first, two, one], 'one reader with standing lifts it');
  const head = await order('&limit=1');
  assert.match(head.next_cursor, /^2\.1\./, 'the cursor carries the weighted count (version 2, then 1)');
  assert.deepEqual((await order(`&cursor=${head.next_cursor}`)).comments.map((c) => c.id), [two, one]);

  assert.equal((await like(known, first, false)).status, 200);
  assert.equal(sql(`SELECT reaction_count || ' ' || reaction_weight FROM comment WHERE id = ${first}`), '0 0',
    'taking a like back takes back what it weighed');
  assert.deepEqual((await order()).comments.map((c) => c.id), [two, one, first]);
});
