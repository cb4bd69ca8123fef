// SPDX-License-Identifier: ISC — Rostra
// What every browser test shares: the stack's base URL and Debian's
// Chromium, launched once per test file with the flags this machine needs.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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
