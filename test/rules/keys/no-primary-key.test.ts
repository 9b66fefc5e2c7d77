import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/keys/no-primary-key.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE events (
  id bigint NOT NULL,
  payload text
);
CREATE TABLE tags (
  slug text NOT NULL,
  label text,
  CONSTRAINT tags_slug_key UNIQUE (slug)
);
CREATE TABLE logs (message text, level text);
CREATE TABLE readings (taken_on date NOT NULL, value numeric) PARTITION BY RANGE (taken_on);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
CREATE TABLE sales (id bigint, sold_on date, PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW recent_logs AS SELECT * FROM logs;
`;

describe('keys/no-primary-key', () => {
  it('flags base tables without a primary key, and proposes the key that exists', async () => {
    const findings = await check(rule, sql);
    const byTable = new Map(findings.map((f) => [f.table, f]));
    expect([...byTable.keys()].sort()).toEqual(['public.events', 'public.logs', 'public.readings', 'public.tags']);

    const events = byTable.get('public.events')!;
    expect(events.ruleId).toBe('keys/no-primary-key');
    expect(events.columns).toEqual([]);
    expect(at(events)).toBe('schema.sql:1');
    expect(events.message).toContain('public.events has no primary key');
    expect(events.fix).toEqual([{ op: 'add-primary-key', schema: 'public', table: 'events', columns: ['id'] }]);

    const tags = byTable.get('public.tags')!;
    expect(at(tags)).toBe('schema.sql:5');
    expect(tags.message).toContain('tags_slug_key');
    expect(tags.fix).toEqual([{ op: 'add-primary-key', schema: 'public', table: 'tags', columns: ['slug'] }]);

    const logs = byTable.get('public.logs')!;
    expect(at(logs)).toBe('schema.sql:10');
    expect(logs.fix).toBeUndefined();
    expect(logs.message).toContain('add a surrogate key');

    // The partitioned parent is judged; its partition is not reported separately.
    expect(at(byTable.get('public.readings')!)).toBe('schema.sql:11');
  });

  it('leaves alone tables with a primary key, partitions, and views', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
CREATE TABLE sales (id bigint, sold_on date, PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW account_names AS SELECT name FROM accounts;
CREATE MATERIALIZED VIEW account_count AS SELECT count(*) FROM accounts;
`,
    );
    expect(findings).toEqual([]);
  });
});
