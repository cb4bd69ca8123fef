// SPDX-License-Identifier: ISC — Rostra
/* The page's storage and the one way we build DOM. */
const store = {
  get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
  set(k, v) { try { if (v === '') localStorage.removeItem(k); else localStorage.setItem(k, v); } catch (e) { /* storage off */ } },
};

/* Where a form goes if it is ever submitted without its handler (a script
 * error before preventDefault): a POST that nginx answers with a short
 * page, so a typed password never lands in a URL, a log or a Referer. */
const NOJS = base + 'nojs';
/* h('p', {class: 'x', text: 'y'}, child…): the only way we build DOM. */
const h = (tag, props, ...kids) => {
  const e = document.createElement(tag);
  if (tag === 'form') {
    e.setAttribute('method', 'post');
    e.setAttribute('action', NOJS);
  }
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v != null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids) if (c != null) e.append(c);
  return e;
};
/* Element ids, unique on the page. */
let uid = 0;
const newId = () => 'rostra-f' + ++uid;
