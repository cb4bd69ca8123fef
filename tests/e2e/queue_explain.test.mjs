// SPDX-License-Identifier: ISC — Rostra
// The moderation queues stay cheap however big the site: over 1,000,000
// comments (10,000 held), a queue page reads only that page from its index,
// and the queue counts read no comment at all; an author's view (queue_all)
// reads only that author's comments. Proven from EXPLAIN ANALYZE
// of the daemon's own statements (tests/db/queue_explain prints them from
// db/db_stmt.c), in a database of its own in the stack's cluster, so the
// million rows never meet the other tests' data.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  TOOL, NULL, skip, psql, scratchDatabase, explain as explainIn, nodes, read, describeNode, commentScans,
} from './explain.mjs';

const PAGE = 25;		// the API's default limit; the statement asks for one more
const BUSY = 'explain-1';	// the article with 100,000 of the comments
let conn;
const explain = (name, params, prepared) => explainIn(conn, name, params, prepared);

// Seeding with the counting trigger on would update an article row once per
// comment; replica mode skips the triggers (and foreign-key checks) and one
// UPDATE then sets every counter as comment_counts_insert would have; each
// comment's id and place in its (one-comment) thread are given, as
// comment_place would have set them.
// Statuses and articles follow the comment number g, spread over ids:
// g % 100 = 0 held (10,000), 20 approved, 30 rejected, else published;
// reported (open report or flag) where g % 1000 is 50, 60, 250 or 550.
// Comments g with (g / 100) % 10 = 0 all go to one busy article, so its
// queues hold full pages interleaved with every other article's.
const SEED = `
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO article (key, title, url)
SELECT 'explain-' || a, 'Article ' || a, 'https://news.example/' || a FROM generate_series(1, 1000) a;
INSERT INTO app_user (kind, display_name) SELECT 'guest', 'Reader ' || u FROM generate_series(1, 100000) u;
INSERT INTO comment (id, path, article_id, seq, user_id, author_name, body, status, report_count, flagged)
OVERRIDING SYSTEM VALUE
SELECT g, ARRAY[g], a.id, g, u, 'Reader ' || u, 'Comment ' || g || ': a few words about the article.',
  CASE g % 100 WHEN 0 THEN 'held' WHEN 20 THEN 'approved' WHEN 30 THEN 'rejected' ELSE 'published' END,
  CASE WHEN g % 1000 IN (50, 550) THEN 1 ELSE 0 END, g % 1000 IN (60, 250)
FROM generate_series(1, 1000000) g
CROSS JOIN LATERAL (SELECT abs(hashint8(g)) % 100000 + 1 AS u,
  'explain-' || CASE WHEN (g / 100) % 10 = 0 THEN 1 ELSE abs(hashint4(g)) % 999 + 2 END AS key) x
JOIN article a ON a.key = x.key;
SELECT setval(pg_get_serial_sequence('comment', 'id'), 1000000);
INSERT INTO comment_report (comment_id, reporter_id, reason, weight)
SELECT id, user_id % 100000 + 1, 'spam', 1 FROM comment WHERE report_count > 0;
INSERT INTO moderation_log (via, action, comment_id, user_id, article_id, to_status, reason, note)
SELECT 'policy', 'hold', id, user_id, article_id, 'held', 'too_many_links', 'held: 3 links, limit is 2'
FROM comment WHERE status = 'held';
UPDATE article a SET comment_count = n.visible, comment_seq = n.seq, held_count = n.held,
  reported_count = n.reported, published_count = n.published, approved_count = n.approved,
  rejected_count = n.rejected
FROM (SELECT article_id, max(seq) AS seq,
  count(*) FILTER (WHERE status IN ('published', 'approved')) AS visible,
  count(*) FILTER (WHERE status = 'held') AS held,
  count(*) FILTER (WHERE status = 'published' AND (report_count > 0 OR flagged)) AS reported,
  count(*) FILTER (WHERE status = 'published') AS published,
  count(*) FILTER (WHERE status = 'approved') AS approved,
  count(*) FILTER (WHERE status = 'rejected') AS rejected
  FROM comment GROUP BY article_id) n WHERE a.id = n.article_id;
COMMIT;
VACUUM ANALYZE;
`;

// Each queue: its predicate (only to find a second page's cursor) and the
// partial indexes a page must come from, for the whole site and one article.
const QUEUES = {
  pending: { where: "status = 'held'", site: 'comment_queue_pending',
    article: 'comment_queue_pending_article' },
  reported: { where: "status = 'published' AND (report_count > 0 OR flagged)",
    site: 'comment_queue_reported', article: 'comment_queue_reported_article' },
  unmoderated: { where: "status IN ('published', 'held')", site: 'comment_queue_unmoderated',
    article: 'comment_queue_unmoderated_article' },
};

