// A plan for a live PostgreSQL database, proved without touching it: the catalog read from the server
// (functions and triggers included) is written back as DDL into the embedded engine, and the plan is
// applied, reviewed and rolled back there. The server's schema is the same afterwards.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPostgresLive } from '../../src/sources/postgres/live.js';
import { buildReview } from '../../src/review.js';
import { allRules } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { buildPlan } from '../../src/fixes/plan.js';
import { verifyPlanOnPostgres, catalogShape } from '../../src/fixes/verify.js';
import { catalogToPostgresDdl } from '../../src/fixes/catalog-ddl.js';
import { requirePostgres, scratchDatabase } from '../servers.js';

const available = await requirePostgres();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});

describe.runIf(available)('plan --verify for a live PostgreSQL database', () => {
  it('proves the plan on a copy rebuilt from the catalog, and leaves the server as it was', async () => {
    const db = await scratchDatabase(readFileSync('test/fixtures/tenant-small.sql', 'utf8'));
    drops.push(db.drop);
    const config = resolveConfig({});
    const catalog = await loadPostgresLive(db.url);
    expect(catalog.functions.every((f) => f.definition?.startsWith('CREATE OR REPLACE FUNCTION'))).toBe(true);
    const plan = buildPlan(buildReview(catalog, allRules, config).findings, catalog);
    // One step changes a function (search_path): it needs the function's body in the copy.
    expect(plan.steps.some((s) => s.ops.some((o) => o.op === 'set-function-search-path'))).toBe(true);
    const v = await verifyPlanOnPostgres([{ path: 'schema-from-catalog.sql', text: catalogToPostgresDdl(catalog) }], plan, config, catalog);
    expect(v.loadWarnings).toEqual([]);
    expect(v.steps.filter((s) => s.status !== 'applied')).toEqual([]);
    expect(v.remaining).toEqual([]);
    expect(v.introduced.map((f) => f.key)).toEqual([]);
    expect(v.rollbackDifferences).toEqual([]);
    // Nothing was written to the server.
    expect(catalogShape(await loadPostgresLive(db.url))).toEqual(catalogShape(catalog));
  });
});
