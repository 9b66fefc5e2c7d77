// The tenancy model (src/catalog/lookup.ts) that every tenancy rule stands on.
import { describe, it, expect, beforeAll } from 'vitest';
import { buildIndex } from '../../../src/catalog/lookup.js';
import { resolveConfig, type UserConfig } from '../../../src/config.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { catalogFromSql } from '../../helpers.js';

const sql = `CREATE TABLE organizations (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE shops (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id));
CREATE TABLE products (id bigint PRIMARY KEY, shop_id bigint NOT NULL REFERENCES shops (id), name text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, shop_id bigint NOT NULL REFERENCES shops (id));
CREATE TABLE companies (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id), name text NOT NULL);
CREATE TABLE contacts (
  id bigint PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id),
  company_id bigint REFERENCES companies (id)
);
CREATE TABLE company_notes (id bigint PRIMARY KEY, company_id bigint NOT NULL REFERENCES companies (id));
CREATE TABLE deals (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id), company_id bigint);
CREATE TABLE invoices (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id), org_id bigint);
CREATE TABLE memberships (id bigint PRIMARY KEY, owner_org_id bigint NOT NULL REFERENCES organizations (id));
`;


describe('tenancy model', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await catalogFromSql(sql);
  });
  const model = (config: UserConfig = {}) => buildIndex(catalog, resolveConfig(config));

  it('picks the root from foreign keys and the tenant key of each table; a reference to a tenant-scoped row is not a tenant key', async () => {
    const index = model();
    const { root, rootReason, keyOf, keysOf } = index.tenancy;
    expect(root?.name).toBe('organizations');
    expect(rootReason).toMatch(/foreign keys from tenant-key columns reference it/);
    expect(keyOf.get('public.shops')?.name).toBe('organization_id');
    expect(keyOf.get('public.contacts')?.name).toBe('organization_id');
    // Under a name outside tenantKeys, a foreign key to the root still carries the tenant.
    expect(keyOf.get('public.memberships')?.name).toBe('owner_org_id');
    // company_id points at companies, rows of one tenant: an ordinary reference, not a second tenant key.
    expect(keysOf.get('public.contacts')?.map((c) => c.name)).toEqual(['organization_id']);
    expect(keyOf.has('public.company_notes')).toBe(false);
    // The same holds by naming convention when the foreign key was never declared.
    expect(keysOf.get('public.deals')?.map((c) => c.name)).toEqual(['organization_id']);
    // A second tenant-key-like column that points nowhere stays a tenant key candidate (a defect to report).
    expect(keysOf.get('public.invoices')?.map((c) => c.name)).toEqual(['organization_id', 'org_id']);
    expect(keyOf.get('public.invoices')?.name).toBe('organization_id');
    // Tables with no tenant key at all.
    expect(keyOf.has('public.products')).toBe(false);
    expect(keyOf.has('public.organizations')).toBe(false);
  });

  it('follows a configured tenantKeys list, and a configured tenantRoot', async () => {
    const index = model({ tenantKeys: ['shop_id'] });
    expect(index.tenancy.root?.name).toBe('shops');
    expect(index.tenancy.keyOf.get('public.products')?.name).toBe('shop_id');
    expect(index.tenancy.keyOf.get('public.orders')?.name).toBe('shop_id');
    // organization_id is no longer a tenant key name.
    expect(index.tenancy.keyOf.has('public.contacts')).toBe(false);

    const configured = model({ tenantRoot: 'public.shops', tenantKeys: ['shop_id'] });
    expect(configured.tenancy.root?.name).toBe('shops');
    expect(configured.tenancy.rootReason).toBe('configured as tenantRoot');
  });
});
