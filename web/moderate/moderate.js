// SPDX-License-Identifier: ISC — Rostra
// The moderator page at /comments/moderate (index.html loads it as a module):
// decisions on comments — the queues and their counts, an author's comments
// in every status, filters, the keyboard, one comment or a selection at a
// time, undo in the status strip — kept fresh by polling. The
// settings of the site, an article and an author are moderate-settings.js,
// built from here. Text from the API only ever becomes text nodes.
import { articleBar, authorWindow, h, historyText, KIND_NAMES, plural, settingsScreen, when }
  from './moderate-settings.js';

const API = '/comments/api/v1';
const LOGIN = '/comments/moderate/login';
// A poll is one short request answered 304 while nothing changed, so an open
// page costs a worker only for that instant (no long-poll, no stream).
const POLL_MS = 5000;
const QUEUE_NAMES = { pending: 'Pending', reported: 'Reported', unmoderated: 'Unmoderated',
  approved: 'Approved', rejected: 'Rejected', all: 'All statuses' };
const STATUS_NAMES = { held: 'held', published: 'published', approved: 'approved', rejected: 'rejected' };
const REASON_NAMES = { spam: 'spam', abusive: 'abusive', off_topic: 'off topic',
  misinformation: 'misinformation', other: 'other' };
// The status each action sets, and the action that sets a status again: an
// undo is the second applied to the first (docs/API.md, "actions").
const SETS = { approve: 'approved', reject: 'rejected', hold: 'held', publish: 'published' };
const BACK_TO = { held: 'hold', published: 'publish', approved: 'approve', rejected: 'reject' };
const DONE = { approve: 'Approved', reject: 'Rejected', hold: 'Moved back to pending',
  publish: 'Published', feature: 'Featured', unfeature: 'Stopped featuring', dismiss: 'Dismissed the reports on' };

const $ = (id) => document.getElementById(id);

let leaving = false;
function toLogin() {
  if (leaving) return;
  leaving = true;
  location.replace(LOGIN + '?next=' + encodeURIComponent(location.pathname + location.search + location.hash));
}

