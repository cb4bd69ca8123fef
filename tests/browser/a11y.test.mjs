// SPDX-License-Identifier: ISC — Rostra
// Accessibility of the comment embed and the moderator page in Chromium:
// axe-core (from npm) audits the demo article with comments and each of the
// embed's forms, the moderator's sign-in, queue with held comments, author
// window and settings, inside the embed's open shadow root too, and any
// "serious" or "critical" violation fails with its rule and elements; with
// reduced motion asked for, nothing moves; a reader posts with the keyboard
// alone, errors and news are announced, and focus always shows.
// Needs ROSTRA_URL, ROSTRA_STACK and ROSTRA_BUILD (tests/run.sh sets them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { BASE, moderator, newPage, uniq, useBrowser } from './browser.mjs';
import { audit } from './axe.mjs';

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1' };
const LINKS = 'http://a.example http://b.example http://c.example'; // three links: held (link_max is 2)
// axe-core's own build, run in the page by the debugging protocol, which the
// pages' Content-Security-Policy does not govern (a <script> would be refused).

const browser = useBrowser();

// True when axe looked at elements inside a shadow root (a target given as a path).
const sawShadow = (results) => [...results.passes, ...results.incomplete]
  .some((r) => r.nodes.some((n) => n.target.some((t) => Array.isArray(t))));

// A guest posting through the API with cookies of its own; answers the HTTP status.
async function say(t, key, name, body) {
  const api = await request.newContext();
  t.after(() => api.dispose());
  const res = await api.post(API + `articles/${key}/comments`, { headers: SITE, data: { author_name: name, body } });
  return res.status();
}

// The element that has focus, looking through open shadow roots.
const focused = (page) => page.evaluateHandle(() => {
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  return e;
});

// What shows where an element has focus: outline and box shadow.
const ring = (el) => el.evaluate((e) => {
  const s = getComputedStyle(e);
  return { outline: s.outlineStyle === 'none' || s.outlineWidth === '0px' ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    shadow: s.boxShadow };
});

// Asserts that el, given focus from the keyboard, shows an outline or
// shadow that it does not show without focus.
async function showsFocus(page, el, what) {
  await el.evaluate((e) => e.focus());
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.ok(await el.evaluate((e) => e.matches(':focus-visible')), `the ${what} has keyboard focus`);
  const on = await ring(el);
  await el.evaluate((e) => e.blur());
  const off = await ring(el);
  assert.ok(on.outline !== 'none' || on.shadow !== 'none', `the ${what} has no outline or shadow on focus`);
  assert.notDeepEqual(on, off, `the ${what} looks the same with and without focus`);
}

// With reduced motion asked for, nothing on the page (shadow roots included)
// moves: answers the elements that still have a transition or an animation.
async function moving(page) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const e of root.querySelectorAll('*')) {
        const s = getComputedStyle(e);
        const some = (v) => v.split(',').some((d) => parseFloat(d) > 0);
        if (some(s.transitionDuration) || (s.animationName !== 'none' && some(s.animationDuration))
          || s.scrollBehavior === 'smooth') out.push(e.tagName + (e.className ? '.' + e.className : ''));
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    return out;
  });
}

