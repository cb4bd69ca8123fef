// SPDX-License-Identifier: ISC — Rostra
// The panels beside the queue — the settings screen (moderate-settings.js),
// the article bar (moderate-article.js) and the author window
// (moderate-author.js) — built once the moderator is known, lent the
// request and message helpers, and what their changes do to the queue.
import { errorText, send } from './moderate-api.js';
import { articleBar } from './moderate-article.js';
import { authorWindow } from './moderate-author.js';
import { showComments } from './moderate-filters.js';
import { drop, render } from './moderate-list.js';
import { poll } from './moderate-poll.js';
import { settingsScreen } from './moderate-settings.js';
import { panels, state } from './moderate-state.js';
import { alarm, say } from './moderate-status.js';

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

// role: the signed-in moderator's (the site's settings are an admin's to change).
export function buildPanels(role) {
  const lent = { send, say, alarm, errorText };
  panels.settings = settingsScreen({ ...lent, role });
  panels.articles = articleBar({ ...lent, onArticle });
  panels.authors = authorWindow({ ...lent, onAuthor, showComments });
}
