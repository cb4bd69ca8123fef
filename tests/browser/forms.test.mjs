// SPDX-License-Identifier: ISC — Rostra
// No form can put what was typed into a URL (issue 13, finding 5): the
// moderator sign-in had no method, so without JavaScript, or submitted
// before its deferred script ran, the browser sent GET …/login?email=…&
// password=…, and nginx's access log and the next Referer kept the
// password. Every form of the moderator pages and of the embed now posts to
// /comments/nojs, which nginx answers with a short page. Each is submitted
// here without its script (JavaScript off, the script held back, or the
// embed's form cloned without its handler), and the typed secret is looked
// for in every URL the browser asked for and in nginx's and the daemon's
// logs (ROSTRA_STACK).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, newPage, useBrowser } from './browser.mjs';

const STACK = process.env.ROSTRA_STACK;
if (!STACK) throw new Error('ROSTRA_STACK is not set: the test reads the stack\'s logs');
const browser = useBrowser();

let serial = 0;
const uniq = () => Date.now().toString(36) + (++serial) + Math.random().toString(36).slice(2, 6);

// Every URL the page asks for, and the Referer each request carries.
function watch(page) {
  const seen = [];
  page.on('request', (r) => { seen.push(r.url()); seen.push(r.headers().referer || ''); });
  return seen;
}

// The secret is nowhere: not in the page's address, any request, or a log.
function assertNowhere(page, seen, secret, what) {
  const encoded = [secret, encodeURIComponent(secret), secret.replace(/ /g, '+')];
  for (const s of encoded) {
    assert.ok(!page.url().includes(s), `${what}: the address bar (${page.url()})`);
    for (const u of seen) assert.ok(!u.includes(s), `${what}: a request or Referer (${u})`);
    for (const log of ['nginx/access.log', 'nginx/error.log', 'rostra.log']) {
      assert.ok(!readFileSync(join(STACK, log), 'utf8').includes(s), `${what}: ${log}`);
    }
  }
}

// Waits for the page to leave FROM (the form was sent), whatever it went to.
async function left(page, from) {
  await page.waitForURL((u) => u.href !== from, { waitUntil: 'commit' });
}

// Where a form submitted without its script lands: nginx's short page, by POST.
async function landedOnNojs(page, posts, what) {
  await page.waitForURL(`${BASE}/comments/nojs`);
  await page.getByRole('heading', { name: 'This form needs JavaScript' }).waitFor();
  assert.ok(posts.includes(`${BASE}/comments/nojs`), `${what}: a POST`);
}

const postsOf = (page) => {
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  return posts;
};

test('the moderator sign-in without JavaScript: a POST to a refusal, the password in no URL or log', { timeout: 60000 }, async (t) => {
  const page = await newPage(t, browser, { javaScript: false });
  const seen = watch(page);
  const posts = postsOf(page);
  const secret = `pw-${uniq()}-secret`;
  await page.goto(`${BASE}/comments/moderate/login`);
  await page.getByLabel('Email').fill(`mod-${secret}@news.example`);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await left(page, `${BASE}/comments/moderate/login`);
  assertNowhere(page, seen, secret, 'sign-in without JavaScript');
  await landedOnNojs(page, posts, 'sign-in');
});

