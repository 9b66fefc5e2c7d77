// The Prisma source: the catalog Prisma Migrate would create from a schema, with file:line on every object,
// checked on two multi-tenant fixtures (PostgreSQL; MySQL multi-file with relationMode = "prisma") and small
// inline schemas, then reviewed with every rule.
import { describe, expect, it } from 'vitest';
import type { Catalog, Table } from '../../../src/catalog/types.js';
import { UsageError } from '../../../src/errors.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { resolveConfig, type UserConfig } from '../../../src/config.js';
import { detectPrisma, loadPrisma, loadPrismaFiles } from '../../../src/sources/prisma/index.js';
import { at } from '../../helpers.js';

const fixture = (p: string) => new URL(`./fixtures/${p}`, import.meta.url).pathname;
const PG = 'test/sources/prisma/fixtures/saas-postgres/prisma/schema.prisma';
const MY = (f: string) => `test/sources/prisma/fixtures/links-mysql/prisma/schema/${f}.prisma`;

function table(catalog: Catalog, name: string): Table {
  const t = catalog.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${catalog.tables.map((x) => x.name).join(', ')}`);
  return t;
}
const col = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;
const fk = (t: Table, name: string) => t.foreignKeys.find((f) => f.name === name)!;
const ix = (t: Table, name: string) => t.indexes.find((i) => i.name === name)!;
const line = (o: { origin: unknown }) => at({ origin: o.origin } as never);

function review(catalog: Catalog, config: UserConfig = {}) {
  return runRules(catalog, allRules, resolveConfig(config));
}

describe('detectPrisma', () => {
  it('recognises a .prisma file and folders holding schema.prisma, prisma/schema.prisma or prisma/schema/*.prisma', () => {
    expect(detectPrisma(fixture('saas-postgres/prisma/schema.prisma'))).toBe(true);
    expect(detectPrisma(fixture('saas-postgres/prisma'))).toBe(true);
    expect(detectPrisma(fixture('saas-postgres'))).toBe(true);
    expect(detectPrisma(fixture('links-mysql'))).toBe(true);
    expect(detectPrisma(fixture('links-mysql/prisma/schema'))).toBe(true);
  });

  it('says no to SQL files, folders without a schema and paths that do not exist', () => {
    expect(detectPrisma(new URL('../../fixtures/tenant-small.sql', import.meta.url).pathname)).toBe(false);
    expect(detectPrisma(new URL('../../fixtures', import.meta.url).pathname)).toBe(false);
    expect(detectPrisma(fixture('no-such-folder'))).toBe(false);
  });
});

describe('PostgreSQL fixture (prisma/schema.prisma, snake_case mapping)', async () => {
  const catalog = await loadPrisma(fixture('saas-postgres'));

  it('reads the provider and the file', () => {
    expect(catalog.source).toMatchObject({ kind: 'prisma-schema', dialect: 'postgres', files: [PG] });
    expect(catalog.schemas).toEqual(['public']);
    expect(catalog.warnings).toEqual([]);
    expect(catalog.enforcement).toBeUndefined();
    expect(catalog.tables.map((t) => t.name)).toEqual([
      'organizations',
      'users',
      'memberships',
      'projects',
      'tasks',
      'comments',
      'labels',
      'audit_logs',
      'invoices',
      '_LabelToTask',
    ]);
  });

  it('maps tables and columns (@@map, @map), with the model and field lines', () => {
    const orgs = table(catalog, 'organizations');
    expect(line(orgs)).toBe(`${PG}:26`);
    expect(orgs.columns.map((c) => c.name)).toEqual(['id', 'name', 'slug', 'created_at', 'updated_at']);
    expect(col(orgs, 'id')).toMatchObject({ dataType: 'uuid', family: 'uuid', nullable: false, autoIncrement: false });
    expect(col(orgs, 'id').default).toBeUndefined(); // uuid() is filled in by Prisma Client, not the database
    expect(col(orgs, 'name')).toMatchObject({ dataType: 'character varying(200)', family: 'varchar', length: 200 });
    expect(col(orgs, 'slug')).toMatchObject({ dataType: 'text', family: 'text' });
    expect(col(orgs, 'created_at')).toMatchObject({ dataType: 'timestamp(3) without time zone', family: 'timestamp', default: 'CURRENT_TIMESTAMP' });
    expect(line(col(orgs, 'created_at'))).toBe(`${PG}:30`);
    expect(col(orgs, 'updated_at').default).toBeUndefined(); // @updatedAt is set by Prisma Client
  });

  it('maps scalar and native types the way Prisma Migrate creates them on PostgreSQL', () => {
    const tasks = table(catalog, 'tasks');
    expect(col(tasks, 'id')).toMatchObject({ dataType: 'bigint', autoIncrement: true, default: `nextval('tasks_id_seq'::regclass)` });
    expect(col(tasks, 'status')).toMatchObject({ dataType: '"TaskStatus"', family: 'enum', default: `'TODO'::"TaskStatus"`, enumValues: ['TODO', 'IN_PROGRESS', 'DONE'] });
    expect(col(tasks, 'estimate')).toMatchObject({ dataType: 'numeric(10,2)', family: 'numeric', precision: 10, scale: 2, nullable: true });
    expect(col(tasks, 'title')).toMatchObject({ dataType: 'character varying(500)', length: 500 });
    const members = table(catalog, 'memberships');
    expect(col(members, 'role')).toMatchObject({ dataType: 'member_role', default: `'member'::member_role`, enumValues: ['owner', 'admin', 'member'] });
    expect(col(members, 'joined_at')).toMatchObject({ dataType: 'timestamp(6) with time zone', family: 'timestamptz' });
    expect(col(table(catalog, 'labels'), 'color')).toMatchObject({ dataType: 'character(7)', family: 'char', default: `'#cccccc'::bpchar` });
    expect(col(table(catalog, 'audit_logs'), 'payload')).toMatchObject({ dataType: 'jsonb', family: 'json', default: `'{}'::jsonb` });
    expect(col(table(catalog, 'invoices'), 'issued_at')).toMatchObject({ dataType: 'timestamp(3) with time zone', family: 'timestamptz' });
    expect(catalog.sequences.find((s) => s.name === 'tasks_id_seq')).toMatchObject({ dataType: 'bigint', ownedBy: 'public.tasks.id' });
    expect(catalog.enums.map((e) => [e.name, e.values, line(e)])).toEqual([
      ['member_role', ['owner', 'admin', 'member'], `${PG}:12`],
      ['TaskStatus', ['TODO', 'IN_PROGRESS', 'DONE'], `${PG}:20`],
    ]);
  });

  it('creates primary keys and indexes named as Prisma names them, at the attribute lines', () => {
    const members = table(catalog, 'memberships');
    expect(members.primaryKey).toEqual({ name: 'memberships_pkey', columns: ['organization_id', 'user_id'], origin: { file: PG, line: 64 } });
    expect(ix(members, 'memberships_pkey')).toMatchObject({ primary: true, unique: true, constraint: 'memberships_pkey' });
    expect(line(ix(members, 'memberships_user_id_idx'))).toBe(`${PG}:65`);
    const orgs = table(catalog, 'organizations');
    expect(ix(orgs, 'organizations_slug_key')).toMatchObject({ unique: true, primary: false, columns: ['slug'], method: 'btree' });
    expect(line(ix(orgs, 'organizations_slug_key'))).toBe(`${PG}:29`);
    expect(orgs.uniques).toEqual([]); // Prisma creates unique indexes, not unique constraints
    const projects = table(catalog, 'projects');
    expect(line(ix(projects, 'projects_organization_id_slug_key'))).toBe(`${PG}:81`);
    const invoices = table(catalog, 'invoices');
    expect(ix(invoices, 'invoices_org_number_uq')).toMatchObject({ unique: true, columns: ['organization_id', 'number'] });
    expect(line(ix(invoices, 'invoices_org_number_uq'))).toBe(`${PG}:155`);
    const comments = table(catalog, 'comments');
    expect(ix(comments, 'comments_task_id_created_at_idx').definition).toBe(
      'CREATE INDEX comments_task_id_created_at_idx ON public.comments USING btree (task_id, created_at DESC)',
    );
  });

  it('creates foreign keys with declared or default referential actions, at the @relation line', () => {
    const tasks = table(catalog, 'tasks');
    expect(fk(tasks, 'tasks_project_id_fkey')).toMatchObject({ columns: ['project_id'], refSchema: 'public', refTable: 'projects', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'cascade' });
    expect(line(fk(tasks, 'tasks_project_id_fkey'))).toBe(`${PG}:96`);
    // Optional relation without onDelete: SET NULL; required: RESTRICT; onUpdate defaults to CASCADE.
    expect(fk(tasks, 'tasks_assignee_id_fkey')).toMatchObject({ refTable: 'users', onDelete: 'set null', onUpdate: 'cascade' });
    expect(fk(table(catalog, 'comments'), 'comments_author_id_fkey')).toMatchObject({ onDelete: 'restrict', onUpdate: 'cascade' });
    expect(line(fk(table(catalog, 'comments'), 'comments_author_id_fkey'))).toBe(`${PG}:115`);
    expect(fk(table(catalog, 'invoices'), 'invoices_organization_id_fkey').onDelete).toBe('restrict');
    expect(catalog.tables.flatMap((t) => t.foreignKeys).every((f) => f.enforced === undefined)).toBe(true);
  });

  it('creates the implicit many-to-many table _LabelToTask with columns A and B', () => {
    const join = table(catalog, '_LabelToTask');
    expect(join.columns.map((c) => [c.name, c.dataType, c.nullable])).toEqual([
      ['A', 'integer', false],
      ['B', 'bigint', false],
    ]);
    expect(join.indexes.map((i) => [i.name, i.columns, i.unique])).toEqual([
      ['_LabelToTask_AB_unique', ['A', 'B'], true],
      ['_LabelToTask_B_index', ['B'], false],
    ]);
    expect(join.foreignKeys.map((f) => [f.name, f.refTable, f.onDelete, f.onUpdate])).toEqual([
      ['_LabelToTask_A_fkey', 'labels', 'cascade', 'cascade'],
      ['_LabelToTask_B_fkey', 'tasks', 'cascade', 'cascade'],
    ]);
    expect(line(join)).toBe(`${PG}:127`); // Label.tasks, on the side of the model named first
  });

  it('fills the application facts: one model per model, relationships with their lines', () => {
    const app = catalog.app!;
    expect(app.frameworks).toEqual(['prisma']);
    expect(app.notes).toEqual([]);
    expect(app.models.map((m) => [m.name, m.table])).toContainEqual(['Task', 'public.tasks']);
    expect(app.models).toHaveLength(9);
    const task = app.models.find((m) => m.name === 'Task')!;
    expect(line(task)).toBe(`${PG}:85`);
    expect(task.relationships.map((r) => [r.name, r.kind, r.target, r.columns, r.onDelete, line(r)])).toEqual([
      ['organization', 'belongs-to', 'Organization', ['organization_id'], 'Cascade', `${PG}:95`],
      ['project', 'belongs-to', 'Project', ['project_id'], 'Cascade', `${PG}:96`],
      ['assignee', 'belongs-to', 'User', ['assignee_id'], 'SetNull', `${PG}:97`],
      ['comments', 'has-many', 'Comment', ['task_id'], 'Cascade', `${PG}:98`],
      ['labels', 'many-to-many', 'Label', undefined, undefined, `${PG}:99`],
    ]);
    expect(task.relationships.find((r) => r.name === 'labels')).toMatchObject({ through: 'public._LabelToTask', inverse: 'tasks' });
  });

  it('with every rule: finds the nullable tenant key and the unindexed relations, and leaves the correct ones alone', () => {
    const run = review(catalog);
    const nullable = run.findings.filter((f) => f.ruleId === 'tenancy/nullable-tenant-key');
    expect(nullable.map((f) => [f.table, f.columns, at(f)])).toEqual([['public.audit_logs', ['organization_id'], `${PG}:135`]]);
    const unindexed = run.findings.filter((f) => f.ruleId === 'relations/unindexed-foreign-key');
    expect(unindexed.map((f) => [f.object, at(f)]).sort()).toEqual([
      ['comments_author_id_fkey', `${PG}:115`],
      ['tasks_assignee_id_fkey', `${PG}:97`],
    ]);
    // Comment carries organization_id without a relation to Organization: the only tenant key without a foreign key.
    const withoutFk = run.findings.filter((f) => f.ruleId === 'tenancy/tenant-key-without-fk');
    expect(withoutFk.map((f) => [f.table, f.columns, at(f)])).toEqual([['public.comments', ['organization_id'], `${PG}:108`]]);
    expect(run.findings.filter((f) => f.ruleId === 'relations/missing-foreign-key')).toEqual([]);
    // Every finding points inside the schema file.
    for (const f of run.findings) expect(at(f)).toMatch(/^test\/sources\/prisma\/fixtures\/saas-postgres\/prisma\/schema\.prisma:\d+$/);
  });
});

describe('MySQL fixture (multi-file prisma/schema/, relationMode = "prisma")', async () => {
  const catalog = await loadPrisma(fixture('links-mysql'));
  const config: UserConfig = { tenantKeys: ['workspaceId'] };

  it('reads every file of the schema folder and the MySQL provider', () => {
    expect(catalog.source.dialect).toBe('mysql');
    expect(catalog.source.files).toEqual(['link', 'schema', 'webhook', 'workspace'].map(MY));
    expect(catalog.schemas).toEqual([]);
    expect(catalog.tables.map((t) => t.name).sort()).toEqual(['Domain', 'Link', 'LinkTag', 'Tag', 'User', 'Webhook', 'WebhookDelivery', 'Workspace', 'WorkspaceUser']);
    expect(catalog.warnings).toEqual([]);
  });

  it('maps types the way Prisma Migrate creates them on MySQL', () => {
    const link = table(catalog, 'Link');
    expect(link.schema).toBe('');
    expect(line(link)).toBe(`${MY('link')}:13`);
    expect(col(link, 'id')).toMatchObject({ dataType: 'varchar(191)', family: 'varchar', length: 191 });
    expect(col(link, 'url')).toMatchObject({ dataType: 'longtext', family: 'text' });
    expect(col(link, 'clicks')).toMatchObject({ dataType: 'int', family: 'integer', default: '0' });
    expect(col(link, 'createdAt')).toMatchObject({ dataType: 'datetime(3)', family: 'timestamp', default: 'CURRENT_TIMESTAMP(3)' });
    expect(col(table(catalog, 'Domain'), 'verified')).toMatchObject({ dataType: 'tinyint(1)', family: 'boolean', default: 'false' });
    expect(col(table(catalog, 'WorkspaceUser'), 'role')).toMatchObject({ dataType: "enum('owner','member')", family: 'enum', default: "'member'", enumValues: ['owner', 'member'] });
    const delivery = table(catalog, 'WebhookDelivery');
    expect(col(delivery, 'id')).toMatchObject({ dataType: 'bigint unsigned', unsigned: true, autoIncrement: true });
    expect(col(delivery, 'id').default).toBeUndefined();
    expect(col(delivery, 'sentAt')).toMatchObject({ dataType: 'timestamp(0)', family: 'timestamptz', default: 'CURRENT_TIMESTAMP(0)' });
    expect(catalog.enums).toEqual([]); // MySQL writes enum(…) on the column
    expect(catalog.sequences).toEqual([]);
  });

  it('names keys and indexes as on MySQL, with prefix lengths, sort order and full-text indexes', () => {
    const link = table(catalog, 'Link');
    expect(link.primaryKey).toMatchObject({ name: 'PRIMARY', columns: ['id'] });
    expect(ix(link, 'Link_domain_key_key')).toMatchObject({ unique: true, columns: ['domain', 'key'] });
    expect(line(ix(link, 'Link_domain_key_key'))).toBe(`${MY('link')}:29`);
    expect(line(ix(link, 'Link_userId_idx'))).toBe(`${MY('link')}:31`); // @@index(userId), without brackets
    expect(ix(link, 'Link_workspaceId_url_idx')).toMatchObject({ keyParts: ['workspaceId', 'url(500)'] });
    expect(ix(link, 'Link_workspaceId_createdAt_idx').definition).toBe('CREATE INDEX `Link_workspaceId_createdAt_idx` ON `Link` (`workspaceId`, `createdAt` DESC)');
    expect(ix(table(catalog, 'LinkTag'), 'LinkTag_linkId_idx')).toMatchObject({ method: 'fulltext', unique: false });
  });

  it('keeps the relations as foreign keys the database does not enforce, and says so once', () => {
    expect(catalog.enforcement).toEqual({ foreignKeysEnforced: false });
    const all = catalog.tables.flatMap((t) => t.foreignKeys);
    expect(all).toHaveLength(11);
    expect(all.every((f) => f.enforced === false)).toBe(true);
    const webhook = table(catalog, 'Webhook');
    expect(fk(webhook, 'Webhook_workspaceId_fkey')).toMatchObject({ refTable: 'Workspace', onDelete: 'cascade', onUpdate: 'cascade' });
    expect(line(fk(webhook, 'Webhook_workspaceId_fkey'))).toBe(`${MY('webhook')}:8`);
    // No foreign key in the database, so InnoDB creates no index for it either.
    expect(webhook.indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect(fk(table(catalog, 'Link'), 'Link_domain_fkey')).toMatchObject({ refTable: 'Domain', refColumns: ['slug'], onDelete: 'restrict' });
    expect(catalog.app!.notes).toHaveLength(1);
    const note = catalog.app!.notes[0];
    expect(note.kind).toBe('relation-mode-prisma');
    expect(note.message).toContain('referential integrity is not enforced by the database');
    expect(line(note)).toBe(`${MY('schema')}:5`);
    const link = catalog.app!.models.find((m) => m.name === 'Link')!;
    expect(link.relationships.map((r) => [r.name, r.kind, r.target, line(r)])).toEqual([
      ['shortDomain', 'belongs-to', 'Domain', `${MY('link')}:24`],
      ['workspace', 'belongs-to', 'Workspace', `${MY('link')}:25`],
      ['user', 'belongs-to', 'User', `${MY('link')}:26`],
      ['tags', 'has-many', 'LinkTag', `${MY('link')}:27`],
    ]);
  });

  it('with every rule: reports the unindexed relation scalar at its @relation line, the nullable tenant key, and honours the inline ignore', () => {
    const run = review(catalog, config);
    const unindexed = run.findings.filter((f) => f.ruleId === 'relations/unindexed-foreign-key');
    expect(unindexed.map((f) => [f.table, f.columns, at(f)])).toEqual([['Webhook', ['workspaceId'], `${MY('webhook')}:8`]]);
    expect(unindexed[0].message).toContain('the database does not enforce this key');
    expect(unindexed[0].fix).toEqual([{ op: 'add-index', schema: '', table: 'Webhook', columns: ['workspaceId'] }]);
    const ignored = run.ignored.filter((i) => i.finding.ruleId === 'relations/unindexed-foreign-key');
    expect(ignored.map((i) => [i.finding.table, at(i.finding)])).toEqual([['WebhookDelivery', `${MY('webhook')}:18`]]);
    const nullable = run.findings.filter((f) => f.ruleId === 'tenancy/nullable-tenant-key');
    expect(nullable.map((f) => [f.table, f.columns, at(f)])).toEqual([['Link', ['workspaceId'], `${MY('link')}:19`]]);
  });
});

const MYSQL_LINKS = `datasource db {
  provider = "mysql"
}

model Workspace {
  id       String    @id @default(cuid())
  webhooks Webhook[]
}

model Webhook {
  id          String    @id @default(cuid())
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
}
`;

describe('inline schemas', () => {
  it('MySQL with foreign keys: InnoDB gives each foreign key an index, so no relation is left unindexed', async () => {
    const catalog = await loadPrismaFiles([{ path: 'schema.prisma', text: MYSQL_LINKS }]);
    expect(catalog.enforcement).toBeUndefined();
    const webhook = table(catalog, 'Webhook');
    expect(fk(webhook, 'Webhook_workspaceId_fkey')).toMatchObject({ onDelete: 'restrict', onUpdate: 'cascade' });
    expect(fk(webhook, 'Webhook_workspaceId_fkey').enforced).toBeUndefined();
    expect(ix(webhook, 'Webhook_workspaceId_fkey')).toMatchObject({ columns: ['workspaceId'], unique: false, origin: { file: 'schema.prisma', line: 13 } });
    expect(review(catalog).findings.filter((f) => f.ruleId === 'relations/unindexed-foreign-key')).toEqual([]);
  });

  it('SQLite: Prisma’s SQLite types and no enum types', async () => {
    const catalog = await loadPrismaFiles([
      {
        path: 'dev.prisma',
        text: `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}
