// SPDX-License-Identifier: ISC — Rostra
// The embed's lazy part (web/embed/lazy.js): reading a discussion, the
// server's copy taken over included, fetches embed.js and embed.css only;
// the first form a reader opens brings embed-more.js and embed-more.css,
// once, and what they hold works; a lazy part that cannot be loaded says so
// where the reader acted, and the next try loads it. On the demo page, under
// its strict Content-Security-Policy and Trusted Types (newPage fails a test
// on any refusal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, newPage, fresh, reader, uniq } from './browser.mjs';

const browser = useBrowser();
const isLazy = (u) => /^\/comments\/embed-more\.(js|css)$/.test(u.pathname);

// The demo page for article KEY, every request for the embed's files noted
// in seen (path and query), once its comments show.
async function visit(t, key, seen) {
  const page = await newPage(t, browser);
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (/^\/comments\/embed/.test(u.pathname)) seen.push(u.pathname + u.search);
  });
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByRole('heading', { name: /^Comments \(\d+\)$/ }).waitFor();
  return { page, host };
}
const lazyOnes = (seen) => seen.filter((p) => isLazy(new URL(p, BASE))).map((p) => p.replace(/\?.*/, '')).sort();

test('reading fetches no lazy part; the first form opened loads it once, and posting a reply and signing in work', { timeout: 90000 }, async (t) => {
  const key = fresh('lazy');
  const name = 'Ada ' + uniq();
  await reader(name).post(key, 'The first comment, to answer.');
  const seen = [];
  const { page, host } = await visit(t, key, seen);
  await host.getByText('The first comment, to answer.').waitFor();
  await host.getByRole('button', { name: 'Reply' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(lazyOnes(seen), [], `reading fetched only ${seen}`);
  assert.ok(seen.some((p) => p === '/comments/embed.js') && seen.some((p) => p === '/comments/embed.css'), String(seen));

  // Reply: the lazy part comes, with its style, each named by its version.
  await host.getByRole('button', { name: 'Reply' }).click();
  const form = host.getByRole('form', { name: `Reply to ${name}` });
  await form.getByLabel('Your reply').fill('A reply through the lazy part.');
  assert.deepEqual(lazyOnes(seen), ['/comments/embed-more.css', '/comments/embed-more.js']);
  assert.ok(seen.filter((p) => isLazy(new URL(p, BASE))).every((p) => /\?v=[0-9a-f]{12}$/.test(p)), String(seen));
  // Styled by embed-more.css: a reply form is boxed (padding), not bare.
  assert.notEqual(await form.evaluate((f) => getComputedStyle(f).paddingTop), '0px');
  await form.getByLabel('Your name').fill('Bea ' + uniq());
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/articles/${key}/comments`));
  await form.getByRole('button', { name: 'Post reply' }).click();
  assert.equal((await answer).status(), 201);
  await host.getByText('A reply through the lazy part.').waitFor();
  await host.getByRole('heading', { name: 'Comments (2)' }).waitFor();

  // Another use (the signed-in reader's line, Sign out): nothing fetched again.
  await host.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  await host.getByRole('button', { name: 'Report' }).first().click();
  await host.getByRole('form', { name: 'Report this comment' }).waitFor();
  assert.deepEqual(lazyOnes(seen), ['/comments/embed-more.css', '/comments/embed-more.js'], 'loaded once');
});

test('a lazy part that cannot be loaded says so where the reader acted; the next try loads it', { timeout: 90000 }, async (t) => {
  const key = fresh('lazy-fail');
  await reader('Cy ' + uniq()).post(key, 'A comment to report.');
  const seen = [];
  const { page, host } = await visit(t, key, seen);
  let refused = 0;
  const refuse = (route) => { refused++; return route.abort(); };
  await page.route(isLazy, refuse);

  await host.getByRole('button', { name: 'Sign in', exact: true }).click();
  const said = host.getByRole('alert').filter({ hasText: 'This part of the comments could not be loaded. Please try again.' });
  await said.waitFor();
  assert.ok(refused >= 1, 'the lazy part was asked for');
  assert.equal(await host.getByLabel('Email').count(), 0, 'no form without its part');
  // The same on a comment's button, under that comment.
  await host.getByRole('button', { name: 'Like' }).click();
  await host.locator('li').filter({ hasText: 'A comment to report.' }).getByRole('alert')
    .filter({ hasText: 'This part of the comments could not be loaded. Please try again.' }).waitFor();

  await page.unroute(isLazy, refuse);
  await host.getByRole('button', { name: 'Sign in', exact: true }).click();
  await host.getByLabel('Email').waitFor();
  await host.getByRole('form', { name: 'Sign in' }).getByRole('button', { name: 'Cancel' }).click();
  await host.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
});
