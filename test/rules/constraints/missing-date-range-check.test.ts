import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/constraints/missing-date-range-check.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE bookings (
  id bigint PRIMARY KEY,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  check_in_date date NOT NULL,
  check_out_date date NOT NULL,
  opt_in_at timestamptz,
  opt_out_at timestamptz
);
CREATE TABLE subscriptions (
  id bigint PRIMARY KEY,
  valid_from date NOT NULL,
  valid_until date,
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  CHECK (valid_until IS NULL OR valid_until >= valid_from),
  CONSTRAINT period_order CHECK (period_end > period_start)
);
CREATE TABLE shifts (
  id bigint PRIMARY KEY,
  start_time time NOT NULL,
  end_time time NOT NULL
);
CREATE TABLE reservations (
  id bigint PRIMARY KEY,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  EXCLUDE USING gist (tstzrange(starts_at, ends_at) WITH &&)
);
CREATE TABLE promos (
  id bigint PRIMARY KEY,
  "validFrom" timestamptz NOT NULL,
  "validTo" timestamptz NOT NULL,
  from_address text,
  to_address text
);
`;

describe('constraints/missing-date-range-check', () => {
  it('flags start/end pairs without a CHECK, and leaves checked, range-constrained and non-range pairs alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f), f.severity])).toEqual([
      ['constraints/missing-date-range-check', 'public.bookings', 'starts_at,ends_at', 'schema.sql:3', 'medium'],
      ['constraints/missing-date-range-check', 'public.bookings', 'check_in_date,check_out_date', 'schema.sql:5', 'medium'],
      ['constraints/missing-date-range-check', 'public.promos', 'validFrom,validTo', 'schema.sql:32', 'medium'],
      ['constraints/missing-date-range-check', 'public.shifts', 'start_time,end_time', 'schema.sql:21', 'low'],
    ]);
    const [booking, stay, promo, shift] = findings;
    expect(booking.fix).toEqual([
      { op: 'add-check', schema: 'public', table: 'bookings', name: 'bookings_ends_at_after_starts_at', expression: 'ends_at IS NULL OR ends_at > starts_at' },
    ]);
    expect(booking.message).toContain('public.bookings has starts_at and ends_at');
    // Dates: a one-day stay starts and ends on the same date.
    expect(stay.fix?.[0]).toMatchObject({ expression: 'check_out_date >= check_in_date' });
    expect(promo.fix?.[0]).toMatchObject({ expression: '"validTo" > "validFrom"' });
    expect(shift.message).toContain('midnight');
  });
});
