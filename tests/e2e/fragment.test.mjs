// SPDX-License-Identifier: ISC — Rostra
// The thread as HTML for readers without JavaScript: GET …/fragment and the
// demo page that includes it with nginx's SSI. Hostile input comes out
// inert, formatting survives, replies nest, tombstones keep their place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, freshKey, request, getFresh, postComment, sessionCookie } from './helpers.mjs';

const HOSTILE = [
  '<script>alert(1)</script>\n\n**bold** and *soft*',
  '<img src=x onerror=alert(2)> [a link](https://example.org/a?b=1&c=2)',
  '[click me](javascript:alert(3)) <a href="javascript:alert(4)" onclick="alert(5)">raw</a>',
  '> quoted words\n\n- one\n- two\n\n`<b>code</b>` "quotes" & \'apostrophes\'',
];

// Tags and attributes a fragment may contain: nothing that runs, loads or styles.
// Attribute values are data (escaped), so they are blanked before looking at the tags.
function assertInert(html) {
  const tags = html.replace(/"[^"]*"/g, '""');
  assert.doesNotMatch(tags, /<script|<img|<iframe|<object|<embed|<style|<link|<svg|<form|<input/i, 'no active element');
  assert.doesNotMatch(tags, /<[^>]*\s(on\w+|style|src|srcset|formaction)\s*=/i, 'no event or loading attribute');
  for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) assert.match(href, /^(https?:\/\/|#comment-\d+$|#comments$)/, `href ${href}`);
}

async function thread(key) {
  const first = await postComment(key, { author_name: '<b onmouseover=alert(6)>Eve</b>', body: HOSTILE[0] });
  assert.equal(first.status, 201, first.text);
  const cookie = sessionCookie(first);
  const ids = [first.json.id];
  for (const body of HOSTILE.slice(1)) {
    const r = await postComment(key, { body, parent_id: ids[ids.length - 1] }, { Cookie: cookie });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  return { ids, cookie };
}

test('the fragment of a thread with hostile input is inert, formatted, nested and cacheable', async () => {
  const key = freshKey('frag');
  const { ids } = await thread(key);
  const r = await getFresh(`/articles/${key}/fragment`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.match(r.headers.get('content-security-policy'), /default-src 'none'; frame-ancestors 'none'; sandbox/);
  assert.equal(r.headers.get('x-robots-tag'), 'noindex');
  assert.match(r.headers.get('cache-control'), /public/);
  const html = r.text;
  assertInert(html);
  assert.match(html, /<h2 class="rostra-ssr-title">Comments \(4\)<\/h2>/);
  assert.match(html, /data-article="[^"]*" lang="en" data-count="4"/);
  assert.match(html, /<strong class="rostra-ssr-author">&lt;b onmouseover=alert\(6\)&gt;Eve&lt;\/b&gt;<\/strong>/, 'the name is text');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<p><strong>bold<\/strong> and <em>soft<\/em><\/p>/);
  assert.match(html, /<a rel="nofollow ugc noopener" href="https:\/\/example.org\/a\?b=1&amp;c=2">a link<\/a>/);
  assert.match(html, /<blockquote>\s*<p>quoted words<\/p>\s*<\/blockquote>/);
  assert.match(html, /<code>&lt;b&gt;code&lt;\/b&gt;<\/code>/);
  // Replies nest: each one inside the list of the one it answers, down to reply_depth (3).
  const at = (id) => html.indexOf(`id="comment-${id}"`);
  for (const id of ids) assert.ok(at(id) > 0, `comment ${id} is in the fragment`);
  const between = (a, b) => html.slice(at(a), at(b));
  assert.equal((between(ids[0], ids[1]).match(/<ol class="rostra-ssr-replies">/g) || []).length, 1);
  assert.equal((between(ids[1], ids[2]).match(/<ol class="rostra-ssr-replies">/g) || []).length, 1);
  assert.equal((between(ids[2], ids[3]).match(/<ol class="rostra-ssr-replies">/g) || []).length, 1);
  assert.equal((html.match(/<li[\s>]/g) || []).length, (html.match(/<\/li>/g) || []).length, 'every item closed');
  assert.equal((html.match(/<ol/g) || []).length, (html.match(/<\/ol>/g) || []).length, 'every list closed');
  assert.match(html, /<a href="#comment-\d+"><time datetime="\d{4}-\d\d-\d\dT[^"]+Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time><\/a>/);
  assert.match(html, /<p class="rostra-ssr-join"><a href="#comments">Join the discussion<\/a>/);

  const etag = r.headers.get('etag');
  const again = await getFresh(`/articles/${key}/fragment`, { 'If-None-Match': etag });
  assert.equal(again.status, 304);
  const fr = await getFresh(`/articles/${key}/fragment?lang=fr`);
  assert.match(fr.text, /lang="fr"[^>]*>.*Commentaires \(4\)/s);
  assert.match(fr.text, /Participer à la discussion/);
});

test('the demo page includes its thread with SSI; an odd ?article= never reaches the include', async () => {
  const key = freshKey('ssi');
  await thread(key);
  const page = await request(`${BASE}/?article=${key}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<div id="comments" data-rostra-article="demo-golden-dome"><div class="rostra-ssr" data-rostra-ssr="1" data-article="${key}"`));
  assert.match(page.text, /Comments \(4\)/);
  const start = page.text.indexOf('<div class="rostra-ssr"');
  assertInert(page.text.slice(start, page.text.indexOf('</div>\n</div>', start)));
  for (const odd of ['../../moderation/queues', '%3Cscript%3Ealert(7)%3C/script%3E', 'a/b', '.hidden']) {
    const r = await request(`${BASE}/?article=${odd}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /data-rostra-ssr="1" data-article="demo-golden-dome"/, `?article=${odd} shows the demo's own thread`);
    assert.doesNotMatch(r.text, /alert\(7\)/);
  }
  // The internal address is not the public's.
  assert.notEqual((await request(`${BASE}/comments/ssi/${key}`)).status, 200);
});

test('a tombstone keeps its place in the fragment without its words; a closed thread offers no way in', async () => {
  const key = freshKey('fragtomb');
  const { ids, cookie } = await thread(key);
  assert.equal((await request(`/comments/${ids[1]}`, { method: 'DELETE', headers: { Cookie: cookie } })).status, 204);
  const html = (await getFresh(`/articles/${key}/fragment`)).text;
  assert.match(html, new RegExp(`id="comment-${ids[1]}"[^>]*data-removed="true"[^>]*><p class="rostra-ssr-removed">This comment was removed.</p>`));
  assert.doesNotMatch(html, /example\.org\/a/, 'nothing of the removed comment');
  assert.match(html, /Comments \(3\)/);
  const { execFileSync } = await import('node:child_process');
  execFileSync(`${process.env.ROSTRA_BUILD}/rostra`, ['article', 'close', key], {
    env: { ...process.env, ROSTRA_CONFIG: '',
      ROSTRA_DATABASE_URL: execFileSync('sh', ['scripts/pg.sh', 'url', process.env.ROSTRA_STACK], { encoding: 'utf8' }).trim() },
  });
  const closed = (await getFresh(`/articles/${key}/fragment`)).text;
  assert.match(closed, /data-closed="true"/);
  assert.match(closed, /This discussion is closed/);
  assert.doesNotMatch(closed, /rostra-ssr-join/);
});
