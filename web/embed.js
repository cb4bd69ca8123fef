/* SPDX-License-Identifier: ISC — Rostra */
/* Rostra comment embed. Finds every [data-rostra-article] element on the host
 * page and renders its comment section inside an open shadow root, talking to
 * the API in the same directory as this script (…/api/v1). Server data reaches
 * the DOM only through textContent and attributes, never as markup. Who the
 * reader is comes from GET /me, one small uncached request per page shared by
 * every embed, so the listing stays the same for everyone and cacheable. */
(() => {
  'use strict';
  if (window.Rostra && window.Rostra.signIn) return; /* the script is on the page twice */

  const me = document.currentScript;
  const base = new URL(me && me.src ? '.' : '/comments/', me && me.src || location.href).href;
  const V1 = base + 'api/v1/';
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

  /* A labelled input, with an optional hint under it; ids are unique on the page. */
  let uid = 0;
  const field = (label, props, hint) => {
    const id = 'rostra-f' + ++uid;
    const input = h('input', Object.assign({ id, type: 'text', 'aria-describedby': hint && id + 'h' }, props));
    return [h('div', { class: 'field' }, h('label', { for: id, text: label }), input,
      hint ? h('small', { id: id + 'h', class: 'hint', text: hint }) : null), input];
  };

  /* fetch + JSON; resolves to [data, HTTP status] (data null for 204),
   * rejects with an Error whose message is fit to show, plus status and field. */
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
      const wait = res.headers.get('Retry-After');
      const x = new Error(typeof err.message === 'string' && err.message ? err.message
        : res.status === 429 ? 'Too many attempts. Please wait ' + (/^\d+$/.test(wait) ? wait + ' seconds' : 'a moment') + ' and try again.'
        : 'Something went wrong (HTTP ' + res.status + '). Please try again.');
      x.field = err.field;
      x.status = res.status;
      throw x;
    }
    if (!data && res.status !== 204) throw new Error('The comment server sent an unreadable reply.');
    return [data, res.status];
  };

  /* A state-changing request: the anti-CSRF header, JSON in when there is a body. */
  const send = (method, path, data) => call(V1 + path, {
    method,
    headers: Object.assign({ Accept: 'application/json', 'X-Rostra-CSRF': '1' }, data && { 'Content-Type': 'application/json' }),
    body: data ? JSON.stringify(data) : undefined,
  });

  /* Runs job for a form (or any box of buttons): buttons off meanwhile; a
   * failure goes to its role=alert note and marks the field the server named. */
  const run = async (box, note, fields, job) => {
    const buttons = box.querySelectorAll('button');
    const had = box.getRootNode().activeElement; /* a disabled button loses focus: given back below */
    buttons.forEach((b) => { b.disabled = true; });
    box.setAttribute('aria-busy', 'true');
    note.textContent = '';
    for (const f of Object.values(fields)) {
      if (!f) continue;
      f.removeAttribute('aria-invalid');
      if (f.getAttribute('aria-describedby') === note.id) f.removeAttribute('aria-describedby');
    }
    try {
      await job();
    } catch (e) {
      note.textContent = e.message;
      const f = fields[e.field];
      if (f && f.isConnected) {
        f.setAttribute('aria-invalid', 'true');
        if (note.id && !f.hasAttribute('aria-describedby')) f.setAttribute('aria-describedby', note.id);
        f.focus();
      }
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      box.removeAttribute('aria-busy');
      if (had && had.isConnected && document.activeElement === document.body) had.focus();
    }
  };

  /* Who the reader is, shared by every embed on the page: undefined until the
   * first answer, then null (signed out) or the user as the server sent it.
   * Identity calls run one after another, so a slow answer never overwrites
   * a newer one. */
  let user;
  let chain = Promise.resolve();
  const views = new Set();
  const queue = (job) => {
    const p = chain.then(job);
    chain = p.catch(() => {});
    return p;
  };
  const show = (u) => {
    user = u || null;
    views.forEach((v) => v());
    return user;
  };
  const whoami = () => call(V1 + 'me', { cache: 'no-store' }).then(([u]) => show(u), () => show(null));
  const sso = (token) => send('POST', 'session/sso', { token: String(token) }).then(([u]) => show(u));

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
    /* The server's rendering for readers without JavaScript (SSI) gives way to the embed. */
    host.querySelectorAll('.rostra-ssr').forEach((n) => n.remove());
    const path = 'articles/' + encodeURIComponent(key) + '/comments';

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
    const nameField = h('div', { class: 'field' }, h('label', { for: 'rostra-name', text: 'Your name' }), input);
    const text = h('textarea', { id: 'rostra-body', name: 'body', rows: '4', maxlength: '10000' });
    const alert = h('p', { id: 'rostra-error', class: 'error', role: 'alert' });
    const thanks = h('p', { class: 'thanks', role: 'status' });
    const submit = h('button', { type: 'submit', class: 'primary' });
    const form = h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault(); post(); } },
      h('div', { class: 'field' }, h('label', { for: 'rostra-body', text: 'Your comment' }), text),
      alert, thanks,
      h('div', { class: 'actions' }, submit));
    /* Who is commenting: sign-in links, or the signed-in reader's line. */
    const who = h('div', { class: 'who' });
    const composer = h('div', { class: 'composer' }, who, form);

    const buttons = (...b) => h('div', { class: 'actions' }, ...b);
    const cancel = () => h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => {
      render();
      who.querySelector('button').focus();
    } });

    /* The compact sign-in or create-account form, in place of the links. */
    const auth = (register) => {
      const note = h('p', { id: 'rostra-auth-error', class: 'error', role: 'alert' });
      const [fe, email] = field('Email', { type: 'email', name: 'email', maxlength: '254', autocomplete: register ? 'email' : 'username' });
      const [fp, password] = field('Password', { type: 'password', name: 'password', autocomplete: register ? 'new-password' : 'current-password' },
        register && 'At least 10 characters.');
      const [fn, name] = register ? field('Display name', { name: 'display_name', maxlength: '64', autocomplete: 'nickname' }) : [];
      if (name) name.value = input.value;
      const label = register ? 'Create account' : 'Sign in';
      const box = h('form', { class: 'auth', 'aria-label': label, novalidate: true, onsubmit: (ev) => {
        ev.preventDefault();
        const data = { email: email.value, password: password.value };
        if (name) data.display_name = name.value;
        run(box, note, { email, password, display_name: name }, async () => {
          await queue(() => send('POST', register ? 'accounts' : 'session', data).then(([u]) => show(u)));
          text.focus();
        });
      } }, fe, fp, fn, note, buttons(h('button', { type: 'submit', class: 'primary', text: label }), cancel()));
      nameField.remove(); /* signing in instead of giving a name */
      who.replaceChildren(box);
      email.focus();
    };

    const rename = () => {
      const note = h('p', { id: 'rostra-rename-error', class: 'error', role: 'alert' });
      const [f, name] = field('Display name', { name: 'display_name', maxlength: '64', autocomplete: 'nickname' });
      name.value = user.display_name;
      const box = h('form', { class: 'auth', 'aria-label': 'Change name', novalidate: true, onsubmit: (ev) => {
        ev.preventDefault();
        run(box, note, { display_name: name }, async () => {
          await queue(() => send('PATCH', 'me', { display_name: name.value }).then(([u]) => show(u)));
          who.querySelector('button').focus();
        });
      } }, f, note, buttons(h('button', { type: 'submit', class: 'primary', text: 'Save' }), cancel()));
      who.replaceChildren(box);
      name.select();
    };

    /* Ends this browser's session or all of them; a 401 means it had already ended. */
    const signOut = (what, note) => run(who, note, {}, async () => {
      await queue(() => send('DELETE', what).catch((e) => { if (e.status !== 401) throw e; }).then(() => {
        store.set(NAME_KEY, '');
        show(null);
      }));
      input.focus();
    });

    let was; /* the state last shown here */
    const render = () => {
      if (user === undefined) return;
      if (user) {
        const note = h('p', { class: 'error', role: 'alert' });
        const act = (label, onclick) => h('button', { type: 'button', class: 'link', text: label, onclick });
        nameField.remove();
        who.replaceChildren(
          h('p', { class: 'as' }, 'Commenting as ', h('strong', { text: String(user.display_name || '') })),
          h('div', { class: 'links' },
            act('Change name', rename),
            act('Sign out', () => signOut('session', note)),
            act('Sign out everywhere', () => signOut('sessions', note))),
          note);
      } else {
        if (was !== null) input.value = store.get(NAME_KEY) || '';
        form.prepend(nameField);
        who.replaceChildren(h('div', { class: 'links' },
          h('button', { type: 'button', class: 'link', text: 'Sign in', onclick: () => auth(false) }),
          h('button', { type: 'button', class: 'link', text: 'Create account', onclick: () => auth(true) })));
      }
      if (was !== undefined && was !== user && likes.size) loadMine();
      was = user;
    };
    views.add(render);
    render();

    const showCount = () => {
      heading.textContent = 'Comments (' + count + ')';
      submit.textContent = count ? 'Post comment' : 'Leave the first comment';
      section.classList.toggle('empty', !count);
    };

    /* The server's rendering of a comment (a small CommonMark subset), rebuilt
     * element by element from an allowlist: nothing else of it reaches the page. */
    const TAGS = ['P', 'BR', 'EM', 'STRONG', 'A', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'CODE'];
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
    const bodyOf = (c) => (typeof c.html === 'string' && c.html
      ? rebuild(new DOMParser().parseFromString(c.html, 'text/html').body, h('div', { class: 'text html' }))
      : h('p', { class: 'text', text: String(c.body || '') }));

    /* Reactions: the label and counts come with the public listing; which
     * comments are the reader's own or have their reaction comes from /mine. */
    let label = 'Like';
    const mine = { own: new Set(), reacted: new Set() };
    const likes = new Map(); /* comment id → { button, n } */
    const showLike = (id) => {
      const l = likes.get(id);
      const own = mine.own.has(id);
      l.del.hidden = !own || !user;
      l.rep.hidden = !user || own || !l.button || l.reported;
      if (!l.button) return;
      l.button.textContent = label + ' (' + l.n + ')';
      l.button.setAttribute('aria-pressed', String(mine.reacted.has(id)));
      l.button.disabled = !user || own;
      l.button.title = own ? 'Your own comment' : user ? '' : 'Comment or sign in to react';
    };
    /* Reporting opens a short form under the comment; once sent, it cannot be sent again. */
    const REASONS = [['spam', 'Spam'], ['abusive', 'Abusive or hateful'], ['off_topic', 'Off topic'],
      ['misinformation', 'Misinformation'], ['other', 'Something else']];
    const report = (id, footer) => {
      const l = likes.get(id);
      if (footer.querySelector('form')) return;
      const note = h('p', { class: 'error', role: 'alert' });
      const group = 'rostra-r' + ++uid;
      const radios = REASONS.map(([value, text], i) => {
        const input = h('input', { type: 'radio', name: group, value, id: group + i, checked: i === 0 });
        return h('div', { class: 'choice' }, input, h('label', { for: group + i, text }));
      });
      const [detailsField, details] = field('Details (needed for "Something else")', { name: 'note', maxlength: '500' });
      const done = (text) => {
        l.reported = true;
        showLike(id);
        const said = h('p', { class: 'thanks', role: 'status', tabindex: '-1', text });
        box.replaceWith(said);
        said.focus(); /* the form that had focus is gone; read the answer */
      };
      const box = h('form', { class: 'auth report', 'aria-label': 'Report this comment', novalidate: true, onsubmit: (ev) => {
        ev.preventDefault();
        run(box, note, { note: details }, async () => {
          const reason = box.querySelector('input[type=radio]:checked').value;
          try {
            await send('POST', 'comments/' + id + '/reports', Object.assign({ reason }, details.value.trim() ? { note: details.value } : {}));
          } catch (e) {
            if (e.status !== 409) throw e;
            return done('You have already reported this comment.');
          }
          done('Thank you. Moderators will review this comment.');
        });
      } }, h('fieldset', null, h('legend', { text: 'Why should moderators look at this comment?' }), ...radios),
      detailsField, note, buttons(h('button', { type: 'submit', class: 'primary', text: 'Send report' }), h('button', {
        type: 'button', class: 'secondary', text: 'Cancel', onclick: () => { box.remove(); l.rep.focus(); } })));
      footer.after(box);
      box.querySelector('input').focus();
    };

    /* Deleting asks once more on the same button, then takes the comment away. */
    const remove = async (id, li, held) => {
      const l = likes.get(id);
      if (l.del.dataset.confirm !== '1') {
        l.del.dataset.confirm = '1';
        l.del.textContent = 'Delete for good?';
        return;
      }
      l.del.disabled = true;
      try {
        await send('DELETE', 'comments/' + id);
        store.set(POSTED_KEY, String(Date.now()));
        likes.delete(id);
        li.remove();
        if (!held) {
          count--;
          showCount();
        }
        thanks.textContent = 'Your comment was deleted.';
      } catch (e) {
        alert.textContent = e.message;
        l.del.disabled = false;
      }
    };
    const like = async (id) => {
      const l = likes.get(id);
      const on = !mine.reacted.has(id);
      l.button.disabled = true;
      try {
        const [r] = await send(on ? 'PUT' : 'DELETE', 'comments/' + id + '/reaction');
        l.n = Number(r.reactions) || 0;
        store.set(POSTED_KEY, String(Date.now())); /* a reload shows the new count */
        if (r.reacted) mine.reacted.add(id); else mine.reacted.delete(id);
      } catch (e) {
        alert.textContent = e.message;
      }
      showLike(id);
    };
    /* Under each comment: the reaction (not on held ones) and, for its author, Delete. */
    const actions = (c, li) => {
      const held = c.status === 'held';
      const button = held ? null : h('button', { type: 'button', class: 'react', onclick: () => like(c.id) });
      const del = h('button', { type: 'button', class: 'link delete', text: 'Delete', onclick: () => remove(c.id, li, held) });
      const rep = h('button', { type: 'button', class: 'link delete', text: 'Report', onclick: () => report(c.id, footer) });
      const footer = h('footer', null, button, del, rep);
      if (held) mine.own.add(c.id);
      likes.set(c.id, { button, del, rep, n: Number(c.reactions) || 0 });
      showLike(c.id);
      return footer;
    };
    /* The reader's part of the page: held comments, own comments, reactions. */
    const loadMine = async () => {
      mine.own.clear();
      mine.reacted.clear();
      for (const [id, l] of likes) if (!l.button) mine.own.add(id); /* held: the reader's own */
      if (user) {
        const [m] = await call(V1 + path + '/mine').catch(() => [null]);
        if (m) {
          add(m.comments, true);
          for (const id of m.own || []) mine.own.add(id);
          for (const id of m.reacted || []) mine.reacted.add(id);
        }
      }
      for (const id of likes.keys()) showLike(id);
    };

    /* A held comment is shown to its author only, marked as awaiting review. */
    const item = (c, acts = true) => {
      const li = h('li', { class: c.status === 'held' ? 'comment held' : 'comment' });
      li.append(h('article', null,
        h('header', null,
          h('span', { class: 'author', text: String(c.author_name || '') }),
          c.badge === 'staff' ? h('span', { class: 'badge', text: 'Staff' }) : null,
          c.featured ? h('span', { class: 'badge featured', text: 'Featured' }) : null,
          h('time', { datetime: String(c.created_at || ''), text: when(c.created_at) })),
        c.status === 'held' ? h('p', { class: 'review', text: 'Awaiting review: only you can see this comment for now.' }) : null,
        bodyOf(c),
        acts ? actions(c, li) : null));
      return li;
    };
    /* Comments the moderators chose, shown first (again in their place below). */
    const featuredBox = (comments) => (comments && comments.length
      ? h('section', { class: 'picks', 'aria-label': 'Featured comments' },
        h('h3', { text: 'Featured' }), h('ul', { class: 'list' }, ...comments.map((c) => item(c, false))))
      : null);

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
          const [page] = await call(V1 + path + '?cursor=' + encodeURIComponent(cursor));
          add(page.comments, false);
          showMore(page.next_cursor);
        } catch (e) {
          note.textContent = 'Could not load older comments. ' + e.message;
          btn.disabled = false;
        }
      } });
      more.append(btn, note);
    };

    const post = () => run(form, alert, { author_name: input, body: text }, async () => {
      thanks.textContent = '';
      await chain; /* know who is posting first */
      const guest = !user;
      const data = { body: text.value, title: [...document.title].slice(0, 200).join(''), url: location.origin + location.pathname };
      if (guest) data.author_name = input.value;
      let answer;
      try {
        answer = await send('POST', path, data);
      } catch (e) {
        if (e.status !== 401) throw e;
        /* A session ended elsewhere leaves its cookie here, and the server
         * refuses it: end it (which clears the cookie), then a guest tries
         * once more and a signed-in reader is shown as signed out. */
        const [, ended] = await send('DELETE', 'session').catch(() => []);
        if (!guest) {
          queue(() => show(null));
          throw e;
        }
        if (ended !== 204) throw e;
        answer = await send('POST', path, data);
      }
      const [c, code] = answer;
      store.set(POSTED_KEY, String(Date.now()));
      if (guest) {
        /* The post made this browser a guest with a session: show it. */
        store.set(NAME_KEY, input.value);
        queue(whoami);
      }
      text.value = '';
      if (code === 202) {
        /* Held for moderation: shown to its author only, not counted. */
        add([c], true);
        thanks.textContent = 'Thank you! Your comment will appear once it has been reviewed.';
      } else {
        mine.own.add(c.id);
        add([c], true);
        count++;
        showCount();
        thanks.textContent = 'Thank you! Your comment is published.';
      }
    });

    const load = async () => {
      section.setAttribute('aria-busy', 'true');
      status.replaceChildren(h('p', { class: 'note', text: 'Loading comments…' }));
      const fresh = Date.now() - Number(store.get(POSTED_KEY) || 0) < FRESH_MS;
      try {
        const [page] = await call(V1 + path, fresh ? { cache: 'no-cache' } : {});
        count = Number(page.article && page.article.comment_count) || 0;
        if (typeof page.reaction_label === 'string' && page.reaction_label) label = page.reaction_label;
        status.replaceChildren();
        add(page.comments, false);
        showMore(page.next_cursor);
        showCount();
        await chain;
        await loadMine();
        /* A closed thread keeps its comments and says so instead of offering the form. */
        body.replaceChildren(...(page.article && page.article.closed
          ? [h('p', { class: 'closed', role: 'status', text: 'This discussion is closed: no new comments can be posted.' })]
          : [h('p', { class: 'prompt', text: 'What is your opinion on this topic?' }), composer]),
        ...[featuredBox(page.featured)].filter(Boolean), list, more);
      } catch (e) {
        status.replaceChildren(h('p', { class: 'error', text: 'Comments could not be loaded.' }),
          h('button', { type: 'button', class: 'secondary', text: 'Retry', onclick: load }));
      } finally {
        section.removeAttribute('aria-busy');
      }
    };

    load();
  };

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
})();
