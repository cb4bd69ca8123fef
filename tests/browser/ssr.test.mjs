// SPDX-License-Identifier: ISC — Rostra
// A reader without JavaScript: the demo page shows the thread nginx
// included from the daemon (SSI) — the count, the comments with their
// formatting, replies nested under what they answer, and a way to take
// part — and nothing in it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, newPage, useBrowser } from './browser.mjs';

const browser = useBrowser();
const API = `${BASE}/comments/api/v1`;

async function post(key, body, cookie) {
  const res = await fetch(`${API}/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: BASE, 'X-Rostra-CSRF': '1', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 201, `post: ${text}`);
  const set = res.headers.get('set-cookie') || '';
  return { json: JSON.parse(text), cookie: cookie || set.match(/rostra_session=[^;]*/)[0] };
}

test('without JavaScript the page shows the comments, nested and formatted, and nothing runs', { timeout: 60000 }, async (t) => {
  const key = `nojs-${randomBytes(5).toString('hex')}`;
  const first = await post(key, { author_name: 'Ada', body: 'The **first** point, with <script>document.title="owned"</script> inside.' });
  const reply = await post(key, { body: 'A reply to *Ada*, see [the report](https://example.org/report).', parent_id: first.json.id }, first.cookie);
  await post(key, { body: 'A second thought, top-level.' }, first.cookie);

  const page = await newPage(t, browser, { javaScript: false });
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await page.goto(`${BASE}/?article=${key}`);
  const section = page.locator('.rostra-ssr');
  await assert.doesNotReject(section.waitFor({ state: 'visible' }));
  assert.equal(await section.getByRole('heading', { level: 2 }).textContent(), 'Comments (3)');
  const items = section.locator('li.rostra-ssr-comment');
  assert.equal(await items.count(), 3);
  assert.equal(await section.locator('li.rostra-ssr-comment > article .rostra-ssr-author').first().textContent(), 'Ada');
  // The reply sits inside the list of the comment it answers, and shows indented.
  const nested = page.locator(`#comment-${first.json.id} ol.rostra-ssr-replies > #comment-${reply.json.id}`);
  assert.equal(await nested.count(), 1);
  const x = async (sel) => (await page.locator(sel).locator('.rostra-ssr-text').first().boundingBox()).x;
  assert.ok(await x(`#comment-${reply.json.id}`) > await x(`#comment-${first.json.id}`), 'the reply is indented');
  assert.equal(await page.locator(`#comment-${first.json.id} strong`).filter({ hasText: 'first' }).count(), 1);
  const link = page.locator(`#comment-${reply.json.id} a[href="https://example.org/report"]`);
  assert.equal(await link.getAttribute('rel'), 'nofollow ugc noopener');
  assert.match(await page.locator(`#comment-${first.json.id} .rostra-ssr-text`).first().textContent(), /<script>document\.title="owned"<\/script>/,
    'the script tag is shown as text');
  assert.doesNotMatch(await page.title(), /owned/);
  assert.equal(await section.getByRole('link', { name: 'Join the discussion' }).count(), 1);
  assert.equal(dialogs, 0);
});

test('with JavaScript the embed takes the section over: one list, not two', { timeout: 60000 }, async (t) => {
  const key = `js-${randomBytes(5).toString('hex')}`;
  await post(key, { author_name: 'Bea', body: 'Only once, please.' });
  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator('[data-rostra-article]');
  await host.getByRole('heading', { name: 'Comments (1)' }).waitFor();
  assert.equal(await host.getByText('Only once, please.').count(), 1);
  assert.equal(await page.locator('.rostra-ssr').count(), 0, 'the server\'s markup gave way');
});
