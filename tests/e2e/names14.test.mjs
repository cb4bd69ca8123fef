// SPDX-License-Identifier: ISC — Rostra
// Issue 14, finding 4 and two smaller ones, through nginx. A guest may not
// comment under a name (compared folded, as every name rule) that another
// guest commented under on the same article in the last 30 days: 409
// guest_name_used on the name's field, nothing stored. Guests are shown as
// guests (badge "guest" in the JSON, a label in the fragment). A comment
// the word filter rejects names the rule broken, never the word, and does
// not count toward the rate limit, whose message says how long to wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  freshKey, request, postComment, sessionCookie, sql, storedCount, stack, getFresh, STACK,
} from './helpers.mjs';

const json = (method, path, body, headers = {}) => request(path, {
  method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});
// Letters only, so no digit of the id reads as a letter.
const word = () => [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
const CYRILLIC_E = '\u0435';
const guestsNamed = (name) => Number(sql(`SELECT count(*) FROM app_user WHERE kind = 'guest'
  AND display_name = :'name';`, { name }));

test('a second guest cannot comment under a guest\'s name on the same article, however spelled', async () => {
  const w = word();
  const name = `skeptic ${w}`;
  const key = freshKey('gname');
  const first = await postComment(key, { author_name: name, body: 'The first guest speaks.' });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.badge, 'guest');
  const a = sessionCookie(first);

  // A second guest (no cookie) under the same name, or one that reads the same.
  for (const pose of [name, `SKEPTIC ${w.toUpperCase()}`, `sk${CYRILLIC_E}ptic ${w}`, `Skeptic.${w}`]) {
    const again = await postComment(key, { author_name: pose, body: `Me too, as ${pose}.` });
    assert.equal(again.status, 409, `${pose}: ${again.text}`);
    assert.equal(again.json.error.code, 'guest_name_used');
    assert.equal(again.json.error.field, 'author_name');
    assert.match(again.json.error.message, /30 days/);
    assert.equal(again.headers.get('set-cookie'), null, 'no session for a refused guest');
    assert.equal(guestsNamed(pose), pose === name ? 1 : 0, `${pose}: no second guest stored`);
  }
  assert.equal(storedCount(key), 1, 'nothing stored for the refused posts');

  // The first guest goes on commenting under their own name.
  const own = await postComment(key, { body: 'And again.' }, { Cookie: a });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.author_name, name);

  // On another article the name is free.
  const other = freshKey('gname-other');
  const elsewhere = await postComment(other, { author_name: name, body: 'Elsewhere.' });
  assert.equal(elsewhere.status, 201, elsewhere.text);
  const b = sessionCookie(elsewhere);
  // That second guest, now signed in, still may not bring the name to the first article.
  const brought = await postComment(key, { body: 'Now here.' }, { Cookie: b });
  assert.equal(brought.status, 409, brought.text);
  assert.equal(brought.json.error.code, 'guest_name_used');
  assert.equal(brought.json.error.field, 'display_name');
  assert.equal(storedCount(key), 2);

  // A guest made for this article, or renamed for it, is told at once.
  const made = await json('POST', '/session/guest', { display_name: name, article: key });
  assert.equal(made.status, 409, made.text);
  assert.deepEqual([made.json.error.code, made.json.error.field], ['guest_name_used', 'display_name']);
  assert.equal(guestsNamed(name), 2, 'no guest stored');
  const c = await json('POST', '/session/guest', { display_name: `bystander ${w}`, article: key });
  assert.equal(c.status, 201, c.text);
  const rename = await json('PATCH', '/me', { display_name: name.toUpperCase(), article: key },
    { Cookie: sessionCookie(c) });
  assert.equal(rename.status, 409, rename.text);
  assert.equal(rename.json.error.code, 'guest_name_used');
  assert.equal(sql('SELECT display_name FROM app_user WHERE id = :id;', { id: c.json.id }), `bystander ${w}`);
  const bad = await json('POST', '/session/guest', { display_name: `x ${w}`, article: 'no spaces allowed' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, 'article');

  // Thirty days on, the name is free on the article again.
  sql(`UPDATE comment SET created_at = now() - interval '31 days' WHERE article_id =
    (SELECT id FROM article WHERE key = :'key');`, { key });
  const later = await postComment(key, { body: 'A month later.' }, { Cookie: b });
  assert.equal(later.status, 201, later.text);
  assert.equal(later.json.author_name, name);
  assert.equal(storedCount(key), 3);
  // A rejected comment, which no reader saw, keeps no name.
  const quiet = freshKey('gname-rejected');
  assert.equal((await postComment(quiet, { author_name: `Vera ${w}`, body: 'Honestly, kys.' })).status, 422);
  const vera = await postComment(quiet, { author_name: `Vera ${w}`, body: 'Another Vera, politely.' });
  assert.equal(vera.status, 201, vera.text);
});

