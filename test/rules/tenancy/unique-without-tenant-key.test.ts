import { describe, it, expect, beforeAll } from 'vitest';
import rule from '../../../src/rules/tenancy/unique-without-tenant-key.js';
import type { Finding } from '../../../src/rules/types.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE organizations (id bigint PRIMARY KEY, slug text NOT NULL UNIQUE);
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id),
  email text NOT NULL,
  username text NOT NULL,
  public_id uuid NOT NULL DEFAULT gen_random_uuid(),
  api_token text,
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_org_username_key UNIQUE (organization_id, username),
  CONSTRAINT users_public_id_key UNIQUE (public_id),
  CONSTRAINT users_api_token_key UNIQUE (api_token)
);
CREATE UNIQUE INDEX users_lower_email ON users (lower(email));
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id),
  code text NOT NULL,
  slug text NOT NULL
);
CREATE UNIQUE INDEX projects_code ON projects (code);
CREATE UNIQUE INDEX projects_live_slug ON projects (slug) WHERE code <> 'archived';
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id),
  project_id bigint NOT NULL REFERENCES projects (id),
  number integer NOT NULL,
  UNIQUE (project_id, number)
);
CREATE TABLE attachments (
  id bigint PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id),
  record_type text NOT NULL,
  record_id bigint NOT NULL,
  UNIQUE (record_type, record_id)
);
CREATE TABLE api_keys (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id), value text NOT NULL UNIQUE);
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE templates (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations (id), name text UNIQUE);
`;
const line = (needle: string) => `schema.sql:${sql.split('\n').findIndex((l) => l.includes(needle)) + 1}`;

describe('tenancy/unique-without-tenant-key', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = await check(rule, sql, { globalTables: ['templates'] });
  });
  const byObject = (name: string) => findings.find((f) => f.object === name);

  it('flags unique constraints and unique indexes on tenant tables that leave out the tenant key', () => {
    expect(findings.map((f) => f.object).sort()).toEqual(['projects_code', 'projects_live_slug', 'users_email_key', 'users_lower_email']);

    const email = byObject('users_email_key')!;
    expect(email.ruleId).toBe('tenancy/unique-without-tenant-key');
    expect(email.table).toBe('public.users');
    expect(email.columns).toEqual(['email']);
    expect(at(email)).toBe(line('users_email_key'));
    expect(email.message).toContain('does not include the tenant key organization_id');
    expect(email.message).toContain('(organization_id, email)');
    expect(email.fix).toEqual([
      { op: 'replace-unique', schema: 'public', table: 'users', constraint: 'users_email_key', oldColumns: ['email'], columns: ['organization_id', 'email'] },
    ]);

    const code = byObject('projects_code')!;
    expect(code.table).toBe('public.projects');
    expect(at(code)).toBe(line('projects_code'));
    expect(code.fix).toEqual([
      { op: 'replace-unique', schema: 'public', table: 'projects', constraint: 'projects_code', oldColumns: ['code'], columns: ['organization_id', 'code'], isIndex: true },
    ]);
  });

  it('reports expression and partial unique indexes without a fix it cannot write', () => {
    const lower = byObject('users_lower_email')!;
    expect(lower.columns).toEqual([]);
    expect(lower.message).toContain('(lower(email))');
    expect(lower.message).toContain('(organization_id, lower(email))');
    expect(lower.fix).toBeUndefined();
    const slug = byObject('projects_live_slug')!;
    expect(slug.message).toContain("WHERE code <> 'archived'::text");
    expect(slug.fix).toBeUndefined();
  });

  it('leaves alone scoped uniques, surrogate and secret columns, primary keys, the root, non-tenant and global tables', () => {
    for (const name of [
      'users_org_username_key', // includes the tenant key
      'users_public_id_key', // generated identifier
      'users_api_token_key', // secret looked up before the tenant is known
      'tasks_project_id_number_key', // project_id pins the row to one tenant
      'attachments_record_type_record_id_key', // a polymorphic reference to one row
      'api_keys_value_key', // a credential, looked up before the tenant is known
      'organizations_slug_key', // the root
      'countries_name_key', // no tenant key
      'templates_name_key', // global table
      'users_pkey',
    ]) {
      expect(byObject(name), name).toBeUndefined();
    }
  });
});
