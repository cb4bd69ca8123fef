// SPDX-License-Identifier: ISC — Rostra
// The moderator page at /comments/moderate (index.html loads it as a module):
// decisions on comments — the queues and their counts, an author's comments
// in every status, filters, the keyboard, one comment or a selection at a
// time, undo in the status strip — kept fresh by polling. This file starts
// the page: it asks who is signed in, builds the panels, wires the page's
// controls and shows the view the address names. Each part is a module of
// its own beside it:
//   moderate-text.js     element, date and count helpers; the words for the API's codes
//   moderate-api.js      requests to the API; an ended session goes to the sign-in page
//   moderate-status.js   the status strip: what happened, its undo, what went wrong
//   moderate-state.js    the queue view's state: filters, comments, selection
//   moderate-poll.js     loading the queue and the poll that keeps it fresh
//   moderate-card.js     one comment's card
//   moderate-list.js     the list on screen, the current comment
//   moderate-actions.js  decisions on comments and their undo; the card's buttons
//   moderate-filters.js  the filters, the author view and the address
//   moderate-keys.js     the keyboard
//   moderate-panels.js   builds the settings screen, article bar and author window
//   moderate-settings.js, moderate-words.js, moderate-article.js,
//   moderate-author.js, moderate-ban.js: those panels.
// Text from the API only ever becomes text nodes.
import { errorText, leaving, LOGIN, send } from './moderate-api.js';
import { wireActions } from './moderate-actions.js';
import { nameAuthor, readUrl, wireFilters, writeUrl } from './moderate-filters.js';
import { wireKeys } from './moderate-keys.js';
import { wireList } from './moderate-list.js';
import { buildPanels } from './moderate-panels.js';
import { load, loadMore, poll, schedule } from './moderate-poll.js';
import { panels, state } from './moderate-state.js';
import { runUndo } from './moderate-status.js';
import { $, h } from './moderate-text.js';

function route() {
  const onSettings = location.hash === '#settings';
  $('loading').hidden = true;
  $('queue-view').hidden = onSettings;
  $('settings-view').hidden = !onSettings;
  for (const [id, on] of [['nav-queue', !onSettings], ['nav-settings', onSettings]]) {
    if (on) $(id).setAttribute('aria-current', 'page');
    else $(id).removeAttribute('aria-current');
  }
  if (onSettings) panels.settings.open();
  else if (state.etag) poll();
}

function wire() {
  wireKeys();
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', () => { if (!document.hidden && !$('queue-view').hidden) poll(); });
  $('help-open').addEventListener('click', () => $('help').showModal());
  $('undo').addEventListener('click', runUndo);
  $('author-undo').addEventListener('click', async () => {
    await runUndo();
    panels.authors.refocus();
  });
  $('logout').addEventListener('click', async () => {
    await send('DELETE', '/session');
    location.replace(LOGIN);
  });
  wireFilters();
  $('more').addEventListener('click', loadMore);
  wireActions();
  wireList();
}

async function start() {
  const r = await send('GET', '/moderation/me');
  if (r.status !== 200) {
    if (!leaving) $('loading').textContent = errorText(r);
    return;
  }
  $('who').textContent = 'Signed in as ' + r.data.display_name + ' (' + r.data.role + ')';
  buildPanels(r.data.role);
  // The help lists the number keys in the order of the reason select.
  const opts = [...$('item-template').content.querySelector('.reject-reason').options];
  const keys = opts.slice(1).flatMap((o, i) => [i ? ', ' : '', h('kbd', {}, String(i + 1)), ' ' + o.text]);
  $('help-reasons').replaceChildren(...keys, ', ', h('kbd', {}, '0'), ' ' + opts[0].text);
  wire();
  readUrl();
  writeUrl();
  route();
  if (state.user) nameAuthor();
  await load();
  schedule();
}

start();
