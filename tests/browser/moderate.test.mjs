// SPDX-License-Identifier: ISC — Rostra
// The moderator page at /comments/moderate in Chromium (playwright-core),
// against the real stack: sign-in through the login page, held comments
// with their reasons, keyboard work, what readers then see, two moderators
// on one comment, polling, bulk actions with undo, authors, settings and
// word lists. Needs ROSTRA_URL, ROSTRA_STACK and ROSTRA_BUILD (tests/run.sh
// sets them). Each test makes its own moderators, guests and article keys.
// Optional: ROSTRA_ARTIFACTS=DIR saves DIR/moderate-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, apiGuest as guest, moderator, moderatorPage, newPage, showArticle, uniq, useBrowser } from './browser.mjs';

const ARTIFACTS = process.env.ROSTRA_ARTIFACTS || '';
const LINKS = 'http://a.example http://b.example http://c.example'; // three links: held (link_max is 2)

const browser = useBrowser();
const open = (t) => newPage(t, browser, { width: 1200 });

const queueList = (page, queue = 'Pending') => page.getByRole('list', { name: 'Comments in ' + queue });
const item = (page, text) => queueList(page).getByRole('listitem').filter({ hasText: text });
const queueButton = (page, label) => page.getByRole('button', { name: label, exact: true });
// What happened, as the page (or the open window, which repeats it) says it.
const said = (where, text) => where.getByRole('status').filter({ hasText: text }).waitFor();
const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

async function keep(page, name) {
  if (!ARTIFACTS) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `moderate-${name}.png`), fullPage: true });
}

test('a moderator approves a held comment from the keyboard, and readers then see it', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'mod-ui-' + id;
  const mod = moderator('Desk ' + id);
  const first = `First held ${id}: ${LINKS}`;
  const second = `Second held ${id}: ${LINKS}`;
  for (const [name, body] of [['Ann ' + id, first], ['Ben ' + id, second]]) {
    const r = await (await guest(t, name)).say(key, body);
    assert.equal(r.status, 202, JSON.stringify(r.json));
  }

  const page = await moderatorPage(t, browser, mod);
  const served = await page.request.get(BASE + '/comments/moderate');
  assert.equal(served.headers()['x-frame-options'], 'DENY');
  assert.match(served.headers()['content-security-policy'], /default-src 'self'.*frame-ancestors 'none'/);
  await showArticle(page, key);
  const one = item(page, first);
  const two = item(page, second);
  await two.getByText('held: 3 links, limit is 2').waitFor();
  await two.getByText('Ben ' + id, { exact: true }).waitFor();
  await one.getByText('held: 3 links, limit is 2').waitFor();
  await queueButton(page, 'Pending 2').waitFor();

  // j and k move through the queue (oldest first); a approves the comment at hand.
  await page.keyboard.press('j');
  assert.ok(await isFocused(one), 'j goes to the first comment');
  await page.keyboard.press('j');
  assert.ok(await isFocused(two), 'j again goes to the second');
  await page.keyboard.press('k');
  assert.ok(await isFocused(one), 'k goes back');
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  await said(page, `Approved the comment by Ben ${id}.`);
  await page.getByRole('button', { name: 'Undo' }).waitFor();
  await two.waitFor({ state: 'detached' });
  await queueButton(page, 'Pending 1').waitFor();
  assert.ok(await isFocused(one), 'the comment left in the queue is at hand');
  await keep(page, 'approved');

  // The reader's page shows the approved comment, not the one still held.
  const reader = await open(t);
  await reader.goto(BASE + '/?article=' + key);
  const embed = reader.locator(`[data-rostra-article="${key}"]`);
  await embed.getByRole('heading', { name: 'Comments (1)' }).waitFor();
  await embed.locator('li').filter({ hasText: second }).getByText('Ben ' + id, { exact: true }).waitFor();
  assert.equal(await embed.getByText(first).count(), 0, 'the held comment stays hidden');
});

