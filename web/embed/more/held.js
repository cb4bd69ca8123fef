// SPDX-License-Identifier: ISC — Rostra
/* The reader's held comments (from /mine, web/embed/thread.js's loadMine). */
/* Comments only this reader sees (held ones): under their parent when it is shown. */
const addHeld = (v, comments) => {
  for (const c of comments || []) {
    if (!c || v.items.has(c.id)) continue;
    const p = c.parent_id && v.items.get(c.parent_id);
    if (p) place(v, c, p.top || p, true);
    else v.list.prepend(thread(v, Object.assign({}, c, { replies: [] })).li);
  }
};

