// SPDX-License-Identifier: ISC — Rostra
/* Rostra comment embed. Finds every [data-rostra-article] element on the host
 * page and renders its discussion (threads, sorting, permalinks, replies,
 * edits, new-comment notices) inside an open shadow root, talking to the API
 * in the same directory as this script (…/api/v1). Server data reaches the
 * DOM only through textContent and attributes, never as markup. Who the
 * reader is comes from GET /me, one small uncached request per page shared by
 * every embed, so the listing stays the same for everyone and cacheable.
 * Every string a reader sees comes from the message table MSG.
 *
 * make joins the files of web/embed/ in a fixed order inside one function
 * (build/web/embed.js: what reading needs); the forms, editing, reporting
 * and the rest are web/embed/more/, build/web/embed-more.js, loaded from
 * the same directory on first use (lazy.js). This file: where we are, and
 * the constants every part shares. */
if (window.Rostra && window.Rostra.signIn) return; /* the script is on the page twice */

const me = document.currentScript;
const base = new URL(me && me.src ? '.' : '/comments/', me && me.src || location.href).href;
const V1 = base + 'api/v1/';
/* The Trusted Types policy for comments' HTML (see text.js); null where
 * the browser has none or the page's CSP does not allow its name. */
let tt = null;
try {
  if (window.trustedTypes) tt = window.trustedTypes.createPolicy('rostra', { createHTML: (s) => s });
} catch (e) {
  tt = null;
}
const NAME_KEY = 'rostra.name';
const POSTED_KEY = 'rostra.posted';
const SORT_KEY = 'rostra.sort';
const DRAFT_KEY = 'rostra.draft.'; /* + article key: {parent id or 0: text} */
/* After this browser posted, revalidate listings for a while so a cached
 * copy never hides the new comment. */
const FRESH_MS = 10 * 60 * 1000;
const SORTS = ['newest', 'oldest', 'reactions', 'replies'];
const MAX = 10000; /* the textarea's maxlength; the counter shows near it */
