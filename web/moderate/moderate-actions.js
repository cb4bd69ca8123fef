// SPDX-License-Identifier: ISC — Rostra
// Decisions on comments: act() approves, rejects, holds, publishes,
// features or dismisses one comment or a selection, says what happened in
// the status strip with its undo, and leaves alone a comment another
// moderator decided meanwhile. Also what the keys and buttons act on (the
// selection, else the current comment), the reason r rejects with, and
// the card's buttons and the bulk bar.
import { errorText, send } from './moderate-api.js';
import { applyFilters } from './moderate-filters.js';
import { drop, render, setCurrent } from './moderate-list.js';
import { poll } from './moderate-poll.js';
import { nodes, order, panels, state } from './moderate-state.js';
import { alarm, report, say } from './moderate-status.js';
import { $, plural, REASON_NAMES, STATUS_NAMES } from './moderate-text.js';

// The status each action sets, and the action that sets a status again: an
// undo is the second applied to the first (docs/API.md, "actions").
const SETS = { approve: 'approved', reject: 'rejected', hold: 'held', publish: 'published' };
const BACK_TO = { held: 'hold', published: 'publish', approved: 'approve', rejected: 'reject' };
const DONE = { approve: 'Approved', reject: 'Rejected', hold: 'Moved back to pending',
  publish: 'Published', feature: 'Featured', unfeature: 'Stopped featuring', dismiss: 'Dismissed the reports on' };

const nameOf = (items) => (items.length === 1 ? 'the comment by ' + items[0].author_name :
  plural(items.length, 'comment', 'comments'));

// A status change, feature or dismissal on comments shown here. A status
// change names the status each one had when shown (one request per status),
// so a comment another moderator decided meanwhile is left alone: the API
// answers who decided, and the comment shows it.
export async function act(action, ids, reason) {
  const items = ids.map((id) => state.items.get(id)).filter((it) => it && !state.busy.has(it.id));
  if (!items.length) return;
  const groups = new Map();
  for (const it of items) {
    if (SETS[action] === it.status) continue;
    const key = SETS[action] ? it.status : 'all';
    groups.set(key, [...(groups.get(key) || []), it]);
  }
  if (!groups.size) return say(nameOf(items).replace(/^t/, 'T') + (items.length === 1 ? ' is' : ' are') +
    ' already ' + SETS[action] + '.');
  state.gen++;
  items.forEach((it) => state.busy.add(it.id));
  render();
  const changed = [], refused = [], undo = [];
  let failure = '';
  for (const [status, group] of groups) {
    const body = { action, ids: group.map((it) => it.id) };
    if (SETS[action]) body.from = status;
    if (reason) body.reason = reason;
    const r = await send('POST', '/moderation/comments/actions', body);
    if (r.status === 409 || r.status === 404) {
      refused.push([group[0], errorText(r)]);
    } else if (r.status !== 200) {
      failure = errorText(r);
    } else {
      const ok = [];
      for (const res of r.data.results) {
        const it = state.items.get(res.id);
        if (!it) continue;
        if (res.ok) ok.push(it);
        else refused.push([it, res.message]);
      }
      changed.push(...ok);
      if (ok.length && SETS[action]) undo.push({ action: BACK_TO[status], from: SETS[action], items: ok });
      if (ok.length && !SETS[action] && action !== 'dismiss') {
        undo.push({ action: action === 'feature' ? 'unfeature' : 'feature', items: ok });
      }
    }
  }
  // A poll sent while the requests were on their way may predate them.
  state.gen++;
  items.forEach((it) => state.busy.delete(it.id));
  for (const [it, why] of refused) state.stale.set(it.id, why);
  if (action === 'feature' || action === 'unfeature') {
    changed.forEach((it) => { it.featured = action === 'feature'; });
    render();
  } else if (action === 'dismiss' && state.queue !== 'reported') {
    changed.forEach((it) => { it.reports = { count: 0, by_reason: {}, notes: [] }; it.flagged = false; });
    render();
  } else if (state.queue === 'all') {
    changed.forEach((it) => { it.status = SETS[action] || it.status; });
    render();
  } else {
    drop(changed.map((it) => it.id));
  }
  const done = changed.length ? DONE[action] + ' ' + nameOf(changed) +
    (reason && action === 'reject' ? ' as ' + REASON_NAMES[reason] : '') + '.' : '';
  const problem = [failure, ...refused.map(([it, why]) => (items.length > 1 ? it.author_name + ': ' : '') + why)]
    .filter(Boolean).join(' ');
  report(done, undo.length ? () => undoActs(undo) : null, problem);
  poll();
}

