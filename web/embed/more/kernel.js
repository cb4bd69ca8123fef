// SPDX-License-Identifier: ISC — Rostra
/* build/web/embed-more.js, the embed's lazily loaded part (see
 * web/embed/lazy.js): make joins the files of web/embed/more/ in a fixed
 * order inside "export default (K) => { … }". This file: what it takes
 * from the embed's kernel K; user() and chain() read its current values. */
const {
  h, newId, store, now, queue, show, whoami, user, chain,
  MAX, NAME_KEY, POSTED_KEY, render, showCount, state, bump, redraw, thread, place,
  writer, textarea, keep, moreReplies, showMore, pageUrl,
} = K;
/* A refusal as the forms read it (web/embed/network.js leaves it raw):
 * its code, the server's own message (said), the field and the limit it
 * broke (min, max) or the rule, and the seconds to wait (Retry-After). */
const refused = (e) => {
  if (e.code) throw e;
  const err = (e.data && e.data.error) || {};
  throw Object.assign(e, {
    code: typeof err.code === 'string' ? err.code : e.status === 429 ? 'too_many_requests' : 'http',
    said: typeof err.message === 'string' ? err.message : '', field: err.field, rule: err.rule, min: err.min, max: err.max,
    wait: /^\d+$/.test(e.retry) ? Number(e.retry) : 0,
  });
};
const call = (...a) => K.call(...a).catch(refused);
const send = (...a) => K.send(...a).catch(refused);
const V1 = new URL('api/v1/', import.meta.url).href; /* this file is …/embed-more.js */
const PASSWORD_MIN = 10; /* the daemon's password_min, checked before sending */
