// SPDX-License-Identifier: ISC — Rostra
// Who the reader is, in the embed on the demo page (Chromium via
// playwright-core): a guest made by a first post, accounts, single sign-on,
// signing out. Needs a running stack: ROSTRA_URL is its base URL. Each test
// uses an article, names and emails of its own (/?article=KEY), so it neither
// needs nor disturbs anything else in the database. Run: node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { BASE, newPage, useBrowser } from './browser.mjs';

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1' };
const TIMEOUT = 15000;

const browser = useBrowser();

// Unique per run and per call: article keys, names and emails.
let serial = 0;
const uniq = () => Date.now().toString(36) + (++serial) + Math.random().toString(36).slice(2, 6);

// The demo page showing article KEY; returns the embed (locators pierce its shadow root).
async function visit(page, key) {
  await page.goto(BASE + '/?article=' + key);
  const embed = page.locator(`[data-rostra-article="${key}"]`);
  await embed.getByRole('heading', { name: /^Comments \(\d+\)$/ }).waitFor();
  return embed;
}

const signedInAs = (embed, name) => embed.getByText('Commenting as ' + name, { exact: true });
const isPost = (r) => r.request().method() === 'POST' && r.url().endsWith('/comments');

// Posts BODY from the embed's form; returns the response.
async function post(page, embed, body) {
  await embed.getByLabel('Your comment').fill(body);
  const answer = page.waitForResponse(isPost);
  await embed.locator('form.form button[type="submit"]').click();
  return answer;
}

// The role=alert note of the embed's form named NAME, once it says something.
async function alertText(embed, name) {
  const alert = embed.getByRole('form', { name }).getByRole('alert');
  await alert.filter({ hasText: /\S/ }).waitFor();
  return alert.textContent();
}

// GET /me with exactly this cookie header (or none), from outside the browser.
async function meWith(cookie) {
  const api = await request.newContext();
  try {
    return (await api.get(API + 'me', { headers: cookie ? { Cookie: cookie } : {} })).status();
  } finally {
    await api.dispose();
  }
}

test('a guest is made by a first post, renames, stays across a reload and signs out', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const page = await newPage(t, browser);
  const embed = await visit(page, 'id-guest-' + id);
  // Signed out: the name field, plus the ways to sign in.
  await embed.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await embed.getByRole('button', { name: 'Create account', exact: true }).waitFor();

  const name = 'Guest ' + id;
  await embed.getByLabel('Your name').fill(name);
  const first = await post(page, embed, 'First, as a guest.');
  assert.equal(first.status(), 201);
  assert.equal(JSON.parse(first.request().postData()).author_name, name);
  await signedInAs(embed, name).waitFor();
  assert.equal(await embed.getByLabel('Your name').count(), 0, 'the name field is gone');

  // Change name, inline.
  await embed.getByRole('button', { name: 'Change name' }).click();
  const renamed = 'Renamed ' + id;
  await embed.getByLabel('Display name').fill(renamed);
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await embed.getByRole('button', { name: 'Save' }).click();
  const patch = await patched;
  assert.equal(patch.status(), 200);
  assert.equal(await patch.request().headerValue('x-rostra-csrf'), '1');
  await signedInAs(embed, renamed).waitFor();

  // The next comment carries the new name; a signed-in post sends no author_name.
  const second = await post(page, embed, 'Second, renamed.');
  assert.equal(second.status(), 201);
  assert.deepEqual(Object.keys(JSON.parse(second.request().postData())).sort(), ['body', 'title', 'url']);
  await embed.locator('li').filter({ hasText: 'Second, renamed.' }).getByText(renamed, { exact: true }).waitFor();
  await embed.locator('li').filter({ hasText: 'First, as a guest.' }).getByText(name, { exact: true }).waitFor();

  await page.reload();
  await signedInAs(embed, renamed).waitFor();
  assert.equal(await embed.locator('li').count(), 2);

  const cookie = (await page.context().cookies(API)).find((c) => c.name === 'rostra_session');
  assert.ok(cookie, 'the session cookie is set');
  const old = 'rostra_session=' + cookie.value;
  assert.equal(await meWith(old), 200, 'the session works before signing out');

  const ended = page.waitForResponse((r) => r.request().method() === 'DELETE');
  // A guest is asked first (they lose Edit and Delete on their comments).
  await embed.getByRole('button', { name: 'Sign out', exact: true }).click();
  await embed.getByRole('button', { name: 'Sign out anyway' }).click();
  const end = await ended;
  assert.equal(end.status(), 204);
  assert.match(end.url(), /\/session$/);
  assert.equal(await end.request().headerValue('x-rostra-csrf'), '1');
  await embed.getByLabel('Your name').waitFor();
  await embed.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  assert.equal(await embed.getByText(/^Commenting as/).count(), 0);
  assert.equal((await page.request.get(API + 'me')).status(), 204, 'the browser is signed out');
  assert.equal(await meWith(old), 204, 'the old session is revoked, not only forgotten');
});