test('two moderators on one comment: the second is told who decided first', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'mod-ui-race-' + id;
  const one = moderator('Desk One ' + id);
  const two = moderator('Desk Two ' + id);
  const body = `Contested ${id}: ${LINKS}`;
  assert.equal((await (await guest(t, 'Cal ' + id)).say(key, body)).status, 202);

  const first = await moderatorPage(t, browser, one);
  const second = await moderatorPage(t, browser, two);
  for (const page of [first, second]) {
    await showArticle(page, key);
    await item(page, body).waitFor();
  }

  await first.keyboard.press('j');
  await first.keyboard.press('a');
  await said(first, `Approved the comment by Cal ${id}.`);

  // The second moderator still has the comment in front of them, as held.
  const stale = item(second, body);
  await stale.getByRole('combobox', { name: 'Reason for rejecting' }).selectOption('spam');
  const answer = second.waitForResponse((r) => r.url().endsWith('/moderation/comments/actions'));
  await stale.getByRole('button', { name: 'Reject' }).click();
  assert.equal((await answer).status(), 409, 'the second decision is refused');
  const who = `Desk One ${id} already made it approved`;
  await second.getByRole('alert').filter({ hasText: who }).waitFor();
  await stale.getByText(who).waitFor();
  await queueButton(second, 'Pending 0').waitFor();
  await queueButton(second, 'Approved 1').waitFor();
  assert.equal(await second.getByRole('status').filter({ hasText: 'Rejected' }).count(), 0, 'nothing says it was rejected');
  await keep(second, 'conflict');

  // Only the first decision stands: the approved queue names its moderator.
  await queueButton(first, 'Approved 1').click();
  await queueList(first, 'Approved').getByRole('listitem').filter({ hasText: body })
    .getByText(`Last decided by Desk One ${id}`).waitFor();
});

test('new comments arrive without a reload; a selection is approved at once and undone', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'mod-ui-poll-' + id;
  const mod = moderator('Desk Poll ' + id);
  const early = `Early ${id}: ${LINKS}`;
  const late = `Late ${id}: ${LINKS}`;
  assert.equal((await (await guest(t, 'Dee ' + id)).say(key, early)).status, 202);

  const page = await moderatorPage(t, browser, mod);
  // The page polls with the list's ETag; while nothing changes the answer is a bodiless 304.
  const unchanged = page.waitForResponse((r) => r.url().includes('article=' + key) && r.status() === 304);
  await showArticle(page, key);
  await item(page, early).waitFor();
  assert.ok((await unchanged).request().headers()['if-none-match'], 'the poll sends its validator');

  assert.equal((await (await guest(t, 'Eve ' + id)).say(key, late)).status, 202);
  await item(page, late).waitFor();
  await page.getByText('1 new comment in Pending.').waitFor();
  await queueButton(page, 'Pending 2').waitFor();

  // x selects; a then approves the whole selection.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.getByText('2 selected').waitFor();
  await page.keyboard.press('a');
  await said(page, 'Approved 2 comments.');
  await queueButton(page, 'Pending 0').waitFor();
  await page.getByText('Nothing to moderate here.').waitFor();

  await page.getByRole('button', { name: 'Undo' }).click();
  await said(page, 'Undone: 2 comments are held again.');
  await item(page, early).waitFor();
  await item(page, late).waitFor();
  await queueButton(page, 'Pending 2').waitFor();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByText('Undo the last action').waitFor();
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
});

