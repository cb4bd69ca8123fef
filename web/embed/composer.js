// SPDX-License-Identifier: ISC — Rostra
/* The forms that write a comment or a reply, as they first show: the text
 * (kept as a draft per article) and its notes. Posting, the counter and
 * reply forms' opening are the lazy part's (more/). */

/* Drafts: every form's text by parent id (0: the main form), per article. */
const drafts = (v) => {
  try { return JSON.parse(store.get(DRAFT_KEY + v.key)) || {}; } catch (e) { return {}; }
};
const keep = (v, pid, text) => {
  const d = drafts(v);
  if (text.trim()) d[pid] = text; else delete d[pid];
  store.set(DRAFT_KEY + v.key, Object.keys(d).length ? JSON.stringify(d) : '');
};

/* A textarea for w (w.text), with the counter of characters left near the
 * limit (w.left, and w.said for screen readers) and the notice of a paste
 * cut short (in w.alert): those two are the lazy part's (more/count.js),
 * loaded as the reader starts typing. */
const textarea = (v, w, id, label, rows, value) => {
  w.text = h('textarea', { id, name: 'body', rows, maxlength: String(MAX) });
  w.text.value = value;
  w.left = h('small', { class: 'counter', 'aria-hidden': 'true' });
  w.said = h('p', { class: 'sr', 'aria-live': 'polite' });
  w.text.addEventListener('paste', (ev) => {
    const got = ((ev.clipboardData && ev.clipboardData.getData('text/plain')) || '').replace(/\r\n?/g, '\n');
    const expect = w.text.value.length - Math.abs(w.text.selectionEnd - w.text.selectionStart) + got.length;
    setTimeout(() => use(v, w.alert, 'pasted', w, expect), 0);
  });
  w.text.addEventListener('input', () => use(v, w.alert, 'typed', w));
  if (value.length > MAX - 1000) use(v, w.alert, 'typed', w);
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), w.text, w.left, w.said);
};

/* A form that writes a comment, the main one (pid 0) or a reply's (its
 * parent's id; more/reply.js adds what only a reply form has): the
 * guest's name, the text (kept as a draft), its notes. */
const writer = (v, pid, ids, label, rows) => {
  const w = { pid };
  w.name = h('input', { id: ids + '-name', name: 'author_name', type: 'text', maxlength: '64', autocomplete: 'name' });
  w.nameField = h('div', { class: 'field' }, h('label', { for: ids + '-name', text: v.t('name') }), w.name);
  const text = textarea(v, w, ids + '-body', label, rows, drafts(v)[pid] || '');
  w.text.addEventListener('input', () => keep(v, pid, w.text.value));
  w.alert = h('p', { id: ids + '-error', class: 'error', role: 'alert' });
  w.thanks = h('p', { class: 'thanks', role: 'status' });
  w.submit = h('button', { type: 'submit', class: 'primary' });
  w.actions = h('div', { class: 'actions' }, w.submit);
  w.form = h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault(); use(v, w.alert, 'post', w); } },
    text, w.alert, w.thanks, w.actions);
  v.writers.add(w);
  return w;
};