// A page of a queue: one ordered range scan of index giving exactly the
// page plus one, then per item the comment by primary key and the author's
// history (at most their newest 1,000 comments); nothing else reads comment.
function assertPage(top, index, what) {
  const scans = commentScans(top.Plan);
  const all = scans.map((s) => describeNode(s.node)).join('; ');
  for (const { node } of scans) assert.ok(!node['Node Type'].includes('Seq Scan'), `${what}: ${all}`);
  const page = scans.filter((s) => s.indexes.includes(index));
  assert.equal(page.length, 1, `${what}: one scan of ${index} expected: ${all}`);
  const p = page[0].node;
  assert.match(p['Node Type'], /^Index (Only )?Scan$/, `${what}: not an ordered index range: ${all}`);
  assert.equal(p['Actual Rows'] * p['Actual Loops'], PAGE + 1, `${what}: the page is not full: ${all}`);
  assert.ok(read(p) <= PAGE + 1, `${what}: read ${read(p)} rows of ${index} for a page of ${PAGE}: ${all}`);
  for (const { node, indexes } of scans) {
    if (node === p) continue;
    assert.ok(node['Actual Loops'] <= PAGE + 1, `${what}: ${describeNode(node)} runs more than once per item`);
    if (indexes.length === 1 && indexes[0] === 'comment_pkey') {
      assert.ok(node['Actual Rows'] <= 1, `${what}: ${describeNode(node)}`);
    } else if (indexes.length === 1 && indexes[0] === 'comment_user_newest') {
      assert.ok(read(node) / node['Actual Loops'] <= 1000, `${what}: author history ${describeNode(node)}`);
    } else {
      assert.fail(`${what}: an unexpected read of comment: ${describeNode(node)}; all: ${all}`);
    }
  }
  return `${index}: ${read(p)} rows; buffers ${top.Plan['Shared Hit Blocks'] + top.Plan['Shared Read Blocks']};` +
    ` ${top['Execution Time'].toFixed(1)} ms`;
}

describe('moderation queues over 1,000,000 comments', { skip }, () => {
  let drop;

  before(() => {
    assert.ok(existsSync(TOOL), `${TOOL} missing: make ${path.relative(process.cwd(), TOOL)}`);
    ({ conn, drop } = scratchDatabase('rostra_explain'));
    psql(conn, SEED);
  });

  after(() => drop());

  it('is seeded as claimed, counters included', () => {
    const got = psql(conn, `SELECT count(*), count(*) FILTER (WHERE status = 'held'),
      count(*) FILTER (WHERE ${QUEUES.reported.where}),
      (SELECT sum(held_count) FROM article_total), (SELECT sum(reported_count) FROM article_total),
      count(*) FILTER (WHERE status = 'held' AND article_id = (SELECT id FROM article WHERE key = '${BUSY}'))
      FROM comment;`);
    assert.equal(got, '1000000|10000|4000|10000|4000|1000');
  });

  for (const [queue, q] of Object.entries(QUEUES)) {
    for (const scope of ['site', 'article']) {
      for (const pageNo of [1, 2]) {
        const name = scope === 'site' ? `queue_${queue}` : `queue_${queue}_article`;
        it(`${queue}, ${scope === 'site' ? 'whole site' : 'one article'}, page ${pageNo}: reads only the page from ${q[scope]}`, (t) => {
          // A second page starts after the first one's last item, as next_cursor says.
          const cursor = pageNo === 1 ? '0' : psql(conn, `SELECT id FROM comment WHERE ${q.where}
            ${scope === 'article' ? `AND article_id = (SELECT id FROM article WHERE key = '${BUSY}')` : ''}
            ORDER BY id OFFSET ${PAGE - 1} LIMIT 1;`);
          const params = [scope === 'site' ? NULL : BUSY, cursor, String(PAGE + 1), NULL, NULL, NULL];
          t.diagnostic(`plan: ${assertPage(explain(name, params, false), q[scope], name)}`);
          t.diagnostic(`sixth prepared run: ${assertPage(explain(name, params, true), q[scope], `${name} (prepared)`)}`);
        });
      }
    }
  }

  // The author view (queue=all&user=ID): one range of the author's own index,
  // the page's items then by primary key; never a walk through everyone's.
  it('all, one author: reads only their comments, from comment_user_newest', (t) => {
    const user = psql(conn, 'SELECT user_id FROM comment GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1;');
    const theirs = Number(psql(conn, `SELECT count(*) FROM comment WHERE user_id = ${user};`));
    for (const prepared of [false, true]) {
      const top = explain('queue_all', [NULL, '9223372036854775807', String(PAGE + 1), NULL, NULL, user], prepared);
      const scans = commentScans(top.Plan);
      const all = scans.map((s) => describeNode(s.node)).join('; ');
      for (const { node } of scans) assert.ok(!node['Node Type'].includes('Seq Scan'), all);
      const range = scans.filter((s) => s.node['Actual Loops'] === 1 && s.indexes.includes('comment_user_newest'));
      assert.equal(range.length, 1, `one range of comment_user_newest expected: ${all}`);
      assert.ok(read(range[0].node) <= theirs, `read ${read(range[0].node)} rows for ${theirs} comments: ${all}`);
      for (const { node } of scans) {
        assert.ok(node['Actual Loops'] <= PAGE + 1, `${describeNode(node)} runs more than once per item`);
        assert.ok(read(node) / node['Actual Loops'] <= 1000, `${describeNode(node)}: ${all}`);
      }
      t.diagnostic(`${prepared ? 'prepared' : 'plan'}: ${read(range[0].node)} of ${theirs} rows; ${top['Execution Time'].toFixed(1)} ms`);
    }
  });

  for (const scope of ['site', 'article']) {
    it(`queue counts, ${scope === 'site' ? 'whole site' : 'one article'}: read no comment`, () => {
      for (const prepared of [false, true]) {
        const top = explain('queue_counts', [scope === 'site' ? NULL : BUSY], prepared);
        const touched = nodes(top.Plan).filter((n) => n['Relation Name'] === 'comment');
        assert.deepEqual(touched.map(describeNode), []);
        assert.ok(nodes(top.Plan).some((n) => n['Relation Name'] === 'article'), 'counts come from article');
      }
    });
  }
});
