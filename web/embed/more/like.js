// SPDX-License-Identifier: ISC — Rostra
/* Reactions, and what a signed-out reader's Like or Report says. */

/* A signed-out reader's Like or Report: what to do first, said under
 * the comment (its alert); focus stays on the button they pressed. */
const ask = (v, r, k) => {
  r.ask.textContent = ''; /* emptied first, so a second press is heard again */
  setTimeout(() => { if (!user()) r.ask.textContent = v.t(k); }, 100);
};
const like = async (v, r) => {
  const id = r.c.id;
  if (!user()) return ask(v, r, 'likeAsk');
  const on = !v.mine.reacted.has(id);
  r.like.disabled = true;
  try {
    const [x] = await send(on ? 'PUT' : 'DELETE', 'comments/' + id + '/reaction');
    r.n = Number(x.reactions) || 0;
    store.set(POSTED_KEY, String(Date.now())); /* a reload shows the new count */
    if (x.reacted) v.mine.reacted.add(id); else v.mine.reacted.delete(id);
  } catch (e) {
    v.main.alert.textContent = say(v, e);
  }
  state(v, r);
};
