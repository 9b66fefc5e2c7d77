// The helpdesk fixture (seeds 000/001): migrations replayed across apps into the catalog with Django's
// PostgreSQL conventions, app facts from models.py, and every rule run over it.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/rules/types.js';
import { detectDjango } from '../../../src/sources/django/index.js';
import { column, hat, HELPDESK, FIXTURES, loadHelpdesk, table, where } from './helpers.js';

const T1 = 'tickets/migrations/0001_initial.py';

describe('Django source: the helpdesk catalog', () => {
  it('detects a Django project by manage.py or migrations/0001_*.py', () => {
    expect(detectDjango(HELPDESK)).toBe(true);
    expect(detectDjango(`${HELPDESK}/tickets`)).toBe(true);
    expect(detectDjango(FIXTURES)).toBe(false);
    expect(detectDjango(`${HELPDESK}/manage.py`)).toBe(false);
  });

  it('names tables app_model, with a bigint identity id (DEFAULT_AUTO_FIELD) and timestamptz (USE_TZ)', async () => {
    const c = await loadHelpdesk();
    expect(c.source.dialect).toBe('postgres');
    expect(c.tables.map((t) => t.name).sort()).toEqual([
      'accounts_user',
      'accounts_user_groups',
      'accounts_user_user_permissions',
      'organizations_organization',
      'tickets_ticket',
      'tickets_ticketattachment',
      'tickets_ticketcomment',
      'tickets_tickethistory',
    ]);
    const id = column(c, 'tickets_ticket', 'id');
    expect(id).toMatchObject({ dataType: 'bigint', identity: 'by default', autoIncrement: true, nullable: false });
    expect(table(c, 'tickets_ticket').primaryKey).toMatchObject({ name: 'tickets_ticket_pkey', columns: ['id'] });
    expect(column(c, 'tickets_ticket', 'created_at')).toMatchObject({ dataType: 'timestamp with time zone', family: 'timestamptz' });
    expect(column(c, 'tickets_ticket', 'estimated_hours')).toMatchObject({ dataType: 'numeric(6,2)', precision: 6, scale: 2, nullable: true });
    expect(column(c, 'organizations_organization', 'slug')).toMatchObject({ dataType: 'character varying(50)', length: 50 });
    expect(column(c, 'accounts_user', 'email').length).toBe(254);
    expect(column(c, 'organizations_organization', 'settings').dataType).toBe('jsonb');
    expect(column(c, 'tickets_ticketattachment', 'file').dataType).toBe('character varying(100)');
    // default= is applied by Django, not the database
    expect(column(c, 'tickets_ticket', 'status').default).toBeUndefined();
    // encrypt(models.CharField()) is stored as bytea by django_cryptography
    expect(column(c, 'accounts_user', 'mfa_secret').dataType).toBe('bytea');
    expect(where(column(c, 'tickets_ticket', 'ticket_number').origin)).toBe(hat(T1, '("ticket_number"'));
  });

  it('gives foreign keys a <name>_id column of the target key type, an index, and a deferred NO ACTION constraint', async () => {
    const c = await loadHelpdesk();
    expect(c.enforcement).toEqual({ onDeleteEnforcedBy: 'application' });
    const t = table(c, 'tickets_ticket');
    // settings.AUTH_USER_MODEL = "accounts.User", whose id is bigint
    expect(column(c, 'tickets_ticket', 'customer_id')).toMatchObject({ dataType: 'bigint', nullable: false });
    expect(column(c, 'tickets_ticket', 'assigned_agent_id').nullable).toBe(true);
    const fk = t.foreignKeys.find((f) => f.columns[0] === 'customer_id')!;
    expect(fk).toMatchObject({ refTable: 'accounts_user', refColumns: ['id'], onDelete: 'no action', deferrable: true });
    expect(fk.name).toMatch(/^tickets_ticket_customer_id_[0-9a-f]{8}_fk_accounts_user_id$/);
    expect(where(fk.origin)).toBe(hat(T1, '"customer",'));
    const ix = t.indexes.find((i) => i.columns.join() === 'customer_id')!;
    expect(ix.name).toBe(fk.name.replace(/_fk_.*$/, ''));
    // unique=True from CreateModel: PostgreSQL's own <table>_<column>_key
    expect(t.uniques.map((u) => u.name)).toEqual(['tickets_ticket_ticket_number_key']);
  });

  it('replays AddField, AlterField, RenameField, RemoveField, AddIndex, AddConstraint and RunSQL', async () => {
    const c = await loadHelpdesk();
    const T3 = 'tickets/migrations/0003_ticket_sla_minutes_and_more.py';
    const sla = column(c, 'tickets_ticket', 'sla_minutes');
    expect(sla.dataType).toBe('integer');
    expect(where(sla.origin)).toBe(hat(T3, 'models.PositiveIntegerField(default=480)'));
    expect(table(c, 'tickets_ticket').checks.find((k) => k.columns[0] === 'sla_minutes')).toMatchObject({ name: 'tickets_ticket_sla_minutes_check', expression: '(sla_minutes >= 0)' });
    // AlterField: 200 → 255, at the AlterField's line
    expect(column(c, 'tickets_ticket', 'subject').length).toBe(255);
    expect(where(column(c, 'tickets_ticket', 'subject').origin)).toBe(hat(T3, 'field=models.CharField(max_length=255)'));
    expect(table(c, 'tickets_ticketcomment').columns.map((x) => x.name)).toContain('content');
    expect(table(c, 'tickets_ticketcomment').columns.map((x) => x.name)).not.toContain('body');
    expect(table(c, 'tickets_ticket').columns.map((x) => x.name)).not.toContain('legacy_ref');
    expect(table(c, 'tickets_ticket').indexes.find((i) => i.name === 'tickets_org_status_idx')?.columns).toEqual(['organization_id', 'status']);
    expect(table(c, 'tickets_ticket').checks.find((k) => k.name === 'ticket_estimated_hours_non_negative')).toMatchObject({ expression: '(estimated_hours >= 0)', columns: ['estimated_hours'] });
    // AddField of a column: Django's own names; organizations.api_key arrived later
    expect(where(column(c, 'organizations_organization', 'api_key').origin)).toBe(hat('organizations/migrations/0002_organization_api_key.py', 'field=models.CharField'));
    // RunSQL: CREATE INDEX … WHERE and ALTER TABLE … ADD CONSTRAINT CHECK applied, at the SQL string's line
    const T5 = 'tickets/migrations/0005_ticket_search_index.py';
    const partial = table(c, 'tickets_ticket').indexes.find((i) => i.name === 'tickets_ticket_open_due_idx')!;
    expect(partial).toMatchObject({ columns: ['organization_id', 'due_date'], predicate: 'deleted_at IS NULL' });
    expect(where(partial.origin)).toBe(hat(T5, 'sql="CREATE INDEX'));
    expect(table(c, 'tickets_ticketattachment').checks[0]).toMatchObject({ name: 'tickets_attachment_size_non_negative', columns: ['size_bytes'] });
    expect(c.warnings.filter((w) => !w.note)).toEqual([]);
  });

  it('builds the many-to-many through tables of the custom user', async () => {
    const c = await loadHelpdesk();
    const t = table(c, 'accounts_user_groups');
    expect(t.columns.map((x) => `${x.name}:${x.dataType}`)).toEqual(['id:bigint', 'user_id:bigint', 'group_id:integer']);
    expect(t.uniques[0].columns).toEqual(['user_id', 'group_id']);
    expect(t.foreignKeys.map((f) => f.refTable)).toEqual(['accounts_user', 'auth_group']);
  });

  it('records the migration graph across apps in dependency order', async () => {
    const c = await loadHelpdesk();
    const g = c.migrations!;
    expect(g.framework).toBe('django');
    const ids = g.nodes.map((n) => n.id);
    expect(ids.indexOf('organizations.0001_initial')).toBeLessThan(ids.indexOf('accounts.0001_initial'));
    expect(ids.indexOf('accounts.0001_initial')).toBeLessThan(ids.indexOf('tickets.0001_initial'));
    const t1 = g.nodes.find((n) => n.id === 'tickets.0001_initial')!;
    // swappable_dependency(settings.AUTH_USER_MODEL) → the first migration of accounts
    expect(t1.dependsOn).toEqual(['accounts.0001_initial', 'organizations.0001_initial']);
    expect(t1.operations.map((o) => `${o.kind}:${o.table}`)).toEqual(['create-model:tickets_ticket', 'create-model:tickets_ticketcomment', 'create-model:tickets_ticketattachment']);
    const a1 = g.nodes.find((n) => n.id === 'accounts.0001_initial')!;
    expect(a1.dependsOn).toContain('auth.0012_alter_user_first_name_max_length');
    const t4 = g.nodes.find((n) => n.id === 'tickets.0004_backfill_ticket_numbers')!;
    expect(t4).toMatchObject({ atomic: false, reversible: false });
    expect(where(t4.operations[0].origin)).toBe(hat('tickets/migrations/0004_backfill_ticket_numbers.py', 'migrations.RunPython(backfill)'));
    const t5 = g.nodes.find((n) => n.id === 'tickets.0005_ticket_search_index')!;
    expect(t5).toMatchObject({ atomic: false, reversible: true });
    expect(g.heads.sort()).toEqual(['accounts.0002_user_role', 'organizations.0002_organization_api_key', 'tickets.0005_ticket_search_index']);
    expect(c.app!.notes.filter((n) => n.kind === 'migration-conflict')).toEqual([]);
  });

  it('reads models.py: relationships with on_delete and related_name, hooks, managers, soft delete, encryption', async () => {
    const c = await loadHelpdesk();
    const m = (name: string) => c.app!.models.find((x) => x.name === name)!;
    const ticket = m('Ticket');
    expect(ticket).toMatchObject({ framework: 'django', table: 'public.tickets_ticket', bases: ['TenantAwareModel'] });
    const rel = (name: string) => ticket.relationships.find((r) => r.name === name)!;
    expect(rel('customer')).toMatchObject({ kind: 'belongs-to', target: 'accounts.User', columns: ['customer_id'], onDelete: 'CASCADE', inverse: 'customer_tickets' });
    expect(rel('assigned_agent').onDelete).toBe('SET_NULL');
    // the organization FK comes from the TenantAwareModel base, at its line there
    expect(where(rel('organization').origin)).toBe(hat('core/models.py', 'organization = models.ForeignKey('));
    expect(ticket.hooks.map((h) => h.name)).toEqual(['save', 'post_save']);
    expect(ticket.scopes.map((s) => s.name)).toEqual(['objects = TicketQuerySet.as_manager()']);
    expect(ticket.softDelete).toMatchObject({ style: 'soft_delete() method', column: 'deleted_at' });
    expect(where(ticket.softDelete!.origin)).toBe(hat('tickets/models.py', 'def soft_delete(self)'));
    expect(m('TicketComment').relationships.find((r) => r.name === 'author')!.onDelete).toBe('PROTECT');
    expect(m('User').encryptedColumns).toEqual(['mfa_secret']);
    expect(m('User').hooks.map((h) => h.name)).toEqual(['clean']);
    expect(m('TenantAwareModel')).toMatchObject({ abstract: true });
    expect(m('TenantAwareModel').table).toBeUndefined();
    // TicketAttachment forgot the tenant base: it has no organization relationship
    expect(m('TicketAttachment').bases).toEqual(['models.Model']);
    expect(m('TicketAttachment').relationships.map((r) => r.name)).toEqual(['ticket', 'uploaded_by']);
  });

  it('notes fields with no migration (model drift), choices the database does not enforce, and RunPython without reverse', async () => {
    const c = await loadHelpdesk();
    const notes = c.app!.notes;
    const drift = notes.filter((n) => n.kind === 'model-drift');
    expect(drift.map((n) => where(n.origin))).toEqual([hat('tickets/models.py', 'resolved_at = models.DateTimeField')]);
    expect(table(c, 'tickets_ticket').columns.map((x) => x.name)).not.toContain('resolved_at');
    const status = notes.find((n) => n.kind === 'choices' && n.message.startsWith('tickets_ticket.status'))!;
    expect(status.message).toContain('(open, pending, resolved, closed)');
    expect(where(status.origin)).toBe(hat(T1, '"status",'));
    expect(notes.find((n) => n.kind === 'run-python')!.message).toContain('no reverse function');
    expect(notes.find((n) => n.kind === 'default-auto-field')).toBeDefined();
  });
});

