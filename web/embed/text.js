// SPDX-License-Identifier: ISC — Rostra
/* The server's rendering of a comment (a small CommonMark subset), rebuilt
 * element by element from an allowlist: nothing else of it reaches the page. */
const TAGS = ['P', 'BR', 'EM', 'STRONG', 'A', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'CODE'];
/* The one HTML string the embed reads: parsed into an inert document
 * (no script runs there), then rebuilt from the allowlist above. Under a
 * page's require-trusted-types-for 'script' it goes through this policy
 * ("rostra"); a page whose trusted-types list leaves it out gets each
 * comment's source text instead. */
const rebuild = (from, to) => {
  for (const n of from.childNodes) {
    if (n.nodeType === 3) {
      /* Line breaks between blocks are layout, not text. */
      if (!/^\s*$/.test(n.data) || !/^(DIV|BLOCKQUOTE|UL|OL)$/.test(to.tagName)) to.append(n.data);
      continue;
    }
    if (n.nodeType !== 1) continue;
    if (!TAGS.includes(n.tagName)) { rebuild(n, to); continue; }
    const e = document.createElement(n.tagName.toLowerCase());
    const href = n.tagName === 'A' ? n.getAttribute('href') || '' : '';
    if (/^https?:\/\//i.test(href)) {
      e.setAttribute('href', href);
      e.setAttribute('rel', 'nofollow ugc noopener');
    }
    to.append(rebuild(n, e));
  }
  return to;
};
/* A comment's words: the server's markup taken over (c.dom), its HTML, or
 * its source text. */
const bodyOf = (c) => (c.dom ? rebuild(c.dom, h('div', { class: 'text html' }))
  : typeof c.html === 'string' && c.html && (tt || !window.trustedTypes)
    ? rebuild(new DOMParser().parseFromString(tt ? tt.createHTML(c.html) : c.html, 'text/html').body,
      h('div', { class: 'text html' }))
    : h('p', { class: 'text', text: String(c.body || '') }));
