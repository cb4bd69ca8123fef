// SPDX-License-Identifier: ISC — Rostra
// The route table of fcgi/routes.c, read from its source: each row's method,
// path, who may call it, cache class, query parameters and body members.
// docs/API.md's route table and tests that walk every route read it here.
import { readFileSync } from 'node:fs';

// C tokens: string literals (adjacent ones joined), names, and single characters.
function tokens(text) {
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)"|([A-Za-z_]\w*)|(\S)/g;
  for (const m of text.replace(/\/\*[\s\S]*?\*\//g, ' ').matchAll(re)) {
    if (m[1] !== undefined) {
      const s = m[1].replace(/\\(.)/g, '$1');
      if (out.length && out[out.length - 1].str !== undefined) out[out.length - 1].str += s;
      else out.push({ str: s });
    } else out.push({ id: m[2] ?? m[3] });
  }
  return out;
}

const WHO = { PUBLIC: 'public', OPTIONAL: 'optional session' };
const ROLE = { READER: 'reader', MOD: 'moderator', ADMIN: 'admin' };
const CACHE = { CACHE_PUBLIC: 'public', CACHE_PRIVATE: 'private', CACHE_PRIVATE_ETAG: 'private, ETag' };

export function routeTable(file = 'fcgi/routes.c') {
  const src = readFileSync(file, 'utf8');
  const macros = {};
  for (const m of src.matchAll(/#define\s+(\w+)\s+((?:"(?:[^"\\]|\\.)*"\s*(?:\\\n\s*)?)+)/g))
    macros[m[1]] = tokens(m[2]).map((t) => t.str).join('');
  macros.V1 = '/comments/api/v1';
  const start = src.indexOf('static const struct route routes[] = {');
  const end = src.indexOf('\n};', start);
  const toks = tokens(src.slice(src.indexOf('{', start) + 1, end));
  const rows = [];
  let row = null;
  const value = (t) => (t.str !== undefined ? t.str : t.id in macros ? macros[t.id] : t.id);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.id === '{') { row = []; continue; }
    if (t.id === '}') { rows.push(row); row = null; continue; }
    if (row === null || t.id === ',') continue;
    // "V1 "/path"": the prefix macro then the literal, one value.
    if (t.id === 'V1' && toks[i + 1]?.str !== undefined) { row.push(macros.V1 + toks[++i].str); continue; }
    row.push(value(t));
  }
  return rows.map(([method, path, auth, role, cache, query, body, handler]) => ({
    method, path, handler,
    who: auth === 'SESSION' ? ROLE[role] : WHO[auth],
    role: ROLE[role],
    session: auth === 'SESSION',
    cache: CACHE[cache],
    query: query === '' ? '—' : query,
    body: body === 'NULL' ? '—' : body === '' ? '{}' : body,
  }));
}
