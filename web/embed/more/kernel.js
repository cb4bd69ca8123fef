// SPDX-License-Identifier: ISC — Rostra
/* build/web/embed-more.js, the embed's lazily loaded part (see
 * web/embed/lazy.js): make joins the files of web/embed/more/ in a fixed
 * order inside "export default (K) => { … }". This file: what it takes
 * from the embed's kernel K; user() and chain() read its current values. */
const {
  h, newId, store, call, send, now, queue, show, whoami, user, chain,
  MAX, NAME_KEY, POSTED_KEY, V1, render, showCount, state, bump, redraw, record, thread, place,
  writer, textarea, keep, focusFirst, moreReplies, showMore, pageUrl,
} = K;
const PASSWORD_MIN = 10; /* the daemon's password_min, checked before sending */