async function undoActs(undo) {
  state.gen++;
  for (const u of undo) {
    const body = { action: u.action, ids: u.items.map((it) => it.id) };
    if (u.from) body.from = u.from;
    const r = await send('POST', '/moderation/comments/actions', body);
    if (r.status !== 200) return alarm(errorText(r));
  }
  state.gen++;
  const all = undo.flatMap((u) => u.items);
  if (all.length === 1) state.current = all[0].id;
  const back = undo[0].from ? ' is ' + STATUS_NAMES[SETS[undo[0].action]] + ' again.' : ' is as it was.';
  say('Undone: ' + nameOf(all) + (all.length === 1 ? back : back.replace(' is ', ' are ')));
  const feature = undo.find((u) => !u.from);
  if (feature) {
    feature.items.forEach((it) => { it.featured = feature.action === 'feature'; });
    render();
  }
  poll();
}

const targets = () => (state.selected.size ? [...state.selected] : state.current !== null ? [state.current] : []);

export function approve() {
  const ids = targets();
  if (!ids.length) return say('Move to a comment first (j and k), or select some (x).');
  act('approve', ids);
}

export function reject() {
  const ids = targets();
  if (!ids.length) return say('Move to a comment first (j and k), or select some (x).');
  const li = nodes.get(state.current);
  const reason = state.selected.size ? $('bulk-reason').value : li ? li.querySelector('.reject-reason').value : '';
  act('reject', ids, reason);
}

// The select r takes its reason from: the selection's, else the comment's.
function reasonSelect() {
  if (state.selected.size) return $('bulk-reason');
  const li = nodes.get(state.current);
  return li ? li.querySelector('.reject-reason') : null;
}

// A number key picks the reason r will use, in the order of the select (0: none).
export function pickReason(n) {
  const sel = reasonSelect();
  if (!sel) return say('Move to a comment first (j and k), or select some (x).');
  const opt = sel.options[n];
  if (!opt) return;
  sel.value = opt.value;
  say('Reason to reject: ' + opt.text + (state.selected.size ? ' (the selection).' : '.'));
}

export function toggle(id) {
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  render();
}

// A card's buttons, by class: what each does to its comment.
const BUTTONS = {
  'do-approve': (it) => act('approve', [it.id]),
  'do-reject': (it, li) => act('reject', [it.id], li.querySelector('.reject-reason').value),
  'do-hold': (it) => act('hold', [it.id]),
  'do-feature': (it) => act(it.featured ? 'unfeature' : 'feature', [it.id]),
  'do-dismiss': (it) => act('dismiss', [it.id]),
  'do-author': (it) => { if (it.author) panels.authors.open(it.author.id, false); },
  'article-open': (it) => {
    $('f-article').value = it.article.key;
    applyFilters();
  },
};

// The bulk bar, and a card's checkbox and buttons.
export function wireActions() {
  $('bulk-all').addEventListener('click', () => {
    order().forEach((id) => state.selected.add(id));
    render();
  });
  $('bulk-none').addEventListener('click', () => {
    state.selected.clear();
    render();
  });
  $('bulk-approve').addEventListener('click', () => act('approve', [...state.selected]));
  $('bulk-reject').addEventListener('click', () => act('reject', [...state.selected], $('bulk-reason').value));

  const list = $('list');
  list.addEventListener('change', (ev) => {
    const li = ev.target.closest('li.item');
    if (li && ev.target.classList.contains('pick')) toggle(Number(li.dataset.id));
  });
  list.addEventListener('click', (ev) => {
    const li = ev.target.closest('li.item');
    const b = ev.target.closest('button');
    if (!li || !b) return;
    const id = Number(li.dataset.id);
    setCurrent(id, false);
    const it = state.items.get(id);
    const does = Object.keys(BUTTONS).find((c) => b.classList.contains(c));
    if (does && it) BUTTONS[does](it, li);
  });
}
