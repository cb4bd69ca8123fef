// SPDX-License-Identifier: ISC — Rostra
// The moderator page's one way to the API: send() makes a request and
// answers { status, data, etag } (status 0 if the network failed);
// errorText() says what went wrong. A session that ended, or lost its
// moderator role, goes to the sign-in page, which brings the moderator back.

const API = '/comments/api/v1';
export const LOGIN = '/comments/moderate/login';

// Set once the page is on its way to the sign-in page: nothing more to do here.
export let leaving = false;
function toLogin() {
  if (leaving) return;
  leaving = true;
  location.replace(LOGIN + '?next=' + encodeURIComponent(location.pathname + location.search + location.hash));
}

export async function send(method, path, body, headers = {}) {
  const writes = method !== 'GET';
  let res;
  try {
    res = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      // The page keeps the validator itself; the browser's cache must not answer instead.
      cache: 'no-store',
      headers: { Accept: 'application/json',
        ...(writes ? { 'X-Rostra-CSRF': '1', 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { status: 0, data: null, etag: null };
  }
  const data = res.status === 204 || res.status === 304 ? null : await res.json().catch(() => null);
  const code = data && data.error && data.error.code;
  if (res.status === 401 || (res.status === 403 && code === 'forbidden')) toLogin();
  return { status: res.status, data, etag: res.headers.get('ETag') };
}

export function errorText(r) {
  if (r.data && r.data.error && r.data.error.message) return r.data.error.message;
  return r.status === 0 ? 'The server did not answer; check the connection and try again.' :
    'That did not work (HTTP ' + r.status + ').';
}
