import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/tenant-key-without-fk.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE tenants (id uuid PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE TABLE projects (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id), UNIQUE (tenant_id, id));
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL,
  total numeric NOT NULL
);
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL,
  project_id bigint NOT NULL,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE TABLE plans (id bigint PRIMARY KEY, tenant_id uuid);
`;

describe('tenancy/tenant-key-without-fk', () => {
  it('flags a tenant key with no foreign key and proposes one to the root; a composite foreign key through it counts', async () => {
    const findings = await check(rule, sql, { globalTables: ['public.plans'] });
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('tenancy/tenant-key-without-fk');
    expect(f.severity).toBe('high');
    expect(f.table).toBe('public.invoices');
    expect(f.columns).toEqual(['tenant_id']);
    expect(at(f)).toBe('schema.sql:6');
    expect(f.message).toContain('no foreign key to public.tenants(id)');
    expect(f.fix).toEqual([
      { op: 'add-foreign-key', schema: 'public', table: 'invoices', columns: ['tenant_id'], refSchema: 'public', refTable: 'tenants', refColumns: ['id'] },
      { op: 'add-index', schema: 'public', table: 'invoices', columns: ['tenant_id'] },
    ]);
  });

  it('proposes no index with the key when one already leads with the tenant key', async () => {
    const findings = await check(rule, `${sql}\nCREATE INDEX invoices_tenant_total_idx ON invoices (tenant_id, total);`, { globalTables: ['public.plans'] });
    expect(findings[0].fix).toEqual([
      { op: 'add-foreign-key', schema: 'public', table: 'invoices', columns: ['tenant_id'], refSchema: 'public', refTable: 'tenants', refColumns: ['id'] },
    ]);
  });

  it('still reports, at medium severity and without a fix, when the schema has no tenant root', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE notes (id bigint PRIMARY KEY, workspace_id uuid NOT NULL, body text);
CREATE TABLE files (id bigint PRIMARY KEY, workspace_id uuid NOT NULL);
`,
    );
    expect(findings.map((f) => f.table).sort()).toEqual(['public.files', 'public.notes']);
    const notes = findings.find((f) => f.table === 'public.notes')!;
    expect(notes.severity).toBe('medium');
    expect(notes.columns).toEqual(['workspace_id']);
    expect(at(notes)).toBe('schema.sql:1');
    expect(notes.message).toContain('no tenant root table');
    expect(notes.fix).toBeUndefined();
  });
});
