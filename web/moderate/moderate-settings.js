// SPDX-License-Identifier: ISC — Rostra
// Settings at each level, for the moderator page: the site's (GET and PATCH
// /moderation/settings, and the word lists), an article's (open or closed,
// pre-moderated, closing by itself) and an author's (ban, suspension,
// standing, notes). moderate.js, which decides on comments, builds these
// panels and lends them its request and message helpers; the small text and
// element helpers below serve both files. Text from the API only ever
// becomes text nodes.
import { banFollowUp } from './moderate-author.js';

// An element with attributes and children; strings become text nodes.
export function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
  return e;
}

export const when = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) :
    d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};
export const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);
export const KIND_NAMES = { guest: 'guest', account: 'account', sso: 'subscriber' };

export function historyText(hist) {
  if (!hist) return '';
  return plural(hist.comments, 'comment', 'comments') + ': ' + hist.approved + ' approved, ' +
    hist.rejected + ' rejected, ' + hist.held + ' held' +
    (hist.published === undefined ? '' : ', ' + hist.published + ' published');
}

const $ = (id) => document.getElementById(id);

/* ---------- The site ---------- */

const NUMBERS = ['link_max', 'rate_author_max', 'rate_address_max',
  'approved_min', 'report_hold', 'auto_close_days', 'guest_address_max'];
// Settings the API keeps in seconds, which the form shows and takes in
// seconds, minutes, hours or days (the largest unit that says it exactly).
const DURATIONS = ['rate_window', 'repeat_window'];
const UNITS = [['days', 86400, 'day'], ['hours', 3600, 'hour'], ['minutes', 60, 'minute'], ['seconds', 1, 'second']];
export const duration = (s) => {
  const [name, n, one] = UNITS.find(([, u]) => s % u === 0) || UNITS[3];
  return plural(s / n, one, name);
};
const LABELS = {
  premoderate: 'pre-moderate the site', suspect_action: 'a suspect word', link_max: 'links allowed',
  rate_author_max: 'comments per reader', rate_address_max: 'comments per address',
  rate_window: 'window', repeat_window: 'repeat refused for', approved_min: 'approved comments needed',
  report_hold: 'reports that hold', auto_close_days: 'close threads after (days)', blocked_domains: 'blocked domains',
  guest_address_max: 'new guests per address per hour',
};
const LIST_NAMES = { banned: 'banned', suspect: 'suspect' };
const STANDING_ACTION = { normal: 'normal', trusted: 'trust', premoderate: 'premoderate' };

