// SPDX-License-Identifier: ISC — Rostra
// The status strip at the foot of the moderator page: what happened, with
// its undo when the action allows one (the Undo button and the z key), and
// what went wrong. The author window is modal, so the page's own strip is
// out of reach behind it: the window repeats the message and the undo.
import { $, h } from './moderate-text.js';

let undoAction = null;

export function report(text, undo, problem) {
  $('status').textContent = text || '';
  // The strip is a live region: a screen reader hears that Undo is there too.
  if (text && undo) $('status').append(h('span', { class: 'visually-hidden' }, ' Press z to undo.'));
  $('alert').textContent = problem || '';
  $('author-said').textContent = problem || text || '';
  $('author-said').classList.toggle('error', !!problem);
  undoAction = undo || null;
  $('undo').hidden = !undoAction;
  $('author-undo').hidden = !undoAction;
}
export const say = (text, undo) => report(text, undo, '');
export const alarm = (problem) => report('', null, problem);

export async function runUndo() {
  if (!undoAction) return say('Nothing to undo.');
  const u = undoAction;
  undoAction = null;
  $('undo').hidden = true;
  await u();
}
