// SPDX-License-Identifier: ISC — Rostra
// The discussion in the embed (Chromium via playwright-core): replies in
// place and indented, more replies, sorting remembered, permalinks to a deep
// reply far down a long thread, quote-reply, drafts, the character counter,
// "N new comments — show", French, editing. Needs a running stack:
// ROSTRA_URL, ROSTRA_STACK (tests/run.sh sets both) with rate limits off.
// Each test uses articles of its own (/?article=KEY).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, fresh, newPage, reader, until, useBrowser } from './browser.mjs';
import { sql } from '../e2e/helpers.mjs';

const browser = useBrowser();

// The demo page showing article KEY, the host element changed by edit(html) if given.
async function visit(t, key, { hash = '', edit, page } = {}) {
  page = page || await newPage(t, browser);
  if (edit) {
    await page.route((u) => u.pathname === '/', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: edit(await res.text()) });
    });
  }
  await page.goto(`${BASE}/?article=${key}${hash}`);
  const host = page.locator(`[data-rostra-article="${key}"]`);
  await host.getByRole('heading', { name: /^(Comments|Commentaires) \(\d+\)$/ }).waitFor();
  return { page, host };
}

// One comment's own article (not its replies'), found by its text.
const said = (host, text) => host.locator('article').filter({ has: host.page().locator('.text', { hasText: text }) });
const left = (loc) => loc.evaluate((e) => e.getBoundingClientRect().left);

test('a reply posted under a comment appears there at once, indented, and stays after a reload', { timeout: 90000 }, async (t) => {
  const key = fresh('reply');
  const ann = reader('Ann Answered');
  const first = await ann.post(key, 'The parent comment');
  await ann.post(key, 'A later top-level comment');
  const { page, host } = await visit(t, key);

  const parent = said(host, 'The parent comment');
  await parent.getByRole('button', { name: 'Reply' }).click();
  const form = host.getByRole('form', { name: 'Reply to Ann Answered' });
  // A guest's first post may be a reply: the reply form asks for the name.
  await form.getByLabel('Your name').fill('Rui Replier');
  await form.getByLabel('Your reply').fill('I answer the parent');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Post reply' }).click();
  const res = await posted;
  assert.equal(res.status(), 201);
  assert.equal(JSON.parse(res.request().postData()).parent_id, first.id);

  const check = async () => {
    const reply = said(host, 'I answer the parent');
    await reply.waitFor();
    await host.getByRole('heading', { name: 'Comments (3)', exact: true }).waitFor();
    // Under its parent, before the next thread, and further right.
    const texts = await host.locator('.list > li article .text').allTextContents();
    assert.deepEqual(texts, ['A later top-level comment', 'The parent comment', 'I answer the parent']);
    assert.ok(await left(reply) > await left(parent), 'the reply is indented');
    await reply.getByText('Rui Replier', { exact: true }).waitFor();
    await parent.getByText('1 reply', { exact: true }).waitFor();
  };
  await check();
  assert.equal(await host.getByRole('form', { name: /^Reply to/ }).count(), 0, 'the reply form closed');
  await host.getByText('Commenting as Rui Replier').waitFor();
  await page.reload();
  await check();
});

test('deep replies stop indenting and say whom they answer; a removed comment stays as a tombstone', { timeout: 60000 }, async (t) => {
  const key = fresh('deep');
  const ann = reader('Ann');
  const bo = reader('Bo');
  const top = await ann.post(key, 'Depth zero');
  let parent = top.id;
  const ids = [];
  for (let d = 1; d <= 5; d++) {
    const who = d % 2 ? bo : ann;
    parent = (await who.post(key, `Depth ${d}`, parent)).id;
    ids.push(parent);
  }
  // Depth 1 removed: it has replies, so it stays as a tombstone.
  await bo.del(ids[0]);
  const { host } = await visit(t, key);
  const art = (d) => host.locator(`#comment-${ids[d - 1]}`);
  // Three replies come with the page (the tombstone counts among them).
  await art(3).waitFor();
  await host.getByRole('button', { name: 'Show 2 more replies' }).click();
  await art(5).waitFor();
  await art(1).getByText('This comment was removed').waitFor();
  assert.equal(await art(1).getByText('Bo', { exact: true }).count(), 0, 'no author on a tombstone');
  const x = [await left(art(1)), await left(art(2)), await left(art(3)), await left(art(4)), await left(art(5))];
  assert.ok(x[0] < x[1] && x[1] < x[2], `indented up to depth 3: ${x}`);
  assert.equal(x[3], x[2], 'depth 4 at depth 3');
  assert.equal(x[4], x[2], 'depth 5 at depth 3');
  await art(4).getByText('replying to Bo', { exact: true }).waitFor();
  await art(5).getByText('replying to Ann', { exact: true }).waitFor();
  assert.equal(await art(3).getByText(/^replying to/).count(), 0, 'not where the indent says it');
  await said(host, 'Depth zero').getByText('4 replies', { exact: true }).waitFor();
});

