// SPDX-License-Identifier: ISC — Rostra
/* An error for a person, from the table in every language: its code
 * and field's words ('e.CODE.FIELD'), else its code's; a field's words
 * that name the limit ({n}) only when the server sent it. Only a code
 * the table does not know shows the server's sentence, in English. */
const say = (v, e) => {
  const { t, table } = v;
  const c = e.code === 'too_many_requests' ? (e.wait ? 'waitN' : 'wait') : e.code;
  const limit = Number(e.max) > 0 ? Number(e.max) : Number(e.min) > 0 ? Number(e.min) : 0;
  const own = 'e.' + c;
  const k = [e.rule && own + '.' + e.rule, e.field && own + '.' + e.field, own].find((x) => x && table[x] &&
    (x === own || limit || !/\{n\}/.test(JSON.stringify(table[x]))));
  if (!k && e.said && v.en) return e.said;
  return t(k || 'e.http', { n: k && k !== own ? limit : e.wait || e.status || 0 });
};
