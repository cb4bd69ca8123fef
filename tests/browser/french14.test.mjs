// SPDX-License-Identifier: ISC — Rostra
// Issue 14, item 10 and the French demo page (Chromium via playwright-core).
// French errors were vaguer than English ones: a 5-character password and an
// empty email both read "Cette valeur n’est pas acceptée." and an over-long
// comment "Ce texte est trop long." with no limit. Each now has its own words
// in both languages, from one table, with the server's limit, tied to its
// field (aria-invalid, aria-describedby), at desktop and phone widths: the
// sign-up form says the first two before sending (and the daemon's refusal
// carries the same code, field and limit), the comment form the third in
// its alert from the daemon's answer. And /?lang=fr is a French demo page: html lang=fr, the
// French fragment for readers without JavaScript, then the French embed.
// Needs a running stack: ROSTRA_URL, ROSTRA_STACK (tests/run.sh sets both)
// with rate limits off. Each test uses an article of its own (/?article=KEY).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, fresh, newPage, useBrowser } from './browser.mjs';

const browser = useBrowser();

// What a reader sees in each language; {n} is the limit as the page formats it.
const WORDS = {
  en: {
    heading: /^Comments \(\d+\)$/, register: 'Create account', email: 'Email', password: 'Password', display: 'Display name',
    cancel: 'Cancel', name: 'Your name', comment: 'Your comment', post: 'Leave the first comment',
    short: 'Please choose a password of at least {n} characters.',
    noEmail: 'Please enter your email address.',
    long: 'Your comment is longer than {n} characters. Please shorten it.',
  },
  fr: {
    heading: /^Commentaires \(\d+\)$/, register: 'Créer un compte', email: 'Adresse e-mail', password: 'Mot de passe',
    display: 'Nom affiché', cancel: 'Annuler', name: 'Votre nom', comment: 'Votre commentaire', post: 'Écrire le premier commentaire',
    short: 'Veuillez choisir un mot de passe d’au moins {n} caractères.',
    noEmail: 'Veuillez indiquer votre adresse e-mail.',
    long: 'Votre commentaire dépasse {n} caractères. Veuillez le raccourcir.',
  },
};

