// SPDX-License-Identifier: ISC — Rostra
// The daemon's database role (rostra_app in the stack) reads and writes rows
// and can change nothing else; the schema belongs to the role rostra migrate
// connects as, which grants the daemon's rights after every run. The rest of
// the suite runs against a daemon connected as rostra_app, so it is the proof
// that these rights are enough.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { STACK, freshKey, getFresh, postComment, sql } from './helpers.mjs';

const ROSTRA = join(process.env.ROSTRA_BUILD || 'build', 'rostra');
const conninfo = (which) => execFileSync('sh', ['scripts/pg.sh', which, STACK], { encoding: 'utf8' }).trim();
const APP_URL = conninfo('url');
const OWNER_URL = conninfo('owner-url');

// Runs query through psql as conn; the exit status and what it said.
function psqlAs(conn, query) {
  return spawnSync('psql', [conn, '-XAtq', '-v', 'ON_ERROR_STOP=1'], { input: query, encoding: 'utf8' });
}

test('the daemon connects as rostra_app: no superuser, no CREATEDB or CREATEROLE, owner of nothing', async () => {
  const key = freshKey('approle');
  assert.equal((await postComment(key, { author_name: 'Ann', body: 'written as rostra_app' })).status, 201);
  assert.equal((await getFresh(`/articles/${key}/comments`)).json.comments.length, 1);
  assert.equal(sql("SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity WHERE application_name = 'rostra';"),
    'rostra_app');
  assert.equal(sql("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'rostra_app';"), 'f|f|f');
  assert.equal(sql("SELECT count(*) FROM pg_class WHERE relowner = 'rostra_app'::regrole;"), '0');
  assert.equal(sql("SELECT count(*) FROM pg_proc WHERE proowner = 'rostra_app'::regrole;"), '0');
});

