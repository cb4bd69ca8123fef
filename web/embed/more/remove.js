// SPDX-License-Identifier: ISC — Rostra
/* Deleting asks once more on the same button, then takes the comment
 * away; one with replies stays as a tombstone, as for everyone. */
const remove = async (v, r) => {
  const { t } = v;
  if (r.del.dataset.confirm !== '1') {
    r.del.dataset.confirm = '1';
    r.del.textContent = t('delSure');
    return;
  }
  r.del.disabled = true;
  const held = r.c.status === 'held';
  try {
    await send('DELETE', 'comments/' + r.c.id);
    store.set(POSTED_KEY, String(Date.now()));
    if (!held) {
      v.count--;
      showCount(v);
      bump(v, r, -1);
    }
    if (r.c.reply_count > 0 && !held) {
      r.c = Object.assign({}, r.c, { removed: true, author_name: null, body: null, html: null });
      redraw(v, r);
    } else {
      for (const [id, x] of v.items) if (x === r || x.top === r) v.items.delete(id);
      r.li.remove();
    }
    v.main.thanks.textContent = t('deleted');
  } catch (e) {
    v.main.alert.textContent = say(v, e);
    r.del.disabled = false;
  }
};
