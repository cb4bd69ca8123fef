// SPDX-License-Identifier: ISC — Rostra
// count.js on the demo's article list (/list) in Chromium, against the real
// stack: counts of fresh articles posted to through the API; one request to
// /counts for every element on the page (more only past the server's 100 keys
// or for very long keys); invalid keys left alone; unknown keys 0; the format
// as text; a failing counts API leaves the page's own text. Needs ROSTRA_URL
// and a stack with its rate limits off (tests/run.sh sets both).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, newPage, useBrowser } from './browser.mjs';

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1', 'Content-Type': 'application/json' };
const COUNTS = /\/comments\/api\/v1\/counts\?/;

const browser = useBrowser();
const fresh = (p = 'c') => `${p}-${randomBytes(6).toString('hex')}`;

// n comments on key, each by a new guest, all published.
async function post(key, n) {
  for (let i = 0; i < n; i++) {
    const res = await fetch(API + `articles/${key}/comments`, {
      method: 'POST', headers: SITE,
      body: JSON.stringify({ author_name: fresh('Reader'), body: `Comment ${i} on ${key}` }),
    });
    assert.equal(res.status, 201, await res.text());
  }
}

// /list?article=…: opens it, records the /counts requests it makes, and
// returns once the page is quiet (count.js is done, or has given up).
async function openList(t, keys, { format, route } = {}) {
  const page = await newPage(t, browser);
  const asked = [];
  page.on('request', (r) => { if (COUNTS.test(r.url())) asked.push(new URL(r.url()).searchParams.getAll('article')); });
  if (route) await page.route(COUNTS, route);
  const q = new URLSearchParams(keys.map((k) => ['article', k]));
  if (format) q.set('format', format);
  await page.goto(BASE + '/list' + (keys.length ? '?' + q : ''), { waitUntil: 'networkidle' });
  const texts = await page.locator('[data-rostra-count]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-rostra-count'), e.textContent, e.children.length]));
  return { page, asked, texts };
}

test('counts fill every element from one request; invalid keys are left alone', async (t) => {
  const [two, one, none] = [fresh(), fresh(), fresh()];
  await post(two, 2);
  await post(one, 1);
  const bad = 'not a key!';
  const { asked, texts } = await openList(t, [two, one, bad, none, two]);
  assert.deepEqual(texts, [
    [two, 'Comments (2)', 0],
    [one, 'Comments (1)', 0],
    [bad, 'Comments', 0], // the page's own text
    [none, 'Comments (0)', 0], // no thread yet
    [two, 'Comments (2)', 0], // a key twice: both elements, asked once
  ]);
  assert.deepEqual(asked, [[two, one, none]]);
});

test('the format is used as text, never as markup', async (t) => {
  const key = fresh();
  await post(key, 3);
  const { page, texts } = await openList(t, [key], { format: '<b>{n}</b> comments' });
  assert.deepEqual(texts, [[key, '<b>3</b> comments', 0]]);
  assert.equal(await page.locator('b').count(), 0);
});

test('more keys than the server counts at once go in as few requests as it takes', async (t) => {
  const keys = Array.from({ length: 150 }, (_, i) => `c-${randomBytes(4).toString('hex')}-${i}`);
  await post(keys[149], 1); // one in the second batch
  const { asked, texts } = await openList(t, keys);
  assert.deepEqual(asked.map((a) => a.length), [100, 50]);
  assert.deepEqual(asked.flat(), keys);
  assert.deepEqual(texts.map(([, text]) => text),
    keys.map((_, i) => `Comments (${i === 149 ? 1 : 0})`));
});

test('long keys are split so that no request line nears nginx\'s 8 KB', async (t) => {
  // 50 keys of 128 characters: 6,850 bytes of query, past count.js's 6,000.
  const keys = Array.from({ length: 50 }, (_, i) => `${i}-`.padEnd(128, randomBytes(64).toString('hex')));
  const { asked, texts } = await openList(t, keys);
  assert.deepEqual(asked.map((a) => a.length), [43, 7]);
  assert.deepEqual(asked.flat(), keys);
  assert.deepEqual(texts.map(([, text]) => text), keys.map(() => 'Comments (0)'));
});

test('when the counts API fails the page keeps its own text', async (t) => {
  const key = fresh();
  await post(key, 1);
  for (const route of [
    (r) => r.abort('connectionrefused'),
    (r) => r.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"service_unavailable"}}' }),
    (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<html>a proxy error page</html>' }),
  ]) {
    const { asked, texts } = await openList(t, [key], { route });
    assert.deepEqual(asked, [[key]]);
    assert.deepEqual(texts, [[key, 'Comments', 0]]);
  }
});

test('the demo list shows three stories with links to their threads and their counts', async (t) => {
  const { page, asked, texts } = await openList(t, []);
  const keys = ['demo-golden-dome', 'demo-harbour-tunnel', 'demo-night-trains'];
  assert.deepEqual(asked, [keys]);
  assert.deepEqual(texts.map(([k]) => k), keys);
  for (const [, text] of texts) assert.match(text, /^Comments \(\d+\)$/);
  const links = await page.locator('#stories li > a:first-child').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, keys.map((k) => '/?article=' + k));
  await page.getByRole('link', { name: /Golden Dome/ }).click();
  await page.waitForURL(BASE + '/?article=demo-golden-dome');
  await page.locator('[data-rostra-article="demo-golden-dome"]').getByRole('heading', { name: /^Comments \(\d+\)$/ }).waitFor();
});
