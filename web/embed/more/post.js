// SPDX-License-Identifier: ISC — Rostra
/* Posting a comment or a reply from writer w (web/embed/composer.js):
 * sent once, shown in its place, counted. */
const post = (v, w) => run(v, w.form, w.alert, { author_name: w.name, body: w.text }, async () => {
  const { t } = v;
  w.thanks.textContent = '';
  await chain(); /* know who is posting first */
  const guest = !user();
  const data = { body: w.text.value, title: [...document.title].slice(0, 200).join(''), url: location.origin + location.pathname };
  if (w.parent) data.parent_id = w.parent.c.id;
  if (guest) data.author_name = w.name.value;
  /* One key per comment, kept while its text is unchanged: sending it
   * again after a failure can never store it twice. */
  if (!w.key || w.keyFor !== data.body) {
    w.key = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    w.keyFor = data.body;
  }
  const once = { 'Idempotency-Key': w.key };
  let answered;
  try {
    answered = await send('POST', v.path, data, once);
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
    answered = await send('POST', v.path, data, once);
  }
  w.key = null;
  const [c, code] = answered;
  store.set(POSTED_KEY, String(Date.now()));
  if (guest) {
    /* The post made this browser a guest with a session: show it. */
    store.set(NAME_KEY, w.name.value);
    queue(whoami);
  }
  w.text.value = '';
  keep(v, w.pid, '');
  counter(v, w);
  const held = code === 202;
  if (held) c.status = 'held';
  else v.mine.own.add(c.id);
  let r;
  if (w.parent) {
    shut(v, w, true);
    r = place(v, c, w.parent.top || w.parent, true);
  } else {
    r = thread(v, Object.assign({ replies: [] }, c));
    v.list.prepend(r.li);
  }
  if (!held) {
    v.count++;
    bump(v, r, 1);
  }
  showCount(v);
  state(v, r);
  if (!w.parent) w.thanks.textContent = t(held ? 'held' : 'published');
  if (w.parent) {
    r.art.tabIndex = -1;
    r.art.focus();
  }
});