// One request to the API: { status, data, etag }, status 0 if the network
// failed. A session that ended, or lost its moderator role, goes to the
// sign-in page, which brings the moderator back here.
async function send(method, path, body, headers = {}) {
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

function errorText(r) {
  if (r.data && r.data.error && r.data.error.message) return r.data.error.message;
  return r.status === 0 ? 'The server did not answer; check the connection and try again.' :
    'That did not work (HTTP ' + r.status + ').';
}

// What happened, with its undo when the action allows one, and what went wrong.
let undoAction = null;
// The author window is modal, so the page's own bar is out of reach behind
// it: the window repeats the message and the undo.
function report(text, undo, problem) {
  $('status').textContent = text || '';
  // The strip is a live region: a screen reader hears that Undo is there too.
  if (text && undo) $('status').append(h('span', { class: 'visually-hidden' }, ' Press z to undo.'));
  $('alert').textContent = problem || '';
  $('author-said').textContent = problem || text || '';
  $('author-said').classList.toggle('error', !!problem);
  undoAction = undo || null;
  $('undo').hidden = !undoAction;
  $('author-undo').hidden = !undoAction;
}
const say = (text, undo) => report(text, undo, '');
const alarm = (problem) => report('', null, problem);

async function runUndo() {
  if (!undoAction) return say('Nothing to undo.');
  const u = undoAction;
  undoAction = null;
  $('undo').hidden = true;
  await u();
}

/* ---------- The queue ---------- */

const state = {
  queue: 'pending', article: '', reason: '', q: '', user: '', userName: '',
  items: new Map(),     // id → item as the API last described it
  stale: new Map(),     // id → why it is no longer what this page shows
  selected: new Set(),
  seen: new Set(),      // ids this view has shown: only others are news
  busy: new Set(),      // ids with a request in flight
  current: null,
  etag: null, more: false, counts: null, article_info: null,
  loading: false, retry: false, // a load in flight; whether a failed one is worth repeating
  gen: 0,               // bumped by every change made here: older poll answers are dropped
  loads: 0,             // bumped by every new view: older list answers are dropped
  polling: false, pollAgain: false, timer: 0,
};
const nodes = new Map(); // id → its <li>

const newestFirst = () => state.queue === 'approved' || state.queue === 'rejected' || state.queue === 'all';
const order = () => [...state.items.keys()].sort((a, b) => (newestFirst() ? b - a : a - b));

function listPath(cursor) {
  const p = new URLSearchParams({ queue: state.queue });
  if (state.article) p.set('article', state.article);
  if (state.reason) p.set('reason', state.reason);
  if (state.q) p.set('q', state.q);
  if (state.user) p.set('user', state.user);
  if (cursor) p.set('cursor', cursor);
  return '/moderation/comments?' + p;
}

function noteArticle(items) {
  if (state.article && items.length) state.article_info = items[0].article;
}

async function load() {
  const mine = ++state.loads;
  state.gen++;
  state.etag = null;
  state.loading = true;
  const r = await send('GET', listPath());
  if (mine !== state.loads) return;   // the filters changed again meanwhile
  state.loading = false;
  // A refused filter stays refused; a server that did not answer may answer the next poll.
  state.retry = r.status === 0 || r.status >= 500;
  if (r.status !== 200) {
    if (r.data && r.data.error && r.data.error.field === 'article') $('f-article').setAttribute('aria-invalid', 'true');
    return alarm(errorText(r));
  }
  state.items.clear();
  state.stale.clear();
  state.selected.clear();
  state.seen.clear();
  nodes.clear();
  $('list').replaceChildren();
  for (const it of r.data.items) {
    state.items.set(it.id, it);
    state.seen.add(it.id);
  }
  state.etag = r.etag;
  state.more = r.data.next_cursor !== null;
  state.counts = r.data.counts;
  noteArticle(r.data.items);
  if (!state.items.has(state.current)) state.current = null;
  $('news').textContent = '';
  render();
}

async function loadMore() {
  const ids = order();
  const r = await send('GET', listPath(ids.length ? String(ids[ids.length - 1]) : ''));
  if (r.status !== 200) return alarm(errorText(r));
  for (const it of r.data.items) {
    if (!state.items.has(it.id)) state.items.set(it.id, it);
    state.seen.add(it.id);
  }
  state.more = r.data.next_cursor !== null;
  render();
}

async function pollOnce() {
  if (state.loading) return;
  if (!state.etag) return state.retry ? load() : undefined;
  const gen = state.gen;
  const r = await send('GET', listPath(), undefined, { 'If-None-Match': state.etag });
  // Something changed here while it was on its way: it may predate that.
  if (gen !== state.gen) {
    state.pollAgain = true;
    return;
  }
  if (r.status !== 200) return;   // 304: nothing new; a failure: the next poll tries again
  merge(r.data);
  state.etag = r.etag;
}

async function poll() {
  if (state.polling) {
    state.pollAgain = true;
    return;
  }
  state.polling = true;
  try {
    do {
      state.pollAgain = false;
      await pollOnce();
    } while (state.pollAgain && !leaving);
  } finally {
    state.polling = false;
  }
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    if (!document.hidden && !$('queue-view').hidden) await poll();
    schedule();
  }, POLL_MS);
}

// A fresh first page joins what is shown: new comments take their place in
// the queue's order; one that left it stays, dimmed, saying who moved it,
// so nothing vanishes under the moderator's eyes.
function merge(data) {
  const fresh = new Map(data.items.map((it) => [it.id, it]));
  const last = data.items.length ? data.items[data.items.length - 1].id : null;
  const covered = (id) => data.next_cursor === null || (newestFirst() ? id >= last : id <= last);
  let added = 0;
  for (const [id, it] of fresh) {
    if (!state.seen.has(id)) added++;
    state.seen.add(id);
    state.items.set(id, it);
    state.stale.delete(id);
  }
  for (const id of state.items.keys()) {
    if (!fresh.has(id) && !state.stale.has(id) && covered(id)) {
      state.stale.set(id, 'No longer in ' + QUEUE_NAMES[state.queue] + ': another moderator changed it.');
      explain(id);
    }
  }
  if (data.next_cursor !== null) state.more = true;
  state.counts = data.counts;
  noteArticle(data.items);
  if (added) $('news').textContent = plural(added, 'new comment', 'new comments') + ' in ' + QUEUE_NAMES[state.queue] + '.';
  render();
}

