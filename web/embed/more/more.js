// SPDX-License-Identifier: ISC — Rostra
/* "Show N more replies" and "Load more comments" pressed (their buttons
 * are web/embed/thread.js's): the next page after the cursor. */
/* Gives the first of records got the focus (after "show more"). */
const focusFirst = (got) => {
  if (!got) return;
  got.art.tabIndex = -1;
  got.art.focus();
};
const replies = async (v, r, n, cursor, btn, note) => {
  btn.disabled = true;
  note.textContent = '';
  try {
    const [p] = await call(V1 + 'comments/' + r.c.id + '/replies' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''));
    const got = (p.replies || []).map((x) => place(v, x, r, false)).filter(Boolean);
    moreReplies(v, r, n > 0 ? n - (p.replies || []).length : null, p.replies_cursor);
    focusFirst(got[0]);
  } catch (e) {
    note.textContent = say(v, e);
    btn.disabled = false;
  }
};
const page = async (v, cursor, btn, note) => {
  btn.disabled = true;
  note.textContent = '';
  try {
    const [p] = await call(pageUrl(v, cursor));
    const got = [];
    for (const c of p.comments || []) if (!v.items.has(c.id)) got.push(thread(v, c));
    v.list.append(...got.map((r) => r.li));
    showMore(v, p.next_cursor);
    focusFirst(got[0]);
  } catch (e) {
    note.textContent = v.t('moreFail') + ' ' + say(v, e);
    btn.disabled = false;
  }
};