test('"Show N more replies" brings the rest of a thread, in order', { timeout: 60000 }, async (t) => {
  const key = fresh('more');
  const ann = reader('Ann');
  const top = await ann.post(key, 'A busy thread');
  for (let i = 1; i <= 6; i++) await ann.post(key, `Reply number ${i}`, top.id);
  const { host } = await visit(t, key);
  const replies = () => host.locator('.replies article .text').allTextContents();
  await said(host, 'Reply number 3').waitFor();
  assert.deepEqual(await replies(), ['Reply number 1', 'Reply number 2', 'Reply number 3']);
  await host.getByRole('button', { name: 'Show 3 more replies' }).click();
  await said(host, 'Reply number 6').waitFor();
  assert.deepEqual(await replies(), [1, 2, 3, 4, 5, 6].map((i) => `Reply number ${i}`));
  assert.equal(await host.getByRole('button', { name: /more replies/ }).count(), 0, 'nothing more to show');
});

test('the sort order is chosen, reloads the list, and is remembered for the next page', { timeout: 90000 }, async (t) => {
  const key = fresh('sort');
  const ann = reader('Ann');
  const first = await ann.post(key, 'Oldest words');
  await ann.post(key, 'Middle words');
  const last = await ann.post(key, 'Newest words');
  await ann.post(key, 'A reply to the oldest', first.id);
  await ann.post(key, 'Another reply to the oldest', first.id);
  await ann.post(key, 'A reply to the newest', last.id);
  const { page, host } = await visit(t, key);
  const tops = () => host.locator('.list > li > article .text').allTextContents();
  await said(host, 'Oldest words').waitFor();
  assert.deepEqual(await tops(), ['Newest words', 'Middle words', 'Oldest words']);

  const sorted = page.waitForRequest((r) => r.url().includes('sort=oldest'));
  await host.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
  await sorted;
  await until(async () => (await tops())[0] === 'Oldest words', 'the oldest first');
  assert.deepEqual(await tops(), ['Oldest words', 'Middle words', 'Newest words']);

  await page.reload();
  await said(host, 'Oldest words').waitFor();
  assert.deepEqual(await tops(), ['Oldest words', 'Middle words', 'Newest words'], 'remembered');
  assert.equal(await host.getByLabel('Sort by').inputValue(), 'oldest');

  await host.getByLabel('Sort by').selectOption({ label: 'Most replies' });
  await until(async () => (await tops()).join() === 'Oldest words,Newest words,Middle words', 'most replies first');
  await page.reload();
  await said(host, 'Middle words').waitFor();
  assert.deepEqual(await tops(), ['Oldest words', 'Newest words', 'Middle words']);
  // From the keyboard: the list changes, focus stays on the choice.
  await host.getByLabel('Sort by').focus();
  await page.keyboard.press('Home');
  await until(async () => (await tops())[0] === 'Newest words', 'newest first again');
  assert.equal(await page.evaluate((k) => document.querySelector(`[data-rostra-article="${k}"]`).shadowRoot.activeElement?.id, key),
    'rostra-sort', 'focus stays on the sort choice');
});

test('"Load more comments" pages through a long thread', { timeout: 120000 }, async (t) => {
  const key = fresh('pages');
  const ann = reader('Ann');
  for (let i = 1; i <= 55; i++) await ann.post(key, `Comment #${i}.`);
  const { host } = await visit(t, key);
  await said(host, 'Comment #55.').waitFor();
  assert.equal(await host.locator('.list > li').count(), 50);
  await host.getByRole('button', { name: 'Load more comments' }).click();
  await said(host, 'Comment #1.').waitFor();
  assert.equal(await host.locator('.list > li').count(), 55);
  assert.equal(await host.getByRole('button', { name: 'Load more comments' }).count(), 0);
});

