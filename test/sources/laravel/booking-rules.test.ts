// Every rule over the booking fixture: the defects seed 003 reports are found at the migration line that
// introduced them, and the parts of the design that are right are left alone.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { resolveConfig } from '../../../src/config.js';
import type { Finding } from '../../../src/rules/types.js';
import { bat, loadBooking, where } from './helpers.js';

const M = 'database/migrations';
let findings: Finding[] | undefined;
async function all(): Promise<Finding[]> {
  findings ??= runRules(await loadBooking(), allRules, resolveConfig({})).findings;
  return findings;
}
async function find(ruleId: string, table: string, columns?: string[]): Promise<Finding | undefined> {
  return (await all()).find((f) => f.ruleId === ruleId && f.table === table && (!columns || f.columns.join() === columns.join()));
}
async function ids(table: string): Promise<string[]> {
  return (await all()).filter((f) => f.table === table).map((f) => `${f.ruleId}(${f.columns.join(',')})`);
}

describe('Laravel source: rules over the booking fixture (seed 003 defects)', () => {
  it('finds the nullable tenant keys where the migration declares them', async () => {
    for (const [t, file, needle] of [
      ['branches', `${M}/2024_01_10_100100_create_branches_table.php`, "foreignId('company_id')"],
      ['staff', `${M}/2024_01_10_100300_create_staff_table.php`, "foreignId('company_id')"],
      ['calls', `${M}/2024_01_10_100600_create_calls_table.php`, "unsignedBigInteger('company_id')"],
    ]) {
      const f = await find('tenancy/nullable-tenant-key', t, ['company_id']);
      expect(f, t).toBeDefined();
      expect(where(f!.origin)).toBe(bat(file, needle));
      expect(f!.severity).toBe('critical');
    }
    // customers.company_id is NOT NULL: correct, not flagged
    expect(await find('tenancy/nullable-tenant-key', 'customers')).toBeUndefined();
  });

  it('finds both tenant_id and company_id on services, with the later migration that added tenant_id', async () => {
    const multi = await find('tenancy/multiple-tenant-keys', 'services');
    expect(multi?.columns).toEqual(['tenant_id', 'company_id']);
    const nullable = await find('tenancy/nullable-tenant-key', 'services', ['tenant_id']);
    expect(where(nullable!.origin)).toBe(bat(`${M}/2024_02_01_090000_add_tenant_id_to_services_table.php`, "unsignedBigInteger('tenant_id')"));
    // services.company_id: no foreign key, at its line in the create migration
    const missing = await find('relations/missing-foreign-key', 'services', ['company_id']);
    expect(where(missing!.origin)).toBe(bat(`${M}/2024_01_10_100200_create_services_table.php`, "unsignedBigInteger('company_id')"));
  });

  it('finds the tenant key without a foreign key on calls and the constant DEFAULT 1 on appointments.company_id', async () => {
    const noFk = await find('tenancy/tenant-key-without-fk', 'calls', ['company_id']);
    expect(where(noFk!.origin)).toBe(bat(`${M}/2024_01_10_100600_create_calls_table.php`, "unsignedBigInteger('company_id')"));
    expect(noFk!.fix).toEqual([{ op: 'add-foreign-key', schema: '', table: 'calls', columns: ['company_id'], refSchema: '', refTable: 'companies', refColumns: ['id'] }]);
    const def = await find('tenancy/tenant-key-constant-default', 'appointments', ['company_id']);
    expect(where(def!.origin)).toBe(bat(`${M}/2024_01_10_100700_create_appointments_table.php`, "foreignId('company_id')->default(1)"));
  });

  it('finds global UNIQUE constraints on tenant data (customers.email, branches.slug) at the column line', async () => {
    const email = await find('tenancy/unique-without-tenant-key', 'customers', ['email']);
    expect(where(email!.origin)).toBe(bat(`${M}/2024_01_10_100500_create_customers_table.php`, "$table->string('email')"));
    const slug = await find('tenancy/unique-without-tenant-key', 'branches', ['slug']);
    expect(where(slug!.origin)).toBe(bat(`${M}/2024_01_10_100100_create_branches_table.php`, "$table->string('slug')"));
  });

  it('finds the uuid keys among bigint keys (branches, staff) and the redundant index on the pivot', async () => {
    for (const t of ['branches', 'staff']) {
      const f = await find('keys/inconsistent-pk-types', t, ['id']);
      expect(f?.message).toContain('char(36)');
    }
    const redundant = await find('indexes/redundant-prefix-index', 'service_staff', ['service_id']);
    expect(where(redundant!.origin)).toBe(bat(`${M}/2024_01_10_100400_create_service_staff_table.php`, "$table->index('service_id');"));
  });

  it('leaves the correct designs alone', async () => {
    // per-tenant uniques: (company_id, email) on staff, (company_id, number) on invoices, (company_id, calcom_event_type_id)
    expect(await find('tenancy/unique-without-tenant-key', 'staff')).toBeUndefined();
    expect(await find('tenancy/unique-without-tenant-key', 'invoices')).toBeUndefined();
    expect(await find('tenancy/unique-without-tenant-key', 'calcom_event_mappings')).toBeUndefined();
    // InnoDB indexes every foreign key: no unindexed-foreign-key finding anywhere on MySQL
    expect((await all()).filter((f) => f.ruleId === 'relations/unindexed-foreign-key')).toEqual([]);
    // foreign keys declared through constrained() are not "missing"
    const missing = (await all()).filter((f) => f.ruleId === 'relations/missing-foreign-key').map((f) => `${f.table}.${f.columns.join()}`);
    expect(missing.sort()).toEqual(['audit_logs.user_id', 'services.company_id', 'sessions.user_id']);
    // an external id (Cal.com event type) names no table of ours: not a missing foreign key
    expect(missing).not.toContain('services.calcom_event_type_id');
    // invoices: NOT NULL tenant key with a foreign key, per-tenant unique number, RESTRICT on delete
    expect((await ids('invoices')).filter((id) => /^(tenancy|relations|keys|indexes)\//.test(id))).toEqual([]);
    expect(await ids('customers')).not.toContain('tenancy/nullable-tenant-key(company_id)');
    // MySQL datetime columns are not PostgreSQL's timestamp without time zone
    expect((await all()).filter((f) => f.ruleId === 'types/timestamp-without-tz')).toEqual([]);
  });

  it('gives every finding an origin inside the fixture', async () => {
    for (const f of await all()) {
      expect('file' in f.origin, f.key).toBe(true);
      expect(where(f.origin), f.key).toMatch(/^test\/sources\/laravel\/fixtures\/booking\/.+\.php:\d+$/);
    }
  });
});
