// SPDX-License-Identifier: ISC — Rostra
// A post by a reader with a long history costs what a newcomer's does: the
// policy's facts (post_facts) count the poster's comments of the rate
// window, their approved ones up to approved_min, and their address's, each
// reading at most its limit of rows (sql/017_author_recent.sql), never the
// poster's history. Proven from EXPLAIN ANALYZE of the daemon's own
// statement, for the plan of the first run and of the prepared statement's
// sixth (its generic plan, as the daemon runs it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TOOL, NULL, skip, psql, scratchDatabase, explain, read, describeNode, commentScans } from './explain.mjs';

const HISTORY = 50000;
const OTHERS = 450000;

// One guest reader, signed in (session 1), with 50,000 published comments, ten
// minutes apart, the newest ten minutes old: none in the rate window;
// 450,000 more by 10,000 other readers from other addresses, a tenth of
// them approved by a moderator, as a site has. The site's limits are on,
// and approved_min asks for more approved comments than the reader has
// (none). Ids and places are given as the
// triggers would have set them (replica mode skips the triggers).
const SEED = `
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO article (id, key) OVERRIDING SYSTEM VALUE VALUES (1, 'talk');
INSERT INTO app_user (id, kind, display_name) OVERRIDING SYSTEM VALUE
SELECT u, 'guest', 'Reader ' || u FROM generate_series(1, 10001) u;
INSERT INTO session (id, user_id, expires_at) OVERRIDING SYSTEM VALUE VALUES (1, 1, now() + interval '1 day');
INSERT INTO comment (id, article_id, seq, user_id, author_name, body, status, address, created_at, path)
OVERRIDING SYSTEM VALUE
SELECT g, 1, g, 1, 'Prolific', 'Comment ' || g, 'published', '192.0.2.1',
  now() - (${HISTORY} + 1 - g) * interval '10 minutes', ARRAY[g]
FROM generate_series(1, ${HISTORY}) g
UNION ALL
SELECT g, 1, g, 2 + g % 10000, 'Reader', 'Comment ' || g,
  CASE WHEN g % 10 = 0 THEN 'approved' ELSE 'published' END,
  ('10.0.' || g % 200 || '.' || g % 250)::inet, now() - (${OTHERS} + ${HISTORY} + 1 - g) * interval '1 second', ARRAY[g]
FROM generate_series(${HISTORY} + 1, ${HISTORY} + ${OTHERS}) g;
SELECT setval(pg_get_serial_sequence('comment', 'id'), ${HISTORY} + ${OTHERS});
UPDATE moderation_setting SET rate_author_max = 5, rate_address_max = 5, rate_window = 60,
  approved_min = 3, repeat_window = 86400;
COMMIT;
ANALYZE;
`;

describe('the facts of a post by a reader with 50,000 comments', { skip }, () => {
  let conn, drop;

  before(() => {
    assert.ok(existsSync(TOOL), `${TOOL} missing: make ${path.relative(process.cwd(), TOOL)}`);
    ({ conn, drop } = scratchDatabase('rostra_post'));
    psql(conn, SEED);
  });

  after(() => drop());

  it('is seeded as claimed', () => {
    assert.equal(psql(conn, `SELECT count(*), count(*) FILTER (WHERE created_at > now() - interval '60 s'),
      min(now() - created_at) > interval '9 minutes' FROM comment WHERE user_id = 1;`), `${HISTORY}|0|t`);
  });

  it('read a handful of comment rows, not the history', (t) => {
    // $1 article, $2 body, $3 address, $4 session, $5 user, $6 edited comment,
    // $7 edit window, $8 Idempotency-Key, $9 guest name, $10 name key.
    const params = ['talk', 'A new comment', '192.0.2.1', '1', '1', NULL, '15', NULL, 'Prolific', NULL];
    for (const prepared of [false, true]) {
      const top = explain(conn, 'post_facts', params, prepared);
      const scans = commentScans(top.Plan);
      const total = scans.reduce((n, s) => n + read(s.node), 0);
      const all = scans.map((s) => describeNode(s.node)).join('; ');
      for (const { node } of scans) assert.ok(!node['Node Type'].includes('Seq Scan'), all);
      // The newest comment (the repeat check) and nothing of the window's empty ranges.
      assert.ok(total <= 10, `post_facts${prepared ? ' (prepared)' : ''}: read ${total} comment rows: ${all}`);
      t.diagnostic(`${prepared ? 'sixth prepared run' : 'plan'}: ${total} comment rows; ${top['Execution Time'].toFixed(1)} ms`);
    }
  });
});
