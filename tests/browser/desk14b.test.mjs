// SPDX-License-Identifier: ISC — Rostra
// The moderator desk in Chromium (issue 14, items 7 and 8 and the small
// ones), at 1280 and 390 px: an author's comments in every status (a
// published one no queue but Unmoderated shows included), and a ban that
// asks to reject what they left published and does it, logged; the status
// strip never covers the current comment's controls or a word's Remove
// button, and news never moves the list; settings in minutes, hours or days;
// what Unmoderated means, said beside it; compact cards (six or more per
// 900 px screen at 1280 px). axe stays clean throughout.
// Needs ROSTRA_URL, ROSTRA_STACK and ROSTRA_BUILD.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, apiGuest as guest, moderator, moderatorPage, showArticle, uniq, useBrowser } from './browser.mjs';
import { audit } from './axe.mjs';
import { sql } from '../e2e/helpers.mjs';

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1' };
const LINKS = 'http://a.example http://b.example http://c.example'; // three links: held (link_max is 2)
const SIZES = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];

const browser = useBrowser();

const list = (page, queue) => page.getByRole('list', { name: 'Comments in ' + queue });
const item = (page, queue, text) => list(page, queue).getByRole('listitem').filter({ hasText: text });
const said = (where, text) => where.getByRole('status').filter({ hasText: text }).waitFor();
const statusOf = (id) => sql(`SELECT status FROM comment WHERE id = ${Number(id)}`);

// Where an element stands for a moderator: 'shown' when the point at its
// centre is the element (or inside it), 'clipped' when a scrolling box or
// the window leaves that point out, else 'covered by' what is on top.
function where(el) {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) return 'clipped';
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (!/auto|scroll|hidden/.test(getComputedStyle(p).overflowY)) continue;
    const b = p.getBoundingClientRect();
    if (y < b.top || y > b.bottom || x < b.left || x > b.right) return 'clipped';
  }
  const hit = document.elementFromPoint(x, y);
  if (hit && (hit === el || el.contains(hit))) return 'shown';
  return 'covered by ' + (hit ? hit.tagName + (hit.id ? '#' + hit.id : '') + ' “' + hit.textContent.trim().slice(0, 40) + '”' : 'nothing');
}

// Each element of the locators, and where it stands.
async function standing(locators) {
  const out = [];
  for (const l of locators) {
    for (let i = 0, n = await l.count(); i < n; i++) {
      const el = l.nth(i);
      out.push([(await el.getAttribute('aria-label')) || (await el.textContent()).trim(), await el.evaluate(where)]);
    }
  }
  return out;
}
const covered = (rows) => rows.filter(([, w]) => w.startsWith('covered'));

