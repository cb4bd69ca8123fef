// SPDX-License-Identifier: ISC — Rostra
// What every browser test shares: the stack's base URL and Debian's
// Chromium, launched once per test file with the flags this machine needs.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
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
// and anything a page's Content-Security-Policy refused, fail the test.
// javaScript: false opens it as a reader without JavaScript would.
export async function newPage(t, browser, { width = 1000, height = 900, timeout = 15000, javaScript = true } = {}) {
  const context = await browser().newContext({ viewport: { width, height }, javaScriptEnabled: javaScript });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors.map(String), [], 'uncaught errors in the page');
  });
  return page;
}
