// SPDX-License-Identifier: ISC — Rostra
// What a reader tripped over in the embed (issue 14, Chromium via
// playwright-core), at desktop and phone widths and in French: the report
// form (each radio in its label, nothing chosen for the reader, a choice
// required), Like and Report shown to signed-out readers with a word on what
// to do first, and the edit window (the time left shown; once it is over, the
// change goes out as a reply instead of being lost). Needs a running stack:
// ROSTRA_URL, ROSTRA_STACK (tests/run.sh sets both) with rate limits off.
// Each test uses articles of its own (/?article=KEY).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoPage, fresh, reader, until, useBrowser } from './browser.mjs';
import { sql } from '../e2e/helpers.mjs';

const WIDTHS = [1280, 390];

const browser = useBrowser();
const visit = (t, key, opts) => demoPage(t, browser, key, opts);

// One comment's own article (not its replies'), found by its text.
const said = (host, text) => host.locator('article').filter({ has: host.page().locator('.text', { hasText: text }) });
const reports = (id) => sql(`SELECT coalesce(string_agg(reason, ','), '') FROM comment_report WHERE comment_id = ${id};`);

// Where each radio of a form sits against its label: inside it, or right
// beside it on the same line; and whether the label's words fit on one line.
const radios = (form) => form.locator('input[type="radio"]').evaluateAll((list) => list.map((e) => {
  const label = e.closest('label') || e.getRootNode().querySelector(`label[for="${e.id}"]`);
  const r = e.getBoundingClientRect();
  const l = label.getBoundingClientRect();
  const words = document.createRange();
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  const node = walker.nextNode();
  words.selectNodeContents(node);
  const w = words.getBoundingClientRect();
  const inside = r.left >= l.left - 1 && r.right <= l.right + 1 && r.top >= l.top - 1 && r.bottom <= l.bottom + 1;
  const gap = Math.max(l.left - r.right, r.left - l.right, w.left - r.right);
  const beside = gap <= 16 && r.top < w.bottom && r.bottom > w.top;
  return {
    label: node.data, inside, beside, gap: Math.round(gap), width: Math.round(r.width),
    lines: new Set([...words.getClientRects()].map((x) => Math.round(x.top))).size, checked: e.checked,
  };
}));

for (const width of WIDTHS) {
  test(`the report form at ${width} px: each radio by its words, none chosen, a choice required`, { timeout: 90000 }, async (t) => {
    const key = fresh(`report${width}`);
    const theirs = await reader('Rex Reported').post(key, 'Buy cheap watches now');
    const me = reader('Rae Reporter');
    await me.post(key, 'My own words');
    const { host } = await visit(t, key, { width, cookie: me.cookie });
    await host.getByText('Commenting as Rae Reporter').waitFor();
    await said(host, 'Buy cheap watches now').getByRole('button', { name: 'Report' }).click();
    const form = host.getByRole('form', { name: 'Report this comment' });
    await form.waitFor();

    const placed = await radios(form);
    assert.deepEqual(placed.map((x) => x.label), ['Spam', 'Abusive or hateful', 'Off topic', 'Misinformation', 'Something else']);
    for (const x of placed) {
      // A radio's box as wide as a text field puts the dot far from the words.
      assert.ok(x.width <= 32, `the radio for "${x.label}" is ${x.width} px wide`);
      assert.ok(x.inside || x.beside, `the radio for "${x.label}" is by its label (${x.gap} px away)`);
      assert.equal(x.lines, 1, `"${x.label}" on one line`);
    }
    assert.deepEqual(placed.filter((x) => x.checked), [], 'no reason chosen for the reader');

    // Sent without a reason: the form says so, nothing is filed.
    await form.getByRole('button', { name: 'Send report' }).click();
    await form.getByRole('alert').filter({ hasText: 'Please choose a reason.' }).waitFor();
    assert.equal(reports(theirs.id), '', 'no report filed');
    assert.equal(await form.locator('input[type="radio"]').first().evaluate((e) => e === e.getRootNode().activeElement), true,
      'focus on the first reason');

    // Clicking the words chooses the reason.
    await form.getByText('Off topic', { exact: true }).click();
    assert.equal(await form.getByRole('radio', { name: 'Off topic' }).isChecked(), true);
    await form.getByRole('button', { name: 'Send report' }).click();
    await host.getByText('Thank you. Moderators will review this comment.').waitFor();
    assert.equal(reports(theirs.id), 'off_topic');
  });
}

