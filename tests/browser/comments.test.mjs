// SPDX-License-Identifier: ISC — Rostra
// End-to-end test of the comment embed on the demo page, in Debian's Chromium
// driven by playwright-core. Needs a running stack: ROSTRA_URL is its base URL
// (e.g. http://127.0.0.1:18080) with a fresh database. Run: node --test
// Optional: ROSTRA_ARTIFACTS=DIR saves DIR/demo.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, newPage, until, useBrowser } from './browser.mjs';

const ARTIFACTS = process.env.ROSTRA_ARTIFACTS || '';
const HEADLINE = 'Canada confirms talks to join Trump’s ‘Golden Dome’ missile defense system';
const HOST_BUTTON_BG = 'rgb(196, 22, 28)'; // the demo page's `button` rule

const browser = useBrowser();

// The demo page in a fresh context of its own.
async function open(t) {
  const page = await newPage(t, browser);
  await page.goto(BASE + '/');
  return page;
}

// Locators below pierce the open shadow root of the embed.
const embed = (page) => page.locator('[data-rostra-article="demo-golden-dome"]');
const heading = (page, n) => embed(page).getByRole('heading', { name: `Comments (${n})`, exact: true });
const comments = (page) => embed(page).locator('li');

async function count(page) {
  const h = embed(page).getByRole('heading', { name: /^Comments \(\d+\)$/ });
  await h.waitFor();
  return Number((await h.textContent()).match(/\d+/)[0]);
}

test('a first comment is posted, shown as text, and survives a reload', { timeout: 90000 }, async (t) => {
  const page = await open(t);
  await page.getByRole('heading', { level: 1, name: HEADLINE }).waitFor();
  await heading(page, 0).waitFor();
  await embed(page).getByText('What is your opinion on this topic?').waitFor();
  const button = embed(page).getByRole('button', { name: 'Leave the first comment' });
  await button.waitFor();
  assert.equal(await comments(page).count(), 0);

  const body = 'Hello <b>not bold</b>\nsecond line & more';
  await embed(page).getByLabel('Your name').fill('Ada Lovelace');
  await embed(page).getByLabel('Your comment').fill(body);
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await button.click();
  assert.equal((await posted).status(), 201);

  await heading(page, 1).waitFor();
  const item = comments(page).filter({ hasText: '<b>not bold</b>' });
  await item.waitFor();
  const text = item.locator('.text');
  assert.equal(await text.textContent(), body, 'body shown literally');
  assert.match(await text.innerText(), /<b>not bold<\/b>\nsecond line/, 'newline kept on screen');
  assert.equal(await embed(page).locator('b').count(), 0, 'no <b> element created');
  await item.getByText('Ada Lovelace', { exact: true }).waitFor();
  assert.ok(await item.locator('time[datetime]').getAttribute('datetime'));
  assert.equal(await embed(page).getByLabel('Your comment').inputValue(), '', 'textarea cleared');
  // The post made this browser a guest: the embed now says who is commenting.
  await embed(page).getByText('Commenting as Ada Lovelace').waitFor();
  assert.equal(await embed(page).getByLabel('Your name').count(), 0, 'name field replaced');
  assert.equal(await embed(page).getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'no error shown');
  await embed(page).getByRole('button', { name: 'Post comment' }).waitFor();

  await page.reload();
  await heading(page, 1).waitFor();
  const again = comments(page).filter({ hasText: '<b>not bold</b>' });
  await again.waitFor();
  assert.equal(await again.locator('.text').textContent(), body);
  assert.equal(await embed(page).locator('b').count(), 0);
  await embed(page).getByText('Commenting as Ada Lovelace').waitFor(); // still signed in

  if (ARTIFACTS) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo.png'), fullPage: true });
  }
});

