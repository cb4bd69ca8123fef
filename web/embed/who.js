// SPDX-License-Identifier: ISC — Rostra
/* Who is commenting, above the main form: the signed-in reader's line
 * and its buttons, or the sign-in links and the guest's name field; the
 * forms these open are the lazy part's (more/account.js). Redrawn on every
 * change of identity (views in identity.js). */
const render = (v) => {
  if (user === undefined) return;
  const { t, who, main } = v;
  const act = (label, onclick) => h('button', { type: 'button', class: 'link', text: label, onclick });
  if (user) {
    const note = h('p', { class: 'error', role: 'alert' });
    const [before, after] = t('as').split('{name}');
    main.nameField.remove();
    const out = (what) => (ev) => use(v, note, 'out', what, ev.currentTarget, note);
    who.replaceChildren(
      h('p', { class: 'as' }, before, h('strong', { text: String(user.display_name || '') }), after),
      h('div', { class: 'links' },
        act(t('rename'), () => use(v, note, 'rename')),
        act(t('signOut'), out('session')),
        act(t('signOutAll'), out('sessions'))),
      note);
  } else {
    if (v.was !== null) main.name.value = store.get(NAME_KEY) || '';
    main.form.prepend(main.nameField);
    /* Said only if the forms could not be loaded. */
    const note = () => who.querySelector('.error') || who.appendChild(h('p', { class: 'error', role: 'alert' }));
    who.replaceChildren(h('div', { class: 'links' },
      act(t('signIn'), () => use(v, note, 'auth', false)),
      act(t('register'), () => use(v, note, 'auth', true))));
  }
  for (const w of v.writers) {
    if (w === main) continue;
    if (!w.form.isConnected) v.writers.delete(w);
    else if (user) w.nameField.remove();
    else if (!w.nameField.isConnected) {
      w.name.value = store.get(NAME_KEY) || '';
      w.form.prepend(w.nameField);
    }
  }
  if (v.was !== undefined && v.was !== user && v.items.size) loadMine(v);
  v.was = user;
};
