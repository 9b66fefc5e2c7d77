// The saas fixture (shaped like seed 002): Alembic revisions replayed in graph order into the catalog, every object at
// its line of the user's Python; the models give the application facts and the notes the seed's review asks for.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/catalog/types.js';
import { loadSaas, loadSaasModels, sat, V, where } from './helpers.js';

const R1 = `${V}/1a2b3c4d5e01_tenants_and_users.py`;
const R2 = `${V}/2b3c4d5e6f02_rbac.py`;
const R3 = `${V}/3c4d5e6f7a03_products.py`;
const R4 = `${V}/4d5e6f7a8b04_billing.py`;
const R5 = `${V}/5e6f7a8b9c05_merge_products_and_billing.py`;
const R6 = `${V}/04dd353d03eb_sessions_conversations.py`;

async function table(name: string): Promise<Table> {
  const t = (await loadSaas()).tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}
const col = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;

describe('SQLAlchemy source: Alembic revisions of the saas fixture', () => {
  it('reads alembic.ini, the dialect and every table the revisions create', async () => {
    const c = await loadSaas();
    expect(c.source.kind).toBe('alembic');
    expect(c.source.dialect).toBe('postgres');
    expect(c.schemas).toEqual(['public']);
    expect(c.tables.map((t) => t.name).sort()).toEqual(
      ['billing_profiles', 'conversations', 'invoices', 'memberships', 'payments', 'permissions', 'products', 'role_permissions', 'roles', 'sessions', 'tenants', 'users'],
    );
    expect(c.app?.frameworks).toEqual(['alembic', 'sqlalchemy']);
  });

  it('maps SQLAlchemy types to PostgreSQL types, with nullability and defaults', async () => {
    const tenants = await table('tenants');
    expect(col(tenants, 'id')).toMatchObject({ dataType: 'bigint', family: 'bigint', nullable: false, autoIncrement: true, default: "nextval('tenants_id_seq'::regclass)" });
    expect(col(tenants, 'public_id')).toMatchObject({ dataType: 'uuid', default: 'gen_random_uuid()', nullable: false });
    expect(col(tenants, 'name')).toMatchObject({ dataType: 'character varying(255)', family: 'varchar', length: 255 });
    expect(col(tenants, 'status')).toMatchObject({ dataType: 'tenant_status', family: 'enum', enumValues: ['active', 'suspended', 'trial', 'churned'], default: "'trial'" });
    expect(col(tenants, 'settings')).toMatchObject({ dataType: 'jsonb', family: 'json', nullable: true });
    expect(col(tenants, 'created_at')).toMatchObject({ dataType: 'timestamp with time zone', family: 'timestamptz', default: 'now()' });
    expect(where(col(tenants, 'status').origin)).toBe(sat(R1, 'sa.Column("status"'));
    const products = await table('products');
    expect(col(products, 'price_monthly')).toMatchObject({ dataType: 'numeric(10,2)', precision: 10, scale: 2 });
    expect(col((await table('payments')), 'amount')).toMatchObject({ dataType: 'double precision', family: 'float' });
    expect(col((await table('sessions')), 'expires_at')).toMatchObject({ dataType: 'timestamp without time zone', family: 'timestamp' });
    expect(col((await table('sessions')), 'ip_address')).toMatchObject({ dataType: 'inet', family: 'inet' });
    expect(col((await table('permissions')), 'id')).toMatchObject({ dataType: 'integer', autoIncrement: true });
    const c = await loadSaas();
    expect(c.enums.map((e) => e.name).sort()).toEqual(['invoice_status', 'tenant_status']);
    expect(c.sequences.find((s) => s.ownedBy === 'public.permissions.id')).toMatchObject({ dataType: 'integer', maxValue: 2147483647 });
  });

  it('reads keys, constraints and indexes of create_table and the op.* calls, at their lines', async () => {
    const tenants = await table('tenants');
    expect(tenants.primaryKey).toMatchObject({ name: 'tenants_pkey', columns: ['id'] });
    expect(tenants.uniques.map((u) => u.name)).toEqual(['tenants_public_id_key', 'uq_tenants_clerk_org_id']);
    const users = await table('users');
    const partial = users.indexes.find((i) => i.name === 'ix_users_clerk_user_id')!;
    expect(partial).toMatchObject({ unique: true, predicate: 'clerk_user_id IS NOT NULL', columns: ['clerk_user_id'] });
    expect(where(partial.origin)).toBe(sat(R1, '"ix_users_clerk_user_id", "users"'));
    expect(users.indexes.find((i) => i.name === 'ix_users_email')?.unique).toBe(true);
    const rp = await table('role_permissions');
    expect(rp.primaryKey?.columns).toEqual(['role_id', 'permission_id']);
    expect(rp.foreignKeys.map((f) => [f.columns[0], f.refTable, f.onDelete])).toEqual([['role_id', 'roles', 'cascade'], ['permission_id', 'permissions', 'cascade']]);
    expect(where(rp.foreignKeys[0].origin)).toBe(sat(R2, 'sa.ForeignKeyConstraint(["role_id"]'));
    const roles = await table('roles');
    expect(roles.indexes.find((i) => i.name === 'idx_role_tenant_active')?.columns).toEqual(['tenant_id', 'is_active']);
    expect(roles.foreignKeys[0]).toMatchObject({ name: 'roles_tenant_id_fkey', refTable: 'tenants', onDelete: 'cascade' });
    const memberships = await table('memberships');
    expect(memberships.foreignKeys.find((f) => f.columns[0] === 'role_id')?.onDelete).toBe('set null');
    expect(memberships.uniques[0]).toMatchObject({ name: 'uq_memberships_user_tenant', columns: ['user_id', 'tenant_id'] });
    const invoices = await table('invoices');
    expect(invoices.checks[0]).toMatchObject({ name: 'ck_invoices_amount_due_non_negative', expression: 'amount_due >= 0', columns: ['amount_due'] });
    const products = await table('products');
    expect(products.checks.map((k) => k.name)).toEqual(['ck_products_price_monthly_non_negative', 'ck_products_price_yearly_non_negative']);
    expect(where(products.checks[0].origin)).toBe(sat(R3, '"ck_products_price_monthly_non_negative"'));
  });

  it('replays later revisions: batch_alter_table, add/alter/rename column, FK swap, op.execute SQL', async () => {
    const invoices = await table('invoices');
    expect(where(col(invoices, 'invoice_number').origin)).toBe(sat(R6, 'batch_op.add_column(sa.Column("invoice_number"'));
    expect(invoices.uniques.find((u) => u.name === 'uq_invoices_tenant_number')?.columns).toEqual(['tenant_id', 'invoice_number']);
    expect(col(invoices, 'currency').default).toBe("'usd'");
    const users = await table('users');
    expect(users.columns.some((c) => c.name === 'phone')).toBe(false);
    expect(col(users, 'phone_number').dataType).toBe('character varying(32)');
    expect(where(col(users, 'marketing_opt_in').origin)).toBe(sat(R6, 'op.add_column("users"'));
    const products = await table('products');
    expect(products.foreignKeys.map((f) => f.name).sort()).toEqual(['fk_products_tenant', 'products_created_by_fkey']);
    expect(where(products.foreignKeys.find((f) => f.name === 'fk_products_tenant')!.origin)).toBe(sat(R6, 'op.create_foreign_key("fk_products_tenant"'));
    // op.execute: CREATE INDEX … WHERE, ALTER TABLE … ADD CONSTRAINT CHECK, ENABLE ROW LEVEL SECURITY, CREATE POLICY
    const lower = users.indexes.find((i) => i.name === 'ix_users_email_lower_active')!;
    expect(lower).toMatchObject({ columns: [null], predicate: 'deleted_at IS NULL' });
    expect(where(lower.origin)).toBe(sat(R6, 'CREATE INDEX ix_users_email_lower_active'));
    expect(invoices.rls.enabled).toBe(true);
    expect(where(invoices.rls.origin)).toBe(sat(R6, 'ALTER TABLE invoices ENABLE ROW LEVEL SECURITY'));
    expect(invoices.policies[0]).toMatchObject({ name: 'tenant_isolation', command: 'ALL', using: "tenant_id = current_setting('app.tenant_id')::bigint" });
    expect(where(invoices.policies[0].origin)).toBe(sat(R6, 'CREATE POLICY tenant_isolation'));
    const payments = await table('payments');
    expect(payments.checks[0]).toMatchObject({ name: 'ck_payments_amount_positive', expression: 'amount > 0', columns: ['amount'] });
    expect(where(payments.checks[0].origin)).toBe(sat(R4, 'op.execute("ALTER TABLE payments'));
  });

  it('builds the migration graph: a branch, a merge, one head, an empty downgrade', async () => {
    const g = (await loadSaas()).migrations!;
    expect(g.framework).toBe('alembic');
    expect(g.nodes.map((n) => n.id)).toEqual(['1a2b3c4d5e01', '2b3c4d5e6f02', '3c4d5e6f7a03', '4d5e6f7a8b04', '5e6f7a8b9c05', '04dd353d03eb']);
    expect(g.nodes.find((n) => n.id === '5e6f7a8b9c05')?.dependsOn).toEqual(['3c4d5e6f7a03', '4d5e6f7a8b04']);
    expect(g.heads).toEqual(['04dd353d03eb']);
    const billing = g.nodes.find((n) => n.id === '4d5e6f7a8b04')!;
    expect(billing.reversible).toBe(false);
    expect(billing.operations.every((o) => !o.reversible)).toBe(true);
    expect(billing.operations.map((o) => o.kind)).toEqual(['create-table', 'create-table', 'create-index', 'create-table', 'create-index', 'run-sql']);
    expect(g.nodes.find((n) => n.id === '1a2b3c4d5e01')?.reversible).toBe(true);
    const first = g.nodes[0].operations[0];
    expect(first).toMatchObject({ kind: 'create-table', table: 'tenants' });
    const name = sat(R1, '"tenants",').split(':');
    expect(where(first.origin)).toBe(`${name[0]}:${Number(name[1]) - 1}`);
    const notes = (await loadSaas()).app!.notes;
    expect(notes.filter((n) => n.kind === 'migration-conflict')).toEqual([]);
    expect(where(notes.find((n) => n.kind === 'migration-merge')?.origin)).toBe(sat(R5, 'revision = "5e6f7a8b9c05"'));
    expect(where(notes.find((n) => n.kind === 'irreversible-migration' && n.message.includes('4d5e6f7a8b04'))?.origin)).toBe(sat(R4, 'def downgrade'));
  });

  it('replays a for loop over a literal tuple once per value, f-string names included, and loads without warnings', async () => {
    const c = await loadSaas();
    expect(c.warnings).toEqual([]);
    const ix = (table: string, name: string) => c.tables.find((t) => t.name === table)!.indexes.find((i) => i.name === name);
    expect(where(ix('invoices', 'ix_invoices_created_at')?.origin)).toBe(sat(R6, 'op.create_index(f"ix_{table}_created_at"'));
    expect(ix('payments', 'ix_payments_created_at')?.columns).toEqual(['created_at']);
  });
});

