// The shared classifications of src/catalog/classify.ts, one small case each.
import { describe, it, expect } from 'vitest';
import {
  checkKind, checkListValues, concurrencyKind, historyTablesFor, isHistoryTable, keyGeneration, nameWords, piiKind, pivotOf,
  privacyFactKind, protection, secretKind, softDeleteMarkers, stateTimestamp, subsystemsOf, timestampRole, typeGroup, typeLabel,
} from '../../src/catalog/classify.js';
import { col, fk, table } from './factories.js';

describe('classify', () => {
  it('splits names into words', () => {
    expect(nameWords('lockVersion')).toEqual(['lock', 'version']);
    expect(nameWords('api_key_hash')).toEqual(['api', 'key', 'hash']);
  });

  it('tells how a primary key is generated', () => {
    expect(keyGeneration(table('a', [col('id', 'bigint', { identity: 'always', autoIncrement: true })]))).toBe('identity always');
    expect(keyGeneration(table('b', [col('id', 'bigint', { identity: 'by default', autoIncrement: true })]))).toBe('identity by default');
    expect(keyGeneration(table('c', [col('id', 'integer', { default: "nextval('c_id_seq'::regclass)", autoIncrement: true })]))).toBe('sequence default');
    expect(keyGeneration(table('d', [col('id', 'uuid', { default: 'gen_random_uuid()' })]))).toBe('uuid default');
    expect(keyGeneration(table('e', [col('id', 'uuid', { default: 'uuid_generate_v4()' })]))).toBe('uuid default');
    expect(keyGeneration(table('f', [col('id', 'int', { autoIncrement: true })]))).toBe('auto-increment');
    expect(keyGeneration(table('g', [col('id', 'char(2)')]))).toBe('application-generated');
    expect(keyGeneration(table('h', [col('x')]))).toBe('none');
  });

  it('groups and labels types', () => {
    expect(typeGroup(col('email', 'citext'))).toBe('strings');
    expect(typeLabel(col('name', 'character varying(80)', { length: 80 }))).toBe('varchar(80)');
    expect(typeLabel(col('amount', 'numeric(10,2)', { family: 'numeric', precision: 10, scale: 2 }))).toBe('numeric(10,2)');
    expect(typeGroup(col('amount', 'numeric(10,2)', { family: 'numeric' }))).toBe('numerics');
    expect(typeGroup(col('at', 'timestamp with time zone', { family: 'timestamptz' }))).toBe('dates and times');
    expect(typeLabel(col('data', 'jsonb', { family: 'json' }))).toBe('jsonb');
    expect(typeGroup(col('ip', 'inet', { family: 'inet' }))).toBe('specialised');
  });

  it('classifies CHECK constraints and reads IN-lists', () => {
    const inList = { expression: "status = ANY (ARRAY['open'::text, 'closed'::text])" };
    expect(checkKind(inList)).toBe('in-list');
    expect(checkListValues(inList)).toEqual(['open', 'closed']);
    expect(checkKind({ expression: "kind IN ('a', 'b')" })).toBe('in-list');
    expect(checkKind({ expression: 'amount >= 0' })).toBe('range');
    expect(checkKind({ expression: 'qty BETWEEN 1 AND 9' })).toBe('range');
    expect(checkKind({ expression: "code ~ '^[A-Z]+$'" })).toBe('other');
  });

  it('finds pivot tables, the tenant key aside', () => {
    const link = table('task_labels', [col('task_id'), col('label_id'), col('organization_id')], {
      primaryKey: { name: 'task_labels_pkey', columns: ['organization_id', 'task_id', 'label_id'], origin: { file: 's.sql', line: 1 } },
      foreignKeys: [fk(['task_id'], 'tasks'), fk(['label_id'], 'labels'), fk(['organization_id'], 'organizations')],
    });
    expect(pivotOf(link)).toBeUndefined();
    expect(pivotOf(link, ['organization_id'])).toMatchObject({ key: 'task_labels_pkey', left: { refTable: 'tasks' }, right: { refTable: 'labels' } });
    expect(pivotOf(table('tasks', [col('id'), col('project_id')], { foreignKeys: [fk(['project_id'], 'projects')] }))).toBeUndefined();
  });

  it('recognises soft-delete styles, timestamps, history tables and state timestamps', () => {
    const t = table('orders', [
      col('id'),
      col('deleted_at', 'timestamptz', { family: 'timestamptz', nullable: true }),
      col('is_active', 'boolean', { family: 'boolean' }),
      col('status', 'text'),
      col('paid_at', 'timestamptz', { family: 'timestamptz', nullable: true }),
      col('created_at', 'timestamptz', { family: 'timestamptz' }),
    ], { checks: [{ name: 'orders_status_check', expression: "status IN ('new', 'paid', 'archived')", columns: ['status'], validated: true, origin: { file: 's.sql', line: 3 } }] });
    expect(softDeleteMarkers(t).map((m) => `${m.style}:${m.column.name}${m.value ? `=${m.value}` : ''}`)).toEqual(['deleted_at:deleted_at', 'is_active:is_active', 'status:status=archived']);
    expect(timestampRole(t.columns[5])).toBe('created');
    expect(timestampRole(col('updated_at', 'text'))).toBeUndefined();
    expect(stateTimestamp(t, 'paid')?.name).toBe('paid_at');
    expect(stateTimestamp(t, 'new')).toBeUndefined();
    expect(isHistoryTable('order_history')).toBe(true);
    expect(isHistoryTable('audit_log')).toBe(true);
    expect(isHistoryTable('orders')).toBe(false);
    expect(historyTablesFor(t, ['orders', 'order_history', 'audit_log'])).toEqual(['order_history']);
  });

  it('recognises personal data by name and type', () => {
    expect(piiKind(col('email', 'citext'))).toBe('email');
    expect(piiKind(col('email_verified_at', 'timestamptz', { family: 'timestamptz' }))).toBeUndefined();
    expect(piiKind(col('email_template_id'))).toBeUndefined();
    expect(piiKind(col('phone_number', 'text'))).toBe('phone');
    expect(piiKind(col('last_name', 'text'))).toBe('name');
    expect(piiKind(col('name', 'text'), 'customers')).toBe('name');
    expect(piiKind(col('name', 'text'), 'projects')).toBeUndefined();
    expect(piiKind(col('ip_address', 'inet', { family: 'inet' }))).toBe('ip address');
    expect(piiKind(col('date_of_birth', 'date', { family: 'date' }))).toBe('birth date');
    expect(piiKind(col('postal_code', 'text'))).toBe('address');
    expect(piiKind(col('to_address', 'text'), 'outbound_emails')).toBe('email');
    expect(piiKind(col('notes', 'text'))).toBe('free text');
  });

  it('recognises secrets and what protects them', () => {
    expect(secretKind(col('password_hash', 'text'))).toBe('password');
    expect(protection(col('password_hash', 'text'))).toBe('hashed');
    expect(secretKind(col('api_key', 'text'))).toBe('api key');
    expect(protection(col('api_key', 'text'))).toBeUndefined();
    expect(protection(col('api_key', 'text'), true)).toBe('encrypted by the application');
    expect(secretKind(col('api_key_prefix', 'text'))).toBeUndefined();
    expect(secretKind(col('token_type', 'text'))).toBeUndefined();
    expect(protection(col('client_secret_encrypted', 'text'))).toBe('encrypted');
    expect(protection(col('secret', 'bytea', { family: 'bytea' }))).toBe('binary (bytea)');
  });

  it('recognises consent, retention, locking and idempotency columns', () => {
    expect(privacyFactKind(col('marketing_opt_in', 'boolean', { family: 'boolean' }))).toBe('marketing opt-in');
    expect(privacyFactKind(col('consent_at', 'timestamptz', { family: 'timestamptz' }))).toBe('consent');
    expect(privacyFactKind(col('anonymized_at', 'timestamptz', { family: 'timestamptz' }))).toBe('anonymisation');
    expect(privacyFactKind(col('data_retention_days', 'integer', { family: 'integer' }))).toBe('retention');
    expect(privacyFactKind(col('deletion_requested_at', 'timestamptz', { family: 'timestamptz' }))).toBe('deletion request');
    expect(concurrencyKind(col('lock_version', 'integer', { family: 'integer' }))).toBe('version counter');
    expect(concurrencyKind(col('version', 'text'))).toBeUndefined();
    expect(concurrencyKind(col('idempotency_key', 'text'))).toBe('idempotency key');
    expect(concurrencyKind(col('lock_token', 'uuid', { family: 'uuid' }))).toBe('lock token');
  });

  it('places tables in subsystems by name', () => {
    expect(subsystemsOf({ name: 'api_keys' })).toEqual(['API keys']);
    expect(subsystemsOf({ name: 'webhook_deliveries' })).toEqual(['webhooks']);
    expect(subsystemsOf({ name: 'role_permissions' })).toEqual(['RBAC']);
    expect(subsystemsOf({ name: 'memberships' })).toEqual(['tenancy and membership']);
    expect(subsystemsOf({ name: 'audit_log' })).toEqual(['audit and history']);
    expect(subsystemsOf({ name: 'invoices' })).toEqual(['billing and payments']);
    expect(subsystemsOf({ name: 'plan_features' })).toEqual(['subscriptions']);
    expect(subsystemsOf({ name: 'projects' })).toEqual([]);
  });
});
