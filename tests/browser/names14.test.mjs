// SPDX-License-Identifier: ISC — Rostra
// Guests' names in the embed (issue 14, finding 4, and the rate-limit
// message), Chromium via playwright-core, at desktop and phone widths, in
// English and French: a guest's comment carries a visible "Guest" label by
// the name (an account's does not); a second guest who takes that name on
// the same article is told so by the name field; a reader who comments too
// fast is told how many seconds to wait. axe stays clean. Needs a running
// stack: ROSTRA_URL, ROSTRA_STACK (tests/run.sh sets both) with rate limits
// off; one test turns rate_author_max on for a moment and back off.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, demoPage, fresh, reader, until, useBrowser } from './browser.mjs';
import { audit } from './axe.mjs';
import { sessionCookie, stack } from '../e2e/helpers.mjs';

const API = BASE + '/comments/api/v1/';
const SITE = { Origin: BASE, 'X-Rostra-CSRF': '1', 'Content-Type': 'application/json' };

const browser = useBrowser();
const visit = (t, key, opts) => demoPage(t, browser, key, opts);

const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

const WORDS = {
  en: { guest: 'Guest', name: 'Your name', comment: 'Your comment', used: /Another guest commented on this article under that name in the last 30 days/,
    wait: /wait 60 seconds/, rule: /word or phrase this site does not allow\. You may rephrase it/ },
  fr: { guest: 'Invité', name: 'Votre nom', comment: 'Votre commentaire', used: /Un autre invité a commenté cet article sous ce nom ces 30 derniers jours/,
    wait: /patienter 60 secondes/, rule: /un mot ou une expression que ce site n’accepte pas\. Vous pouvez le reformuler/ },
};

// An account's comment on key (through the API), so a thread has a reader who is no guest.
async function accountSays(key, name, body) {
  const made = await fetch(API + 'accounts', { method: 'POST', headers: SITE,
    body: JSON.stringify({ email: `${fresh('acct')}@news.example`, password: 'account password 1', display_name: name }) });
  assert.equal(made.status, 201, await made.text());
  const res = await fetch(API + `articles/${key}/comments`, { method: 'POST',
    headers: { ...SITE, Cookie: sessionCookie(made) }, body: JSON.stringify({ body }) });
  assert.equal(res.status, 201, await res.text());
}

const articleOf = (host, text) => host.locator('article').filter({ has: host.page().locator('.text', { hasText: text }) });

for (const width of [1280, 390]) {
  for (const lang of ['en', 'fr']) {
    const w = WORDS[lang];
    test(`${lang} at ${width} px: guests are labelled, a guest's name is theirs on the article`, { timeout: 90000 }, async (t) => {
      const key = fresh(`gname${width}${lang}`);
      const name = `Gil ${word()}`;
      await reader(name).post(key, 'Said by a guest.');
      await accountSays(key, `Acco ${word()}`, 'Said by an account.');
      const { page, host } = await visit(t, key, { width, fr: lang === 'fr' });

      // The label sits by the guest's name, on its line, and is readable.
      const guestCard = articleOf(host, 'Said by a guest.');
      const label = guestCard.locator('header .badge');
      assert.equal((await label.textContent()).trim(), w.guest);
      assert.ok(await label.isVisible(), 'the guest label is visible');
      const [nb, lb] = [await guestCard.locator('header .author').boundingBox(), await label.boundingBox()];
      assert.ok(lb.y < nb.y + nb.height && lb.y + lb.height > nb.y, 'the label is on the name\'s line');
      assert.ok(lb.x >= nb.x + nb.width && lb.x - (nb.x + nb.width) < 24, 'the label follows the name');
      assert.ok(lb.x + lb.width <= width, 'the label fits the screen');
      assert.equal(await articleOf(host, 'Said by an account.').locator('header .badge').count(), 0, 'no label for an account');

      // A second guest (this browser) under the same name: told by the name field, nothing posted.
      const nameField = host.getByLabel(w.name, { exact: true });
      await nameField.fill(name.toUpperCase());
      await host.getByLabel(w.comment, { exact: true }).fill('Me, again?');
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/comments'));
      await host.locator('form.form button[type="submit"]').click();
      assert.equal((await answer).status(), 409);
      await until(async () => (await nameField.getAttribute('aria-invalid')) === 'true', 'the name field marked');
      const note = host.locator(`#${await nameField.getAttribute('aria-describedby')}`);
      assert.match(await note.textContent(), w.used);
      assert.ok(await note.isVisible());
      assert.ok(await nameField.evaluate((e) => e.getRootNode().activeElement === e), 'focus on the name field');
      assert.equal(await host.locator('.text', { hasText: 'Me, again?' }).count(), 0);
      await audit(page, 'the guest label');
    });
  }
}

test('too fast: the message says how many seconds to wait, in English and French', { timeout: 90000 }, async (t) => {
  stack('rostra', process.env.ROSTRA_STACK, 'settings', 'set', 'rate_author_max', '1');
  t.after(() => stack('rostra', process.env.ROSTRA_STACK, 'settings', 'set', 'rate_author_max', '0'));
  for (const [lang, width] of [['en', 1280], ['fr', 390]]) {
    const w = WORDS[lang];
    const key = fresh(`grate${lang}`);
    const me = reader(`Quick ${word()}`);
    await me.post(key, 'My one comment of the minute.');
    const { page, host } = await visit(t, key, { width, fr: lang === 'fr', cookie: me.cookie });
    await host.getByLabel(w.comment, { exact: true }).fill('And one more, too soon.');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/comments'));
    await host.locator('form.form button[type="submit"]').click();
    const res = await answer;
    assert.equal(res.status(), 429);
    assert.equal(await res.headerValue('retry-after'), '60');
    const alert = host.locator('form.form [role="alert"]').filter({ hasText: /\S/ });
    await alert.first().waitFor();
    assert.match(await alert.first().textContent(), w.wait, lang);
    await audit(page, `${lang}: the page`);
  }
});

test('a banned word: the message names the rule, not the word, by the comment, in English and French', { timeout: 90000 }, async (t) => {
  for (const [lang, width] of [['en', 390], ['fr', 1280]]) {
    const w = WORDS[lang];
    const key = fresh(`grule${lang}`);
    const me = reader(`Rudi ${word()}`);
    await me.post(key, 'A first, polite comment.');
    const { page, host } = await visit(t, key, { width, fr: lang === 'fr', cookie: me.cookie });
    const text = host.getByLabel(w.comment, { exact: true });
    await text.fill('Honestly, kys.');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/comments'));
    await host.locator('form.form button[type="submit"]').click();
    assert.equal((await answer).status(), 422);
    await until(async () => (await text.getAttribute('aria-invalid')) === 'true', 'the comment field marked');
    const note = host.locator(`#${await text.getAttribute('aria-describedby')}`);
    const said = await note.textContent();
    assert.match(said, w.rule, lang);
    assert.doesNotMatch(said, /kys/, 'the listed word is not shown');
    assert.equal(await text.inputValue(), 'Honestly, kys.', 'the text is kept to rephrase');
    await audit(page, `${lang}: the page`);
  }
});
