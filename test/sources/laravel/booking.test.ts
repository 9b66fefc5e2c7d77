// The booking fixture (a Laravel + MySQL booking SaaS shaped like seed 003): the catalog the migrations build,
// with every column, key and index at its line, the migration graph, and what the Eloquent models say.
import { describe, expect, it } from 'vitest';
import { detectLaravel } from '../../../src/sources/laravel/index.js';
import { BOOKING, bat, column, loadBooking, shown, table, where } from './helpers.js';

const M = 'database/migrations';
const f = {
  users: `${M}/0001_01_01_000000_create_users_table.php`,
  companies: `${M}/2024_01_10_100000_create_companies_table.php`,
  branches: `${M}/2024_01_10_100100_create_branches_table.php`,
  services: `${M}/2024_01_10_100200_create_services_table.php`,
  staff: `${M}/2024_01_10_100300_create_staff_table.php`,
  pivot: `${M}/2024_01_10_100400_create_service_staff_table.php`,
  customers: `${M}/2024_01_10_100500_create_customers_table.php`,
  calls: `${M}/2024_01_10_100600_create_calls_table.php`,
  appointments: `${M}/2024_01_10_100700_create_appointments_table.php`,
  tenantId: `${M}/2024_02_01_090000_add_tenant_id_to_services_table.php`,
  staffCalcom: `${M}/2024_02_15_120000_add_calcom_fields_to_staff_table.php`,
  mappings: `${M}/2024_03_01_080000_create_calcom_event_mappings_table.php`,
  lock: `${M}/2024_03_10_100000_add_lock_columns_to_appointments_table.php`,
  assigned: `${M}/2024_03_20_000000_add_assigned_staff_to_calls_table.php`,
  legacy: `${M}/2024_04_01_000000_create_legacy_imports_table.php`,
  legacyDrop: `${M}/2024_04_02_000000_drop_legacy_imports_table.php`,
  invoices: 'Modules/Billing/Database/Migrations/2024_05_01_000000_create_invoices_table.php',
  audit: 'packages/acme/audit-log/database/migrations/2024_01_05_000000_create_audit_logs_table.php',
};

describe('Laravel source: detection', () => {
  it('knows a Laravel project by artisan beside database/migrations', () => {
    expect(detectLaravel(BOOKING)).toBe(true);
    expect(detectLaravel(`${BOOKING}/database`)).toBe(false);
    expect(detectLaravel(`${BOOKING}/artisan`)).toBe(false);
    expect(detectLaravel('/no/such/folder')).toBe(false);
  });
});

