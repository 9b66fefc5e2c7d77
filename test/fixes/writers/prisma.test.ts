// The Prisma plan writer on the SaaS fixture (PostgreSQL): the edited schema passes Prisma's own validator and keeps
// what it does not change; reloaded by schemascope's Prisma source, the findings of the steps it says are gone and the
// others stay; the migrations apply to the embedded PostgreSQL loaded with the schema's DDL, one script at a time as
// Prisma Migrate sends them, leave exactly what the edited schema describes, and their down.sql files undo them.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type { Catalog } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import type { FixOp } from '../../../src/fixes/operations.js';
import { buildPlan, type Plan, type PlanStep } from '../../../src/fixes/plan.js';
import { objectName } from '../../../src/fixes/quote.js';
import { writePrismaPlan } from '../../../src/fixes/writers/prisma.js';
import type { WrittenPlan } from '../../../src/fixes/writers/types.js';
import { buildReview } from '../../../src/review.js';
import { allRules } from '../../../src/rules/index.js';
import { loadSource } from '../../../src/sources/detect.js';
import { loadPostgresDdlPath } from '../../../src/sources/postgres/ddl.js';
import { withEmbeddedPostgres } from '../../../src/sources/postgres/embedded.js';
import { loadMysqlDdl, loadMysqlLive } from '../../../src/sources/mysql/index.js';
import { mysqlUrlFor, requireMysql, scratchMysqlDatabase } from '../../sources/mysql/servers.js';
import mysql from 'mysql2/promise';
import { introspect } from '../../../src/sources/postgres/introspect.js';
import { readDatamodel } from '../../../src/sources/prisma/dmmf.js';

const FIXTURE = 'test/sources/prisma/fixtures/saas-postgres';
const DDL = 'test/fixes/writers/fixtures/saas-postgres.sql';
const NOW = new Date('2025-06-01T12:00:00Z');

const LINKS = 'test/sources/prisma/fixtures/links-mysql';
const LINKS_DDL = 'test/fixes/writers/fixtures/links-mysql.sql';

/**
 * MySQL's spellings folded: MariaDB prints current_timestamp(), Prisma CURRENT_TIMESTAMP; a boolean default false is 0;
 * a precision of 0 is the default one (the server prints timestamp(0) as timestamp).
 */
