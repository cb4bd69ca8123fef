// SPDX-License-Identifier: ISC — Rostra
// The bar over a queue narrowed to one article: its title, address and
// state, and the actions on it (close or reopen the discussion,
// pre-moderate it, close it by itself after some days), each said with its
// undo. moderate-panels.js builds it and lends it its helpers.
import { $, plural } from './moderate-text.js';

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
