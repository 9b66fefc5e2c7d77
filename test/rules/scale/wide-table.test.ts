import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/scale/wide-table.js';
import { at, check } from '../../helpers.js';

function table(name: string, columns: number, prefix = 'attr'): string {
  const cols = ['id bigint PRIMARY KEY'];
  for (let i = 1; i < columns; i++) cols.push(`${i % 4 === 0 ? 'billing' : prefix}_${i} text`);
  return `CREATE TABLE ${name} (${cols.join(', ')});`;
}

describe('scale/wide-table', () => {
  it('flags tables over the column limit and leaves those at the limit alone', async () => {
    const findings = await check(rule, `${table('fifty', 50)}\n${table('customers', 61)}\n`);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('scale/wide-table');
    expect(f.table).toBe('public.customers');
    expect(f.columns).toEqual([]);
    expect(at(f)).toBe('schema.sql:2');
    expect(f.message).toContain('61 columns (limit 50)');
    expect(f.message).toContain('billing_* (15)');
  });

  it('takes the limit from its options', async () => {
    const sql = `${table('small', 8)}\n${table('medium', 12)}\n`;
    expect(await check(rule, sql)).toEqual([]);
    const findings = await check(rule, sql, { rules: { 'scale/wide-table': { options: { maxColumns: 10 } } } });
    expect(findings.map((f) => f.table)).toEqual(['public.medium']);
  });
});