// Names who moved a comment that left the queue, from its log.
async function explain(id) {
  const r = await send('GET', '/moderation/log?comment=' + id);
  if (r.status !== 200 || !state.stale.has(id)) return;
  const e = r.data.entries.find((x) => x.via !== 'policy' && (x.to || x.action === 'dismiss'));
  if (!e) return;
  const what = e.to ? 'made it ' + e.to : e.action.replace(/_/g, ' ');
  state.stale.set(id, e.by + ' ' + what + ' (' + when(e.at) + ').');
  render();
}

function renderCounts() {
  for (const b of document.querySelectorAll('.queues button')) {
    const q = b.dataset.queue;
    const n = state.counts ? state.counts[q] : null;
    const count = b.querySelector('.count');
    if (count) count.textContent = n === null || n === undefined ? '' : String(n);
    b.setAttribute('aria-pressed', String(q === state.queue));
  }
  const pending = state.counts ? state.counts.pending : 0;
  document.title = (pending ? '(' + pending + ') ' : '') + 'Rostra moderation';
  $('list').setAttribute('aria-label', 'Comments in ' + QUEUE_NAMES[state.queue]);
}

function renderBulk() {
  for (const id of state.selected) if (!state.items.has(id)) state.selected.delete(id);
  const n = state.selected.size;
  $('bulk-count').textContent = n ? n + ' selected' : 'None selected';
  $('bulk-approve').disabled = n === 0;
  $('bulk-reject').disabled = n === 0;
}

function badges(a) {
  const out = [];
  if (a.role && a.role !== 'reader') out.push(a.role);
  if (a.banned) out.push('banned');
  if (a.suspended_until) out.push('suspended until ' + when(a.suspended_until));
  if (a.standing === 'trusted') out.push('trusted');
  if (a.standing === 'premoderate') out.push('always pre-moderated');
  return out.map((b) => h('span', { class: 'badge' }, b));
}

function node(id) {
  let li = nodes.get(id);
  if (!li) {
    li = $('item-template').content.firstElementChild.cloneNode(true);
    li.dataset.id = String(id);
    const it = state.items.get(id);
    // A reader's report suggests the reason; the moderator can change it before r.
    const top = Object.entries((it.reports && it.reports.by_reason) || {}).sort((x, y) => y[1] - x[1])[0];
    if (top && REASON_NAMES[top[0]]) li.querySelector('.reject-reason').value = top[0];
    nodes.set(id, li);
  }
  fill(li, state.items.get(id));
  return li;
}

// The first line of a parent's excerpt, marked where it was cut.
function firstLine(text, truncated) {
  const all = (text || '').trim();
  const line = all.split('\n')[0].trim();
  return line + (truncated || line.length < all.length ? '…' : '');
}

// The comment's permalink on its article (as the embed makes it), for an
// article whose stored address is a web page's.
function threadUrl(url, id) {
  if (!url) return '';
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return '';
    u.hash = 'comment-' + id;
    return u.href;
  } catch {
    return '';
  }
}

