// SPDX-License-Identifier: ISC — Rostra
// A thread of 110,000 comments opens as cheaply as a short one: each page
// of top-level comments (in every order, first page and later ones), each
// page of more replies, and a permalink deep in a long thread read only
// the rows they show, from the partial indexes of sql/007_threads.sql.
// Proven from EXPLAIN ANALYZE of the daemon's own statements, for the
// plan of the first run and of a prepared statement's sixth.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TOOL, skip, psql, scratchDatabase, explain, read, describeNode, commentScans } from './explain.mjs';

const PAGE = 50;	// config page_size; the statement asks for one more
const SHOWN = 3;	// config replies_shown
const LONG = 300001;	// a top-level comment with 10,000 replies, then 20 nested ones
const DEEP = 310021;	// the deepest of those

// Article 1 ("busy") has 20,000 top-level comments, each with two replies
// and a reply to each reply; article 2's comments sit between them in id
// order. Every 7th first reply is deleted (a tombstone: its reply is
// visible), every 11th top-level comment too, and every 13th of article 2
// (gone: it has no replies). Ids, places and counts are given as the
// triggers would have set them (replica mode skips the triggers).
const SEED = `
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO article (id, key) OVERRIDING SYSTEM VALUE VALUES (1, 'busy'), (2, 'other');
INSERT INTO comment (id, article_id, seq, author_name, body, status, parent_id, root_id, path, depth,
  reaction_count, reaction_weight)
OVERRIDING SYSTEM VALUE
SELECT b + k, CASE WHEN k <= 5 THEN 1 ELSE 2 END, (i - 1) * 5 + (k - 1) % 5 + 1,
  'Reader ' || i, 'Comment ' || (b + k),
  CASE WHEN (k = 2 AND i % 7 = 0) OR (k = 1 AND i % 11 = 0) OR (k = 6 AND i % 13 = 0)
    THEN 'deleted' ELSE 'published' END,
  CASE k WHEN 2 THEN b + 1 WHEN 3 THEN b + 2 WHEN 4 THEN b + 1 WHEN 5 THEN b + 4 END,
  CASE WHEN k IN (2, 3, 4, 5) THEN b + 1 END,
  CASE k WHEN 2 THEN ARRAY[b + 1, b + 2] WHEN 3 THEN ARRAY[b + 1, b + 2, b + 3]
    WHEN 4 THEN ARRAY[b + 1, b + 4] WHEN 5 THEN ARRAY[b + 1, b + 4, b + 5] ELSE ARRAY[b + k] END,
  CASE k WHEN 2 THEN 1 WHEN 3 THEN 2 WHEN 4 THEN 1 WHEN 5 THEN 2 ELSE 0 END,
  abs(hashint4(b + k)) % 50, abs(hashint4(b + k)) % 50 / 2
FROM generate_series(1, 20000) i CROSS JOIN LATERAL (SELECT (i - 1) * 10 AS b) x
CROSS JOIN generate_series(1, 10) k;
INSERT INTO comment (id, article_id, seq, author_name, body, parent_id, root_id, path, depth)
OVERRIDING SYSTEM VALUE
SELECT ${LONG}, 1, 100001, 'Long', 'Long thread', NULL, NULL, ARRAY[${LONG}], 0
UNION ALL
SELECT g, 1, 100000 + g - 300000, 'Replier', 'Reply ' || g, ${LONG}, ${LONG}, ARRAY[${LONG}, g], 1
FROM generate_series(300002, 310001) g
UNION ALL
SELECT g, 1, 100000 + g - 300000, 'Nested', 'Nested ' || g, g - 1, ${LONG},
  ARRAY[${LONG}] || ARRAY(SELECT generate_series(310001, g)), g - 310001 + 1
FROM generate_series(310002, ${DEEP}) g;
SELECT setval(pg_get_serial_sequence('comment', 'id'), 400000);
UPDATE comment c SET reply_count = n.replies
FROM (SELECT anc, count(*) AS replies FROM comment d, unnest(d.path[1:d.depth]) anc
  WHERE d.status IN ('published', 'approved') GROUP BY anc) n WHERE c.id = n.anc;
UPDATE article a SET comment_count = n.visible, comment_seq = n.seq
FROM (SELECT article_id, max(seq) AS seq,
  count(*) FILTER (WHERE status IN ('published', 'approved')) AS visible
  FROM comment GROUP BY article_id) n WHERE a.id = n.article_id;
COMMIT;
VACUUM ANALYZE;
`;

const TOP = "parent_id IS NULL AND (status IN ('published', 'approved') OR reply_count > 0)";
const ORDERS = {
  newest: { stmt: 'comment_page', index: 'comment_top_seq', by: 'seq DESC', keyed: null },
  oldest: { stmt: 'comment_page_oldest', index: 'comment_top_seq', by: 'seq', keyed: null },
  reactions: { stmt: 'comment_page_reactions', index: 'comment_top_reactions',
    by: 'reaction_weight DESC, seq DESC', keyed: 'reaction_weight' },
  replies: { stmt: 'comment_page_replies', index: 'comment_top_replies',
    by: 'reply_count DESC, seq DESC', keyed: 'reply_count' },
};

