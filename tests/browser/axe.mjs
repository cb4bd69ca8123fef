// SPDX-License-Identifier: ISC — Rostra
// axe-core (from npm) in a page, run by the debugging protocol (which the
// pages' Content-Security-Policy does not govern): audit() fails on any
// "serious" or "critical" violation, and on a contrast axe measured too low
// but left undecided, listing rule, impact and elements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const GRAVE = ['serious', 'critical'];

const measuredLow = (n) => {
  const found = n.any.map((c) => c.data).find((d) => d && d.contrastRatio > 0 &&
    d.contrastRatio < parseFloat(d.expectedContrastRatio));
  return found ? { ...n, failureSummary: `contrast ${found.contrastRatio}:1 of ${found.fgColor} on ` +
    `${found.bgColor}, needs ${found.expectedContrastRatio} (axe left it undecided)` } : null;
};

// Answers axe's results for further checks.
export async function audit(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document));
  const undecided = results.incomplete.filter((v) => v.id === 'color-contrast')
    .map((v) => ({ ...v, nodes: v.nodes.map(measuredLow).filter(Boolean) }))
    .filter((v) => v.nodes.length);
  const lines = [...results.violations, ...undecided].filter((v) => GRAVE.includes(v.impact)).flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary.replace(/\s+/g, ' ')}`)]);
  assert.equal(lines.length, 0, `accessibility violations on ${what}:\n  ${lines.join('\n  ')}`);
  return results;
}