function fill(li, it) {
  const q = (s) => li.querySelector(s);
  const a = it.author || {};
  const art = it.article || {};
  const rep = it.reports || { count: 0, by_reason: {}, notes: [] };
  const stale = state.stale.get(it.id);
  q('.author-name').textContent = it.author_name;
  q('.author-kind').textContent = a.kind ? '(' + (KIND_NAMES[a.kind] || a.kind) + ')' : '';
  q('.badges').replaceChildren(...badges(a));
  q('.history').textContent = historyText(a.history);
  q('.pick').checked = state.selected.has(it.id);
  q('.pick').setAttribute('aria-label', 'Select the comment by ' + it.author_name);
  q('.article-open').textContent = (art.title ? '“' + art.title + '” ' : '') + '(' + art.key + ')' +
    (art.closed ? ', closed' : '');
  q('.article-open').setAttribute('aria-label', 'Show only article ' + (art.title || art.key));
  q('.article-open').title = art.title ? 'Title as sent by the first commenter' : '';
  q('.when').setAttribute('datetime', it.created_at);
  q('.when').textContent = when(it.created_at);
  q('.status-word').textContent = STATUS_NAMES[it.status] || it.status;
  q('.featured-word').textContent = it.featured ? ' · featured' : '';
  q('.body').textContent = it.body;
  /* A reply: whom it answers, and where it sits on the article. */
  const p = it.reply_to;
  q('.reply-to').hidden = !p;
  q('.reply-to').textContent = p ? 'Reply to ' + p.author_name +
    (p.status === 'published' || p.status === 'approved' ? '' : ' (' + (STATUS_NAMES[p.status] || p.status) + ')') +
    ': “' + firstLine(p.excerpt, p.truncated) + '”' : '';
  const url = threadUrl(art.url, it.id);
  q('.thread-link').hidden = !url;
  if (url) q('.open-thread').href = url;
  else q('.open-thread').removeAttribute('href');
  q('.open-thread').setAttribute('aria-label', 'Open in thread: the comment by ' + it.author_name + ' on the article');
  /* An author's edits: every text the comment had, oldest first. */
  const versions = it.versions || [];
  q('.versions').hidden = !versions.length;
  q('.versions summary').textContent = versions.length ? 'Edited ' + when(it.edited_at) + ' · ' +
    plural(versions.length, 'earlier version', 'earlier versions') : '';
  q('.versions ol').replaceChildren(...versions.map((v) => h('li', {}, h('span', { class: 'muted' },
    when(v.at) + ' (' + (STATUS_NAMES[v.status] || v.status) + '): '), v.body)));
  const reasons = (it.reasons || []).map((r) => h('li', {}, r.text || r.code));
  if (it.flagged && !reasons.length) reasons.push(h('li', {}, 'flagged by a check'));
  q('.reasons').replaceChildren(...reasons);
  const by = Object.entries(rep.by_reason || {}).map(([k, n]) => (REASON_NAMES[k] || k) + ' ' + n);
  q('.reports').textContent = rep.count ? 'Reported ' + plural(rep.count, 'time', 'times') + ': ' + by.join(', ') +
    ((rep.notes || []).length ? '. Readers wrote: “' + rep.notes.join('” “') + '”' : '') : '';
  q('.notes').replaceChildren(...(a.notes || []).map((n) => h('li', {}, n.body, h('span', { class: 'muted' },
    ' — ' + n.by + ', ' + when(n.at)))));
  q('.decided').textContent = it.decided ? 'Last decided by ' + it.decided.by + ', ' + when(it.decided.at) + '.' : '';
  q('.outcome').hidden = !stale;
  q('.outcome').textContent = stale || '';
  q('.do-approve').hidden = it.status === 'approved';
  q('.reject-group').hidden = it.status === 'rejected';
  q('.do-hold').hidden = it.status !== 'approved' && it.status !== 'rejected';
  q('.do-feature').firstChild.textContent = it.featured ? 'Unfeature ' : 'Feature ';
  q('.do-dismiss').hidden = !(rep.count > 0 || it.flagged);
  li.classList.toggle('stale', !!stale);
  li.classList.toggle('picked', state.selected.has(it.id));
  li.classList.toggle('current', state.current === it.id);
  li.tabIndex = state.current === it.id ? 0 : -1;
  li.setAttribute('aria-current', String(state.current === it.id));
  li.setAttribute('aria-busy', String(state.busy.has(it.id)));
}

function render() {
  renderCounts();
  renderBulk();
  articles.show(state.article, state.article_info);
  const list = $('list');
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const want = order().map(node);
  // Reorder only when needed: a moved element loses focus.
  if (want.length !== list.children.length || want.some((n, i) => list.children[i] !== n)) {
    list.replaceChildren(...want);
    if (focused && focused.isConnected) focused.focus({ preventScroll: true });
  }
  for (const id of [...nodes.keys()]) if (!state.items.has(id)) nodes.delete(id);
  $('empty').hidden = want.length > 0;
  $('more').hidden = !state.more;
}

