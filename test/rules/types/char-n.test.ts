import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/types/char-n.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE customers (
  id bigint PRIMARY KEY,
  country_code char(2) NOT NULL,
  currency character(3),
  external_ref char(36),
  sku char(10),
  locale char(5),
  password_hash char(60),
  flag char(1),
  lang char,
  name varchar(100)
);
`;

describe('types/char-n', () => {
  it('flags padded char(n) columns, suggests uuid for char(36), and leaves codes and hashes alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f)])).toEqual([
      ['types/char-n', 'public.customers', 'external_ref', 'schema.sql:5'],
      ['types/char-n', 'public.customers', 'sku', 'schema.sql:6'],
      ['types/char-n', 'public.customers', 'locale', 'schema.sql:7'],
    ]);
    const [uuid, sku] = findings;
    expect(uuid.severity).toBe('low');
    expect(uuid.message).toContain('uuid');
    expect(uuid.fix).toEqual([
      { op: 'alter-type', schema: 'public', table: 'customers', column: 'external_ref', from: 'character(36)', to: 'uuid', using: 'external_ref::uuid' },
    ]);
    expect(sku.message).toContain('padded');
    expect(sku.fix).toEqual([{ op: 'alter-type', schema: 'public', table: 'customers', column: 'sku', from: 'character(10)', to: 'varchar(10)' }]);
  });
});
