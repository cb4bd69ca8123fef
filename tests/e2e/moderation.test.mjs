// SPDX-License-Identifier: ISC — Rostra
// The moderation queue through nginx: each policy check puts a comment where
// it belongs and logs why; moderators work the queues (with a 409 for the
// second of two decisions); reports; counts stay exact; the CLI does the same.
// Settings are the site's: every test that changes one puts it back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BASE, cliRefuses, freshKey, request, getFresh, postComment, send, sessionCookie, sql, staff, storedCount, STACK } from './helpers.mjs';

const ROSTRA = `${process.env.ROSTRA_BUILD}/rostra`;
const DB_URL = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
const ENV = { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' };
const cli = (...args) => execFileSync(ROSTRA, args, { env: ENV, encoding: 'utf8' });
const unique = () => randomBytes(4).toString('hex');
const moderator = staff;

// A guest who posted once (published), ready to post more.
async function guest(key, name = `Reader ${unique()}`) {
  const first = await postComment(key, { author_name: name, body: `Hello from ${name}` });
  assert.equal(first.status, 201, first.text);
  return { cookie: sessionCookie(first), id: Number(sql(`SELECT user_id FROM comment WHERE id = ${first.json.id}`)) };
}

const say = (key, who, body) => postComment(key, { body }, { Cookie: who.cookie });
const statusOf = (id) => sql(`SELECT status FROM comment WHERE id = ${Number(id)}`);
const lastId = (key) => Number(sql(`SELECT max(c.id) FROM comment c JOIN article a ON a.id = c.article_id WHERE a.key = :'key'`, { key }));
const policyLog = (id) => sql(`SELECT action || ' ' || reason || ': ' || note FROM moderation_log
  WHERE comment_id = ${Number(id)} AND via = 'policy' ORDER BY id`).split('\n').filter(Boolean);
const listed = async (key) => (await getFresh(`/articles/${key}/comments`)).json.comments.map((c) => c.body);

let admin;
async function settings(patch) {
  admin ??= await moderator(`Settings Keeper ${unique()}`, 'admin');
  const r = await send('PATCH', '/moderation/settings', admin.cookie, patch);
  assert.equal(r.status, 200, r.text);
  return r.json.settings;
}
const defaults = { premoderate: false, suspect_action: 'hold', link_max: 2, blocked_domains: '',
  rate_window: 60, repeat_window: 86400, approved_min: 0, report_hold: 3, auto_close_days: 0 };
after(async () => { await settings(defaults); });

test('the checks put each comment where it belongs and log their reasons', async () => {
  const key = freshKey('mod');
  const ann = await guest(key, `Ann ${unique()}`);

  const links = await say(key, ann, 'See http://a.example and http://b.example and http://c.example');
  assert.equal(links.status, 202, links.text);
  assert.equal(links.json.status, 'held');
  assert.deepEqual(policyLog(links.json.id), ['hold too_many_links: held: 3 links, limit is 2']);

  const banned = await say(key, ann, 'Honestly, kys.');
  assert.equal(banned.status, 422);
  assert.equal(banned.json.error.code, 'comment_rejected');
  const bannedId = lastId(key);
  assert.equal(statusOf(bannedId), 'rejected', 'kept for moderators, refused to readers');
  assert.deepEqual(policyLog(bannedId), ['reject banned_word: rejected: banned word "kys"']);

  const disguised = await say(key, ann, 'You should K.Y.S right now');
  assert.equal(disguised.status, 422, 'separators between letters do not hide a banned word');

  await settings({ blocked_domains: 'spam.example' });
  const blocked = await say(key, ann, 'Cheap pills at https://shop.spam.example/x');
  assert.equal(blocked.status, 422);
  assert.match(policyLog(lastId(key)).join(), /blocked_domain: rejected: link to blocked domain spam\.example/);

  const suspect = await say(key, ann, 'What an idiot take this is');
  assert.equal(suspect.status, 202, 'a suspect word holds by default');
  assert.match(policyLog(suspect.json.id)[0], /^hold suspect_word: held: suspect word "idiot"/);
  await settings({ suspect_action: 'report' });
  const flagged = await say(key, ann, 'Another idiot take, sorry');
  assert.equal(flagged.status, 201, 'with suspect_action report it is published…');
  assert.equal(sql(`SELECT flagged FROM comment WHERE id = ${flagged.json.id}`), 't', '…and flagged for the Reported queue');

  const repeat = await say(key, ann, 'Another idiot take, sorry');
  assert.equal(repeat.status, 409);
  assert.equal(repeat.json.error.code, 'repeated_comment');

  await settings({ premoderate: true });
  const premod = await say(key, ann, 'Premoderated site');
  assert.equal(premod.status, 202);
  assert.deepEqual(policyLog(premod.json.id), ['hold premoderated_site: held: the site is pre-moderated']);
  await settings({ premoderate: false, approved_min: 1 });
  const fresh = await postComment(key, { author_name: `Newcomer ${unique()}`, body: 'My very first comment' });
  assert.equal(fresh.status, 202, 'a guest with no approved comment is held');
  assert.deepEqual(policyLog(fresh.json.id), ['hold new_author: held: first comment of a new commenter']);
  await settings(defaults);

  // None of the held or rejected ones reach readers.
  const bodies = await listed(key);
  assert.deepEqual(bodies.sort(), ['Another idiot take, sorry', `Hello from ${sql(`SELECT display_name FROM app_user WHERE id = ${ann.id}`)}`].sort());
});

test('a held comment is shown to its author as awaiting review, and to no one else', async () => {
  const key = freshKey('mod');
  const bo = await guest(key);
  const held = await say(key, bo, 'Links: http://a.example http://b.example http://c.example');
  assert.equal(held.status, 202);
  const mine = await request(`/articles/${key}/comments/mine`, { headers: { Cookie: bo.cookie } });
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.json.comments.map((c) => [c.id, c.status]), [[held.json.id, 'held']]);
  assert.equal(mine.headers.get('cache-control'), 'no-store');
  const other = await guest(key);
  const theirs = await request(`/articles/${key}/comments/mine`, { headers: { Cookie: other.cookie } });
  assert.deepEqual(theirs.json.comments, []);
  assert.equal((await request(`/articles/${key}/comments/mine`)).status, 401);
  assert.ok(!(await listed(key)).includes(held.json.body));
  const list = await getFresh(`/articles/${key}/comments`);
  assert.equal(list.json.article.comment_count, 2, 'the public count leaves it out');
});