test('host page CSS and embed CSS do not cross the shadow boundary', { timeout: 60000 }, async (t) => {
  const page = await open(t);
  await heading(page, await count(page)).waitFor(); // visible only once embed.css applied
  const submit = embed(page).locator('form button[type="submit"]');
  await submit.waitFor();

  // Host rules must not reach in.
  const hostButton = page.getByRole('button', { name: 'Subscribe', exact: true });
  assert.equal(await hostButton.evaluate((b) => getComputedStyle(b).backgroundColor), HOST_BUTTON_BG,
    'the demo page styles its own buttons');
  const inner = await submit.evaluate((b) => {
    const s = getComputedStyle(b);
    return { bg: s.backgroundColor, transform: s.textTransform, font: s.fontFamily };
  });
  assert.notEqual(inner.bg, HOST_BUTTON_BG, 'host button background leaked into the embed');
  assert.equal(inner.transform, 'none', 'host button text-transform leaked into the embed');
  const h2 = await embed(page).getByRole('heading', { level: 2 }).evaluate((e) => {
    const s = getComputedStyle(e);
    return { transform: s.textTransform, color: s.color };
  });
  assert.equal(h2.transform, 'none', 'host h2 text-transform leaked into the embed');
  assert.notEqual(h2.color, 'rgb(138, 28, 28)', 'host h2 colour leaked into the embed');
  const prompt = embed(page).getByText('What is your opinion on this topic?');
  const promptFont = await prompt.evaluate((e) => getComputedStyle(e).fontFamily);
  assert.doesNotMatch(promptFont, /Georgia/, 'host p font leaked into the embed');
  const sectionBorder = await embed(page).getByRole('region', { name: 'Comments' })
    .evaluate((e) => getComputedStyle(e).borderTopColor);
  assert.notEqual(sectionBorder, 'rgb(26, 26, 26)', 'host section rule leaked into the embed');

  // Embed rules must not leak out.
  const hostP = page.locator('article p.lede');
  const outer = await hostP.evaluate((e) => {
    const s = getComputedStyle(e);
    return { font: s.fontFamily, margin: s.marginBottom, space: s.whiteSpace };
  });
  assert.match(outer.font, /Georgia/, 'host paragraph lost its font');
  assert.notEqual(outer.margin, '0px', 'host paragraph lost its margin');
  assert.equal(outer.space, 'normal');
});

test('an empty comment shows the server error and adds nothing', { timeout: 60000 }, async (t) => {
  const page = await open(t);
  const before = await count(page);
  const listed = await comments(page).count();
  await embed(page).getByLabel('Your name').fill('Grace');
  await embed(page).getByLabel('Your comment').fill('');
  const submit = embed(page).locator('form button[type="submit"]');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await submit.click();
  const res = await answer;
  assert.ok(res.status() >= 400 && res.status() < 500, `expected a 4xx, got ${res.status()}`);
  const message = (await res.json()).error.message;
  assert.ok(message, 'server sent error.message');

  const alert = embed(page).locator('form [role="alert"]');
  await until(async () => (await alert.textContent()) === message, 'the error message in role=alert');
  assert.ok(await alert.isVisible());
  await until(() => submit.isEnabled(), 'the button to be enabled again');
  assert.equal(await count(page), before, 'count unchanged');
  assert.equal(await comments(page).count(), listed, 'nothing added to the list');
});

test('a held comment is shown to its author as awaiting review, after a reload too, and to no one else', { timeout: 90000 }, async (t) => {
  const key = `held-${Date.now().toString(36)}`;
  const visit = async () => {
    const page = await newPage(t, browser);
    await page.goto(`${BASE}/?article=${key}`);
    return page;
  };
  const host = (page) => page.locator(`[data-rostra-article="${key}"]`);
  const author = await visit();
  await host(author).getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();
  await host(author).getByLabel('Your name').fill('Hana Held');
  // Three links, over the default limit of two: held for a moderator.
  const body = 'Read http://a.example, http://b.example and http://c.example';
  await host(author).getByLabel('Your comment').fill(body);
  const posted = author.waitForResponse((r) => r.request().method() === 'POST');
  await host(author).getByRole('button', { name: 'Leave the first comment' }).click();
  assert.equal((await posted).status(), 202);
  await host(author).getByText('Your comment will appear once it has been reviewed').waitFor();
  const mine = host(author).locator('li').filter({ hasText: body });
  await mine.getByText('Awaiting review').waitFor();
  await host(author).getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();

  await author.reload();
  await host(author).locator('li').filter({ hasText: body }).getByText('Awaiting review').waitFor();
  await host(author).getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();

  const other = await visit();
  await host(other).getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();
  await host(other).getByText('What is your opinion on this topic?').waitFor();
  assert.equal(await host(other).locator('li').count(), 0, 'another reader does not see it');
});