describe('Laravel source: the booking fixture', () => {
  it('reads the project as MySQL from DB_CONNECTION in .env, and says where that came from', async () => {
    const c = await loadBooking();
    expect(c.source.kind).toBe('laravel');
    expect(c.source.dialect).toBe('mysql');
    expect(c.source.location).toBe(shown(BOOKING));
    // DDL in a DB::statement is replayed too (as MySQL DDL): nothing is left unread
    expect(c.warnings.map((w) => `${w.code} ${where(w.origin)}${w.note ? ' (note)' : ''}`)).toEqual([]);
    const note = c.app!.notes.find((n) => n.kind === 'connection')!;
    expect(where(note.origin)).toBe(bat('.env', 'DB_CONNECTION=mysql'));
    expect(note.message).toContain('`mysql` connection');
  });

  it('replays every migration folder in file-name order: the app, a module and a local package', async () => {
    const c = await loadBooking();
    const ids = c.migrations!.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(18);
    expect(ids[1]).toBe('2024_01_05_000000_create_audit_logs_table'); // the package's migration runs before the app's companies
    expect(c.migrations!.nodes.at(-1)!.file).toBe(shown(`${BOOKING}/${f.invoices}`));
    expect(c.migrations!.framework).toBe('laravel');
    expect(c.migrations!.heads).toEqual(['2024_05_01_000000_create_invoices_table']);
    expect(c.migrations!.nodes[2].dependsOn).toEqual([ids[1]]);
    expect(c.tables.map((t) => t.name)).toEqual([
      'users', 'password_reset_tokens', 'sessions', 'audit_logs', 'companies', 'branches', 'services', 'staff',
      'service_staff', 'customers', 'calls', 'appointments', 'calcom_event_mappings', 'invoices',
    ]);
  });

  it('gives id() a bigint unsigned auto-increment primary key and every table InnoDB', async () => {
    const c = await loadBooking();
    const id = column(c, 'companies', 'id');
    expect(id).toMatchObject({ dataType: 'bigint unsigned', family: 'bigint', unsigned: true, autoIncrement: true, nullable: false });
    expect(where(id.origin)).toBe(bat(f.companies, '$table->id();'));
    const pk = table(c, 'companies').primaryKey!;
    expect(pk).toMatchObject({ name: 'PRIMARY', columns: ['id'] });
    expect(c.tables.every((t) => t.engine === 'InnoDB')).toBe(true);
    expect(where(table(c, 'companies').origin)).toBe(bat(f.companies, "Schema::create('companies'"));
  });

  it('maps Blueprint types to what MySQL creates', async () => {
    const c = await loadBooking();
    const col = (t: string, n: string) => {
      const x = column(c, t, n);
      return [x.dataType, x.family, x.nullable, x.default];
    };
    expect(col('companies', 'company_type')).toEqual(["enum('direct','reseller','partner')", 'enum', false, "'direct'"]);
    expect(column(c, 'companies', 'company_type').enumValues).toEqual(['direct', 'reseller', 'partner']);
    expect(col('companies', 'is_active')).toEqual(['tinyint(1)', 'boolean', false, '1']);
    expect(col('companies', 'calcom_team_id')).toEqual(['int unsigned', 'integer', true, undefined]);
    expect(col('companies', 'calcom_api_key')).toEqual(['text', 'text', true, undefined]);
    expect(col('companies', 'settings')).toEqual(['json', 'json', true, undefined]);
    expect(col('companies', 'deleted_at')).toEqual(['timestamp', 'timestamptz', true, undefined]);
    expect(col('branches', 'id')).toEqual(['char(36)', 'uuid', false, undefined]);
    expect(col('branches', 'latitude')).toEqual(['decimal(10,7)', 'numeric', true, undefined]);
    expect(col('services', 'price')).toEqual(['decimal(10,2)', 'numeric', false, '0.00']);
    expect(col('services', 'duration_minutes')).toEqual(['int', 'integer', false, '30']);
    expect(col('service_staff', 'weight')).toEqual(['decimal(3,2)', 'numeric', false, '1.00']);
    expect(col('service_staff', 'skill_level')).toEqual(['varchar(20)', 'varchar', false, "'regular'"]);
    expect(col('service_staff', 'assigned_at')).toEqual(['timestamp', 'timestamptz', false, 'CURRENT_TIMESTAMP']);
    expect(col('appointments', 'starts_at')).toEqual(['datetime', 'timestamp', false, undefined]);
    expect(col('appointments', 'company_id')).toEqual(['bigint unsigned', 'bigint', false, '1']);
    expect(col('calls', 'transcript')).toEqual(['longtext', 'text', true, undefined]);
    expect(col('invoices', 'currency')).toEqual(['char(3)', 'char', false, "'EUR'"]);
    expect(col('users', 'remember_token')).toEqual(['varchar(100)', 'varchar', true, undefined]);
    expect(col('audit_logs', 'ip_address')).toEqual(['varchar(45)', 'varchar', true, undefined]);
  });

  it('timestamps() and softDeletes() point at their own lines', async () => {
    const c = await loadBooking();
    expect(where(column(c, 'staff', 'created_at').origin)).toBe(bat(f.staff, '$table->timestamps();'));
    expect(where(column(c, 'staff', 'updated_at').origin)).toBe(bat(f.staff, '$table->timestamps();'));
    expect(where(column(c, 'staff', 'deleted_at').origin)).toBe(bat(f.staff, '$table->softDeletes();'));
  });

  it('resolves constrained() to the plural of the column stem, and keeps explicit tables', async () => {
    const c = await loadBooking();
    const fk = (t: string, col: string) => {
      const k = table(c, t).foreignKeys.find((x) => x.columns.join() === col)!;
      return { name: k.name, ref: `${k.refTable}(${k.refColumns.join()})`, onDelete: k.onDelete, at: where(k.origin) };
    };
    expect(fk('branches', 'company_id')).toEqual({
      name: 'branches_company_id_foreign', ref: 'companies(id)', onDelete: 'cascade',
      at: bat(f.branches, "foreignId('company_id')"),
    });
    // staff is uncountable: foreignUuid('staff_id')->constrained() → staff(id)
    expect(fk('service_staff', 'staff_id')).toMatchObject({ ref: 'staff(id)', onDelete: 'cascade', at: bat(f.pivot, "foreignUuid('staff_id')") });
    expect(fk('staff', 'home_branch_id')).toMatchObject({ ref: 'branches(id)', onDelete: 'set null' });
    expect(fk('companies', 'parent_company_id')).toMatchObject({ ref: 'companies(id)', onDelete: 'set null' });
    expect(fk('appointments', 'parent_appointment_id')).toMatchObject({ ref: 'appointments(id)', onDelete: 'set null' });
    expect(fk('appointments', 'call_id')).toMatchObject({ ref: 'calls(id)', onDelete: 'cascade' });
    expect(fk('invoices', 'company_id')).toMatchObject({ ref: 'companies(id)', onDelete: 'restrict', at: bat(f.invoices, "foreignId('company_id')") });
    expect(fk('calcom_event_mappings', 'created_by')).toMatchObject({ ref: 'users(id)', onDelete: 'set null' });
    // no ->…OnDelete(): MySQL's default (NO ACTION, which InnoDB treats as RESTRICT)
    expect(fk('calcom_event_mappings', 'service_id')).toMatchObject({ ref: 'services(id)', onDelete: 'no action' });
    // foreign(...)->references(...)->on(...)->onDelete('set null') in a later Schema::table
    expect(fk('calls', 'assigned_staff_id')).toEqual({
      name: 'calls_assigned_staff_id_foreign', ref: 'staff(id)', onDelete: 'set null',
      at: bat(f.assigned, "$table->foreign('assigned_staff_id')"),
    });
    for (const t of c.tables) for (const k of t.foreignKeys) expect(k).toMatchObject({ onUpdate: 'no action', deferrable: false, validated: true, refSchema: '' });
  });

  it('declares no foreign key where the migrations declare none', async () => {
    const c = await loadBooking();
    expect(table(c, 'services').foreignKeys.map((k) => k.columns.join())).toEqual(['branch_id']);
    expect(table(c, 'calls').foreignKeys.map((k) => k.columns.join()).sort()).toEqual(['assigned_staff_id', 'customer_id']);
    expect(table(c, 'audit_logs').foreignKeys).toEqual([]);
  });

  it('names indexes as Laravel does, and adds the index InnoDB creates for a foreign key no index leads with', async () => {
    const c = await loadBooking();
    const ix = (t: string) => Object.fromEntries(table(c, t).indexes.map((i) => [i.name, `${i.unique ? 'unique ' : ''}(${i.columns.join(', ')}) ${where(i.origin).split(':').pop()}`]));
    expect(ix('service_staff')).toEqual({
      PRIMARY: 'unique (id) 12',
      service_staff_service_id_staff_id_unique: 'unique (service_id, staff_id) 33',
      service_staff_service_id_index: '(service_id) 34',
      service_staff_service_id_is_primary_index: '(service_id, is_primary) 35',
      service_staff_service_id_can_book_is_active_index: '(service_id, can_book, is_active) 36',
      // staff_id leads no index: InnoDB creates one named after the constraint, at the foreign key's line
      service_staff_staff_id_foreign: '(staff_id) 14',
    });
    expect(where(table(c, 'service_staff').indexes.find((i) => i.name === 'service_staff_service_id_index')!.origin)).toBe(bat(f.pivot, "$table->index('service_id');"));
    // company_id leads (company_id, email) and (company_id, branch_id): no implicit index for it
    expect(table(c, 'staff').indexes.map((i) => i.name)).toEqual([
      'PRIMARY', 'staff_company_id_email_unique', 'staff_company_id_branch_id_index', 'staff_branch_id_foreign', 'staff_home_branch_id_foreign',
    ]);
    const unique = table(c, 'staff').indexes[1];
    expect(unique).toMatchObject({ unique: true, primary: false, method: 'btree', constraint: 'staff_company_id_email_unique', definition: 'UNIQUE KEY `staff_company_id_email_unique` (`company_id`,`email`)' });
    expect(table(c, 'staff').uniques).toEqual([{ name: 'staff_company_id_email_unique', columns: ['company_id', 'email'], nullsNotDistinct: false, origin: unique.origin }]);
    // ->nullable()->unique() on the column: a fluent unique index at the column's line
    expect(where(table(c, 'customers').indexes.find((i) => i.name === 'customers_email_unique')!.origin)).toBe(bat(f.customers, "$table->string('email')"));
    // morphs(): two columns and a composite index
    expect(ix('audit_logs')['audit_logs_auditable_type_auditable_id_index']).toBe('(auditable_type, auditable_id) 13');
    expect(table(c, 'invoices').columns.filter((x) => x.name.startsWith('billable_')).map((x) => [x.name, x.dataType, x.nullable])).toEqual([
      ['billable_type', 'varchar(255)', true],
      ['billable_id', 'bigint unsigned', true],
    ]);
  });

  it('applies later Schema::table migrations: added columns (after), changes, renames, dropped indexes and columns', async () => {
    const c = await loadBooking();
    // ->after('id') puts tenant_id second; its line is the guarded add in the later migration
    expect(table(c, 'services').columns.slice(0, 3).map((x) => x.name)).toEqual(['id', 'tenant_id', 'company_id']);
    expect(where(column(c, 'services', 'tenant_id').origin)).toBe(bat(f.tenantId, "unsignedBigInteger('tenant_id')"));
    expect(where(table(c, 'services').indexes.find((i) => i.name === 'services_tenant_id_index')!.origin)).toBe(bat(f.tenantId, "$table->index('tenant_id');"));
    // ->change(): the new definition and its line
    expect(column(c, 'staff', 'phone')).toMatchObject({ dataType: 'varchar(32)', nullable: true });
    expect(where(column(c, 'staff', 'phone').origin)).toBe(bat(f.staffCalcom, "->change()"));
    expect(table(c, 'staff').columns.map((x) => x.name).slice(6, 10)).toEqual(['phone', 'calcom_user_id', 'calcom_username', 'calcom_calendar_link']);
    // renameColumn keeps the column's type and origin
    expect(table(c, 'appointments').columns.some((x) => x.name === 'version')).toBe(false);
    expect(column(c, 'appointments', 'lock_version')).toMatchObject({ dataType: 'int unsigned', default: '1' });
    const names = table(c, 'appointments').indexes.map((i) => i.name);
    expect(names).not.toContain('appointments_calcom_sync_status_company_id_index');
    expect(names).toContain('appointments_company_id_calcom_sync_status_index');
    // dropColumn
    expect(table(c, 'calls').columns.map((x) => x.name)).not.toContain('status');
    expect(table(c, 'calls').columns.map((x) => x.name).slice(3, 5)).toEqual(['customer_id', 'assigned_staff_id']);
    // created and dropped again
    expect(c.tables.some((t) => t.name === 'legacy_imports')).toBe(false);
  });

  it('builds the migration graph: operations with lines, irreversible when down() is missing or empty', async () => {
    const c = await loadBooking();
    const node = (file: string) => c.migrations!.nodes.find((n) => n.file === shown(`${BOOKING}/${file}`))!;
    expect(node(f.companies)).toMatchObject({ id: '2024_01_10_100000_create_companies_table', reversible: true });
    expect(node(f.staffCalcom).reversible).toBe(false); // down() holds only a comment
    expect(node(f.mappings).reversible).toBe(false); // no down() at all
    expect(node(f.legacyDrop).reversible).toBe(false);
    expect(node(f.mappings).operations.every((o) => !o.reversible)).toBe(true);
    const ops = (file: string) => node(file).operations.map((o) => `${o.kind} ${o.table} ${where(o.origin).split(':').pop()}`);
    expect(ops(f.lock)).toEqual([
      'add-column appointments 13',
      'add-column appointments 14',
      'rename-column appointments 15',
      'drop-index appointments 16',
      'create-index appointments 17',
      'run-sql appointments 21',
    ]);
    expect(ops(f.assigned)).toEqual(['add-column calls 12', 'add-foreign-key calls 13', 'drop-column calls 14']);
    expect(ops(f.legacyDrop)).toEqual(['drop-table legacy_imports 10']);
    expect(ops(f.staffCalcom)).toEqual(['add-column staff 12', 'add-column staff 13', 'change-column staff 14']);
    expect(ops(f.companies)[0]).toBe(`create-table companies ${bat(f.companies, "Schema::create('companies'").split(':').pop()}`);
  });

  it('notes guards, driver checks, raw SQL and modifiers that have no effect, each at its line', async () => {
    const c = await loadBooking();
    const notes = c.app!.notes.map((n) => `${n.kind} ${where(n.origin)}`);
    expect(notes).toContain(`guarded-migration ${bat(f.tenantId, 'Schema::hasColumn')}`);
    expect(notes).toContain(`driver-condition ${bat(f.lock, 'getDriverName')}`);
    expect(notes).toContain(`raw-sql ${bat(f.lock, 'DB::statement')}`);
    expect(notes).toContain(`modifier-after-constrained ${bat(f.mappings, "foreignId('service_id')")}`);
    const raw = c.app!.notes.find((n) => n.kind === 'raw-sql')!;
    expect(raw.message).toContain('ADD CONSTRAINT chk_appointments_time CHECK (ends_at > starts_at)');
    // ->constrained()->nullable(): the column stays NOT NULL, as in Laravel
    expect(column(c, 'calcom_event_mappings', 'service_id').nullable).toBe(false);
  });
});