test('too many comments too fast: 429 with Retry-After, nothing stored', async () => {
  const key = freshKey('mod');
  const cy = await guest(key);
  await settings({ rate_author_max: 3, rate_window: 600 });
  try {
    assert.equal((await say(key, cy, 'two')).status, 201);
    assert.equal((await say(key, cy, 'three')).status, 201);
    const fast = await say(key, cy, 'four');
    assert.equal(fast.status, 429);
    assert.equal(fast.headers.get('retry-after'), '600');
    assert.equal(storedCount(key), 3);
    // Another reader from the same address is not held back by cy's pace…
    const dee = await postComment(key, { author_name: `Dee ${unique()}`, body: 'me too' });
    assert.equal(dee.status, 201);
    // …until the address itself is too fast.
    await settings({ rate_author_max: 0, rate_address_max: 1 });
    const crowd = await postComment(key, { author_name: `Eve ${unique()}`, body: 'and me' });
    assert.equal(crowd.status, 429);
    assert.equal(storedCount(key), 4);
  } finally {
    await settings({ rate_author_max: 0, rate_address_max: 0, rate_window: 60 });
  }
});

test('moderators and trusted readers skip the content checks; closed, banned and suspended are refused', async () => {
  const key = freshKey('mod');
  const mod = await moderator();
  const links = 'Sources: http://a.example http://b.example http://c.example';
  const staff = await send('POST', `/articles/${key}/comments`, mod.cookie, { body: links });
  assert.equal(staff.status, 201, 'staff are published as they write');
  assert.deepEqual(policyLog(staff.json.id), ['publish trusted_author: published: staff']);

  const fay = await guest(key);
  const trust = await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie, { action: 'trust' });
  assert.equal(trust.status, 200, trust.text);
  assert.equal(trust.json.user.standing, 'trusted');
  assert.equal((await say(key, fay, links)).status, 201);
  await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie, { action: 'premoderate' });
  const pm = await say(key, fay, 'now always held');
  assert.equal(pm.status, 202);
  assert.match(policyLog(pm.json.id)[0], /premoderated_author/);

  const sus = await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie,
    { action: 'suspend', hours: 2, note: 'cool off' });
  assert.equal(sus.status, 200);
  assert.ok(sus.json.user.suspended_until);
  const during = await say(key, fay, 'let me speak');
  assert.equal(during.status, 403);
  assert.equal(during.json.error.code, 'user_suspended');
  await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie, { action: 'unsuspend' });
  await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie, { action: 'normal' });
  assert.equal((await say(key, fay, 'back again')).status, 201);

  const close = await send('POST', `/moderation/articles/${key}/actions`, mod.cookie, { action: 'close' });
  assert.equal(close.status, 200);
  assert.equal(close.json.article.closed, true);
  const closed = await say(key, fay, 'too late');
  assert.equal(closed.status, 403);
  assert.equal(closed.json.error.code, 'thread_closed');
  assert.equal((await getFresh(`/articles/${key}/comments`)).json.article.closed, true, 'the listing says so');
  await send('POST', `/moderation/articles/${key}/actions`, mod.cookie, { action: 'reopen' });
  assert.equal((await say(key, fay, 'open again')).status, 201);

  await send('POST', `/moderation/articles/${key}/actions`, mod.cookie, { action: 'premoderate' });
  assert.equal((await say(key, fay, 'article premoderated')).status, 202);
  await send('POST', `/moderation/articles/${key}/actions`, mod.cookie, { action: 'unpremoderate' });

  const before = storedCount(key);
  const ban = await send('POST', `/moderation/users/${fay.id}/actions`, mod.cookie,
    { action: 'ban', reject_comments: true, note: 'spam wave' });
  assert.equal(ban.status, 200, ban.text);
  assert.equal(ban.json.user.banned, true);
  assert.ok(ban.json.rejected >= 4, 'their comments are rejected with the ban');
  assert.equal((await say(key, fay, 'still here?')).status, 401, 'a ban ends every session');
  assert.equal(storedCount(key), before);
  assert.deepEqual((await listed(key)).filter((b) => b !== links), [], 'only the staff comment is left');
  const log = await request(`/moderation/log?user=${fay.id}`, { headers: { Cookie: mod.cookie } });
  const actions = log.json.entries.map((e) => e.action);
  for (const a of ['trust', 'premoderate', 'suspend', 'unsuspend', 'normal', 'ban', 'reject'])
    assert.ok(actions.includes(a), `the log has ${a}`);
  assert.equal(log.json.entries.find((e) => e.action === 'ban').by, mod.name);
  assert.equal(log.json.entries.find((e) => e.action === 'suspend').note, '2 hours — cool off');

  const staffBan = await send('POST', `/moderation/users/${mod.id}/actions`, mod.cookie, { action: 'ban' });
  assert.equal(staffBan.status, 404, 'staff are not banned from the moderator API');
});

