// SPDX-License-Identifier: ISC — Rostra
/* A permalink (#comment-ID): the lazy part (more/permalink.js) scrolls to
 * the comment, or fetches its thread and shows it first. */
const target = (v) => /^#comment-\d+$/.test(location.hash) &&
  use(v, alertIn(v.status), 'target');
