import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSqliteFile, loadSqliteDdlFiles, loadSqliteFile } from '../../../src/sources/sqlite/index.js';
import { sqliteDriver } from '../../../src/sources/sqlite/driver.js';
import { UsageError } from '../../../src/errors.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { fixtureText } from './fixture.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');

/** A database file made by SQLite itself from the fixture DDL. */
function fixtureDatabase(name = 'app.sqlite'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-sqlite-file-'));
  const path = join(dir, name);
  const db = new Database(path);
  db.exec(fixtureText);
  db.close();
  return path;
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('SQLite database file source', () => {
  it('reads the schema read-only, naming each object by its catalog identity', async () => {
    const path = fixtureDatabase();
    const before = { hash: sha(path), mtime: statSync(path).mtimeMs, files: readdirSync(join(path, '..')) };
    const c = await loadSqliteFile(path);
    expect({ hash: sha(path), mtime: statSync(path).mtimeMs, files: readdirSync(join(path, '..')) }).toEqual(before);

    expect(c.warnings).toEqual([]);
    expect(c.source).toMatchObject({ kind: 'sqlite-file', location: path, dialect: 'sqlite' });
    expect(c.source.serverVersion).toMatch(/^SQLite 3\.\d+\.\d+$/);
    expect(c.tables.map((t) => t.origin)).toEqual([
      { object: 'table main.organizations' },
      { object: 'table main.users' },
      { object: 'table main.projects' },
      { object: 'table main.invoices' },
      { object: 'table main.audit_events' },
      { object: 'view main.open_invoices' },
      { object: 'table main.tags' },
    ]);
    const invoices = c.tables.find((t) => t.name === 'invoices')!;
    expect(invoices.columns.find((col) => col.name === 'amount')).toMatchObject({ family: 'float', origin: { object: 'column main.invoices.amount' } });
    expect(invoices.foreignKeys.map((fk) => [fk.name, fk.deferrable, fk.origin])).toEqual([
      ['invoices_organization_id_fkey', false, { object: 'constraint main.invoices.invoices_organization_id_fkey' }],
      ['invoices_project_fk', true, { object: 'constraint main.invoices.invoices_project_fk' }],
    ]);
    expect(invoices.checks).toMatchObject([{ name: 'invoices_check', expression: "status IN ('draft', 'sent', 'paid')", origin: { object: 'constraint main.invoices.invoices_check' } }]);
    expect(invoices.indexes.map((ix) => ix.origin)).toEqual([{ object: 'constraint main.invoices.invoices_pkey' }, { object: 'index main.invoices_org_number_key' }]);
    expect(invoices.triggers.map((t) => t.origin)).toEqual([
      { object: 'trigger invoices_status_audit on main.invoices' },
      { object: 'trigger invoices_no_delete_paid on main.invoices' },
    ]);
    // The file holds the fixture's one organization, so the AUTOINCREMENT counter has a value.
    expect(c.sequences).toMatchObject([{ name: 'sqlite_sequence(organizations)', lastValue: 1, origin: { object: 'column main.organizations.id' } }]);
    expect(c.enforcement).toEqual({ foreignKeysEnforced: false });
    expect(c.app?.notes.map((n) => n.kind)).toEqual(['sqlite-foreign-keys-off', 'sqlite-dates-as-text']);
  });

  it('gives the same findings as the DDL it was made from', async () => {
    const fromFile = runRules(await loadSqliteFile(fixtureDatabase()), allRules).findings;
    const fromDdl = runRules(await loadSqliteDdlFiles([{ path: 'tenant-app.sql', text: fixtureText }]), allRules).findings;
    expect(fromFile.map((f) => f.key)).toEqual(fromDdl.map((f) => f.key));
    expect(fromFile.map((f) => `${f.ruleId} ${'object' in f.origin ? f.origin.object : ''}`)).toEqual([
      'tenancy/nullable-tenant-key column main.projects.organization_id',
      'types/money-as-float column main.invoices.amount',
      'relations/missing-foreign-key column main.audit_events.invoice_id',
      'constraints/missing-non-negative-check column main.invoices.amount',
      'relations/unindexed-foreign-key constraint main.invoices.invoices_project_fk',
      'audit/missing-timestamps table main.tags',
    ]);
  });

  it('recognises a database by its header bytes, or by its extension', () => {
    const path = fixtureDatabase('data.bin');
    const dir = mkdtempSync(join(tmpdir(), 'ss-sqlite-detect-'));
    writeFileSync(join(dir, 'notes.db'), 'not a database');
    writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE a (id int);');
    mkdirSync(join(dir, 'folder.sqlite'));
    expect(detectSqliteFile(path)).toBe(true);
    expect(detectSqliteFile(join(dir, 'notes.db'))).toBe(true); // claimed by its name; loading it then says what it is
    expect(detectSqliteFile(join(dir, 'schema.sql'))).toBe(false);
    expect(detectSqliteFile(join(dir, 'folder.sqlite'))).toBe(false);
    expect(detectSqliteFile(join(dir, 'missing.sqlite'))).toBe(false);
  });

  it('refuses a file that is not a SQLite database in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-sqlite-bad-'));
    writeFileSync(join(dir, 'notes.db'), 'hello, this is text\nover two lines\n');
    writeFileSync(join(dir, 'empty.sqlite'), '');
    const errors = await Promise.all(
      ['notes.db', 'empty.sqlite', 'missing.db'].map((f) => loadSqliteFile(join(dir, f)).then(() => undefined, (e: Error) => e)),
    );
    for (const err of errors) {
      expect(err).toBeInstanceOf(UsageError);
      expect(err!.message).not.toContain('\n');
    }
    expect(errors.map((e) => e!.message.slice(dir.length + 1))).toEqual([
      'notes.db: not a SQLite database (the file does not start with "SQLite format 3")',
      'empty.sqlite: the file is empty, not a SQLite database',
      'missing.db: no such file',
    ]);
  });

  it('refuses a damaged database in one line', async () => {
    const path = fixtureDatabase('damaged.sqlite');
    const bytes = readFileSync(path);
    // Keep the header, overwrite the schema page.
    bytes.fill(0xff, 100, 4096);
    writeFileSync(path, bytes);
    const err = await loadSqliteFile(path).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/damaged\.sqlite: cannot (open|read) the SQLite database \(.+\)$/);
  });

  it('says how to install better-sqlite3 when it cannot be loaded', () => {
    let err: unknown;
    try {
      sqliteDriver('better-sqlite3-that-is-not-installed');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^SQLite support needs the optional package better-sqlite3, which could not be loaded \(Cannot find module/);
    expect(message).toContain('npm install better-sqlite3');
  });
});
