// SPDX-License-Identifier: ISC — Rostra
/* A textarea's extras (web/embed/composer.js): the characters left, and a
 * paste that did not fit. */
const STEPS = [0, 50, 100, 200, 500]; /* characters left that screen readers hear */
/* Near the limit, the characters left: shown as typed, and said to
 * screen readers only when a threshold is crossed. */
const counter = (v, w) => {
  const n = MAX - w.text.value.length;
  w.left.textContent = n <= STEPS[STEPS.length - 1] ? v.t('left', { n }) : '';
  const step = STEPS.find((x) => n <= x);
  if (step !== w.step) w.said.textContent = step == null ? '' : v.t('left', { n });
  w.step = step;
};
/* The textarea's maxlength drops what does not fit without a word:
 * a paste that did not fit in full says, in the form's alert
 * (w.alert), how much was left out; the words go once it fits. */
const cut = (w, said) => {
  if (!w.alert || (!said && w.alert.textContent !== w.cut)) return;
  w.alert.textContent = w.cut = said;
};
const typed = (v, w) => {
  if (w.text.value.length < MAX) cut(w, '');
  counter(v, w);
};
/* expect: the length the text would have had with all of the paste. */
const pasted = (v, w, expect) => {
  const lost = expect - w.text.value.length;
  cut(w, lost > 0 ? v.t('cut', { n: lost, max: MAX }) : '');
};