// Presses Tab until the focused element matches test (a function run in the
// page on it); fails after `most` presses. Answers the element.
async function tabTo(page, test, what, most = 60) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (await el.evaluate(test)) return el;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('the demo article with comments, a held one, the signed-in line, and its forms has no serious violations', { timeout: 90000 }, async (t) => {
  const key = 'a11y-' + uniq();
  assert.equal(await say(t, key, 'Ola Other', 'An **earlier** comment, with a [link](https://news.example/a).'), 201);
  // axe adds a <style> element of its own, which the demo page's policy
  // refuses; the embed under that policy is tests/browser/csp.test.mjs's job.
  const page = await newPage(t, browser, { bypassCSP: true });
  await page.goto(`${BASE}/?article=${key}`);
  const embed = page.locator(`[data-rostra-article="${key}"]`);
  await embed.getByRole('heading', { name: 'Comments (1)', exact: true }).waitFor();
  // Signed out: Like and Report are there, and a click says what to do first.
  await embed.locator('li').filter({ hasText: 'An earlier comment' }).getByRole('button', { name: 'Like (0)' }).click();
  await embed.getByRole('alert').filter({ hasText: 'Give your name or sign in to like comments.' }).waitFor();
  await audit(page, 'the signed-out demo article, told how to like');
  await embed.getByLabel('Your name').fill('Ada Audit');
  await embed.getByLabel('Your comment').fill('A published comment.');
  await embed.getByRole('button', { name: 'Post comment' }).click();
  await embed.getByRole('heading', { name: 'Comments (2)', exact: true }).waitFor();
  await embed.getByText('Commenting as Ada Audit').waitFor();
  await embed.getByLabel('Your comment').fill('A held comment: ' + LINKS);
  await embed.getByRole('button', { name: 'Post comment' }).click();
  await embed.getByText('Awaiting review: only you can see this comment for now.').waitFor();
  await embed.getByText('Your comment will appear once it has been reviewed').waitFor();
  // The report form under the other reader's comment, and an error shown in the form.
  await embed.locator('li').filter({ hasText: 'An earlier comment' }).getByRole('button', { name: 'Report' }).click();
  await embed.getByRole('form', { name: 'Report this comment' }).waitFor();
  await embed.getByRole('button', { name: 'Send report' }).click();
  await embed.getByRole('alert').filter({ hasText: 'Please choose a reason.' }).waitFor();
  // The edit form with the time left.
  await embed.locator('li').filter({ hasText: 'A published comment.' }).getByRole('button', { name: 'Edit' }).click();
  await embed.getByText(/^You can edit for \d+ more minutes?\.$/).waitFor();
  await embed.getByRole('button', { name: 'Post comment' }).click();
  await embed.locator('form.form [role="alert"]').filter({ hasText: /\S/ }).waitFor();
  const results = await audit(page, 'the demo article with comments');
  assert.ok(sawShadow(results), 'axe looked inside the embed\'s shadow root');
  assert.deepEqual(await moving(page), [], 'elements still moving with reduced motion asked for');

  // Sending the report from the keyboard: its form goes, focus lands on the answer.
  await embed.getByRole('form', { name: 'Report this comment' }).getByLabel('Spam').check();
  await embed.getByRole('button', { name: 'Send report' }).focus();
  await page.keyboard.press('Enter');
  const thanked = embed.getByRole('status').filter({ hasText: 'Thank you. Moderators will review this comment.' });
  await thanked.waitFor();
  assert.ok(await thanked.evaluate((e) => e === e.getRootNode().activeElement), 'focus is on the answer');
  await embed.getByRole('button', { name: 'Change name' }).click();
  await embed.getByRole('form', { name: 'Change name' }).waitFor();
  await audit(page, 'the demo article with the change-name form open');

  const other = await newPage(t, browser, { bypassCSP: true });
  await other.goto(`${BASE}/?article=${key}`);
  const there = other.locator(`[data-rostra-article="${key}"]`);
  await there.getByRole('button', { name: 'Sign in', exact: true }).click();
  const form = there.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill('nobody@news.example');
  await form.getByLabel('Password').fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await form.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
  await audit(other, 'the demo article with the sign-in form open');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await there.getByRole('button', { name: 'Create account', exact: true }).click();
  await there.getByRole('form', { name: 'Create account' }).getByLabel('Display name').waitFor();
  await audit(other, 'the demo article with the create-account form open');
});

