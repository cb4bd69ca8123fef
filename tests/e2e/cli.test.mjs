// SPDX-License-Identifier: ISC — Rostra
// The command table (cli/cli.c): one usage message listing every command,
// a usage mistake is status 2 with that message, a refusal status 1 with
// its reason, and each command word reaches its own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cliRefuses } from './helpers.mjs';
import { DB_URL, ROSTRA } from './daemonctl.mjs';

const env = { ...process.env, ROSTRA_DATABASE_URL: DB_URL, ROSTRA_CONFIG: '' };
const USAGE = /^usage: rostra \[-c config-file\] \[command\]\n/;

test('the usage message lists every command once, and a usage mistake prints it with status 2', () => {
  const r = spawnSync(ROSTRA, ['no-such-command'], { env, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, USAGE);
  const words = [...r.stderr.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
  assert.deepEqual([...new Set(words)], ['serve', 'migrate', 'maintain', 'key', 'user', 'sso-keygen',
    'sso-sign', 'queue', 'comment', 'article', 'words', 'settings', 'log']);
  for (const args of [['user'], ['user', 'frobnicate', '1'], ['key'], ['key', 'spin'], ['migrate', 'now'],
    ['maintain', 'now'], ['sso-keygen'], ['sso-sign', 'only-a-file'], ['serve', 'extra']]) {
    cliRefuses(ROSTRA, args, { env }, 2, USAGE);
  }
});

test('each command word reaches its own code: accounts and moderation share "user" by subcommand', () => {
  cliRefuses(ROSTRA, ['user', 'role', 'nobody@news.example', 'admin'], { env }, 1, /^rostra user: no account has that email\n$/);
  cliRefuses(ROSTRA, ['user', 'ban', '999999999'], { env }, 1, /^rostra user: no such reader\n$/);
  cliRefuses(ROSTRA, ['queue', 'nowhere'], { env }, 1, /^rostra queue: no such queue\n$/);
  cliRefuses(ROSTRA, ['log'], { env }, 1, /^rostra log: usage: log comment\|user ID\n$/);
  const settings = spawnSync(ROSTRA, ['settings'], { env, encoding: 'utf8' });
  assert.equal(settings.status, 0, settings.stderr);
  assert.equal(typeof JSON.parse(settings.stdout).link_max, 'number');
  const words = spawnSync(ROSTRA, ['words'], { env, encoding: 'utf8' });
  assert.equal(words.status, 0, words.stderr);
  assert.match(words.stdout, /^# banned\n[\s\S]*# suspect\n/);
});
