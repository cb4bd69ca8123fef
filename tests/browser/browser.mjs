// SPDX-License-Identifier: ISC — Rostra
// What every browser test shares: the stack's base URL and Debian's
// Chromium, launched once per test file with the flags this machine needs.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, request } from 'playwright-core';
import { sessionCookie } from '../e2e/helpers.mjs';

export const BASE = (process.env.ROSTRA_URL || '').replace(/\/+$/, '');
if (!BASE) {
  throw new Error('ROSTRA_URL is not set: start the stack (scripts/stack.sh start DIR) ' +
    'and run with ROSTRA_URL=<the base URL it printed>');
}

// Registers before/after hooks in the calling test file; the getter gives the browser.
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.ROSTRA_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    if (browser) await browser.close();
  });
  return () => browser;
}

// A fresh page in its own context (its own cookies). Uncaught script errors,
// and anything a page's Content-Security-Policy refused (Trusted Types
// included), fail the test.
// javaScript: false opens it as a reader without JavaScript would;
// bypassCSP: true lifts the pages' Content-Security-Policy, for a tool the
// test injects (axe) that the policy would rightly refuse.
export async function newPage(t, browser, { width = 1000, height = 900, timeout = 15000, javaScript = true,
  bypassCSP = false } = {}) {
  const context = await browser().newContext({ viewport: { width, height }, javaScriptEnabled: javaScript, bypassCSP });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => { if (/Content Security Policy|Trusted(HTML|Script|Types?)\b/i.test(m.text())) errors.push(m.text()); });
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors.map(String), [], 'uncaught errors in the page');
  });
  return page;
}

// A name no other test uses: a time and a counter, then random letters.
let serial = 0;
export const uniq = () => Date.now().toString(36) + (++serial) + Math.random().toString(36).slice(2, 6);
export const fresh = (prefix) => `${prefix}-${uniq()}`;

// The demo page showing article KEY (hash: what follows #) at WIDTH, with
// session cookie COOKIE if given, in French if fr (the page's lang set as a
// news site's French page would); waits for the embed's heading unless wait
// is false. Its CSP is lifted for axe (tests/browser/axe.mjs).
export async function demoPage(t, browser, key, { width = 1280, height = 900, cookie, fr = false, hash = '',
  wait = true } = {}) {
  const page = await newPage(t, browser, { width, height, bypassCSP: true });
  if (cookie) {
    await page.context().addCookies([{ name: 'rostra_session', value: cookie.slice('rostra_session='.length), url: BASE + '/comments/' }]);
  }
  if (fr) {
    await page.route((u) => u.pathname === '/', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace('<html lang="en">', '<html lang="fr">') });
    });
  }
  await page.goto(`${BASE}/?article=${key}${hash ? '#' + hash : ''}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  if (wait) await host.getByRole('heading', { name: /^(Comments|Commentaires) \(\d+\)$/ }).waitFor();
  return { page, host };
}

// Narrows the moderator's queue to one article, then leaves the field (Esc)
// so letter keys act on the list.
export async function showArticle(page, key) {
  const field = page.getByLabel('Article', { exact: true });
  await field.fill(key);
  await field.press('Enter');
  await page.getByRole('region', { name: 'Article ' + key }).waitFor();
  await field.press('Escape');
}

// Polls fn until it returns a truthy value (no fixed sleeps).
export async function until(fn, what, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A moderator account made with the CLI, as an operator would, in the
// stack's database (ROSTRA_STACK, ROSTRA_BUILD as tests/run.sh sets them).
export function moderator(name, role = 'moderator') {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const stack = process.env.ROSTRA_STACK;
  if (!stack) throw new Error('ROSTRA_STACK is not set: run through tests/run.sh, or set it to the stack directory');
  const db = execFileSync('sh', [resolve(root, 'scripts/pg.sh'), 'url', resolve(stack)], { encoding: 'utf8' }).trim();
  const email = name.toLowerCase().replace(/[^a-z0-9]+/g, '-') + '@news.example';
  const password = 'moderator password ' + name;
  execFileSync(resolve(root, process.env.ROSTRA_BUILD || 'build', 'rostra'), ['user', 'add', email, name, role], {
    env: { ...process.env, ROSTRA_DATABASE_URL: db, ROSTRA_CONFIG: '' }, input: password + '\n', stdio: 'pipe',
  });
  return { email, password, name, role };
}

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1' };

// A guest posting through the API with a session of their own (fetch):
// post() a comment or a reply (201 asserted), del() one of theirs.
export function reader(name) {
  let cookie = '';
  const headers = () => ({ ...SITE, 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) });
  return {
    async post(key, body, parent_id) {
      const res = await fetch(API + `articles/${key}/comments`, {
        method: 'POST', headers: headers(),
        body: JSON.stringify({ body, ...(cookie ? {} : { author_name: name }), ...(parent_id ? { parent_id } : {}) }),
      });
      cookie = sessionCookie(res) || cookie;
      const json = await res.json();
      assert.equal(res.status, 201, JSON.stringify(json));
      return json;
    },
    get cookie() { return cookie; },
    async del(id) {
      const res = await fetch(API + `comments/${id}`, { method: 'DELETE', headers: headers() });
      assert.equal(res.status, 204);
    },
  };
}

// A guest with cookies of their own (Playwright's request context): say()
// posts (extra fields such as parent_id join the body) and answers
// { status, json }; me() the status of GET /me (204 once the session
// ended); edit() changes a comment of theirs.
export async function apiGuest(t, name) {
  const api = await request.newContext();
  t.after(() => api.dispose());
  return {
    async say(key, body, extra = {}) {
      const res = await api.post(API + `articles/${key}/comments`, { headers: SITE, data: { author_name: name, body, ...extra } });
      return { status: res.status(), json: await res.json() };
    },
    async me() {
      return (await api.get(API + 'me')).status();
    },
    async edit(id, body) {
      const res = await api.patch(API + `comments/${id}`, { headers: SITE, data: { body } });
      return { status: res.status(), json: await res.json() };
    },
  };
}

// Opens the moderator pages signed out, is sent to the sign-in page, signs
// in as mod (from moderator()), and is brought back to the queue; size
// ({ width, height }) is the window's.
export async function moderatorPage(t, browser, mod, size = { width: 1200 }) {
  const page = await newPage(t, browser, size);
  await page.goto(BASE + '/comments/moderate');
  await page.waitForURL(/\/comments\/moderate\/login\?next=/);
  await page.getByLabel('Email').fill(mod.email);
  await page.getByLabel('Password').fill(mod.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(BASE + '/comments/moderate');
  await page.getByText(`Signed in as ${mod.name} (${mod.role})`).waitFor();
  return page;
}
