// SPDX-License-Identifier: ISC — Rostra
// One comment's card in the queue: fill() writes an item, as the API
// describes it, into its <li> (cloned from #item-template): the author and
// their badges, the article, the text and its earlier versions, whom it
// replies to, why it was held or reported, who decided last, and which
// buttons apply. Text from the API only ever becomes text nodes.
import { h, historyText, KIND_NAMES, plural, REASON_NAMES, STATUS_NAMES, when } from './moderate-text.js';
import { state } from './moderate-state.js';

function badges(a) {
  const out = [];
  if (a.role && a.role !== 'reader') out.push(a.role);
  if (a.banned) out.push('banned');
  if (a.suspended_until) out.push('suspended until ' + when(a.suspended_until));
  if (a.standing === 'trusted') out.push('trusted');
  if (a.standing === 'premoderate') out.push('always pre-moderated');
  return out.map((b) => h('span', { class: 'badge' }, b));
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

export function fill(li, it) {
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