function setCurrent(id, focus) {
  state.current = id;
  for (const [nid, li] of nodes) {
    li.classList.toggle('current', nid === id);
    li.tabIndex = nid === id ? 0 : -1;
    li.setAttribute('aria-current', String(nid === id));
  }
  const li = nodes.get(id);
  if (focus && li) {
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: 'nearest' });
  }
}

function move(delta) {
  const ids = order();
  if (!ids.length) return;
  const at = ids.indexOf(state.current);
  const next = at < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + delta));
  setCurrent(ids[next], true);
}

// Drops comments this page moved out of the queue; the next one takes the current one's place.
function drop(ids) {
  const gone = new Set(ids);
  const inList = $('list').contains(document.activeElement) || document.activeElement === document.body;
  if (gone.has(state.current)) {
    const all = order();
    const at = all.indexOf(state.current);
    state.current = all.slice(at + 1).find((i) => !gone.has(i)) ??
      all.slice(0, at).reverse().find((i) => !gone.has(i)) ?? null;
  }
  for (const id of gone) {
    state.items.delete(id);
    state.stale.delete(id);
    state.selected.delete(id);
  }
  render();
  if (inList && state.current !== null) setCurrent(state.current, true);
}

const nameOf = (items) => (items.length === 1 ? 'the comment by ' + items[0].author_name :
  plural(items.length, 'comment', 'comments'));

// A status change, feature or dismissal on comments shown here. A status
// change names the status each one had when shown (one request per status),
// so a comment another moderator decided meanwhile is left alone: the API
// answers who decided, and the comment shows it.
async function act(action, ids, reason) {
  const items = ids.map((id) => state.items.get(id)).filter((it) => it && !state.busy.has(it.id));
  if (!items.length) return;
  const groups = new Map();
  for (const it of items) {
    if (SETS[action] === it.status) continue;
    const key = SETS[action] ? it.status : 'all';
    groups.set(key, [...(groups.get(key) || []), it]);
  }
  if (!groups.size) return say(nameOf(items).replace(/^t/, 'T') + (items.length === 1 ? ' is' : ' are') +
    ' already ' + SETS[action] + '.');
  state.gen++;
  items.forEach((it) => state.busy.add(it.id));
  render();
  const changed = [], refused = [], undo = [];
  let failure = '';
  for (const [status, group] of groups) {
    const body = { action, ids: group.map((it) => it.id) };
    if (SETS[action]) body.from = status;
    if (reason) body.reason = reason;
    const r = await send('POST', '/moderation/comments/actions', body);
    if (r.status === 409 || r.status === 404) {
      refused.push([group[0], errorText(r)]);
    } else if (r.status !== 200) {
      failure = errorText(r);
    } else {
      const ok = [];
      for (const res of r.data.results) {
        const it = state.items.get(res.id);
        if (!it) continue;
        if (res.ok) ok.push(it);
        else refused.push([it, res.message]);
      }
      changed.push(...ok);
      if (ok.length && SETS[action]) undo.push({ action: BACK_TO[status], from: SETS[action], items: ok });
      if (ok.length && !SETS[action] && action !== 'dismiss') {
        undo.push({ action: action === 'feature' ? 'unfeature' : 'feature', items: ok });
      }
    }
  }
  // A poll sent while the requests were on their way may predate them.
  state.gen++;
  items.forEach((it) => state.busy.delete(it.id));
  for (const [it, why] of refused) state.stale.set(it.id, why);
  if (action === 'feature' || action === 'unfeature') {
    changed.forEach((it) => { it.featured = action === 'feature'; });
    render();
  } else if (action === 'dismiss' && state.queue !== 'reported') {
    changed.forEach((it) => { it.reports = { count: 0, by_reason: {}, notes: [] }; it.flagged = false; });
    render();
  } else if (state.queue === 'all') {
    changed.forEach((it) => { it.status = SETS[action] || it.status; });
    render();
  } else {
    drop(changed.map((it) => it.id));
  }
  const done = changed.length ? DONE[action] + ' ' + nameOf(changed) +
    (reason && action === 'reject' ? ' as ' + REASON_NAMES[reason] : '') + '.' : '';
  const problem = [failure, ...refused.map(([it, why]) => (items.length > 1 ? it.author_name + ': ' : '') + why)]
    .filter(Boolean).join(' ');
  report(done, undo.length ? () => undoActs(undo) : null, problem);
  poll();
}

