// SPDX-License-Identifier: ISC — Rostra
// The smaller things a reader tripped over in the embed (issue 14, Chromium
// via playwright-core), at desktop and phone widths, in English and French
// where words are involved, axe clean: a link to a removed comment (the
// notice in view and focused; a held one shown to a moderator and its
// author), a paste cut at the limit (said), registration (every field's
// error at once), Report on a reported comment ("Reported", after a reload
// and in another browser: the server lists it), a guest's sign-out (asked first), Esc in a reply form, tap targets
// on a phone, and the layout shift when the embed takes the server's
// comments over. Needs a running stack: ROSTRA_URL, ROSTRA_STACK
// (tests/run.sh sets both) with rate limits off. Each test uses articles
// of its own (/?article=KEY).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, demoPage, fresh, moderator, newPage, reader, until, useBrowser } from './browser.mjs';
import { audit } from './axe.mjs';
import { send, sessionCookie, sql } from '../e2e/helpers.mjs';

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1' };
// axe-core's own build, run in the page by the debugging protocol (the
// page's Content-Security-Policy would refuse a <script>).
const LINKS = 'see http://a.example http://b.example http://c.example'; // three links: held (link_max 2)

const browser = useBrowser();
const visit = (t, key, opts) => demoPage(t, browser, key, opts);

// A guest's post with fetch: { status, json, cookie } (any status).
async function guestPost(key, name, body, { parent_id, cookie } = {}) {
  const res = await fetch(API + `articles/${key}/comments`, {
    method: 'POST', headers: { ...SITE, 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ body, ...(cookie ? {} : { author_name: name }), ...(parent_id ? { parent_id } : {}) }),
  });
  return { status: res.status, json: await res.json(), cookie: sessionCookie(res) || cookie };
}