test('formatting: emphasis, links and quotes render; raw HTML and script links stay inert text', { timeout: 60000 }, async (t) => {
  const key = `fmt-${Date.now().toString(36)}`;
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();
  await host.getByLabel('Your name').fill('Fran Format');
  await host.getByLabel('Your comment').fill('**Bold** and *soft*\n\n> a quote\n\n[source](https://news.example/x) ' +
    '[bad](javascript:alert(1)) <img src=x onerror="window.pwned=1"> ![pic](https://news.example/p.png)');
  await host.getByRole('button', { name: 'Leave the first comment' }).click();
  const text = host.locator('li .text');
  await text.waitFor();
  assert.equal(await text.locator('strong').textContent(), 'Bold');
  assert.equal(await text.locator('em').textContent(), 'soft');
  assert.equal(await text.locator('blockquote').textContent(), 'a quote');
  const links = text.locator('a');
  assert.equal(await links.count(), 1, 'only the web link is a link');
  assert.equal(await links.getAttribute('href'), 'https://news.example/x');
  assert.equal(await links.getAttribute('rel'), 'nofollow ugc noopener');
  assert.equal(await text.locator('img, script').count(), 0, 'no image, no script element');
  assert.match(await text.textContent(), /bad <img src=x onerror="window\.pwned=1"> pic/, 'shown as the reader typed it');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.reload();
  await host.locator('li .text strong').waitFor();
});

test('a reader likes another reader\'s comment, the count and the pressed state survive a reload; never their own', { timeout: 90000 }, async (t) => {
  const key = `like-${Date.now().toString(36)}`;
  const posted = await fetch(`${BASE}/comments/api/v1/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Rostra-CSRF': '1', Origin: BASE },
    body: JSON.stringify({ author_name: 'Lena Liked', body: 'Worth a like' }),
  });
  assert.equal(posted.status, 201);
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  const theirs = host.locator('li').filter({ hasText: 'Worth a like' }).getByRole('button', { name: /^Like \(\d+\)$/ });
  await theirs.waitFor();
  // A signed-out reader's Like is there; a click says what to do first (reader14.test.mjs).
  assert.equal(await theirs.isDisabled(), false, 'a signed-out reader sees Like');

  // Commenting makes this browser a guest, who may then like others' comments.
  await host.getByLabel('Your name').fill('Mo Mine');
  await host.getByLabel('Your comment').fill('My own view');
  await host.getByRole('button', { name: 'Post comment' }).click();
  const own = host.locator('li').filter({ hasText: 'My own view' }).getByRole('button', { name: 'Like (0)' });
  await own.waitFor();
  await host.getByText('Commenting as Mo Mine').waitFor();
  assert.equal(await own.isDisabled(), true, 'not on one\'s own comment');
  const liked = host.locator('li').filter({ hasText: 'Worth a like' }).getByRole('button', { name: 'Like (0)' });
  await liked.waitFor();
  await page.waitForFunction((k) => {
    const b = [...document.querySelector(`[data-rostra-article="${k}"]`).shadowRoot.querySelectorAll('button.react')];
    return b.length === 2 && b.some((x) => !x.disabled);
  }, key);
  await liked.click();
  const on = host.locator('li').filter({ hasText: 'Worth a like' }).getByRole('button', { name: 'Like (1)', pressed: true });
  await on.waitFor();

  await page.reload();
  await host.locator('li').filter({ hasText: 'Worth a like' }).getByRole('button', { name: 'Like (1)', pressed: true }).waitFor();
  await host.locator('li').filter({ hasText: 'Worth a like' }).getByRole('button', { name: 'Like (1)' }).click();
  await host.locator('li').filter({ hasText: 'Worth a like' }).getByRole('button', { name: 'Like (0)', pressed: false }).waitFor();
});

test('a closed thread keeps its comments, shows a banner and offers no form', { timeout: 60000 }, async (t) => {
  const key = `closed-${Date.now().toString(36)}`;
  const posted = await fetch(`${BASE}/comments/api/v1/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Rostra-CSRF': '1', Origin: BASE },
    body: JSON.stringify({ author_name: 'Cleo Closed', body: 'Said before closing' }),
  });
  assert.equal(posted.status, 201);
  // An operator closes it, as a moderator would.
  execFileSync('sh', ['scripts/stack.sh', 'rostra', process.env.ROSTRA_STACK, 'article', 'close', key], { stdio: 'pipe' });
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByText('This discussion is closed').waitFor();
  await host.getByText('Said before closing').waitFor();
  assert.equal(await host.getByLabel('Your comment').count(), 0, 'no form');
  assert.equal(await host.getByText('What is your opinion on this topic?').count(), 0);
});

