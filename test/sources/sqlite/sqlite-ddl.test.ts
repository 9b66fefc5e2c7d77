import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSqliteDdl, loadSqliteDdlFiles } from '../../../src/sources/sqlite/index.js';
import { UsageError } from '../../../src/errors.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import type { Catalog, Origin, Table } from '../../../src/catalog/types.js';
import { fixtureText } from './fixture.js';

const load = (text: string, path = 'schema.sql') => loadSqliteDdlFiles([{ path, text }]);
const line = (o: Origin | undefined) => (o && 'file' in o ? o.line : undefined);
const table = (c: Catalog, name: string): Table => {
  const t = c.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${c.tables.map((x) => x.name).join(', ')}`);
  return t;
};

describe('SQLite DDL source: the multi-tenant fixture', () => {
  it('reads every table, view and trigger, with the line that created it', async () => {
    const c = await load(fixtureText, 'tenant-app.sql');
    expect(c.warnings).toEqual([]);
    expect(c.source).toMatchObject({ kind: 'ddl-file', dialect: 'sqlite', statements: 14 });
    expect(c.source.serverVersion).toMatch(/^SQLite 3\.\d+\.\d+ \(in memory\)$/);
    expect(c.schemas).toEqual(['main']);
    expect(c.tables.map((t) => `${t.kind} ${t.schema}.${t.name}:${line(t.origin)}`)).toEqual([
      'table main.organizations:7',
      'table main.users:15',
      'table main.projects:25',
      'table main.invoices:35',
      'table main.audit_events:51',
      'view main.open_invoices:75',
      'table main.tags:80',
    ]);
    expect(table(c, 'invoices').triggers.map((t) => `${t.name}:${line(t.origin)}`)).toEqual(['invoices_status_audit:61', 'invoices_no_delete_paid:69']);
    expect(table(c, 'invoices').triggers[0].definition).toContain("UPDATE invoices SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\nEND");
  });

  it('maps columns and constraints to their own lines', async () => {
    const c = await load(fixtureText, 'tenant-app.sql');
    const users = table(c, 'users');
    expect(users.columns.map((col) => `${col.name}:${line(col.origin)}`)).toEqual([
      'id:16', 'organization_id:17', 'email:18', 'role:19', 'created_at:20', 'updated_at:21',
    ]);
    expect(users.primaryKey).toMatchObject({ name: 'users_pkey', columns: ['id'], origin: { file: 'tenant-app.sql', line: 16 } });
    expect(users.foreignKeys).toEqual([
      {
        name: 'users_organization_id_fkey',
        columns: ['organization_id'],
        refSchema: 'main',
        refTable: 'organizations',
        refColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'no action',
        deferrable: false,
        validated: true,
        origin: { file: 'tenant-app.sql', line: 17 },
      },
    ]);
    expect(users.uniques).toEqual([
      { name: 'users_org_email_key', columns: ['organization_id', 'email'], nullsNotDistinct: false, origin: { file: 'tenant-app.sql', line: 22 } },
    ]);
    expect(users.checks).toEqual([
      { name: 'users_role_check', expression: "role IN ('owner', 'admin', 'member')", columns: ['role'], validated: true, origin: { file: 'tenant-app.sql', line: 19 } },
    ]);
    // The automatic index behind the UNIQUE constraint keeps the column's collation.
    expect(users.indexes.find((ix) => ix.constraint === 'users_org_email_key')).toMatchObject({
      name: 'sqlite_autoindex_users_1',
      columns: ['organization_id', 'email'],
      keyParts: ['organization_id', 'email COLLATE NOCASE'],
      unique: true,
      primary: false,
    });

    const invoices = table(c, 'invoices');
    const fk = invoices.foreignKeys.find((f) => f.name === 'invoices_project_fk')!;
    expect(fk).toMatchObject({ columns: ['project_id'], refTable: 'projects', refColumns: ['id'], deferrable: true, origin: { line: 45 } });
    expect(invoices.checks).toEqual([
      { name: 'invoices_check', expression: "status IN ('draft', 'sent', 'paid')", columns: ['status'], validated: true, origin: { file: 'tenant-app.sql', line: 47 } },
    ]);
    expect(invoices.indexes.map((ix) => `${ix.name}:${line(ix.origin)}`)).toEqual(['invoices_pkey:36', 'invoices_org_number_key:49']);
    expect(table(c, 'projects').indexes.find((ix) => ix.name === 'projects_org_idx')?.origin).toEqual({ file: 'tenant-app.sql', line: 33 });
  });

  it('maps declared types to families by SQLite affinity, with the rowid as a 64-bit key', async () => {
    const c = await load(fixtureText, 'tenant-app.sql');
    const col = (t: string, name: string) => table(c, t).columns.find((x) => x.name === name)!;
    // INTEGER PRIMARY KEY is the rowid: never NULL, assigned by SQLite, 64 bits.
    expect(col('organizations', 'id')).toMatchObject({ dataType: 'INTEGER', family: 'bigint', nullable: false, autoIncrement: true });
    expect(col('users', 'organization_id')).toMatchObject({ dataType: 'INTEGER', family: 'integer', nullable: false, autoIncrement: false });
    expect(col('projects', 'organization_id')).toMatchObject({ family: 'integer', nullable: true });
    expect(col('invoices', 'amount')).toMatchObject({ dataType: 'REAL', family: 'float' });
    expect(col('invoices', 'issued_at')).toMatchObject({ dataType: 'DATETIME', family: 'timestamp', nullable: true });
    expect(col('projects', 'archived')).toMatchObject({ dataType: 'BOOLEAN', family: 'boolean', default: '0' });
    expect(col('users', 'role')).toMatchObject({ family: 'text', default: "'member'" });
    // WITHOUT ROWID: the primary key is the table's b-tree, listed as its primary index.
    const tags = table(c, 'tags');
    expect(tags.primaryKey).toMatchObject({ name: 'tags_pkey', columns: ['organization_id', 'name'], origin: { line: 84 } });
    expect(tags.indexes).toMatchObject([{ name: 'sqlite_autoindex_tags_1', primary: true, unique: true, constraint: 'tags_pkey', columns: ['organization_id', 'name'] }]);
    // AUTOINCREMENT keeps its counter in sqlite_sequence.
    expect(c.sequences).toEqual([
      {
        schema: 'main',
        name: 'sqlite_sequence(organizations)',
        dataType: 'integer',
        maxValue: 9223372036854775807,
        ownedBy: 'main.organizations.id',
        origin: { file: 'tenant-app.sql', line: 8 },
      },
    ]);
  });

  it('says foreign keys are not enforced unless each connection turns them on', async () => {
    const c = await load(fixtureText, 'tenant-app.sql');
    expect(c.enforcement).toEqual({ foreignKeysEnforced: false });
    const notes = c.app?.notes ?? [];
    expect(notes.map((n) => n.kind)).toEqual(['sqlite-foreign-keys-off', 'sqlite-dates-as-text']);
    // The script's own PRAGMA is the evidence: it held only for the connection that ran the script.
    expect(notes[0].origin).toEqual({ file: 'tenant-app.sql', line: 5 });
    expect(notes[0].message).toContain('6 foreign keys');
    expect(notes[1].message).toContain('10 columns');
  });

  it('gives the findings a reviewer expects, each at its line', async () => {
    const c = await load(fixtureText, 'tenant-app.sql');
    const { findings } = runRules(c, allRules);
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.table}(${f.columns.join(',')}) @${line(f.origin)}`)).toEqual([
      'critical tenancy/nullable-tenant-key main.projects(organization_id) @27',
      'high types/money-as-float main.invoices(amount) @40',
      'medium relations/missing-foreign-key main.audit_events(invoice_id) @54',
      'medium constraints/missing-non-negative-check main.invoices(amount) @40',
      'medium relations/unindexed-foreign-key main.invoices(project_id) @45',
      'low audit/missing-timestamps main.tags() @80',
    ]);
  });
});

