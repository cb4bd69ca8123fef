// SPDX-License-Identifier: ISC — Rostra
// Security headers on every kind of response a browser gets through nginx:
// the demo pages (a strict Content-Security-Policy, no inline code), the
// embed's files, the moderator pages (never framed), the API's answers,
// success and error, and the JSON errors nginx writes itself (413, 503).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, STACK, freshKey, postComment, request, sessionCookie, stack } from './helpers.mjs';

// Fetches a URL of the stack (a path under BASE) with its headers.
const get = (path, opts) => request(`${BASE}${path}`, opts);

function nosniff(r, what) {
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
}

// The directives of a Content-Security-Policy header, by name.
function policy(r) {
  const csp = r.headers.get('content-security-policy');
  assert.ok(csp, 'a Content-Security-Policy header');
  return Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [name, ...v] = d.split(/\s+/); return [name, v]; }));
}

test('the demo article and list: strict policy, no inline script or style for it to block', async () => {
  for (const path of ['/', '/?article=t-headers', '/list']) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    nosniff(r, path);
    const p = policy(r);
    assert.deepEqual(p['script-src'], ["'self'"], `${path}: scripts only from the site`);
    assert.deepEqual(p['style-src'], ["'self'"], `${path}: styles only from the site`);
    assert.deepEqual(p['default-src'], ["'self'"]);
    assert.deepEqual(p['object-src'], ["'none'"]);
    assert.deepEqual(p['require-trusted-types-for'], ["'script'"], `${path}: no HTML string but through a policy`);
    assert.deepEqual(p['trusted-types'], ['rostra'], `${path}: the embed's one policy`);
    assert.ok(!r.headers.get('content-security-policy').includes('unsafe-'), path);
    // What the policy would block: an inline <script>, a <style>, a style attribute, an on… handler.
    assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${path}: inline script`);
    assert.doesNotMatch(r.text, /<style[\s>]/i, `${path}: inline style element`);
    assert.doesNotMatch(r.text, /\sstyle=/i, `${path}: style attribute`);
    assert.doesNotMatch(r.text, /\son[a-z]+=/i, `${path}: event handler attribute`);
  }
});

test('the demo pages own scripts and styles are files, served with their types', async () => {
  const page = await get('/');
  const list = await get('/list');
  const files = [...`${page.text}\n${list.text}`.matchAll(/(?:src|href)="(\/demo\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(files.includes('/demo/demo.js') && files.includes('/demo/demo.css'), files.join(' '));
  assert.ok(files.includes('/demo/list.js') && files.includes('/demo/list.css'), files.join(' '));
  for (const f of files) {
    const r = await get(f);
    assert.equal(r.status, 200, f);
    nosniff(r, f);
    assert.match(r.headers.get('content-type'), f.endsWith('.js') ? /javascript/ : /^text\/css/, f);
  }
});

test('embed.js, embed.css, their lazy part and count.js: nosniff, the right type, cached by browsers', async () => {
  for (const [path, type] of [['/comments/embed.js', /javascript/], ['/comments/embed.css', /^text\/css/],
    ['/comments/embed-more.js', /javascript/], ['/comments/embed-more.css', /^text\/css/],
    ['/comments/count.js', /javascript/]]) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    nosniff(r, path);
    assert.match(r.headers.get('content-type'), type, path);
    assert.match(r.headers.get('cache-control'), /max-age=86400/, path);
  }
});

test('moderator pages and their files: never framed, scripts only from the site', async () => {
  for (const path of ['/comments/moderate', '/comments/moderate/login',
    '/comments/moderate/moderate.js', '/comments/moderate/moderate.css', '/comments/moderate/no-such-file']) {
    const r = await get(path);
    assert.equal(r.status, path.endsWith('no-such-file') ? 404 : 200, path);
    nosniff(r, path);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    const p = policy(r);
    assert.deepEqual(p['frame-ancestors'], ["'none'"], path);
    assert.deepEqual(p['default-src'], ["'self'"], path);
    assert.equal(p['script-src'], undefined, `${path}: scripts fall back to default-src 'self'`);
    assert.deepEqual(p['require-trusted-types-for'], ["'script'"], path);
    assert.deepEqual(p['trusted-types'], ["'none'"], `${path}: no policy at all`);
  }
});

// The desk is ES modules (moderate.js imports the others): each is served as
// JavaScript with the pages' headers, and the page preloads every module
// reachable from moderate.js, so none is fetched one import level late.
test('the moderator page\'s modules: all served as scripts, all preloaded', async () => {
  const page = await get('/comments/moderate');
  assert.equal(page.status, 200);
  const dir = '/comments/moderate/';
  const entry = [...page.text.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(entry, [dir + 'moderate.js']);
  const preloaded = new Set([...page.text.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]));
  const seen = new Set();
  const todo = [...entry];
  while (todo.length) {
    const path = todo.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    const r = await get(path);
    assert.equal(r.status, 200, path);
    nosniff(r, path);
    assert.match(r.headers.get('content-type'), /javascript/, `${path}: a module needs a JavaScript type`);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    assert.ok(r.text.startsWith('// SPDX-License-Identifier: ISC — Rostra\n'), `${path}: the licence line`);
    for (const m of r.text.matchAll(/^import .* from '\.\/([\w-]+\.js)';$/gm)) {
      assert.ok(preloaded.has(dir + m[1]), `${path} imports ${m[1]}: index.html preloads it`);
      todo.push(dir + m[1]);
    }
  }
  assert.deepEqual([...preloaded].filter((p) => !seen.has(p)), [], 'every preload is a module the page uses');
  assert.ok(seen.size > 10, `the desk's modules (${seen.size})`);
});

