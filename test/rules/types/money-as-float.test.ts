import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/types/money-as-float.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  total double precision NOT NULL,
  unit_price real,
  amount_cents double precision,
  total_cents bigint,
  tax_rate double precision,
  total_weight double precision,
  price numeric(12,2),
  discount_factor real,
  "shippingCost" double precision
);
CREATE VIEW order_totals AS SELECT id, total FROM orders;
`;

describe('types/money-as-float', () => {
  it('flags money-like float columns and leaves rates, weights, integers and numerics alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.table, f.columns.join(','), at(f)])).toEqual([
      ['public.orders', 'total', 'schema.sql:3'],
      ['public.orders', 'unit_price', 'schema.sql:4'],
      ['public.orders', 'amount_cents', 'schema.sql:5'],
      ['public.orders', 'shippingCost', 'schema.sql:11'],
    ]);
    expect(findings.every((f) => f.ruleId === 'types/money-as-float' && f.severity === 'high')).toBe(true);
    const [total, , cents, camel] = findings;
    expect(total.message).toContain('public.orders.total');
    expect(total.message).toContain('double precision');
    expect(total.fix).toEqual([
      { op: 'alter-type', schema: 'public', table: 'orders', column: 'total', from: 'double precision', to: 'numeric(19,4)', using: 'total::numeric(19,4)' },
    ]);
    expect(cents.fix?.[0]).toMatchObject({ op: 'alter-type', to: 'bigint', using: 'round(amount_cents)::bigint' });
    expect(camel.fix?.[0]).toMatchObject({ using: '"shippingCost"::numeric(19,4)' });
  });

  it('converts to the configured type', async () => {
    const findings = await check(rule, `CREATE TABLE invoices (id int PRIMARY KEY, balance double precision);`, {
      rules: { 'types/money-as-float': { options: { targetType: 'numeric(12,2)' } } },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0].columns).toEqual(['balance']);
    expect(at(findings[0])).toBe('schema.sql:1');
    expect(findings[0].fix?.[0]).toMatchObject({ to: 'numeric(12,2)' });
    expect(findings[0].message).toContain('10 digits before the point and 2 after');
  });
});
