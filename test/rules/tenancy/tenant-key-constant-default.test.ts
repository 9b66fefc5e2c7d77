import { describe, it, expect } from 'vitest';
import rule, { isConstantDefault } from '../../../src/rules/tenancy/tenant-key-constant-default.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE tenants (id uuid PRIMARY KEY);
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001' REFERENCES tenants (id),
  status text NOT NULL DEFAULT 'active'
);
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT current_setting('app.tenant_id')::uuid REFERENCES tenants (id)
);
CREATE TABLE notes (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE TABLE legacy (id bigint PRIMARY KEY, org_id integer NOT NULL DEFAULT 1);
`;

describe('tenancy/tenant-key-constant-default', () => {
  it('flags a constant default on the tenant key, and leaves session-derived defaults and other columns alone', async () => {
    const findings = await check(rule, sql, { tenantKeys: ['tenant_id', 'org_id'] });
    expect(findings.map((f) => f.table).sort()).toEqual(['public.legacy', 'public.projects']);

    const f = findings.find((x) => x.table === 'public.projects')!;
    expect(f.ruleId).toBe('tenancy/tenant-key-constant-default');
    expect(f.columns).toEqual(['tenant_id']);
    expect(at(f)).toBe('schema.sql:4');
    expect(f.message).toContain("defaults to the constant '00000000-0000-0000-0000-000000000001'::uuid");
    expect(f.fix).toEqual([
      { op: 'drop-default', schema: 'public', table: 'projects', column: 'tenant_id', previous: "'00000000-0000-0000-0000-000000000001'::uuid" },
    ]);

    const legacy = findings.find((x) => x.table === 'public.legacy')!;
    expect(legacy.columns).toEqual(['org_id']);
    expect(at(legacy)).toBe('schema.sql:12');
    expect(legacy.message).toContain('defaults to the constant 1');
  });

  it('tells constants from expressions as PostgreSQL prints them', () => {
    for (const e of ['1', "'-1'::integer", "'acme'::text", "'x'::character varying", "'7'::numeric(10,2)", "'00000000-0000-0000-0000-000000000000'::uuid"]) {
      expect(isConstantDefault(e), e).toBe(true);
    }
    for (const e of ["current_setting('app.tenant_id'::text)::uuid", 'gen_random_uuid()', "nextval('t_id_seq'::regclass)", 'NULL::uuid', 'auth.uid()']) {
      expect(isConstantDefault(e), e).toBe(false);
    }
  });
});