async function undoActs(undo) {
  state.gen++;
  for (const u of undo) {
    const body = { action: u.action, ids: u.items.map((it) => it.id) };
    if (u.from) body.from = u.from;
    const r = await send('POST', '/moderation/comments/actions', body);
    if (r.status !== 200) return alarm(errorText(r));
  }
  state.gen++;
  const all = undo.flatMap((u) => u.items);
  if (all.length === 1) state.current = all[0].id;
  const back = undo[0].from ? ' is ' + STATUS_NAMES[SETS[undo[0].action]] + ' again.' : ' is as it was.';
  say('Undone: ' + nameOf(all) + (all.length === 1 ? back : back.replace(' is ', ' are ')));
  const feature = undo.find((u) => !u.from);
  if (feature) {
    feature.items.forEach((it) => { it.featured = feature.action === 'feature'; });
    render();
  }
  poll();
}

const targets = () => (state.selected.size ? [...state.selected] : state.current !== null ? [state.current] : []);

function approve() {
  const ids = targets();
  if (!ids.length) return say('Move to a comment first (j and k), or select some (x).');
  act('approve', ids);
}

function reject() {
  const ids = targets();
  if (!ids.length) return say('Move to a comment first (j and k), or select some (x).');
  const li = nodes.get(state.current);
  const reason = state.selected.size ? $('bulk-reason').value : li ? li.querySelector('.reject-reason').value : '';
  act('reject', ids, reason);
}

// The select r takes its reason from: the selection's, else the comment's.
function reasonSelect() {
  if (state.selected.size) return $('bulk-reason');
  const li = nodes.get(state.current);
  return li ? li.querySelector('.reject-reason') : null;
}

// A number key picks the reason r will use, in the order of the select (0: none).
function pickReason(n) {
  const sel = reasonSelect();
  if (!sel) return say('Move to a comment first (j and k), or select some (x).');
  const opt = sel.options[n];
  if (!opt) return;
  sel.value = opt.value;
  say('Reason to reject: ' + opt.text + (state.selected.size ? ' (the selection).' : '.'));
}

function toggle(id) {
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  render();
}

/* ---------- Filters, views, keys ---------- */

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.queue = QUEUE_NAMES[p.get('queue')] ? p.get('queue') : 'pending';
  state.article = p.get('article') || '';
  state.reason = p.get('reason') || '';
  state.q = p.get('q') || '';
  state.user = /^\d+$/.test(p.get('user') || '') ? p.get('user') : '';
  if (state.queue === 'all' && !state.user) state.queue = 'pending';
  state.userName = state.user ? 'author ' + state.user : '';
  $('f-article').value = state.article;
  $('f-reason').value = state.reason;
  $('f-q').value = state.q;
}

// The filters live in the address, so a reload or a shared link opens the same view.
function writeUrl() {
  const p = new URLSearchParams();
  if (state.queue !== 'pending') p.set('queue', state.queue);
  for (const k of ['article', 'reason', 'q', 'user']) if (state[k]) p.set(k, state[k]);
  const s = p.toString();
  history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
  $('f-user').hidden = !state.user;
  // All statuses is one author's view: it needs the author.
  document.querySelector('.queues [data-queue=all]').hidden = !state.user;
  $('f-user-name').textContent = !state.user ? '' : (state.queue === 'all' ? 'All comments by ' :
    'Comments by ') + state.userName;
}

