// SPDX-License-Identifier: ISC — Rostra
/* Mounts every embed on the page (again once the document is parsed), asks
 * who the reader is once, and gives the host page its one function. */

/* Single sign-on tokens are used once each, before the first /me. */
const used = new Set();
let asked = false;
const scan = () => {
  const hosts = document.querySelectorAll('[data-rostra-article]');
  hosts.forEach((el) => {
    try { mount(el); } catch (e) { /* e.g. the host already has a shadow root */ }
    const token = el.getAttribute('data-rostra-sso');
    if (token && !used.has(token)) {
      used.add(token);
      asked = true;
      /* A refused token (expired, replayed) leaves whatever session there is. */
      queue(() => sso(token).catch(whoami));
    }
  });
  if (!asked && hosts.length) {
    asked = true;
    queue(whoami);
  }
};

/* For the news site: after its own login, hand Rostra the single sign-on
 * token its backend issued; every embed on the page shows the reader. */
window.Rostra = Object.assign(window.Rostra || {}, {
  signIn: (token) => queue(() => sso(token)).then((u) => Object.assign({}, u)),
});

scan();
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