test('a permalink to a deep reply far down a long thread loads its thread, scrolls to it and highlights it', { timeout: 150000 }, async (t) => {
  const key = fresh('permalink');
  const ann = reader('Ann');
  const bo = reader('Bo');
  const old = await ann.post(key, 'The oldest top-level comment');
  for (let i = 1; i <= 4; i++) await bo.post(key, `Early reply ${i}`, old.id);
  const mid = await bo.post(key, 'Between', old.id);
  const deep = await ann.post(key, 'The linked deep reply', mid.id);
  await bo.post(key, 'After the linked one', deep.id);
  for (let i = 1; i <= 60; i++) await ann.post(key, `Newer comment ${i}`);

  const { page, host } = await visit(t, key, { hash: `#comment-${deep.id}` });
  const linked = host.getByRole('region', { name: 'Linked comment' });
  const target = linked.locator(`#comment-${deep.id}`);
  await target.getByText('The linked deep reply').waitFor();
  await linked.getByText('The oldest top-level comment').waitFor();
  await linked.getByText('After the linked one').waitFor();
  assert.equal(await host.locator(`#comment-${deep.id}`).count(), 1, 'shown once');
  await until(() => target.evaluate((e) => e.classList.contains('target')), 'the highlight');
  await until(() => target.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }), 'the linked reply scrolled into view');
  assert.equal(await page.evaluate((k) => document.querySelector(`[data-rostra-article="${k}"]`).shadowRoot.activeElement?.id, key),
    `comment-${deep.id}`, 'focused');
  // The first page is still there below, 50 comments of it.
  assert.equal(await host.locator('.list').last().locator(':scope > li').count(), 50);

  // Another comment's permalink on the page: followed, it is highlighted in its turn.
  const other = said(host, 'Newer comment 30');
  const href = await other.locator('a.permalink').getAttribute('href');
  assert.match(href, new RegExp(`\\?article=${key}#comment-\\d+$`));
  await other.locator('a.permalink').click();
  await until(() => other.evaluate((e) => e.classList.contains('target')), 'the new highlight');
  assert.equal(await target.evaluate((e) => e.classList.contains('target')), false, 'one highlight at a time');
  await until(() => other.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }), 'scrolled to the second one');
});

test('Quote opens a reply with the comment as a Markdown quote', { timeout: 60000 }, async (t) => {
  const key = fresh('quote');
  await reader('Quinn').post(key, 'First line of it\nSecond line');
  const { host } = await visit(t, key);
  await said(host, 'First line of it').getByRole('button', { name: 'Quote' }).click();
  const box = host.getByRole('form', { name: 'Reply to Quinn' }).getByLabel('Your reply');
  assert.equal(await box.inputValue(), '> First line of it\n> Second line\n\n');
  assert.ok(await box.evaluate((e) => e.getRootNode().activeElement === e), 'the reply box has focus');
});

test('drafts survive a reload, in the main form and in an open reply, and go once posted', { timeout: 90000 }, async (t) => {
  const key = fresh('draft');
  await reader('Dora').post(key, 'Something to answer');
  const { page, host } = await visit(t, key);
  await host.getByLabel('Your comment').fill('Half a thought');
  await said(host, 'Something to answer').getByRole('button', { name: 'Reply' }).click();
  await host.getByLabel('Your reply').fill('A reply in progress');
  await page.reload();
  await said(host, 'Something to answer').waitFor();
  assert.equal(await host.getByLabel('Your comment').inputValue(), 'Half a thought');
  assert.equal(await host.getByLabel('Your reply').inputValue(), 'A reply in progress');

  await host.getByLabel('Your name', { exact: true }).first().fill('Dan Drafter');
  await host.getByRole('button', { name: 'Post comment' }).click();
  await said(host, 'Half a thought').waitFor();
  await host.getByRole('form', { name: 'Reply to Dora' }).getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await said(host, 'Half a thought').waitFor();
  assert.equal(await host.getByLabel('Your comment').inputValue(), '', 'posted: the draft is gone');
  assert.equal(await host.getByLabel('Your reply').count(), 0, 'cancelled: the reply draft is gone');
});

