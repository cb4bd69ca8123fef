/* SPDX-License-Identifier: ISC — Rostra */
/* Moderator sign-in: log in, ask the server whether this account may moderate, then open the queue. */
(() => {
  'use strict';

  const api = '/comments/api/v1';
  const send = (method, path, body) => fetch(api + path, {
    method,
    credentials: 'same-origin',
    headers: Object.assign({ Accept: 'application/json' }, method === 'GET' ? {} :
      { 'X-Rostra-CSRF': '1', 'Content-Type': 'application/json' }),
    body: body ? JSON.stringify(body) : undefined,
  });
  const $ = (id) => document.getElementById(id);
  /* Where the queue sent the moderator from: only a moderator page of this
     site, so a crafted link cannot carry a fresh session elsewhere. */
  const next = (() => {
    const n = new URLSearchParams(location.search).get('next') || '';
    return /^\/comments\/moderate(?:[?#]|$)/.test(n) ? n : '/comments/moderate';
  })();

  const show = (user) => {
    $('login').hidden = !!user;
    $('signed-in').hidden = !user;
    $('welcome').textContent = user ? 'Signed in as ' + user.display_name + ' (' + user.role + '). ' : '';
    if (user) {
      const open = document.createElement('a');
      open.href = next;
      open.textContent = 'Open the moderation queue';
      $('welcome').append(open);
    }
  };

  const check = async (justSignedIn) => {
    const res = await send('GET', '/moderation/me');
    if (res.ok && justSignedIn) return location.assign(next);
    if (res.ok) return show(await res.json());
    show(null);
    if (res.status === 403 && justSignedIn) {
      /* A reader's account signed in through this form: sign it out again. */
      await send('DELETE', '/session');
      $('error').textContent = 'This account is not a moderator.';
    } else if (res.status === 403) {
      /* A reader who came here (the queue sends everyone without the role)
         keeps their session under the articles until they sign in here. */
      $('error').textContent = 'You are signed in as a reader. Sign in with a moderator account.';
    }
  };

  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('error').textContent = '';
    const res = await send('POST', '/session', { email: $('email').value, password: $('password').value });
    if (!res.ok) {
      const data = await res.json().catch(() => null);
      /* Throttled (someone else's guesses, seen from a network this account
         never used): say how long, so the moderator retries then. */
      const wait = res.status === 429 ? res.headers.get('Retry-After') : null;
      $('error').textContent = ((data && data.error && data.error.message) || 'Sign-in failed.') +
        (wait && /^\d+$/.test(wait) ? ' Try again in ' + wait + (wait === '1' ? ' second.' : ' seconds.') : '');
      return;
    }
    $('password').value = '';
    await check(true);
  });
  $('logout').addEventListener('click', async () => {
    await send('DELETE', '/session');
    show(null);
  });
  check();
})();