enum Kind {
  A
  B
}
model Event {
  id      Int      @id @default(autoincrement())
  kind    Kind     @default(A)
  at      DateTime @default(now())
  data    Json?
  amount  Decimal
  ok      Boolean  @default(true)
}
`,
      },
    ]);
    expect(catalog.source.dialect).toBe('sqlite');
    const ev = table(catalog, 'Event');
    expect(ev.columns.map((c) => [c.name, c.dataType, c.family, c.default ?? null])).toEqual([
      ['id', 'INTEGER', 'integer', null],
      ['kind', 'TEXT', 'text', "'A'"],
      ['at', 'DATETIME', 'timestamp', 'CURRENT_TIMESTAMP'],
      ['data', 'JSONB', 'json', null],
      ['amount', 'DECIMAL', 'numeric', null],
      ['ok', 'BOOLEAN', 'boolean', 'true'],
    ]);
    expect(col(ev, 'id').autoIncrement).toBe(true);
    expect(catalog.enums).toEqual([]);
  });

  it('reads what Prisma’s engine leaves out: Unsupported types, @ignore fields, @@ignore models; views become views', async () => {
    const catalog = await loadPrismaFiles([
      {
        path: 'schema.prisma',
        text: `datasource db {
  provider = "postgresql"
}
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["views"]
}
model Document {
  id      Int                      @id @default(autoincrement())
  search  Unsupported("tsvector")?
  legacy  String?                  @ignore
  @@index([id])
}
model LegacyImport {
  id  Int @id
  raw String
  @@ignore
}
view DocumentStats {
  id    Int @id @unique
  words Int
}
`,
      },
    ]);
    const doc = table(catalog, 'Document');
    expect(doc.columns.map((c) => [c.name, c.dataType, c.family, c.nullable])).toEqual([
      ['id', 'integer', 'integer', false],
      ['search', 'tsvector', 'other', true],
      ['legacy', 'text', 'text', true],
    ]);
    expect(line(col(doc, 'search'))).toBe('schema.prisma:10');
    expect(table(catalog, 'LegacyImport')).toMatchObject({ kind: 'table', primaryKey: { name: 'LegacyImport_pkey', columns: ['id'] } });
    const view = table(catalog, 'DocumentStats');
    expect(view).toMatchObject({ kind: 'view', indexes: [], foreignKeys: [] });
    expect(view.primaryKey).toBeUndefined();
    expect(catalog.app!.models.map((m) => m.name)).toEqual(['Document', 'LegacyImport']);
  });

  it('keeps @@schema and cuts default names to PostgreSQL’s 63 bytes as Prisma does', async () => {
    const long = 'a_very_long_table_name_that_goes_on_and_on';
    const catalog = await loadPrismaFiles([
      {
        path: 'schema.prisma',
        text: `datasource db {
  provider = "postgresql"
  schemas  = ["app", "audit"]
}
model Thing {
  id                                  Int @id @default(autoincrement())
  another_fairly_long_column_name     Int
  @@index([another_fairly_long_column_name])
  @@map("${long}")
  @@schema("audit")
}
`,
      },
    ]);
    const t = table(catalog, long);
    expect(t.schema).toBe('audit');
    expect(catalog.schemas).toEqual(['audit']);
    const name = t.indexes.find((i) => !i.primary)!.name;
    // `{table}_{columns}` is cut to 63 - 4 bytes before `_idx` is added.
    expect(name).toBe(`${long}_another_fairly_l_idx`);
    expect(Buffer.byteLength(name)).toBe(63);
    expect(col(t, 'id').default).toBe(`nextval('audit.${long}_id_seq'::regclass)`);
    expect((await loadPrismaFiles([{ path: 's.prisma', text: 'datasource db {\n  provider = "postgresql"\n  schemas = ["app", "audit"]\n}\nmodel T {\n  id Int @id\n  @@schema("app")\n}\n' }], { schemas: ['audit'] })).tables).toEqual([]);
  });
});

describe('errors', () => {
  const load = (text: string, path = 'schema.prisma') => loadPrismaFiles([{ path, text }]);

  it('turns the engine’s validation error into one line naming file:line', async () => {
    const err = await load(`datasource db {
  provider = "postgresql"
}
model A {
  id   Int @id
  b    B   @relation(fields: [bId], references: [id])
  bId  Int
}
`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^schema\.prisma:6: /);
    expect(message).toContain('B');
  });

  it('names the file of a multi-file schema in which the error is', async () => {
    const err = await loadPrismaFiles([
      { path: 'prisma/schema/main.prisma', text: 'datasource db {\n  provider = "mysql"\n}\n' },
      { path: 'prisma/schema/post.prisma', text: 'model Post {\n  id Int @id\n  id2 Int @id\n}\n' },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^prisma\/schema\/post\.prisma:\d+: /);
  });

  it('reports a syntax error at its line', async () => {
    const err = await load('datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id Int @id\n  x String @@@ oops\n}\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^schema\.prisma:6: /);
  });

  it('asks for a datasource and a relational provider', async () => {
    await expect(load('model A {\n  id Int @id\n}\n')).rejects.toThrow(/no datasource block/);
    await expect(load('datasource db {\n  provider = "mongodb"\n}\n')).rejects.toThrow(/^schema\.prisma:2: datasource provider "mongodb" is not supported/);
  });

  it('says what is missing for a folder without a schema', async () => {
    await expect(loadPrisma(new URL('../../fixtures', import.meta.url).pathname)).rejects.toThrow(/no Prisma schema found/);
  });
});

describe('reports', () => {
  it('a Prisma catalog renders to Markdown and JSON, with findings at their schema lines', async () => {
    const { buildReview } = await import('../../../src/review.js');
    const { renderMarkdown } = await import('../../../src/report/markdown.js');
    const { renderJson, parseJsonReport } = await import('../../../src/report/json.js');
    for (const target of ['saas-postgres', 'links-mysql']) {
      const review = buildReview(await loadPrisma(fixture(target)), allRules, resolveConfig({ tenantKeys: ['organization_id', 'workspaceId'] }), new Date(0));
      expect(review.incomplete).toBe(false);
      const md = renderMarkdown(review);
      expect(md).toContain('.prisma:');
      const json = parseJsonReport(renderJson(review));
      expect(json.findings.length).toBe(review.findings.length);
    }
  });
});
