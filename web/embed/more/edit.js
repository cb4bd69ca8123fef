// SPDX-License-Identifier: ISC — Rostra
/* Editing in place: the same textarea, Save and Cancel. A comment
 * taken over from the server's HTML has no source text yet: fetched. */
const edit = async (v, r) => {
  const { t } = v;
  if (r.art.querySelector('form.edit')) return;
  if (r.c.body == null) {
    try {
      const [x] = await call(V1 + 'comments/' + r.c.id + '/context');
      const c = [x.thread, ...(x.thread.replies || [])].find((y) => y && y.id === r.c.id);
      if (c) r.c.body = c.body;
    } catch (e) {
      v.main.alert.textContent = say(v, e);
    }
    if (r.c.body == null || r.art.querySelector('form.edit')) return;
  }
  const note = h('p', { id: newId(), class: 'error', role: 'alert' });
  const w = { alert: note };
  const old = r.art.querySelector('.text');
  /* The time left to edit, kept current while the form is open; once it
   * is over, the changed text can still go out as a reply. */
  const timeId = newId();
  const time = h('p', { id: timeId, class: 'hint' });
  const save = h('button', { type: 'submit', class: 'primary', text: t('save') });
  const close = () => {
    clearInterval(clock);
    box.remove();
    old.hidden = false;
  };
  const over = () => {
    clearInterval(clock);
    r.expired = true;
    state(v, r);
    time.textContent = '';
    save.remove();
    note.textContent = t('editOver');
    if (v.closed || r.c.status === 'held' || r.reply.hidden) return;
    const move = h('button', { type: 'button', class: 'primary', text: t('asReply'), onclick: () => {
      const text = w.text.value;
      close();
      answer(v, r, false, false);
      const rw = r.writer;
      rw.text.value = ((rw.text.value.trim() ? rw.text.value.replace(/\s*$/, '\n\n') : '') + text).slice(0, MAX);
      keep(v, rw.pid, rw.text.value);
      counter(v, rw);
      rw.text.focus();
      rw.text.setSelectionRange(rw.text.value.length, rw.text.value.length);
    } });
    box.querySelector('.actions').prepend(move);
    move.focus();
  };
  const tock = () => {
    const left = Date.parse(r.c.created_at) + v.editMinutes * 60000 - now();
    if (!(left > 0)) return over();
    const n = Math.floor(left / 60000);
    const said = n ? t('editLeft', { n }) : t('editLast');
    if (time.textContent !== said) time.textContent = said;
  };
  const clock = setInterval(() => { if (box.isConnected) tock(); else clearInterval(clock); }, 1000);
  const box = h('form', { class: 'form edit', 'aria-label': t('editing'), onsubmit: (ev) => {
    ev.preventDefault();
    if (!save.isConnected) return;
    run(v, box, note, { body: w.text }, async () => {
      let c, code;
      try {
        [c, code] = await send('PATCH', 'comments/' + r.c.id, { body: w.text.value });
      } catch (e) {
        if (e.code === 'edit_window_over') return over();
        throw e;
      }
      clearInterval(clock);
      store.set(POSTED_KEY, String(Date.now()));
      const shown = r.c.status !== 'held';
      r.c = Object.assign({}, r.c, c, { dom: null }); /* the new text, not the page's markup */
      if (code === 202) {
        r.c.status = 'held';
        if (shown) {
          v.count--;
          showCount(v);
          bump(v, r, -1);
        }
        v.main.thanks.textContent = t('editHeld');
      }
      redraw(v, r);
      r.art.tabIndex = -1;
      r.art.focus();
    });
  } }, textarea(v, w, newId(), t('editing'), '4', r.c.body), time, note,
  buttons(save, h('button', {
    type: 'button', class: 'secondary', text: t('cancel'), onclick: () => {
      close();
      (r.edit.hidden ? r.reply : r.edit).focus();
    } })));
  w.text.addEventListener('input', () => counter(v, w));
  w.text.setAttribute('aria-describedby', timeId);
  old.hidden = true;
  old.after(box);
  tock();
  if (save.isConnected) w.text.focus();
};