describe('SQLAlchemy source: the models of the saas fixture', () => {
  it('notes the relationship assigned twice, naming both lines (seed 002: UserModel.conversations)', async () => {
    const dup = (await loadSaas()).app!.notes.filter((n) => n.kind === 'duplicate-relationship');
    expect(dup).toHaveLength(1);
    expect(where(dup[0].origin)).toBe(sat('app/models/user.py', 'conversations = relationship("ConversationModel", back_populates="user")'));
    const l1 = sat('app/models/user.py', 'conversations = relationship("ConversationModel", back_populates="user", cascade').split(':').pop();
    const l2 = where(dup[0].origin).split(':').pop();
    expect(dup[0].message).toContain(`lines ${l1} and ${l2}`);
  });

  it('notes mutable literal defaults and model columns no revision creates', async () => {
    const notes = (await loadSaas()).app!.notes;
    expect(notes.filter((n) => n.kind === 'mutable-default').map((n) => where(n.origin))).toEqual([
      sat('app/models/product.py', 'default={}'),
      sat('app/models/product.py', 'default=[]'),
    ]);
    expect(notes.filter((n) => n.kind === 'model-drift').map((n) => where(n.origin)).sort()).toEqual(
      [sat('app/models/product.py', 'tags:'), sat('app/models/session.py', 'device_name'), sat('app/models/user.py', 'email_verified')].sort(),
    );
  });

  it('gives models, bases, relationships typed against the foreign keys, and encrypted columns', async () => {
    const models = (await loadSaas()).app!.models;
    const m = (n: string) => models.find((x) => x.name === n)!;
    expect(m('UserModel')).toMatchObject({ framework: 'sqlalchemy', table: 'public.users', bases: ['Base', 'TimestampMixin'] });
    expect(m('UserModel').softDelete).toMatchObject({ column: 'deleted_at' });
    expect(m('UserModel').relationships.map((r) => `${r.name}:${r.kind}`)).toEqual(['memberships:has-many', 'sessions:has-many', 'conversations:has-many']);
    const tenant = m('MembershipModel').relationships.find((r) => r.name === 'tenant')!;
    expect(tenant).toMatchObject({ kind: 'belongs-to', target: 'TenantModel', columns: ['tenant_id'], onDelete: 'cascade', inverse: 'memberships' });
    expect(where(tenant.origin)).toBe(sat('app/models/rbac.py', 'tenant = relationship("TenantModel"'));
    expect(m('RoleModel').relationships[0]).toMatchObject({ kind: 'many-to-many', through: 'role_permissions', target: 'PermissionModel' });
    expect(m('TenantModel').relationships.find((r) => r.name === 'billing_profile')?.kind).toBe('has-one');
    expect(m('ConversationModel').relationships.find((r) => r.name === 'user')).toMatchObject({ kind: 'belongs-to', target: 'UserModel', columns: ['user_id'] });
    expect(m('BillingProfileModel').encryptedColumns).toEqual(['api_secret']);
  });

  it('builds the schema from the models when there are no revisions (mixins, Mapped[...], Table objects)', async () => {
    const c = await loadSaasModels();
    expect(c.source.kind).toBe('sqlalchemy');
    expect(c.migrations).toBeUndefined();
    const t = (n: string) => c.tables.find((x) => x.name === n)!;
    // TenantMixin's declared_attr tenant_id, at the mixin's line
    const tid = col(t('conversations'), 'tenant_id');
    expect(tid).toMatchObject({ dataType: 'bigint', nullable: false });
    expect(where(tid.origin)).toBe(sat('app/models/base.py', 'return Column(BigInteger, ForeignKey("tenants.id"'));
    expect(t('conversations').foreignKeys.map((f) => f.refTable).sort()).toEqual(['tenants', 'users']);
    // Mapped[Optional[str]] → nullable; Mapped[str] → NOT NULL; ForeignKey without a type → the referenced column's type
    expect(col(t('conversations'), 'title').nullable).toBe(true);
    expect(col(t('products'), 'sku').nullable).toBe(false);
    expect(col(t('products'), 'created_by')).toMatchObject({ dataType: 'bigint', nullable: true });
    expect(col(t('products'), 'is_public')).toMatchObject({ dataType: 'boolean', nullable: false });
    // TimestampMixin columns
    expect(where(col(t('products'), 'created_at').origin)).toBe(sat('app/models/base.py', 'created_at = Column'));
    // __table_args__ and Table(...)
    expect(t('roles').uniques.find((u) => u.name === 'uq_roles_tenant_name')?.columns).toEqual(['tenant_id', 'name']);
    expect(t('invoices').checks[0].name).toBe('ck_invoices_amount_due_non_negative');
    expect(t('role_permissions').primaryKey?.columns).toEqual(['role_id', 'permission_id']);
    // unique=True with index=True is one unique index
    expect(t('users').indexes.filter((i) => i.columns[0] === 'email').map((i) => [i.name, i.unique])).toEqual([['ix_users_email', true]]);
    expect(t('users').uniques).toEqual([]);
    // Enum(PyEnum, name=...) takes the member names
    expect(col(t('tenants'), 'status')).toMatchObject({ dataType: 'tenant_status', enumValues: ['active', 'suspended', 'trial', 'churned'] });
    expect(c.warnings).toEqual([]);
  });
});
