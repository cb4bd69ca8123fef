// SPDX-License-Identifier: ISC — Rostra
// The moderator's keyboard on the queue: j and k move, a approves, r
// rejects (a number key picks the reason first), f features, b opens the
// author, x selects, z undoes, / goes to the search, ? shows the help.
import { act, approve, pickReason, reject, toggle } from './moderate-actions.js';
import { move } from './moderate-list.js';
import { panels, state } from './moderate-state.js';
import { runUndo } from './moderate-status.js';
import { $ } from './moderate-text.js';

const KEYS = {
  j: () => move(1),
  k: () => move(-1),
  a: approve,
  r: reject,
  f: () => {
    const it = state.items.get(state.current);
    if (it) act(it.featured ? 'unfeature' : 'feature', [it.id]);
  },
  b: () => {
    const it = state.items.get(state.current);
    if (it && it.author) panels.authors.open(it.author.id);
  },
  x: () => { if (state.current !== null) toggle(state.current); },
  ...Object.fromEntries([...'0123456789'].map((d) => [d, () => pickReason(Number(d))])),
  z: runUndo,
  '/': () => $('f-q').focus(),
  '?': () => $('help').showModal(),
};

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
  if (document.querySelector('dialog[open]')) return;
  const t = ev.target;
  // Letters typed into a field are text, not commands.
  if (t.closest && t.closest('textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio])')) return;
  if ($('queue-view').hidden && ev.key !== '?') return;
  const fn = KEYS[ev.key];
  if (!fn) return;
  ev.preventDefault();
  fn();
}

export function wireKeys() {
  document.addEventListener('keydown', onKey);
}
