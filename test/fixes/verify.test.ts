// The plan of the SaaS example, proven on the embedded PostgreSQL: every step applies, a second
// review no longer reports what the plan fixes and reports nothing new, and the rollback restores
// the catalog. A deliberately wrong plan must fail the same check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPostgresDdlPath } from '../../src/sources/postgres/ddl.js';
import { buildReview } from '../../src/review.js';
import { allRules } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { buildPlan } from '../../src/fixes/plan.js';
import { verifyPlanOnPostgres } from '../../src/fixes/verify.js';
import { verificationPassed } from '../../src/report/plan.js';

const SCHEMAS = ['examples/saas/schema.sql', 'test/fixtures/tenant-small.sql'];

describe('plans verified on the embedded PostgreSQL', () => {
  for (const path of SCHEMAS) {
    it(`${path}: the plan applies, fixes what it says, and rolls back`, async () => {
      const config = resolveConfig({});
      const catalog = await loadPostgresDdlPath(path);
      const plan = buildPlan(buildReview(catalog, allRules, config).findings, catalog);
      expect(plan.steps.length).toBeGreaterThan(3);
      const v = await verifyPlanOnPostgres([{ path, text: readFileSync(path, 'utf8') }], plan, config);
      expect(v.steps.filter((s) => s.status !== 'applied')).toEqual([]);
      expect(v.remaining).toEqual([]);
      expect(v.introduced.map((f) => f.key)).toEqual([]);
      expect(v.rollbackDifferences).toEqual([]);
      expect(v.fixed.length).toBe(plan.steps.reduce((n, s) => n + s.fixes.length, 0));
      expect(verificationPassed(v)).toBe(true);
    });
  }

  it('reports a step that does not fix its finding, and one that fails', async () => {
    const path = 'test/fixtures/tenant-small.sql';
    const config = resolveConfig({});
    const catalog = await loadPostgresDdlPath(path);
    const plan = buildPlan(buildReview(catalog, allRules, config).findings, catalog);
    const step = plan.steps.find((s) => s.ops[0].op === 'add-index')!;
    // Index the wrong column: the step applies, but the finding stays.
    const op = step.ops[0] as Extract<typeof step.ops[0], { op: 'add-index' }>;
    step.ops = [{ ...op, columns: ['id'] }];
    // And a step that cannot apply: a foreign key to a table that does not exist.
    plan.steps.push({ ...step, number: 99, slug: 'broken', ops: [{ op: 'add-foreign-key', schema: 'public', table: 'tasks', columns: ['assignee_id'], refSchema: 'public', refTable: 'nowhere', refColumns: ['id'] }], fixes: [] });
    const v = await verifyPlanOnPostgres([{ path, text: readFileSync(path, 'utf8') }], plan, config);
    expect(v.remaining.map((r) => r.step)).toContain(step.number);
    expect(v.steps.find((s) => s.number === 99)).toMatchObject({ status: 'failed', error: expect.stringContaining('nowhere') });
    expect(v.rollbackDifferences).toEqual([]);
    expect(verificationPassed(v)).toBe(false);
  });
});