// One comment's own article (not its replies'), found by its text.
const said = (host, text) => host.locator('article').filter({ has: host.page().locator('.text', { hasText: text }) });
// Whether el has focus (inside the embed's shadow root).
const hasFocus = (el) => el.evaluate((e) => e === e.getRootNode().activeElement);
// Whether el lies wholly inside the window.
const inView = (el) => el.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
});
// The contrast ratio of el's text against the nearest background colour.
const contrast = (el) => el.evaluate((e) => {
  const rgb = (s) => s.match(/[\d.]+/g).map(Number);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let bg = [255, 255, 255];
  for (let x = e; x && x.nodeType === 1; x = x.parentNode instanceof ShadowRoot ? x.parentNode.host : x.parentNode) {
    const c = rgb(getComputedStyle(x).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
  }
  const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
});

const CASES = [[1280, false], [390, false], [390, true]];
const tag = (width, fr) => `${width} px${fr ? ', French' : ''}`;

for (const [width, fr] of CASES) {
  test(`a link to a removed comment at ${tag(width, fr)}: the notice is in view, readable and focused`, { timeout: 60000 }, async (t) => {
    const key = fresh('gone');
    const ann = reader('Ann Gone');
    await ann.post(key, 'This one stays');
    const doomed = await ann.post(key, 'This one goes');
    await ann.del(doomed.id);
    const { page, host } = await visit(t, key, { width, fr, hash: `comment-${doomed.id}` });
    const note = host.getByText(fr ? 'Le commentaire lié n’est plus disponible.' : 'The linked comment is no longer available.');
    await note.waitFor();
    await until(() => inView(note), 'the notice scrolled into view');
    assert.ok(await page.evaluate(() => scrollY) > 0, 'the page scrolled down to it');
    assert.equal(await hasFocus(note), true, 'focus on the notice');
    assert.ok(await contrast(note) >= 7, `the notice's contrast is ${await contrast(note)}`);
    await audit(page, 'a removed comment\'s link');
  });
}

for (const [width, fr] of [[390, false], [1280, true]]) {
  test(`a held reply's permalink at ${tag(width, fr)} shows it in its thread to a moderator and to its author, not to others`, { timeout: 90000 }, async (t) => {
    const key = fresh('heldlink');
    const bo = await guestPost(key, 'Bo Asks', 'Was the 2005 estimate ever published?');
    assert.equal(bo.status, 201);
    for (let i = 0; i < 3; i++) assert.equal((await guestPost(key, 'Bo Asks', `Filler ${i}`, { cookie: bo.cookie })).status, 201);
    const ann = await guestPost(key, 'Ann Answers', `Good question. ${LINKS}`, { parent_id: bo.json.id });
    assert.equal(ann.status, 202, 'the reply is held');
    const mod = moderator(`Desk ${fresh('m')}`);
    const login = await send('POST', '/session', null, { email: mod.email, password: mod.password });
    assert.equal(login.status, 200);

    for (const [who, cookie, words] of [['moderator', sessionCookie(login), fr
      ? 'En attente de validation : les lecteurs ne voient pas ce commentaire.' : 'Held for review: readers do not see this comment.'],
    ['author', ann.cookie, fr ? 'En attente de validation : vous seul voyez ce commentaire pour l’instant.'
      : 'Awaiting review: only you can see this comment for now.']]) {
      const { page, host } = await visit(t, key, { width, fr, cookie, hash: `comment-${ann.json.id}` });
      const held = host.locator(`#comment-${ann.json.id}`);
      await held.getByText(words).waitFor();
      await until(() => hasFocus(held), `focus on the held reply (${who})`);
      await until(() => inView(held), `the held reply in view (${who})`);
      assert.match(await held.textContent(), /Good question\./);
      // In its thread: the comment it answers is shown with it.
      const top = host.locator('li').filter({ has: page.locator(`#comment-${bo.json.id}`) })
        .filter({ has: page.locator(`#comment-${ann.json.id}`) });
      assert.equal(await top.count() > 0, true, `the reply sits in its parent's thread (${who})`);
      await audit(page, `a held reply's permalink (${who})`);
    }
    // Anyone else: not available.
    const { host } = await visit(t, key, { width, fr, hash: `comment-${ann.json.id}` });
    await host.getByText(fr ? 'Le commentaire lié n’est plus disponible.' : 'The linked comment is no longer available.').waitFor();
    assert.equal(await host.getByText('Good question.').count(), 0);
  });
}

for (const [width, fr] of CASES) {
  test(`pasting past the limit at ${tag(width, fr)} says what was cut`, { timeout: 60000 }, async (t) => {
    const key = fresh('paste');
    await reader('Pia').post(key, 'Something to read');
    const { page, host } = await visit(t, key, { width, fr });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    const box = host.getByLabel(fr ? 'Votre commentaire' : 'Your comment');
    await page.evaluate((n) => navigator.clipboard.writeText('a'.repeat(n - 1) + 'Z'), 10001);
    await box.focus();
    await page.keyboard.press('Control+V');
    await until(async () => (await box.inputValue()).length === 10000, 'the paste in');
    const alert = host.getByRole('alert').filter({ hasText: fr
      ? /^Un commentaire compte au plus 10\s000 caractères : le dernier caractère collé n’a pas été repris\.$/
      : /^Comments are limited to 10,000 characters: the last character you pasted was left out\.$/ });
    await alert.waitFor();
    assert.equal(await alert.isVisible(), true);
    await audit(page, 'a paste past the limit');
    // Pasting more than fits at once: the number said.
    await box.fill('');
    await page.evaluate(() => navigator.clipboard.writeText('b'.repeat(10025)));
    await box.focus();
    await page.keyboard.press('Control+V');
    await host.getByRole('alert').filter({ hasText: fr ? 'les 25 derniers caractères collés' : 'the last 25 characters you pasted' }).waitFor();
    // Deleting below the limit takes the word away.
    await page.keyboard.press('Backspace');
    await until(async () => (await host.getByRole('alert').filter({ hasText: /10.000/ }).count()) === 0, 'the word gone');
  });
}

for (const [width, fr] of CASES) {
  test(`registration at ${tag(width, fr)} shows every field's error at once, by its field, before sending`, { timeout: 60000 }, async (t) => {
    const key = fresh('signup');
    const { page, host } = await visit(t, key, { width, fr });
    let sent = 0;
    page.on('request', (r) => { if (r.url().endsWith('/accounts')) sent++; });
    await host.getByRole('button', { name: fr ? 'Créer un compte' : 'Create account' }).click();
    const form = host.getByRole('form', { name: fr ? 'Créer un compte' : 'Create account' });
    const submit = form.getByRole('button', { name: fr ? 'Créer un compte' : 'Create account' });
    const email = form.getByLabel(fr ? 'Adresse e-mail' : 'Email');
    const password = form.getByLabel(fr ? 'Mot de passe' : 'Password');
    const name = form.getByLabel(fr ? 'Nom affiché' : 'Display name');
    // Each field's error: shown, and the field invalid and described by it.
    const errorOf = async (input) => {
      const invalid = await input.getAttribute('aria-invalid');
      const ids = (await input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      const words = [];
      for (const id of ids) {
        const e = form.locator(`[id="${id}"].error`);
        if (await e.count() && await e.isVisible()) words.push(await e.textContent());
      }
      return invalid === 'true' ? words.join(' ') : '';
    };
    await submit.click();
    assert.deepEqual([await errorOf(email), await errorOf(password), await errorOf(name)], fr
      ? ['Veuillez indiquer votre adresse e-mail.', 'Veuillez indiquer votre mot de passe.', 'Veuillez indiquer un nom affiché.']
      : ['Please enter your email address.', 'Please enter your password.', 'Please enter a display name.']);
    assert.equal(await hasFocus(email), true, 'focus on the first field in error');
    await audit(page, 'registration with three errors');

    await email.fill('ann@example');
    await password.fill('short');
    await name.fill(fresh('Ann'));
    await submit.click();
    assert.deepEqual([await errorOf(email), await errorOf(password), await errorOf(name)], fr
      ? ['Indiquez une adresse e-mail de la forme nom@exemple.fr.', 'Veuillez choisir un mot de passe d’au moins 10 caractères.', '']
      : ['Please enter an email address such as name@example.org.', 'Please choose a password of at least 10 characters.', '']);
    assert.equal(sent, 0, 'nothing sent while a field is wrong');
    // The hint stays described too.
    assert.match(await password.getAttribute('aria-describedby'), /h\b/);

    await email.fill(`${fresh('ann')}@example.org`);
    await password.fill('a long enough password');
    await submit.click();
    await host.getByText(fr ? 'Vous commentez en tant que' : 'Commenting as').waitFor();
    assert.equal(sent, 1);
  });
}

for (const [width, fr] of CASES) {
  test(`a reported comment at ${tag(width, fr)} shows "Reported" instead of Report, after a reload too`, { timeout: 90000 }, async (t) => {
    const key = fresh('reported');
    const theirs = await reader('Rex Spam').post(key, 'Buy cheap watches now');
    const me = reader('Rae Reports');
    await me.post(key, 'My own words');
    const { page, host } = await visit(t, key, { width, fr, cookie: me.cookie });
    const item = said(host, 'Buy cheap watches now');
    const report = item.getByRole('button', { name: fr ? 'Signaler' : 'Report' });
    await report.click();
    const form = host.getByRole('form', { name: fr ? 'Signaler ce commentaire' : 'Report this comment' });
    await form.getByText(fr ? 'Hors sujet' : 'Off topic', { exact: true }).click();
    await form.getByRole('button', { name: fr ? 'Envoyer le signalement' : 'Send report' }).click();
    const mark = item.getByText(fr ? 'Signalé' : 'Reported', { exact: true });
    await mark.waitFor();
    assert.equal(await report.count(), 0, 'no Report button');
    assert.equal(sql(`SELECT count(*) FROM comment_report WHERE comment_id = ${theirs.id};`), '1');
    await page.reload();
    await host.getByRole('heading', { name: /\(\d+\)$/ }).waitFor();
    await item.getByText(fr ? 'Signalé' : 'Reported', { exact: true }).waitFor();
    assert.equal(await item.getByRole('button', { name: fr ? 'Signaler' : 'Report' }).count(), 0, 'no Report button after a reload');
    // Another browser of the same reader (nothing in its storage) says so too.
    const other = await visit(t, key, { width, fr, cookie: me.cookie });
    await said(other.host, 'Buy cheap watches now').getByText(fr ? 'Signalé' : 'Reported', { exact: true }).waitFor();
    await audit(page, 'a reported comment');
  });
}

for (const [width, fr] of CASES) {
  test(`a guest signing out at ${tag(width, fr)} is asked first, in the page`, { timeout: 60000 }, async (t) => {
    const key = fresh('out');
    const me = reader('Gus Guest');
    await me.post(key, 'Mine to edit');
    const { page, host } = await visit(t, key, { width, fr, cookie: me.cookie });
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss(); });
    await host.getByText(fr ? 'Vous commentez en tant que' : 'Commenting as').waitFor();
    const out = host.getByRole('button', { name: fr ? 'Se déconnecter' : 'Sign out', exact: true });
    await out.click();
    const ask = host.getByRole('group', { name: fr
      ? 'Vous commentez en tant qu’invité : une fois déconnecté, vous ne pourrez plus modifier ni supprimer vos commentaires.'
      : 'You are commenting as a guest: once you sign out, you can no longer edit or delete your comments.' });
    await ask.waitFor();
    const stay = ask.getByRole('button', { name: fr ? 'Rester connecté' : 'Stay signed in' });
    assert.equal(await hasFocus(stay), true, 'focus on staying signed in');
    assert.equal(await page.evaluate(() => fetch('/comments/api/v1/me').then((r) => r.status)), 200, 'still signed in');
    await audit(page, 'the sign-out question');
    await stay.click();
    assert.equal(await ask.count(), 0);
    assert.equal(await hasFocus(out), true, 'focus back on Sign out');
    assert.equal(await said(host, 'Mine to edit').getByRole('button', { name: fr ? 'Modifier' : 'Edit' }).count(), 1);

    await out.click();
    await ask.getByRole('button', { name: fr ? 'Me déconnecter quand même' : 'Sign out anyway' }).click();
    await host.getByLabel(fr ? 'Votre nom' : 'Your name').first().waitFor();
    assert.equal(await page.evaluate(() => fetch('/comments/api/v1/me').then((r) => r.status)), 204, 'signed out');
    assert.equal(dialogs, 0, 'no window.confirm');
  });
}