test('every form posts, to an address nginx answers with a page, so nothing typed reaches a URL', async () => {
  const pages = ['/comments/moderate', '/comments/moderate/login'];
  let forms = 0;
  for (const path of pages) {
    const r = await get(path);
    for (const [tag] of r.text.matchAll(/<form\b[^>]*>/g)) {
      if (/method="dialog"/.test(tag)) continue;
      forms++;
      assert.match(tag, /\smethod="post"/, `${path}: ${tag}`);
      assert.match(tag, /\saction="\/comments\/nojs"/, `${path}: ${tag}`);
    }
  }
  assert.ok(forms >= 5, `the sign-in, filter, settings and two word forms (${forms})`);
  const r = await get('/comments/nojs', {
    method: 'POST', site: false,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.example&password=never-stored',
  });
  assert.equal(r.status, 400);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.text, /needs JavaScript/);
  assert.doesNotMatch(r.text, /never-stored/);
  nosniff(r, 'nojs');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.deepEqual(policy(r)['default-src'], ["'none'"]);
});

test('API answers, success and error, are JSON with nosniff; a signed-in answer is never stored', async () => {
  const key = freshKey();
  const posted = await postComment(key, { author_name: 'Hedda', body: 'headers, please' });
  assert.equal(posted.status, 201, posted.text);
  const cookie = sessionCookie(posted);
  const cases = [
    ['list', await request(`/articles/${key}/comments`), 200],
    ['post', posted, 201],
    ['counts', await request(`/counts?article=${key}`), 200],
    ['me', await request('/me', { headers: { Cookie: cookie } }), 200],
    ['health', await request('/health'), 200],
    ['not signed in', await request('/articles/x/comments/mine'), 401],
    ['bad article key', await request('/articles/no%20spaces/comments'), 400],
    ['unknown route', await request('/no-such-route'), 404],
    ['wrong method', await request('/counts', { method: 'POST' }), 405],
    ['cross-site post', await postComment(key, { author_name: 'X', body: 'y' }, {}, { site: false }), 403],
    ['bad JSON', await postComment(key, '{"author_name":'), 400],
    ['over the daemon limit', await postComment(key, { author_name: 'X', body: 'x'.repeat(70000) }), 413],
  ];
  cases.push(['fragment', await request(`/articles/${key}/fragment`), 200]);
  cases.push(['unknown query parameter', await request(`/articles/${key}/comments?utm=x`), 400]);
  cases.push(['signed out /me', await request('/me'), 204]);
  for (const [what, r, status] of cases) {
    assert.equal(r.status, status, `${what}: ${r.text}`);
    nosniff(r, what);
    // Data, never a document: nothing runs, loads or frames it.
    const p = policy(r);
    assert.deepEqual(p['default-src'], ["'none'"], `${what}: CSP default-src`);
    assert.deepEqual(p['frame-ancestors'], ["'none'"], `${what}: CSP frame-ancestors`);
    assert.equal(r.headers.get('content-security-policy').split(',').length, 1, `${what}: one policy`);
    if (what === 'fragment') {
      assert.match(r.headers.get('content-type'), /^text\/html/);
      assert.equal(r.headers.get('x-robots-tag'), 'noindex', 'the fragment is not indexed on its own');
      assert.deepEqual(p.sandbox, [], 'the fragment opened on its own is sandboxed');
      continue;
    }
    assert.equal(r.headers.get('x-robots-tag'), null, `${what}: X-Robots-Tag is the fragment's`);
    if (status === 204) {
      assert.equal(r.text, '', `${what}: no body`);
      assert.equal(r.headers.get('cache-control'), 'no-store', what);
      continue;
    }
    assert.match(r.headers.get('content-type'), /^application\/json/, what);
    assert.equal(r.headers.get('x-content-type-options').split(',').length, 1, `${what}: one header, not nginx's and the daemon's`);
    if (status >= 400) assert.equal(typeof r.json.error.code, 'string', what);
  }
  assert.equal(cases[3][1].headers.get('cache-control'), 'no-store', 'a signed-in answer');
});

test('nginx answers of its own: 404 for a missing file, JSON 413 over client_max_body_size', async () => {
  const missing = await get('/no-such-page.html');
  assert.equal(missing.status, 404);
  nosniff(missing, 'nginx 404');
  const big = await postComment(freshKey(), JSON.stringify({ author_name: 'X', body: 'x'.repeat(2_000_000) }));
  assert.equal(big.status, 413);
  nosniff(big, 'nginx 413');
  assert.match(big.headers.get('content-type'), /^application\/json/);
  assert.equal(big.json.error.code, 'payload_too_large');
  assert.deepEqual(policy(big)['default-src'], ["'none'"], 'nginx 413: the API answers\' policy');
  assert.equal(big.headers.get('cache-control'), 'no-store');
});

test('with the daemon down nginx answers 503 in JSON, with nosniff and Retry-After', async () => {
  const pid = Number(readFileSync(`${STACK}/rostra.pid`, 'utf8'));
  process.kill(pid, 'SIGTERM');
  try {
    let r;
    for (let i = 0; i < 100; i++) {
      // /me is never cached, so nothing stale can stand in for the daemon.
      r = await request('/me');
      if (r.status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(r.status, 503, r.text);
    nosniff(r, 'nginx 503');
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.error.code, 'service_unavailable');
    assert.deepEqual(policy(r)['frame-ancestors'], ["'none'"], 'nginx 503: the API answers\' policy');
    assert.equal(r.headers.get('retry-after'), '5');
    assert.equal(r.headers.get('cache-control'), 'no-store');
  } finally {
    stack('restart-daemon', STACK);
  }
  assert.equal((await request('/health')).status, 200, 'the daemon is back');
});
