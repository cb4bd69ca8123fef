// SPDX-License-Identifier: ISC — Rostra
// A reader never waits on a stuck lock: while another session holds the
// article's row (as a long migration or a stuck operator's transaction
// might), a post is answered 503 once db_lock_timeout passes, stores
// nothing, and succeeds as soon as the lock is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { freshKey, postComment, sessionCookie, storedCount, STACK } from './helpers.mjs';

test('a post waiting on a lock held elsewhere is answered 503, stores nothing, and works once it is free', async () => {
  const key = freshKey('locked');
  const first = await postComment(key, { author_name: 'Ann', body: 'before the lock' });
  assert.equal(first.status, 201, first.text);
  const cookie = sessionCookie(first);

  // Another session locks the article's row for far longer than db_lock_timeout (2 s).
  const url = execFileSync('sh', ['scripts/pg.sh', 'url', STACK], { encoding: 'utf8' }).trim();
  const holder = spawn('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-v', `key=${key}`], { stdio: ['pipe', 'pipe', 'inherit'] });
  holder.stdin.end(`BEGIN;
SELECT id FROM article WHERE key = :'key' FOR UPDATE;
\\echo locked
SELECT pg_sleep(20);
COMMIT;
`);
  let out = '';
  holder.stdout.on('data', (d) => { out += d; });
  while (!out.includes('locked')) await once(holder.stdout, 'data');

  const blocked = await postComment(key, { body: 'during the lock' }, { Cookie: cookie });
  assert.equal(blocked.status, 503, blocked.text);
  assert.equal(blocked.json.error.code, 'database_unavailable');
  assert.equal(storedCount(key), 1, 'nothing half-stored');

  holder.kill();
  await once(holder, 'exit');
  // The lock goes with the session; the server notices within moments.
  let after;
  for (let i = 0; i < 50; i++) {
    after = await postComment(key, { body: 'after the lock' }, { Cookie: cookie });
    if (after.status !== 503) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(after.status, 201, after.text);
  assert.equal(storedCount(key), 2);
});
