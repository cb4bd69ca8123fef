// SPDX-License-Identifier: ISC — Rostra
// Stored hostile comments in a real browser: names and bodies written to
// inject elements, run script or load from elsewhere show as the text they
// are, in the server's HTML (no JavaScript) and in the embed that takes it
// over — no element appears, no handler runs, nothing is fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, newPage, until, useBrowser } from './browser.mjs';

const browser = useBrowser();
const API = `${BASE}/comments/api/v1`;

// Anything that runs sets window.__hostile or asks evil.invalid for something.
const NAMES = [
  '"><svg onload="window.__hostile=\'name\'">',
  '\u202EnimdA\u202C \u2066x\u2069',
  'Ad\u200Bmin<!--# echo var="DOCUMENT_URI" -->',
  '</strong><img src="//evil.invalid/n" onerror="__hostile=2">',
  '\' onmouseover=\'window.__hostile=1\' x=\'',
];
const BODIES = [
  '<img src="https://evil.invalid/b.png" onerror="window.__hostile=\'body\'">',
  '<script>window.__hostile=\'script\'</script>"><iframe src="https://evil.invalid/"></iframe>',
  '[link](javascript:window.__hostile=\'link\') ![pic](https://evil.invalid/p.png) <https://evil.invalid/"onmouseover="x>',
  'Invoice \u202Efdp.exe\u202C \u200B\uFEFF <!--# include virtual="/comments/api/v1/health" -->',
  '<style>*{display:none}</style><a href="https://evil.invalid/" style="position:fixed">x</a>',
];

async function post(key, body, cookie) {
  const res = await fetch(`${API}/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: BASE, 'X-Rostra-CSRF': '1', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 201, `post: ${text}`);
  return JSON.parse(text);
}

// Five guests, one per name: the first three a chain of replies (the
// fragment shows three replies a thread), the other two top-level.
async function thread() {
  const key = `hostile-${randomBytes(5).toString('hex')}`;
  const ids = [];
  for (let i = 0; i < NAMES.length; i++) {
    const c = await post(key, { author_name: NAMES[i], body: BODIES[i], ...(i > 0 && i < 3 ? { parent_id: ids[i - 1] } : {}) });
    ids.push(c.id);
  }
  return { key, ids };
}

// Watches a page for anything hostile doing something.
function watch(page) {
  const seen = { dialogs: 0, evil: [] };
  page.on('dialog', (d) => { seen.dialogs++; d.dismiss(); });
  page.on('request', (r) => { if (/evil\.invalid/.test(r.url())) seen.evil.push(r.url()); });
  return seen;
}

// What must never be inside a comment: an element that runs, loads, restyles
// or takes input; a handler, style or source attribute; a script URL. In
// the server's markup that is the whole section (a selector); in the embed,
// each comment's article in its shadow root (the rest is the embed's own UI,
// and the buttons in a comment's footer are its own too).
async function injected(page, selector) {
  return page.evaluate((sel) => {
    const scope = document.querySelector(sel);
    const roots = scope.shadowRoot ? [...scope.shadowRoot.querySelectorAll('article[id^="comment-"]')] : [scope];
    const bad = [];
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (/^(script|style|link|img|picture|source|iframe|frame|svg|math|object|embed|video|audio|form|input|textarea|select|meta|base|button)$/
          .test(el.localName) && !(el.localName === 'button' && el.parentElement.localName === 'footer')) bad.push(el.localName);
        for (const a of el.attributes) {
          if (/^(on|style$|src|srcset$|formaction$)/i.test(a.name) || /^\s*(javascript|data|vbscript):/i.test(a.value)) {
            bad.push(`${el.localName}[${a.name}=${a.value}]`);
          }
        }
      }
    }
    return { bad, checked: roots.length };
  }, selector);
}

test('without JavaScript, hostile names and bodies in the included thread are text', { timeout: 60000 }, async (t) => {
  const { key, ids } = await thread();
  const page = await newPage(t, browser, { javaScript: false });
  const seen = watch(page);
  await page.goto(`${BASE}/?article=${key}`);
  const section = page.locator('.rostra-ssr');
  await section.waitFor();
  assert.equal(await section.locator('li.rostra-ssr-comment').count(), NAMES.length, 'one item per comment, none injected');
  for (let i = 0; i < ids.length; i++) {
    const art = page.locator(`#comment-${ids[i]} > article`);
    assert.equal(await art.locator('.rostra-ssr-author').textContent(), NAMES[i], `name ${i} as text`);
  }
  assert.match(await page.locator(`#comment-${ids[0]} > article .rostra-ssr-text`).textContent(), /^<img src="https:\/\/evil\.invalid\/b\.png" onerror=/);
  assert.match(await page.locator(`#comment-${ids[1]} > article .rostra-ssr-text`).textContent(), /^<script>window\.__hostile='script'<\/script>"><iframe/);
  assert.ok((await page.locator(`#comment-${ids[3]} > article .rostra-ssr-text`).textContent()).includes('<!--# include virtual='));
  assert.deepEqual(await injected(page, '.rostra-ssr'), { bad: [], checked: 1 });
  // The replies sit inside what they answer, as the server nested them.
  assert.equal(await page.locator(`#comment-${ids[0]} ol.rostra-ssr-replies > #comment-${ids[1]} ol.rostra-ssr-replies > #comment-${ids[2]}`).count(), 1);
  assert.deepEqual(seen, { dialogs: 0, evil: [] });
});

test('the embed shows the same hostile thread as text: no element injected, no script run, nothing fetched', { timeout: 60000 }, async (t) => {
  const { key, ids } = await thread();
  const page = await newPage(t, browser);
  const seen = watch(page);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator('[data-rostra-article]');
  await host.getByRole('heading', { name: `Comments (${NAMES.length})` }).waitFor();
  assert.equal(await page.locator('.rostra-ssr').count(), 0, 'the embed took the server\'s markup over');
  await until(async () => (await host.locator('.author').count()) === NAMES.length, 'every name drawn');
  for (let i = 0; i < ids.length; i++) {
    const art = host.locator(`article#comment-${ids[i]}`);
    assert.equal(await art.locator('.author').textContent(), NAMES[i], `name ${i} as text`);
  }
  const text = (i) => host.locator(`article#comment-${ids[i]} .text`).textContent();
  assert.equal(await text(0), BODIES[0]);
  assert.equal(await text(1), BODIES[1]);
  assert.equal(await text(3), BODIES[3]);
  assert.equal(await text(4), BODIES[4]);
  // The one web link stays a link; javascript: and the image are their text.
  const links = host.locator(`article#comment-${ids[2]} .text a`);
  assert.equal(await links.count(), 1);
  assert.equal(await links.getAttribute('href'), 'https://evil.invalid/%22onmouseover=%22x');
  assert.equal(await links.getAttribute('rel'), 'nofollow ugc noopener');
  assert.match(await text(2), /^link !?pic/);
  // Hovering over every name and body sets nothing off either.
  for (const el of await host.locator('.author, .text').all()) await el.hover();
  assert.deepEqual(await injected(page, '[data-rostra-article]'), { bad: [], checked: NAMES.length });
  assert.equal(await page.evaluate(() => window.__hostile), undefined, 'no script ran');
  assert.deepEqual(seen, { dialogs: 0, evil: [] });
});
