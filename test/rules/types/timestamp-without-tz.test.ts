import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/types/timestamp-without-tz.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE events (
  id bigint PRIMARY KEY,
  happened_at timestamp NOT NULL DEFAULT now(),
  recorded_at timestamp(3) without time zone,
  created_at timestamptz NOT NULL,
  day date,
  local_start_time timestamp
);
CREATE TABLE measurements (taken_at timestamp NOT NULL, reading int) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW recent_events AS SELECT happened_at FROM events;
`;

describe('types/timestamp-without-tz', () => {
  it('flags each timestamp column once, on base tables and partitioned parents only', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f)])).toEqual([
      ['types/timestamp-without-tz', 'public.events', 'happened_at', 'schema.sql:3'],
      ['types/timestamp-without-tz', 'public.events', 'recorded_at', 'schema.sql:4'],
      ['types/timestamp-without-tz', 'public.measurements', 'taken_at', 'schema.sql:9'],
    ]);
    const [happened, recorded] = findings;
    expect(happened.severity).toBe('medium');
    expect(happened.message).toContain("AT TIME ZONE 'UTC'");
    expect(happened.fix).toEqual([
      {
        op: 'alter-type',
        schema: 'public',
        table: 'events',
        column: 'happened_at',
        from: 'timestamp without time zone',
        to: 'timestamp with time zone',
        using: "happened_at AT TIME ZONE 'UTC'",
      },
    ]);
    expect(recorded.fix?.[0]).toMatchObject({ from: 'timestamp(3) without time zone', to: 'timestamp(3) with time zone' });
  });

  it("leaves USING out when the values are to be read in the session time zone", async () => {
    const findings = await check(rule, `CREATE TABLE t (id int PRIMARY KEY, seen_at timestamp);`, {
      rules: { 'types/timestamp-without-tz': { options: { sourceTimeZone: 'session' } } },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0].fix?.[0]).not.toHaveProperty('using');
    expect(findings[0].message).toContain('session');
  });
});