describe('SQLite DDL source: statements', () => {
  it('keeps trigger bodies whole: semicolons inside BEGIN … END, CASE … END, strings and comments', async () => {
    const c = await load(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, n INT);
CREATE TABLE log (msg TEXT);
CREATE TRIGGER t_ai AFTER INSERT ON t
BEGIN
  INSERT INTO log VALUES ('inserted; id=' || NEW.id); -- a comment; with END;
  UPDATE t SET n = CASE WHEN NEW.a = 'end' THEN 1 ELSE 2 END WHERE id = NEW.id;
  /* END; */ DELETE FROM log WHERE msg = 'x;y';
END;
CREATE TEMP TRIGGER IF NOT EXISTS t_bu BEFORE UPDATE ON t BEGIN SELECT 1; SELECT 2; END; CREATE INDEX t_a ON t (a);
CREATE TABLE after_triggers (id INTEGER PRIMARY KEY);
`);
    expect(c.warnings).toEqual([]);
    expect(c.tables.map((t) => `${t.name}:${line(t.origin)}`)).toEqual(['t:1', 'log:2', 'after_triggers:10']);
    const t = table(c, 't');
    expect(t.triggers.map((x) => `${x.name}:${line(x.origin)}`)).toEqual(['t_ai:3']);
    expect(t.triggers[0].definition).toContain("DELETE FROM log WHERE msg = 'x;y';\nEND");
    expect(t.indexes.find((ix) => ix.name === 't_a')?.origin).toEqual({ file: 'schema.sql', line: 9 });
    expect(c.source.statements).toBe(6);
    expect(c.schemas).toEqual(['main']); // the TEMP trigger alone does not make a schema
  });

  it('turns a malformed statement into a warning with its line and loads the rest', async () => {
    const c = await load(`CREATE TABLE a (id INTEGER PRIMARY KEY);

CREATE TABLE broken (
  id INTEGER PRIMARY KEY,,
  name TEXT
);
CREATE INDEX missing_idx ON missing (x);
CREATE TABLE b (id INTEGER PRIMARY KEY);
`);
    expect(c.tables.map((t) => t.name)).toEqual(['a', 'b']);
    expect(c.warnings).toEqual([
      { code: 'syntax-error', message: 'statement not understood by SQLite (near ",": syntax error); skipped', origin: { file: 'schema.sql', line: 3 } },
      {
        code: 'statement-failed',
        message: 'CREATE INDEX missing_idx could not be applied (no such table: main.missing); skipped',
        origin: { file: 'schema.sql', line: 7 },
      },
    ]);
  });

  it('reports a trigger cut short at the end of the file', async () => {
    const c = await load(`CREATE TABLE a (id INTEGER PRIMARY KEY);
CREATE TRIGGER a_ai AFTER INSERT ON a BEGIN
  SELECT 1;
`);
    expect(c.tables.map((t) => t.name)).toEqual(['a']);
    expect(c.warnings).toMatchObject([{ code: 'syntax-error', origin: { line: 2 } }]);
    expect(c.warnings[0].message).toContain('incomplete input');
  });

  it('rejects a file with no SQL in one line naming file:line', async () => {
    const err = await load('\n\nthis is not sql at all', 'notes.sql').catch((e: Error) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('notes.sql:3: statement not understood by SQLite (near "this": syntax error)');
    await expect(load('-- only a comment\n', 'empty.sql')).rejects.toThrow('empty.sql: no SQL statements found');
  });

  it('skips data, transactions, pragmas, ATTACH and sqlite3 shell commands, and the tables SQLite makes itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-sqlite-attach-'));
    const attached = join(dir, 'other.db');
    const c = await load(`.headers on
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
INSERT INTO a VALUES (1, 'x;y');
CREATE TABLE sqlite_sequence(name,seq);
DELETE FROM sqlite_sequence;
ATTACH DATABASE '${attached}' AS other;
COMMIT;
.read elsewhere.sql
CREATE TABLE b (id INTEGER PRIMARY KEY);
`);
    expect(c.warnings).toEqual([]);
    expect(c.tables.map((t) => `${t.name}:${line(t.origin)}`)).toEqual(['a:4', 'b:11']);
    expect(() => readFileSync(attached)).toThrow(); // ATTACH never ran, so it created no file
  });

  it('says when CHECK constraints cannot be read rather than guessing', async () => {
    // `x NOT NULL` (postfix) is SQLite, not PostgreSQL: the parser refuses the table text.
    const c = await load(`CREATE TABLE t (
  id INTEGER PRIMARY KEY,
  x TEXT CHECK (x NOT NULL)
);`);
    const t = table(c, 't');
    expect(t.columns.map((col) => `${col.name}:${line(col.origin)}`)).toEqual(['id:2', 'x:3']);
    expect(t.checks).toEqual([]);
    expect(c.warnings).toMatchObject([{ code: 'checks-unknown', origin: { file: 'schema.sql', line: 1 } }]);
    expect(c.warnings[0].message).toMatch(/^the CHECK constraints of main\.t could not be read/);
  });

  it('reads SQLite-only syntax: typeless columns, brackets, conflict clauses, generated columns, STRICT', async () => {
    const c = await load(`CREATE TABLE [order items] (
  [id] INTEGER,
  \`qty\` INT NOT NULL ON CONFLICT ABORT CHECK (qty > 0),
  note,
  sku TEXT COLLATE NOCASE CHECK (sku GLOB '[A-Z]*' AND sku IS NOT 'none'),
  total REAL AS (qty * 2.5) STORED,
  label TEXT GENERATED ALWAYS AS (upper(note)) VIRTUAL,
  PRIMARY KEY (id AUTOINCREMENT),
  UNIQUE (sku COLLATE NOCASE DESC) ON CONFLICT REPLACE
) STRICT;`.replace(') STRICT;', ');'));
    expect(c.warnings).toEqual([]);
    const t = table(c, 'order items');
    expect(t.columns.map((col) => [col.name, col.dataType, col.family, col.generated ?? null, line(col.origin)])).toEqual([
      ['id', 'INTEGER', 'bigint', null, 2],
      ['qty', 'INT', 'integer', null, 3],
      ['note', '', 'other', null, 4],
      ['sku', 'TEXT', 'text', null, 5],
      ['total', 'REAL', 'float', 'qty * 2.5', 6],
      ['label', 'TEXT', 'text', 'upper(note)', 7],
    ]);
    expect(t.columns[0].autoIncrement).toBe(true);
    expect(c.sequences.map((s) => s.ownedBy)).toEqual(['main.order items.id']);
    expect(t.checks.map((ck) => [ck.name, ck.expression, ck.columns, line(ck.origin)])).toEqual([
      ['order items_qty_check', 'qty > 0', ['qty'], 3],
      ['order items_sku_check', "sku GLOB '[A-Z]*' AND sku IS NOT 'none'", ['sku'], 5],
    ]);
    expect(t.uniques).toMatchObject([{ columns: ['sku'], origin: { line: 9 } }]);
  });

  it('tells a rowid alias from keys that only look like one', async () => {
    const c = await load(`CREATE TABLE a (id INTEGER PRIMARY KEY);
CREATE TABLE b (id INT PRIMARY KEY);
CREATE TABLE c (id INTEGER PRIMARY KEY DESC);
CREATE TABLE d (id INTEGER PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE e (code TEXT PRIMARY KEY, big BIGINT, price DECIMAL(10,2), flag BOOL, made DATE, blob BLOB, data JSON);
`);
    const id = (t: string) => table(c, t).columns[0];
    expect(id('a')).toMatchObject({ family: 'bigint', autoIncrement: true, nullable: false });
    // INT is not INTEGER, and PRIMARY KEY DESC is a documented quirk: neither is the rowid, both get an index.
    expect(id('b')).toMatchObject({ family: 'integer', autoIncrement: false, nullable: true });
    expect(id('c')).toMatchObject({ family: 'integer', autoIncrement: false });
    expect(table(c, 'b').indexes).toMatchObject([{ name: 'sqlite_autoindex_b_1', primary: true }]);
    expect(id('d')).toMatchObject({ family: 'integer', autoIncrement: false, nullable: false });
    // A TEXT primary key of a rowid table accepts NULL (a legacy SQLite quirk): the catalog says so.
    expect(table(c, 'e').columns.map((col) => [col.name, col.family, col.nullable])).toEqual([
      ['code', 'text', true],
      ['big', 'bigint', true],
      ['price', 'numeric', true],
      ['flag', 'boolean', true],
      ['made', 'date', true],
      ['blob', 'bytea', true],
      ['data', 'json', true],
    ]);
  });

  it('reads expression and partial indexes from their SQL', async () => {
    const c = await load(`CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT, deleted_at DATETIME, org INT);
CREATE UNIQUE INDEX u_email ON u (lower(email), org DESC) WHERE deleted_at IS NULL;
`);
    expect(table(c, 'u').indexes.find((ix) => ix.name === 'u_email')).toEqual({
      name: 'u_email',
      columns: [null, 'org'],
      keyParts: ['lower(email)', 'org DESC'],
      includeColumns: [],
      unique: true,
      primary: false,
      method: 'btree',
      predicate: 'deleted_at IS NULL',
      definition: 'CREATE UNIQUE INDEX u_email ON u (lower(email), org DESC) WHERE deleted_at IS NULL',
      origin: { file: 'schema.sql', line: 2 },
    });
  });

  it('lists a virtual table as a foreign table and leaves its storage tables out', async () => {
    const c = await load(`CREATE VIRTUAL TABLE docs USING fts5(title, body);\nCREATE TABLE x (id INTEGER PRIMARY KEY);`);
    expect(c.tables.map((t) => `${t.kind} ${t.name}`)).toEqual(['foreign table docs', 'table x']);
    expect(table(c, 'docs').columns.map((col) => col.name)).toEqual(['title', 'body']);
  });

  it('leaves out a view SQLite can no longer describe, and says so', async () => {
    const c = await load(`CREATE TABLE a (id INTEGER PRIMARY KEY);
CREATE VIEW v AS SELECT id FROM a;
DROP TABLE a;
CREATE TABLE b (id INTEGER PRIMARY KEY);`);
    expect(c.tables.map((t) => t.name)).toEqual(['b']);
    expect(c.warnings).toEqual([
      { code: 'table-unreadable', message: 'the columns of view main.v could not be read (no such table: main.a); it is left out', origin: { file: 'schema.sql', line: 2 } },
    ]);
  });

  it('honours schemascope-ignore comments', async () => {
    const c = await load(`CREATE TABLE staging (a INT, b INT); -- schemascope-ignore keys/no-primary-key: copied out and dropped hourly
`);
    expect(c.suppressions).toEqual([{ file: 'schema.sql', line: 1, ruleId: 'keys/no-primary-key', reason: 'copied out and dropped hourly' }]);
    const run = runRules(c, allRules);
    expect(run.findings.filter((f) => f.ruleId === 'keys/no-primary-key')).toEqual([]);
    expect(run.ignored.map((i) => i.finding.ruleId)).toContain('keys/no-primary-key');
  });

  it('applies a folder of migrations in order and follows ALTER TABLE to the right lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-sqlite-mig-'));
    writeFileSync(join(dir, '001_init.sql'), 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE old_users (id INTEGER PRIMARY KEY, nm TEXT);\n');
    writeFileSync(
      join(dir, '002_more.sql'),
      `ALTER TABLE old_users RENAME TO users;
ALTER TABLE users RENAME COLUMN nm TO name;

ALTER TABLE users ADD COLUMN account_id INTEGER
  REFERENCES accounts (id) ON DELETE SET NULL;
CREATE TABLE IF NOT EXISTS accounts (ignored INT);
`,
    );
    const c = await loadSqliteDdl(dir);
    expect(c.warnings).toEqual([]);
    expect(c.source.kind).toBe('ddl-folder');
    const users = table(c, 'users');
    const file = (o: Origin) => ('file' in o ? `${o.file.split('/').pop()}:${o.line}` : o.object);
    expect(file(users.origin)).toBe('001_init.sql:2');
    expect(users.columns.map((col) => `${col.name}@${file(col.origin)}`)).toEqual(['id@001_init.sql:2', 'name@001_init.sql:2', 'account_id@002_more.sql:4']);
    expect(users.foreignKeys).toMatchObject([{ columns: ['account_id'], refTable: 'accounts', onDelete: 'set null' }]);
    expect(file(users.foreignKeys[0].origin)).toBe('002_more.sql:5');
    // CREATE TABLE IF NOT EXISTS on an existing table changes nothing, so the origin stays with the first.
    expect(file(table(c, 'accounts').origin)).toBe('001_init.sql:1');
  });

  it('counts lines correctly after multi-byte characters', async () => {
    const c = await load(`-- Café ☃ straße; 😀
CREATE TABLE "tëst" (
  "naïve" TEXT CHECK ("naïve" <> 'é😀'),
  b INT
);`);
    const t = table(c, 'tëst');
    expect(t.columns.map((col) => line(col.origin))).toEqual([3, 4]);
    expect(t.checks).toMatchObject([{ expression: `"naïve" <> 'é😀'`, columns: ['naïve'], origin: { line: 3 } }]);
  });
});
