// SPDX-License-Identifier: ISC — Rostra
// The embed's message tables, read from the source: MSG (web/embed/messages.js,
// the reading path's words) and MORE (web/embed/more/messages.js, the lazily
// loaded part's, merged into MSG when it loads). Together: every language
// has the same keys, each with the same {placeholders} and the same plural
// forms; no key is given twice in a language, in one table or across the
// two (the later one would silently win); every error code the daemon sends
// (lib/error.c) and every literal t('key') the embed asks for has its
// words, and those the reading path asks for are in MSG, there before the
// lazy part is. Needs no stack: it reads files only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = (dir) => readdirSync(root + dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(root + dir + f, 'utf8'));
const core = files('web/embed/');
const lazy = files('web/embed/more/');
const src = core.concat(lazy).join('\n');

/* The object literal after "const NAME = " in file, up to the line "};" that closes it. */
function table(file, name) {
  const text = readFileSync(root + file, 'utf8');
  const start = text.indexOf(`const ${name} = {`);
  const end = text.indexOf('\n};\n', start);
  assert.ok(start >= 0 && end > start, `${file} has its ${name} table`);
  return text.slice(start + `const ${name} = `.length, end + 2);
}
const literals = [table('web/embed/messages.js', 'MSG'), table('web/embed/more/messages.js', 'MORE')];
const [READ, MORE] = literals.map((l) => vm.runInNewContext('(' + l + ')'));
/* The tables as the embed has them once the lazy part is in. */
const MSG = {};
for (const t of [READ, MORE]) for (const [lang, words] of Object.entries(t)) MSG[lang] = Object.assign(MSG[lang] || {}, words);

/* Each language's keys as written, in order, duplicates kept: a scan of the
 * literal that skips strings and comments and takes a key at depth 2 (the
 * language's object) where a string or name is followed by ':'. */
function writtenKeys(text) {
  const keys = {};
  let depth = 0;
  let lang = null;
  let last = null; /* the last string or name token, if nothing came after it */
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      last = text.slice(i + 1, j);
      i = j;
      continue;
    }
    const name = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 64));
    if (name) {
      last = name[0];
      i += name[0].length - 1;
      continue;
    }
    if (ch === ':' && last !== null) {
      if (depth === 1) {
        lang = last;
        keys[lang] = [];
      } else if (depth === 2) keys[lang].push(last);
    }
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (!/\s/.test(ch)) last = null;
  }
  return keys;
}

const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (v) => (typeof v === 'string' ? ['(one form)'] : Object.keys(v).sort());
const texts = (v) => (typeof v === 'string' ? { '(one form)': v } : v);

test('every language has every English message and no other, with the same placeholders and plural forms', () => {
  const langs = Object.keys(MSG);
  assert.ok(langs.includes('en') && langs.includes('fr'), 'English and French');
  for (const lang of langs) {
    if (lang === 'en') continue;
    const en = Object.keys(MSG.en);
    const other = Object.keys(MSG[lang]);
    assert.deepEqual(en.filter((k) => !(k in MSG[lang])), [], `English messages without a ${lang} one`);
    assert.deepEqual(other.filter((k) => !(k in MSG.en)), [], `${lang} messages without an English one`);
    for (const k of en) {
      assert.deepEqual(forms(MSG[lang][k]), forms(MSG.en[k]), `${k}: the same plural forms in en and ${lang}`);
      for (const [form, s] of Object.entries(texts(MSG.en[k]))) {
        assert.equal(typeof s, 'string', `${k}.${form} is text`);
        assert.ok(s.trim(), `${k}.${form} is not empty in en`);
        assert.ok(texts(MSG[lang][k])[form].trim(), `${k}.${form} is not empty in ${lang}`);
        assert.deepEqual(holes(texts(MSG[lang][k])[form]), holes(s), `${k}.${form}: the same {placeholders} in en and ${lang}`);
      }
      if (typeof MSG.en[k] === 'object') assert.ok('other' in MSG.en[k], `${k} has the form "other"`);
    }
  }
});

test('no message is given twice in a language, in one table or across the two', () => {
  const [read, more] = literals.map(writtenKeys);
  assert.deepEqual(Object.keys(read).sort(), Object.keys(MSG).sort());
  assert.deepEqual(Object.keys(more).sort(), Object.keys(MSG).sort());
  for (const lang of Object.keys(MSG)) {
    const list = read[lang].concat(more[lang]);
    assert.deepEqual(list.filter((k, i) => list.indexOf(k) !== i), [], `keys given twice in MSG.${lang} and MORE.${lang}`);
    assert.equal(list.length, Object.keys(MSG[lang]).length, `MSG.${lang}: every key seen`);
  }
});

test("every error code the daemon or nginx sends, and every t('key') the embed asks for, has its words", () => {
  const codes = [...readFileSync(root + 'lib/error.c', 'utf8').matchAll(/\[ERR_\w+\] = \{ "(\w+)"/g)].map((m) => m[1]);
  assert.ok(codes.length > 20, 'read lib/error.c');
  /* "ok" is no error; "already_decided" answers moderators only (web/moderate);
   * too_many_requests is said by e.wait / e.waitN (with Retry-After). */
  const reader = codes.filter((c) => !['ok', 'already_decided', 'too_many_requests'].includes(c)).concat('service_unavailable');
  assert.deepEqual(reader.filter((c) => !MSG.en['e.' + c]), [], 'error codes without a message');
  const asked = [...src.matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]);
  assert.ok(asked.length > 20);
  assert.deepEqual([...new Set(asked)].filter((k) => !MSG.en[k]), [], "t('key') calls without a message");
  /* The reading path (web/embed/*.js) asks before the lazy part is in. */
  const read = [...core.join('\n').matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]);
  assert.ok(read.length > 10);
  assert.deepEqual([...new Set(read)].filter((k) => !READ.en[k]), [], "the reading path's t('key') calls without a message in MSG");
});
