// The "Schema inventory" section of the Markdown report, each subsection from a small catalog, and the
// 100-table example end to end.
import { describe, it, expect } from 'vitest';
import { renderInventory } from '../../src/report/sections/inventory.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildReview } from '../../src/review.js';
import { resolveConfig } from '../../src/config.js';
import { allRules } from '../../src/rules/index.js';
import { loadPostgresDdlPath } from '../../src/sources/postgres/ddl.js';
import type { Catalog } from '../../src/catalog/types.js';
import { catalog, col, finding, fk, index, review, rule, shop, table } from './factories.js';

const md = (cat: Catalog, findings = [] as ReturnType<typeof finding>[], maxRows?: number) =>
  renderInventory(review(cat, findings, [rule('tenancy/missing-tenant-key', 'high'), rule('indexes/duplicate-index')]), { maxRows }).join('\n');

/** The lines of one `### ` subsection. */
function sub(text: string, title: string): string {
  const start = text.indexOf(`### ${title}\n`);
  if (start < 0) return '';
  const end = text.indexOf('\n### ', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

const ts = (name: string, over = {}) => col(name, 'timestamp with time zone', { family: 'timestamptz', nullable: true, ...over });

function saasLike(): Catalog {
  const orgs = table('organizations', [col('id', 'bigint', { identity: 'always', autoIncrement: true }), col('name', 'text'), ts('created_at')]);
  const users = table('users', [col('id', 'uuid', { family: 'uuid', default: 'gen_random_uuid()' }), col('email', 'citext'), col('password_hash', 'text'), col('first_name', 'text'), ts('deleted_at'), ts('created_at'), ts('updated_at')]);
  const roles = table('roles', [col('id', 'integer', { family: 'integer', default: "nextval('roles_id_seq'::regclass)", autoIncrement: true }), col('organization_id'), col('name', 'text')], { foreignKeys: [fk(['organization_id'], 'organizations', { onDelete: 'cascade' })] });
  const members = table('memberships', [col('organization_id'), col('user_id', 'uuid', { family: 'uuid' }), col('role_id', 'integer', { family: 'integer' })], {
    primaryKey: { name: 'memberships_pkey', columns: ['organization_id', 'user_id'], origin: { file: 'schema.sql', line: 90 } },
    foreignKeys: [fk(['organization_id'], 'organizations', { onDelete: 'cascade' }), fk(['user_id'], 'users', { onDelete: 'cascade' }), fk(['role_id'], 'roles')],
  });
  const apiKeys = table('api_keys', [col('id'), col('organization_id'), col('key_digest', 'character(64)', { family: 'char', length: 64 }), ts('expires_at'), col('idempotency_key', 'text', { nullable: true })], {
    foreignKeys: [fk(['organization_id'], 'organizations')],
    uniques: [{ name: 'api_keys_digest_key', columns: ['key_digest'], nullsNotDistinct: false, origin: { file: 'schema.sql', line: 95 } }],
  });
  const webhooks = table('webhooks', [col('id'), col('organization_id'), col('url', 'text'), col('secret', 'text'), col('status', 'text'), col('lock_version', 'integer', { family: 'integer' })], {
    foreignKeys: [fk(['organization_id'], 'organizations')],
    checks: [{ name: 'webhooks_status_check', expression: "status = ANY (ARRAY['active'::text, 'disabled'::text, 'archived'::text])", columns: ['status'], validated: true, origin: { file: 'schema.sql', line: 99 } }],
    indexes: [index('webhooks_pkey', ['id'], { unique: true, primary: true }), index('webhooks_org_idx', ['organization_id']), index('webhooks_org_idx2', ['organization_id']), index('webhooks_url_gin', ['url'], { method: 'gin' })],
  });
  const tasks = table('tasks', [col('id'), col('organization_id'), col('status', 'task_status', { family: 'enum', enumValues: ['todo', 'done'] }), ts('done_at')], { foreignKeys: [fk(['organization_id'], 'organizations')] });
  const countries = table('countries', [col('code', 'character(2)', { family: 'char', length: 2 })], { primaryKey: { name: 'countries_pkey', columns: ['code'], origin: { file: 'schema.sql', line: 120 } } });
  const notes = table('notes', [col('id'), col('body', 'text')]);
  return catalog([orgs, users, roles, members, apiKeys, webhooks, tasks, countries, notes]);
}

describe('schema inventory', () => {
  it('says nothing without base tables', () => {
    expect(renderInventory(review(catalog([]), [], []))).toEqual([]);
  });

  it('lists primary keys with their generation and type, counted', () => {
    const text = sub(md(saasLike()), 'Primary keys');
    expect(text).toContain('9 of 9 tables (100.0%) have a primary key.');
    expect(text).toContain('| identity always | 1 | 11.1% |');
    expect(text).toContain('| uuid default | 1 | 11.1% |');
    expect(text).toContain('| sequence default | 1 | 11.1% |');
    expect(text).toContain('| application-generated | 6 | 66.7% |');
    expect(text).not.toContain('| none |');
    expect(text).toMatch(/\| `public\.users` \| `id` \| `uuid` \| uuid default \| `schema\.sql:\d+` \|/);
    expect(text).toContain('`composite (2 columns)` ×1');
  });

  it('caps long lists with "and N more"', () => {
    const text = sub(md(saasLike(), [], 3), 'Primary keys');
    expect(text).toContain('… and 6 more.');
    expect(text).toContain('The 3 tables listed are the least common generations first.');
  });

  it('shows many-to-one, one-to-many with ORM reverse names, and many-to-many through pivots', () => {
    const cat = saasLike();
    cat.app = { frameworks: ['django'], notes: [], models: [
      { framework: 'django', name: 'Organization', table: 'organizations', bases: [], hooks: [], scopes: [], encryptedColumns: [], origin: { file: 'models.py', line: 1 },
        relationships: [{ name: 'roles', kind: 'has-many', target: 'Role', origin: { file: 'models.py', line: 2 } }] },
      { framework: 'django', name: 'Role', table: 'roles', bases: [], hooks: [], scopes: [], encryptedColumns: [], relationships: [], origin: { file: 'models.py', line: 5 } },
    ] };
    const text = sub(md(cat), 'Relationships');
    expect(text).toContain('7 foreign keys give 7 many-to-one relationships');
    expect(text).toContain('1 pivot table give');
    expect(text).toContain('`public.roles.organization_id` (CASCADE) [`roles`]');
    expect(text).toContain('| `public.memberships` | `public.organizations` ↔ `public.users` | CASCADE / CASCADE | `memberships_pkey` | `schema.sql:90` |');
    expect(text).toContain('`public.users` via `public.memberships`');
  });

  it('lists polymorphic associations, with the ORM relationship that declares one', () => {
    const cat = saasLike();
    cat.tables.push(
      table('comments', [col('id'), col('commentable_type', 'text'), col('commentable_id'), col('author_id')], { foreignKeys: [fk(['author_id'], 'users')] }),
      table('taggings', [col('id'), col('taggable_type', 'text'), col('taggable_id'), col('owner_type', 'text'), col('owner_id')], { foreignKeys: [fk(['owner_id'], 'users')] }),
    );
    cat.app = { frameworks: ['laravel'], notes: [], models: [
      { framework: 'laravel', name: 'Comment', table: 'comments', bases: [], hooks: [], scopes: [], encryptedColumns: [], origin: { file: 'Comment.php', line: 1 },
        relationships: [{ name: 'commentable', kind: 'polymorphic', target: 'commentable', origin: { file: 'Comment.php', line: 12 } }] },
    ] };
    const text = sub(md(cat), 'Relationships');
    expect(text).toContain('Polymorphic associations: 2');
    expect(text).toContain('| `public.comments` | `commentable_type` | `commentable_id` | `Comment.commentable` | `Comment.php:12` |');
    expect(text).toMatch(/\| `public.taggings` \| `taggable_type` \| `taggable_id` \| columns only \| `schema.sql:\d+` \|/);
    // owner_type beside owner_id is not polymorphic here: owner_id has a foreign key.
    expect(text).not.toContain('`owner_type`');
  });

  it('counts data types by family', () => {
    const text = sub(md(saasLike()), 'Data types by family');
    expect(text).toMatch(/\| dates and times \| 6 \|/);
    expect(text).toMatch(/\| numerics \| 13 \|/);
    expect(text).toContain('`char(64)` ×1');
    expect(text).toContain('1 enum-typed columns over 0 enum types');
  });

  it('inventories constraints and the enumerations the database enforces', () => {
    const text = sub(md(saasLike()), 'Constraints and enumerations');
    expect(text).toMatch(/NOT NULL: \d+ of 34 columns/);
    expect(text).toContain('UNIQUE: 1 (unique constraints and unique indexes, primary keys aside): 1 single-column, 0 composite, 0 partial.');
    expect(text).toContain('| IN-list enumerations | 1 |');
    expect(text).toContain('Enumerations: 2 enforced by the database (1 enum-typed columns, 1 IN-list CHECKs).');
    expect(text).toContain('| `public.webhooks.status` | database: CHECK `webhooks_status_check` | `active`, `disabled`, `archived` | `schema.sql:99` |');
    expect(text).toContain('no application models');
  });

  it('counts indexes by kind and method and links the index findings', () => {
    const text = sub(md(saasLike(), [finding('indexes/duplicate-index', 'medium', 'webhooks', ['organization_id'], { object: 'webhooks_org_idx2' })]), 'Index inventory');
    expect(text).toContain('By method: btree ×');
    expect(text).toContain('gin ×1');
    expect(text).toMatch(/\| `public\.webhooks` \| 4 \| 1 \| 0 \| 6 \|/);
    expect(text).toContain('`indexes/duplicate-index` ×1 (details in [Indexes](#indexes))');
  });

  it('describes the tenancy model, root, coverage and score', () => {
    const text = sub(md(saasLike(), [finding('tenancy/missing-tenant-key', 'high', 'notes')]), 'Multi-tenancy');
    expect(text).toContain('**Shared tables with a tenant key:** 5 of 9 tables carry one (`organization_id` ×5).');
    expect(text).toContain('Tenant root: `public.organizations`');
    expect(text).toContain('foreign keys from tenant-key columns reference it');
    expect(text).toMatch(/\| Without one, reported by `tenancy\/missing-tenant-key` \| 1 \| 12\.5% \| `public\.notes` \|/);
    expect(text).toMatch(/\| Global \(no key, not reported\) \| 2 \|/);
    expect(text).toMatch(/Tenancy category score: [\d.]+ \(penalty 10 of 90, 1 findings/);
  });

  it('detects schema per tenant and RLS', () => {
    const mk = (schema: string) => [table('a', [col('id')], { schema }), table('b', [col('id')], { schema })];
    const cat = catalog([...mk('tenant_1'), ...mk('tenant_2'), table('t', [col('id'), col('tenant_id')], { rls: { enabled: true, forced: false, origin: { file: 'schema.sql', line: 7 } }, policies: [{ name: 'iso', command: 'ALL', permissive: true, roles: [], using: 'tenant_id = 1', origin: { file: 'schema.sql', line: 8 } }] })]);
    const text = sub(md(cat), 'Multi-tenancy');
    expect(text).toContain('**Schema per tenant:** schemas `tenant_1`, `tenant_2` hold the same 2 table names.');
    expect(text).toContain('**Row-level security:** enabled on 1 tables (0 forced), 1 policies on 1 tables.');
    expect(text).toContain('| `public.t` | yes | no | `iso` (ALL) | `schema.sql:7` |');
  });

  it('lists soft-delete styles, timestamp coverage and state columns', () => {
    const text = sub(md(saasLike()), 'Soft delete and audit');
    expect(text).toContain('Soft delete: 2 of 9 tables; styles `deleted_at` on 1, `status` on 1.');
    expect(text).toContain("`status` = 'archived'");
    expect(text).toContain('Timestamps: created on 2 of 9 tables (22.2%), updated on 1 (11.1%)');
    expect(text).toContain('History and audit tables (by name): none.');
    expect(text).toContain('| `public.tasks.status` | 2 | 1: `done_at` | none |');
    expect(text).toContain('| `public.webhooks.status` | 3 | none | none |');
  });

  it('inventories personal data, secrets and the consent columns that are absent', () => {
    const cat = saasLike();
    cat.app = { frameworks: ['laravel'], notes: [], models: [{ framework: 'laravel', name: 'Webhook', table: 'webhooks', bases: [], relationships: [], hooks: [], scopes: [], encryptedColumns: ['secret'], origin: { file: 'Webhook.php', line: 3 } }] };
    const text = sub(md(cat), 'Security and privacy');
    expect(text).toContain('Personal data (by column name and type): 2 columns on 1 tables: email ×1, name ×1.');
    expect(text).toMatch(/\| `public\.users\.email` \| email \| `citext` \| nothing in the source says \|/);
    expect(text).toContain('Secrets (password, token, API key, secret, private key by name): 2 columns; 2 say they are hashed or encrypted, 0 do not.');
    expect(text).toContain('| `public.webhooks.secret` | secret | `text` | encrypted by the application |');
    expect(text).toContain('No column found for: consent, marketing opt-in');
  });

  it('lists version counters and idempotency keys', () => {
    const text = sub(md(saasLike()), 'Optimistic locking and idempotency');
    expect(text).toContain('2 columns: idempotency key ×1, version counter ×1.');
    expect(text).toMatch(/\| `public\.webhooks\.lock_version` \| version counter \| `integer` \| no \|/);
  });

  it('recognises subsystems and the building blocks found or not', () => {
    const text = sub(md(saasLike()), 'Subsystems');
    expect(text).toContain('| API keys | 1 | `public.api_keys` |');
    expect(text).toContain('| API keys | stores a hash of the key | yes: `public.api_keys.key_digest` |');
    expect(text).toContain('| API keys | revocation | not found |');
    expect(text).toContain('| webhooks | signing secret | yes: `public.webhooks.secret` |');
    expect(text).toContain('Not recognised: ');
  });

  it('sits between the category sections and the plan in the Markdown report', () => {
    const r = review(shop(), [finding('relations/fk-missing-index', 'medium', 'orders', ['customer_id'])], [rule('relations/fk-missing-index')]);
    const out = renderMarkdown(r);
    expect(out.indexOf('## Relations')).toBeLessThan(out.indexOf('## Schema inventory'));
    expect(out.indexOf('## Schema inventory')).toBeLessThan(out.indexOf('## Prioritised plan'));
    expect(renderMarkdown(r, { inventory: false })).not.toContain('## Schema inventory');
  });
});

describe('schema inventory of examples/saas/schema.sql', () => {
  it('states facts counted from the schema file', async () => {
    const cat = await loadPostgresDdlPath('examples/saas/schema.sql');
    const r = buildReview(cat, allRules, resolveConfig(), new Date('2025-01-01T00:00:00Z'));
    const text = renderMarkdown(r);
    const inv = text.slice(text.indexOf('## Schema inventory'), text.indexOf('## Prioritised plan'));
    // 85 `GENERATED ALWAYS AS IDENTITY`, one BY DEFAULT, one serial (webhooks), one gen_random_uuid() (data_exports)
    expect(inv).toContain('| identity always | 85 | 85.0% |');
    expect(inv).toContain('| identity by default | 1 | 1.0% |');
    expect(inv).toMatch(/\| `public\.webhooks` \| `id` \| `integer` \| sequence default \|/);
    expect(inv).toMatch(/\| `public\.data_exports` \| `id` \| `uuid` \| uuid default \|/);
    // task_labels PRIMARY KEY (task_id, label_id), role_permissions PRIMARY KEY (role_id, permission_id)
    expect(inv).toContain('| `public.task_labels` | `public.tasks` ↔ `public.labels` | CASCADE / CASCADE | `task_labels_pkey` |');
    expect(inv).toContain('| `public.role_permissions` | `public.roles` ↔ `public.permissions` |');
    // organizations is the root; api_keys stores token_digest; webhooks.secret is plain text
    expect(inv).toContain('Tenant root: `public.organizations` (`examples/saas/schema.sql:184`)');
    expect(inv).toContain('| API keys | stores a hash of the key | yes: `public.api_keys.token_digest` |');
    expect(inv).toMatch(/\| `public\.webhooks\.secret` \| secret \| `text` \| nothing in the source says \| `examples\/saas\/schema\.sql:1023` \|/);
    expect(inv).toContain('| `public.users.password_hash` | password | `text` | hashed |');
    // 14 `deleted_at timestamptz` columns
    expect(inv).toMatch(/styles `deleted_at` on 14,/);
    // the report stays readable: every list is capped
    expect(inv.split('\n').length).toBeLessThan(450);
  });
});
