// SPDX-License-Identifier: ISC — Rostra
// The small helpers every part of the moderator page uses: an element by id,
// an element built from text, a date, a count, and the words the page shows
// for the API's codes. Text from the API only ever becomes text nodes.

export const $ = (id) => document.getElementById(id);

// An element with attributes and children; strings become text nodes.
export function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
  return e;
}

export const when = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) :
    d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};
export const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);

export const KIND_NAMES = { guest: 'guest', account: 'account', sso: 'subscriber' };
export const QUEUE_NAMES = { pending: 'Pending', reported: 'Reported', unmoderated: 'Unmoderated',
  approved: 'Approved', rejected: 'Rejected', all: 'All statuses' };
export const STATUS_NAMES = { held: 'held', published: 'published', approved: 'approved', rejected: 'rejected' };
export const REASON_NAMES = { spam: 'spam', abusive: 'abusive', off_topic: 'off topic',
  misinformation: 'misinformation', other: 'other' };

export function historyText(hist) {
  if (!hist) return '';
  return plural(hist.comments, 'comment', 'comments') + ': ' + hist.approved + ' approved, ' +
    hist.rejected + ' rejected, ' + hist.held + ' held' +
    (hist.published === undefined ? '' : ', ' + hist.published + ' published');
}