export function settingsScreen({ send, say, alarm, errorText, role }) {
  const form = $('settings');
  let current = null;                 // the settings as the server last answered
  let words = { banned: [], suspect: [] };
  // The site's settings are an admin's to change (the server refuses others); moderators read them.
  if (role !== 'admin') {
    for (const e of form.elements) e.disabled = true;
    $('settings-note').textContent = 'Only an admin can change these settings.';
  }

  function show(s) {
    current = s;
    $('s-premoderate').checked = s.premoderate;
    $('s-suspect_action').value = s.suspect_action;
    for (const k of NUMBERS) $('s-' + k).value = String(s[k]);
    for (const k of DURATIONS) {
      const [unit, n] = UNITS.find(([, u]) => s[k] % u === 0) || UNITS[3];
      $('s-' + k + '-unit').value = unit;
      $('s-' + k).value = String(s[k] / n);
    }
    $('s-blocked_domains').value = s.blocked_domains;
    for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  }

  function invalid(field, message) {
    const input = $('s-' + field);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    alarm(message);
  }

  // The form as the API takes it: whole numbers, and domains one space apart.
  function read() {
    const v = {
      premoderate: $('s-premoderate').checked,
      suspect_action: $('s-suspect_action').value,
      blocked_domains: $('s-blocked_domains').value.toLowerCase().split(/[\s,]+/).filter(Boolean).join(' '),
    };
    // The ranges are the inputs' own, so the answer can name the field (the API's may not).
    for (const k of NUMBERS) {
      const input = $('s-' + k);
      const raw = input.value.trim();
      const min = Number(input.min || 0);
      const max = Number(input.max || 100000);
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        return { field: k, message: '“' + input.labels[0].textContent + '” takes a whole number from ' +
          min + ' to ' + max + '.' };
      }
      v[k] = Number(raw);
    }
    for (const k of DURATIONS) {
      const input = $('s-' + k);
      const [min, max] = input.dataset.seconds.split(' ').map(Number);
      const n = UNITS.find(([u]) => u === $('s-' + k + '-unit').value)[1];
      const secs = Math.round(Number(input.value.trim().replace(',', '.')) * n);
      if (input.value.trim() === '' || !Number.isFinite(secs) || secs < min || secs > max) {
        return { field: k, message: '“' + input.labels[0].textContent + '” takes ' + (min ? duration(min) : '0 (off)') +
          ' to ' + duration(max) + '.' };
      }
      v[k] = secs;
    }
    return { values: v };
  }

  const shown = (v, k) => (v === true ? 'on' : v === false ? 'off' : v === '' ? 'none' :
    DURATIONS.includes(k) ? (v === 0 ? 'off' : duration(v)) : String(v));
  for (const k of DURATIONS) {
    $('s-' + k + '-unit').replaceChildren(...UNITS.map(([u]) => h('option', { value: u }, u)));
  }

  async function patch(values) {
    const r = await send('PATCH', '/moderation/settings', values);
    if (r.status !== 200) {
      const field = r.data && r.data.error && r.data.error.field;
      invalid(field, errorText(r));
      return null;
    }
    show(r.data.settings);
    return r.data.settings;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const got = read();
    if (got.field) return invalid(got.field, got.message);
    const changes = {};
    const before = {};
    for (const [k, v] of Object.entries(got.values)) {
      if (v !== current[k]) {
        changes[k] = v;
        before[k] = current[k];
      }
    }
    if (!Object.keys(changes).length) return say('Nothing to save: the settings are as they were.');
    const after = await patch(changes);
    if (!after) return;
    const what = Object.keys(changes).map((k) => LABELS[k] + ' ' + shown(before[k], k) + ' → ' + shown(after[k], k));
    say('Saved: ' + what.join('; ') + '.', async () => {
      if (await patch(before)) say('Undone: the settings are as they were.');
    });
  });

  function showWords() {
    for (const box of document.querySelectorAll('.wordlist')) {
      const list = box.dataset.list;
      const find = box.querySelector('.word-find').value.trim().toLowerCase();
      box.querySelector('.count').textContent = '(' + words[list].length + ')';
      const rows = words[list].filter((w) => !find || w.toLowerCase().includes(find)).map((w) =>
        h('li', {}, h('span', {}, w), h('button', { type: 'button', class: 'quiet small', 'data-word': w,
          'aria-label': 'Remove “' + w + '” from the ' + list + ' list' }, 'Remove')));
      box.querySelector('.word-items').replaceChildren(...rows);
    }
  }

  // Adds and removes entries; answers what really changed, or null after saying why not.
  async function change(list, add, remove) {
    const had = new Set(words[list]);
    const body = { list };
    if (add.length) body.add = add;
    if (remove.length) body.remove = remove;
    const r = await send('POST', '/moderation/words', body);
    if (r.status !== 200) {
      alarm(errorText(r));
      return null;
    }
    words = { banned: r.data.banned, suspect: r.data.suspect };
    showWords();
    const has = new Set(words[list]);
    return { added: words[list].filter((w) => !had.has(w)), removed: [...had].filter((w) => !has.has(w)) };
  }

  const entries = (ws) => (ws.length === 1 ? '“' + ws[0] + '”' : ws.length + ' entries');

  for (const box of document.querySelectorAll('.wordlist')) {
    const list = box.dataset.list;
    const name = 'the ' + LIST_NAMES[list] + ' list';
    box.querySelector('.word-find').addEventListener('input', showWords);
    box.querySelector('.word-add').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const area = box.querySelector('textarea');
      const add = area.value.split('\n').map((w) => w.trim()).filter(Boolean);
      if (!add.length) return alarm('Write the words or phrases to add, one per line.');
      const d = await change(list, add, []);
      if (!d) return;
      area.value = '';
      if (!d.added.length) return say('Nothing added: ' + name + ' already has ' + entries(add) + '.');
      say('Added ' + entries(d.added) + ' to ' + name + '.', async () => {
        if (await change(list, [], d.added)) say('Undone: ' + entries(d.added) + ' removed again.');
      });
    });
    box.querySelector('.word-items').addEventListener('click', async (ev) => {
      const b = ev.target.closest('button[data-word]');
      if (!b) return;
      const d = await change(list, [], [b.dataset.word]);
      if (!d || !d.removed.length) return;
      say('Removed ' + entries(d.removed) + ' from ' + name + '.', async () => {
        if (await change(list, d.removed, [])) say('Undone: ' + entries(d.removed) + ' is back.');
      });
    });
  }

  // The form waits for the stored values: an edit typed before them would be overwritten.
  async function open() {
    form.inert = true;
    const [s, w] = await Promise.all([send('GET', '/moderation/settings'), send('GET', '/moderation/words')]);
    if (s.status !== 200) return alarm(errorText(s));
    if (w.status !== 200) return alarm(errorText(w));
    show(s.data.settings);
    form.inert = false;
    words = { banned: w.data.banned, suspect: w.data.suspect };
    showWords();
  }

  return { open };
}

