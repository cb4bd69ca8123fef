/* SPDX-License-Identifier: ISC — Rostra */
/* Rostra comment embed. Finds every [data-rostra-article] element on the host
 * page and renders its comment section inside an open shadow root, talking to
 * the API in the same directory as this script (…/api/v1). Server data reaches
 * the DOM only through textContent and attributes, never as markup. */
(() => {
  'use strict';

  const me = document.currentScript;
  const base = new URL(me && me.src ? '.' : '/comments/', me && me.src || location.href).href;
  const api = base + 'api/v1/articles/';
  const NAME_KEY = 'rostra.name';
  const POSTED_KEY = 'rostra.posted';
  /* After this browser posted, revalidate listings for a while so a cached
   * copy never hides the new comment. */
  const FRESH_MS = 10 * 60 * 1000;

  const store = {
    get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* storage off */ } },
  };

  /* h('p', {class: 'x', text: 'y'}, child…): the only way we build DOM. */
  const h = (tag, props, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v != null && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids) if (c != null) e.append(c);
    return e;
  };

  /* fetch + JSON; resolves to [data, HTTP status], rejects with an Error whose
   * message is fit to show. */
  const call = async (url, opts) => {
    let res;
    try {
      res = await fetch(url, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, opts));
    } catch (e) {
      throw new Error('Could not reach the comment server. Please try again.');
    }
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = (data && data.error) || {};
      const x = new Error(typeof err.message === 'string' && err.message
        ? err.message : 'Something went wrong (HTTP ' + res.status + '). Please try again.');
      x.field = err.field;
      throw x;
    }
    if (!data) throw new Error('The comment server sent an unreadable reply.');
    return [data, res.status];
  };

  const when = (iso) => {
    const d = new Date(iso);
    if (isNaN(d)) return String(iso || '');
    try { return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }); }
    catch (e) { return d.toLocaleString(); }
  };

  const mount = (host) => {
    const key = host.getAttribute('data-rostra-article');
    if (!key || host.shadowRoot) return;
    const root = host.attachShadow({ mode: 'open' });
    const url = api + encodeURIComponent(key) + '/comments';

    /* Keep the section hidden until our stylesheet is in (no flash of
     * unstyled form); if this inline rule is blocked or the sheet fails,
     * everything simply shows. */
    const veil = h('style', { text: '.rostra{visibility:hidden}' });
    const link = h('link', { rel: 'stylesheet', href: base + 'embed.css' });
    link.onload = link.onerror = () => veil.remove();

    const heading = h('h2', { class: 'title', text: 'Comments' });
    const status = h('div', { class: 'status', role: 'status' });
    const body = h('div', { class: 'body' });
    const section = h('section', { class: 'rostra', 'aria-label': 'Comments', 'aria-busy': 'true' }, heading, status, body);
    root.append(veil, link, section);

    let count = 0;
    const seen = new Set();
    const list = h('ol', { class: 'list' });
    const more = h('div', { class: 'more' });

    const input = h('input', { id: 'rostra-name', name: 'author_name', type: 'text', maxlength: '64', autocomplete: 'name' });
    input.value = store.get(NAME_KEY) || '';
    const text = h('textarea', { id: 'rostra-body', name: 'body', rows: '4', maxlength: '10000' });
    const alert = h('p', { id: 'rostra-error', class: 'error', role: 'alert' });
    const thanks = h('p', { class: 'thanks', role: 'status' });
    const submit = h('button', { type: 'submit', class: 'primary' });
    const form = h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault(); post(); } },
      h('div', { class: 'field' }, h('label', { for: 'rostra-name', text: 'Your name' }), input),
      h('div', { class: 'field' }, h('label', { for: 'rostra-body', text: 'Your comment' }), text),
      alert, thanks,
      h('div', { class: 'actions' }, submit));

    const showCount = () => {
      heading.textContent = 'Comments (' + count + ')';
      submit.textContent = count ? 'Post comment' : 'Leave the first comment';
      section.classList.toggle('empty', !count);
    };

    const item = (c) => h('li', { class: 'comment' },
      h('article', null,
        h('header', null,
          h('span', { class: 'author', text: String(c.author_name || '') }),
          h('time', { datetime: String(c.created_at || ''), text: when(c.created_at) })),
        h('p', { class: 'text', text: String(c.body || '') })));

    const add = (comments, atTop) => {
      for (const c of comments || []) {
        if (!c || seen.has(c.id)) continue;
        seen.add(c.id);
        if (atTop) list.prepend(item(c)); else list.append(item(c));
      }
    };

    const showMore = (cursor) => {
      more.replaceChildren();
      if (cursor == null) return;
      const note = h('p', { class: 'error', role: 'alert' });
      const btn = h('button', { type: 'button', class: 'secondary', text: 'Show older comments', onclick: async () => {
        btn.disabled = true;
        note.textContent = '';
        try {
          const [page] = await call(url + '?cursor=' + encodeURIComponent(cursor));
          add(page.comments, false);
          showMore(page.next_cursor);
        } catch (e) {
          note.textContent = 'Could not load older comments. ' + e.message;
          btn.disabled = false;
        }
      } });
      more.append(btn, note);
    };

    const post = async () => {
      submit.disabled = true;
      form.setAttribute('aria-busy', 'true');
      alert.textContent = thanks.textContent = '';
      for (const f of [input, text]) { f.removeAttribute('aria-invalid'); f.removeAttribute('aria-describedby'); }
      const where = location.origin + location.pathname;
      const title = [...document.title].slice(0, 200).join('');
      try {
        const [c, status] = await call(url, {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Rostra-CSRF': '1' },
          body: JSON.stringify({ author_name: input.value, body: text.value, title, url: where }),
        });
        store.set(NAME_KEY, input.value);
        store.set(POSTED_KEY, String(Date.now()));
        text.value = '';
        if (status === 202) {
          /* Held for moderation: nothing to list yet. */
          thanks.textContent = 'Thank you! Your comment will appear once it has been reviewed.';
        } else {
          add([c], true);
          count++;
          showCount();
        }
      } catch (e) {
        alert.textContent = e.message;
        const f = e.field === 'author_name' ? input : e.field === 'body' ? text : null;
        if (f) { f.setAttribute('aria-invalid', 'true'); f.setAttribute('aria-describedby', 'rostra-error'); f.focus(); }
      } finally {
        submit.disabled = false;
        form.removeAttribute('aria-busy');
      }
    };

    const load = async () => {
      section.setAttribute('aria-busy', 'true');
      status.replaceChildren(h('p', { class: 'note', text: 'Loading comments…' }));
      const fresh = Date.now() - Number(store.get(POSTED_KEY) || 0) < FRESH_MS;
      try {
        const [page] = await call(url, fresh ? { cache: 'no-cache' } : {});
        count = Number(page.article && page.article.comment_count) || 0;
        status.replaceChildren();
        add(page.comments, false);
        showMore(page.next_cursor);
        showCount();
        body.replaceChildren(h('p', { class: 'prompt', text: 'What is your opinion on this topic?' }), form, list, more);
      } catch (e) {
        status.replaceChildren(h('p', { class: 'error', text: 'Comments could not be loaded.' }),
          h('button', { type: 'button', class: 'secondary', text: 'Retry', onclick: load }));
      } finally {
        section.removeAttribute('aria-busy');
      }
    };

    load();
  };

  const scan = () => document.querySelectorAll('[data-rostra-article]').forEach((el) => {
    try { mount(el); } catch (e) { /* e.g. the host already has a shadow root */ }
  });
  scan();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
})();
