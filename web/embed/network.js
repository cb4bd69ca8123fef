// SPDX-License-Identifier: ISC — Rostra
/* Talking to the API: JSON in and out, the anti-CSRF header, and the
 * server's clock. */

/* The server's clock minus ours (from Date headers), for edit windows and "5 minutes ago". */
let skew = 0;
const now = () => Date.now() + skew;
/* fetch + JSON; resolves to [data, HTTP status] (data null for 204),
 * rejects with an Error carrying code, status, field, min and max (the
 * limit the field broke), wait (Retry-After) and said (the server's own
 * message, if any). */
const call = async (url, opts) => {
  let res;
  const fail = (code, said, more) => Object.assign(new Error(said || MSG.en['e.' + code] || MSG.en['e.wait']), { code, said }, more);
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
    const err = (data && data.error) || {};
    const wait = res.headers.get('Retry-After');
    throw fail(typeof err.code === 'string' ? err.code : res.status === 429 ? 'too_many_requests' : 'http',
      typeof err.message === 'string' ? err.message : '',
      { field: err.field, rule: err.rule, min: err.min, max: err.max, status: res.status, wait: /^\d+$/.test(wait) ? Number(wait) : 0 });
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
