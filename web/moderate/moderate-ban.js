// SPDX-License-Identifier: ISC — Rostra
// What follows a ban in the author window: a banned author whose comments
// stay published is asked about ("Reject their 3 published comments?") and
// one button rejects them through the moderation actions route, logged and
// role-checked there like any decision, with an undo. The author window
// (moderate-author.js) builds it and lends it its helpers. Text from the API
// only ever becomes text nodes.
import { $, plural } from './moderate-text.js';

const PAGES = 10;   // of 100: the newest 1,000 of an author's comments
const BATCH = 200;  // the actions route takes at most 200 ids

export function banFollowUp({ send, say, alarm, errorText, onAuthor, refocus }) {
  let offer = null;   // { user, ids } while the question is asked

  function clear() {
    offer = null;
    $('ban-more').hidden = true;
    $('ban-more-ask').textContent = '';
  }

  // The ids of the author's published comments (newest first), or null after saying why not.
  async function published(id) {
    const ids = [];
    let cursor = '';
    for (let i = 0; i < PAGES; i++) {
      const r = await send('GET', '/moderation/comments?queue=unmoderated&limit=100&user=' + id +
        (cursor ? '&cursor=' + cursor : ''));
      if (r.status !== 200) {
        alarm(errorText(r));
        return null;
      }
      ids.push(...r.data.items.filter((it) => it.status === 'published').map((it) => it.id));
      if (r.data.next_cursor === null) break;
      cursor = r.data.next_cursor;
    }
    return ids;
  }

  // After a ban of u: asks about what they left published, if anything.
  async function ask(u) {
    clear();
    const ids = await published(u.id);
    if (!ids || !ids.length || !$('author').open) return;
    offer = { user: u, ids };
    $('ban-more-ask').textContent = 'Reject their ' + plural(ids.length, 'published comment', 'published comments') + '?';
    $('ban-more-reject').textContent = 'Reject ' + (ids.length === 1 ? 'it' : 'them');
    $('ban-more').hidden = false;
  }

  // Moves ids between statuses in batches; answers the ids moved, or null after saying why not.
  async function move(action, from, ids) {
    const moved = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const r = await send('POST', '/moderation/comments/actions',
        { action, ids: ids.slice(i, i + BATCH), from, note: action === 'reject' ? 'author banned' : undefined });
      if (r.status !== 200 && r.status !== 409) {
        alarm(errorText(r));
        return null;
      }
      if (r.status === 200) moved.push(...r.data.results.filter((x) => x.ok).map((x) => x.id));
    }
    return moved;
  }

  $('ban-more-reject').addEventListener('click', async () => {
    if (!offer) return;
    const { user, ids } = offer;
    clear();
    const done = await move('reject', 'published', ids);
    if (!done) return refocus();
    onAuthor(user, false, { ids: done, status: 'rejected' });
    say('Rejected ' + plural(done.length, 'published comment', 'published comments') + ' by ' + user.name + '.',
      done.length ? async () => {
        const back = await move('publish', 'rejected', done);
        if (!back) return;
        onAuthor(user, false, { ids: back, status: 'published' });
        say('Undone: ' + plural(back.length, 'comment', 'comments') + ' by ' + user.name + ' published again.');
      } : null);
    refocus();
  });

  return { ask, clear };
}
