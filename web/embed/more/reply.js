// SPDX-License-Identifier: ISC — Rostra
/* Reply and Quote: the reply form (web/embed/composer.js's writer) under a
 * comment. */
/* The reply form to record parent: labelled for its author, with Cancel
 * and Esc; a signed-out reader gives a name. */
const replyWriter = (v, parent) => {
  const { t } = v;
  const w = writer(v, parent.c.id, newId(), t('yourReply'), '3');
  w.parent = parent;
  w.form.className = 'form reply-form';
  w.form.setAttribute('aria-label', t('replyTo', { name: parent.c.author_name || '' }));
  w.submit.textContent = t('postReply');
  w.actions.append(h('button', { type: 'button', class: 'secondary', text: t('cancel'), onclick: () => {
    shut(v, w, true);
    parent.reply.focus();
  } }));
  if (user() === null) {
    w.name.value = store.get(NAME_KEY) || '';
    w.form.prepend(w.nameField);
  }
  /* Esc closes a reply form as Cancel does, but keeps its text as the
   * draft that Reply opens again; focus goes back to Reply. */
  w.form.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || ev.isComposing || ev.defaultPrevented) return;
    ev.preventDefault();
    shut(v, w, false);
    parent.reply.focus();
  });
  return w;
};
const shut = (v, w, discard) => {
  w.form.remove();
  v.writers.delete(w);
  w.parent.writer = null;
  if (discard) keep(v, w.pid, '');
};

/* Opens (or finds) the reply form under r; a quote adds r's words as a
 * Markdown block quote. */
const answer = (v, r, quote, focus = true) => {
  let w = r.writer;
  if (!w) {
    w = r.writer = replyWriter(v, r);
    r.art.after(w.form);
  }
  if (quote) {
    const src = r.c.body != null ? String(r.c.body) : r.art.querySelector('.text').textContent;
    const q = src.replace(/\s+$/, '').split(/\r?\n/).map((l) => (l ? '> ' + l : '>')).join('\n') + '\n\n';
    w.text.value = ((w.text.value.trim() ? w.text.value.replace(/\s*$/, '\n\n') : '') + q).slice(0, MAX);
    keep(v, w.pid, w.text.value);
    counter(v, w);
  }
  if (focus) {
    w.text.focus();
    w.text.setSelectionRange(w.text.value.length, w.text.value.length);
  }
};
const quote = (v, r) => answer(v, r, true);
const drafts = (v) => {
  for (const pid of Object.keys(K.drafts(v))) if (v.items.has(Number(pid))) answer(v, v.items.get(Number(pid)), false, false);
};
/* After a change of identity (web/embed/who.js): open reply forms ask a
 * signed-out reader's name, and no one else's. */
const names = (v) => {
  for (const w of v.writers) {
    if (w === v.main) continue;
    if (!w.form.isConnected) v.writers.delete(w);
    else if (user()) w.nameField.remove();
    else if (!w.nameField.isConnected) {
      w.name.value = store.get(NAME_KEY) || '';
      w.form.prepend(w.nameField);
    }
  }
};
