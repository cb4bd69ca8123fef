// SPDX-License-Identifier: ISC — Rostra
// The author window (a modal dialog): who an author is, their history,
// notes and log, and what a moderator does to them — ban (in two presses;
// moderate-ban.js asks about what they left published), suspend, standing,
// notes, and "Show all their comments". moderate-panels.js builds it and
// lends it its helpers. Text from the API only ever becomes text nodes.
import { banFollowUp } from './moderate-ban.js';
import { $, h, historyText, KIND_NAMES, plural, when } from './moderate-text.js';

const STANDING_ACTION = { normal: 'normal', trusted: 'trust', premoderate: 'premoderate' };

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
