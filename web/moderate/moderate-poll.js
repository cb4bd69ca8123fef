// SPDX-License-Identifier: ISC — Rostra
// The queue from the API: load() shows the first page of a view, loadMore()
// the next, and the poll keeps what is shown fresh, merging a changed first
// page without losing the moderator's place, and naming who moved a comment
// that left the queue.
import { errorText, leaving, send } from './moderate-api.js';
import { render } from './moderate-list.js';
import { listPath, newestFirst, nodes, order, state } from './moderate-state.js';
import { alarm } from './moderate-status.js';
import { $, plural, QUEUE_NAMES, when } from './moderate-text.js';

// A poll is one short request answered 304 while nothing changed, so an open
// page costs a worker only for that instant (no long-poll, no stream).
const POLL_MS = 5000;

function noteArticle(items) {
  if (state.article && items.length) state.article_info = items[0].article;
}

export async function load() {
  const mine = ++state.loads;
  state.gen++;
  state.etag = null;
  state.loading = true;
  const r = await send('GET', listPath());
  if (mine !== state.loads) return;   // the filters changed again meanwhile
  state.loading = false;
  // A refused filter stays refused; a server that did not answer may answer the next poll.
  state.retry = r.status === 0 || r.status >= 500;
  if (r.status !== 200) {
    if (r.data && r.data.error && r.data.error.field === 'article') $('f-article').setAttribute('aria-invalid', 'true');
    return alarm(errorText(r));
  }
  state.items.clear();
  state.stale.clear();
  state.selected.clear();
  state.seen.clear();
  nodes.clear();
  $('list').replaceChildren();
  for (const it of r.data.items) {
    state.items.set(it.id, it);
    state.seen.add(it.id);
  }
  state.etag = r.etag;
  state.more = r.data.next_cursor !== null;
  state.counts = r.data.counts;
  noteArticle(r.data.items);
  if (!state.items.has(state.current)) state.current = null;
  $('news').textContent = '';
  render();
}

export async function loadMore() {
  const ids = order();
  const r = await send('GET', listPath(ids.length ? String(ids[ids.length - 1]) : ''));
  if (r.status !== 200) return alarm(errorText(r));
  for (const it of r.data.items) {
    if (!state.items.has(it.id)) state.items.set(it.id, it);
    state.seen.add(it.id);
  }
  state.more = r.data.next_cursor !== null;
  render();
}

async function pollOnce() {
  if (state.loading) return;
  if (!state.etag) return state.retry ? load() : undefined;
  const gen = state.gen;
  const r = await send('GET', listPath(), undefined, { 'If-None-Match': state.etag });
  // Something changed here while it was on its way: it may predate that.
  if (gen !== state.gen) {
    state.pollAgain = true;
    return;
  }
  if (r.status !== 200) return;   // 304: nothing new; a failure: the next poll tries again
  merge(r.data);
  state.etag = r.etag;
}

export async function poll() {
  if (state.polling) {
    state.pollAgain = true;
    return;
  }
  state.polling = true;
  try {
    do {
      state.pollAgain = false;
      await pollOnce();
    } while (state.pollAgain && !leaving);
  } finally {
    state.polling = false;
  }
}

export function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    if (!document.hidden && !$('queue-view').hidden) await poll();
    schedule();
  }, POLL_MS);
}

// A fresh first page joins what is shown: new comments take their place in
// the queue's order; one that left it stays, dimmed, saying who moved it,
// so nothing vanishes under the moderator's eyes.
function merge(data) {
  const fresh = new Map(data.items.map((it) => [it.id, it]));
  const last = data.items.length ? data.items[data.items.length - 1].id : null;
  const covered = (id) => data.next_cursor === null || (newestFirst() ? id >= last : id <= last);
  let added = 0;
  for (const [id, it] of fresh) {
    if (!state.seen.has(id)) added++;
    state.seen.add(id);
    state.items.set(id, it);
    state.stale.delete(id);
  }
  for (const id of state.items.keys()) {
    if (!fresh.has(id) && !state.stale.has(id) && covered(id)) {
      state.stale.set(id, 'No longer in ' + QUEUE_NAMES[state.queue] + ': another moderator changed it.');
      explain(id);
    }
  }
  if (data.next_cursor !== null) state.more = true;
  state.counts = data.counts;
  noteArticle(data.items);
  if (added) $('news').textContent = plural(added, 'new comment', 'new comments') + ' in ' + QUEUE_NAMES[state.queue] + '.';
  render();
}

// Names who moved a comment that left the queue, from its log.
async function explain(id) {
  const r = await send('GET', '/moderation/log?comment=' + id);
  if (r.status !== 200 || !state.stale.has(id)) return;
  const e = r.data.entries.find((x) => x.via !== 'policy' && (x.to || x.action === 'dismiss'));
  if (!e) return;
  const what = e.to ? 'made it ' + e.to : e.action.replace(/_/g, ' ');
  state.stale.set(id, e.by + ' ' + what + ' (' + when(e.at) + ').');
  render();
}
