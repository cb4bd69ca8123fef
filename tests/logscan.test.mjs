// SPDX-License-Identifier: ISC — Rostra
// No token, cookie, key, password or comment body in any log line (issue 6).
// tests/run.sh runs this after the end-to-end and browser suites, while the
// stack in ROSTRA_STACK still runs (its database is read here), and before
// the directory is removed. It searches every log the stack wrote for what
// those suites stored or used. It lives outside tests/e2e so it runs last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const STACK = process.env.ROSTRA_STACK;
if (!STACK) throw new Error('run through tests/run.sh (ROSTRA_STACK unset)');

// Every log the stack writes. PostgreSQL's is held to the same rule as the
// daemon's and nginx's. It logs the text of a failed statement
// (log_min_error_statement = error): the daemon's statements are prepared
// and hold $1, $2, never values, and their parameters are not logged
// (log_parameter_max_length_on_error stays 0). An error's DETAIL, though,
// quotes the values at fault: a taken email, or a failing row with its
// comment. The suite's own registrations made it log emails, so
// scripts/pg.sh asks for terse errors, which leave DETAIL out.
const LOGS = ['rostra.log', 'nginx/error.log', 'nginx/access.log', 'pg/postgres.log'];
const logs = LOGS.filter((name) => existsSync(join(STACK, name)))
  .map((name) => ({ name, text: readFileSync(join(STACK, name), 'utf8') }));

// Shorter stored strings are skipped: a name like "Sam" or a body like
// "Great point" would match log text by chance; the tests' own are longer.
const MIN_LEN = 12;
// A long value is searched by its first code points: a log line that was
// cut short (the daemon's end at 1 KiB) still holds the start of a leak.
const PREFIX = 32;
// Lookups are by the first HEAD code units of a needle, so the search is one
// pass over each log however many strings the suites stored.
const HEAD = 12;

