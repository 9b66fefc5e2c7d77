import { describe, it, expect } from 'vitest';
import { computeScores, gradeFor, SEVERITY_WEIGHTS, BUDGET_PER_TABLE } from '../../src/scoring/score.js';
import { catalog, col, finding, rule, shop, table } from '../report/factories.js';

const rules = [rule('relations/fk-missing-index', 'medium'), rule('tenancy/nullable-tenant-key', 'high'), rule('keys/missing-primary-key', 'critical'), rule('design/wide-table', 'low')];

const findings = [
  finding('tenancy/nullable-tenant-key', 'high', 'customers', ['organization_id']),
  finding('relations/fk-missing-index', 'medium', 'orders', ['customer_id']),
  finding('relations/fk-missing-index', 'medium', 'order_items', ['order_id']),
  finding('relations/fk-missing-index', 'low', 'customers', ['organization_id']),
];

describe('computeScores', () => {
  it('matches a hand computation of the published formula', () => {
    const s = computeScores(shop(), findings, rules, false);
    // N = 4 base tables, so every category's budget is 10 × 4 = 40.
    expect(s.tableCount).toBe(4);
    expect(s.weights).toEqual({ critical: 25, high: 10, medium: 4, low: 1, info: 0 });
    expect(s.categories.map((c) => c.category)).toEqual(['keys', 'relations', 'tenancy', 'design']);
    const by = Object.fromEntries(s.categories.map((c) => [c.category, c]));
    // relations: 4 + 4 + 1 = 9 → 100 × (1 − 9/40) = 77.5
    expect(by.relations.penalty).toBe(9);
    expect(by.relations.budget).toBe(40);
    expect(by.relations.score).toBe(77.5);
    expect(by.relations.findings).toBe(3);
    expect(by.relations.bySeverity).toEqual({ critical: 0, high: 0, medium: 2, low: 1, info: 0 });
    // tenancy: 10 → 75; keys and design: no findings → 100
    expect(by.tenancy.score).toBe(75);
    expect(by.keys.score).toBe(100);
    expect(by.design.score).toBe(100);
    // overall: (100 + 77.5 + 75 + 100) / 4 = 88.125 → 88.1 → B
    expect(s.overall).toBe(88.1);
    expect(s.grade).toBe('B');
    expect(s.verdict).toBe('ready-with-fixes');
    expect(s.penalty).toBe(19);
    expect(s.bySeverity).toEqual({ critical: 0, high: 1, medium: 2, low: 1, info: 0 });
    // per-table health: customers 100 − (10 + 1) = 89, orders and order_items 100 − 4 = 96
    expect(s.tables).toEqual([
      { table: 'public.customers', findings: 2, penalty: 11, health: 89 },
      { table: 'public.order_items', findings: 1, penalty: 4, health: 96 },
      { table: 'public.orders', findings: 1, penalty: 4, health: 96 },
    ]);
    expect(s.notScored).not.toContain('relations');
    expect(s.notScored).toContain('security');
  });

  it('says not-ready for any critical finding, whatever the score', () => {
    const big = catalog(Array.from({ length: 200 }, (_, i) => table(`t${i}`, [col('id')])));
    const s = computeScores(big, [finding('keys/missing-primary-key', 'critical', 't1')], rules, false);
    expect(s.overall).toBeGreaterThan(99);
    expect(s.grade).toBe('A');
    expect(s.verdict).toBe('not-ready');
    expect(s.verdictReason).toMatch(/1 critical finding/);
  });

  it('never says ready for an incomplete review', () => {
    const clean = computeScores(shop(), [finding('design/wide-table', 'low', 'orders')], rules, true);
    expect(clean.verdict).toBe('incomplete');
    expect(clean.incomplete).toBe(true);
    const complete = computeScores(shop(), [finding('design/wide-table', 'low', 'orders')], rules, false);
    expect(complete.verdict).toBe('ready');
    // blockers still win over incompleteness, and the flag stays
    const blocked = computeScores(shop(), [finding('keys/missing-primary-key', 'critical', 'orders')], rules, true);
    expect(blocked.verdict).toBe('not-ready');
    expect(blocked.incomplete).toBe(true);
  });

  it('does not call a review with no rules run ready', () => {
    const s = computeScores(shop(), [], [], false);
    expect(s.categories).toEqual([]);
    expect(s.overall).toBeNull();
    expect(s.grade).toBeNull();
    expect(s.verdict).toBe('incomplete');
  });

  it('normalises by schema size and clamps at 0', () => {
    const few = computeScores(shop(), findings, rules, false);
    const many = catalog(Array.from({ length: 40 }, (_, i) => table(i < 4 ? ['customers', 'orders', 'order_items', 'organizations'][i] : `t${i}`, [col('id')])));
    const big = computeScores(many, findings, rules, false);
    const rel = (x: typeof few) => x.categories.find((c) => c.category === 'relations')!.score;
    expect(rel(big)).toBe(97.8); // 100 × (1 − 9/400) = 97.75 → 97.8
    expect(rel(big)).toBeGreaterThan(rel(few));
    const flood = Array.from({ length: 5 }, (_, i) => finding('tenancy/nullable-tenant-key', 'critical', 'customers', [`c${i}`]));
    const s = computeScores(shop(), flood, rules, false);
    expect(s.categories.find((c) => c.category === 'tenancy')!.score).toBe(0);
    expect(s.tables[0].health).toBe(0);
  });

  it('ignores views and partitions in the table count, and counts at least one table in the budget', () => {
    const cat = catalog([table('a', [col('id')]), table('v', [col('id')], { kind: 'view' }), table('a_2024', [col('id')], { partitionOf: 'public.a' })]);
    expect(computeScores(cat, [], rules, false).tableCount).toBe(1);
    const empty = computeScores(catalog([]), [finding('design/wide-table', 'low', undefined)], rules, false);
    expect(empty.categories.find((c) => c.category === 'design')!.budget).toBe(BUDGET_PER_TABLE);
    expect(empty.schemaWideFindings).toBe(1);
  });

  it('grades by fixed thresholds', () => {
    expect([90, 89.9, 80, 70, 60, 59.9].map(gradeFor)).toEqual(['A', 'B', 'B', 'C', 'D', 'F']);
    expect(SEVERITY_WEIGHTS.info).toBe(0);
  });
});
