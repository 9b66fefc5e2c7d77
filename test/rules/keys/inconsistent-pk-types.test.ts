import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/keys/inconsistent-pk-types.js';
import { at, check } from '../../helpers.js';

describe('keys/inconsistent-pk-types', () => {
  it('flags each table whose surrogate key type is in the minority', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TABLE projects (id bigserial PRIMARY KEY);
CREATE TABLE tasks (id bigint PRIMARY KEY, legacy_id integer);
CREATE TABLE legacy (id serial PRIMARY KEY);
CREATE TABLE documents (id uuid PRIMARY KEY);
CREATE TABLE countries (code char(2) PRIMARY KEY);
CREATE TABLE project_legacy (project_id bigint REFERENCES projects, legacy_id integer REFERENCES legacy, PRIMARY KEY (project_id, legacy_id));
CREATE TABLE notes (id bigint PRIMARY KEY, legacy_id integer REFERENCES legacy);
`,
    );
    expect(findings.map((f) => f.table).sort()).toEqual(['public.documents', 'public.legacy']);

    const legacy = findings.find((f) => f.table === 'public.legacy')!;
    expect(legacy.ruleId).toBe('keys/inconsistent-pk-types');
    expect(legacy.columns).toEqual(['id']);
    expect(at(legacy)).toBe('schema.sql:4');
    expect(legacy.message).toContain('mostly bigint');
    expect(legacy.message).toContain('bigint 4, uuid 1, integer 1');
    // Widening to the majority type includes the columns that reference the key.
    expect(legacy.fix?.[0]).toEqual({ op: 'alter-type', schema: 'public', table: 'legacy', column: 'id', from: 'integer', to: 'bigint' });
    expect(legacy.fix).toHaveLength(3);
    expect(legacy.fix).toEqual(
      expect.arrayContaining([
        { op: 'alter-type', schema: 'public', table: 'project_legacy', column: 'legacy_id', from: 'integer', to: 'bigint' },
        { op: 'alter-type', schema: 'public', table: 'notes', column: 'legacy_id', from: 'integer', to: 'bigint' },
      ]),
    );

    const docs = findings.find((f) => f.table === 'public.documents')!;
    expect(at(docs)).toBe('schema.sql:5');
    expect(docs.fix).toBeUndefined(); // uuid → bigint is a data migration, not a type change
  });

  it('leaves alone one key type with natural keys, string ids and composite join keys beside it, and even splits', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE users (id uuid PRIMARY KEY);
CREATE TABLE groups (id uuid PRIMARY KEY);
CREATE TABLE currencies (code char(3) PRIMARY KEY);
CREATE TABLE settings (key text PRIMARY KEY, value text);
CREATE TABLE memberships (user_id uuid REFERENCES users, group_id uuid REFERENCES groups, PRIMARY KEY (user_id, group_id));
CREATE TABLE scores (user_id uuid, round integer, PRIMARY KEY (user_id, round));
CREATE TABLE stripe_customers (id text PRIMARY KEY, user_id uuid REFERENCES users);
CREATE TABLE stripe_prices (id varchar(64) PRIMARY KEY);
CREATE TABLE audit (id bigint PRIMARY KEY);
CREATE TABLE logs (id bigint PRIMARY KEY);
`,
    );
    expect(findings).toEqual([]);
  });
});