/* ---------- An article ---------- */

// null follows the site's setting; 0 never closes (reopening sets it).
function autoClose(days) {
  if (days === null || days === undefined) return '';
  return days === 0 ? 'never closes by itself' : 'closes ' + plural(days, 'day', 'days') + ' after its first comment';
}

// The bar over a queue narrowed to one article. The API describes an article
// only inside its comments or an action's answer, so the bar knows its state
// from the queue (show) until an action here answers it.
export function articleBar({ send, say, alarm, errorText, onArticle }) {
  let key = '';
  let info = null;

  function show(k, a) {
    key = k;
    info = a && a.key === k ? a : null;
    $('article-bar').hidden = !key;
    if (!key) return;
    $('article-name').textContent = info && info.title ? info.title : 'Article ' + key;
    // The title comes from the first commenter's page, unchecked: said so.
    const facts = info ? [info.title ? info.key + ' (title as sent by the first commenter)' : '',
      info.closed ? 'closed' : 'open for comments',
      info.premoderate ? 'pre-moderated' : '', autoClose(info.auto_close_days)]
      : [key, 'its state shows once one of its comments is listed here'];
    $('article-state').textContent = facts.filter(Boolean).join(' · ');
    // The link exists only with an address to open (no href-less <a>).
    const slot = $('article-link');
    const url = info && info.url && /^https?:\/\//i.test(info.url) ? info.url : '';
    slot.hidden = !url;
    slot.replaceChildren();
    if (url) {
      const link = document.createElement('a');
      Object.assign(link, { href: url, target: '_blank', rel: 'noopener noreferrer', textContent: 'Open the article' });
      slot.append(link);
    }
    $('article-close').hidden = !!(info && info.closed);
    $('article-reopen').hidden = !!(info && !info.closed);
    $('article-premoderate').hidden = !!(info && info.premoderate);
    $('article-unpremoderate').hidden = !!(info && !info.premoderate);
    if (info && document.activeElement !== $('article-days')) $('article-days').value = info.auto_close_days ?? '';
  }

  // Says what happened, with the opposite action as the undo.
  async function act(action, extra = {}, quiet = false) {
    const before = info;
    const r = await send('POST', '/moderation/articles/' + encodeURIComponent(key) + '/actions', { action, ...extra });
    if (r.status !== 200) return alarm(errorText(r));
    const a = r.data.article;
    onArticle(a);
    if (quiet) return;
    const title = a.title ? '“' + a.title + '”' : a.key;
    const back = (x, y) => () => act(x, y, true).then(() => say('Undone for ' + title + '.'));
    const days = before && before.auto_close_days !== null ? { days: before.auto_close_days } : {};
    ({
      close: () => say('Closed the discussion on ' + title + '.', back('reopen')),
      reopen: () => say('Reopened the discussion on ' + title + '.', back('close')),
      premoderate: () => say('Every new comment on ' + title + ' is held now.', back('unpremoderate')),
      unpremoderate: () => say(title + ' is no longer pre-moderated.', back('premoderate')),
      auto_close: () => say(title + (a.auto_close_days === null ? ' follows the site’s automatic closing.' :
        ' ' + autoClose(a.auto_close_days) + '.'), before ? back('auto_close', days) : null),
    })[action]();
  }

  $('article-close').addEventListener('click', () => act('close'));
  $('article-reopen').addEventListener('click', () => act('reopen'));
  $('article-premoderate').addEventListener('click', () => act('premoderate'));
  $('article-unpremoderate').addEventListener('click', () => act('unpremoderate'));
  $('article-auto').addEventListener('click', () => {
    const v = $('article-days').value.trim();
    act('auto_close', v === '' ? {} : { days: Number(v) });
  });
  return { show };
}

