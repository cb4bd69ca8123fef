// SPDX-License-Identifier: ISC — Rostra
/* Who the reader is, shared by every embed on the page: undefined until the
 * first answer, then null (signed out) or the user as the server sent it.
 * Identity calls run one after another, so a slow answer never overwrites
 * a newer one; each view (views) redraws itself on a change. */
let user;
let chain = Promise.resolve();
const views = new Set();
const queue = (job) => {
  const p = chain.then(job);
  chain = p.catch(() => {});
  return p;
};
let identify;
const identified = new Promise((done) => { identify = done; }); /* the first answer */
const show = (u) => {
  user = u || null;
  identify();
  views.forEach((v) => v());
  return user;
};
const whoami = () => call(V1 + 'me', { cache: 'no-store' }).then(([u]) => show(u), () => show(null));
const sso = (token) => send('POST', 'session/sso', { token: String(token) }).then(([u]) => show(u));