test('an account signs out at once (it keeps its comments)', { timeout: 60000 }, async (t) => {
  const key = fresh('outacct');
  const mod = moderator(`Acct ${fresh('a')}`, 'reader');
  const login = await send('POST', '/session', null, { email: mod.email, password: mod.password });
  const { page, host } = await visit(t, key, { cookie: sessionCookie(login) });
  await host.getByText('Commenting as').waitFor();
  await host.getByRole('button', { name: 'Sign out', exact: true }).click();
  await host.getByLabel('Your name').waitFor();
  assert.equal(await page.evaluate(() => fetch('/comments/api/v1/me').then((r) => r.status)), 204);
});

for (const [width, fr] of CASES) {
  test(`Esc closes a reply form at ${tag(width, fr)}, keeps its text and returns to Reply`, { timeout: 60000 }, async (t) => {
    const key = fresh('esc');
    await reader('Ed Escape').post(key, 'Reply to me');
    const me = reader('Ria');
    await me.post(key, 'Mine');
    const { page, host } = await visit(t, key, { width, fr, cookie: me.cookie });
    const item = said(host, 'Reply to me');
    const reply = item.getByRole('button', { name: fr ? 'Répondre' : 'Reply', exact: true });
    await reply.click();
    const form = host.getByRole('form', { name: fr ? 'Répondre à Ed Escape' : 'Reply to Ed Escape' });
    await form.getByLabel(fr ? 'Votre réponse' : 'Your reply').fill('Half a thought');
    await page.keyboard.press('Escape');
    await until(async () => (await form.count()) === 0, 'the reply form closed');
    assert.equal(await hasFocus(reply), true, 'focus on Reply');
    await reply.click();
    assert.equal(await form.getByLabel(fr ? 'Votre réponse' : 'Your reply').inputValue(), 'Half a thought', 'the text kept');
    await audit(page, 'a reply form opened again');
  });
}

