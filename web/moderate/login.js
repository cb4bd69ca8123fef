/* SPDX-License-Identifier: ISC — Rostra */
/* Moderator sign-in: log in, then ask the server whether this account may moderate. */
(() => {
  'use strict';

  const api = '/comments/api/v1';
  const send = (method, path, body) => fetch(api + path, {
    method,
    credentials: 'same-origin',
    headers: Object.assign({ Accept: 'application/json', 'X-Rostra-CSRF': '1' },
      body ? { 'Content-Type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const $ = (id) => document.getElementById(id);

  const show = (user) => {
    $('login').hidden = !!user;
    $('signed-in').hidden = !user;
    $('welcome').textContent = user ?
      'Signed in as ' + user.display_name + ' (' + user.role + '). The moderation queue opens here.' : '';
  };

  const check = async () => {
    const res = await send('GET', '/moderation/me');
    if (res.ok) return show(await res.json());
    show(null);
    if (res.status === 403) {
      /* A reader's account: sign it out of this page again. */
      await send('DELETE', '/session');
      $('error').textContent = 'This account is not a moderator.';
    }
  };

  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('error').textContent = '';
    const res = await send('POST', '/session', { email: $('email').value, password: $('password').value });
    if (!res.ok) {
      const data = await res.json().catch(() => null);
      $('error').textContent = (data && data.error && data.error.message) || 'Sign-in failed.';
      return;
    }
    $('password').value = '';
    await check();
  });
  $('logout').addEventListener('click', async () => {
    await send('DELETE', '/session');
    show(null);
  });
  check();
})();
