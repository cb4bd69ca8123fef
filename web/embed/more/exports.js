// SPDX-License-Identifier: ISC — Rostra
/* What this part answers the embed (web/embed/lazy.js): its functions, each
 * taking the view first, and its messages. */
return { MSG: MORE, auth, line, post, like, remove, report, edit, target, showFresh, say, answer, quote, replies, page, typed, pasted, addHeld, names, drafts };