// Every button and link of the comments (their text's own links aside),
// with where they are: { name, w, h, box }.
const targets = (host) => host.locator('article').evaluateAll((arts) => arts.flatMap((a) =>
  [...a.querySelectorAll('button, a[href]')].filter((e) => !e.closest('.text') && e.getClientRects().length)
    .map((e) => {
      const r = e.getBoundingClientRect();
      return { name: e.textContent.trim(), w: r.width, h: r.height, box: [r.left, r.top, r.right, r.bottom], foot: !!e.closest('footer') };
    })));

for (const width of [1280, 390]) {
  test(`tap targets of a comment at ${width} px are large enough and apart (WCAG 2.5.8; 2.5.5 for a phone's buttons)`, { timeout: 60000 }, async (t) => {
    const key = fresh('tap');
    const other = reader('Tia Taps');
    const top = await other.post(key, 'A comment with replies and a [link](https://example.org/x).');
    await other.post(key, 'A reply', top.id);
    const me = reader('Tom Thumb');
    await me.post(key, 'My own comment');
    const { page, host } = await visit(t, key, { width, cookie: me.cookie });
    await said(host, 'My own comment').getByRole('button', { name: 'Delete' }).waitFor();
    const all = await targets(host);
    assert.ok(all.some((x) => x.name === 'Report') && all.some((x) => x.name === 'Delete') && all.some((x) => x.name === 'Edit'));
    for (const x of all) {
      const big = width <= 480 && x.foot ? 44 : 24;
      assert.ok(x.w >= big && x.h >= big, `"${x.name}" is ${Math.round(x.w)}×${Math.round(x.h)} px, under ${big}×${big}`);
    }
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        const overlap = a.box[0] < b.box[2] - 0.5 && b.box[0] < a.box[2] - 0.5 && a.box[1] < b.box[3] - 0.5 && b.box[1] < a.box[3] - 0.5;
        assert.ok(!overlap, `"${a.name}" and "${b.name}" overlap`);
      }
    }
    await audit(page, 'comments\' tap targets');
  });
}

