// SPDX-License-Identifier: ISC — Rostra
/* Reporting opens a short form under the comment; once sent, it cannot be sent again. */
const REASONS = ['spam', 'abusive', 'off_topic', 'misinformation', 'other'];
const report = (v, r) => {
  const { t } = v;
  const id = r.c.id;
  if (!user()) return ask(v, r, 'reportAsk');
  if (r.art.querySelector('form.report')) return;
  const note = h('p', { class: 'error', role: 'alert' });
  const group = newId().replace('-f', '-r');
  /* Each radio inside its label; none chosen until the reader chooses. */
  const radios = REASONS.map((value) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: group, value, required: true }), h('span', { text: t(value) })));
  note.id = group + 'e';
  const set = h('fieldset', null, h('legend', { text: t('why') }), ...radios);
  const [detailsField, details] = field(t('details'), { name: 'note', maxlength: '500' });
  const done = (text) => {
    v.mine.reported.add(id);
    state(v, r);
    const said = h('p', { class: 'thanks', role: 'status', tabindex: '-1', text });
    box.replaceWith(said);
    said.focus(); /* the form that had focus is gone; read the answer */
  };
  const box = h('form', { class: 'auth report', 'aria-label': t('reportIt'), novalidate: true, onkeydown: (ev) => {
    if (ev.key !== 'Escape' || ev.isComposing) return;
    box.remove();
    r.rep.focus();
  }, onsubmit: (ev) => {
    ev.preventDefault();
    const picked = box.querySelector('input[type=radio]:checked');
    set.removeAttribute('aria-describedby');
    if (!picked) {
      /* No reason chosen: said in the form (its alert), nothing sent. */
      note.textContent = t('pickReason');
      set.setAttribute('aria-describedby', note.id);
      box.querySelector('input[type=radio]').focus();
      return;
    }
    run(v, box, note, { note: details }, async () => {
      const reason = picked.value;
      try {
        await send('POST', 'comments/' + id + '/reports', Object.assign({ reason }, details.value.trim() ? { note: details.value } : {}));
      } catch (e) {
        if (e.status !== 409) throw e;
        return done(t('already'));
      }
      done(t('reported'));
    });
  } }, set, detailsField, note, buttons(h('button', { type: 'submit', class: 'primary', text: t('send') }), h('button', {
    type: 'button', class: 'secondary', text: t('cancel'), onclick: () => { box.remove(); r.rep.focus(); } })));
  r.foot.after(box);
  box.querySelector('input').focus();
};
