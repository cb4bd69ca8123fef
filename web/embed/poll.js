// SPDX-License-Identifier: ISC — Rostra
/* New comments: the count polled (nginx's cache answers the
 * revalidation); shown on request only (more/fresh.js), never inserted on
 * their own. */
/* Every data-rostra-poll seconds (15; 0: never) while the page is seen. */
const polling = (v) => {
  const every = Number(v.host.getAttribute('data-rostra-poll') || 15);
  const poll = async () => {
    if (!v.host.isConnected) return clearInterval(poller);
    if (!v.loaded || v.closed || document.visibilityState !== 'visible') return;
    try {
      const [d] = await call(V1 + 'counts?article=' + encodeURIComponent(v.key), { cache: 'no-cache' });
      const n = Number(d.counts && d.counts[v.key]) || 0;
      const shown = v.fresh.querySelector('button');
      if (n <= v.count) v.fresh.replaceChildren();
      else if (!shown || shown.dataset.n !== String(n - v.count)) {
        const btn = h('button', { type: 'button', class: 'secondary news', 'data-n': String(n - v.count), text: v.t('fresh', { n: n - v.count }),
          onclick: () => use(v, alertIn(v.fresh), 'showFresh', btn) });
        v.fresh.replaceChildren(btn);
      }
    } catch (e) { /* try again next time */ }
  };
  const poller = every > 0 ? setInterval(poll, Math.max(1, every) * 1000) : 0;
  if (poller) document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') poll(); });
};