test('the report form in French requires a reason too', { timeout: 60000 }, async (t) => {
  const key = fresh('reportfr');
  const theirs = await reader('Rex Rapporté').post(key, 'Achetez des montres');
  const me = reader('Rae');
  await me.post(key, 'Mes mots');
  const { host } = await visit(t, key, { width: 390, cookie: me.cookie, fr: true });
  await host.getByText('Vous commentez en tant que').waitFor();
  await said(host, 'Achetez des montres').getByRole('button', { name: 'Signaler' }).click();
  const form = host.getByRole('form', { name: 'Signaler ce commentaire' });
  for (const x of await radios(form)) {
    assert.ok(x.width <= 32 && (x.inside || x.beside), `the radio for "${x.label}" is by its label`);
    assert.equal(x.lines, 1, `"${x.label}" on one line`);
    assert.equal(x.checked, false);
  }
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await form.getByRole('alert').filter({ hasText: 'Veuillez choisir une raison.' }).waitFor();
  assert.equal(reports(theirs.id), '');
});

for (const width of WIDTHS) {
  test(`a signed-out reader at ${width} px sees Like and Report, and a click says what to do first`, { timeout: 60000 }, async (t) => {
    const key = fresh(`out${width}`);
    const theirs = await reader('Lena Liked').post(key, 'Worth a like');
    const { host } = await visit(t, key, { width });
    await host.getByLabel('Your name').waitFor();
    const item = host.locator('li').filter({ hasText: 'Worth a like' });
    const like = item.getByRole('button', { name: 'Like (0)' });
    const report = item.getByRole('button', { name: 'Report' });
    await like.waitFor();
    assert.equal(await like.isDisabled(), false, 'Like is enabled');
    assert.equal(await report.isVisible(), true, 'Report shows');
    assert.equal(await report.isDisabled(), false, 'Report is enabled');

    await like.click();
    const ask = item.getByRole('alert').filter({ hasText: 'Give your name or sign in to like comments.' });
    await ask.waitFor();
    assert.equal(await ask.isVisible(), true);
    assert.equal(await like.evaluate((e) => e === e.getRootNode().activeElement), true, 'focus stays on Like');
    await report.click();
    await item.getByRole('alert').filter({ hasText: 'Give your name or sign in to report comments.' }).waitFor();
    assert.equal(await host.getByRole('form', { name: 'Report this comment' }).count(), 0, 'no report form');
    assert.equal(sql(`SELECT count(*) FROM reaction WHERE comment_id = ${theirs.id};`), '0');
    assert.equal(reports(theirs.id), '');

    // Once they comment, Like works and the word goes.
    await host.getByLabel('Your name').fill('Mo Mine');
    await host.getByLabel('Your comment').fill('My own view');
    await host.getByRole('button', { name: 'Post comment' }).click();
    await host.getByText('Commenting as Mo Mine').waitFor();
    await until(async () => (await item.getByRole('alert').filter({ hasText: /\S/ }).count()) === 0, 'the word gone');
    await like.click();
    await item.getByRole('button', { name: 'Like (1)', pressed: true }).waitFor();
  });
}

test('a signed-out reader in French is told what to do first', { timeout: 60000 }, async (t) => {
  const key = fresh('outfr');
  await reader('Léa').post(key, 'Bien dit');
  const { host } = await visit(t, key, { width: 390, fr: true });
  const item = host.locator('li').filter({ hasText: 'Bien dit' });
  await item.getByRole('button', { name: 'J’aime (0)' }).click();
  await item.getByRole('alert').filter({ hasText: 'Indiquez votre nom ou connectez-vous pour aimer des commentaires.' }).waitFor();
  await item.getByRole('button', { name: 'Signaler' }).click();
  await item.getByRole('alert').filter({ hasText: 'Indiquez votre nom ou connectez-vous pour signaler des commentaires.' }).waitFor();
});