// The demo page showing article KEY in LANG (its lang attribute set as a news
// site's French page would), at WIDTH.
async function visit(t, key, lang, width) {
  const page = await newPage(t, browser, { width, height: 900 });
  if (lang !== 'en') {
    await page.route((u) => u.pathname === '/', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace(/<html lang="[a-z]+">/, `<html lang="${lang}">`) });
    });
  }
  await page.goto(`${BASE}/?article=${key}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByRole('heading', { name: WORDS[lang].heading }).waitFor();
  return { page, host };
}

// The number n as the page writes it in lang ("10,000", "10 000").
const number = (page, lang, n) => page.evaluate(([l, x]) => new Intl.NumberFormat(l).format(x), [lang, n]);

// Submits with button, and answers the error the server sent and what the
// form's alert then says, and how field (a locator) is marked.
async function refused(page, form, button, field, path) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(path));
  await button.click();
  const res = await answer;
  assert.equal(res.status(), 400);
  const error = (await res.json()).error;
  const alert = form.getByRole('alert').filter({ hasText: /\S/ });
  await alert.waitFor();
  return {
    error,
    said: (await alert.textContent()).trim(),
    invalid: await field.getAttribute('aria-invalid'),
    describedBy: await field.getAttribute('aria-describedby'),
    alertId: await alert.getAttribute('id'),
  };
}

// Submits a form the embed checks before sending: answers the words under
// field (the element its aria-describedby names first) and how it is
// marked, and that no request left the page.
async function checked(page, form, button, field) {
  let sent = 0;
  const count = (r) => { if (r.method() === 'POST') sent++; };
  page.on('request', count);
  await button.click();
  const ids = () => field.getAttribute('aria-describedby');
  await form.locator('p.error').filter({ hasText: /\S/ }).first().waitFor();
  page.off('request', count);
  const [first, ...rest] = ((await ids()) || '').split(' ');
  return {
    said: (await form.locator(`[id="${first}"]`).textContent()).trim(),
    invalid: await field.getAttribute('aria-invalid'),
    rest,
    sent,
  };
}

// The daemon's own answer to a sign-up, for a client that words it itself.
async function signUp(body) {
  const res = await fetch(`${BASE}/comments/api/v1/accounts`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: BASE, 'X-Rostra-CSRF': '1' },
    body: JSON.stringify(body),
  });
  return { status: res.status, error: (await res.json()).error };
}

for (const lang of ['fr', 'en']) {
  for (const width of [1280, 390]) {
    test(`${lang} at ${width} px: a short password, an empty email and an over-long comment each get their own words, with the limit, by their field`, { timeout: 90000 }, async (t) => {
      const w = WORDS[lang];
      const key = fresh(`fr14-${lang}${width}`);
      const { page, host } = await visit(t, key, lang, width);

      await host.getByRole('button', { name: w.register, exact: true }).click();
      const form = host.getByRole('form', { name: w.register });
      await form.getByLabel(w.email).fill(`fr14-${key}@news.example`);
      await form.getByLabel(w.display).fill('Fr ' + key.slice(-8));
      const submit = form.getByRole('button', { name: w.register });

      // A 5-character password: the form says it before sending, in the
      // words and with the limit the daemon's refusal carries.
      await form.getByLabel(w.password).fill('court');
      const short = await checked(page, form, submit, form.getByLabel(w.password));
      assert.equal(short.sent, 0, 'nothing sent');
      assert.equal(short.said, w.short.replace('{n}', await number(page, lang, 10)));
      assert.equal(short.invalid, 'true', 'the password field is marked');
      assert.equal(short.rest.length, 1, 'the password field is still described by its hint');
      const shortServer = await signUp({ email: `fr14-${key}@news.example`, password: 'court', display_name: 'Fr ' + key.slice(-8) });
      assert.deepEqual([shortServer.status, shortServer.error.code, shortServer.error.field, shortServer.error.min],
        [400, 'invalid_field', 'password', 10]);

      // An empty email (the password is long enough now).
      await form.getByLabel(w.email).fill('');
      await form.getByLabel(w.password).fill('long enough password');
      const empty = await checked(page, form, submit, form.getByLabel(w.email));
      assert.equal(empty.sent, 0, 'nothing sent');
      assert.equal(empty.said, w.noEmail);
      assert.notEqual(empty.said, short.said, 'two different mistakes, two different messages');
      assert.equal(empty.invalid, 'true', 'the email field is marked');
      assert.equal(await form.getByLabel(w.password).getAttribute('aria-invalid'), null, 'the password is no longer marked');
      const emptyServer = await signUp({ email: '', password: 'long enough password', display_name: 'Fr ' + key.slice(-8) });
      assert.deepEqual([emptyServer.status, emptyServer.error.code, emptyServer.error.field], [400, 'empty_field', 'email']);

      // A comment over the limit (the textarea's maxlength stops typing, not a script or an older page).
      await form.getByRole('button', { name: w.cancel }).click();
      const composer = host.locator('form.form').first();
      await composer.getByLabel(w.name).fill('Lou');
      const text = composer.getByLabel(w.comment);
      await text.evaluate((e) => { e.value = 'mot '.repeat(2500) + 'x'; });
      const long = await refused(page, composer, composer.getByRole('button', { name: w.post }), text, '/comments');
      assert.equal(long.said, w.long.replace('{n}', await number(page, lang, 10000)));
      assert.deepEqual([long.error.code, long.error.field, long.error.max], ['field_too_long', 'body', 10000]);
      assert.equal(long.invalid, 'true', 'the comment field is marked');
      assert.equal(long.describedBy, long.alertId);
      assert.equal(await host.locator('ol.list > li').count(), 0, 'nothing was posted');

      if (lang === 'fr') {
        assert.notEqual(short.said, shortServer.error.message, 'never the server’s English in French');
        assert.notEqual(empty.said, emptyServer.error.message, 'never the server’s English in French');
        assert.notEqual(long.said, long.error.message, 'never the server’s English in French');
      }
    });
  }
}

test('/?lang=fr is the French demo page: html lang=fr, the French fragment without JavaScript, the French embed with it', { timeout: 60000 }, async (t) => {
  const key = fresh('fr14-demo');
  // A published comment, so the fragment has something to show.
  const posted = await fetch(`${BASE}/comments/api/v1/articles/${key}/comments`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: BASE, 'X-Rostra-CSRF': '1' },
    body: JSON.stringify({ author_name: 'Zoé', body: 'Enfin une rue calme devant l’école.' }),
  });
  assert.equal(posted.status, 201);

  const bare = await newPage(t, browser, { javaScript: false });
  await bare.goto(`${BASE}/?lang=fr&article=${key}`);
  assert.equal(await bare.locator('html').getAttribute('lang'), 'fr');
  assert.match(await bare.locator('h1').textContent(), /Beaulieu-sur-Loire/);
  const ssr = bare.locator(`[data-rostra-ssr][data-article="${key}"]`);
  assert.equal(await ssr.getAttribute('lang'), 'fr');
  await ssr.getByText('Enfin une rue calme devant l’école.').waitFor();
  await ssr.getByRole('heading', { name: /^Commentaires\b/ }).waitFor();
  await ssr.getByText('Participer à la discussion').waitFor();

  const page = await newPage(t, browser);
  await page.goto(`${BASE}/?lang=fr`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  const own = page.locator('[data-rostra-article="demo-rue-ecoles"]');
  await own.getByRole('heading', { name: /^Commentaires \(\d+\)$/ }).waitFor();
  await own.getByRole('button', { name: /^(Publier|Écrire le premier commentaire)$/ }).waitFor();
  await own.getByLabel('Votre commentaire').waitFor();
  // The English page links to the French one and back.
  await page.getByRole('link', { name: /English version/ }).click();
  await page.waitForURL(`${BASE}/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.locator('[data-rostra-article="demo-golden-dome"]').getByRole('heading', { name: /^Comments \(\d+\)$/ }).waitFor();
  await page.getByRole('link', { name: /Version française/ }).click();
  await page.waitForURL(`${BASE}/?lang=fr`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
});