test('an author deletes their comment after confirming; the count follows', { timeout: 60000 }, async (t) => {
  const key = `delete-${Date.now().toString(36)}`;
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByLabel('Your name').fill('Dee Delete');
  await host.getByLabel('Your comment').fill('Second thoughts');
  await host.getByRole('button', { name: 'Leave the first comment' }).click();
  await host.getByRole('heading', { name: 'Comments (1)', exact: true }).waitFor();
  const item = host.locator('li').filter({ hasText: 'Second thoughts' });
  await item.getByRole('button', { name: 'Delete' }).click();
  await item.getByRole('button', { name: 'Delete for good?' }).click();
  await host.getByText('Your comment was deleted.').waitFor();
  await host.getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();
  assert.equal(await host.locator('li').count(), 0);
  await page.reload();
  await host.getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();
  assert.equal(await host.locator('li').count(), 0, 'gone after a reload too');
});

test('a featured comment is shown first, marked as such, and still in its place', { timeout: 60000 }, async (t) => {
  const key = `featured-${Date.now().toString(36)}`;
  const post = (name, body) => fetch(`${BASE}/comments/api/v1/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Rostra-CSRF': '1', Origin: BASE },
    body: JSON.stringify({ author_name: name, body }),
  }).then((r) => r.json());
  const pick = await post('Fay Featured', 'The comment worth reading');
  await post('Gus', 'A later one');
  execFileSync('sh', ['scripts/stack.sh', 'rostra', process.env.ROSTRA_STACK, 'comment', 'feature', String(pick.id)], { stdio: 'pipe' });
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  const picks = host.getByRole('region', { name: 'Featured comments' });
  await picks.getByText('The comment worth reading').waitFor();
  assert.equal(await picks.locator('li').count(), 1);
  const texts = await host.locator('li .text').allTextContents();
  assert.deepEqual(texts, ['The comment worth reading', 'A later one', 'The comment worth reading'], 'first, then in its place');
  assert.equal(await host.locator('li').filter({ hasText: 'The comment worth reading' }).getByText('Featured', { exact: true }).count(), 2);
});

test('a reader reports another\'s comment with a reason, once; their own shows no Report', { timeout: 90000 }, async (t) => {
  const key = `report-${Date.now().toString(36)}`;
  const posted = await fetch(`${BASE}/comments/api/v1/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Rostra-CSRF': '1', Origin: BASE },
    body: JSON.stringify({ author_name: 'Rex Reported', body: 'Buy cheap watches now' }),
  });
  assert.equal(posted.status, 201);
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  const theirs = host.locator('li').filter({ hasText: 'Buy cheap watches now' });
  await theirs.waitFor();
  // Signed out, Report shows; a click says what to do first (reader14.test.mjs).
  assert.equal(await theirs.getByRole('button', { name: 'Report' }).isVisible(), true, 'signed out: Report shows');
  await host.getByLabel('Your name').fill('Rae Reporter');
  await host.getByLabel('Your comment').fill('Looks like spam to me');
  await host.getByRole('button', { name: 'Post comment' }).click();
  await host.getByText('Commenting as Rae Reporter').waitFor();
  const mineItem = host.locator('li').filter({ hasText: 'Looks like spam to me' });
  await mineItem.getByRole('button', { name: 'Delete' }).waitFor();
  assert.equal(await mineItem.getByRole('button', { name: 'Report' }).isVisible(), false, 'not on one\'s own');

  await theirs.getByRole('button', { name: 'Report' }).click();
  const form = host.getByRole('form', { name: 'Report this comment' });
  await form.getByLabel('Spam').check();
  await form.getByRole('button', { name: 'Send report' }).click();
  await host.getByText('Thank you. Moderators will review this comment.').waitFor();
  assert.equal(await theirs.getByRole('button', { name: 'Report' }).isVisible(), false, 'no second report from here');

  // After a reload, and in a browser that never saw the report (its
  // storage cleared), the page still says so: the server lists it.
  await page.reload();
  await theirs.getByText('Reported', { exact: true }).waitFor();
  assert.equal(await theirs.getByRole('button', { name: 'Report' }).count(), 0, 'no Report after a reload');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await theirs.getByText('Reported', { exact: true }).waitFor();
  assert.equal(await theirs.getByRole('button', { name: 'Report' }).count(), 0, 'no Report in another browser');
});
