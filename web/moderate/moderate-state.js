// SPDX-License-Identifier: ISC — Rostra
// What the queue view holds: the filters (which the address mirrors), the
// comments as the API last described them, the selection and the current
// comment, the poll's bookkeeping, each comment's element, and the panels
// moderate-panels.js builds. Every other part of the queue reads and
// changes this one state.

export const state = {
  queue: 'pending', article: '', reason: '', q: '', user: '', userName: '',
  items: new Map(),     // id → item as the API last described it
  stale: new Map(),     // id → why it is no longer what this page shows
  selected: new Set(),
  seen: new Set(),      // ids this view has shown: only others are news
  busy: new Set(),      // ids with a request in flight
  current: null,
  etag: null, more: false, counts: null, article_info: null,
  loading: false, retry: false, // a load in flight; whether a failed one is worth repeating
  gen: 0,               // bumped by every change made here: older poll answers are dropped
  loads: 0,             // bumped by every new view: older list answers are dropped
  polling: false, pollAgain: false, timer: 0,
};
export const nodes = new Map(); // id → its <li>
// The settings screen, the article bar and the author window, once built.
export const panels = { settings: null, articles: null, authors: null };

export const newestFirst = () => state.queue === 'approved' || state.queue === 'rejected' || state.queue === 'all';
export const order = () => [...state.items.keys()].sort((a, b) => (newestFirst() ? b - a : a - b));

// The queue's address in the API, from the filters (and a page's cursor).
export function listPath(cursor) {
  const p = new URLSearchParams({ queue: state.queue });
  if (state.article) p.set('article', state.article);
  if (state.reason) p.set('reason', state.reason);
  if (state.q) p.set('q', state.q);
  if (state.user) p.set('user', state.user);
  if (cursor) p.set('cursor', cursor);
  return '/moderation/comments?' + p;
}