test('an account is created, signed out, refused a wrong password, signed in, and signs out everywhere', { timeout: 120000 }, async (t) => {
  const id = uniq();
  const key = 'id-account-' + id;
  const email = `reader-${id}@example.org`;
  const name = 'Reader ' + id;
  const password = 'correct horse ' + id;
  const page = await newPage(t, browser);
  const embed = await visit(page, key);

  await embed.getByLabel('Your name').fill('typed before ' + id);
  await embed.getByRole('button', { name: 'Create account', exact: true }).click();
  const register = embed.getByRole('form', { name: 'Create account' });
  // Cancel gives the guest name field back as it was.
  await register.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await embed.getByLabel('Your name').inputValue(), 'typed before ' + id);
  await embed.getByRole('button', { name: 'Create account', exact: true }).click();
  await register.getByText('At least 10 characters.').waitFor();
  await register.getByLabel('Email').fill(email);
  await register.getByLabel('Display name').fill(name);

  // Too short a password: said under the field, the field marked, nothing sent.
  await register.getByLabel('Password').fill('short');
  let sent = 0;
  const counting = (r) => { if (r.url().endsWith('/accounts')) sent++; };
  page.on('request', counting);
  await register.getByRole('button', { name: 'Create account' }).click();
  await register.getByText('Please choose a password of at least 10 characters.').waitFor();
  assert.equal(await register.getByLabel('Password').getAttribute('aria-invalid'), 'true');
  assert.equal(sent, 0, 'nothing sent');
  page.off('request', counting);

  await register.getByLabel('Password').fill(password);
  let answer = page.waitForResponse((r) => r.url().endsWith('/accounts'));
  await register.getByRole('button', { name: 'Create account' }).click();
  let res = await answer;
  assert.equal(res.status(), 201);
  assert.equal((await res.json()).kind, 'account');
  await signedInAs(embed, name).waitFor();
  assert.equal(await embed.getByRole('form', { name: 'Create account' }).count(), 0, 'the form is closed');

  await embed.getByRole('button', { name: 'Sign out', exact: true }).click();
  await embed.getByRole('button', { name: 'Sign in', exact: true }).click();
  const login = embed.getByRole('form', { name: 'Sign in' });
  await login.getByLabel('Email').waitFor();
  assert.doesNotMatch(await login.innerText(), /\b(false|undefined|null|NaN)\b/, 'no stray values shown');
  assert.equal(await embed.getByLabel('Your name').count(), 0, 'no guest name while signing in');
  await login.getByLabel('Email').fill(email);
  await login.getByLabel('Password').fill(password + ' but wrong');
  answer = page.waitForResponse((r) => r.url().endsWith('/session'));
  await login.getByRole('button', { name: 'Sign in' }).click();
  res = await answer;
  assert.equal(res.status(), 401);
  assert.equal(await alertText(embed, 'Sign in'), (await res.json()).error.message);
  assert.equal(await embed.getByText(/^Commenting as/).count(), 0);

  await login.getByLabel('Password').fill(password);
  answer = page.waitForResponse((r) => r.url().endsWith('/session'));
  await login.getByRole('button', { name: 'Sign in' }).click();
  assert.equal((await answer).status(), 200);
  await signedInAs(embed, name).waitFor();
  const posted = await post(page, embed, 'Posted from an account.');
  assert.equal(posted.status(), 201);
  await embed.locator('li').filter({ hasText: 'Posted from an account.' }).getByText(name, { exact: true }).waitFor();

  // A second browser signs in too; "Sign out everywhere" here ends both.
  const other = await newPage(t, browser);
  const elsewhere = await visit(other, key);
  await elsewhere.getByRole('button', { name: 'Sign in', exact: true }).click();
  await elsewhere.getByLabel('Email').fill(email);
  await elsewhere.getByLabel('Password').fill(password);
  await elsewhere.getByRole('form', { name: 'Sign in' }).getByRole('button', { name: 'Sign in' }).click();
  await signedInAs(elsewhere, name).waitFor();

  const ended = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await embed.getByRole('button', { name: 'Sign out everywhere' }).click();
  const end = await ended;
  assert.equal(end.status(), 204);
  assert.match(end.url(), /\/sessions$/);
  await embed.getByLabel('Your name').waitFor();
  assert.equal((await other.request.get(API + 'me')).status(), 204, 'the other browser is signed out');
  await other.reload();
  await elsewhere.getByLabel('Your name').waitFor();
  assert.equal(await elsewhere.getByText(/^Commenting as/).count(), 0);
});

