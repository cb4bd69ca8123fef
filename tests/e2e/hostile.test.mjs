// SPDX-License-Identifier: ISC — Rostra
// Hostile text through nginx: control characters, bidirectional overrides,
// zero-width characters, overlong, truncated and surrogate UTF-8, NUL, very
// long words, deep JSON, huge numbers and fields given twice — in comment
// bodies, author names, edits and display names, reply ids, paths and query
// strings. Each is either refused with a 4xx JSON error and nothing stored,
// or stored and listed byte for byte and shown as text in the HTML fragment
// and the demo page. Bytes JSON.stringify cannot write are sent raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { API, BASE, SITE_HEADERS, freshCookie, freshKey, sql, storedCount } from './helpers.mjs';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// A request whose body is sent as the bytes given; the answer is kept as
// bytes too, and must be UTF-8 (decoding throws otherwise).
async function send(path, { method = 'GET', body, headers = {} } = {}) {
  const all = { ...(method === 'GET' ? {} : SITE_HEADERS),
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers };
  const res = await fetch(path.startsWith('http') ? path : API + path, { method, headers: all, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = strictUtf8.decode(bytes);
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON: left null for the test to see */ }
  return { status: res.status, headers: res.headers, bytes, text, json };
}

// Reads past nginx's micro-cache, as a poster's browser does.
const fresh = async (path) => send(path, { headers: { Cookie: await freshCookie() } });

// A JSON value inside the body: raw(...) is a string whose bytes between the
// quotes are sent as they are (invalid UTF-8, raw NUL); lit(text) is any
// JSON text written as is (numbers, nesting, escapes); a JS string goes
// through JSON.stringify (which escapes controls and lone surrogates).
class Raw { constructor(parts) { this.bytes = Buffer.concat(parts.map((p) => Buffer.from(p))); } }
class Lit { constructor(text) { this.text = text; } }
const raw = (...parts) => new Raw(parts);
const lit = (text) => new Lit(text);

function jsonValue(v) {
  if (v instanceof Raw) return Buffer.concat([Buffer.from('"'), v.bytes, Buffer.from('"')]);
  if (v instanceof Lit) return Buffer.from(v.text);
  return Buffer.from(JSON.stringify(v));
}

// An object from [name, value] pairs, so a name may come twice; a name is
// itself a value (lit('"b\\u006fdy"') is another spelling of "body").
function jsonObject(pairs) {
  const parts = [Buffer.from('{')];
  pairs.forEach(([name, value], i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(jsonValue(name), Buffer.from(':'), jsonValue(value));
  });
  parts.push(Buffer.from('}'));
  return Buffer.concat(parts);
}

const post = (key, body, headers = {}) =>
  send(`/articles/${key}/comments`, { method: 'POST', body: Buffer.isBuffer(body) ? body : jsonObject(body), headers });

// What the fragment's escaper writes for text (lib/htmlw.c), and cmark for a paragraph's.
const escName = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const escCmark = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The markup the fragment may hold: every '<' in it opens one of these
// tags, every attribute is one of these names with a quoted value, every
// link goes to the web or to a place on the page. Text is escaped, so a
// quote or '<' typed by a reader can only ever appear as an entity.
const TAGS = new Set(['div', 'h2', 'h3', 'section', 'p', 'ol', 'ul', 'li', 'article', 'strong', 'em', 'span',
  'a', 'time', 'code', 'blockquote', 'br']);
const ATTR = /^(class|id|lang|href|rel|datetime|data-[a-z-]+)$/;

function assertInert(html, what) {
  const blanked = html.replace(/"[^"]*"/g, '""');
  assert.doesNotMatch(blanked, /<[!?]/, `${what}: no comment, directive or declaration`);
  for (const [tag, name, attrs] of blanked.matchAll(/<\/?([^\s>/]*)([^>]*)>/g)) {
    assert.ok(TAGS.has(name), `${what}: unexpected element in ${tag}`);
    assert.match(attrs, /^(\s+[a-z-]+="")*\s*\/?$/, `${what}: malformed attributes in ${tag}`);
    for (const [, attr] of attrs.matchAll(/\s([a-z-]+)=""/g)) assert.match(attr, ATTR, `${what}: attribute ${attr}`);
  }
  // Outside tags: no quote or '>' left unescaped, every '&' starts an entity.
  const text = blanked.replace(/<[^>]*>/g, '');
  assert.doesNotMatch(text, /["<>]/, `${what}: raw markup characters in text`);
  assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|#39);)/, `${what}: a bare ampersand`);
  for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) {
    assert.match(href, /^(https?:\/\/[^\s"'<>]*|#comment-\d+|#comments)$/, `${what}: href ${href}`);
  }
}

// Bad bytes are refused by json-c's check (invalid_json) or by the text check
// after it (invalid_utf8, naming the field), whichever sees them first.
const UTF8_REFUSED = ['invalid_json', 'invalid_utf8'];

// Accepted: stored and answered exactly. html, when given, is the exact
// HTML the comment must get (plain text: one escaped paragraph).
const STORED_BODIES = [
  ['bidirectional overrides', 'Invoice \u202Efdp.exe\u202C, \u2067isolated\u2069, \u200Fmarks\u200E, \u202Bembed\u202C'],
  ['Trojan Source comment', '/* \u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */'],
  ['zero-width characters', 'zero\u200Bwidth\u200Cnon\u200Djoiner\u2060joiner\uFEFFbom\u180Evowel'],
  ['only zero-width characters (not white space in Unicode)', '\u200B\u200D\uFEFF'],
  ['line and paragraph separators', 'one\u2028two\u2029three'],
  ['combining marks piled on one letter', 'e' + '\u0301'.repeat(3000)],
  ['astral characters and noncharacters', '\u{1D573}\u{1D58A} \u{1F600} \u{10FFFF} \uFFFE \uFFFF \u{E0001}'],
  ['a 10,000-character word', 'W'.repeat(10000)],
  ['10,000 astral characters (40,000 bytes)', '\u{1F600}'.repeat(10000)],
  ['HTML and attribute break-out', '"><script>alert(1)</script><img src=x onerror=alert(2)> \' onmouseover=\'alert(3)'],
  ['entities typed as text', '&lt;script&gt; &#x3C;b&#x3E; &#0; &amp;amp; &unknown;'],
  ['quotes and backslashes', 'He said "\\" \\u0000 \\n \\\\" \'\''],
  ['tab, CR and LF', 'a\tb\r\nc\nd\re'],
  ['an HTML block', '<script>\nalert(1)\n</script>\n\n<div onclick="alert(2)">x</div>'],
  ['SSI directives', '<!--# echo var="DOCUMENT_URI" --> <!--# include virtual="/comments/api/v1/health" -->'],
  ['links that try to break out', '[a](https://example.org/"onmouseover="alert(1)) <https://example.org/"><b>>'],
  ['links that are not web links', '[b](javascript:alert(1)) [c](data:text/html,<script>alert(1)</script>) [d](JaVaScRiPt:alert(2))'],
  ['an image with an onerror', '![x](https://example.org/x.png" onerror="alert(1))'],
  ['JSON-escaped text', lit('"\\u003cb\\u003e \\ud83d\\ude00 \\u202e \\u2028"'), '<b> \u{1F600} \u202E \u2028'],
];
const STORED_NAMES = [
  ['a right-to-left override', '\u202EnimdA\u202C'],
  ['isolates around a name', '\u2066Admin\u2069'],
  ['a zero-width space inside', 'Ad\u200Bmin'],
  ['only a zero-width space (not white space in Unicode)', '\u200B'],
  ['an element with an onerror', '"><img src=x onerror=alert(1)>'],
  ['a closing tag and a script', '</strong><script>alert(1)</script>'],
  ['an attribute break-out', '\' onmouseover=\'alert(1)'],
  ['an SSI directive', '<!--# echo var="DOCUMENT_URI" -->'],
  ['entities typed as text', '&amp;&lt;&#39;'],
  ['a 64-character word', 'N'.repeat(64)],
  ['64 astral characters', '\u{1F600}'.repeat(64)],
  ['a line separator (not a control character)', 'a\u2028b'],
  ['JSON-escaped text', lit('"\\u003cb\\u003e\\ud83d\\ude00"'), '<b>\u{1F600}'],
];

test('hostile text that is valid is stored and listed byte for byte, and the fragment shows it as text', async () => {
  const cases = [
    ...STORED_BODIES.map(([what, v, expect]) => ({ what: `body: ${what}`, name: 'Hostile tester', body: v, field: 'body', expect: expect ?? v })),
    ...STORED_NAMES.map(([what, v, expect]) => ({ what: `name: ${what}`, name: v, body: `A comment under a hostile name (${what}).`, field: 'author_name', expect: expect ?? v })),
  ];
  const stored = [];
  for (const c of cases) {
    const key = freshKey('hostile');
    const r = await post(key, [['author_name', c.name], ['body', c.body]]);
    assert.equal(r.status, 201, `${c.what}: ${r.text}`);
    assert.equal(r.json.status, 'published', c.what);
    assert.equal(r.json[c.field], c.expect, `${c.what}: the answer holds the text as sent`);
    stored.push({ ...c, key, id: r.json.id, answer: r.json });
  }

  // The database holds the very bytes (hex of its UTF-8), name and body.
  const ids = stored.map((c) => c.id).join(',');
  const rows = new Map(sql(`SELECT id, encode(convert_to(author_name, 'UTF8'), 'hex'),
      encode(convert_to(body, 'UTF8'), 'hex') FROM comment WHERE id IN (${ids});`)
    .split('\n').map((line) => { const [id, name, body] = line.split('|'); return [Number(id), { author_name: name, body }]; }));
  for (const c of stored) {
    assert.equal(rows.get(c.id)?.[c.field], Buffer.from(c.expect).toString('hex'), `${c.what}: stored byte for byte`);
  }

  for (const c of stored) {
    // The JSON listing: the same string, and its JSON text byte for byte
    // (only quote, backslash and controls are escaped, as JSON.stringify does).
    const list = await fresh(`/articles/${c.key}/comments`);
    assert.equal(list.status, 200, c.what);
    const [listed] = list.json.comments;
    assert.equal(listed.id, c.id, c.what);
    assert.equal(listed[c.field], c.expect, `${c.what}: listed as sent`);
    assert.ok(list.bytes.includes(Buffer.from(`"${c.field}":${JSON.stringify(c.expect)}`)), `${c.what}: the listing's bytes`);
    assert.equal(listed.html, c.answer.html, c.what);

    // The fragment: one comment, the name escaped exactly, the body the HTML
    // rendered when it was written, nothing in it that is not text.
    const frag = await fresh(`/articles/${c.key}/fragment`);
    assert.equal(frag.status, 200, c.what);
    assertInert(frag.text, c.what);
    assertInert(listed.html, `${c.what} (html)`);
    assert.equal((frag.text.match(/<li[\s>]/g) || []).length, 1, `${c.what}: one comment, nothing injected`);
    assert.ok(frag.text.includes(`<strong class="rostra-ssr-author">${escName(listed.author_name)}</strong>`), `${c.what}: the name as text`);
    assert.ok(frag.text.includes(`<div class="rostra-ssr-text">${listed.html}</div>`), `${c.what}: the rendered body`);
  }

  // Plain text comes out as one escaped paragraph, nothing lost or added.
  const html = (what) => stored.find((c) => c.what === `body: ${what}`).answer.html;
  for (const what of ['bidirectional overrides', 'zero-width characters', 'only zero-width characters (not white space in Unicode)',
    'line and paragraph separators', 'combining marks piled on one letter', 'astral characters and noncharacters',
    'a 10,000-character word', '10,000 astral characters (40,000 bytes)', 'HTML and attribute break-out']) {
    const body = STORED_BODIES.find(([w]) => w === what)[1];
    assert.equal(html(what), `<p>${escCmark(body)}</p>\n`, what);
  }
  assert.match(html('an HTML block'), /&lt;script&gt;/);
  assert.match(html('an HTML block'), /&lt;div onclick=&quot;alert\(2\)&quot;&gt;/);
  assert.match(html('SSI directives'), /&lt;!--# echo var=&quot;DOCUMENT_URI&quot; --&gt;/);
  assert.match(html('links that try to break out'), /href="https:\/\/example\.org\/%22onmouseover=%22alert\(1\)"/);
  assert.doesNotMatch(html('links that are not web links'), /<a /, 'javascript: and data: links stay text');
  assert.doesNotMatch(html('an image with an onerror'), /<img/);
  assert.match(html('entities typed as text'), /&lt;script&gt; &lt;b&gt; \uFFFD &amp;amp; &amp;unknown;/);
});

test('the demo page includes hostile comments as text, and no directive in them runs', async () => {
  const key = freshKey('hostile-page');
  const first = await post(key, [['author_name', '<!--# echo var="DOCUMENT_URI" -->'], ['body', '<!--# include virtual="/comments/api/v1/health" --> \u202Eevil']]);
  assert.equal(first.status, 201, first.text);
  const second = await post(key, [['author_name', '"><script>alert(1)</script>'], ['body', '<img src=x onerror=alert(1)>'], ['parent_id', first.json.id]]);
  assert.equal(second.status, 201, second.text);
  const page = await send(`${BASE}/?article=${key}`, { headers: { Cookie: await freshCookie() } });
  assert.equal(page.status, 200);
  const start = page.text.indexOf('<div class="rostra-ssr"');
  assert.ok(start > 0, 'the fragment is included');
  const included = page.text.slice(start, page.text.indexOf('</div>\n', start) + 7);
  assertInert(included, 'the included fragment');
  assert.equal((included.match(/<li[\s>]/g) || []).length, 2);
  assert.doesNotMatch(page.text, /"status":"ok"/, 'the include in a comment was not followed');
  assert.ok(included.includes('&lt;!--# echo var=&quot;DOCUMENT_URI&quot; --&gt;'));
  assert.ok(included.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('hostile bodies and names that are not valid text are refused with a clear 4xx and store nothing', async () => {
  const key = freshKey('hostile-bad');
  const marker = `refused-${randomBytes(4).toString('hex')}`;	// the name of every body case
  const badBody = (what, value, status, codes, field) => ({ what: `body: ${what}`, pairs: [['author_name', marker], ['body', value]], status, codes, field });
  const badName = (what, value, status, codes, field) => ({ what: `name: ${what}`, pairs: [['author_name', value], ['body', `a refused name ${marker}`]], status, codes, field });
  const badWhole = (what, bytes, status, codes, field) => ({ what, bytes, status, codes, field });
  const cases = [
    // Control characters: none but tab, CR and LF, and those in a body only.
    badBody('an escaped NUL', 'a\u0000b', 400, ['invalid_field'], 'body'),
    badBody('BEL', 'ring\u0007', 400, ['invalid_field'], 'body'),
    badBody('an ANSI escape sequence', 'a\u001b[2J\u001b[31mred', 400, ['invalid_field'], 'body'),
    badBody('backspace', 'a\bb', 400, ['invalid_field'], 'body'),
    badBody('vertical tab and form feed', 'a\u000bb\fc', 400, ['invalid_field'], 'body'),
    badBody('DEL', 'a\u007fb', 400, ['invalid_field'], 'body'),
    badBody('C1 next line', 'a\u0085b', 400, ['invalid_field'], 'body'),
    badBody('C1 control sequence introducer', 'a\u009b31mb', 400, ['invalid_field'], 'body'),
    badBody('a raw control byte', raw('a', [0x01], 'b'), 400, ['invalid_field', 'invalid_json'], 'body'),
    badBody('a raw NUL byte', raw('a', [0x00], 'b'), 400, ['invalid_json'], undefined),
    badName('a tab', 'A\tB', 400, ['invalid_field'], 'author_name'),
    badName('a line feed', 'A\nB', 400, ['invalid_field'], 'author_name'),
    badName('a carriage return', 'A\rB', 400, ['invalid_field'], 'author_name'),
    badName('an escaped NUL', 'A\u0000B', 400, ['invalid_field'], 'author_name'),
    badName('an ANSI escape', '\u001b[1mAdmin', 400, ['invalid_field'], 'author_name'),
    badName('C1 next line', 'A\u0085B', 400, ['invalid_field'], 'author_name'),
    badName('a raw NUL byte', raw('A', [0x00], 'B'), 400, ['invalid_json'], undefined),
    // Overlong, truncated and out-of-range UTF-8, and surrogates.
    badBody('an overlong slash', raw('..', [0xc0, 0xaf], '..'), 400, UTF8_REFUSED, 'body'),
    badBody('an overlong NUL', raw('a', [0xc0, 0x80], 'b'), 400, UTF8_REFUSED, 'body'),
    badBody('a three-byte overlong', raw('a', [0xe0, 0x80, 0xaf]), 400, UTF8_REFUSED, 'body'),
    badBody('a four-byte overlong', raw('a', [0xf0, 0x80, 0x80, 0xaf]), 400, UTF8_REFUSED, 'body'),
    badBody('a truncated sequence', raw('euro ', [0xe2, 0x82]), 400, UTF8_REFUSED, 'body'),
    badBody('a lone continuation byte', raw('a', [0x80], 'b'), 400, UTF8_REFUSED, 'body'),
    badBody('a five-byte sequence', raw([0xf8, 0x88, 0x80, 0x80, 0x80]), 400, UTF8_REFUSED, 'body'),
    badBody('bytes FF and FE', raw([0xff, 0xfe]), 400, UTF8_REFUSED, 'body'),
    badBody('a code point above U+10FFFF', raw([0xf4, 0x90, 0x80, 0x80]), 400, UTF8_REFUSED, 'body'),
    badBody('a high surrogate in UTF-8', raw('a', [0xed, 0xa0, 0x80], 'b'), 400, UTF8_REFUSED, 'body'),
    badBody('a low surrogate in UTF-8', raw('a', [0xed, 0xb0, 0x80], 'b'), 400, UTF8_REFUSED, 'body'),
    badBody('a surrogate pair in UTF-8 (CESU-8)', raw([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]), 400, UTF8_REFUSED, 'body'),
    badBody('an escaped lone high surrogate', 'a\ud800b', 400, ['invalid_utf8'], undefined),
    badBody('an escaped lone low surrogate', '\udc00', 400, ['invalid_utf8'], undefined),
    badBody('an escaped pair in the wrong order', '\ude00\ud83d', 400, ['invalid_utf8'], undefined),
    badBody('an escaped high surrogate then a letter', lit('"\\ud800\\u0041"'), 400, ['invalid_utf8'], undefined),
    badName('an overlong sequence', raw('Ad', [0xc1, 0xad], 'min'), 400, UTF8_REFUSED, 'author_name'),
    badName('a surrogate in UTF-8', raw('A', [0xed, 0xa0, 0x80]), 400, UTF8_REFUSED, 'author_name'),
    badName('a truncated sequence', raw('A', [0xf0, 0x9f, 0x98]), 400, UTF8_REFUSED, 'author_name'),
    badName('an escaped lone surrogate', 'A\udbff', 400, ['invalid_utf8'], undefined),
    // Too long, or nothing to show.
    badBody('a 10,001-character word', 'W'.repeat(10001), 400, ['field_too_long'], 'body'),
    badBody('10,001 astral characters', '\u{1F600}'.repeat(10001), 400, ['field_too_long'], 'body'),
    badBody('only white space of all kinds', ' \u3000\u00a0\t\r\n\u2028\u0085', 400, ['empty_field'], 'body'),
    badName('a 65-character word', 'N'.repeat(65), 400, ['field_too_long'], 'author_name'),
    badName('65 astral characters', '\u{1F600}'.repeat(65), 400, ['field_too_long'], 'author_name'),
    badName('only white space', '\u3000\u00a0 \u2028', 400, ['empty_field'], 'author_name'),
    // Whole bodies: not JSON, a NUL after it, a BOM before it.
    badWhole('a NUL after the object', Buffer.concat([jsonObject([['author_name', marker], ['body', 'x']]), Buffer.from([0])]), 400, ['invalid_json']),
    badWhole('a byte-order mark before the object', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), jsonObject([['author_name', marker], ['body', 'x']])]), 400, ['invalid_json']),
    badWhole('a body cut inside a character', Buffer.concat([Buffer.from(`{"author_name":"${marker}","body":"`), Buffer.from([0xe2, 0x82])]), 400, UTF8_REFUSED),
  ];
  for (const c of cases) {
    const r = await post(key, c.bytes ?? c.pairs);
    assert.equal(r.status, c.status, `${c.what}: ${r.text}`);
    assert.ok(r.json?.error, `${c.what}: the error is JSON`);
    assert.ok(c.codes.includes(r.json.error.code), `${c.what}: code ${r.json.error.code}`);
    assert.ok(r.json.error.message.length > 10, c.what);
    // invalid_json is about the whole body: it names no field.
    assert.equal(r.json.error.field, r.json.error.code === 'invalid_json' ? undefined : c.field, `${c.what}: field`);
    assert.match(r.headers.get('content-type'), /^application\/json/, c.what);
    assert.equal(r.headers.get('set-cookie'), null, `${c.what}: no guest was made`);
  }
  assert.equal(storedCount(key), 0);
  assert.equal(sql(`SELECT count(*) FROM article WHERE key = :'key';`, { key }), '0');
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE display_name = :'m';`, { m: marker }), '0');
  assert.equal((await fresh(`/articles/${key}/comments`)).json.article.comment_count, 0);
});

test('deep nesting, huge numbers and fields given twice are refused; nothing stored', async () => {
  const key = freshKey('hostile-json');
  const parent = await post(freshKey('hostile-parent'), [['author_name', 'Parent'], ['body', 'A comment on another article.']]);
  assert.equal(parent.status, 201);
  const marker = `json-${randomBytes(4).toString('hex')}`;
  const base = [['author_name', marker], ['body', 'hidden']];
  const cases = [
    // Two members with one name: json-c would keep the last; other readers
    // of the same bytes (a proxy, a log) may keep the first.
    ['body twice', [['author_name', marker], ['body', 'first'], ['body', 'second']], 400, 'invalid_json'],
    ['author_name twice', [['author_name', 'Ada'], ['author_name', marker], ['body', 'x']], 400, 'invalid_json'],
    ['parent_id twice', [...base, ['parent_id', lit('1')], ['parent_id', lit('2')]], 400, 'invalid_json'],
    ['body, and body spelt with an escape', [...base, [lit('"b\\u006fdy"'), 'other']], 400, 'invalid_json'],
    ['a name cut at an escaped NUL', [['author_name', marker], ['body\u0000x', 'smuggled']], 400, 'invalid_json'],
    ['body, and body with a NUL after it', [...base, ['body\u0000', 'smuggled']], 400, 'invalid_json'],
    ['a member twice deep inside a value', [...base, ['title', lit('[{"a":1,"a":2}]')]], 400, 'invalid_json'],
    // Nesting: eight levels at most, and never a string where one is due.
    ['nine levels of arrays', [...base, ['title', lit('['.repeat(8) + ']'.repeat(8))]], 400, 'invalid_json'],
    ['30,000 levels of arrays', [...base, ['title', lit('['.repeat(30000) + ']'.repeat(30000))]], 400, 'invalid_json'],
    ['10,000 levels of objects', [...base, ['title', lit('{"a":'.repeat(10000) + '1' + '}'.repeat(10000))]], 400, 'invalid_json'],
    ['an unclosed 60,000 levels', Buffer.from('['.repeat(60000)), 400, 'invalid_json'],
    ['nesting within the limit where text is due', [...base, ['title', lit('['.repeat(7) + ']'.repeat(7))]], 400, 'invalid_field', 'title'],
    // Numbers: an id is a whole number from 1 to 2^63 - 1, never rounded or clamped.
    ['a 50,000-digit body', [['author_name', marker], ['body', lit('9'.repeat(50000))]], 400, 'invalid_field', 'body'],
    ['a title of 1e999999', [...base, ['title', lit('1e999999')]], 400, 'invalid_field', 'title'],
    ['parent_id 2^63', [...base, ['parent_id', lit('9223372036854775808')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id 2^64', [...base, ['parent_id', lit('18446744073709551616')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id of 50,000 digits', [...base, ['parent_id', lit('9'.repeat(50000))]], 400, 'invalid_field', 'parent_id'],
    ['parent_id -2^63 - 1', [...base, ['parent_id', lit('-9223372036854775809')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id 1e400', [...base, ['parent_id', lit('1e400')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id 1.0', [...base, ['parent_id', lit('1.0')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id 0', [...base, ['parent_id', lit('0')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id -1', [...base, ['parent_id', lit('-1')]], 400, 'invalid_field', 'parent_id'],
    ['parent_id as a string', [...base, ['parent_id', String(parent.json.id)]], 400, 'invalid_field', 'parent_id'],
    ['parent_id with a leading zero', [...base, ['parent_id', lit('0' + parent.json.id)]], 400, 'invalid_json'],
    // Not JSON at all, though json-c reads them as numbers: refused either way.
    ['parent_id NaN', [...base, ['parent_id', lit('NaN')]], 400, ['invalid_field', 'invalid_json'], 'parent_id'],
    ['parent_id Infinity', [...base, ['parent_id', lit('-Infinity')]], 400, ['invalid_field', 'invalid_json'], 'parent_id'],
    // A well-formed id of no comment here: refused by the database, not the parser.
    ['parent_id 2^63 - 1', [...base, ['parent_id', lit('9223372036854775807')]], 422, 'invalid_parent'],
    ['a parent on another article', [...base, ['parent_id', lit(String(parent.json.id))]], 422, 'invalid_parent'],
  ];
  for (const [what, body, status, code, field] of cases) {
    const r = await post(key, body);
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.ok([code].flat().includes(r.json?.error?.code), `${what}: ${r.text}`);
    assert.ok(r.json.error.message.length > 10, what);
    assert.equal(r.json.error.field, r.json.error.code === 'invalid_json' ? undefined : field, `${what}: field`);
    assert.equal(r.headers.get('set-cookie'), null, `${what}: no guest was made`);
  }
  assert.equal(storedCount(key), 0);
  assert.equal(sql(`SELECT count(*) FROM app_user WHERE display_name = :'m';`, { m: marker }), '0');
  // The same bytes with each name once are a comment (the parser refused the repeat, not the text).
  const once = await post(key, [['author_name', marker], [lit('"b\\u006fdy"'), 'spelt with an escape'], ['parent_id', lit('null')]]);
  assert.equal(once.status, 201, once.text);
  assert.equal(once.json.body, 'spelt with an escape');
});

test('edits and display names get the same answers as new comments', async () => {
  const key = freshKey('hostile-edit');
  const first = await post(key, [['author_name', 'Editor'], ['body', 'The first text.']]);
  assert.equal(first.status, 201);
  const cookie = first.headers.get('set-cookie').match(/rostra_session=[^;]*/)[0];
  const edit = (bytes) => send(`/comments/${first.json.id}`, { method: 'PATCH', body: bytes, headers: { Cookie: cookie } });

  for (const [what, bytes, code, field] of [
    ['an overlong sequence', jsonObject([['body', raw('a', [0xc0, 0xaf])]]), UTF8_REFUSED, 'body'],
    ['an escaped lone surrogate', jsonObject([['body', '\udfff']]), ['invalid_utf8'], undefined],
    ['a NUL', jsonObject([['body', 'a\u0000']]), ['invalid_field'], 'body'],
    ['an ANSI escape', jsonObject([['body', '\u001b[2J']]), ['invalid_field'], 'body'],
    ['body twice', jsonObject([['body', 'one'], ['body', 'two']]), ['invalid_json'], undefined],
    ['too deep', jsonObject([['body', lit('['.repeat(20) + ']'.repeat(20))]]), ['invalid_json'], undefined],
    ['a 10,001-character word', jsonObject([['body', 'W'.repeat(10001)]]), ['field_too_long'], 'body'],
  ]) {
    const r = await edit(bytes);
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.ok(code.includes(r.json.error.code), `${what}: ${r.json.error.code}`);
    assert.equal(r.json.error.field, r.json.error.code === 'invalid_json' ? undefined : field, `${what}: field`);
  }
  assert.equal(sql(`SELECT body || CASE WHEN edited_at IS NULL THEN ' (not edited)' ELSE ' (edited)' END
    FROM comment WHERE id = :'id';`, { id: first.json.id }), 'The first text. (not edited)',
    'refused edits changed nothing');
  assert.equal(sql(`SELECT count(*) FROM comment_version WHERE comment_id = :'id';`, { id: first.json.id }), '0');

  const text = 'Edited: \u202Egnp.exe\u202C \u200B<script>alert(1)</script> \u{1F600}';
  const ok = await edit(jsonObject([['body', text]]));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.body, text);
  const list = await fresh(`/articles/${key}/comments`);
  assert.equal(list.json.comments[0].body, text);
  assert.ok(list.bytes.includes(Buffer.from(`"body":${JSON.stringify(text)}`)));
  const frag = await fresh(`/articles/${key}/fragment`);
  assertInert(frag.text, 'the edited comment');
  assert.ok(frag.text.includes(`<p>${escCmark(text)}</p>`));

  // A display name set on its own (a guest session, then a change of name).
  const name = '\u202E"><svg onload=alert(1)>';
  const guest = await send('/session/guest', { method: 'POST', body: jsonObject([['display_name', name]]) });
  assert.equal(guest.status, 201, guest.text);
  assert.equal(guest.json.display_name, name);
  const gcookie = guest.headers.get('set-cookie').match(/rostra_session=[^;]*/)[0];
  for (const [what, bytes, codes] of [
    ['a name twice', jsonObject([['display_name', 'Ada'], ['display_name', 'Eve']]), ['invalid_json']],
    ['a surrogate in UTF-8', jsonObject([['display_name', raw('A', [0xed, 0xb0, 0x80])]]), UTF8_REFUSED],
    ['a line feed', jsonObject([['display_name', 'A\nB']]), ['invalid_field']],
    ['a C1 control', jsonObject([['display_name', 'A\u009bB']]), ['invalid_field']],
    ['65 characters', jsonObject([['display_name', 'N'.repeat(65)]]), ['field_too_long']],
  ]) {
    const r = await send('/me', { method: 'PATCH', body: bytes, headers: { Cookie: gcookie } });
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.ok(codes.includes(r.json.error.code), `${what}: ${r.json.error.code}`);
    const g = await send('/session/guest', { method: 'POST', body: bytes });
    assert.equal(g.status, 400, `guest, ${what}: ${g.text}`);
    assert.equal(g.headers.get('set-cookie'), null);
  }
  const me = await send('/me', { headers: { Cookie: gcookie } });
  assert.equal(me.json.display_name, name, 'refused changes left the name alone');
  const renamed = '\u2066\u200BEve\u2069';
  assert.equal((await send('/me', { method: 'PATCH', body: jsonObject([['display_name', renamed]]), headers: { Cookie: gcookie } })).status, 200);
  assert.equal((await send('/me', { headers: { Cookie: gcookie } })).json.display_name, renamed);
  const reply = await post(key, [['body', 'A reply under a changed name.'], ['parent_id', lit(String(first.json.id))]], { Cookie: gcookie });
  assert.equal(reply.status, 201, reply.text);
  assert.equal(reply.json.author_name, renamed);
  const frag2 = await fresh(`/articles/${key}/fragment`);
  assertInert(frag2.text, 'the reply');
  assert.ok(frag2.text.includes(`<strong class="rostra-ssr-author">${escName(renamed)}</strong>`));
});

test('huge numbers in paths and query strings get a 4xx JSON answer, never a 500', async () => {
  const key = freshKey('hostile-query');
  const first = await post(key, [['author_name', 'Numbers'], ['body', 'A comment to page past.']]);
  assert.equal(first.status, 201);
  const cookie = first.headers.get('set-cookie').match(/rostra_session=[^;]*/)[0];
  const cases = [
    ['GET', `/articles/${key}/comments?limit=99999999999999999999`, 400, 'invalid_parameter'],
    ['GET', `/articles/${key}/comments?limit=-9223372036854775809`, 400, 'invalid_parameter'],
    ['GET', `/articles/${key}/comments?limit=1e2`, 400, 'invalid_parameter'],
    ['GET', `/articles/${key}/comments?limit=${'9'.repeat(5000)}`, 400, 'invalid_parameter'],
    ['GET', `/articles/${key}/comments?cursor=1.99999999999999999999`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?cursor=1.9223372036854775808`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?cursor=1.-9223372036854775808`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?cursor=1.0`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?cursor=1.%00`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?cursor=1.%C0%AF`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?sort=replies&cursor=2.99999999999999999999.1`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?sort=reactions&cursor=2.2147483648.1`, 400, 'invalid_cursor'],
    ['GET', `/articles/${key}/comments?sort=%E2%80%AEnewest`, 400, 'invalid_parameter'],
    // The largest well-formed cursors are pages (of what comes after them).
    ['GET', `/articles/${key}/comments?cursor=1.9223372036854775807`, 200],
    ['GET', `/articles/${key}/comments?sort=reactions&cursor=2.2147483647.9223372036854775807`, 200],
    ['GET', '/comments/99999999999999999999/replies', 404, 'not_found'],
    ['GET', '/comments/999999999999999999/replies?cursor=1.9223372036854775807', 404, 'not_found'],
    ['GET', `/comments/${first.json.id}/replies?cursor=1.99999999999999999999`, 400, 'invalid_cursor'],
    ['GET', `/comments/${first.json.id}/replies?limit=18446744073709551617`, 400, 'invalid_parameter'],
    ['GET', '/comments/9223372036854775807/context', 404, 'not_found'],
    ['GET', '/comments/-1/context', 404, 'not_found'],
    ['GET', `/counts?article=${'9'.repeat(129)}`, 400, 'invalid_article_key'],
    ['GET', '/counts?article=%E2%80%AEkey', 400, 'invalid_article_key'],
    ['PATCH', '/comments/99999999999999999999', 404, 'not_found'],
    ['PATCH', '/comments/999999999999999999', 404, 'not_found'],
    ['PUT', '/comments/99999999999999999999/reaction', 404, 'not_found'],
    ['DELETE', '/comments/9223372036854775807', 404, 'not_found'],
    ['POST', '/comments/99999999999999999999/reports', 404, 'not_found'],
  ];
  for (const [method, path, status, code] of cases) {
    const body = method === 'PATCH' ? jsonObject([['body', 'x']]) : method === 'POST' ? jsonObject([['reason', 'spam']]) : undefined;
    const r = await send(path, { method, body, headers: { Cookie: `${cookie}; rostra_fresh=1` } });
    assert.equal(r.status, status, `${method} ${path.slice(0, 100)}: ${r.text.slice(0, 200)}`);
    if (code) assert.equal(r.json?.error?.code, code, `${method} ${path.slice(0, 100)}`);
    else assert.ok(Array.isArray(r.json.comments), path);
  }
  // An odd ?lang= is ignored by the fragment, as caches add their own parameters.
  const frag = await fresh(`/articles/${key}/fragment?lang=%00%FF%E2%80%AE`);
  assert.equal(frag.status, 200);
  assert.match(frag.text, /lang="en"/);
  assert.equal(storedCount(key), 1, 'nothing but the first comment');
});

// A short text must not become a page of markup: 7,301 '>' once made
// 197,109 bytes of nested quotes in every listing, and 9,999 of them hit
// the stored HTML's limit with an unhelpful error.
test('deeply nested quotes and lists render flat past four levels, at most 8 times the text', async () => {
  for (const [unit, n, tag] of [['>', 7301, 'blockquote'], ['>', 9995, 'blockquote'], ['- ', 4997, 'ul'],
    ['> 1. ', 1999, 'blockquote']]) {
    const key = freshKey('nest');
    const body = unit.repeat(n) + 'deep';
    const r = await post(key, [['author_name', 'Nester'], ['body', body]]);
    assert.equal(r.status, 201, `${unit} × ${n}: ${r.text.slice(0, 300)}`);
    assert.equal(r.json.body, body, 'the text is kept as typed');
    const html = sql(`SELECT body_html FROM comment WHERE id = :'id'`, { id: r.json.id });
    assert.ok(html.length <= 8 * body.length + 256, `${unit} × ${n}: ${html.length} bytes of HTML`);
    const opened = html.split(`<${tag}>`).length - 1;
    assert.ok(opened >= 1 && opened <= 4, `${unit} × ${n}: ${opened} nested <${tag}>`);
    assert.equal(html.split(`</${tag}>`).length - 1, opened);
    assert.match(html, /deep/);
    const frag = await send(`${BASE}/comments/api/v1/articles/${key}/fragment`);
    assert.equal(frag.status, 200);
    assert.ok(frag.bytes.length < 8 * body.length + 4096, `fragment of ${frag.bytes.length} bytes`);
  }
});
