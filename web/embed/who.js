// SPDX-License-Identifier: ISC — Rostra
/* Who is commenting, above the main form: the sign-in links and the
 * guest's name field, or the signed-in reader's line; that line and the
 * forms the links open are the lazy part's (more/account.js). Redrawn on
 * every change of identity (views in identity.js). */
const render = (v) => {
  if (user === undefined) return;
  const { t, who, main } = v;
  const note = h('p', { class: 'error', role: 'alert' });
  if (user) {
    /* The signed-in reader's line and its buttons: the lazy part's (more/account.js). */
    main.nameField.remove();
    who.replaceChildren(note);
    use(v, note, 'line', note);
  } else {
    if (v.was !== null) main.name.value = store.get(NAME_KEY) || '';
    main.form.prepend(main.nameField);
    const act = (label, register) => h('button', { type: 'button', class: 'link', text: t(label), onclick: () => use(v, note, 'auth', register) });
    who.replaceChildren(h('div', { class: 'links' }, act('signIn', false), act('register', true)), note);
  }
  if (v.writers.size > 1) use(v, note, 'names');
  if (v.was !== undefined && v.was !== user && v.items.size) loadMine(v);
  v.was = user;
};
