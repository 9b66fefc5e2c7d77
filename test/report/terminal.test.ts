import { describe, it, expect } from 'vitest';
import { renderSummary } from '../../src/report/terminal.js';
import { finding, review, rule, shop } from './factories.js';

const rules = [rule('relations/fk-missing-index'), rule('keys/missing-primary-key', 'critical')];
const many = Array.from({ length: 12 }, (_, i) => finding('relations/fk-missing-index', i === 7 ? 'critical' : 'medium', 'orders', [`c${i}`]));

describe('renderSummary', () => {
  it('fits in about twenty lines with score, verdict, counts and the top findings', () => {
    const cat = shop();
    cat.warnings = [{ code: 'statement-failed', message: 'syntax error', origin: { file: 'schema.sql', line: 3 } }];
    const text = renderSummary(review(cat, many, rules, { skipped: [{ ruleId: 'scale/bloat', reason: 'needs live statistics' }] }), { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(22);
    expect(text).toMatch(/Score \d+(\.\d)?\/100 {2}grade [A-F] {2}verdict not-ready {2}\(incomplete\)/);
    expect(text).toContain('Findings: 1 critical, 0 high, 11 medium, 0 low, 0 info');
    expect(text).toContain('Top 5 of 12 findings:');
    // worst first
    expect(lines.find((l) => l.trim().startsWith('CRITICAL'))).toContain('relations/fk-missing-index on public.orders (c7)');
    expect(text).toContain('schema.sql:11  relations/fk-missing-index');
    expect(text).toContain('… 7 more in the full report');
    expect(text).toContain('INCOMPLETE REVIEW: 1 load warning; 1 check not run (scale/bloat).');
    expect(text).toContain('syntax error  schema.sql:3');
    expect(text).not.toContain('\x1b[');
  });

  it('colours only when asked', () => {
    const r = review(shop(), many.slice(0, 2), rules);
    expect(renderSummary(r, { color: true })).toContain('\x1b[');
    const plain = renderSummary(r, { color: false });
    expect(plain).not.toContain('\x1b[');
    expect(plain).not.toContain('INCOMPLETE');
    expect(plain).toContain('verdict ready');
  });

  it('says when no rule reported anything', () => {
    expect(renderSummary(review(shop(), [], rules), { color: false })).toContain('No finding from the 2 rules that ran.');
  });
});

describe('renderSummary without rules', () => {
  it('says nothing was checked', () => {
    const text = renderSummary(review(shop(), [], []), { color: false });
    expect(text).toContain('No rule ran, so nothing was checked.');
    expect(text).toContain('verdict incomplete');
    expect(text).toContain('Score n/a');
  });
});
