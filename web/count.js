/* SPDX-License-Identifier: ISC — Rostra */
/* Article lists: fills every [data-rostra-count="KEY"] with "Comments (N)", or
 * its data-rostra-count-format ({n} is N), from the counts API beside this
 * script in as few requests as it takes. Text only; on failure the page's
 * own text stays. */
(() => {
  'use strict';
  const me = document.currentScript; /* set only now, not in run() */
  const api = new URL((me && me.src ? '' : '/comments/') + 'api/v1/counts?article=', me && me.src || location.href).href;
  /* The server counts 100 keys at most, and nginx refuses a request line
   * over 8 KB (414): 100 keys of 128 characters would pass it. */
  const MAX = 100, MAX_LEN = 6000;

  const run = () => {
    const els = new Map(); /* key → its elements */
    for (const e of document.querySelectorAll('[data-rostra-count]')) {
      const k = e.getAttribute('data-rostra-count');
      if (/^[A-Za-z0-9._:~-]{1,128}$/.test(k)) (els.get(k) || els.set(k, []).get(k)).push(e);
    }
    const ask = (keys) => fetch(api + keys.join('&article='))
      .then((r) => r.ok ? r.json() : null)
      .then((d) => {
        const c = d && d.counts;
        if (c) for (const k of keys) for (const e of els.get(k))
          e.textContent = (e.getAttribute('data-rostra-count-format') || 'Comments ({n})').replace('{n}', +c[k] || 0);
      })
      .catch(() => {});
    let keys = [], len = 0;
    for (const k of els.keys()) {
      if (keys.length === MAX || len + k.length > MAX_LEN) { ask(keys); keys = []; len = 0; }
      keys.push(k);
      len += k.length + 9; /* &article= */
    }
    if (keys.length) ask(keys);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
