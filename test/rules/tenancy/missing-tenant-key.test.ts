import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/missing-tenant-key.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';

const sql = `CREATE TABLE organizations (id bigint PRIMARY KEY);
CREATE TABLE plans (id bigint PRIMARY KEY, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id), plan_id bigint REFERENCES plans (id));
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), sku text);
CREATE TABLE item_notes (id bigint PRIMARY KEY, order_item_id bigint NOT NULL REFERENCES order_items (id));
CREATE TABLE subscriptions (id bigint PRIMARY KEY, owner_id bigint NOT NULL REFERENCES organizations (id), plan_id bigint REFERENCES plans (id));
CREATE TABLE plan_features (id bigint PRIMARY KEY, plan_id bigint NOT NULL REFERENCES plans (id), parent_id bigint REFERENCES plan_features (id));
CREATE TABLE shared_docs (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
CREATE TABLE audit_events (id bigint PRIMARY KEY, payload jsonb);
`;

describe('tenancy/missing-tenant-key', () => {
  it('flags tables that belong to a tenant only through a parent, directly or down a chain', async () => {
    const catalog = await catalogFromSql(sql);
    const findings = checkCatalog(rule, catalog, { globalTables: ['shared_docs'] });
    expect(findings.map((f) => f.table).sort()).toEqual(['public.item_notes', 'public.order_items']);

    const items = findings.find((f) => f.table === 'public.order_items')!;
    expect(items.ruleId).toBe('tenancy/missing-tenant-key');
    expect(items.severity).toBe('medium');
    expect(items.columns).toEqual(['order_id']);
    expect(at(items)).toBe('schema.sql:4');
    expect(items.message).toContain('only through public.orders (order_id), which carries organization_id');
    expect(items.message).toContain('add organization_id (referencing public.organizations)');

    const notes = findings.find((f) => f.table === 'public.item_notes')!;
    expect(at(notes)).toBe('schema.sql:5');
    expect(notes.message).toContain('public.order_items (order_item_id), itself without a tenant key');

    // Without a tenant root there is nothing to belong to.
    expect(checkCatalog(rule, catalog, { tenantKeys: ['shop_id'] })).toEqual([]);
  });
});