test('guests are marked as guests in the JSON and the fragment; accounts and staff are not', async () => {
  const w = word();
  const key = freshKey('glabel');
  const guest = await postComment(key, { author_name: `Gus ${w}`, body: 'A guest comment.' });
  assert.equal(guest.status, 201, guest.text);
  const acct = await json('POST', '/accounts', { email: `acct-${w}@news.example`,
    password: 'account password 1', display_name: `Ada ${w}` });
  assert.equal(acct.status, 201, acct.text);
  const signed = await postComment(key, { body: 'An account comment.' }, { Cookie: sessionCookie(acct) });
  assert.equal(signed.status, 201, signed.text);
  assert.equal(signed.json.badge, null);
  assert.equal(sql('SELECT author_badge FROM comment WHERE id = :id;', { id: guest.json.id }), 'guest');

  const page = await getFresh(`/articles/${key}/comments`);
  assert.deepEqual(page.json.comments.map((c) => [c.author_name, c.badge]).sort(),
    [[`Ada ${w}`, null], [`Gus ${w}`, 'guest']]);

  for (const [lang, label] of [['', 'Guest'], ['?lang=fr', 'Invité']]) {
    const frag = await getFresh(`/articles/${key}/fragment${lang}`);
    assert.equal(frag.status, 200);
    const li = (id) => frag.text.slice(frag.text.indexOf(`data-id="${id}"`), frag.text.indexOf('</li>', frag.text.indexOf(`data-id="${id}"`)));
    assert.match(li(guest.json.id), new RegExp(`data-badge="guest"[\\s\\S]*Gus ${w}</strong> <span class="rostra-ssr-badge">${label}</span>`));
    assert.doesNotMatch(li(signed.json.id), /rostra-ssr-badge/, 'no label for an account');
  }
});

test('a rejected comment names the rule, not the word, and does not count toward the rate limit', async (t) => {
  stack('rostra', STACK, 'settings', 'set', 'rate_author_max', '2');
  t.after(() => stack('rostra', STACK, 'settings', 'set', 'rate_author_max', '0'));
  const w = word();
  const key = freshKey('grate');
  const first = await postComment(key, { author_name: `Rita ${w}`, body: 'Honestly, kys.' });
  assert.equal(first.status, 422, first.text);
  assert.equal(first.json.error.code, 'comment_rejected');
  assert.equal(first.json.error.rule, 'banned_word');
  assert.equal(first.json.error.field, 'body');
  assert.match(first.json.error.message, /word or phrase this site does not allow/);
  assert.match(first.json.error.message, /rephrase/);
  assert.doesNotMatch(first.json.error.message, /kys/);
  const cookie = sessionCookie(first);
  const second = await postComment(key, { body: 'Still, kys to you.' }, { Cookie: cookie });
  assert.equal(second.status, 422, second.text);
  assert.equal(second.json.error.rule, 'banned_word');

  // Two rejections, then the author's two comments of the window go through.
  for (const body of ['A fair point, said politely.', 'And a second polite one.']) {
    const ok = await postComment(key, { body }, { Cookie: cookie });
    assert.equal(ok.status, 201, `${body}: ${ok.text}`);
  }
  const fast = await postComment(key, { body: 'One too many.' }, { Cookie: cookie });
  assert.equal(fast.status, 429, fast.text);
  assert.equal(fast.headers.get('retry-after'), '60');
  assert.match(fast.json.error.message, /wait 60 seconds/);
  assert.deepEqual(sql(`SELECT string_agg(c.status, ',' ORDER BY c.id) FROM comment c JOIN article a
    ON a.id = c.article_id WHERE a.key = :'key';`, { key }), 'rejected,rejected,published,published');
});

test('rostra migrate gives older guests\' comments their key, so the rule holds after an upgrade', async () => {
  const w = word();
  const name = `Olde ${w}`;
  const key = freshKey('gupgrade');
  const first = await postComment(key, { author_name: name, body: 'Posted before the upgrade.' });
  assert.equal(first.status, 201, first.text);
  // As rows from before sql/012 and 013 are: no name key, no comment key.
  sql(`UPDATE app_user SET name_key = NULL WHERE id = (SELECT user_id FROM comment WHERE id = :cid);
    UPDATE comment SET author_key = NULL WHERE id = :cid;`, { cid: first.json.id });
  assert.equal(sql('SELECT coalesce(author_key, \'-\') FROM comment WHERE id = :cid;', { cid: first.json.id }), '-');
  stack('rostra', STACK, 'migrate');
  assert.equal(sql('SELECT author_key FROM comment WHERE id = :cid;', { cid: first.json.id }), `olde ${w}`);
  const again = await postComment(key, { author_name: name, body: 'Another guest, same name.' });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'guest_name_used');
});
