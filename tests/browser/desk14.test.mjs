// SPDX-License-Identifier: ISC — Rostra
// The moderator's keyboard and context in Chromium (issue 14): b then Enter
// does not ban (the author window opens on its heading, a ban takes a
// confirmation, Undo takes the keyboard after it); number keys pick the
// reason r rejects with, and Esc from a control in a comment goes back to
// the comment; a held reply says whom it answers and links to its place in
// the thread. Needs ROSTRA_URL, ROSTRA_STACK and ROSTRA_BUILD.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, apiGuest as guest, moderator, moderatorPage, newPage, until, useBrowser } from './browser.mjs';

const API = BASE + '/comments/api/v1/';
const LINKS = 'http://a.example http://b.example http://c.example'; // three links: held (link_max is 2)

const browser = useBrowser();

let serial = 0;
const uniq = () => Date.now().toString(36) + (++serial) + Math.random().toString(36).slice(2, 6);

async function showArticle(page, key, region = 'Article ' + key) {
  const field = page.getByLabel('Article', { exact: true });
  await field.fill(key);
  await field.press('Enter');
  await page.getByRole('region', { name: region }).waitFor();
  await field.press('Escape');
}

const item = (page, text) => page.getByRole('list', { name: 'Comments in Pending' }).getByRole('listitem').filter({ hasText: text });
const said = (where, text) => where.getByRole('status').filter({ hasText: text }).waitFor();
const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);
const api = async (page, path) => {
  const r = await page.request.get(API + path);
  assert.equal(r.status(), 200, path);
  return r.json();
};

test('b then Enter does not ban: the window opens on its heading, a ban is confirmed, Undo then has the keyboard', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'desk14-ban-' + id;
  const fay = await guest(t, 'Fay ' + id);
  const posted = await fay.say(key, `Spam ${id}: ${LINKS}`);
  assert.equal(posted.status, 202, JSON.stringify(posted.json));
  const page = await moderatorPage(t, browser, moderator('Desk14 Ban ' + id));
  await showArticle(page, key);
  await item(page, `Spam ${id}`).waitFor();
  const { items } = await api(page, `moderation/comments?queue=pending&article=${key}`);
  const fayId = items[0].author.id;
  const banned = async () => (await api(page, `moderation/users/${fayId}`)).user.banned;

  await page.keyboard.press('j');
  await page.keyboard.press('b');
  const dialog = page.getByRole('dialog', { name: 'Fay ' + id });
  await dialog.getByText('1 comment').first().waitFor();
  const inDialog = () => dialog.evaluate((d) => d.contains(document.activeElement));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(700);
  assert.equal(await banned(), false, 'Enter alone bans no one');
  assert.equal(await fay.me(), 200, 'their session lives on');
  assert.ok(await inDialog(), 'the keyboard is in the author window');
  assert.ok(await isFocused(dialog.getByRole('heading', { name: 'Fay ' + id })), 'on its heading');

  // Ban asks first; Esc backs out of the question, not out of the window.
  await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
  const confirm = dialog.getByRole('button', { name: 'Confirm ban' });
  await confirm.waitFor();
  assert.ok(await isFocused(confirm), 'the confirmation has the keyboard');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'hidden' });
  assert.ok(await dialog.isVisible(), 'Esc backed out of the ban only');
  assert.ok(await isFocused(dialog.getByRole('button', { name: 'Ban', exact: true })), 'back on Ban');
  assert.equal(await banned(), false);
  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  assert.equal(await banned(), false, 'Cancel bans no one');

  // Two presses ban; Undo then has the keyboard.
  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await page.keyboard.press('Enter');
  await said(dialog, `Banned Fay ${id}; their sessions are ended.`);
  assert.equal(await banned(), true, 'the confirmed ban is stored');
  await until(async () => (await fay.me()) === 204, 'the ban ending their session');
  const undo = dialog.getByRole('button', { name: 'Undo' });
  await until(() => isFocused(undo), 'Undo having the keyboard');
  await page.keyboard.press('Enter');
  await said(dialog, `Undone for Fay ${id}.`);
  assert.equal(await banned(), false, 'undo lifted the ban');
  assert.ok(await inDialog(), 'after undo the keyboard is still in the window');
});

