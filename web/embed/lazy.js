// SPDX-License-Identifier: ISC — Rostra
/* The rest of the embed (sign-in and account forms, posting, editing,
 * deleting, reporting, reactions, permalinks, more replies and comments,
 * the character counter, and errors' words) is build/web/embed-more.js,
 * with its style sheet embed-more.css, loaded once, on first use, from this
 * script's directory. It is an ES module fetched by import():
 * what the host's script-src 'self' allows, and no Trusted Types sink.
 * Their URLs carry a hash of their content (MORE_VERSION, set by make),
 * so a browser never pairs this script with a cached older copy. The module's
 * default export takes the kernel K (what it shares with this script) and
 * answers its functions and its messages, merged into MSG. */
const K = {
  h, newId, store, call, send, now, queue, show, whoami, user: () => user, chain: () => chain,
  MAX, NAME_KEY, POSTED_KEY, render, showCount, state, bump, redraw, thread, place,
  writer, textarea, drafts, keep, moreReplies, showMore, pageUrl,
};
let loading = null;
let tries = 0;
let loaded = null; /* the part, once it is in */
const more = () => loading || (loading = import(base + 'embed-more.js?v=' + MORE_VERSION + (tries++ ? '&try=' + tries : ''))
  .then((m) => {
    const M = m.default(K);
    for (const lang of Object.keys(M.MSG)) Object.assign(MSG[lang] || (MSG[lang] = {}), M.MSG[lang]);
    return (loaded = M);
  }, (e) => {
    loading = null; /* the next use tries again (a new URL: a failed import is remembered) */
    throw e;
  }));

/* Its style sheet (embed-more.css), put in view v's shadow root on the
 * first use there; a sheet that fails leaves the forms plain, not away,
 * and the next use tries again. */
const sheet = (v) => v.sheet || (v.sheet = new Promise((done) => {
  const link = h('link', { rel: 'stylesheet', href: base + 'embed-more.css?v=' + MORE_VERSION, onload: () => done(v.styledMore = true),
    onerror: () => done(link.remove(), v.sheet = null) });
  v.root.append(link);
}));

/* A note for use: a new alert at the end of box. */
const alertIn = (box) => () => box.appendChild(h('p', { class: 'error', role: 'alert' }));
/* Runs the lazy part's function name for view v with args; if it cannot
 * be loaded, says so in note (an element, or a function giving one) and
 * the next use tries again. The same use again while it loads does nothing.
 * Once the part and its sheet are in, it runs at once, as if it were here. */
const waiting = new Map();
const use = (v, note, name, ...args) => {
  if (loaded && v.styledMore) return Promise.resolve(loaded[name](v, ...args));
  if (waiting.get(note) === name) return Promise.resolve();
  waiting.set(note, name);
  return Promise.all([more(), sheet(v)]).then(([M]) => {
    waiting.delete(note);
    return M[name](v, ...args);
  }, () => {
    waiting.delete(note);
    const el = typeof note === 'function' ? note() : note;
    el.textContent = '';
    setTimeout(() => { el.textContent = v.t('lazyFail'); }, 50); /* a second failure is heard again */
  });
};