test('b opens the author: a ban rejects their comments and is undone; settings and word lists change and undo', { timeout: 120000 }, async (t) => {
  const id = uniq();
  const key = 'mod-ui-ban-' + id;
  const mod = moderator('Desk Ban ' + id, 'admin');	// the settings below are an admin's
  const fay = await guest(t, 'Fay ' + id);
  assert.equal((await fay.say(key, `One ${id}: ${LINKS}`)).status, 202);
  assert.equal((await fay.say(key, `Two ${id}: ${LINKS}`)).status, 202);

  const page = await moderatorPage(t, browser, mod);
  await showArticle(page, key);
  await queueButton(page, 'Pending 2').waitFor();
  await page.keyboard.press('j');
  await page.keyboard.press('b');
  const dialog = page.getByRole('dialog', { name: 'Fay ' + id });
  await dialog.getByText('2 comments: 0 approved, 0 rejected, 2 held').waitFor();
  await dialog.getByLabel('Also reject all their comments').check();
  await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
  await dialog.getByRole('button', { name: 'Confirm ban' }).click();
  await said(dialog, `Banned Fay ${id}; their sessions are ended. 2 comments rejected`);
  await dialog.getByRole('button', { name: 'Lift the ban' }).waitFor();
  await page.keyboard.press('Escape');
  await queueButton(page, 'Pending 0').waitFor();
  await queueButton(page, 'Rejected 2').waitFor();
  assert.equal(await fay.me(), 204, 'the ban ended their session');

  await page.keyboard.press('z');
  await said(page, `Undone for Fay ${id}.`);
  await queueButton(page, 'Rejected 2').click();
  const rejected = queueList(page, 'Rejected').getByRole('listitem').filter({ hasText: `One ${id}` });
  await rejected.getByRole('button', { name: 'Author' }).click();
  await dialog.getByRole('button', { name: 'Ban', exact: true }).waitFor();
  assert.doesNotMatch(await dialog.getByText(/^guest · since/).textContent(), /banned/, 'the ban is lifted');
  await page.keyboard.press('Escape');

  // Settings: a change says what it was, and undo puts it back.
  await page.getByRole('link', { name: 'Settings and word lists' }).click();
  // The repeat window is stored in seconds and shown in the largest unit that says it exactly.
  const repeat = page.getByLabel('Refuse a repeated text for', { exact: true });
  const unit = page.getByLabel('Refuse a repeated text for, unit');
  await repeat.waitFor();
  await page.waitForFunction(() => document.getElementById('s-repeat_window').value !== '');
  const shown = [await repeat.inputValue(), await unit.inputValue()];
  const was = (await (await page.request.get(BASE + '/comments/api/v1/moderation/settings')).json()).settings.repeat_window;
  const words = (s) => (s % 86400 === 0 ? [s / 86400, 'day'] : s % 3600 === 0 ? [s / 3600, 'hour'] :
    s % 60 === 0 ? [s / 60, 'minute'] : [s, 'second']);
  const text = (s) => (s === 0 ? 'off' : words(s)[0] + ' ' + words(s)[1] + (words(s)[0] === 1 ? '' : 's'));
  assert.deepEqual(shown, [String(words(was)[0]), words(was)[1] + 's']);
  const now = was === 5400 ? 7200 : 5400;
  await unit.selectOption('hours');
  await repeat.fill(String(now / 3600));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await said(page, `Saved: repeat refused for ${text(was)} → ${text(now)}.`);
  await page.getByRole('button', { name: 'Undo' }).click();
  await said(page, 'Undone: the settings are as they were.');
  assert.deepEqual([await repeat.inputValue(), await unit.inputValue()], shown);

  // A banned word: added, applied to the next comment, and removed by undo.
  const word = 'blorft' + id.replace(/[0-9]/g, (d) => 'abcdefghij'[d]);
  await page.getByLabel('Add (one per line)').first().fill(word);
  await page.getByRole('button', { name: 'Add to banned' }).click();
  await said(page, `Added “${word}” to the banned list.`);
  await page.getByRole('list', { name: 'Banned words' }).getByText(word, { exact: true }).waitFor();
  const refused = await (await guest(t, 'Gus ' + id)).say(key, `Well, ${word} to you.`);
  assert.equal(refused.status, 422, 'the new word rejects the next comment');
  await page.getByRole('button', { name: 'Undo' }).click();
  await said(page, `Undone: “${word}” removed again.`);
  assert.equal(await page.getByRole('list', { name: 'Banned words' }).getByText(word, { exact: true }).count(), 0);
});

test('an edited comment shows moderators every earlier version; a moderator reads the settings but cannot change them', { timeout: 90000 }, async (t) => {
  const key = 'mod-edit-' + uniq();
  const ann = await guest(t, 'Ann ' + uniq());
  const first = await ann.say(key, 'The first draft, with ' + LINKS);
  assert.equal(first.status, 202);
  assert.equal((await ann.edit(first.json.id, 'The second draft, no links')).status, 202, 'a held comment stays held');
  const page = await moderatorPage(t, browser, moderator('Vera ' + uniq()));
  await showArticle(page, key);
  const it = item(page, 'The second draft, no links');
  await it.waitFor();
  const versions = it.locator('details.versions');
  assert.match(await versions.locator('summary').textContent(), /^Edited .* · 1 earlier version$/);
  await versions.locator('summary').click();
  assert.match(await versions.getByRole('listitem').textContent(), /\(held\): The first draft, with http:\/\/a\.example/);

  // A moderator reads the site's settings but cannot change them: an admin's job.
  await page.getByRole('link', { name: 'Settings and word lists' }).click();
  await page.getByText('Only an admin can change these settings.').waitFor();
  const links = page.getByLabel('Links allowed in a comment');
  await page.waitForFunction(() => document.getElementById('s-link_max').value !== '');
  assert.ok(await links.isDisabled(), 'the fields are read-only');
  assert.ok(await page.getByRole('button', { name: 'Save settings' }).isDisabled());
});

test('a throttled moderator sign-in says how long to wait', { timeout: 60000 }, async (t) => {
  const page = await open(t);
  // The daemon's answer when a network the account never used must wait
  // (tests/e2e/abuse_login makes it for real); here the page's handling of it.
  await page.route('**/comments/api/v1/session', (route) => route.fulfill({
    status: 429, headers: { 'Retry-After': '7', 'Content-Type': 'application/json' },
    body: JSON.stringify({ error: { code: 'too_many_requests', message: 'Too many attempts; please wait a little and try again.' } }),
  }));
  await page.goto(BASE + '/comments/moderate/login');
  await page.getByLabel('Email').fill('someone@news.example');
  await page.getByLabel('Password').fill('whatever it is');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Too many attempts; please wait a little and try again. Try again in 7 seconds.').waitFor();
  assert.equal(new URL(page.url()).pathname, '/comments/moderate/login');
});
