// SPDX-License-Identifier: ISC — Rostra
/* A permalink (#comment-ID): the comment if it is on the page, else its
 * thread fetched and shown first (for a moderator, a held comment in its
 * parent's thread); scrolled to, highlighted, focused. */
const focusOn = async (v, el) => {
  await v.styled;
  v.root.querySelectorAll('.target').forEach((e) => e.classList.remove('target'));
  el.classList.add('target');
  el.tabIndex = -1;
  el.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  el.focus({ preventScroll: true });
};

/* Held comment id of this article as a moderator's queue shows it
 * (status held, reply_to the comment it answers), or null. */
const heldOne = async (v, id) => {
  const u = user();
  if (!u || !['moderator', 'admin'].includes(u.role)) return null;
  let cursor = '';
  for (let n = 0; n < 5 && cursor != null; n++) {
    const [p] = await call(V1 + 'moderation/comments?queue=pending&limit=100&article=' + encodeURIComponent(v.key) +
      (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''), { cache: 'no-store' });
    const c = (p.items || []).find((y) => y.id === id && y.status === 'held');
    if (c) return Object.assign({}, c, { modView: true, reactions: 0, reply_count: 0 });
    cursor = p.next_cursor;
  }
  return null;
};
const drop = (v, r) => {
  for (const [id, x] of v.items) if (x === r || x.top === r) v.items.delete(id);
  r.li.remove();
};
const target = async (v) => {
  const { t, key, items } = v;
  const m = /^#comment-(\d+)$/.exec(location.hash);
  if (!m) return;
  const id = m[1];
  const on = v.root.getElementById('comment-' + id);
  if (on) return focusOn(v, on);
  let x;
  let held = null;
  try {
    [x] = await call(V1 + 'comments/' + id + '/context');
  } catch (e) {
    if (e.status !== 404) return;
    /* A held comment is not public: a moderator (the queue's "Open
     * in thread") sees it in its parent's thread, marked as held. */
    held = await heldOne(v, Number(id)).catch(() => null);
    if (!held) {
      if (document.querySelectorAll('[data-rostra-article]').length !== 1) return;
      /* Said where the reader is taken, in the page's ink, and focused. */
      const gone = h('p', { class: 'gone', tabindex: '-1', text: t('linkGone') });
      v.status.replaceChildren(gone);
      await v.styled;
      gone.scrollIntoView({ block: 'center', behavior: 'auto' });
      gone.focus({ preventScroll: true });
      return;
    }
    x = held.reply_to ? await call(V1 + 'comments/' + held.reply_to.id + '/context').then(([y]) => y, () => null) : null;
    if (!x) {
      x = { article: { key }, thread: Object.assign({}, held, { replies: [] }) };
      held = null;
    }
  }
  if (!x.article || x.article.key !== key || !x.thread) return;
  const old = items.get(x.thread.id);
  if (old && !old.top) drop(v, old);
  if (v.linkedTop) drop(v, v.linkedTop);
  v.linkedTop = thread(v, x.thread);
  if (held) {
    const p = items.get(held.reply_to.id);
    place(v, Object.assign({}, held, { depth: p ? Number(p.c.depth) + 1 : 1, parent_id: held.reply_to.id,
      reply_to: held.reply_to.author_name }), v.linkedTop, true);
  }
  /* The linked thread's own section, above the listing. */
  if (!v.linkBox) v.list.before(v.linkBox = h('section', { class: 'linked', 'aria-label': t('linked') }));
  v.linkBox.replaceChildren(h('h3', { text: t('linked') }), h('ol', { class: 'list' }, v.linkedTop.li));
  for (const [, r] of items) state(v, r);
  const el = v.root.getElementById('comment-' + id);
  if (el) await focusOn(v, el);
};