test('number keys pick the reason r rejects with; Esc from a control in a comment goes back to it', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'desk14-reason-' + id;
  const gus = await guest(t, 'Gus ' + id);
  const one = await gus.say(key, `One ${id}: ${LINKS}`);
  const two = await gus.say(key, `Two ${id}: ${LINKS}`);
  assert.equal(one.status, 202);
  assert.equal(two.status, 202);
  const page = await moderatorPage(t, browser, moderator('Desk14 Reason ' + id));
  await showArticle(page, key);
  const first = item(page, `One ${id}`);
  const second = item(page, `Two ${id}`);
  await second.waitFor();

  await page.keyboard.press('j');
  assert.ok(await isFocused(first));
  await page.keyboard.press('3');
  assert.equal(await first.getByRole('combobox', { name: 'Reason for rejecting' }).inputValue(), 'off_topic');
  await page.keyboard.press('r');
  await said(page, `Rejected the comment by Gus ${id} as off topic.`);
  const log = await api(page, `moderation/log?comment=${one.json.id}`);
  const entry = log.entries.find((e) => e.action === 'reject');
  assert.ok(entry, JSON.stringify(log));
  assert.equal(entry.reason, 'off_topic', 'the reason the number key chose is stored');
  assert.equal(entry.to, 'rejected');

  // Esc from the select (and from a button) puts the keyboard back on the comment.
  assert.ok(await isFocused(second), 'the next comment is at hand');
  const select = second.getByRole('combobox', { name: 'Reason for rejecting' });
  await select.focus();
  await page.keyboard.press('Escape');
  assert.ok(await isFocused(second), 'Esc from the select goes back to the comment');
  await second.getByRole('button', { name: 'Feature' }).focus();
  await page.keyboard.press('Escape');
  assert.ok(await isFocused(second), 'Esc from a button goes back to the comment');
  await page.keyboard.press('1');
  assert.equal(await select.inputValue(), 'spam', 'the keys work again');

  // The help names the keys in the select's order.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByText('1 Spam, 2 Abusive, 3 Off topic, 4 Misinformation, 5 Other, 0 No reason').waitFor();
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
});

test('a held reply says whom it answers and links to its place in the thread', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'desk14-reply-' + id;
  const url = `${BASE}/desk14/${id}?from=feed`;
  const ann = await guest(t, 'Ann ' + id);
  const top = await ann.say(key, `The 2005 estimate ${id} was never published.\nA second line that stays out.`, { title: 'Estimates', url });
  assert.equal(top.status, 201, JSON.stringify(top.json));
  const hal = await guest(t, 'Hal ' + id);
  const reply = await hal.say(key, `Good question ${id}: ${LINKS}`, { parent_id: top.json.id });
  assert.equal(reply.status, 202, JSON.stringify(reply.json));
  const lone = await hal.say(key, `Alone ${id}: ${LINKS}`);
  assert.equal(lone.status, 202);

  const page = await moderatorPage(t, browser, moderator('Desk14 Reply ' + id));
  await showArticle(page, key, /Estimates/);
  const held = item(page, `Good question ${id}`);
  await held.getByText(`Reply to Ann ${id}: “The 2005 estimate ${id} was never published.…”`).waitFor();
  const link = held.getByRole('link', { name: /Open in thread/ });
  assert.equal(await link.getAttribute('href'), `${BASE}/desk14/${id}?from=feed#comment-${reply.json.id}`);
  assert.equal(await item(page, `Alone ${id}`).getByText(/^Reply to/).count(), 0, 'a top-level comment is no reply');
});