test('a character counter appears near the limit and is announced politely', { timeout: 60000 }, async (t) => {
  const { host } = await visit(t, fresh('counter'));
  const box = host.getByLabel('Your comment');
  await box.fill('x'.repeat(9000));
  assert.equal(await host.getByText(/characters? left/).count(), 0, 'not far from the limit');
  await box.fill('x'.repeat(9600));
  await host.locator('.counter', { hasText: '400 characters left' }).waitFor();
  assert.equal(await host.locator('[aria-live="polite"]', { hasText: '400 characters left' }).count(), 1, 'announced');
  await box.fill('x'.repeat(9999));
  await host.locator('.counter', { hasText: '1 character left' }).waitFor();
  assert.equal(await box.evaluate((e) => e.maxLength), 10000);
});

test('another reader\'s comment shows as "1 new comment — show" and is inserted only on request', { timeout: 90000 }, async (t) => {
  const key = fresh('live');
  const ann = reader('Ann');
  const top = await ann.post(key, 'Already here');
  const { page, host } = await visit(t, key, {
    edit: (html) => html.replace('data-rostra-article="demo-golden-dome"', '$& data-rostra-poll="1"'),
  });
  await said(host, 'Already here').waitFor();
  const counts = [];
  page.on('request', (r) => { if (r.url().includes('/counts?')) counts.push(r.url()); });

  await reader('Nia New').post(key, 'Fresh from elsewhere');
  const button = host.getByRole('button', { name: '1 new comment — show' });
  await button.waitFor();
  assert.equal(await host.locator('[aria-live="polite"] button', { hasText: '1 new comment — show' }).count(), 1, 'announced politely');
  assert.equal(await said(host, 'Fresh from elsewhere').count(), 0, 'not inserted without a click');
  assert.equal(await host.getByRole('heading', { name: 'Comments (1)', exact: true }).count(), 1);
  assert.ok(counts.every((u) => u.endsWith(`/counts?article=${key}`)));

  await ann.post(key, 'And a reply meanwhile', top.id);
  await host.getByRole('button', { name: '2 new comments — show' }).click();
  await said(host, 'Fresh from elsewhere').waitFor();
  await host.getByRole('heading', { name: 'Comments (3)', exact: true }).waitFor();
  const texts = await host.locator('.list > li article .text').allTextContents();
  assert.deepEqual(texts, ['Fresh from elsewhere', 'Already here', 'And a reply meanwhile'], 'new at the top, the reply under its comment');
  assert.equal(await host.getByRole('button', { name: /new comments? — show/ }).count(), 0);
});

test('a French page shows the embed in French, with relative times', { timeout: 60000 }, async (t) => {
  const key = fresh('fr');
  const c = await reader('Zoé').post(key, 'Bonjour à tous');
  sql(`UPDATE comment SET created_at = created_at - interval '5 minutes 10 seconds' WHERE id = ${c.id};`);
  const { host } = await visit(t, key, { edit: (html) => html.replace('<html lang="en">', '<html lang="fr">') });
  await host.getByRole('heading', { name: 'Commentaires (1)', exact: true }).waitFor();
  const item = said(host, 'Bonjour à tous');
  await item.locator('time', { hasText: 'il y a 5 minutes' }).waitFor();
  const title = await item.locator('time').getAttribute('title');
  assert.match(title, /\d{4}/, 'the exact time on hover');
  assert.notEqual(title, 'il y a 5 minutes');
  await item.getByRole('button', { name: 'Répondre' }).waitFor();
  await host.getByLabel('Votre nom').waitFor();
  await host.getByLabel('Trier par').waitFor();
  await host.getByRole('button', { name: 'Publier', exact: true }).waitFor();
  // An error the server names by its code, in French.
  await host.getByLabel('Votre nom').fill('Léa');
  await host.getByRole('button', { name: 'Publier', exact: true }).click();
  await host.getByRole('alert').filter({ hasText: 'Veuillez écrire un commentaire avant de publier.' }).waitFor();
  assert.equal(await host.getByText(/Comments|Reply|Your name/).count(), 0, 'no English left');

  // data-rostra-lang wins over the page's language.
  const en = await visit(t, key, { edit: (html) => html.replace('<html lang="en">', '<html lang="fr">')
    .replace('data-rostra-article="demo-golden-dome"', '$& data-rostra-lang="en"') });
  await en.host.getByRole('heading', { name: 'Comments (1)', exact: true }).waitFor();
  await said(en.host, 'Bonjour à tous').locator('time', { hasText: '5 minutes ago' }).waitFor();
});

