// SPDX-License-Identifier: ISC — Rostra
// What the EXPLAIN tests share: a database of their own in the stack's
// cluster, migrated by the daemon; EXPLAIN ANALYZE of the daemon's own
// statements (tests/db/queue_explain prints them from db/db_stmt.c); and
// readers of the plans PostgreSQL returns.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { STACK } from './helpers.mjs';

export const BUILD = path.resolve(process.env.ROSTRA_BUILD || 'build');
export const TOOL = path.join(BUILD, 'tests/db/queue_explain');
export const NULL = '\\N';	// queue_explain's NULL parameter

// Once is enough: a plan does not depend on how the daemon was compiled.
export const skip = (process.env.ROSTRA_BUILD || '').includes('asan')
  ? 'query plans are the same under ASan; the normal run checks them' : false;

// The cluster's superuser, who may create databases and owns what migrate makes there.
const server = () => execFileSync('sh', ['scripts/pg.sh', 'owner-url', STACK], { encoding: 'utf8' }).trim();

export function psql(conn, query) {
  return execFileSync('psql', [conn, '-XAtq', '-v', 'ON_ERROR_STOP=1'],
    { input: query, encoding: 'utf8' }).trim();
}

// A new database with the schema; returns its conninfo and a function that drops it.
export function scratchDatabase(prefix) {
  const db = `${prefix}_${randomBytes(4).toString('hex')}`;
  psql(server(), `CREATE DATABASE ${db};`);
  const conn = server().replace(/dbname=\S+/, `dbname=${db}`);
  execFileSync(path.join(BUILD, 'rostra'), ['migrate'], {
    env: { ...process.env, ROSTRA_DATABASE_URL: conn, ROSTRA_CONFIG: '' }, stdio: 'pipe',
  });
  return { conn, drop: () => psql(server(), `DROP DATABASE IF EXISTS ${db} WITH (FORCE);`) };
}

// EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of statement name: PostgreSQL's
// plan for these values, or with prepared the one a prepared statement's
// sixth run gets, when the plan cache may have gone generic.
export function explain(conn, name, params, prepared) {
  const out = execFileSync(TOOL, [...(prepared ? ['-p'] : []), 'explain', conn, name, ...params],
    { encoding: 'utf8', maxBuffer: 16 << 20 });
  return JSON.parse(out)[0];
}

export function nodes(plan, out = []) {
  out.push(plan);
  for (const child of plan.Plans || []) nodes(child, out);
  return out;
}

// Rows a scan node took from its index or table, filtered out or not, over all its loops.
export function read(n) {
  return (n['Actual Rows'] + (n['Rows Removed by Filter'] || 0) +
    (n['Rows Removed by Index Recheck'] || 0)) * n['Actual Loops'];
}

export function describeNode(n) {
  return `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} on ${n['Relation Name']}` +
    ` (rows ${n['Actual Rows']} × loops ${n['Actual Loops']}, removed ${n['Rows Removed by Filter'] || 0})`;
}

// The scans of comment in plan, each with the indexes it read (a bitmap
// heap scan's come from the bitmap index scans under it).
export function commentScans(plan) {
  return nodes(plan).filter((n) => n['Relation Name'] === 'comment').map((n) => ({
    node: n,
    indexes: n['Index Name'] ? [n['Index Name']] : nodes(n).map((m) => m['Index Name']).filter(Boolean),
  }));
}