function applyFilters() {
  const key = $('f-article').value.trim();
  if (key && !/^[A-Za-z0-9\-_.:~]{1,128}$/.test(key)) {
    $('f-article').setAttribute('aria-invalid', 'true');
    $('f-article').focus();
    return alarm('An article key is 1 to 128 letters, digits and - _ . : ~');
  }
  $('f-article').removeAttribute('aria-invalid');
  state.article = key;
  state.reason = $('f-reason').value;
  state.q = $('f-q').value.trim();
  writeUrl();
  load();
}

let settings = null;
let articles = null;
let authors = null;

// The author window's and the article bar's changes, as the queue shows them
// (moved: comments of theirs it moved, { ids, status }).
function onAuthor(u, rejectedAll, moved) {
  for (const it of state.items.values()) if (it.author && it.author.id === u.id) it.author = u;
  if (moved && state.queue === 'all') {
    state.gen++;
    for (const id of moved.ids) if (state.items.has(id)) state.items.get(id).status = moved.status;
    render();
  } else if (moved) {
    state.gen++;
    drop(moved.ids.filter((id) => state.items.has(id)));
  } else if (rejectedAll && state.queue === 'all') {
    state.gen++;
    for (const it of state.items.values()) {
      if (it.author && it.author.id === u.id && (it.status === 'held' || it.status === 'published')) it.status = 'rejected';
    }
    render();
  } else if (rejectedAll) {
    state.gen++;
    drop([...state.items.values()].filter((it) => it.author && it.author.id === u.id &&
      it.status !== 'rejected').map((it) => it.id));
  } else {
    render();
  }
  poll();
}

function onArticle(a) {
  state.article_info = a;
  for (const it of state.items.values()) if (it.article && it.article.key === a.key) it.article = a;
  render();
}

// The address holds an author's id, never their name (an address reaches
// nginx's log and the next request's Referer): the name comes from the API.
async function nameAuthor() {
  const r = await send('GET', '/moderation/users/' + state.user);
  if (r.status !== 200 || !r.data || !r.data.user) return;
  state.userName = r.data.user.name;
  writeUrl();
}

// The author view: every comment of theirs, whatever its status or article.
function showComments(u) {
  state.queue = 'all';
  $('f-article').value = $('f-q').value = $('f-reason').value = '';
  state.user = String(u.id);
  state.userName = u.name;
  applyFilters();
}

function route() {
  const onSettings = location.hash === '#settings';
  $('loading').hidden = true;
  $('queue-view').hidden = onSettings;
  $('settings-view').hidden = !onSettings;
  for (const [id, on] of [['nav-queue', !onSettings], ['nav-settings', onSettings]]) {
    if (on) $(id).setAttribute('aria-current', 'page');
    else $(id).removeAttribute('aria-current');
  }
  if (onSettings) settings.open();
  else if (state.etag) poll();
}

const KEYS = {
  j: () => move(1),
  k: () => move(-1),
  a: approve,
  r: reject,
  f: () => {
    const it = state.items.get(state.current);
    if (it) act(it.featured ? 'unfeature' : 'feature', [it.id]);
  },
  b: () => {
    const it = state.items.get(state.current);
    if (it && it.author) authors.open(it.author.id);
  },
  x: () => { if (state.current !== null) toggle(state.current); },
  ...Object.fromEntries([...'0123456789'].map((d) => [d, () => pickReason(Number(d))])),
  z: runUndo,
  '/': () => $('f-q').focus(),
  '?': () => $('help').showModal(),
};

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
  if (document.querySelector('dialog[open]')) return;
  const t = ev.target;
  // Letters typed into a field are text, not commands.
  if (t.closest && t.closest('textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio])')) return;
  if ($('queue-view').hidden && ev.key !== '?') return;
  const fn = KEYS[ev.key];
  if (!fn) return;
  ev.preventDefault();
  fn();
}

