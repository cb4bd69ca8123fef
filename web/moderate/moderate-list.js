// SPDX-License-Identifier: ISC — Rostra
// The queue on screen: render() brings the list, the queues' counts, the
// bulk bar and the article bar in line with the state, keeping each
// comment's element (and the focus) where it can; the current comment
// (setCurrent, move for j and k), and drop() for comments this page moved
// out of the queue.
import { fill } from './moderate-card.js';
import { nodes, order, panels, state } from './moderate-state.js';
import { $, QUEUE_NAMES, REASON_NAMES } from './moderate-text.js';

function renderCounts() {
  for (const b of document.querySelectorAll('.queues button')) {
    const q = b.dataset.queue;
    const n = state.counts ? state.counts[q] : null;
    const count = b.querySelector('.count');
    if (count) count.textContent = n === null || n === undefined ? '' : String(n);
    b.setAttribute('aria-pressed', String(q === state.queue));
  }
  const pending = state.counts ? state.counts.pending : 0;
  document.title = (pending ? '(' + pending + ') ' : '') + 'Rostra moderation';
  $('list').setAttribute('aria-label', 'Comments in ' + QUEUE_NAMES[state.queue]);
}

function renderBulk() {
  for (const id of state.selected) if (!state.items.has(id)) state.selected.delete(id);
  const n = state.selected.size;
  $('bulk-count').textContent = n ? n + ' selected' : 'None selected';
  $('bulk-approve').disabled = n === 0;
  $('bulk-reject').disabled = n === 0;
}

function node(id) {
  let li = nodes.get(id);
  if (!li) {
    li = $('item-template').content.firstElementChild.cloneNode(true);
    li.dataset.id = String(id);
    const it = state.items.get(id);
    // A reader's report suggests the reason; the moderator can change it before r.
    const top = Object.entries((it.reports && it.reports.by_reason) || {}).sort((x, y) => y[1] - x[1])[0];
    if (top && REASON_NAMES[top[0]]) li.querySelector('.reject-reason').value = top[0];
    nodes.set(id, li);
  }
  fill(li, state.items.get(id));
  return li;
}

export function render() {
  renderCounts();
  renderBulk();
  panels.articles.show(state.article, state.article_info);
  const list = $('list');
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const want = order().map(node);
  // Reorder only when needed: a moved element loses focus.
  if (want.length !== list.children.length || want.some((n, i) => list.children[i] !== n)) {
    list.replaceChildren(...want);
    if (focused && focused.isConnected) focused.focus({ preventScroll: true });
  }
  for (const id of [...nodes.keys()]) if (!state.items.has(id)) nodes.delete(id);
  $('empty').hidden = want.length > 0;
  $('more').hidden = !state.more;
}

export function setCurrent(id, focus) {
  state.current = id;
  for (const [nid, li] of nodes) {
    li.classList.toggle('current', nid === id);
    li.tabIndex = nid === id ? 0 : -1;
    li.setAttribute('aria-current', String(nid === id));
  }
  const li = nodes.get(id);
  if (focus && li) {
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: 'nearest' });
  }
}

export function move(delta) {
  const ids = order();
  if (!ids.length) return;
  const at = ids.indexOf(state.current);
  const next = at < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + delta));
  setCurrent(ids[next], true);
}

// Drops comments this page moved out of the queue; the next one takes the current one's place.
export function drop(ids) {
  const gone = new Set(ids);
  const inList = $('list').contains(document.activeElement) || document.activeElement === document.body;
  if (gone.has(state.current)) {
    const all = order();
    const at = all.indexOf(state.current);
    state.current = all.slice(at + 1).find((i) => !gone.has(i)) ??
      all.slice(0, at).reverse().find((i) => !gone.has(i)) ?? null;
  }
  for (const id of gone) {
    state.items.delete(id);
    state.stale.delete(id);
    state.selected.delete(id);
  }
  render();
  if (inList && state.current !== null) setCurrent(state.current, true);
}

// The current comment follows the focus; Esc inside a comment goes back to it.
export function wireList() {
  const list = $('list');
  list.addEventListener('focusin', (ev) => {
    const li = ev.target.closest('li.item');
    if (li && Number(li.dataset.id) !== state.current) setCurrent(Number(li.dataset.id), false);
  });
  // Esc from a button or menu in a comment goes back to the comment, where the letter keys work.
  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    const li = ev.target.closest('li.item');
    if (!li || ev.target === li) return;
    ev.preventDefault();
    setCurrent(Number(li.dataset.id), true);
  });
}
