import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/constraints/missing-non-negative-check.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE DOMAIN positive_amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TABLE order_lines (
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(12,2) NOT NULL CHECK (unit_price >= 0),
  total_cents bigint NOT NULL,
  duration_minutes integer,
  price_change numeric(12,2),
  balance numeric(12,2),
  shipping_cost positive_amount,
  cost_center_id bigint,
  utc_offset_minutes integer,
  fee money,
  "lineTotal" numeric(12,2),
  note text
);
`;

describe('constraints/missing-non-negative-check', () => {
  it('flags amounts, quantities and durations without a CHECK, and leaves signed or checked columns alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f)])).toEqual([
      ['constraints/missing-non-negative-check', 'public.order_lines', 'quantity', 'schema.sql:5'],
      ['constraints/missing-non-negative-check', 'public.order_lines', 'total_cents', 'schema.sql:7'],
      ['constraints/missing-non-negative-check', 'public.order_lines', 'duration_minutes', 'schema.sql:8'],
      ['constraints/missing-non-negative-check', 'public.order_lines', 'fee', 'schema.sql:14'],
      ['constraints/missing-non-negative-check', 'public.order_lines', 'lineTotal', 'schema.sql:15'],
    ]);
    const [quantity, , duration, fee, camel] = findings;
    expect(quantity.severity).toBe('medium');
    expect(quantity.message).toContain('public.order_lines.quantity (integer) holds a quantity');
    expect(quantity.fix).toEqual([
      { op: 'add-check', schema: 'public', table: 'order_lines', name: 'order_lines_quantity_non_negative', expression: 'quantity >= 0' },
    ]);
    expect(duration.message).toContain('a duration');
    expect(fee.fix?.[0]).toMatchObject({ expression: "fee >= '0'::money" });
    expect(camel.fix?.[0]).toMatchObject({ expression: '"lineTotal" >= 0' });
  });
});
