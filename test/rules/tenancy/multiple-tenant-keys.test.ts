import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/multiple-tenant-keys.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE tenants (id bigint PRIMARY KEY);
CREATE TABLE companies (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), name text);
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants (id),
  org_id bigint NOT NULL,
  total numeric
);
CREATE TABLE contacts (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), company_id bigint REFERENCES companies (id));
CREATE TABLE users (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id));
CREATE TABLE shared (id bigint PRIMARY KEY, tenant_id bigint, account_id bigint);
`;

describe('tenancy/multiple-tenant-keys', () => {
  it('flags two tenant-key-like columns on one table, not a reference to a tenant-scoped row', async () => {
    const findings = await check(rule, sql, { globalTables: ['shared'] });
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('tenancy/multiple-tenant-keys');
    expect(f.severity).toBe('medium');
    expect(f.table).toBe('public.invoices');
    expect(f.columns).toEqual(['tenant_id', 'org_id']);
    expect(at(f)).toBe('schema.sql:3');
    expect(f.message).toContain('2 tenant-key-like columns (tenant_id, org_id)');
    expect(f.message).toContain('takes tenant_id as its tenant key');
  });
});
