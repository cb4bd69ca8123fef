// SPDX-License-Identifier: ISC — Rostra
/* The reader's account, in place of the "who" links: signing in, creating
 * an account, changing the display name, signing out. */

/* The compact sign-in or create-account form, in place of the links. */
const auth = (v, register) => {
  const { t, main } = v;
  const note = h('p', { id: 'rostra-auth-error', class: 'error', role: 'alert' });
  const [fe, email] = field(t('email'), { type: 'email', name: 'email', maxlength: '254', autocomplete: register ? 'email' : 'username' });
  const [fp, password] = field(t('password'), { type: 'password', name: 'password', autocomplete: register ? 'new-password' : 'current-password' },
    register && t('pwHint'));
  const [fn, name] = register ? field(t('display'), { name: 'display_name', maxlength: '64', autocomplete: 'nickname' }) : [];
  if (name) name.value = main.name.value;
  const label = t(register ? 'register' : 'signIn');
  /* Every field is checked before anything is sent, and each error
   * shows under its own field (aria-invalid, aria-describedby), all at
   * once, in the words the server's refusal of it would get. */
  const checks = [
    [email, () => (!email.value.trim() ? 'e.empty_field.email' : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value) ? 'e.invalid_field.email' : '')],
    [password, () => (!password.value ? 'e.empty_field.password' : register && [...password.value].length < PASSWORD_MIN ? 'e.invalid_field.password' : '')],
    [name, () => (name && !name.value.trim() ? 'e.empty_field.display_name' : '')],
  ].filter(([f]) => f).map(([f, check]) => {
    const hint = f.getAttribute('aria-describedby');
    const err = h('p', { id: f.id + 'e', class: 'error' });
    f.after(err);
    return { f, check, err, hint };
  });
  const checked = () => {
    let first = null;
    for (const { f, check, err, hint } of checks) {
      const k = check();
      err.textContent = k ? t(k, { n: PASSWORD_MIN }) : '';
      if (k) {
        f.setAttribute('aria-invalid', 'true');
        f.setAttribute('aria-describedby', [err.id, hint].filter(Boolean).join(' '));
        first = first || f;
      } else {
        f.removeAttribute('aria-invalid');
        if (hint) f.setAttribute('aria-describedby', hint); else f.removeAttribute('aria-describedby');
      }
    }
    if (first) first.focus();
    return !first;
  };
  const box = h('form', { class: 'auth', 'aria-label': label, novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    if (!checked()) return;
    const data = { email: email.value, password: password.value };
    if (name) data.display_name = name.value;
    run(v, box, note, { email, password, display_name: name }, async () => {
      /* A sign-up with an email that has an account signs its owner in (200)
       * or is refused like a failed sign-in, in words that fit a sign-up. */
      await queue(() => send('POST', register ? 'accounts' : 'session', data).then(([u]) => show(u), (e) => {
        if (register && e.code === 'invalid_credentials') Object.assign(e, { code: 'signup_refused', said: '' });
        throw e;
      }));
      main.text.focus();
    });
  } }, fe, fp, fn, note, buttons(h('button', { type: 'submit', class: 'primary', text: label }), cancel(v)));
  main.nameField.remove(); /* signing in instead of giving a name */
  v.who.replaceChildren(box);
  email.focus();
};

const rename = (v) => {
  const { t } = v;
  const note = h('p', { id: 'rostra-rename-error', class: 'error', role: 'alert' });
  const [f, name] = field(t('display'), { name: 'display_name', maxlength: '64', autocomplete: 'nickname' });
  name.value = user().display_name;
  const box = h('form', { class: 'auth', 'aria-label': t('rename'), novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    run(v, box, note, { display_name: name }, async () => {
      await queue(() => send('PATCH', 'me', { display_name: name.value, article: v.key }).then(([u]) => show(u)));
      toWho(v);
    });
  } }, f, note, buttons(h('button', { type: 'submit', class: 'primary', text: t('save') }), cancel(v)));
  v.who.replaceChildren(box);
  name.select();
};

/* Ends this browser's session or all of them; a 401 means it had already ended. */
const signOut = (v, what, note) => run(v, v.who, note, {}, async () => {
  await queue(() => send('DELETE', what).catch((e) => { if (e.status !== 401) throw e; }).then(() => {
    store.set(NAME_KEY, '');
    show(null);
  }));
  v.main.name.focus();
});

/* The signed-in reader's line (web/embed/who.js): their name, and
 * buttons to change it and to sign out here or everywhere; note is the
 * line's alert. */
const line = (v, note) => {
  const { t } = v;
  const u = user();
  if (!u) return;
  const act = (label, onclick) => h('button', { type: 'button', class: 'link', text: label, onclick });
  const [before, after] = t('as').split('{name}');
  const bye = (what) => (ev) => out(v, what, ev.currentTarget, note);
  v.who.replaceChildren(
    h('p', { class: 'as' }, before, h('strong', { text: String(u.display_name || '') }), after),
    h('div', { class: 'links' },
      act(t('rename'), () => rename(v)),
      act(t('signOut'), bye('session')),
      act(t('signOutAll'), bye('sessions'))),
    note);
};

/* A guest's comments are theirs only through this session: signing
 * out asks first, in the page, with staying signed in as the default. */
const out = (v, what, from, note) => {
  const { t } = v;
  if (user().kind !== 'guest') return signOut(v, what, note);
  const qid = newId();
  const stay = h('button', { type: 'button', class: 'secondary', text: t('outNo'), onclick: () => {
    sure.remove();
    from.focus();
  } });
  const sure = h('div', { class: 'sure', role: 'group', 'aria-labelledby': qid, onkeydown: (e) => {
    if (e.key === 'Escape') stay.click();
  } }, h('p', { id: qid, text: t('outAsk') }),
  buttons(h('button', { type: 'button', class: 'primary', text: t('outYes'), onclick: () => signOut(v, what, note) }), stay));
  v.who.querySelectorAll('.sure').forEach((x) => x.remove());
  note.before(sure);
  stay.focus();
};