test('an author edits their comment within the window: "edited" shows; a held edit awaits review; Edit goes when the window ends', { timeout: 90000 }, async (t) => {
  const key = fresh('edit');
  await reader('Olga Other').post(key, 'Not mine to edit');
  const { page, host } = await visit(t, key);
  await host.getByLabel('Your name').fill('Eda Editor');
  await host.getByLabel('Your comment').fill('My frist draft');
  await host.getByRole('button', { name: 'Post comment' }).click();
  const mine = said(host, 'My frist draft');
  await mine.getByRole('button', { name: 'Edit' }).click();
  const box = host.getByRole('form', { name: 'Edit your comment' });
  assert.equal(await box.getByLabel('Edit your comment').inputValue(), 'My frist draft');
  await box.getByLabel('Edit your comment').fill('My first draft, fixed');
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await box.getByRole('button', { name: 'Save' }).click();
  assert.equal((await patched).status(), 200);
  const fixed = said(host, 'My first draft, fixed');
  const mark = fixed.getByText('edited', { exact: true });
  await mark.waitFor();
  assert.match(await mark.getAttribute('title'), /^Edited .*\d{4}/, 'the edit time on hover');
  assert.equal(await said(host, 'Not mine to edit').getByRole('button', { name: 'Edit' }).isVisible(), false, 'not on others\' comments');
  await page.reload();
  await said(host, 'My first draft, fixed').getByText('edited', { exact: true }).waitFor();
  await host.getByRole('heading', { name: 'Comments (2)', exact: true }).waitFor();

  // Three links: the policy holds the new text; it leaves the public list.
  await said(host, 'My first draft, fixed').getByRole('button', { name: 'Edit' }).click();
  await box.getByLabel('Edit your comment').fill('See http://a.example http://b.example http://c.example');
  await box.getByRole('button', { name: 'Save' }).click();
  const held = said(host, 'http://c.example');
  await held.getByText('Awaiting review').waitFor();
  await host.getByRole('heading', { name: 'Comments (1)', exact: true }).waitFor();

  // A comment near the end of its window: Edit shows, then goes by itself.
  await host.getByLabel('Your comment').fill('Posted a while ago');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST');
  await host.getByRole('button', { name: 'Post comment' }).click();
  const late = await (await posted).json();
  sql(`UPDATE comment SET created_at = now() - interval '4 minutes 50 seconds' WHERE id = ${late.id};`);
  await page.reload();
  const edit = said(host, 'Posted a while ago').getByRole('button', { name: 'Edit' });
  await edit.waitFor();
  await edit.waitFor({ state: 'hidden', timeout: 30000 });
});

test('the first page comes from the server\'s HTML on the page, not a second request, and works as a fetched one', { timeout: 90000 }, async (t) => {
  const key = fresh('ssr');
  const ann = reader('Ann Author');
  const top = await ann.post(key, 'Some **bold** words');
  for (let i = 1; i <= 5; i++) await reader(`Rae ${i}`).post(key, `Answer ${i}`, top.id);
  const page = await newPage(t, browser);
  // This browser is Ann (her session, as if she had posted from here long ago).
  await page.context().addCookies([{ name: 'rostra_session', value: ann.cookie.slice('rostra_session='.length), url: BASE + '/comments/' }]);
  const listed = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith(`/articles/${key}/comments`)) listed.push(r.url()); });
  const { host } = await visit(t, key, { page });
  await said(host, 'Answer 3').waitFor();
  assert.equal(await host.locator('.text strong').textContent(), 'bold', 'formatting rebuilt from the markup');
  assert.ok(await left(said(host, 'Answer 1')) > await left(said(host, 'Some')), 'replies indented');
  assert.equal(await page.locator('.rostra-ssr').count(), 0, 'the server\'s markup gave way');
  assert.deepEqual(listed, [], 'the first page was not fetched again');

  await host.getByRole('button', { name: 'Show 2 more replies' }).click();
  await said(host, 'Answer 5').waitFor();
  // Ann's own comment: Edit brings its source text, which the markup does not carry.
  await said(host, 'Some bold words').getByRole('button', { name: 'Edit' }).click();
  const box = host.getByRole('form', { name: 'Edit your comment' }).getByLabel('Edit your comment');
  await until(async () => (await box.inputValue()) === 'Some **bold** words', 'the source text');
  await box.fill('Some **bolder** words');
  await host.getByRole('button', { name: 'Save' }).click();
  await said(host, 'Some bolder words').getByText('edited', { exact: true }).waitFor();

  await host.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
  await until(() => listed.length === 1, 'another order fetched');
  assert.match(listed[0], /sort=oldest/);
});
