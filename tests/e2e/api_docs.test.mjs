// SPDX-License-Identifier: ISC — Rostra
// docs/API.md and the route table cannot drift: the Routes table in the
// docs lists every row of fcgi/routes.c with the same method, path, callers,
// cache class, query parameters and body members, and nothing else; and
// each route has a section whose heading names its method and path.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { routeTable } from './routes.mjs';

const docs = readFileSync('docs/API.md', 'utf8');

function docsTable() {
  const section = docs.slice(docs.indexOf('\n## Routes\n'), docs.indexOf('\n## ', docs.indexOf('\n## Routes\n') + 5));
  return section.split('\n').filter((l) => /^\| (GET|POST|PUT|PATCH|DELETE) \|/.test(l)).map((l) => {
    const [method, path, who, cache, query, body] = l.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''));
    return { method, path, who, cache, query, body };
  });
}

test('docs/API.md lists every route exactly as the route table declares it', () => {
  const table = routeTable().map(({ method, path, who, cache, query, body }) => ({ method, path, who, cache, query, body }));
  const documented = docsTable();
  assert.ok(table.length >= 30, `read ${table.length} rows from fcgi/routes.c`);
  const key = (r) => `${r.method} ${r.path}`;
  assert.deepEqual(documented.map(key).sort(), table.map(key).sort(), 'the same routes');
  for (const row of table)
    assert.deepEqual(documented.find((d) => key(d) === key(row)), row, key(row));
});

test('every route has a section in docs/API.md naming its method and path', () => {
  const headings = docs.split('\n').filter((l) => /^#{2,3} /.test(l) && !l.startsWith('## Routes'));
  // A heading names paths in full or as "…/tail" after a full one; "?…" starts a query.
  const named = (h, path) => h.split(/\s+/).some((w) => {
    const p = w.split('?')[0];
    return p === path || (p.startsWith('…/') && path.endsWith(p.slice(1)));
  });
  for (const { method, path } of routeTable())
    assert.ok(headings.some((h) => h.includes(method) && named(h, path)), `a heading for ${method} ${path}`);
});