test('moderators work the queue: approve, reject, undo, feature; the second decision gets a 409 naming the first', async () => {
  const key = freshKey('mod');
  const gil = await guest(key);
  const ids = [];
  for (const n of [1, 2, 3]) {
    const r = await say(key, gil, `held ${n}: http://a.example http://b.example http://c.example`);
    ids.push(r.json.id);
  }
  const mia = await moderator(`Mia ${unique()}`);
  const max = await moderator(`Max ${unique()}`);
  const counts = async () => (await request(`/moderation/queues?article=${key}`, { headers: { Cookie: mia.cookie } })).json.counts;
  assert.deepEqual(await counts(), { pending: 3, reported: 0, unmoderated: 4, approved: 0, rejected: 0 });

  const page = await request(`/moderation/comments?queue=pending&article=${key}`, { headers: { Cookie: max.cookie } });
  assert.equal(page.status, 200);
  assert.deepEqual(page.json.items.map((i) => i.id), ids, 'oldest first');
  const item = page.json.items[0];
  assert.deepEqual(item.reasons, [{ code: 'too_many_links', text: 'held: 3 links, limit is 2' }]);
  assert.equal(item.article.key, key);
  assert.equal(item.author.id, gil.id);
  assert.deepEqual(item.author.history, { comments: 4, approved: 0, rejected: 0, held: 3, published: 1 });

  // Polling with the ETag costs a 304 until something changes.
  const etag = page.headers.get('etag');
  const again = await request(`/moderation/comments?queue=pending&article=${key}`, { headers: { Cookie: max.cookie, 'If-None-Match': etag } });
  assert.equal(again.status, 304);

  const approve = await send('POST', '/moderation/comments/actions', mia.cookie, { action: 'approve', ids: [ids[0]], from: 'held' });
  assert.equal(approve.status, 200, approve.text);
  assert.deepEqual(approve.json.results, [{ id: ids[0], ok: true }]);
  const late = await send('POST', '/moderation/comments/actions', max.cookie, { action: 'reject', ids: [ids[0]], from: 'held', reason: 'spam' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'already_decided');
  assert.match(late.json.error.message, new RegExp(`${mia.name} already made it approved`));
  assert.equal(statusOf(ids[0]), 'approved', 'one decision, not two');
  const changed = await request(`/moderation/comments?queue=pending&article=${key}`, { headers: { Cookie: max.cookie, 'If-None-Match': etag } });
  assert.equal(changed.status, 200, 'the poll sees the change');
  assert.deepEqual(changed.json.items.map((i) => i.id), ids.slice(1));
  assert.ok((await listed(key)).includes(`held 1: http://a.example http://b.example http://c.example`));

  // Two moderators at once on the same comment: exactly one wins.
  const race = await Promise.all([mia, max].map((m) => send('POST', '/moderation/comments/actions', m.cookie,
    { action: m === mia ? 'approve' : 'reject', ids: [ids[1]], from: 'held' })));
  assert.deepEqual(race.map((r) => r.status).sort(), [200, 409]);
  assert.equal(Number(sql(`SELECT count(*) FROM moderation_log WHERE comment_id = ${ids[1]} AND via = 'api'`)), 1);

  // Bulk: one request, each result said; the already-decided one is left alone.
  const bulk = await send('POST', '/moderation/comments/actions', mia.cookie, { action: 'reject', ids: [ids[1], ids[2]], reason: 'spam', note: 'link farm' });
  assert.equal(bulk.status, 200);
  assert.deepEqual(bulk.json.results.map((r) => r.ok), [false, true]);
  assert.equal(statusOf(ids[2]), 'rejected');
  const rejectLog = await request(`/moderation/log?comment=${ids[2]}`, { headers: { Cookie: mia.cookie } });
  assert.deepEqual(Object.fromEntries(['by', 'via', 'action', 'from', 'to', 'reason', 'note'].map((k) => [k, rejectLog.json.entries[0][k]])),
    { by: mia.name, via: 'api', action: 'reject', from: 'held', to: 'rejected', reason: 'spam', note: 'link farm' });
  assert.equal(rejectLog.json.entries.at(-1).by, 'system', 'the hold that started it is there too');

  // Undo a rejection: back to held, and the counts follow every move.
  const undo = await send('POST', '/moderation/comments/actions', mia.cookie, { action: 'hold', ids: [ids[2]], from: 'rejected' });
  assert.equal(undo.status, 200);
  const expected = { pending: 1, reported: 0, unmoderated: 2, approved: 1, rejected: 0 };
  if (statusOf(ids[1]) === 'approved') expected.approved += 1; else expected.rejected += 1;
  assert.deepEqual(await counts(), expected);
  const truth = sql(`SELECT count(*) FILTER (WHERE status = 'held') || ' ' || count(*) FILTER (WHERE status IN ('published', 'approved'))
    FROM comment c JOIN article a ON a.id = c.article_id WHERE a.key = :'key'`, { key });
  assert.equal(truth, `${expected.pending} ${1 + expected.approved}`);
  assert.equal((await getFresh(`/articles/${key}/comments`)).json.article.comment_count, 1 + expected.approved);

  const feature = await send('POST', '/moderation/comments/actions', mia.cookie, { action: 'feature', ids: [ids[0]] });
  assert.deepEqual(feature.json.results, [{ id: ids[0], ok: true }]);
  assert.equal(sql(`SELECT featured FROM comment WHERE id = ${ids[0]}`), 't');

  // The author view: queue=all lists every status but deleted, newest first, counts unchanged.
  const all = await request(`/moderation/comments?queue=all&user=${gil.id}`, { headers: { Cookie: mia.cookie } });
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.queue, 'all');
  const mine = sql(`SELECT string_agg(id || ' ' || status, ',' ORDER BY id DESC) FROM comment WHERE user_id = ${gil.id} AND status <> 'deleted'`);
  assert.equal(all.json.items.map((i) => i.id + ' ' + i.status).join(','), mine);
  assert.ok(new Set(all.json.items.map((i) => i.status)).size >= 3, 'held, published and decided ones: ' + mine);
  assert.deepEqual(Object.keys(all.json.counts), ['pending', 'reported', 'unmoderated', 'approved', 'rejected']);
  const everyone = await request('/moderation/comments?queue=all', { headers: { Cookie: mia.cookie } });
  assert.equal(everyone.status, 400, 'all is one author\'s view');
  assert.equal(everyone.json.error.field, 'user');

  const bad = await send('POST', '/moderation/comments/actions', mia.cookie, { action: 'approve', ids: [] });
  assert.equal(bad.status, 400);
  const unknown = await send('POST', '/moderation/comments/actions', mia.cookie, { action: 'explode', ids: [1] });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.error.field, 'action');
});