// Every read of comment in the plan is an index scan of a page's worth:
// one scan of index giving at most want rows, the rest per shown row (its
// replies, the name it answers) and each bounded; in all, never more than
// a small multiple of what the page shows.
function assertBounded(top, index, want, budget, what) {
  const scans = commentScans(top.Plan);
  const all = scans.map((s) => describeNode(s.node)).join('; ');
  for (const { node } of scans) assert.ok(!node['Node Type'].includes('Seq Scan'), `${what}: ${all}`);
  const main = scans.filter((s) => s.indexes.includes(index));
  assert.ok(main.length >= 1, `${what}: no scan of ${index}: ${all}`);
  assert.ok(read(main[0].node) <= want, `${what}: read ${read(main[0].node)} rows of ${index}, want ≤ ${want}: ${all}`);
  const total = scans.reduce((n, s) => n + read(s.node), 0);
  assert.ok(total <= budget, `${what}: read ${total} comment rows in all, budget ${budget}: ${all}`);
  return `${index}: ${read(main[0].node)} rows; ${total} comment rows in all;` +
    ` ${top['Execution Time'].toFixed(1)} ms`;
}

describe('a thread of 110,000 comments', { skip }, () => {
  let conn, drop;

  before(() => {
    assert.ok(existsSync(TOOL), `${TOOL} missing: make ${path.relative(process.cwd(), TOOL)}`);
    ({ conn, drop } = scratchDatabase('rostra_thread'));
    psql(conn, SEED);
  });

  after(() => drop());

  it('is seeded as claimed, counts included', () => {
    assert.equal(psql(conn, `SELECT count(*), (SELECT comment_count FROM article_total WHERE id = 1),
      count(*) FILTER (WHERE article_id = 1 AND ${TOP}),
      (SELECT reply_count FROM comment WHERE id = ${LONG}), (SELECT depth FROM comment WHERE id = ${DEEP})
      FROM comment;`), `210021|${100000 - 2857 - 1818 + 10021}|20001|10020|21`);
  });

  // Each page must bring its top-level comments, their first replies and the names they answer.
  const budget = 3 * (PAGE + 1) * (SHOWN + 1) + 10;
  for (const [order, o] of Object.entries(ORDERS)) {
    for (const pageNo of [1, 2]) {
      it(`sorted by ${order}, page ${pageNo}: reads only the page from ${o.index}`, (t) => {
        // A second page starts after the first one's last top-level comment, as next_cursor says.
        const [seq, key] = pageNo === 1 ? [order === 'oldest' ? '0' : '9223372036854775807', '2147483647']
          : psql(conn, `SELECT seq, ${o.keyed || 0} FROM comment WHERE article_id = 1 AND ${TOP}
            ORDER BY ${o.by} OFFSET ${PAGE - 1} LIMIT 1;`).split('|');
        const params = ['busy', seq, String(PAGE + 1), pageNo === 1 ? 'true' : 'false', String(SHOWN),
          ...(o.keyed ? [key] : [])];
        for (const prepared of [false, true]) {
          t.diagnostic(`${prepared ? 'sixth prepared run' : 'plan'}: ${assertBounded(
            explain(conn, o.stmt, params, prepared), o.index, PAGE + 1, budget, `${o.stmt}${prepared ? ' (prepared)' : ''}`)}`);
        }
      });
    }
  }

  it('more replies of a comment with 10,000: only the page, from comment_thread', (t) => {
    const middle = String(LONG + 5000);
    for (const after of ['0', middle]) {
      for (const prepared of [false, true]) {
        t.diagnostic(`after ${after}${prepared ? ' (prepared)' : ''}: ${assertBounded(
          explain(conn, 'reply_page', [String(LONG), after, String(PAGE + 1)], prepared),
          'comment_thread', PAGE + 1, 2 * (PAGE + 1) + 10, 'reply_page')}`);
      }
    }
  });

  it('a permalink 21 replies deep in that thread: its ancestors and the replies after it only', (t) => {
    for (const id of [DEEP, LONG + 5000]) {
      for (const prepared of [false, true]) {
        const top = explain(conn, 'comment_context', [String(id), String(PAGE + 1)], prepared);
        const scans = commentScans(top.Plan);
        const total = scans.reduce((n, s) => n + read(s.node), 0);
        const all = scans.map((s) => describeNode(s.node)).join('; ');
        for (const { node } of scans) assert.ok(!node['Node Type'].includes('Seq Scan'), all);
        assert.ok(total <= 3 * (PAGE + 1 + 22) + 10, `comment_context ${id}: read ${total} rows: ${all}`);
        t.diagnostic(`${id}${prepared ? ' (prepared)' : ''}: ${total} comment rows; ${top['Execution Time'].toFixed(1)} ms`);
      }
    }
  });
});
