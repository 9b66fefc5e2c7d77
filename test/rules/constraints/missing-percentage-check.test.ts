import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/constraints/missing-percentage-check.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE products (
  id bigint PRIMARY KEY,
  discount_percent numeric(5,2),
  tax_rate numeric(5,4),
  vat_pct integer,
  commission_rate double precision,
  exchange_rate numeric(12,6),
  hourly_rate numeric(10,2),
  markup_percent numeric(6,2),
  completion_percentage numeric(5,2) CHECK (completion_percentage BETWEEN 0 AND 100),
  share_percent numeric(3,2)
);
`;

describe('constraints/missing-percentage-check', () => {
  it('flags unchecked percentages and rates with the range their type suggests', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f)])).toEqual([
      ['constraints/missing-percentage-check', 'public.products', 'discount_percent', 'schema.sql:3'],
      ['constraints/missing-percentage-check', 'public.products', 'tax_rate', 'schema.sql:4'],
      ['constraints/missing-percentage-check', 'public.products', 'vat_pct', 'schema.sql:5'],
      ['constraints/missing-percentage-check', 'public.products', 'commission_rate', 'schema.sql:6'],
      ['constraints/missing-percentage-check', 'public.products', 'share_percent', 'schema.sql:11'],
    ]);
    const byColumn = Object.fromEntries(findings.map((f) => [f.columns[0], f]));
    expect(byColumn.discount_percent.fix).toEqual([
      { op: 'add-check', schema: 'public', table: 'products', name: 'products_discount_percent_range', expression: 'discount_percent >= 0 AND discount_percent <= 100' },
    ]);
    expect(byColumn.discount_percent.message).toContain('numeric(5,2) holds values up to 100');
    expect(byColumn.tax_rate.fix?.[0]).toMatchObject({ expression: 'tax_rate >= 0 AND tax_rate <= 1' });
    expect(byColumn.tax_rate.message).toContain('numeric(5,4) holds at most 9.9999');
    expect(byColumn.vat_pct.fix?.[0]).toMatchObject({ expression: 'vat_pct >= 0 AND vat_pct <= 100' });
    expect(byColumn.commission_rate.fix?.[0]).toMatchObject({ expression: 'commission_rate >= 0 AND commission_rate <= 1' });
    expect(byColumn.commission_rate.message).toContain('use 0..100 instead');
    // numeric(3,2) cannot hold 100: a "percent" stored in it is a fraction of 1.
    expect(byColumn.share_percent.fix?.[0]).toMatchObject({ expression: 'share_percent >= 0 AND share_percent <= 1' });
  });
});
