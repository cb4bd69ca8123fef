// SPDX-License-Identifier: ISC — Rostra
/* One embed (a view, v): its shadow root, its section and the state every
 * part reads through v (the count, the sort, the records by id, the
 * reader's own comments…), set up once per [data-rostra-article]. */

const showCount = (v) => {
  v.heading.textContent = v.t('count', { n: v.count });
  v.main.submit.textContent = v.t(v.count ? 'post' : 'first');
  v.section.classList.toggle('empty', !v.count && !v.items.size);
};

/* The server's rendering for readers without JavaScript (SSI) gives way
 * to the embed, which takes its first page over, in one step. */
const takeOver = (v) => {
  if (!v.slot) return;
  v.slot.remove();
  v.slot = null;
  v.host.querySelectorAll('.rostra-ssr').forEach((n) => n.remove());
  v.section.style.removeProperty('display');
};

const mount = (host) => {
  const key = host.getAttribute('data-rostra-article');
  if (!key || host.shadowRoot) return;
  const root = host.attachShadow({ mode: 'open' });
  const ssrEl = host.querySelector('[data-rostra-ssr]');
  const ssr = ssrEl && ssrEl.getAttribute('data-article') === key ? fromMarkup(ssrEl) : null;
  const sort = store.get(SORT_KEY);
  const v = Object.assign(lingo(host), {
    host, root, key, ssr,
    path: 'articles/' + encodeURIComponent(key) + '/comments',
    /* Meanwhile the server's copy stays in view (through a slot), and the
     * finished section replaces it in one step: nothing collapses, then grows. */
    slot: ssr ? document.createElement('slot') : null,
    count: 0, sort: SORTS.includes(sort) ? sort : 'newest', depthMax: 3, editMinutes: 5, closed: false,
    loaded: false, loads: 0, linkedTop: null,
    items: new Map(), /* comment id → its record: c, li, art, buttons… */
    writers: new Set(), /* open forms that write a comment */
    mine: { own: new Set(), reacted: new Set(), reported: new Set() },
  });
  const { t } = v;
  v.label = t('like');
  /* Inert meanwhile: for the moment it takes, it is a picture of the
   * comments, not links to follow or text for screen readers twice. */
  host.querySelectorAll('.rostra-ssr').forEach((n) => { if (v.slot) n.setAttribute('inert', ''); else n.remove(); });

  v.heading = h('h2', { class: 'title', text: t('title') });
  v.status = h('div', { class: 'status', role: 'status' });
  v.body = h('div', { class: 'body' });
  v.section = h('section', { class: 'rostra', 'aria-label': t('title'), 'aria-busy': 'true' }, v.heading, v.status, v.body);

  /* Keep the section hidden until our stylesheet is in (no flash of
   * unstyled form); if the sheet fails, everything simply shows. Set
   * through the CSSOM, which a host page's strict Content-Security-Policy
   * allows (an inline <style> would need style-src 'unsafe-inline'). */
  const link = h('link', { rel: 'stylesheet', href: base + 'embed.css' });
  v.section.style.visibility = 'hidden';
  v.styled = new Promise((done) => {
    link.onload = link.onerror = () => { v.section.style.removeProperty('visibility'); done(); };
  });
  if (v.slot) v.section.style.display = 'none';
  root.append(link, v.slot || '', v.section);

  v.list = h('ol', { class: 'list' });
  v.next = h('div', { class: 'more' });
  v.fresh = h('div', { class: 'fresh', 'aria-live': 'polite' });
  const picker = h('select', { id: 'rostra-sort', onchange: () => {
    v.sort = picker.value;
    store.set(SORT_KEY, v.sort);
    load(v);
  } }, ...SORTS.map((s) => h('option', { value: s, text: t(s === 'replies' ? 'repliesSort' : s) })));
  picker.value = v.sort;
  v.bar = h('div', { class: 'bar' }, h('label', { for: 'rostra-sort', text: t('sort') }), picker);

  v.main = writer(v, 0, 'rostra', t('comment'), '4');
  v.who = h('div', { class: 'who' });
  v.composer = h('div', { class: 'composer' }, v.who, v.main.form);
  views.add(() => render(v));
  render(v);

  const tick = setInterval(() => {
    if (!host.isConnected) return clearInterval(tick);
    root.querySelectorAll('time').forEach((e) => {
      const ms = Date.parse(e.dateTime);
      if (!isNaN(ms)) e.textContent = v.ago(ms);
    });
  }, 60000);
  window.addEventListener('hashchange', () => { if (host.isConnected) target(v); });
  polling(v);
  load(v);
};
