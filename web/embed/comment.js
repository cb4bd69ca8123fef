// SPDX-License-Identifier: ISC — Rostra
/* One comment: its article (who, when, its words, its buttons) and the
 * state of each button for who the reader is. The buttons' work is the
 * lazy part's (use in lazy.js). */

/* "5 minutes ago", the exact time on hover; refreshed every minute (view.js). */
const stamp = (v, iso) => {
  const ms = Date.parse(iso);
  return h('time', { datetime: String(iso || ''), title: isNaN(ms) ? null : v.exact(ms), text: isNaN(ms) ? String(iso || '') : v.ago(ms) });
};
const here = () => location.href.split('#')[0];

/* Reactions: the label and counts come with the public listing; which
 * comments are the reader's own or have their reaction comes from /mine.
 * state(v, r) shows each button of a comment as who the reader is allows. */
const state = (v, r) => {
  const { t, mine } = v;
  const id = r.c.id;
  const own = mine.own.has(id);
  const held = r.c.status === 'held';
  if (!r.foot) return;
  r.del.hidden = !own || !user;
  const reported = mine.reported.has(id);
  r.rep.hidden = own || held || reported; /* signed out too: a click says how */
  r.repd.hidden = own || held || !reported;
  if (user) r.ask.textContent = '';
  r.reply.hidden = v.closed || held;
  r.quote.hidden = v.closed || held || own;
  const left = Date.parse(r.c.created_at) + v.editMinutes * 60000 - now();
  r.edit.hidden = !own || !user || r.expired || !(left > 0);
  clearTimeout(r.timer);
  if (!r.edit.hidden) r.timer = setTimeout(() => state(v, r), left + 500);
  r.count.textContent = r.c.reply_count > 0 ? t('replies', { n: r.c.reply_count }) : '';
  if (!r.like) return;
  r.like.textContent = t('react', { label: v.label, n: r.n });
  r.like.setAttribute('aria-pressed', String(mine.reacted.has(id)));
  r.like.disabled = own;
  r.like.title = own ? t('own') : '';
};
/* Every comment above r counts its replies. */
const bump = (v, r, d) => {
  for (let p = v.items.get(r.c.parent_id); p; p = v.items.get(p.c.parent_id)) {
    p.c.reply_count = Math.max(0, (p.c.reply_count || 0) + d);
    state(v, p);
  }
};

/* One comment's article: who, when (a permalink), its words, and, for a
 * record r (not a featured copy), its id and its buttons. */
const card = (v, c, r) => {
  const { t } = v;
  const ms = Date.parse(c.edited_at);
  const foot = r && !c.removed ? h('footer', null) : null;
  const art = h('article', { id: r ? 'comment-' + c.id : null },
    h('header', null,
      c.removed ? null : h('span', { class: 'author', text: String(c.author_name || '') }),
      c.badge === 'staff' || c.badge === 'guest' ? h('span', { class: 'badge', text: t(c.badge) }) : null,
      c.featured ? h('span', { class: 'badge featured', text: t('featured') }) : null,
      c.depth > v.depthMax && c.reply_to ? h('span', { class: 'to', text: t('to', { name: String(c.reply_to) }) }) : null,
      c.removed ? null : h('a', { class: 'permalink', href: here() + '#comment-' + c.id }, stamp(v, c.created_at)),
      c.edited_at && !c.removed ? h('span', { class: 'edited', title: isNaN(ms) ? null : t('editedAt', { time: v.exact(ms) }), text: t('edited') }) : null),
    c.status === 'held' ? h('p', { class: 'review', text: t(c.modView ? 'heldMod' : 'review') }) : null,
    c.removed ? h('p', { class: 'removed', text: t('removed') }) : bodyOf(c),
    foot);
  if (foot) {
    /* A button whose work is in the lazy part; a failure to load it is said under the comment. */
    const b = (cls, text, onclick) => h('button', { type: 'button', class: cls, text, onclick });
    const lazy = (cls, text, name) => b(cls, text, () => use(v, r.ask, name, r));
    r.like = c.status === 'held' ? null : lazy('react', '', 'like');
    r.count = h('span', { class: 'replies-count' });
    r.reply = lazy('link', t('reply'), 'answer');
    r.quote = lazy('link', t('quote'), 'quote');
    r.edit = lazy('link', t('edit'), 'edit');
    r.del = lazy('link delete', t('del'), 'remove');
    r.rep = lazy('link delete', t('report'), 'report');
    r.repd = h('span', { class: 'reported', text: t('reportedMark') });
    foot.append(r.like || '', r.count, r.reply, r.quote, r.edit, r.del, r.rep, r.repd);
    r.ask = h('p', { class: 'ask', role: 'alert' });
    foot.after(r.ask);
  }
  r && (r.foot = foot);
  return art;
};
const redraw = (v, r) => {
  const old = r.art;
  r.art = card(v, r.c, r);
  r.li.className = r.c.status === 'held' ? r.kind + ' held' : r.kind;
  old.replaceWith(r.art);
  state(v, r);
};
