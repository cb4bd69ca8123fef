// SPDX-License-Identifier: ISC — Rostra
/* Loads a view's first page (the server's copy taken over when there is
 * one) or, after a change of order, its first page again; only the latest
 * load shows (the sort may change again meanwhile). */
const load = async (v) => {
  const { t } = v;
  const first = !v.loaded;
  const ticket = ++v.loads;
  v.section.setAttribute('aria-busy', 'true');
  v.status.replaceChildren(h('p', { class: 'note', text: t('loading') }));
  const recent = Date.now() - Number(store.get(POSTED_KEY) || 0) < FRESH_MS;
  try {
    /* The page (and so its included thread) is fetched without the
     * rostra_fresh cookie, which lives under /comments/: right after
     * this browser changed something, its copy may be nginx's older one. */
    const [page] = v.ssr && v.sort === 'newest' && !recent ? [v.ssr] : await call(pageUrl(v), recent ? { cache: 'no-cache' } : {});
    v.ssr = null;
    if (ticket !== v.loads) return;
    v.count = Number(page.article && page.article.comment_count) || 0;
    v.closed = !!(page.article && page.article.closed);
    if (typeof page.reaction_label === 'string' && page.reaction_label && page.reaction_label !== 'Like') v.label = page.reaction_label;
    if (page.reply_depth > 0) v.depthMax = page.reply_depth;
    if (page.edit_minutes >= 0) v.editMinutes = page.edit_minutes;
    v.status.replaceChildren();
    v.items.clear();
    v.writers.forEach((w) => { if (w !== v.main) v.writers.delete(w); });
    v.linkedTop = null;
    if (v.linkBox) v.linkBox.remove();
    v.linkBox = null;
    v.list.replaceChildren(...(page.comments || []).map((c) => thread(v, c).li));
    showMore(v, page.next_cursor);
    await identified;
    await chain;
    await loadMine(v);
    showCount(v);
    /* A closed thread keeps its comments and says so instead of offering
     * the form. Later loads (another order) replace only the list, so
     * focus stays where it is. */
    if (first) v.body.replaceChildren(...(v.closed
      ? [h('p', { class: 'closed', role: 'status', text: t('closed') })]
      : [h('p', { class: 'prompt', text: t('prompt') }), v.composer]),
    ...[featuredBox(v, page.featured)].filter(Boolean), v.bar, v.fresh, v.list, v.next);
    v.loaded = true;
    /* Reply drafts come back open under their comments (more/reply.js). */
    if (!v.closed && Object.keys(drafts(v)).some((pid) => v.items.has(Number(pid)))) use(v, alertIn(v.status), 'drafts');
    if (first) {
      await v.styled;
      takeOver(v);
      await target(v);
    }
  } catch (e) {
    if (ticket !== v.loads) return;
    v.status.replaceChildren(h('p', { class: 'error', text: t('loadFail') }),
      h('button', { type: 'button', class: 'secondary', text: t('retry'), onclick: () => load(v) }));
  } finally {
    if (ticket === v.loads) v.section.removeAttribute('aria-busy');
    if (first) v.styled.then(() => takeOver(v));
  }
};
