// SPDX-License-Identifier: ISC — Rostra
/* The listing: threads of records (a comment, its element and buttons),
 * their replies, "show more", the featured comments, and the reader's own
 * part of the page (/mine). */

/* A record for comment c: a top-level one (top null) heads a thread
 * with its replies listed flat, depth first, each indented by depth. */
const record = (v, c, top) => {
  const depth = Math.min(Number(c.depth) || 0, v.depthMax);
  const r = { c, top, n: Number(c.reactions) || 0, kind: top ? 'comment reply d' + depth : 'comment' };
  r.li = h('li', { 'data-depth': String(Number(c.depth) || 0) });
  if (top) r.li.style.setProperty('--d', depth); /* its indent (embed.css) */
  r.art = h('article');
  r.li.append(r.art);
  v.items.set(c.id, r);
  if (c.status === 'held') v.mine.own.add(c.id);
  redraw(v, r);
  return r;
};
const thread = (v, c) => {
  const r = record(v, c, null);
  r.replies = h('ol', { class: 'replies' });
  r.moreBox = h('div', { class: 'more-replies' });
  r.li.append(r.replies, r.moreBox);
  for (const x of c.replies || []) place(v, x, r, false);
  /* No replies listed yet (replies_shown 0): more of them start at the first. */
  moreReplies(v, r, c.more_replies, c.replies_cursor != null ? c.replies_cursor
    : c.more_replies > 0 && !(c.replies || []).length ? '' : null);
  return r;
};
/* A reply into top's thread: in listing order, or (inPlace) right after
 * its parent's replies so far. */
const place = (v, c, top, inPlace) => {
  if (v.items.has(c.id)) return null;
  const p = inPlace && v.items.get(c.parent_id);
  let next = null;
  if (p && p.top === top) {
    for (next = p.li.nextElementSibling; next && Number(next.dataset.depth) > Number(p.c.depth);) next = next.nextElementSibling;
  }
  const r = record(v, c, top);
  top.replies.insertBefore(r.li, next);
  return r;
};
/* "Show N more replies", from the thread's cursor; N when known (fetched by more/more.js). */
const moreReplies = (v, r, n, cursor) => {
  r.moreBox.replaceChildren();
  if (cursor == null) return;
  const note = h('p', { class: 'error', role: 'alert' });
  const btn = h('button', { type: 'button', class: 'link', text: n > 0 ? v.t('more', { n }) : v.t('moreAny'),
    onclick: () => use(v, note, 'replies', r, n, cursor, btn, note) });
  r.moreBox.append(btn, note);
};
/* The reader's part of the page: held comments, own comments, reactions, reports. */
const loadMine = async (v) => {
  const { mine } = v;
  mine.own.clear();
  mine.reacted.clear();
  mine.reported.clear();
  for (const [id, r] of v.items) if (r.c.status === 'held') mine.own.add(id);
  if (user) {
    const [m] = await call(V1 + v.path + '/mine').catch(() => [null]);
    if (m) {
      /* Comments only this reader sees (held ones): the lazy part shows them. */
      if ((m.comments || []).length) await use(v, alertIn(v.status), 'addHeld', m.comments);
      for (const id of m.own || []) mine.own.add(id);
      for (const id of m.reacted || []) mine.reacted.add(id);
      for (const id of m.reported || []) mine.reported.add(id);
    }
  }
  for (const r of v.items.values()) state(v, r);
};

/* Comments the moderators chose, shown first (again in their place below). */
const featuredBox = (v, comments) => (comments && comments.length
  ? h('section', { class: 'picks', 'aria-label': v.t('picks') },
    h('h3', { text: v.t('featured') }), h('ul', { class: 'list' }, ...comments.map((c) => h('li', { class: 'comment' }, card(v, c, null)))))
  : null);

const pageUrl = (v, cursor) => V1 + v.path + (v.sort !== 'newest' || cursor ? '?' : '') +
  (v.sort !== 'newest' ? 'sort=' + v.sort + (cursor ? '&' : '') : '') + (cursor ? 'cursor=' + encodeURIComponent(cursor) : '');

/* "Load more comments", from the listing's cursor (fetched by more/more.js). */
const showMore = (v, cursor) => {
  v.next.replaceChildren();
  if (cursor == null) return;
  const note = h('p', { class: 'error', role: 'alert' });
  const btn = h('button', { type: 'button', class: 'secondary', text: v.t('moreTop'),
    onclick: () => use(v, note, 'page', cursor, btn, note) });
  v.next.append(btn, note);
};