test('the moderator queue with held comments, an author\'s window and the settings screen have no serious violations', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'a11y-mod-' + id;
  for (const name of ['Ann ' + id, 'Ben ' + id]) assert.equal(await say(t, key, name, `Held for ${name}: ${LINKS}`), 202);
  const mod = moderator('Audit Desk ' + id, 'admin');	// the settings screen as its editor sees it

  const page = await newPage(t, browser, { width: 1200 });
  await page.goto(BASE + '/comments/moderate');
  await page.waitForURL(/\/comments\/moderate\/login\?next=/);
  await audit(page, 'the moderator sign-in page');
  await page.getByLabel('Email').fill(mod.email);
  await page.getByLabel('Password').fill(mod.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(BASE + '/comments/moderate');
  await page.getByText(`Signed in as ${mod.name} (${mod.role})`).waitFor();
  const field = page.getByLabel('Article', { exact: true });
  await field.fill(key);
  await field.press('Enter');
  await page.getByRole('region', { name: 'Article ' + key }).waitFor();
  const list = page.getByRole('list', { name: 'Comments in Pending' });
  await list.getByRole('listitem').filter({ hasText: 'Held for Ben ' + id }).waitFor();
  await showsFocus(page, await page.getByRole('button', { name: /^Pending/ }).elementHandle(), 'Pending button');
  const items = list.locator(':scope > li');
  assert.equal(await items.count(), 2);
  await items.first().getByRole('checkbox').check();
  await audit(page, 'the moderator queue');

  await items.first().getByRole('button', { name: /^Author/ }).click();
  await page.getByRole('dialog').waitFor();
  await audit(page, 'the author window');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  await page.getByRole('link', { name: 'Settings and word lists' }).click();
  await page.getByRole('heading', { name: 'Word lists' }).waitFor();
  await page.getByLabel('Links allowed in a comment').waitFor();
  await audit(page, 'the settings screen');
  await showsFocus(page, await page.getByLabel('Links allowed in a comment').elementHandle(), 'settings field');
  assert.deepEqual(await moving(page), [], 'elements still moving with reduced motion asked for');
});

test('a reader posts with the keyboard alone, hears a refusal and the news, and always sees where focus is', { timeout: 90000 }, async (t) => {
  const key = 'a11y-keys-' + uniq();
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const embed = page.locator(`[data-rostra-article="${key}"]`);
  await embed.getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();

  // Tab from the top of the page to the name field, then on to the comment and the button.
  const name = await tabTo(page, (e) => e.id === 'rostra-name', 'the name field');
  await page.keyboard.type('Kim Keys');
  const textarea = await tabTo(page, (e) => e.tagName === 'TEXTAREA', 'the comment field', 1);
  const submit = await tabTo(page, (e) => e.type === 'submit', 'the submit button', 1);
  assert.equal(await submit.evaluate((e) => e.textContent), 'Leave the first comment');

  // Space with nothing written: the refusal is in role=alert and focus goes to the field.
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.keyboard.press('Space');
  const res = await refused;
  assert.equal(res.status(), 400);
  const alert = embed.locator('form.form [role="alert"]');
  await alert.filter({ hasText: (await res.json()).error.message }).waitFor();
  assert.equal(await (await focused(page)).evaluate((e) => e.tagName), 'TEXTAREA', 'focus is back in the comment field');
  assert.equal(await textarea.evaluate((e) => e.getAttribute('aria-invalid')), 'true');

  // Written, then Tab and Enter: posted, said in a role=status, focus stays on the button.
  await page.keyboard.type('Typed, then sent with Enter.');
  await page.keyboard.press('Tab');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.keyboard.press('Enter');
  assert.equal((await posted).status(), 201);
  await embed.getByRole('heading', { name: 'Comments (1)', exact: true }).waitFor();
  await embed.locator('li').filter({ hasText: 'Typed, then sent with Enter.' }).waitFor();
  await embed.getByRole('status').filter({ hasText: 'Your comment is published.' }).waitFor();
  assert.equal(await alert.textContent(), '', 'the refusal is gone');
  assert.ok(await (await focused(page)).evaluate((e) => e.type === 'submit' && !e.disabled),
    'focus stays on the button after posting');

  // Every stop shows it has focus; the name field is gone now that the reader is a guest.
  assert.equal(await name.evaluate((e) => e.isConnected), false);
  await embed.getByText('Commenting as Kim Keys').waitFor();
  for (const [el, what] of [[textarea, 'comment field'], [submit, 'submit button'],
    [await embed.getByRole('button', { name: 'Change name' }).elementHandle(), 'Change name link'],
    [await embed.getByRole('button', { name: 'Delete' }).elementHandle(), 'Delete link']]) {
    await showsFocus(page, el, what);
  }
});