describe('Laravel source: Eloquent models of the booking fixture', () => {
  const model = async (name: string) => (await loadBooking()).app!.models.find((m) => m.name === name)!;

  it('finds the models and their tables (explicit $table, or the plural of the class)', async () => {
    const c = await loadBooking();
    expect(c.app!.frameworks).toEqual(['laravel']);
    expect(Object.fromEntries(c.app!.models.map((m) => [m.name, m.table]))).toEqual({
      Appointment: 'appointments', Branch: 'branches', Call: 'calls', Company: 'companies', Customer: 'customers',
      Service: 'services', ServiceStaff: 'service_staff', Staff: 'staff', User: 'users',
    });
    expect(where((await model('Company')).origin)).toBe(bat('app/Models/Company.php', 'class Company extends Model'));
  });

  it('reads encrypted and hashed casts, from $casts and from casts()', async () => {
    expect((await model('Company')).encryptedColumns).toEqual(['calcom_api_key']);
    expect((await model('Staff')).encryptedColumns).toEqual(['google_refresh_token']);
    expect((await model('Customer')).encryptedColumns).toEqual(['notes']);
    expect((await model('User')).encryptedColumns).toEqual(['password']);
    expect((await model('Service')).encryptedColumns).toEqual([]);
  });

  it('lends the models what their BelongsToCompany trait declares: the global scope and the creating hook', async () => {
    const appt = await model('Appointment');
    expect(appt.bases).toEqual(['Model', 'SoftDeletes', 'BelongsToCompany']);
    expect(appt.softDelete).toEqual({ style: 'laravel-soft-deletes', column: 'deleted_at', origin: { file: shown(`${BOOKING}/app/Models/Appointment.php`), line: 14 } });
    expect(appt.scopes.map((s) => `${s.name} ${where(s.origin)}`)).toEqual([`CompanyScope ${bat('app/Models/Concerns/BelongsToCompany.php', 'addGlobalScope')}`]);
    expect(appt.hooks.map((h) => `${h.name} ${where(h.origin)}`)).toEqual([
      `boot ${bat('app/Models/Appointment.php', 'protected static function boot()')}`,
      `creating ${bat('app/Models/Appointment.php', 'static::creating')}`,
      `bootBelongsToCompany ${bat('app/Models/Concerns/BelongsToCompany.php', 'function bootBelongsToCompany')}`,
      `creating ${bat('app/Models/Concerns/BelongsToCompany.php', 'static::creating')}`,
    ]);
    const service = await model('Service');
    expect(service.hooks.map((h) => h.name)).toEqual(['booted', 'saving', 'bootBelongsToCompany', 'creating']);
    expect((await model('Call')).scopes).toEqual([]);
    expect((await model('Company')).softDelete?.column).toBe('deleted_at');
    expect((await model('Call')).softDelete).toBeUndefined();
  });

  it('reads relationships with their columns, pivot tables and the ON DELETE the migrations declare', async () => {
    const rels = async (name: string) =>
      (await model(name)).relationships.map((r) => `${r.name}:${r.kind}:${r.target}:${(r.columns ?? []).join('+')}:${r.through ?? ''}:${r.onDelete ?? ''}`);
    expect(await rels('Appointment')).toEqual([
      'customer:belongs-to:Customer:customer_id::cascade',
      'service:belongs-to:Service:service_id::cascade',
      'staff:belongs-to:Staff:staff_id::set null',
      'branch:belongs-to:Branch:branch_id::set null',
      'call:belongs-to:Call:call_id::cascade',
      'parent:belongs-to:Appointment:parent_appointment_id::set null',
      'children:has-many:Appointment:parent_appointment_id::',
      'company:belongs-to:Company:company_id::cascade',
    ]);
    expect(await rels('Service')).toContain('staff:many-to-many:Staff:service_id+staff_id:service_staff:');
    expect(await rels('Staff')).toContain('services:many-to-many:Service:staff_id+service_id:service_staff:');
    expect(await rels('Staff')).toContain('homeBranch:belongs-to:Branch:home_branch_id::set null');
    // services.company_id has no foreign key: the relationship says nothing about ON DELETE
    expect(await rels('Service')).toContain('company:belongs-to:Company:company_id::');
    const r = (await model('Appointment')).relationships[0];
    expect(where(r.origin)).toBe(bat('app/Models/Appointment.php', 'return $this->belongsTo(Customer::class);'));
  });

  it('notes every withoutGlobalScope(s) call in the application, with its line', async () => {
    const c = await loadBooking();
    const notes = c.app!.notes.filter((n) => n.kind === 'without-global-scope');
    expect(notes.map((n) => where(n.origin))).toEqual([
      bat('app/Services/Calcom/CalcomSyncService.php', 'withoutGlobalScope(CompanyScope::class)'),
      bat('app/Services/Calcom/CalcomSyncService.php', '->withoutGlobalScopes()'),
    ]);
    expect(notes[0].message).toBe(
      'withoutGlobalScope() switches off the scope CompanyScope on Appointment in CalcomSyncService::findByBookingId(): queries here are not tenant-filtered by that scope',
    );
    expect(notes[1].message).toContain('switches off every global scope');
  });
});