describe('Django source: rules over the helpdesk', () => {
  let findings: Finding[] | undefined;
  async function all(): Promise<Finding[]> {
    findings ??= runRules(await loadHelpdesk(), allRules, resolveConfig({})).findings;
    return findings;
  }
  const find = async (ruleId: string, t: string, cols?: string[]) =>
    (await all()).find((f) => f.ruleId === ruleId && f.table === `public.${t}` && (!cols || f.columns.join() === cols.join()));

  it('finds the global UNIQUE on tenant data at the migration line that declares it', async () => {
    const f = await find('tenancy/unique-without-tenant-key', 'tickets_ticket', ['ticket_number']);
    expect(where(f?.origin)).toBe(hat(T1, '("ticket_number"'));
  });

  it('finds the attachment table that forgot TenantAwareModel', async () => {
    const f = await find('tenancy/missing-tenant-key', 'tickets_ticketattachment');
    // at the CreateModel that creates the table
    const line = Number(hat(T1, 'name="TicketAttachment"').split(':').pop()) - 1;
    expect(where(f?.origin)).toBe(`${hat(T1, 'name="TicketAttachment"').replace(/:\d+$/, '')}:${line}`);
    for (const t of ['tickets_ticketcomment', 'tickets_tickethistory', 'tickets_ticket']) expect(await find('tenancy/missing-tenant-key', t)).toBeUndefined();
  });

  it('finds the plaintext API key (AddField line) and trusts the encrypted MFA secret', async () => {
    const f = await find('security/plaintext-secret', 'organizations_organization', ['api_key']);
    expect(where(f?.origin)).toBe(hat('organizations/migrations/0002_organization_api_key.py', 'field=models.CharField'));
    expect(await find('security/plaintext-secret', 'accounts_user', ['mfa_secret'])).toBeUndefined();
  });

  it('finds money in a FloatField and leaves the checked numbers alone', async () => {
    const f = await find('types/money-as-float', 'accounts_user', ['hourly_cost']);
    expect(where(f?.origin)).toBe(hat('accounts/migrations/0001_initial.py', '("hourly_cost"'));
    // PositiveIntegerField's CHECK, AddConstraint and RunSQL checks count
    for (const [t, col] of [
      ['tickets_ticket', 'sla_minutes'],
      ['tickets_ticket', 'estimated_hours'],
      ['tickets_ticketattachment', 'size_bytes'],
    ]) {
      expect(await find('constraints/missing-non-negative-check', t, [col])).toBeUndefined();
    }
    // timestamptz everywhere, every foreign key indexed
    expect((await all()).filter((f) => f.ruleId === 'types/timestamp-without-tz' || f.ruleId === 'relations/unindexed-foreign-key')).toEqual([]);
    expect((await all()).filter((f) => f.ruleId === 'relations/missing-foreign-key')).toEqual([]);
    expect((await all()).filter((f) => f.ruleId === 'keys/inconsistent-pk-types' || f.ruleId === 'relations/fk-type-mismatch')).toEqual([]);
  });
});
