import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadPostgresDdlPath } from '../../src/sources/postgres/ddl.js';
import { allRules } from '../../src/rules/index.js';
import { runRules } from '../../src/rules/engine.js';
import { resolveConfig } from '../../src/config.js';

it('dump', async () => {
  const catalog = await loadPostgresDdlPath('examples/saas/schema.sql');
  const run = runRules(catalog, allRules, resolveConfig());
  writeFileSync('/tmp/saas-dump.json', JSON.stringify({
    warnings: catalog.warnings,
    tables: catalog.tables.map((t) => ({ n: `${t.schema}.${t.name}`, kind: t.kind, o: t.origin, rls: t.rls })),
    functions: catalog.functions,
    findings: run.findings.map((f) => ({ r: f.ruleId, t: f.table, c: f.columns, o: f.object, l: 'line' in f.origin ? f.origin.line : f.origin, m: f.message })),
    skipped: run.skipped,
  }, null, 1));
});