test('the moderator sign-in submitted before its deferred script runs', { timeout: 60000 }, async (t) => {
  const page = await newPage(t, browser);
  const seen = watch(page);
  const posts = postsOf(page);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/comments/moderate/login.js', async (route) => { await held; await route.continue().catch(() => {}); });
  const secret = `early-${uniq()}-secret`;
  await page.goto(`${BASE}/comments/moderate/login`, { waitUntil: 'commit' });
  await page.getByLabel('Password').fill(secret);
  await page.getByLabel('Email').fill(`early-${secret}@news.example`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await left(page, `${BASE}/comments/moderate/login`);
  release();
  assertNowhere(page, seen, secret, 'sign-in before the script');
  await landedOnNojs(page, posts, 'early sign-in');
});

test('the moderator queue page without JavaScript: every form posts to the refusal', { timeout: 60000 }, async (t) => {
  const page = await newPage(t, browser, { javaScript: false });
  const seen = watch(page);
  const posts = postsOf(page);
  await page.goto(`${BASE}/comments/moderate`);
  const forms = [...(await page.content()).matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
  const sent = forms.filter((f) => !/method="dialog"/.test(f));
  assert.ok(sent.length >= 4, `filters, settings and two word lists (${sent.length})`);
  for (const f of sent) assert.match(f, /method="post"[^>]*action="\/comments\/nojs"|action="\/comments\/nojs"[^>]*method="post"/, f);
  // The page shows nothing to fill in without its script; its address is all there was.
  assert.equal(page.url(), `${BASE}/comments/moderate`);
  assert.deepEqual(posts, []);
  assert.ok(seen.length > 0);
});

test('every form the embed builds posts to the refusal, so one sent without its handler leaks nothing', { timeout: 90000 }, async (t) => {
  const key = `forms-${uniq()}`;
  const other = await fetch(`${BASE}/comments/api/v1/articles/${key}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Rostra-CSRF': '1', Origin: BASE },
    body: JSON.stringify({ author_name: `Otto ${uniq()}`, body: 'Someone else\'s comment' }),
  });
  assert.equal(other.status, 201);
  const page = await newPage(t, browser);
  const seen = watch(page);
  const posts = postsOf(page);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  const theirs = host.locator('li').filter({ hasText: 'Someone else\'s comment' });
  await theirs.waitFor();
  const check = async (form, what) => {
    await form.waitFor();
    assert.equal(await form.getAttribute('method'), 'post', `${what}: method`);
    assert.equal(await form.getAttribute('action'), `${BASE}/comments/nojs`, `${what}: action`);
  };
  await check(host.locator('form.form').first(), 'the comment form');
  await host.getByRole('button', { name: 'Create account', exact: true }).click();
  await check(host.getByRole('form', { name: 'Create account' }), 'create account');
  await host.getByRole('form', { name: 'Create account' }).getByRole('button', { name: 'Cancel' }).click();

  // A guest now: reply, report, rename and edit forms.
  const name = `Fran ${uniq()}`;
  await host.getByLabel('Your name').fill(name);
  await host.getByLabel('Your comment').fill('My own comment');
  await host.getByRole('button', { name: 'Post comment' }).click();
  await host.getByText(`Commenting as ${name}`).waitFor();
  await theirs.getByRole('button', { name: 'Reply' }).click();
  await check(host.getByRole('form', { name: /^Reply to / }), 'reply');
  await theirs.getByRole('button', { name: 'Report' }).click();
  await check(host.getByRole('form', { name: 'Report this comment' }), 'report');
  const mine = host.locator('li').filter({ hasText: 'My own comment' });
  await mine.getByRole('button', { name: 'Edit' }).click();
  await check(host.getByRole('form', { name: 'Edit your comment' }), 'edit');
  await host.getByRole('button', { name: 'Change name' }).click();
  await check(host.getByRole('form', { name: 'Change name' }), 'rename');
  assert.deepEqual(posts.filter((u) => u.endsWith('/nojs')), [], 'nothing sent to the refusal while the handlers work');
});

test('the embed\'s sign-in sent without its handler: a POST to the refusal, the password in no URL or log', { timeout: 60000 }, async (t) => {
  const key = `forms-${uniq()}`;
  const page = await newPage(t, browser);
  const seen = watch(page);
  const posts = postsOf(page);
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  // A copy of the form has no handler: as if the handler had failed
  // before preventDefault.
  await host.getByRole('button', { name: 'Sign in', exact: true }).click();
  const signIn = host.getByRole('form', { name: 'Sign in' });
  await signIn.waitFor();
  const method = await signIn.getAttribute('method');
  const action = await signIn.getAttribute('action');
  const secret = `embed-${uniq()}-secret`;
  await signIn.getByLabel('Email').fill(`reader-${secret}@news.example`);
  await signIn.getByLabel('Password').fill(secret);
  await signIn.evaluate((form) => {
    const copy = form.cloneNode(true);
    form.after(copy);
    copy.requestSubmit();
  });
  await left(page, `${BASE}/?article=${key}`);
  assertNowhere(page, seen, secret, 'the embed\'s sign-in without its handler');
  assert.deepEqual([method, action], ['post', `${BASE}/comments/nojs`]);
  await landedOnNojs(page, posts, 'the embed\'s sign-in');
});
