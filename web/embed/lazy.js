// SPDX-License-Identifier: ISC — Rostra
/* The rest of the embed (sign-in and account forms, posting, editing,
 * deleting, reporting, reactions, a permalink's fetched thread, and most
 * errors' words) is build/web/embed-more.js, loaded once, on first use,
 * from this script's directory. It is an ES module fetched by import():
 * what the host's script-src 'self' allows, and no Trusted Types sink.
 * Its URL carries a hash of its content (MORE_VERSION, set by make), so a
 * browser never pairs this script with a cached older copy. The module's
 * default export takes the kernel K (what it shares with this script) and
 * answers its functions and its messages, merged into MSG. */
const K = {
  h, newId, store, call, send, now, queue, show, whoami, user: () => user, chain: () => chain,
  MAX, NAME_KEY, POSTED_KEY, V1, render, showCount, state, bump, redraw, record, thread, place,
  writer, textarea, keep, focusFirst, moreReplies, showMore, pageUrl,
};
let loading = null;
let tries = 0;
const more = () => loading || (loading = import(base + 'embed-more.js?v=' + MORE_VERSION + (tries++ ? '&try=' + tries : ''))
  .then((m) => {
    const M = m.default(K);
    for (const lang of Object.keys(M.MSG)) Object.assign(MSG[lang] || (MSG[lang] = {}), M.MSG[lang]);
    return M;
  }, (e) => {
    loading = null; /* the next use tries again (a new URL: a failed import is remembered) */
    throw e;
  }));

/* Runs the lazy part's function name for view v with args; if it cannot
 * be loaded, says so in note (an element, or a function giving one) and
 * the next use tries again. The same use again while it loads does nothing. */
const waiting = new Map();
const use = (v, note, name, ...args) => {
  if (waiting.get(note) === name) return Promise.resolve();
  waiting.set(note, name);
  return more().then((M) => {
    waiting.delete(note);
    return M[name](v, ...args);
  }, () => {
    waiting.delete(note);
    const el = typeof note === 'function' ? note() : note;
    el.textContent = '';
    setTimeout(() => { el.textContent = v.t('lazyFail'); }, 50); /* a second failure is heard again */
  });
};
