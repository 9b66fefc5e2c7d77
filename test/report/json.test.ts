import { describe, it, expect } from 'vitest';
import { renderJson, parseJsonReport, jsonReportSchema } from '../../src/report/json.js';
import { finding, review, rule, shop } from './factories.js';
import { REPORT_VERSION } from '../../src/review.js';

const rules = [rule('relations/fk-missing-index'), rule('tenancy/nullable-tenant-key', 'high')];

function sample() {
  const f1 = finding('tenancy/nullable-tenant-key', 'high', 'customers', ['organization_id'], {
    fix: [{ op: 'set-not-null', schema: 'public', table: 'customers', column: 'organization_id' }],
  });
  const f2 = finding('relations/fk-missing-index', 'medium', 'order_items', ['order_id'], { origin: { object: 'public.order_items' } });
  const ignored = finding('relations/fk-missing-index', 'medium', 'orders', ['customer_id']);
  return review(shop(), [f2, f1], rules, {
    skipped: [{ ruleId: 'indexes/unused-index', reason: 'needs live statistics' }],
    ignored: [{ finding: ignored, reason: 'small lookup table' }],
  });
}

describe('renderJson', () => {
  it('has the contract fields and validates against the published shape', () => {
    const text = renderJson(sample());
    const json = JSON.parse(text);
    for (const k of ['version', 'generatedAt', 'tool', 'source', 'summary', 'scores', 'findings', 'skipped', 'warnings', 'ignored', 'incomplete']) {
      expect(json).toHaveProperty(k);
    }
    expect(jsonReportSchema.safeParse(json).success).toBe(true);
    const report = parseJsonReport(text);
    expect(report.tool.name).toBe('schemascope');
    expect(report.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.version).toBe(REPORT_VERSION);
    expect(report.source).toEqual(shop().source);
    expect(report.incomplete).toBe(false);
  });

  it('carries the migration plan: steps naming the findings they fix, and findings with no fix as not planned', () => {
    const r = parseJsonReport(renderJson(sample()));
    expect(r.plan.steps).toHaveLength(1);
    expect(r.plan.steps[0]).toMatchObject({ number: 1, horizon: 'immediate', risk: 'medium', ops: [{ op: 'set-not-null', column: 'organization_id' }], after: [] });
    const keys = new Set(r.findings.map((f) => f.key));
    expect(r.plan.steps[0].fixes.every((k) => keys.has(k))).toBe(true);
    expect(r.plan.notPlanned.map((n) => n.key)).toEqual([r.findings.find((f) => f.ruleId === 'relations/fk-missing-index')!.key]);
  });

  it('counts the catalog and the findings', () => {
    const r = parseJsonReport(renderJson(sample()));
    expect(r.summary.schemas).toBe(1);
    expect(r.summary.tables).toBe(4);
    expect(r.summary.columns).toBe(11);
    expect(r.summary.foreignKeys).toBe(3);
    expect(r.summary.indexes).toMatchObject({ total: 6, primary: 4, unique: 4, partial: 1, expression: 1, composite: 1 });
    expect(r.summary.foreignKeysByOnDelete).toMatchObject({ cascade: 2, restrict: 1, 'no action': 0 });
    expect(r.summary.findings.total).toBe(2);
    expect(r.summary.findings.bySeverity).toEqual({ critical: 0, high: 1, medium: 1, low: 0, info: 0 });
    expect(r.summary.findings.byCategory.tenancy).toBe(1);
    expect(r.summary.findings.byCategory.security).toBe(0);
  });

  it('writes findings worst first with origin, key and fix, and the other lists', () => {
    const r = parseJsonReport(renderJson(sample()));
    expect(r.findings.map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(r.findings[0]).toMatchObject({
      ruleId: 'tenancy/nullable-tenant-key',
      category: 'tenancy',
      table: 'public.customers',
      columns: ['organization_id'],
      object: null,
      origin: { file: 'schema.sql' },
      key: 'tenancy/nullable-tenant-key|public.customers|organization_id|',
      fix: [{ op: 'set-not-null' }],
    });
    expect(r.findings[1].origin).toEqual({ object: 'public.order_items' });
    expect(r.findings[1]).not.toHaveProperty('fix');
    expect(r.skipped).toEqual([{ ruleId: 'indexes/unused-index', reason: 'needs live statistics' }]);
    expect(r.ignored[0].reason).toBe('small lookup table');
    expect(r.ignored[0].finding.table).toBe('public.orders');
  });

  it('carries everything needed to recompute the scores', () => {
    const r = parseJsonReport(renderJson(sample()));
    const { scores } = r;
    for (const c of scores.categories) {
      const penalty = r.findings.filter((f) => f.category === c.category).reduce((s, f) => s + scores.weights[f.severity], 0);
      expect(c.penalty).toBe(penalty);
      expect(c.budget).toBe(scores.budgetPerTable * Math.max(1, scores.tableCount));
      expect(c.score).toBe(Math.round(1000 * Math.max(0, 1 - penalty / c.budget)) / 10);
    }
    const mean = scores.categories.reduce((s, c) => s + c.score, 0) / scores.categories.length;
    expect(scores.overall).toBe(Math.round(mean * 10) / 10);
  });

  it('does not dump the catalog', () => {
    const json = JSON.parse(renderJson(sample()));
    expect(json).not.toHaveProperty('catalog');
    expect(JSON.stringify(json)).not.toContain('CREATE INDEX');
  });

  it('rejects text that is not a report', () => {
    expect(() => parseJsonReport('{"version":"1.0"}')).toThrow(/not a schemascope JSON report/);
  });

  it('marks an incomplete review and lists its warnings', () => {
    const cat = shop();
    cat.warnings = [{ code: 'statement-failed', message: 'syntax error at or near "FOO"', origin: { file: 'schema.sql', line: 7 } }];
    const r = parseJsonReport(renderJson(review(cat, [], rules)));
    expect(r.incomplete).toBe(true);
    expect(r.scores.verdict).toBe('incomplete');
    expect(r.warnings).toEqual([{ code: 'statement-failed', message: 'syntax error at or near "FOO"', origin: { file: 'schema.sql', line: 7 } }]);
  });
});