function mysqlShape(catalog: Catalog) {
  const def = (d: string | undefined) => {
    if (d === undefined) return null;
    const t = d.toLowerCase().replace(/^current_timestamp\((0)?\)$/, 'current_timestamp');
    return t === 'false' ? '0' : t === 'true' ? '1' : t;
  };
  const type = (t: string) => t.replace(/^(timestamp|datetime|time)\(0\)$/, '$1');
  return catalog.tables
    .map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => [c.name, type(c.dataType), c.nullable, def(c.default), c.autoIncrement]),
      primaryKey: t.primaryKey?.columns ?? null,
      // The Prisma source does not carry DESC into MySQL key parts; the order of the index's columns is what matters here.
      indexes: t.indexes.map((i) => [i.name, i.columns, i.unique, i.keyParts.map((k) => k.replace(/ DESC$/, ''))]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      foreignKeys: t.foreignKeys.filter((f) => f.enforced !== false).map((f) => f.name),
      checks: t.checks.map((c) => c.name).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function keys(catalog: Catalog): string[] {
  return buildReview(catalog, allRules, resolveConfig({})).findings.map((f) => f.key);
}

/** A copy of the fixture with the written files in place; returns its folder. */
function applied(fixture: string, written: WrittenPlan): string {
  const root = mkdtempSync(join(tmpdir(), 'schemascope-prisma-'));
  cpSync(fixture, root, { recursive: true });
  for (const f of written.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  return root;
}

/** Step numbers whose every operation the schema edit says (the notes name the others). */
function saidSteps(plan: Plan, written: WrittenPlan): Set<number> {
  const sqlOnly = new Set(written.notes.map((n) => /^Step (\d+) \(.*\) is in the SQL migration only/.exec(n)?.[1]).filter(Boolean).map(Number));
  const skipped = new Set(written.notes.map((n) => /^Step (\d+) \(.*\) was (not written|left out)/.exec(n)?.[1]).filter(Boolean).map(Number));
  return new Set(plan.steps.map((s) => s.number).filter((n) => !sqlOnly.has(n) && !skipped.has(n)));
}

/** What Prisma Migrate compares: columns, keys and indexes (not checks, which Prisma does not model). */
function shape(catalog: Catalog, skip: string[] = []) {
  // Prisma compares defaults by value: now() is CURRENT_TIMESTAMP, and a literal keeps its value whatever its cast
  // (ALTER … TYPE leaves a default's old cast, '#cccccc'::bpchar, on the new varchar column).
  const def = (d: string | undefined) => (d === undefined ? null : /^(now\(\)|CURRENT_TIMESTAMP)$/i.test(d) ? 'now' : d.replace(/^('(?:[^']|'')*')::[a-z ]+$/, '$1'));
  return catalog.tables
    .filter((t) => !skip.includes(t.name))
    .map((t) => ({
      name: `${t.schema}.${t.name}`,
      columns: t.columns.map((c) => [c.name, c.dataType, c.nullable, def(c.default)]).sort(),
      primaryKey: t.primaryKey ? [t.primaryKey.name, t.primaryKey.columns] : null,
      foreignKeys: t.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.refColumns, f.onDelete, f.onUpdate]).sort(),
      indexes: t.indexes.map((i) => [i.name, i.columns, i.unique, i.keyParts]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function engineCatalog(db: PGlite): Promise<Catalog> {
  const found = await introspect({ query: async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows }, { liveStats: false });
  return { ...found, source: { kind: 'postgres-live', location: 'embedded', dialect: 'postgres' } } as Catalog;
}

describe('Prisma plan writer: the SaaS fixture on PostgreSQL', () => {
  let catalog: Catalog;
  let plan: Plan;
  let written: WrittenPlan;
  let root: string;

  beforeAll(async () => {
    catalog = await loadSource(FIXTURE);
    plan = buildPlan(buildReview(catalog, allRules, resolveConfig({})).findings, catalog);
    written = writePrismaPlan({ plan, catalog, now: NOW });
    root = applied(FIXTURE, written);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('edits prisma/schema.prisma in place, and the result passes Prisma\'s own validator', () => {
    const schema = written.files.filter((f) => f.path.endsWith('.prisma'));
    expect(schema.map((f) => f.path)).toEqual(['prisma/schema.prisma']);
    const result = readDatamodel([[schema[0].path, schema[0].content.replace(/^\s*url\s*=.*$/m, '')]]);
    expect('error' in result ? result.error : undefined).toBeUndefined();
  });

  it('leaves the blocks it does not change byte for byte, and keeps the comments of those it does', () => {
    const before = readFileSync(join(FIXTURE, 'prisma/schema.prisma'), 'utf8');
    const after = written.files.find((f) => f.path === 'prisma/schema.prisma')!.content;
    // enum Role aligns its values by hand: prisma-ast would print them differently, so the block was not reprinted
    const role = before.slice(before.indexOf('enum Role'), before.indexOf('}', before.indexOf('enum Role')) + 1);
    expect(after).toContain(role);
    expect(after.startsWith(before.slice(0, before.indexOf('enum TaskStatus')))).toBe(true);
    for (const c of before.split('\n').filter((l) => l.includes('//')).map((l) => l.slice(l.indexOf('//')))) expect(after).toContain(c);
  });

  it('says in the schema what it can, and lists in the notes what stays in the SQL, with the reason', () => {
    const after = written.files.find((f) => f.path === 'prisma/schema.prisma')!.content;
    // the missing tenant foreign key: a relation field named after its scalar, a back-relation, the SQL's actions
    expect(after).toMatch(/organization +Organization +@relation\(fields: \[organizationId\], references: \[id\], onDelete: NoAction, onUpdate: NoAction\)/);
    expect(after).toMatch(/comments +Comment\[\]\n/);
    expect(after).toMatch(/@@index\(\[authorId\]\)/);
    expect(after).toMatch(/project +Project +@relation\(fields: \[projectId\], references: \[id\], onDelete: Restrict\)/);
    expect(after).toMatch(/projectId +BigInt +@map\("project_id"\)/);
    expect(after).toMatch(/color +String +@default\("#cccccc"\) @db\.VarChar\(7\)/);
    const notes = written.notes.join('\n');
    expect(notes).toMatch(/\(add-check invoices invoices_amount_non_negative\) is in the SQL migration only: Prisma's schema has no check constraints/);
    expect(notes).toMatch(/\(add-primary-key _LabelToTask \(A, B\)\) is in the SQL migration only: .*implicit many-to-many table/);
    expect(notes).toMatch(/Project\.id changes from Int to BigInt \(number → bigint\)/);
    expect(notes).toMatch(/no migrations folder .*`prisma db push`/);
  });

  it('runs CONCURRENTLY and NOT VALID / VALIDATE statements each in a migration of its own, the rest together', () => {
    const ups = written.files.filter((f) => f.path.endsWith('/migration.sql'));
    expect(ups.map((f) => f.path)).toEqual([...ups.map((f) => f.path)].sort());
    for (const f of ups) {
      const statements = f.content.split('\n').filter((l) => l && !l.startsWith('--'));
      if (statements.some((s) => /CONCURRENTLY|NOT VALID|VALIDATE CONSTRAINT/.test(s))) expect(statements, f.path).toHaveLength(1);
    }
    expect(ups.some((f) => f.content.split('\n').filter((l) => /^ALTER TABLE/.test(l)).length > 1)).toBe(true);
    expect(ups[0].path).toBe('prisma/migrations/20250601120000_schemascope_immediate_1/migration.sql');
  });

  it('round trip: reloaded, the findings of the steps the schema says are gone, and the others stay', async () => {
    const before = keys(catalog);
    const after = keys(await loadSource(root));
    const said = saidSteps(plan, written);
    const fixed = plan.steps.filter((s) => said.has(s.number)).flatMap((s) => s.fixes.map((f) => f.key));
    const unsaid = plan.steps.filter((s) => !said.has(s.number)).flatMap((s) => s.fixes.map((f) => f.key));
    expect(fixed.length).toBeGreaterThan(10);
    expect(after.filter((k) => fixed.includes(k))).toEqual([]);
    expect(before.filter((k) => !fixed.includes(k)).filter((k) => !after.includes(k))).toEqual([]);
    expect(unsaid.every((k) => after.includes(k))).toBe(true);
    expect(after.filter((k) => !before.includes(k))).toEqual([]);
  });

  it('the DDL fixture is what Prisma Migrate creates for the original schema', async () => {
    expect(shape(await loadPostgresDdlPath(DDL))).toEqual(shape(catalog));
  });

  it('applies to PostgreSQL script by script, leaves what the edited schema says, and the down.sql files restore the original', async () => {
    const edited = await loadSource(root);
    const folders = [...new Set(written.files.filter((f) => f.path.includes('/migrations/')).map((f) => dirname(f.path)))].sort();
    const file = (folder: string, name: string) => written.files.find((f) => f.path === `${folder}/${name}`)?.content;
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(readFileSync(DDL, 'utf8'));
      const original = shape(await engineCatalog(db));
      for (const folder of folders) {
        // One script per migration, as Prisma Migrate sends it: several statements run as one implicit transaction.
        await expect(db.exec(file(folder, 'migration.sql')!).then(() => 'applied'), folder).resolves.toBe('applied');
      }
      // The implicit many-to-many table is Prisma's own: the SQL gave it a primary key and columns the schema cannot say.
      expect(shape(await engineCatalog(db), ['_LabelToTask'])).toEqual(shape(edited, ['_LabelToTask']));
      for (const folder of [...folders].reverse()) {
        const downs = written.files.filter((f) => dirname(f.path) === folder && /^down(\.\d+)?\.sql$/.test(f.path.split('/').pop()!));
        downs.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
        for (const d of downs) await db.exec(d.content);
      }
      expect(shape(await engineCatalog(db))).toEqual(original);
    });
  });
});

describe('Prisma plan writer: the links fixture on MySQL (multi-file schema, relationMode = "prisma")', () => {
  let catalog: Catalog;
  let plan: Plan;
  let written: WrittenPlan;
  let root: string;

  beforeAll(async () => {
    catalog = await loadSource(LINKS);
    plan = buildPlan(buildReview(catalog, allRules, resolveConfig({})).findings, catalog);
    written = writePrismaPlan({ plan, catalog, now: NOW });
    root = applied(LINKS, written);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('edits the files of the models it changes, and the schema passes Prisma\'s validator', () => {
    const schema = written.files.filter((f) => f.path.endsWith('.prisma'));
    expect(schema.length).toBeGreaterThan(1);
    expect(schema.every((f) => f.path.startsWith('prisma/schema/'))).toBe(true);
    const all = ['link', 'schema', 'webhook', 'workspace'].map((n): [string, string] => {
      const path = `prisma/schema/${n}.prisma`;
      const text = schema.find((f) => f.path === path)?.content ?? readFileSync(join(LINKS, path), 'utf8');
      return [path, text.replace(/^\s*url\s*=.*$/m, '')];
    });
    const result = readDatamodel(all);
    expect('error' in result ? result.error : undefined).toBeUndefined();
    // Migrations go beside the file with the datasource block.
    expect(written.files.filter((f) => f.path.endsWith('migration.sql')).every((f) => f.path.startsWith('prisma/schema/migrations/'))).toBe(true);
  });

  it('leaves out a step Prisma\'s validator refuses, and the step that relies on it; a relation change Prisma emulates needs no SQL', () => {
    const notes = written.notes.join('\n');
    // Domain.slug is what Link.shortDomain references: it must stay unique.
    expect(notes).toMatch(/Step 1 \(replace-unique-domain-workspaceid-slug\) was left out: Prisma's validator refused the schema edit \(@relation: The argument `references` must refer to a unique criterion/);
    expect(notes).toMatch(/Step 3 \(drop-index-domain-domain-workspaceid-idx\) was left out: it relies on step 1/);
    expect(notes).toMatch(/Step 4 \(set-on-delete-webhookdelivery-webhookid\) needs no SQL: relationMode = "prisma"/);
    const sql = written.files.filter((f) => f.path.endsWith('.sql')).map((f) => f.content).join('\n');
    expect(sql).not.toContain('Domain_workspaceId_slug_key');
    expect(sql).not.toContain('FOREIGN KEY');
    const webhook = written.files.find((f) => f.path === 'prisma/schema/webhook.prisma')!.content;
    expect(webhook).toMatch(/webhook +Webhook +@relation\(fields: \[webhookId\], references: \[id\], onDelete: Restrict\) \/\/ schemascope-ignore/);
  });

  it('round trip: the findings of the steps it says are gone, the others stay', async () => {
    const before = keys(catalog);
    const after = keys(await loadSource(root));
    const said = saidSteps(plan, written);
    const fixed = plan.steps.filter((s) => said.has(s.number)).flatMap((s) => s.fixes.map((f) => f.key));
    expect(fixed.length).toBeGreaterThan(5);
    expect(after.filter((k) => fixed.includes(k))).toEqual([]);
    expect(before.filter((k) => !fixed.includes(k)).filter((k) => !after.includes(k))).toEqual([]);
    expect(after.filter((k) => !before.includes(k))).toEqual([]);
  });

  it('the DDL fixture is what Prisma Migrate creates for the original schema', async () => {
    expect(mysqlShape(await loadMysqlDdl(LINKS_DDL))).toEqual(mysqlShape(catalog));
  });

  it('applies to MariaDB as Prisma Migrate sends each script, leaves what the edited schema says, and down.sql undoes it', async () => {
    if (!(await requireMysql())) return;
    const db = await scratchMysqlDatabase(readFileSync(LINKS_DDL, 'utf8'));
    const conn = await mysql.createConnection({ uri: mysqlUrlFor(db.name), multipleStatements: true });
    try {
      const tables = ((await conn.query('SHOW TABLES'))[0] as Record<string, string>[]).map((r) => Object.values(r)[0]);
      const snapshot = async () => {
        const out: Record<string, string[]> = {};
        for (const t of tables) out[t] = (((await conn.query(`SHOW CREATE TABLE \`${t}\``))[0] as Record<string, string>[])[0]['Create Table']).split('\n').map((l) => l.trim().replace(/,$/, '')).sort();
        return out;
      };
      const original = await snapshot();
      const folders = [...new Set(written.files.filter((f) => f.path.includes('/migrations/')).map((f) => dirname(f.path)))].sort();
      for (const folder of folders) await conn.query(written.files.find((f) => f.path === `${folder}/migration.sql`)!.content);
      expect(mysqlShape(await loadMysqlLive(mysqlUrlFor(db.name)))).toEqual(mysqlShape(await loadSource(root)));
      for (const folder of [...folders].reverse()) {
        for (const d of written.files.filter((f) => dirname(f.path) === folder && /\/down(\.\d+)?\.sql$/.test(f.path))) await conn.query(d.content);
      }
      expect(await snapshot()).toEqual(original);
    } finally {
      await conn.end();
      await db.drop();
    }
  });
});

describe('Prisma plan writer: operations one by one', () => {
  const step = (number: number, ops: FixOp[]): PlanStep => ({
    number,
    slug: `step-${number}`,
    horizon: 'short-term',
    risk: 'low',
    riskReason: 'a test',
    severity: 'medium',
    ops,
    fixes: [],
    after: [],
  });

  it('says unique keys, dropped defaults and indexes, names the SQL gives, and leaves partial indexes and RLS to the SQL', async () => {
    const catalog = await loadSource(FIXTURE);
    const longColumns = ['organization_id', 'task_id', 'author_id', 'created_at', 'body', 'id'];
    const plan: Plan = {
      dialect: 'postgres',
      notPlanned: [],
      steps: [
        step(1, [{ op: 'add-unique', schema: 'public', table: 'users', columns: ['name'] }]),
        step(2, [{ op: 'drop-default', schema: 'public', table: 'projects', column: 'archived', previous: 'false' }]),
        step(3, [{ op: 'drop-index', schema: 'public', table: 'tasks', name: 'tasks_project_id_idx', definition: 'CREATE INDEX tasks_project_id_idx ON public.tasks USING btree (project_id)' }]),
        step(4, [{ op: 'add-index', schema: 'public', table: 'comments', columns: longColumns }]),
        step(5, [{ op: 'add-index', schema: 'public', table: 'tasks', columns: ['due_at'], predicate: 'due_at IS NOT NULL' }]),
        step(6, [{ op: 'enable-rls', schema: 'public', table: 'invoices', force: false, alreadyEnabled: false }]),
      ],
    };
    const written = writePrismaPlan({ plan, catalog, now: NOW });
    const schema = written.files.find((f) => f.path === 'prisma/schema.prisma')!.content;
    expect(schema).toMatch(/name +String\? +@unique\n/);
    expect(schema).toMatch(/archived +Boolean\n/);
    const task = schema.slice(schema.indexOf('model Task {'), schema.indexOf('}', schema.indexOf('model Task {')));
    expect(task).toContain('@@index([organizationId, projectId, status])');
    expect(task).not.toContain('@@index([projectId])');
    // PostgreSQL's 63-byte limit: the SQL writer shortens the name with a hash, Prisma would cut it; map: keeps them one.
    const longName = objectName(['comments', ...longColumns], 'idx');
    expect(longName).not.toBe('comments_organization_id_task_id_author_id_created_at_body_id_idx'.slice(0, 59) + '_idx');
    expect(schema).toContain(`@@index([organizationId, taskId, authorId, createdAt, body, id], map: "${longName}")`);
    const notes = written.notes.join('\n');
    expect(notes).toMatch(/Step 5 \(add-index tasks \(due_at\)\) is in the SQL migration only: Prisma's schema cannot say a partial index/);
    expect(notes).toMatch(/Step 6 \(enable-rls invoices\) is in the SQL migration only: Prisma's schema cannot say row-level security/);
    const sql = written.files.filter((f) => f.path.endsWith('migration.sql')).map((f) => f.content).join('\n');
    expect(sql).toContain('WHERE due_at IS NOT NULL');
    expect(sql).toContain('ENABLE ROW LEVEL SECURITY');

    const root = applied(FIXTURE, written);
    try {
      const edited = await loadSource(root);
      const t = (name: string) => edited.tables.find((x) => x.name === name)!;
      expect(t('comments').indexes.map((i) => i.name)).toContain(longName);
      expect(t('users').indexes.find((i) => i.columns.join() === 'name')).toMatchObject({ name: 'users_name_key', unique: true });
      expect(t('projects').columns.find((c) => c.name === 'archived')!.default).toBeUndefined();
      expect(t('tasks').indexes.map((i) => i.name)).not.toContain('tasks_project_id_idx');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names new migrations after those the project has, and says how to apply them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'schemascope-prisma-migrations-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      mkdirSync(join(root, 'prisma', 'migrations', '20300101000000_init'), { recursive: true });
      writeFileSync(join(root, 'prisma', 'migrations', '20300101000000_init', 'migration.sql'), readFileSync(DDL, 'utf8'));
      writeFileSync(join(root, 'prisma', 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
      const catalog = await loadSource(root);
      const plan = buildPlan(buildReview(catalog, allRules, resolveConfig({})).findings, catalog);
      const written = writePrismaPlan({ plan, catalog, now: NOW });
      const folders = [...new Set(written.files.filter((f) => f.path.endsWith('migration.sql')).map((f) => f.path.split('/')[2]))];
      expect(folders[0]).toBe('20300101000001_schemascope_immediate_1');
      expect(folders).toEqual([...folders].sort());
      expect(written.notes.join('\n')).toMatch(/Apply with `prisma migrate deploy`/);
      expect(written.notes.join('\n')).not.toMatch(/no migrations folder/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