function wire() {
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', () => { if (!document.hidden && !$('queue-view').hidden) poll(); });
  $('help-open').addEventListener('click', () => $('help').showModal());
  $('undo').addEventListener('click', runUndo);
  $('author-undo').addEventListener('click', async () => {
    await runUndo();
    authors.refocus();
  });
  $('logout').addEventListener('click', async () => {
    await send('DELETE', '/session');
    location.replace(LOGIN);
  });
  for (const b of document.querySelectorAll('.queues button')) {
    b.addEventListener('click', () => {
      state.queue = b.dataset.queue;
      writeUrl();
      load();
    });
  }
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    applyFilters();
  });
  $('f-reason').addEventListener('change', applyFilters);
  // Esc leaves a field for the list, where the letter keys work again.
  $('filters').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    if (state.current !== null && nodes.has(state.current)) setCurrent(state.current, true);
    else $('list').focus();
  });
  $('f-clear').addEventListener('click', () => {
    $('f-article').value = $('f-q').value = $('f-reason').value = '';
    state.user = state.userName = '';
    if (state.queue === 'all') state.queue = 'pending';
    applyFilters();
  });
  $('f-user-clear').addEventListener('click', () => {
    state.user = state.userName = '';
    if (state.queue === 'all') state.queue = 'pending';
    applyFilters();
  });
  $('more').addEventListener('click', loadMore);
  $('bulk-all').addEventListener('click', () => {
    order().forEach((id) => state.selected.add(id));
    render();
  });
  $('bulk-none').addEventListener('click', () => {
    state.selected.clear();
    render();
  });
  $('bulk-approve').addEventListener('click', () => act('approve', [...state.selected]));
  $('bulk-reject').addEventListener('click', () => act('reject', [...state.selected], $('bulk-reason').value));

  const list = $('list');
  list.addEventListener('focusin', (ev) => {
    const li = ev.target.closest('li.item');
    if (li && Number(li.dataset.id) !== state.current) setCurrent(Number(li.dataset.id), false);
  });
  // Esc from a button or menu in a comment goes back to the comment, where the letter keys work.
  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    const li = ev.target.closest('li.item');
    if (!li || ev.target === li) return;
    ev.preventDefault();
    setCurrent(Number(li.dataset.id), true);
  });
  list.addEventListener('change', (ev) => {
    const li = ev.target.closest('li.item');
    if (li && ev.target.classList.contains('pick')) toggle(Number(li.dataset.id));
  });
  list.addEventListener('click', (ev) => {
    const li = ev.target.closest('li.item');
    const b = ev.target.closest('button');
    if (!li || !b) return;
    const id = Number(li.dataset.id);
    const it = state.items.get(id);
    setCurrent(id, false);
    if (b.classList.contains('do-approve')) act('approve', [id]);
    else if (b.classList.contains('do-reject')) act('reject', [id], li.querySelector('.reject-reason').value);
    else if (b.classList.contains('do-hold')) act('hold', [id]);
    else if (b.classList.contains('do-feature')) act(it.featured ? 'unfeature' : 'feature', [id]);
    else if (b.classList.contains('do-dismiss')) act('dismiss', [id]);
    else if (b.classList.contains('do-author') && it.author) authors.open(it.author.id, false);
    else if (b.classList.contains('article-open')) {
      $('f-article').value = it.article.key;
      applyFilters();
    }
  });
}

async function start() {
  const r = await send('GET', '/moderation/me');
  if (r.status !== 200) {
    if (!leaving) $('loading').textContent = errorText(r);
    return;
  }
  $('who').textContent = 'Signed in as ' + r.data.display_name + ' (' + r.data.role + ')';
  const lent = { send, say, alarm, errorText };
  settings = settingsScreen({ ...lent, role: r.data.role });
  articles = articleBar({ ...lent, onArticle });
  authors = authorWindow({ ...lent, onAuthor, showComments });
  // The help lists the number keys in the order of the reason select.
  const opts = [...$('item-template').content.querySelector('.reject-reason').options];
  const keys = opts.slice(1).flatMap((o, i) => [i ? ', ' : '', h('kbd', {}, String(i + 1)), ' ' + o.text]);
  $('help-reasons').replaceChildren(...keys, ', ', h('kbd', {}, '0'), ' ' + opts[0].text);
  wire();
  readUrl();
  writeUrl();
  route();
  if (state.user) nameAuthor();
  await load();
  schedule();
}

start();