test('creating an account with an email that has one: a refusal that does not say so, or its owner signed in', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'id-taken-' + id;
  const email = `taken-${id}@example.org`;
  const password = 'the owner password ' + id;
  const api = await request.newContext();
  try {
    const made = await api.post(API + 'accounts', { headers: SITE, data: { email, password, display_name: 'Owner ' + id } });
    assert.equal(made.status(), 201);
  } finally {
    await api.dispose();
  }
  const page = await newPage(t, browser);
  const embed = await visit(page, key);
  await embed.getByRole('button', { name: 'Create account', exact: true }).click();
  const register = embed.getByRole('form', { name: 'Create account' });
  await register.getByLabel('Email').fill(email);
  await register.getByLabel('Display name').fill('Prober ' + id);
  await register.getByLabel('Password').fill('someone else guessing');
  let answer = page.waitForResponse((r) => r.url().endsWith('/accounts'));
  await register.getByRole('button', { name: 'Create account' }).click();
  const res = await answer;
  assert.equal(res.status(), 401);
  const said = await alertText(embed, 'Create account');
  assert.match(said, /^No account could be opened with this email and password/);
  assert.doesNotMatch(await res.text(), /exist|already|taken/i);
  assert.equal(await embed.getByText(/^Commenting as/).count(), 0);

  await register.getByLabel('Password').fill(password);
  answer = page.waitForResponse((r) => r.url().endsWith('/accounts'));
  await register.getByRole('button', { name: 'Create account' }).click();
  assert.equal((await answer).status(), 200);
  await signedInAs(embed, 'Owner ' + id).waitFor();
});

// The demo page with more after its comment section (which holds the
// thread included for readers without JavaScript, or nothing).
function afterHost(html, more) {
  const start = html.indexOf('<div id="comments"');
  const open = html.indexOf('>', start) + 1;
  const end = html.startsWith('</div>', open) ? open + 6 : html.indexOf('</div>\n</div>', open) + 13;
  assert.ok(start > 0 && end > open, 'the demo page has its comment section');
  return html.slice(0, end) + more + html.slice(end);
}

test('"Sign in as a demo subscriber" signs every embed in through single sign-on', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const key = 'id-sso-' + id;
  const second = 'id-sso-b-' + id;
  const page = await newPage(t, browser);
  // A second embed on the page, to see that signing in reaches every one.
  await page.route((u) => u.pathname === '/', async (route) => {
    const res = await route.fetch();
    const html = afterHost(await res.text(), `<div data-rostra-article="${second}"></div>`);
    await route.fulfill({ response: res, body: html });
  });
  const embed = await visit(page, key);
  const other = page.locator(`[data-rostra-article="${second}"]`);
  await other.getByRole('heading', { name: 'Comments (0)' }).waitFor();
  await embed.getByLabel('Your name').waitFor();

  const button = page.getByRole('button', { name: 'Sign in as a demo subscriber' });
  const answer = page.waitForResponse((r) => r.url().endsWith('/session/sso'));
  await button.click();
  const res = await answer;
  assert.equal(res.status(), 200);
  const user = await res.json();
  assert.equal(user.kind, 'sso');
  assert.ok(user.display_name);
  await signedInAs(embed, user.display_name).waitFor();
  await signedInAs(other, user.display_name).waitFor();
  await page.getByText(`Signed in as ${user.display_name}.`).waitFor(); // the host page's own note
  assert.equal(await embed.getByLabel('Your name').count(), 0);

  const posted = await post(page, embed, 'A subscriber writes.');
  assert.equal(posted.status(), 201);
  await embed.locator('li').filter({ hasText: 'A subscriber writes.' })
    .getByText(user.display_name, { exact: true }).waitFor();
});

