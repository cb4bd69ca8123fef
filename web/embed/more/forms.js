// SPDX-License-Identifier: ISC — Rostra
/* What every form of this part shares: a labelled input, a row of
 * buttons, Cancel, and run (the work behind a submit). */

/* A labelled input, with an optional hint under it; ids are unique on the page. */
const field = (label, props, hint) => {
  const id = newId();
  const input = h('input', Object.assign({ id, type: 'text', 'aria-describedby': hint && id + 'h' }, props));
  return [h('div', { class: 'field' }, h('label', { for: id, text: label }), input,
    hint ? h('small', { id: id + 'h', class: 'hint', text: hint }) : null), input];
};
const buttons = (...b) => h('div', { class: 'actions' }, ...b);
/* Focus on the first of the "who" buttons, once they are back. */
const toWho = (v) => {
  const b = v.who.querySelector('button');
  if (b) b.focus();
};
/* Cancel in a form that took the place of the "who" links: they come back. */
const cancel = (v) => h('button', { type: 'button', class: 'secondary', text: v.t('cancel'), onclick: () => {
  render(v);
  toWho(v);
} });

/* Runs job for a form (or any box of buttons): buttons off meanwhile; a
 * failure goes to its role=alert note and marks the field the server named. */
const run = async (v, box, note, fields, job) => {
  const buttons = box.querySelectorAll('button');
  const had = v.root.activeElement; /* a disabled button loses focus: given back below */
  buttons.forEach((b) => { b.disabled = true; });
  box.setAttribute('aria-busy', 'true');
  note.textContent = '';
  /* The note joins a field's own description (a hint), not replaces it. */
  const described = (f, on) => {
    const ids = (f.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== note.id);
    if (on && note.id) ids.push(note.id);
    if (ids.length) f.setAttribute('aria-describedby', ids.join(' '));
    else f.removeAttribute('aria-describedby');
  };
  for (const f of Object.values(fields)) {
    if (!f) continue;
    f.removeAttribute('aria-invalid');
    described(f, false);
  }
  try {
    await job();
  } catch (e) {
    note.textContent = say(v, e);
    const f = fields[e.field];
    if (f && f.isConnected) {
      f.setAttribute('aria-invalid', 'true');
      described(f, true);
      f.focus();
    }
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    box.removeAttribute('aria-busy');
    if (had && had.isConnected && document.activeElement === document.body) had.focus();
  }
};
