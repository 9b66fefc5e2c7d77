import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/types/json-in-text.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TYPE option_kind AS ENUM ('a', 'b');
CREATE TABLE webhooks (
  id bigint PRIMARY KEY,
  payload text NOT NULL,
  settings varchar(2000) NOT NULL DEFAULT '{}',
  request_json text,
  data_source text,
  options option_kind,
  tags text[] NOT NULL DEFAULT '{}',
  config varchar(20),
  metadata jsonb,
  items varchar(500) DEFAULT '[]',
  description text
);
`;

describe('types/json-in-text', () => {
  it('flags text columns named or defaulted like JSON, and leaves look-alikes alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f)])).toEqual([
      ['types/json-in-text', 'public.webhooks', 'payload', 'schema.sql:4'],
      ['types/json-in-text', 'public.webhooks', 'settings', 'schema.sql:5'],
      ['types/json-in-text', 'public.webhooks', 'request_json', 'schema.sql:6'],
      ['types/json-in-text', 'public.webhooks', 'items', 'schema.sql:12'],
    ]);
    const [payload, settings, , items] = findings;
    expect(payload.fix).toEqual([
      { op: 'alter-type', schema: 'public', table: 'webhooks', column: 'payload', from: 'text', to: 'jsonb', using: 'payload::jsonb' },
    ]);
    // A text default cannot be cast to jsonb by ALTER COLUMN TYPE: the steps are spelled out instead of a fix.
    expect(settings.fix).toBeUndefined();
    expect(settings.message).toContain("default is the JSON literal '{}'");
    expect(settings.message).toContain("'{}'::jsonb");
    expect(items.message).toContain("'[]'");
  });
});
