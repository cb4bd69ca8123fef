// SPDX-License-Identifier: ISC — Rostra
// The filters and the address: the queue buttons, the article, reason and
// text filters, and the author view (one author's comments), read from the
// address on arrival and written back to it on every change.
import { send } from './moderate-api.js';
import { setCurrent } from './moderate-list.js';
import { load } from './moderate-poll.js';
import { nodes, state } from './moderate-state.js';
import { alarm } from './moderate-status.js';
import { $, QUEUE_NAMES } from './moderate-text.js';

export function readUrl() {
  const p = new URLSearchParams(location.search);
  state.queue = QUEUE_NAMES[p.get('queue')] ? p.get('queue') : 'pending';
  state.article = p.get('article') || '';
  state.reason = p.get('reason') || '';
  state.q = p.get('q') || '';
  state.user = /^\d+$/.test(p.get('user') || '') ? p.get('user') : '';
  if (state.queue === 'all' && !state.user) state.queue = 'pending';
  state.userName = state.user ? 'author ' + state.user : '';
  $('f-article').value = state.article;
  $('f-reason').value = state.reason;
  $('f-q').value = state.q;
}

// The filters live in the address, so a reload or a shared link opens the same view.
export function writeUrl() {
  const p = new URLSearchParams();
  if (state.queue !== 'pending') p.set('queue', state.queue);
  for (const k of ['article', 'reason', 'q', 'user']) if (state[k]) p.set(k, state[k]);
  const s = p.toString();
  history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
  $('f-user').hidden = !state.user;
  // All statuses is one author's view: it needs the author.
  document.querySelector('.queues [data-queue=all]').hidden = !state.user;
  $('f-user-name').textContent = !state.user ? '' : (state.queue === 'all' ? 'All comments by ' :
    'Comments by ') + state.userName;
}

export function applyFilters() {
  const key = $('f-article').value.trim();
  if (key && !/^[A-Za-z0-9\-_.:~]{1,128}$/.test(key)) {
    $('f-article').setAttribute('aria-invalid', 'true');
    $('f-article').focus();
    return alarm('An article key is 1 to 128 letters, digits and - _ . : ~');
  }
  $('f-article').removeAttribute('aria-invalid');
  state.article = key;
  state.reason = $('f-reason').value;
  state.q = $('f-q').value.trim();
  writeUrl();
  load();
}

// The address holds an author's id, never their name (an address reaches
// nginx's log and the next request's Referer): the name comes from the API.
export async function nameAuthor() {
  const r = await send('GET', '/moderation/users/' + state.user);
  if (r.status !== 200 || !r.data || !r.data.user) return;
  state.userName = r.data.user.name;
  writeUrl();
}

// The author view: every comment of theirs, whatever its status or article.
export function showComments(u) {
  state.queue = 'all';
  $('f-article').value = $('f-q').value = $('f-reason').value = '';
  state.user = String(u.id);
  state.userName = u.name;
  applyFilters();
}

export function wireFilters() {
  for (const b of document.querySelectorAll('.queues button')) {
    b.addEventListener('click', () => {
      state.queue = b.dataset.queue;
      writeUrl();
      load();
    });
  }
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    applyFilters();
  });
  $('f-reason').addEventListener('change', applyFilters);
  // Esc leaves a field for the list, where the letter keys work again.
  $('filters').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    if (state.current !== null && nodes.has(state.current)) setCurrent(state.current, true);
    else $('list').focus();
  });
  $('f-clear').addEventListener('click', () => {
    $('f-article').value = $('f-q').value = $('f-reason').value = '';
    state.user = state.userName = '';
    if (state.queue === 'all') state.queue = 'pending';
    applyFilters();
  });
  $('f-user-clear').addEventListener('click', () => {
    state.user = state.userName = '';
    if (state.queue === 'all') state.queue = 'pending';
    applyFilters();
  });
}