// The ways a logger may have written a string: as is, inside a JSON string,
// as PostgreSQL quotes a parameter, as nginx's access log escapes a request
// line ("\xHH" for '"', '\' and bytes outside printable ASCII), and
// percent-encoded in a query string or a Referer; and lower-cased, as
// PostgreSQL quotes a key on lower(email) or lower(display_name).
function forms(s) {
  const nginx = [...Buffer.from(s, 'utf8')].map((b) => (b < 0x20 || b > 0x7e || b === 0x22 || b === 0x5c
    ? `\\x${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
  const url = encodeURIComponent(s);
  return new Set([s, JSON.stringify(s).slice(1, -1), s.replaceAll("'", "''"), nginx, url,
    url.replaceAll('%20', '+'), s.toLowerCase()]);
}

function prefix(s) {
  return Array.from(s).slice(0, PREFIX).join('');
}

// Finds every needle ({ text, what }) in every log; returns "log:line: what".
function search(needles) {
  const byHead = new Map();
  for (const n of needles) {
    if (n.text.length < HEAD) continue;
    const head = n.text.slice(0, HEAD);
    if (!byHead.has(head)) byHead.set(head, []);
    byHead.get(head).push(n);
  }
  const hits = [];
  for (const { name, text } of logs) {
    let line = 1;
    let seen = new Set();
    for (let i = 0; i + HEAD <= text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        seen = new Set();
        continue;
      }
      const candidates = byHead.get(text.slice(i, i + HEAD));
      if (!candidates) continue;
      for (const n of candidates) {
        if (text.startsWith(n.text, i) && !seen.has(n.what)) {
          seen.add(n.what);
          hits.push(`${name}:${line}: ${n.what}`);
        }
      }
    }
  }
  return hits;
}

// Every match of pattern in every log, as "log:line: what: excerpt".
function grep(pattern, what) {
  const hits = [];
  for (const { name, text } of logs) {
    text.split('\n').forEach((l, i) => {
      const m = l.match(pattern);
      if (m) hits.push(`${name}:${i + 1}: ${what}: ${m[0].slice(0, 24)}…`);
    });
  }
  return hits;
}

function report(hits, what) {
  assert.deepEqual(hits.slice(0, 20), [], `${hits.length} log line(s) hold ${what}`);
}

function sql(query) {
  const conninfo = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
  return execFileSync('psql', [conninfo, '-XAtq', '-v', 'ON_ERROR_STOP=1'],
    { input: query, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

// What readers and moderators wrote and who they are, as stored. Emails are
// searched too: they are personal data the daemon never needs to log (it
// names users by id), and a log line pairing an email with a client address
// outlives the account in every log archive.
function stored() {
  const rows = JSON.parse(sql(`
    SELECT coalesce(json_agg(json_build_array(what, v)), '[]') FROM (
      SELECT 'a comment body' AS what, body AS v FROM comment
      UNION SELECT 'an earlier version of a comment', body FROM comment_version
      UNION SELECT 'a report''s note', note FROM comment_report
      UNION SELECT 'a moderator''s note on a user', body FROM user_note
      UNION SELECT 'a moderator''s note', note FROM moderation_log WHERE via <> 'policy'
      UNION SELECT 'an author''s display name', author_name FROM comment
      UNION SELECT 'a display name', display_name FROM app_user
      UNION SELECT 'an email address', email FROM app_user
      UNION SELECT 'a password hash', password_hash FROM app_user
    ) t WHERE char_length(btrim(v)) >= ${MIN_LEN};`));
  // A string the daemon's own source holds is its text, not a reader's
  // (the demo subscriber's name, which its log's warning also says).
  const own = ['fcgi', 'moderation'].flatMap((dir) => readdirSync(dir)
    .filter((f) => f.endsWith('.c')).map((f) => readFileSync(join(dir, f), 'utf8'))).join('\n').toLowerCase();
  return rows.filter(([, v]) => !own.includes(v.toLowerCase())).map(([what, v]) => ({ what, value: v }));
}

// The passwords the suites type, read from their sources so a new test's
// password is searched without a list to keep: `password: '…'`,
// `password = '…' + id`, a Password field's fill('…'), and the CLI's
// password on standard input (input: '…\n'). Only the literal part before
// any ${…} or + is taken.
function testPasswords() {
  const found = new Set();
  const patterns = [
    /password\s*[:=]\s*(['`])((?:(?!\1|\$\{).)*)/gi,
    /getByLabel\('Password'\)\.fill\((['`])((?:(?!\1|\$\{).)*)/g,
    /input:\s*(['`])((?:(?!\1|\$\{).)*?)\\n\1/g,
  ];
  for (const dir of ['tests/e2e', 'tests/browser']) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs'))) {
      const src = readFileSync(join(dir, file), 'utf8');
      for (const p of patterns) {
        for (const m of src.matchAll(p)) {
          const pw = m[2].trim();
          if (pw.length >= MIN_LEN) found.add(pw);
        }
      }
    }
  }
  return [...found];
}

// A secret key as the key ring and the demo's SSO key file hold it
// (base64url, no padding: libsodium's seed || public key), in the forms a
// careless log line would print: that text, standard base64, hex; and the
// same for the 32-byte seed alone, which is the whole secret.
function keyForms(b64url) {
  const bytes = Buffer.from(b64url, 'base64url');
  assert.equal(bytes.length, 64, 'an Ed25519 secret key is 64 bytes');
  const out = new Set([b64url]);
  for (const b of [bytes, bytes.subarray(0, 32)]) {
    out.add(b.toString('base64url'));
    out.add(b.toString('base64'));
    out.add(b.toString('base64').replace(/=+$/, ''));
    out.add(b.toString('hex'));
    out.add(b.toString('hex').toUpperCase());
  }
  return out;
}

function secretKeys() {
  const keys = [];
  const ring = readFileSync(join(STACK, 'keyring'), 'utf8');
  for (const line of ring.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'current' || f[0] === 'retired') keys.push({ what: `signing key ${f[1]}`, b64: f[2] });
  }
  const demo = join(STACK, 'demo-sso.key');
  if (existsSync(demo)) keys.push({ what: 'the demo site\'s SSO secret key', b64: readFileSync(demo, 'utf8').trim() });
  return keys;
}

test('the stack wrote the logs this scan reads', () => {
  for (const name of ['rostra.log', 'nginx/access.log', 'pg/postgres.log']) {
    const log = logs.find((l) => l.name === name);
    assert.ok(log, `${name} exists`);
    assert.ok(log.text.length > 0, `${name} is not empty`);
  }
  assert.ok(logs.find((l) => l.name === 'nginx/access.log').text.includes('POST /comments/api/v1/'),
    'the access log saw the suites post');
});

test('no comment body, note, display name, email or password hash the suites stored is in a log', () => {
  const rows = stored();
  assert.ok(rows.some((r) => r.what === 'a comment body'), 'the suites stored comments');
  const needles = [];
  for (const { what, value } of rows) {
    for (const f of forms(prefix(value))) needles.push({ text: f, what: `${what} (${prefix(value).slice(0, 20)}…)` });
  }
  report(search(needles), 'stored text');
});

test('no password the suites type is in a log', () => {
  const passwords = testPasswords();
  assert.ok(passwords.includes('moderator password') && passwords.length >= 5,
    `the tests' passwords are found in their sources (${passwords.length})`);
  const needles = passwords.flatMap((pw) => [...forms(pw)].map((f) => ({ text: f, what: `password "${pw}"` })));
  report(search(needles), 'a password');
});

test('no signing key of the key ring and no SSO secret key is in a log', () => {
  const keys = secretKeys();
  assert.ok(keys.length >= 2, 'a current signing key and the demo SSO key are read');
  const needles = keys.flatMap(({ what, b64 }) => [...keyForms(b64)].map((f) => ({ text: f, what })));
  report(search(needles), 'a secret key');
});

// The suites' tokens are not kept, so they are searched by their shape:
// sessions and SSO tokens are PASETO v4 strings; a token's payload alone is
// base64url of a JSON object ("eyJ…"); secret PASERKs start k4.secret or
// k4.local (k4.public is the site's public key, not a secret). A cookie's
// value, or any Cookie, Set-Cookie or X-Rostra-CSRF header, means request
// or response headers are being logged. (The CSRF header's value is the
// constant 1 and not a secret; its name stands for a header dump.)
test('no token, token payload, cookie value or request header is in a log', () => {
  const hits = [
    ...grep(/v4\.(?:public|local)\.[A-Za-z0-9_-]{16,}/, 'a PASETO token'),
    ...grep(/\beyJ[A-Za-z0-9_-]{16,}/, 'base64url JSON (a token payload)'),
    ...grep(/k4\.(?:secret|local|secret-wrap|local-wrap|seal)\.[A-Za-z0-9_-]{16,}/, 'a secret PASERK'),
    ...grep(/rostra_session=[^;\s"]{8,}/, 'the session cookie'),
    ...grep(/\b(?:set-)?cookie:\s*\S/i, 'a cookie header'),
    ...grep(/x-rostra-csrf/i, 'the CSRF header'),
  ];
  report(hits, 'a token or header');
});

// nginx's access log keeps each request line, query string and all, and
// the Referer: no token may travel there, so the names of the query
// parameters the suites sent are held to the ones the API and demo use for
// public things. The log formats in use must not add cookies, headers or
// bodies.
test('nginx logs no cookie, header or body, and no query string carries a secret', () => {
  const conf = ['nginx/nginx.conf', 'nginx/rostra.conf'].map((f) => readFileSync(join(STACK, f), 'utf8')).join('\n');
  for (const m of conf.matchAll(/^\s*log_format\s[^;]*;/gm)) {
    assert.doesNotMatch(m[0], /\$(?:http_cookie|cookie_|request_body|http_x_rostra|http_authorization|sent_http_set_cookie|upstream_http_set_cookie|upstream_cookie_)/,
      `a log_format logs a cookie, header or body: ${m[0]}`);
  }
  const lines = logs.find((l) => l.name === 'nginx/access.log').text.split('\n').filter(Boolean);
  const names = new Set();
  let parsed = 0;
  for (const line of lines) {
    // nginx's "combined": … "request line" status bytes "referer" "agent"
    const m = line.match(/"[A-Z]+ ([^ "]*)[^"]*" \d{3} \d+ "([^"]*)"/);
    if (!m) continue;
    parsed++;
    for (const url of [m[1], m[2]]) {
      const q = url.indexOf('?');
      if (q === -1) continue;
      for (const part of url.slice(q + 1).split('&')) {
        const name = part.split('=')[0].replaceAll('+', ' ');
        try { names.add(decodeURIComponent(name)); } catch { names.add(name); }
      }
    }
  }
  assert.equal(parsed, lines.length, 'every access log line has the combined format this test reads');
  const secretish = [...names].filter((n) => /token|sso|session|secret|passw|csrf|auth|cookie|jwt|paseto/i.test(n));
  assert.deepEqual(secretish, [], `query parameters named like secrets: ${secretish.join(', ')}`);
});