/* ---------- An author ---------- */

// The author window (a modal dialog). onAuthor(user, rejectedAll, moved)
// lets the queue show the new standing (and comments moved: { ids, status }); showComments(user) narrows it to them.
export function authorWindow({ send, say, alarm, errorText, onAuthor, showComments }) {
  let author = null;
  const after = banFollowUp({ send, say, alarm, errorText, onAuthor, refocus: () => refocus() });

  function show(u) {
    author = u;
    $('author-title').textContent = u.name;
    $('author-facts').textContent = [KIND_NAMES[u.kind] || u.kind, u.role !== 'reader' ? u.role : '',
      'since ' + when(u.since), u.standing === 'normal' ? 'normal standing' : u.standing,
      u.banned ? 'banned' : '', u.suspended_until ? 'suspended until ' + when(u.suspended_until) : '']
      .filter(Boolean).join(' · ');
    $('author-history').textContent = historyText(u.history);
    const staff = u.role !== 'reader';
    $('author-staff').hidden = !staff;
    $('author-actions').hidden = staff;
    confirming(false);
    $('author-ban').hidden = u.banned;
    $('author-unban').hidden = !u.banned;
    $('author-unsuspend').hidden = !u.suspended_until;
    for (const b of document.querySelectorAll('[data-standing]')) {
      b.setAttribute('aria-pressed', String(STANDING_ACTION[u.standing] === b.dataset.standing));
    }
    const notes = (u.notes || []).map((n) => h('li', {}, n.body,
      h('span', { class: 'muted' }, ' — ' + n.by + ', ' + when(n.at))));
    $('author-notes').replaceChildren(...(notes.length ? notes : [h('li', { class: 'muted' }, 'No notes yet.')]));
  }

  async function log(id) {
    const r = await send('GET', '/moderation/log?user=' + id);
    if (r.status !== 200 || !author || author.id !== id) return;
    const rows = r.data.entries.slice(0, 10).map((e) => h('li', {}, when(e.at) + ' — ' + e.by + ': ' +
      e.action.replace(/_/g, ' ') + (e.comment_id ? ' comment ' + e.comment_id : '') +
      (e.to ? ' → ' + e.to : '') + (e.note ? ' (' + e.note + ')' : '')));
    $('author-log').replaceChildren(...(rows.length ? rows : [h('li', { class: 'muted' }, 'Nothing yet.')]));
  }

  // A ban takes two presses: Ban asks, Confirm ban bans; Cancel or Esc backs out.
  function confirming(on) {
    $('ban-confirm').hidden = !on;
    if (author) $('author-ban').hidden = on || author.banned;
  }

  // The window opens on its heading, so no key pressed next (Enter after
  // b) acts by itself.
  async function open(id) {
    const r = await send('GET', '/moderation/users/' + id);
    if (r.status !== 200) return alarm(errorText(r));
    show(r.data.user);
    after.clear();
    $('author-said').textContent = '';
    $('author-undo').hidden = true;
    $('author').showModal();
    $('author-title').focus();
    log(id);
  }

  // After an action the button pressed may be gone (Ban becomes Lift the
  // ban): the keyboard goes to Undo, else to the heading, never to <body>.
  function refocus() {
    const at = document.activeElement;
    if (!$('author').open || ($('author').contains(at) && at.offsetParent !== null)) return;
    (!$('author-undo').hidden ? $('author-undo') : $('author-title')).focus();
  }

  // Says what happened, with the opposite action as the undo where there is one.
  async function act(action, extra = {}, quiet = false) {
    const before = author;
    const r = await send('POST', '/moderation/users/' + before.id + '/actions', { action, ...extra });
    if (r.status !== 200) return alarm(errorText(r));
    const u = r.data.user;
    if (author && author.id === u.id) show(u);
    if (action !== 'ban') after.clear();
    onAuthor(u, action === 'ban' && !!extra.reject_comments);
    log(u.id);
    if (quiet) return;
    const name = u.name;
    const back = (a, x) => () => act(a, x, true).then(() => say('Undone for ' + name + '.'));
    switch (action) {
    case 'ban':
      if (!extra.reject_comments) after.ask(u);
      return say('Banned ' + name + '; their sessions are ended.' + (extra.reject_comments ? ' ' +
        plural(r.data.rejected, 'comment', 'comments') + ' rejected (undo lifts the ban only).' : ''), back('unban'));
    case 'unban': return say('Lifted the ban on ' + name + '.', back('ban'));
    case 'suspend': return say('Suspended ' + name + ' until ' + when(u.suspended_until) + '.', back('unsuspend'));
    case 'unsuspend': return say('Ended the suspension of ' + name + '.');
    case 'note': return say('Added a note on ' + name + '.');
    default:
      return say(name + (u.standing === 'trusted' ? ' is trusted now.' : u.standing === 'premoderate' ?
        ' is always pre-moderated now.' : ' is in normal standing now.'), back(STANDING_ACTION[before.standing]));
    }
  }

  $('author-ban').addEventListener('click', () => {
    confirming(true);
    $('author-ban-confirm').focus();
  });
  const backOut = () => {
    confirming(false);
    $('author-ban').focus();
  };
  $('author-ban-cancel').addEventListener('click', backOut);
  $('author-ban-confirm').addEventListener('click', async () => {
    await act('ban', { reject_comments: $('ban-reject').checked });
    confirming(false);
    if (!$('author-undo').hidden) $('author-undo').focus();
    else refocus();
  });
  // Esc during the confirmation backs out of it, not out of the window.
  let backedOut = false;
  $('author').addEventListener('keydown', (ev) => {
    backedOut = false;
    if (ev.key !== 'Escape' || $('ban-confirm').hidden) return;
    ev.preventDefault();
    backedOut = true;
    backOut();
  });
  $('author').addEventListener('cancel', (ev) => {
    if (!backedOut && $('ban-confirm').hidden) return;
    ev.preventDefault();
    backedOut = false;
    backOut();
  });
  $('author-unban').addEventListener('click', () => act('unban').then(refocus));
  $('author-suspend').addEventListener('click', () => {
    const hours = Number($('suspend-hours').value);
    if (!Number.isInteger(hours) || hours < 1 || hours > 8760) {
      $('suspend-hours').setAttribute('aria-invalid', 'true');
      return alarm('Suspend for 1 to 8760 hours.');
    }
    $('suspend-hours').removeAttribute('aria-invalid');
    act('suspend', { hours }).then(refocus);
  });
  $('author-unsuspend').addEventListener('click', () => act('unsuspend').then(refocus));
  for (const b of document.querySelectorAll('[data-standing]')) b.addEventListener('click', () => act(b.dataset.standing));
  $('author-note-add').addEventListener('click', async () => {
    const note = $('author-note').value.trim();
    if (!note) return alarm('Write the note first.');
    await act('note', { note });
    $('author-note').value = '';
  });
  $('author-comments').addEventListener('click', () => {
    $('author').close();
    showComments(author);
  });
  return { open, refocus };
}
