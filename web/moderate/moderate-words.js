// SPDX-License-Identifier: ISC — Rostra
// The word lists on the settings screen (banned and suspect words and
// phrases, /moderation/words): find, add one per line, remove, each change
// said with its undo. Text from the API only ever becomes text nodes.
import { h } from './moderate-text.js';

const LIST_NAMES = { banned: 'banned', suspect: 'suspect' };

export function wordLists({ send, say, alarm, errorText }) {
  let words = { banned: [], suspect: [] };

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

  // w: the lists as GET /moderation/words answers them.
  function show(w) {
    words = { banned: w.banned, suspect: w.suspect };
    showWords();
  }

  return { show };
}
