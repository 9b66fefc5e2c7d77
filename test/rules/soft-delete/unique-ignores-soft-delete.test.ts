import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/soft-delete/unique-ignores-soft-delete.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE users (
  id bigserial PRIMARY KEY,
  public_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  email text NOT NULL,
  username text NOT NULL,
  slug text NOT NULL,
  deleted_at timestamptz,
  CONSTRAINT users_email_key UNIQUE (email)
);
CREATE UNIQUE INDEX users_username_idx ON users (username);
CREATE UNIQUE INDEX users_slug_live ON users (slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_lower_email ON users (lower(email));
CREATE TABLE teams (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  is_deleted boolean NOT NULL DEFAULT false,
  UNIQUE (name, is_deleted)
);
CREATE TABLE team_aliases (id bigserial PRIMARY KEY, team_code text REFERENCES teams (code));
CREATE TABLE products (id bigserial PRIMARY KEY, sku text UNIQUE);
`;

describe('soft-delete/unique-ignores-soft-delete', () => {
  it('flags unique keys that count soft-deleted rows, and leaves surrogate, partial and marker-including keys alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), f.object, at(f)])).toEqual([
      ['soft-delete/unique-ignores-soft-delete', 'public.teams', 'code', 'teams_code_key', 'schema.sql:15'],
      ['soft-delete/unique-ignores-soft-delete', 'public.users', 'email', 'users_email_key', 'schema.sql:8'],
      ['soft-delete/unique-ignores-soft-delete', 'public.users', '', 'users_lower_email', 'schema.sql:12'],
      ['soft-delete/unique-ignores-soft-delete', 'public.users', 'username', 'users_username_idx', 'schema.sql:10'],
    ]);
    const byObject = Object.fromEntries(findings.map((f) => [f.object, f]));
    expect(byObject.users_email_key.severity).toBe('medium');
    expect(byObject.users_email_key.message).toContain('unique constraint users_email_key on (email) also counts the deleted rows');
    expect(byObject.users_email_key.message).toContain('WHERE deleted_at IS NULL');
    expect(byObject.users_username_idx.fix).toEqual([
      { op: 'add-unique', schema: 'public', table: 'users', columns: ['username'], name: 'users_username_live_key', predicate: 'deleted_at IS NULL' },
      { op: 'drop-index', schema: 'public', table: 'users', name: 'users_username_idx', definition: 'CREATE UNIQUE INDEX users_username_idx ON public.users USING btree (username)' },
    ]);
    // A unique constraint cannot be partial: it is replaced by a partial unique index.
    expect(byObject.users_email_key.fix).toEqual([
      { op: 'replace-unique', schema: 'public', table: 'users', constraint: 'users_email_key', oldColumns: ['email'], columns: ['email'], predicate: 'deleted_at IS NULL', name: 'users_email_live_key' },
    ]);
    expect(byObject.users_lower_email.message).toContain('(lower(email))');
    expect(byObject.users_lower_email.fix).toBeUndefined();
    // A foreign key needs the full unique key: the finding says so and proposes no fix.
    expect(byObject.teams_code_key.message).toContain('public.team_aliases.team_aliases_team_code_fkey');
    expect(byObject.teams_code_key.message).toContain('WHERE NOT is_deleted');
    expect(byObject.teams_code_key.fix).toBeUndefined();
  });
});

describe('soft-delete/unique-ignores-soft-delete, keys that serve a foreign key', () => {
  it('keeps a plain index for a foreign key that only the replaced unique index led with', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE subscriptions (id bigint PRIMARY KEY);
CREATE TABLE usages (id bigint PRIMARY KEY, subscription_id bigint NOT NULL REFERENCES subscriptions, deleted_at timestamptz);
CREATE UNIQUE INDEX usages_subscription_id_idx ON usages (subscription_id);
CREATE TABLE notes (id bigint PRIMARY KEY, subscription_id bigint NOT NULL REFERENCES subscriptions, deleted_at timestamptz);
CREATE UNIQUE INDEX notes_subscription_id_idx ON notes (subscription_id);
CREATE INDEX notes_subscription_id_created_idx ON notes (subscription_id, id);
`,
    );
    const byTable = Object.fromEntries(findings.map((f) => [f.table!, f] as const));
    expect(byTable['public.usages'].fix?.map((o) => o.op)).toEqual(['add-unique', 'add-index', 'drop-index']);
    expect(byTable['public.usages'].fix?.[1]).toEqual({ op: 'add-index', schema: 'public', table: 'usages', columns: ['subscription_id'] });
    // Another full index already leads with the key's columns: no extra index.
    expect(byTable['public.notes'].fix?.map((o) => o.op)).toEqual(['add-unique', 'drop-index']);
  });
});