test('a data-rostra-sso token is used once, before /me; a replayed token is refused', { timeout: 90000 }, async (t) => {
  const key = 'id-sso-attr-' + uniq();
  const page = await newPage(t, browser);
  const minted = await page.request.post(API + 'demo/sso-token', { headers: SITE });
  assert.equal(minted.status(), 200);
  const { token } = await minted.json();
  assert.match(token, /^[A-Za-z0-9._~+/=-]+$/);
  await page.route((u) => u.pathname === '/', async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace('<div id="comments" data-rostra-article=',
      `<div id="comments" data-rostra-sso="${token}" data-rostra-article=`);
    await route.fulfill({ response: res, body: html });
  });
  const calls = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('/me') || path.endsWith('/session/sso')) calls.push(r.method() + ' ' + path.replace(/.*\/v1/, ''));
  });

  const answer = page.waitForResponse((r) => r.url().endsWith('/session/sso'));
  const embed = await visit(page, key);
  const res = await answer;
  assert.equal(res.status(), 200);
  const user = await res.json();
  await signedInAs(embed, user.display_name).waitFor();
  assert.equal(calls[0], 'POST /session/sso', `the token goes first: ${calls}`);
  assert.equal(calls.filter((c) => c === 'POST /session/sso').length, 1, 'the token is sent once');

  // The page's own Rostra.signIn with the same token: refused, with a
  // message, and the reader stays signed in.
  const replay = await page.evaluate((tok) => window.Rostra.signIn(tok).then(
    () => 'accepted', (e) => 'refused: ' + e.message), token);
  assert.match(replay, /^refused: \S/);
  await signedInAs(embed, user.display_name).waitFor();
});

test('a session revoked elsewhere does not stop this browser from posting as a guest', { timeout: 90000 }, async (t) => {
  const id = uniq();
  const page = await newPage(t, browser);
  let embed = await visit(page, 'id-stale-' + id);
  await embed.getByLabel('Your name').fill('Early ' + id);
  assert.equal((await post(page, embed, 'Before.')).status(), 201);
  await signedInAs(embed, 'Early ' + id).waitFor();

  // Another device ends every session; this browser keeps the (now dead) cookie.
  const cookie = (await page.context().cookies(API)).find((c) => c.name === 'rostra_session');
  const api = await request.newContext();
  t.after(() => api.dispose());
  const res = await api.delete(API + 'sessions', { headers: { ...SITE, Cookie: 'rostra_session=' + cookie.value } });
  assert.equal(res.status(), 204);

  // Still shown as signed in until it tries: the post is refused and the form asks for a name.
  const refused = await post(page, embed, 'Refused.');
  assert.equal(refused.status(), 401);
  await embed.getByLabel('Your name').waitFor();
  assert.equal(await embed.locator('#rostra-error').textContent(), (await refused.json()).error.message);

  // A browser that was away when the session ended still holds the dead
  // cookie: /me says signed out, and a guest post must still work.
  assert.equal((await page.context().cookies(API)).filter((c) => c.name === 'rostra_session').length, 0,
    'the refused post cleared the dead cookie');
  await page.context().addCookies([cookie]);
  await page.reload();
  embed = page.locator(`[data-rostra-article="id-stale-${id}"]`);
  await embed.getByLabel('Your name').fill('Later ' + id);
  await embed.getByLabel('Your comment').fill('After.');
  const answers = [];
  page.on('response', (r) => answers.push(r.request().method() + ' ' + r.status()));
  await embed.locator('form.form button[type="submit"]').click();
  await signedInAs(embed, 'Later ' + id).waitFor();
  await embed.locator('li').filter({ hasText: 'After.' }).getByText('Later ' + id, { exact: true }).waitFor();
  assert.deepEqual(answers.filter((x) => !x.startsWith('GET')), ['POST 201'],
    'with a name, the holder of a dead cookie posts as a new guest at once');
});

test('the demo bar shows only while the demo sign-on route is there', { timeout: 60000 }, async (t) => {
  // The route exists (its GET probe answers 204), then the operator turns it off: 404 to the POST.
  let page = await newPage(t, browser);
  await page.route((u) => u.pathname.endsWith('/demo/sso-token'), (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"No."}}' })
    : route.continue()));
  await visit(page, 'id-nodemo-' + uniq());
  const button = page.getByRole('button', { name: 'Sign in as a demo subscriber' });
  await button.click();
  await page.locator('#demo-sso').waitFor({ state: 'hidden' });

  // No such route at all: the probe's 404 keeps the bar hidden.
  page = await newPage(t, browser);
  const probed = page.waitForResponse((r) => r.url().endsWith('/demo/sso-token'));
  await page.route((u) => u.pathname.endsWith('/demo/sso-token'), (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"No."}}' }));
  await visit(page, 'id-nodemo-' + uniq());
  assert.equal((await probed).request().method(), 'GET');
  await page.waitForFunction(() => document.getElementById('demo-sso').hidden);
  assert.equal(await page.getByRole('button', { name: 'Sign in as a demo subscriber' }).count(), 0);
});
