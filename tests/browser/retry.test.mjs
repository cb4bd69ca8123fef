// SPDX-License-Identifier: ISC — Rostra
// A post whose answer never reached the browser (the comment was stored,
// the connection dropped): the reader presses Post again and the comment is
// there once, not twice, because the embed sent the same Idempotency-Key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, newPage, until, useBrowser } from './browser.mjs';

const browser = useBrowser();

test('posting again after a lost answer stores and shows the comment once', { timeout: 90000 }, async (t) => {
  const key = `retry-${randomBytes(5).toString('hex')}`;
  const page = await newPage(t, browser);
  const keys = [];
  let lost = false;
  await page.route((u) => u.pathname.endsWith(`/articles/${key}/comments`), async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (lost) return route.continue();
    lost = true;
    await route.fetch();			/* the server stores it… */
    await route.abort('connectionreset');	/* …and the answer is lost */
  });
  await page.goto(`${BASE}/?article=${key}`);
  const embed = page.locator('[data-rostra-article]');
  await embed.getByLabel('Your name').fill('Rita');
  await embed.getByLabel('Your comment').fill('Sent over a bad line.');
  const post = embed.getByRole('button', { name: 'Leave the first comment' });
  await post.click();
  await embed.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
  assert.equal(await embed.getByLabel('Your comment').inputValue(), 'Sent over a bad line.', 'the text is still there to send again');
  await post.click();
  await embed.getByText('Sent over a bad line.').first().waitFor();
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.equal(keys[1], keys[0], 'the same key for the same comment');

  const listing = await until(async () => {
    const res = await page.request.get(`${BASE}/comments/api/v1/articles/${key}/comments`, { headers: { Cookie: 'rostra_fresh=1' } });
    const json = await res.json();
    return json.article.comment_count > 0 && json;
  }, 'the stored comment');
  assert.equal(listing.article.comment_count, 1, 'stored once');
  await page.reload();
  await embed.getByRole('heading', { name: 'Comments (1)' }).waitFor();
  assert.equal(await embed.getByText('Sent over a bad line.').count(), 1, 'shown once');
});