test('readers report once; enough reporters hold the comment; dismissed reporters weigh less', async () => {
  const key = freshKey('mod');
  const author = await guest(key);
  const target = await say(key, author, 'A contested claim');
  const reporters = [];
  for (let i = 0; i < 4; i++) reporters.push(await guest(freshKey('elsewhere')));
  // Only readers with standing hold a comment (a published comment, a day
  // old): new guests' reports weigh nothing (tests/e2e/abuse_reports).
  const standing = (who) => sql(`UPDATE app_user SET created_at = now() - interval '2 days' WHERE id = ${who.id}`);
  reporters.forEach(standing);
  const report = (who, body) => send('POST', `/comments/${target.json.id}/reports`, who.cookie, body);

  assert.equal((await report(author, { reason: 'spam' })).status, 404, 'not one\'s own');
  assert.equal((await report(reporters[0], { reason: 'nonsense' })).status, 400);
  assert.equal((await report(reporters[0], { reason: 'other' })).status, 400, 'other needs a note');
  assert.equal((await report(reporters[0], { reason: 'spam' })).status, 204);
  const twice = await report(reporters[0], { reason: 'abusive' });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'already_reported');
  // The reporter's page says so (the embed shows "Reported"); nobody else's.
  const marks = (who) => request(`/articles/${key}/comments/mine`, { headers: { Cookie: who.cookie } });
  assert.deepEqual((await marks(reporters[0])).json.reported, [target.json.id]);
  assert.deepEqual((await marks(reporters[1])).json.reported, []);
  assert.deepEqual((await marks(author)).json.reported, []);
  assert.equal((await request(`/comments/${target.json.id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":"spam"}' })).status, 401);

  const mod = await moderator();
  const reported = await request(`/moderation/comments?queue=reported&article=${key}`, { headers: { Cookie: mod.cookie } });
  assert.deepEqual(reported.json.items.map((i) => i.id), [target.json.id]);
  assert.deepEqual(reported.json.items[0].reports.by_reason, { spam: 1 });
  assert.equal(reported.json.counts.reported, 1);

  // Dismissed: the reporter's next reports count half.
  const dismiss = await send('POST', '/moderation/comments/actions', mod.cookie, { action: 'dismiss', ids: [target.json.id] });
  assert.deepEqual(dismiss.json.results, [{ id: target.json.id, ok: true }]);
  assert.equal((await request(`/moderation/queues?article=${key}`, { headers: { Cookie: mod.cookie } })).json.counts.reported, 0);
  sql(`UPDATE app_user SET reports_dismissed = 2 WHERE id = ${reporters[1].id}`);

  assert.equal((await report(reporters[1], { reason: 'abusive' })).status, 204);
  assert.equal((await report(reporters[2], { reason: 'other', note: 'made up' })).status, 204);
  assert.equal((await report(reporters[3], { reason: 'misinformation' })).status, 204);
  assert.equal(statusOf(target.json.id), 'published', '0.5 + 1 + 1 is below report_hold 3');
  const fifth = await guest(freshKey('elsewhere'));
  standing(fifth);
  assert.equal((await report(fifth, { reason: 'spam' })).status, 204);
  assert.equal(statusOf(target.json.id), 'held', 'at report_hold it is held');
  assert.ok(!(await listed(key)).includes('A contested claim'));
  const pending = await request(`/moderation/comments?queue=pending&article=${key}`, { headers: { Cookie: mod.cookie } });
  assert.equal(pending.json.items[0].reasons.at(-1).code, 'reports');
  assert.deepEqual(pending.json.items[0].reports.by_reason, { abusive: 1, other: 1, misinformation: 1, spam: 1 });
  assert.deepEqual(pending.json.items[0].reports.notes, ['made up']);
});

test('settings: read by moderators, changed by admins only, checked; word lists: edited by moderators, used by the next comment', async () => {
  const mod = await moderator();
  const boss = await moderator(`Admin ${unique()}`, 'admin');
  const before = (await request('/moderation/settings', { headers: { Cookie: mod.cookie } })).json.settings;
  const denied = await send('PATCH', '/moderation/settings', mod.cookie, { premoderate: !before.premoderate, link_max: 7 });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(denied.json.error.code, 'forbidden');
  assert.deepEqual((await request('/moderation/settings', { headers: { Cookie: boss.cookie } })).json.settings, before,
    'a moderator changes no setting');
  const bad = await send('PATCH', '/moderation/settings', boss.cookie, { link_max: 'many' });
  assert.equal(bad.status, 400);
  const range = await send('PATCH', '/moderation/settings', boss.cookie, { link_max: 3, rate_window: 0 });
  assert.equal(range.status, 400, 'out of range');
  assert.equal(range.json.error.field, 'rate_window');
  assert.match(range.json.error.message, /from 1 to 86400/);
  assert.equal((await request('/moderation/settings', { headers: { Cookie: mod.cookie } })).json.settings.link_max, 2, 'nothing half-changed');
  assert.equal((await send('PATCH', '/moderation/settings', boss.cookie, { colour: 'red' })).status, 400);

  const key = freshKey('mod');
  const word = `zorbl${unique().replace(/\d/g, 'q')}`;
  const hal = await guest(key);
  assert.equal((await say(key, hal, `I say ${word} loudly`)).status, 201);
  const add = await send('POST', '/moderation/words', mod.cookie, { list: 'banned', add: [word] });
  assert.equal(add.status, 200, add.text);
  assert.equal(add.json.added, 1);
  assert.ok(add.json.banned.includes(word));
  const now = await say(key, hal, `I say ${word.toUpperCase()} again`);
  assert.equal(now.status, 422, 'every worker picks up the new list with its next comment');
  const rm = await send('POST', '/moderation/words', mod.cookie, { list: 'banned', remove: [word] });
  assert.equal(rm.json.removed, 1);
  assert.equal((await say(key, hal, `and ${word} once more`)).status, 201);
  const junk = await send('POST', '/moderation/words', mod.cookie, { list: 'banned', add: ['!!!'] });
  assert.equal(junk.status, 400, 'an entry with no letter cannot be matched');
  assert.equal((await send('POST', '/moderation/words', mod.cookie, { list: 'other', add: ['x'] })).status, 400);
  assert.ok((await request('/moderation/words', { headers: { Cookie: mod.cookie } })).json.suspect.length > 10, 'the default lists ship');
});

test('the CLI lists, decides, bans and edits words with the same checks and log', async () => {
  const key = freshKey('cli');
  const ivy = await guest(key);
  const held = await say(key, ivy, 'CLI: http://a.example http://b.example http://c.example');
  const queue = cli('queue', 'pending', key).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(queue.map((i) => i.id), [held.json.id]);
  assert.match(cli('comment', 'approve', String(held.json.id)), new RegExp(`approve ${held.json.id}`));
  cliRefuses(ROSTRA, ['comment', 'reject', String(held.json.id)], { env: ENV }, 1,
    /1 of 1 unchanged \(already decided/);
  const log = cli('log', 'comment', String(held.json.id)).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual([log[0].by, log[0].via, log[0].action, log[0].to], ['CLI', 'cli', 'approve', 'approved']);
  assert.match(cli('words', 'add', 'suspect', 'flibbertigibbet'), /1 added/);
  assert.match(cli('words'), /flibbertigibbet/);
  assert.match(cli('words', 'remove', 'suspect', 'flibbertigibbet'), /1 removed/);
  assert.equal(JSON.parse(cli('user', 'ban', String(ivy.id))).banned, true);
  assert.equal((await say(key, ivy, 'after the ban')).status, 401);
  assert.equal(JSON.parse(cli('settings')).link_max, 2);
  cliRefuses(ROSTRA, ['settings', 'set', 'link_max', '-1'], { env: ENV }, 1, /settings: value out of range/);
});

test('the database refuses a status change the transition table does not list, and any edit of the log', async () => {
  const { json: { id } } = await postComment(freshKey('mod'), { author_name: `Jo ${unique()}`, body: 'to be deleted' });
  sql(`UPDATE comment SET status = 'deleted' WHERE id = ${id}`);
  assert.throws(() => sql(`UPDATE comment SET status = 'published' WHERE id = ${id}`), /cannot go from deleted to published/);
  assert.throws(() => sql(`UPDATE moderation_log SET note = 'rewritten'`), /append-only/);
  assert.throws(() => sql(`DELETE FROM moderation_log`), /append-only/);
});

test('threads close by themselves N days after their first comment; an article can differ from the site', async () => {
  const key = freshKey('mod');
  const kim = await guest(key);
  sql(`UPDATE article SET created_at = now() - interval '3 days' WHERE key = :'key'`, { key });
  await settings({ auto_close_days: 2 });
  try {
    const late = await say(key, kim, 'three days on');
    assert.equal(late.status, 403);
    assert.equal((await getFresh(`/articles/${key}/comments`)).json.article.closed, true);
    assert.equal(late.json.error.code, 'thread_closed');
    const mod = await moderator();
    const longer = await send('POST', `/moderation/articles/${key}/actions`, mod.cookie, { action: 'auto_close', days: 7 });
    assert.equal(longer.json.article.auto_close_days, 7);
    const state = await request(`/moderation/articles/${key}`, { headers: { Cookie: mod.cookie } });
    assert.deepEqual(state.json.article, longer.json.article);
    assert.equal((await request(`/moderation/articles/${freshKey('none')}`, { headers: { Cookie: mod.cookie } })).status, 404);
    assert.equal((await say(key, kim, 'this one stays open a week')).status, 201);
    const bad = await send('POST', `/moderation/articles/${key}/actions`, mod.cookie, { action: 'auto_close', days: -1 });
    assert.equal(bad.status, 400);
  } finally {
    await settings({ auto_close_days: 0 });
  }
});

test('moderators filter a queue by text, author and reason, and keep notes on a reader', async () => {
  const key = freshKey('mod');
  const lou = await guest(key, `Lou ${unique()}`);
  const links = await say(key, lou, 'Tangerine links http://a.example http://b.example http://c.example');
  const idiot = await say(key, lou, 'What an idiot, tangerine or not');
  const mod = await moderator();
  const q = async (params) => (await request(`/moderation/comments?queue=pending&article=${key}&${params}`,
    { headers: { Cookie: mod.cookie } })).json.items.map((i) => i.id);
  assert.deepEqual(await q('q=TANGERINE'), [links.json.id, idiot.json.id], 'text, case-insensitively');
  assert.deepEqual(await q('reason=suspect_word'), [idiot.json.id]);
  assert.deepEqual(await q('reason=too_many_links'), [links.json.id]);
  assert.deepEqual(await q(`user=${lou.id}&limit=1`), [links.json.id]);
  const page2 = await request(`/moderation/comments?queue=pending&article=${key}&limit=1&cursor=${links.json.id}`, { headers: { Cookie: mod.cookie } });
  assert.deepEqual(page2.json.items.map((i) => i.id), [idiot.json.id]);
  assert.equal(page2.json.next_cursor, null);
  for (const bad of ['queue=nope', 'limit=0', 'cursor=x', 'reason=DROP%20TABLE', 'article=bad%20key', 'q=%ZZ', 'user=5%00', 'article=a%00b'])
    assert.equal((await request(`/moderation/comments?${bad}`, { headers: { Cookie: mod.cookie } })).status, 400, bad);

  const note = await send('POST', `/moderation/users/${lou.id}/actions`, mod.cookie, { action: 'note', note: 'Warned about links on 28 Nov.' });
  assert.equal(note.status, 200, note.text);
  assert.deepEqual(note.json.user.notes.map((n) => [n.body, n.by]), [['Warned about links on 28 Nov.', mod.name]]);
  const user = await request(`/moderation/users/${lou.id}`, { headers: { Cookie: mod.cookie } });
  assert.equal(user.json.user.history.held, 2);
  assert.equal((await request('/moderation/users/999999999', { headers: { Cookie: mod.cookie } })).status, 404);
  assert.equal((await send('POST', `/moderation/users/${lou.id}/actions`, mod.cookie, { action: 'note' })).status, 400);
});

test('a held reply carries its parent: author, a bounded excerpt, status; a top-level comment has none', async () => {
  const key = freshKey('mod-reply');
  const url = `${BASE}/${key}`;
  const long = `The 2005 estimate ${unique()} was never published.\nSecond line. ` + 'x'.repeat(300);
  const top = await postComment(key, { author_name: `Ann ${unique()}`, body: long, title: 'Replies', url });
  assert.equal(top.status, 201, top.text);
  const gil = await guest(key);
  const reply = await postComment(key, { body: 'Good question: http://a.example http://b.example http://c.example',
    parent_id: top.json.id }, { Cookie: gil.cookie });
  assert.equal(reply.status, 202, reply.text);
  const lone = await say(key, gil, 'Alone: http://a.example http://b.example http://c.example');
  assert.equal(lone.status, 202, lone.text);

  const mod = await moderator(`Mo ${unique()}`);
  const page = await request(`/moderation/comments?queue=pending&article=${key}`, { headers: { Cookie: mod.cookie } });
  assert.equal(page.status, 200, page.text);
  const byId = new Map(page.json.items.map((i) => [i.id, i]));
  const r = byId.get(reply.json.id).reply_to;
  const stored = sql(`SELECT author_name FROM comment WHERE id = ${top.json.id}`);
  assert.deepEqual(r, { id: top.json.id, author_name: stored, status: 'published', excerpt: long.slice(0, 160), truncated: true });
  assert.equal(byId.get(lone.json.id).reply_to, null, 'a top-level comment answers no one');
  assert.equal(byId.get(reply.json.id).article.url, url, 'the article keeps its address for the thread link');
});
