// SPDX-License-Identifier: ISC — Rostra
/* "N new comments — show" pressed (web/embed/poll.js): the first page
 * again, its new threads on top and new replies in their place. */
const showFresh = async (v, btn) => {
  btn.disabled = true;
  try {
    const [page] = await call(V1 + v.path, { cache: 'no-cache' });
    const tops = [];
    const added = [];
    for (const c of page.comments || []) {
      const r = v.items.get(c.id);
      if (!r) {
        tops.push(thread(v, c));
        continue;
      }
      if (r.top) continue;
      for (const x of c.replies || []) {
        const n = place(v, x, r, true);
        if (n) {
          added.push(n);
          bump(v, n, 1);
        }
      }
      r.c.reply_count = c.reply_count;
      state(v, r);
    }
    v.list.prepend(...tops.map((r) => r.li));
    v.count = Number(page.article && page.article.comment_count) || v.count;
    showCount(v);
    v.fresh.replaceChildren();
    focusFirst(tops[0] || added[0]);
  } catch (e) {
    btn.disabled = false;
    v.fresh.append(h('p', { class: 'error', role: 'alert', text: say(v, e) }));
  }
};
