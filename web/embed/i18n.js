// SPDX-License-Identifier: ISC — Rostra
/* The reader's language: the host's data-rostra-lang, else the nearest
 * lang, else English; t(key, values) and the formatters follow it. Errors
 * are put in words by the lazy part (more/say.js). */
const lingo = (host) => {
  const tag = [host.getAttribute('data-rostra-lang'), (host.closest('[lang]') || {}).lang,
    document.documentElement.lang].find((x) => x) || 'en';
  const table = MSG[tag.split('-')[0].toLowerCase()] || MSG.en;
  const make = (C, o) => {
    try { return new C(table === MSG.en && !/^en\b/i.test(tag) ? 'en' : tag, o); } catch (e) { return new C(table === MSG.fr ? 'fr' : 'en', o); }
  };
  const plural = make(Intl.PluralRules);
  const num = make(Intl.NumberFormat);
  const rtf = make(Intl.RelativeTimeFormat, { numeric: 'auto' });
  const dtf = make(Intl.DateTimeFormat, { dateStyle: 'medium', timeStyle: 'short' });
  const t = (k, v = {}) => {
    let s = table[k] || MSG.en[k] || k;
    if (typeof s === 'object') s = s[plural.select(v.n)] || s.other;
    return s.replace(/\{(\w+)\}/g, (_, x) => (typeof v[x] === 'number' ? num.format(v[x]) : String(v[x] == null ? '' : v[x])));
  };
  const UNITS = [['year', 31536e3], ['month', 2592e3], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];
  return {
    t, table, en: table === MSG.en,
    ago: (ms) => {
      const s = (now() - ms) / 1000;
      const u = UNITS.find(([, n]) => s >= n);
      return u ? rtf.format(-Math.floor(s / u[1]), u[0]) : t('now');
    },
    exact: (ms) => dtf.format(ms),
  };
};