for (const size of SIZES) {
  test(`an author's comments in every status; a ban asks to reject the ones left published (${size.width} px)`, { timeout: 90000 }, async (t) => {
    const id = uniq();
    const key = 'desk14b-author-' + id;
    const sid = await guest(t, 'Sid ' + id);
    const held = await sid.say(key, `Held ${id}: ${LINKS}`);
    const buy = await sid.say(key, `Buy now ${id}`);
    const pills = await sid.say(key + '-b', `Cheap pills ${id}`);
    assert.deepEqual([held.status, buy.status, pills.status], [202, 201, 201]);
    const mod = moderator('Desk14b Author ' + id);
    const page = await moderatorPage(t, browser, mod, size);
    await showArticle(page, key);
    await item(page, 'Pending', `Held ${id}`).waitFor();

    // Pending shows one of three; the author window counts the published
    // ones, and their view lists all three, on both articles.
    await page.keyboard.press('j');
    await page.keyboard.press('b');
    const dialog = page.getByRole('dialog', { name: 'Sid ' + id });
    await dialog.getByText('3 comments: 0 approved, 0 rejected, 1 held, 2 published').waitFor();
    await dialog.getByRole('button', { name: 'Show all their comments' }).click();
    await page.getByText('All comments by Sid ' + id).waitFor();
    // The address names the author by id only: a name in it would reach
    // nginx's log and Referers. After a reload the name comes back from the API.
    assert.doesNotMatch(decodeURIComponent(page.url()), new RegExp('Sid ' + id));
    await page.reload();
    await page.getByText('All comments by Sid ' + id).waitFor();
    const all = list(page, 'All statuses');
    for (const text of [`Held ${id}`, `Buy now ${id}`, `Cheap pills ${id}`]) await all.getByRole('listitem').filter({ hasText: text }).waitFor();
    const sidId = Number(sql(`SELECT user_id FROM comment WHERE id = ${buy.json.id}`));
    assert.equal(await all.locator(':scope > li').count(),
      Number(sql(`SELECT count(*) FROM comment WHERE user_id = ${sidId} AND status <> 'deleted'`)));
    await item(page, 'All statuses', `Cheap pills ${id}`).getByText('published', { exact: true }).waitFor();
    await item(page, 'All statuses', `Held ${id}`).getByText('held', { exact: true }).waitFor();
    await audit(page, `an author's comments in every status at ${size.width} px`);

    // A ban alone leaves their spam up; the window asks, and one button rejects it.
    await item(page, 'All statuses', `Buy now ${id}`).getByRole('button', { name: /^Author/ }).click();
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await dialog.getByRole('button', { name: 'Confirm ban' }).click();
    await said(dialog, `Banned Sid ${id}; their sessions are ended.`);
    await dialog.getByText('Reject their 2 published comments?').waitFor();
    assert.deepEqual([statusOf(buy.json.id), statusOf(pills.json.id)], ['published', 'published'], 'the ban alone rejects nothing');
    await audit(page, `the author window asking about published comments at ${size.width} px`);
    await dialog.getByRole('button', { name: 'Reject them' }).click();
    await said(dialog, `Rejected 2 published comments by Sid ${id}.`);
    assert.deepEqual([statusOf(buy.json.id), statusOf(pills.json.id), statusOf(held.json.id)], ['rejected', 'rejected', 'held']);
    const log = await (await page.request.get(API + `moderation/log?comment=${pills.json.id}`)).json();
    const e = log.entries[0];
    assert.deepEqual([e.by, e.via, e.action, e.from, e.to, e.note], [mod.name, 'api', 'reject', 'published', 'rejected', 'author banned']);
    assert.equal(await dialog.getByText('Reject their').count(), 0, 'the question is gone once answered');
    await page.keyboard.press('Escape');
    await item(page, 'All statuses', `Cheap pills ${id}`).getByText('rejected', { exact: true }).waitFor();

    // A plain reader cannot do the same through the route the button uses.
    const sneak = await fetch(API + 'moderation/comments/actions', { method: 'POST',
      headers: { ...SITE, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'publish', ids: [pills.json.id], from: 'rejected' }) });
    assert.equal(sneak.status, 401);
    assert.equal(statusOf(pills.json.id), 'rejected');
  });

  test(`the status strip never covers a control and news never moves the list (${size.width} px)`, { timeout: 120000 }, async (t) => {
    const id = uniq();
    const key = 'desk14b-strip-' + id;
    const ivy = await guest(t, 'Ivy ' + id);
    for (let n = 1; n <= 10; n++) assert.equal((await ivy.say(key, `Item ${n} ${id}: ${LINKS}`)).status, 202);
    const page = await moderatorPage(t, browser, moderator('Desk14b Strip ' + id, 'admin'), size);
    await showArticle(page, key);
    await item(page, 'Pending', `Item 10 ${id}`).waitFor();

    // News arrives while the moderator reads the top of the queue: nothing
    // moves (at the very top, where no scroll anchoring hides a shift).
    await page.evaluate(() => [document.scrollingElement, document.getElementById('scroller')]
      .forEach((e) => e && e.scrollTo(0, 0)));
    const first = item(page, 'Pending', `Item 1 ${id}`);
    const y0 = (await first.boundingBox()).y;
    assert.equal((await (await guest(t, 'Late ' + id)).say(key, `Late ${id}: ${LINKS}`)).status, 202);
    await page.getByText('1 new comment in Pending.').waitFor({ timeout: 20000 });
    assert.equal((await first.boundingBox()).y, y0, 'the news moved the list');

    // Down the list to the item at the bottom of the window; f leaves it in
    // place with an Undo: its controls, and Undo, stay in sight.
    for (let n = 0; n < 10; n++) await page.keyboard.press('j');
    const current = item(page, 'Pending', `Item 10 ${id}`);
    assert.ok(await current.evaluate((el) => el === document.activeElement));
    await page.keyboard.press('f');
    await said(page, `Featured the comment by Ivy ${id}.`);
    const undo = page.getByRole('button', { name: 'Undo' });
    const rows = await standing([current.getByRole('button'), current.getByRole('combobox'), undo]);
    assert.deepEqual(covered(rows), [], JSON.stringify(rows));
    assert.ok(rows.filter(([, w]) => w === 'shown').length >= 6, JSON.stringify(rows));
    const [u, c] = [await undo.boundingBox(), await current.boundingBox()];
    assert.ok(u.y >= c.y + c.height || u.y + u.height <= c.y, 'Undo and the current comment do not overlap');
    await audit(page, `the queue with a message and Undo at ${size.width} px`);
    assert.match(await page.getByRole('status').filter({ hasText: 'Featured the comment' }).textContent(), /Press z to undo\.$/,
      'the live region says Undo is there');
    // Undo is a key away, and a Tab stop that answers Enter.
    await undo.focus();
    await page.keyboard.press('Enter');
    await said(page, `Undone: the comment by Ivy ${id} is as it was.`);
    assert.equal(sql(`SELECT featured FROM comment WHERE body LIKE 'Item 10 ${id}%'`), 'f');

    // A word's Remove button at the bottom of the window stays clear of the message.
    const words = Array.from({ length: 30 }, (_, n) => `zq${id}w${n}`);
    await page.getByRole('link', { name: 'Settings and word lists' }).click();
    await page.getByRole('heading', { name: 'Word lists' }).waitFor();
    await page.getByLabel('Add (one per line)').first().fill(words.join('\n'));
    await page.getByRole('button', { name: 'Add to banned' }).click();
    await said(page, 'Added 30 entries to the banned list.');
    await page.getByLabel('Find in the list').first().fill(`zq${id}`);
    const removes = page.getByRole('list', { name: 'Banned words' }).getByRole('button');
    await removes.nth(29).waitFor();
    await removes.nth(12).evaluate((b) => b.scrollIntoView({ block: 'end' }));
    const gone12 = (await removes.nth(12).getAttribute('aria-label')).match(/“(.*)”/)[1];
    await removes.nth(12).click();
    await said(page, `Removed “${gone12}” from the banned list.`);
    const after = await standing([removes, undo]);
    assert.deepEqual(covered(after), [], JSON.stringify(after));
    assert.ok(after.filter(([, w]) => w === 'shown').length >= 3, JSON.stringify(after));
    const gone = await page.request.post(API + 'moderation/words', { headers: SITE, data: { list: 'banned', remove: words } });
    assert.equal(gone.status(), 200);  });

  test(`durations in units, Unmoderated explained, compact cards (${size.width} px)`, { timeout: 90000 }, async (t) => {
    const id = uniq();
    const key = 'desk14b-small-' + id;
    const joe = await guest(t, 'Joe ' + id);
    for (let n = 1; n <= 8; n++) assert.equal((await joe.say(key, `Card ${n} ${id}: ${LINKS}`)).status, 202);
    const page = await moderatorPage(t, browser, moderator('Desk14b Small ' + id, 'admin'), size);
    await showArticle(page, key);
    await item(page, 'Pending', `Card 8 ${id}`).waitFor();

    // Compact cards: at 1280 px, six or more per 900 px; at 390 px nothing
    // sticks out of its card and every control is a fair target.
    const boxes = await list(page, 'Pending').locator(':scope > li').evaluateAll((lis) => lis.map((li) => {
      const r = li.getBoundingClientRect();
      const controls = [...li.querySelectorAll('button, select, input')].filter((e) => e.checkVisibility())
        .map((e) => e.getBoundingClientRect()).map((b) => ({ l: b.left, r: b.right, h: b.height }));
      return { top: r.top, left: r.left, right: r.right, wide: li.scrollWidth > li.clientWidth, controls };
    }));
    assert.equal(boxes.length, 8);
    const pitch = (boxes[7].top - boxes[0].top) / 7;
    if (size.width >= 1280) assert.ok(pitch <= 900 / 6, `a card takes ${pitch} px`);
    for (const b of boxes) {
      assert.equal(b.wide, false, 'a card scrolls sideways');
      for (const c of b.controls) {
        assert.ok(c.l >= b.left && c.r <= b.right, 'a control sticks out of its card');
        assert.ok(c.h >= 24, `a control is ${c.h} px tall`);
      }
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page scrolls sideways');
    // What Unmoderated means, on screen beside it and as the button's description.
    const unmod = page.getByRole('button', { name: /^Unmoderated/ });
    const help = await unmod.evaluate((b) => {
      const d = document.getElementById(b.getAttribute('aria-describedby') || '');
      return d && d.checkVisibility() ? d.textContent.replace(/\s+/g, ' ').trim() : '';
    });
    assert.match(help, /^Unmoderated: every comment no moderator has decided yet/);

    await audit(page, `the compact queue at ${size.width} px`);

    // Durations: shown in the largest unit that says them, taken in any unit.
    const stored = () => sql('SELECT rate_window || \' \' || repeat_window FROM moderation_setting');
    const was = stored();
    await page.getByRole('link', { name: 'Settings and word lists' }).click();
    const windowField = page.getByLabel('Window', { exact: true });
    const windowUnit = page.getByLabel('Window, unit');
    const repeat = page.getByLabel('Refuse a repeated text for', { exact: true });
    const repeatUnit = page.getByLabel('Refuse a repeated text for, unit');
    await page.waitForFunction(() => document.getElementById('s-repeat_window').value !== '');
    const [rate, rep] = was.split(' ').map(Number);
    const unitOf = (s) => (s % 86400 === 0 ? [s / 86400, 'days'] : s % 3600 === 0 ? [s / 3600, 'hours'] :
      s % 60 === 0 ? [s / 60, 'minutes'] : [s, 'seconds']);
    assert.deepEqual([await windowField.inputValue(), await windowUnit.inputValue()], unitOf(rate).map(String));
    if (rep) assert.deepEqual([await repeat.inputValue(), await repeatUnit.inputValue()], unitOf(rep).map(String));
    assert.doesNotMatch(await page.locator('#settings').innerText(), /in seconds/);
    await audit(page, `the settings screen at ${size.width} px`);

    await windowUnit.selectOption('days');
    await windowField.fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: '“Window” takes 1 second to 1 day.' }).waitFor();
    assert.equal(await windowField.getAttribute('aria-invalid'), 'true');
    assert.equal(stored(), was, 'nothing saved');
    await windowUnit.selectOption('minutes');
    await windowField.fill('1.5');
    await repeatUnit.selectOption('hours');
    await repeat.fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await said(page, /Saved: .*repeat refused for .* → 2 hours\./);
    assert.equal(stored(), '90 7200');
    await page.getByRole('button', { name: 'Undo' }).click();
    await said(page, 'Undone: the settings are as they were.');
    assert.equal(stored(), was);
  });
}
