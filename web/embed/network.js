// SPDX-License-Identifier: ISC — Rostra
/* Talking to the API: JSON in and out, the anti-CSRF header, and the
 * server's clock. */

/* The server's clock minus ours (from Date headers), for edit windows and "5 minutes ago". */
let skew = 0;
const now = () => Date.now() + skew;
/* fetch + JSON; resolves to [data, HTTP status] (data null for 204),
 * rejects with an Error carrying its code (network, unreadable) or, for a
 * refusal, its status, the answer (data) and Retry-After (retry): the lazy
 * part reads the refusal (more/kernel.js), the reading path needs no more.
 * Its message, for a host page's Rostra.signIn, is the server's or these. */
const fail = (code, more, said) => Object.assign(new Error(said || (code === 'network'
  ? 'Could not reach the comment server. Please try again.' : 'The comment server sent an unreadable reply.')), { code }, more);
const call = async (url, opts) => {
  let res;
  try {
    res = await fetch(url, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, opts));
  } catch (e) {
    throw fail('network');
  }
  const date = Date.parse(res.headers.get('Date'));
  if (date) skew = date - Date.now();
  let data = null;
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) {
    const said = data && data.error && data.error.message;
    throw fail('', { status: res.status, data, retry: res.headers.get('Retry-After') }, typeof said === 'string' && said || 'HTTP ' + res.status);
  }
  if (!data && res.status !== 204) throw fail('unreadable');
  return [data, res.status];
};

/* A state-changing request: the anti-CSRF header, JSON in when there is a body. */
const send = (method, path, data, more) => call(V1 + path, {
  method,
  headers: Object.assign({ Accept: 'application/json', 'X-Rostra-CSRF': '1' }, data && { 'Content-Type': 'application/json' }, more),
  body: data ? JSON.stringify(data) : undefined,
});
