// SPDX-License-Identifier: ISC — Rostra
// The moderator page's "Settings and word lists" screen: the site's
// settings (GET and PATCH /moderation/settings), which an admin changes and
// a moderator reads, each save said with its undo; the word lists are
// moderate-words.js. moderate-panels.js builds it and lends it the request
// and message helpers.
import { $, h, plural } from './moderate-text.js';
import { wordLists } from './moderate-words.js';

const NUMBERS = ['link_max', 'rate_author_max', 'rate_address_max',
  'approved_min', 'report_hold', 'auto_close_days', 'guest_address_max'];
// Settings the API keeps in seconds, which the form shows and takes in
// seconds, minutes, hours or days (the largest unit that says it exactly).
const DURATIONS = ['rate_window', 'repeat_window'];
const UNITS = [['days', 86400, 'day'], ['hours', 3600, 'hour'], ['minutes', 60, 'minute'], ['seconds', 1, 'second']];
const duration = (s) => {
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

export function settingsScreen({ send, say, alarm, errorText, role }) {
  const form = $('settings');
  let current = null;                 // the settings as the server last answered
  const lists = wordLists({ send, say, alarm, errorText });
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

  // The form waits for the stored values: an edit typed before them would be overwritten.
  async function open() {
    form.inert = true;
    const [s, w] = await Promise.all([send('GET', '/moderation/settings'), send('GET', '/moderation/words')]);
    if (s.status !== 200) return alarm(errorText(s));
    if (w.status !== 200) return alarm(errorText(w));
    show(s.data.settings);
    form.inert = false;
    lists.show(w.data);
  }

  return { open };
}
