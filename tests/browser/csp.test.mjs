// SPDX-License-Identifier: ISC — Rostra
// The embed on a news page with a strict Content-Security-Policy (scripts
// and styles from the site's own files only, nothing inline): it mounts,
// takes a comment and a reply, and the browser refuses nothing it does.
// The host page is written into the stack's web directory (ROSTRA_STACK),
// which nginx serves; its policy is a <meta http-equiv>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BASE, useBrowser } from './browser.mjs';

// Trusted Types too: the embed writes no HTML string but through its one
// policy, "rostra" (comments' HTML parsed into an inert document, then
// rebuilt from an allowlist).
const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types rostra";
const browser = useBrowser();

function hostPage(key) {
  return `<!DOCTYPE html>
<!-- SPDX-License-Identifier: ISC — Rostra -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<title>A strict news page</title>
</head>
<body>
<h1>A news page that allows no inline code</h1>
<div data-rostra-article="${key}" data-rostra-poll="0"></div>
<script src="/comments/embed.js" async></script>
</body>
</html>
`;
}

test('on a page whose policy forbids inline code, the embed posts a comment and a reply with no violation', { timeout: 90000 }, async (t) => {
  const stack = process.env.ROSTRA_STACK;
  if (!stack) throw new Error('ROSTRA_STACK is not set: the host page goes into the stack’s web directory');
  const key = `csp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const file = join(resolve(stack), 'web', `${key}.html`);
  writeFileSync(file, hostPage(key));
  t.after(() => rmSync(file, { force: true }));

  const context = await browser().newContext({ viewport: { width: 1000, height: 900 } });
  context.setDefaultTimeout(15000);
  t.after(() => context.close());
  const page = await context.newPage();
  // Violations are reported as events (composed, so those in the embed's
  // shadow root reach the document) and as console errors.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sample || ''})`);
    });
  });
  // Chromium also logs each refusal to the console ("Refused to apply…").
  const consoleErrors = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|Trusted(HTML|Script|Types?)\b/i.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  const res = await page.goto(`${BASE}/${key}.html`);
  assert.equal(res.status(), 200);
  assert.equal(await page.evaluate(() => document.querySelector('meta[http-equiv]').content), POLICY);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByRole('heading', { name: 'Comments (0)', exact: true }).waitFor();
  // The embed's stylesheet applied: the form is laid out by embed.css, not shown bare.
  await host.locator('section.rostra').waitFor();
  assert.equal(await host.locator('section.rostra').evaluate((s) => getComputedStyle(s).visibility), 'visible');

  await host.getByLabel('Your name').fill('Strict Reader');
  await host.getByLabel('Your comment').fill('Posted under a **strict** policy');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await host.getByRole('button', { name: 'Leave the first comment' }).click();
  assert.equal((await posted).status(), 201);
  await host.getByRole('heading', { name: 'Comments (1)', exact: true }).waitFor();
  const parent = host.locator('article').filter({ has: page.locator('.text', { hasText: 'Posted under a strict policy' }) });
  await parent.waitFor();

  await parent.getByRole('button', { name: 'Reply' }).click();
  const form = host.getByRole('form', { name: 'Reply to Strict Reader' });
  await form.getByLabel('Your reply').fill('And a reply, also allowed');
  const replied = page.waitForResponse((r) => r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Post reply' }).click();
  assert.equal((await replied).status(), 201);
  await host.locator('.text', { hasText: 'And a reply, also allowed' }).waitFor();
  await host.getByRole('heading', { name: 'Comments (2)', exact: true }).waitFor();

  // The server's HTML of a comment went through the policy, not around it.
  await page.reload();
  await parent.locator('.text strong', { hasText: 'strict' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'violations reported');
  assert.deepEqual(consoleErrors, [], 'refusals or uncaught errors in the console');

  // The listener does hear a violation: an inline style the page adds is refused.
  await page.evaluate(() => {
    const s = document.createElement('style');
    s.textContent = 'h1 { color: red; }';
    document.head.append(s);
  });
  await page.waitForFunction(() => window.cspViolations.length > 0);
  assert.match((await page.evaluate(() => window.cspViolations))[0], /^style-src/);
});