for (const [width, fr] of [[1280, false], [390, false], [1280, true]]) {
  test(`the embed taking over the server's comments at ${tag(width, fr)} keeps the layout (no shift, same height)`, { timeout: 90000 }, async (t) => {
    const key = fresh('cls');
    const a = reader('Cleo Shift');
    const b = reader('Len Layout');
    const firsts = [];
    for (let i = 0; i < 6; i++) {
      firsts.push(await (i % 2 ? a : b).post(key, `Comment number ${i}: ` + 'a fairly long sentence about the subject at hand, '.repeat(1 + (i % 3))));
    }
    await a.post(key, 'A first reply, short.', firsts[5].id);
    const r2 = await b.post(key, 'A reply to the reply, with **some** words.', (await a.post(key, 'Second reply.', firsts[4].id)).id);
    await a.post(key, 'Third level down.', r2.id);
    // embed.js waits until the server's comments are in view.
    const page = await newPage(t, browser, { width, height: 800, bypassCSP: true });
    let release;
    const held = new Promise((done) => { release = done; });
    await page.route('**/comments/embed.js', async (route) => { await held; await route.continue(); });
    if (fr) {
      await page.route((u) => u.pathname === '/', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()).replace('<html lang="en">', '<html lang="fr">') });
      });
    }
    await page.goto(`${BASE}/?article=${key}`, { waitUntil: 'domcontentloaded' });
    const ssr = page.locator('.rostra-ssr');
    await ssr.waitFor();
    const before = await page.evaluate(() => {
      const s = document.querySelector('[data-rostra-article]').getBoundingClientRect();
      window.scrollTo(0, scrollY + s.top + 150);
      return s.height;
    });
    await page.evaluate(() => {
      window.shifts = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.shifts.push(e.value); })
        .observe({ type: 'layout-shift' });
    });
    release();
    const host = page.locator(`[data-rostra-article="${key}"]`);
    await host.getByRole('heading', { name: fr ? 'Commentaires (10)' : 'Comments (10)' }).waitFor();
    await host.getByText('Third level down.').waitFor();
    // The server's copy (inert meanwhile) gives way in one step; on a busy
    // machine that step may come after the embed's text is already there.
    await page.locator('.rostra-ssr').waitFor({ state: 'detached' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
    const { shift, after } = await page.evaluate(() => ({
      shift: window.shifts.reduce((x, y) => x + y, 0),
      after: document.querySelector('[data-rostra-article]').getBoundingClientRect().height,
    }));
    assert.equal(await page.locator('.rostra-ssr').count(), 0, 'the server\'s markup gave way');
    assert.ok(shift < 0.01, `layout shift ${shift.toFixed(3)} when the embed took over`);
    assert.ok(Math.abs(after - before) <= before * 0.02, `the section was ${Math.round(before)} px high, then ${Math.round(after)} px`);
    await audit(page, 'the embed after taking over');
  });
}
