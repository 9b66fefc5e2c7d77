// Every rule over the saas fixture: the defects are found at the line of the user's Python that introduced them
// (the Alembic revision, or the model when there are no revisions), and the correct choices are left alone.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/rules/types.js';
import { loadSaas, loadSaasModels, sat, V, where } from './helpers.js';

const R3 = `${V}/3c4d5e6f7a03_products.py`;
const R4 = `${V}/4d5e6f7a8b04_billing.py`;
const R6 = `${V}/04dd353d03eb_sessions_conversations.py`;

let findings: Finding[] | undefined;
async function all(): Promise<Finding[]> {
  findings ??= runRules(await loadSaas(), allRules, resolveConfig({})).findings;
  return findings;
}
async function find(ruleId: string, table: string, columns?: string[]): Promise<Finding | undefined> {
  return (await all()).find((f) => f.ruleId === ruleId && f.table === `public.${table}` && (!columns || f.columns.join() === columns.join()));
}

describe('SQLAlchemy source: rules over the saas fixture (Alembic revisions)', () => {
  it('finds the tenancy defects at the revision line that declared them', async () => {
    expect(where((await find('tenancy/nullable-tenant-key', 'products', ['tenant_id']))?.origin)).toBe(sat(R3, 'sa.Column("tenant_id", sa.BigInteger(), nullable=True)'));
    expect(where((await find('tenancy/unique-without-tenant-key', 'products', ['sku']))?.origin)).toBe(sat(R3, 'sa.UniqueConstraint("sku")'));
    expect(where((await find('tenancy/tenant-key-without-fk', 'sessions', ['tenant_id']))?.origin)).toBe(sat(R6, 'sa.Column("tenant_id", sa.BigInteger(), nullable=False),'));
  });

  it('finds the type, key and constraint defects', async () => {
    expect(where((await find('types/money-as-float', 'payments', ['amount']))?.origin)).toBe(sat(R4, 'sa.Column("amount", sa.Float()'));
    expect(where((await find('types/timestamp-without-tz', 'sessions', ['expires_at']))?.origin)).toBe(sat(R6, 'sa.Column("expires_at", sa.DateTime()'));
    expect(where((await find('security/plaintext-secret', 'sessions', ['token']))?.origin)).toBe(sat(R6, 'sa.Column("token"'));
    expect(where((await find('relations/unindexed-foreign-key', 'payments', ['invoice_id']))?.origin)).toBe(sat(R4, 'sa.ForeignKey("invoices.id"'));
    expect(where((await find('relations/missing-foreign-key', 'invoices', ['product_id']))?.origin)).toBe(sat(R4, 'sa.Column("product_id"'));
    expect(where((await find('constraints/missing-non-negative-check', 'invoices', ['tax_amount']))?.origin)).toBe(sat(R4, 'sa.Column("tax_amount"'));
    // RLS enabled by op.execute SQL but not forced: at the line of the ALTER TABLE inside the string
    expect(where((await find('tenancy/rls-not-forced', 'invoices'))?.origin)).toBe(sat(R6, 'ALTER TABLE invoices ENABLE ROW LEVEL SECURITY'));
  });

  it('leaves the correct designs alone', async () => {
    // per-tenant uniques, hashed password (varchar(60)), encrypted api_secret, CHECKs from create_table, op.create_check_constraint and op.execute
    expect(await find('tenancy/unique-without-tenant-key', 'memberships')).toBeUndefined();
    expect(await find('tenancy/unique-without-tenant-key', 'roles')).toBeUndefined();
    expect(await find('tenancy/unique-without-tenant-key', 'invoices')).toBeUndefined();
    expect(await find('security/plaintext-secret', 'users')).toBeUndefined();
    expect(await find('security/plaintext-secret', 'billing_profiles')).toBeUndefined();
    expect(await find('constraints/missing-non-negative-check', 'invoices', ['amount_due'])).toBeUndefined();
    expect(await find('constraints/missing-non-negative-check', 'products')).toBeUndefined();
    expect(await find('constraints/missing-non-negative-check', 'payments')).toBeUndefined();
    // foreign keys covered by an index (single or leading column of a composite / unique)
    expect(await find('relations/unindexed-foreign-key', 'roles')).toBeUndefined();
    expect(await find('relations/unindexed-foreign-key', 'memberships')).toBeUndefined();
    expect(await find('relations/unindexed-foreign-key', 'conversations')).toBeUndefined();
    // the FK dropped and re-created by a later revision is not "missing"; the tenant key is NOT NULL everywhere else
    expect(await find('relations/missing-foreign-key', 'products')).toBeUndefined();
    expect((await all()).filter((f) => f.ruleId === 'tenancy/nullable-tenant-key').map((f) => f.table)).toEqual(['public.products']);
    expect(await find('tenancy/rls-without-policy', 'invoices')).toBeUndefined();
    // every finding points into the user's Python
    for (const f of await all()) expect(where(f.origin)).toMatch(/\.py:\d+$/);
  });
});

describe('SQLAlchemy source: rules over the saas models alone', () => {
  it('finds the same defects at the model lines, mixin columns at the mixin', async () => {
    const fs = runRules(await loadSaasModels(), allRules, resolveConfig({})).findings;
    const f = (rule: string, table: string, col: string) => fs.find((x) => x.ruleId === rule && x.table === `public.${table}` && x.columns.join() === col);
    expect(where(f('tenancy/nullable-tenant-key', 'products', 'tenant_id')?.origin)).toBe(sat('app/models/product.py', 'tenant_id: Mapped[Optional[int]]'));
    expect(where(f('tenancy/unique-without-tenant-key', 'products', 'sku')?.origin)).toBe(sat('app/models/product.py', 'sku: Mapped[str]'));
    expect(where(f('types/money-as-float', 'payments', 'amount')?.origin)).toBe(sat('app/models/billing.py', 'amount = Column(Float'));
    expect(where(f('security/plaintext-secret', 'sessions', 'token')?.origin)).toBe(sat('app/models/session.py', 'token: Mapped[str]'));
    // TenantMixin's index=True duplicates the leading column of roles' UNIQUE (tenant_id, name): at the mixin's line
    expect(where(f('indexes/redundant-prefix-index', 'roles', 'tenant_id')?.origin)).toBe(sat('app/models/base.py', 'return Column(BigInteger, ForeignKey("tenants.id"'));
    expect(f('security/plaintext-secret', 'billing_profiles', 'api_secret')).toBeUndefined();
    expect(f('tenancy/unique-without-tenant-key', 'memberships', 'user_id,tenant_id')).toBeUndefined();
  });
});