test('rostra_app cannot alter, drop, create or truncate anything, nor reach past its rights', () => {
  const refused = [
    ['ALTER TABLE comment ADD COLUMN probe integer', /must be owner of table comment/],
    ['ALTER TABLE moderation_log DISABLE TRIGGER moderation_log_append_only', /must be owner of table moderation_log/],
    ['DROP TABLE post_key', /must be owner of table post_key/],
    ['CREATE INDEX probe ON comment (id)', /must be owner of table comment/],
    ['CREATE TABLE probe (x integer)', /permission denied for schema public/],
    ['CREATE TABLE public.probe (x integer)', /permission denied for schema public/],
    ['CREATE FUNCTION probe() RETURNS integer LANGUAGE sql AS $$SELECT 1$$', /permission denied for schema public/],
    ['CREATE SCHEMA probe', /permission denied for database/],
    ['DROP FUNCTION comment_counts_add(bigint, text, boolean, integer)', /must be owner of function/],
    ['TRUNCATE moderation_log', /permission denied for table moderation_log/],
    ['TRUNCATE comment CASCADE', /permission denied for table comment/],
    ["SELECT setval('comment_id_seq', 1)", /permission denied for sequence comment_id_seq/],
    ['SELECT * FROM schema_migration', /permission denied for table schema_migration/],
    ["SELECT rostra_grant_app('rostra_app')", /permission denied for function rostra_grant_app/],
  ];
  for (const [query, why] of refused) {
    const r = psqlAs(APP_URL, `${query};`);
    assert.notEqual(r.status, 0, `${query} was allowed`);
    assert.match(r.stderr, why, query);
  }
  assert.equal(sql("SELECT to_regclass('probe') IS NULL AND to_regnamespace('probe') IS NULL;"), 't');
  assert.equal(sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'comment' AND column_name = 'probe';"), '0');
  // What it may do, it may do: rows in and out, the next value of a sequence.
  assert.equal(psqlAs(APP_URL, "SELECT count(*) >= 0 FROM comment; SELECT nextval('user_note_id_seq') > 0;").stdout, 't\nt\n');
});

test('every table has exactly SELECT, INSERT, UPDATE and DELETE for rostra_app; nobody else may create in public', () => {
  const grants = sql(`SELECT c.relname || ':' || string_agg(p, ',' ORDER BY p)
    FROM pg_class c CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND has_table_privilege('rostra_app', c.oid, p)
    GROUP BY c.relname ORDER BY c.relname;`).split('\n');
  const tables = sql(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
    AND relkind = 'r' AND relname <> 'schema_migration' ORDER BY relname;`).split('\n');
  assert.ok(tables.includes('comment') && tables.includes('moderation_log'));
  assert.deepEqual(grants, tables.map((t) => `${t}:DELETE,INSERT,SELECT,UPDATE`));
  assert.equal(sql(`SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S'
    AND NOT (has_sequence_privilege('rostra_app', oid, 'USAGE') AND has_sequence_privilege('rostra_app', oid, 'SELECT')
    AND NOT has_sequence_privilege('rostra_app', oid, 'UPDATE'));`), '0');
  assert.equal(sql(`SELECT has_schema_privilege('rostra_app', 'public', 'CREATE'),
    (SELECT count(*) FROM pg_namespace n, aclexplode(n.nspacl) a
      WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE');`), 'f|0');
});

// A database of its own in the stack's cluster, dropped afterwards: its
// owner's and rostra_app's conninfo.
function scratch(t) {
  const db = `approle_${randomBytes(4).toString('hex')}`;
  sql(`CREATE DATABASE ${db};`);
  t.after(() => sql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE);`));
  const dir = mkdtempSync('/tmp/rostra-sql-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const on = (url) => url.replace(/dbname=\S+/, `dbname=${db}`);
  return { owner: on(OWNER_URL), app: on(APP_URL), dir };
}

function migrate(owner, sqlDir, appRole, app = owner) {
  const conf = join(sqlDir, 'rostra.conf');
  writeFileSync(conf, `sql_dir = ${sqlDir}\n`);
  return spawnSync(ROSTRA, ['migrate'], {
    env: {
      ...process.env, ROSTRA_CONFIG: conf, ROSTRA_DATABASE_URL: app,
      ROSTRA_MIGRATE_DATABASE_URL: owner, ROSTRA_APP_ROLE: appRole,
    }, encoding: 'utf8',
  });
}

test('a database made before the app role upgrades; every migrate grants again, so a new table is covered and extra rights go', (t) => {
  const s = scratch(t);
  const files = readdirSync('sql').filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  // The schema as it was: every table the superuser's, nothing granted.
  for (const f of files.filter((name) => name < '009')) copyFileSync(join('sql', f), join(s.dir, f));
  let r = migrate(s.owner, s.dir, '');
  assert.equal(r.status, 0, r.stderr);
  assert.notEqual(psqlAs(s.app, 'SELECT count(*) FROM comment;').status, 0, 'nothing granted yet');

  // Now the rest, and a later migration's table.
  for (const f of files) copyFileSync(join('sql', f), join(s.dir, f));
  writeFileSync(join(s.dir, '999_probe.sql'), "CREATE TABLE probe (x integer);\nCOMMENT ON TABLE probe IS 'A test''s.';\n");
  r = migrate(s.owner, s.dir, 'rostra_app', s.app);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /applied 009_app_role\.sql/);
  assert.equal(psqlAs(s.app, 'INSERT INTO probe VALUES (1); SELECT count(*) FROM probe, comment;').stdout, '0\n');
  assert.match(psqlAs(s.app, 'TRUNCATE probe;').stderr, /permission denied for table probe/);

  // A right granted by hand is taken away by the next run, with nothing new to apply.
  psqlAs(s.owner, 'GRANT TRUNCATE, TRIGGER ON probe, article TO rostra_app; GRANT CREATE ON SCHEMA public TO rostra_app, PUBLIC;');
  r = migrate(s.owner, s.dir, 'rostra_app', s.app);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /applied/);
  assert.equal(psqlAs(s.owner, `SELECT has_table_privilege('rostra_app', 'probe', 'TRUNCATE'),
    has_table_privilege('rostra_app', 'article', 'TRIGGER'), has_table_privilege('rostra_app', 'article', 'UPDATE'),
    has_schema_privilege('rostra_app', 'public', 'CREATE'),
    (SELECT count(*) FROM pg_namespace n, aclexplode(n.nspacl) a
      WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE');`).stdout, 'f|f|t|f|0\n');
});

test('migrate refuses an app role that is missing, a superuser or the owner, and cannot run as the daemon\'s role', (t) => {
  const s = scratch(t);
  for (const f of readdirSync('sql')) copyFileSync(join('sql', f), join(s.dir, f));
  let r = migrate(s.owner, s.dir, 'rostra_nobody');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /app_role "rostra_nobody" does not exist/);
  r = migrate(s.owner, s.dir, 'rostra');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /app_role "rostra" is a superuser/);
  // A role owning a table could alter it whatever the grants say.
  const owner = `approle_owner_${randomBytes(4).toString('hex')}`;
  sql(`CREATE ROLE ${owner} NOLOGIN;`);
  t.after(() => psqlAs(OWNER_URL, `DROP ROLE IF EXISTS ${owner};`));
  psqlAs(s.owner, `ALTER TABLE post_key OWNER TO ${owner};`);
  r = migrate(s.owner, s.dir, owner);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`app_role "${owner}" owns .* the schema or its tables`));
  psqlAs(s.owner, 'ALTER TABLE post_key OWNER TO rostra;');
  // The migrations themselves were applied: only the grant failed.
  assert.equal(psqlAs(s.owner, "SELECT count(*) > 0 FROM schema_migration WHERE name = '009_app_role.sql';").stdout, 't\n');
  // The daemon's role cannot migrate: it may not even read the ledger.
  r = migrate(s.app, s.dir, '');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /permission denied/);
});