test('the edit form shows the time left; a save after the window offers the change as a reply, which posts it', { timeout: 90000 }, async (t) => {
  const key = fresh('late');
  const me = reader('Eda Editor');
  const mine = await me.post(key, 'My frist draft');
  const { page, host } = await visit(t, key, { cookie: me.cookie });
  await said(host, 'My frist draft').getByRole('button', { name: 'Edit' }).click();
  const box = host.getByRole('form', { name: 'Edit your comment' });
  await box.getByText(/^You can edit for [45] more minutes\.$/).waitFor();

  // The window ends on the server while the form is open.
  sql(`UPDATE comment SET created_at = now() - interval '5 minutes 5 seconds' WHERE id = ${mine.id};`);
  await box.getByLabel('Edit your comment').fill('My first draft, fixed too late');
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await box.getByRole('button', { name: 'Save' }).click();
  assert.equal((await patched).status(), 403);
  await box.getByRole('alert').filter({ hasText: 'The time to edit this comment is over.' }).waitFor();
  const move = box.getByRole('button', { name: 'Post your change as a reply' });
  await move.waitFor();
  assert.equal(await move.evaluate((e) => e === e.getRootNode().activeElement), true, 'focus on the way out');
  assert.equal(await box.getByRole('button', { name: 'Save' }).count(), 0, 'no Save that cannot save');

  await move.click();
  const reply = host.getByRole('form', { name: 'Reply to Eda Editor' });
  const text = reply.getByLabel('Your reply');
  assert.equal(await text.inputValue(), 'My first draft, fixed too late', 'the edited text kept');
  assert.equal(await text.evaluate((e) => e === e.getRootNode().activeElement), true, 'focus in the reply');
  assert.equal(await box.count(), 0, 'the edit form went');
  await said(host, 'My frist draft').waitFor(); // the comment as it was
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await reply.getByRole('button', { name: 'Post reply' }).click();
  assert.equal((await posted).status(), 201);
  await said(host, 'My first draft, fixed too late').waitFor();
  assert.equal(sql(`SELECT body FROM comment WHERE parent_id = ${mine.id};`), 'My first draft, fixed too late');
  assert.equal(sql(`SELECT body FROM comment WHERE id = ${mine.id};`), 'My frist draft');
});

test('in French, the time left counts down while the form is open, then offers the reply', { timeout: 90000 }, async (t) => {
  const key = fresh('latefr');
  const me = reader('Zoé');
  const mine = await me.post(key, 'Mon brouillon');
  sql(`UPDATE comment SET created_at = now() - interval '4 minutes 52 seconds' WHERE id = ${mine.id};`);
  const { host } = await visit(t, key, { width: 390, cookie: me.cookie, fr: true });
  await said(host, 'Mon brouillon').getByRole('button', { name: 'Modifier' }).click();
  const box = host.getByRole('form', { name: 'Modifier votre commentaire' });
  await box.getByText('Vous pouvez encore modifier pendant moins d’une minute.').waitFor();
  await box.getByLabel('Modifier votre commentaire').fill('Mon texte corrigé');
  // No Save then: the way out shows by itself when the time is up.
  await box.getByRole('button', { name: 'Publier votre modification en réponse' }).waitFor({ timeout: 30000 });
  await box.getByText('Le délai pour modifier ce commentaire est passé.').waitFor();
  assert.equal(await box.getByRole('button', { name: 'Enregistrer' }).count(), 0);
  await box.getByRole('button', { name: 'Publier votre modification en réponse' }).click();
  const reply = host.getByRole('form', { name: 'Répondre à Zoé' });
  assert.equal(await reply.getByLabel('Votre réponse').inputValue(), 'Mon texte corrigé');
});
