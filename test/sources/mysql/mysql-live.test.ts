import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { isMysqlUrl, loadMysqlLive } from '../../../src/sources/mysql/index.js';
import { loadMysqlDdlFiles } from '../../../src/sources/mysql/ddl.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { resolveConfig } from '../../../src/config.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { requireMysql, scratchMysqlDatabase } from './servers.js';

const sql = readFileSync(new URL('./fixtures/booking.sql', import.meta.url), 'utf8');
const available = await requireMysql();

const liveOnly = (ruleId: string) => !!allRules.find((r) => r.meta.id === ruleId)?.meta.requires?.includes('live-stats');
const comparable = (catalog: Catalog) =>
  runRules(catalog, allRules, resolveConfig())
    .findings.filter((f) => !liveOnly(f.ruleId))
    .map((f) => `${f.severity} ${f.key}`)
    .sort();

/** What both sources must agree on, in a stable order. */
const shapeOf = (c: Catalog) =>
  c.tables
    .map((t) => ({
    name: `${t.schema}.${t.name}`,
    engine: t.engine,
    comment: t.comment,
    columns: t.columns.map((col) => `${col.name}:${col.dataType}:${col.family}:${col.nullable}:${col.autoIncrement}:${col.default ?? ''}:${col.generated ? 'gen' : ''}`),
    pk: t.primaryKey?.columns,
    uniques: t.uniques.map((u) => `${u.name}(${u.columns})`).sort(),
    fks: t.foreignKeys.map((fk) => `${fk.name}:${fk.columns}->${fk.refSchema}.${fk.refTable}(${fk.refColumns}) ${fk.onDelete}/${fk.onUpdate}`).sort(),
    indexes: t.indexes.map((ix) => `${ix.definition} ${ix.method}`).sort(),
    checks: t.checks.map((ck) => `${ck.name}(${ck.columns})`).sort(),
    triggers: t.triggers.map((tr) => tr.name),
  }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

describe.runIf(available)('live MySQL source (real MariaDB server)', () => {
  let db: { name: string; url: string; drop: () => Promise<void> };
  let live: Catalog;
  let ddl: Catalog;

  beforeAll(async () => {
    db = await scratchMysqlDatabase(sql);
    live = await loadMysqlLive(db.url);
    // As `mysql <db> < booking.sql` would run it: the dump names no database of its own.
    ddl = loadMysqlDdlFiles([{ path: 'booking.sql', text: sql }], { database: db.name });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads the same tables, columns, keys, indexes and checks as the DDL source', () => {
    expect(shapeOf(live)).toEqual(shapeOf(ddl));
  });

  it('gives the same findings as the DDL source, origins aside', () => {
    const fromLive = comparable(live);
    expect(fromLive.length).toBeGreaterThan(10);
    expect(fromLive).toEqual(comparable(ddl));
  });

  it('names catalog objects as evidence, not files', () => {
    const staff = live.tables.find((t) => t.name === 'staff')!;
    expect(staff.origin).toEqual({ object: `table ${db.name}.staff` });
    expect(staff.columns.find((c) => c.name === 'email')!.origin).toEqual({ object: `column ${db.name}.staff.email` });
    expect(staff.foreignKeys[0].origin).toEqual({ object: `constraint ${db.name}.staff.staff_company_id_foreign` });
  });

  it('reads sizes and row estimates as live statistics', () => {
    expect(live.hasLiveStats).toBe(true);
    const appointments = live.tables.find((t) => t.name === 'appointments')!;
    expect(appointments.stats?.tableBytes).toBeGreaterThan(0);
    expect(appointments.stats?.rowEstimate).toBe(0);
    expect(live.source).toMatchObject({ kind: 'mysql-live', dialect: 'mysql' });
    expect(live.source.serverVersion).toMatch(/^(MariaDB|MySQL) \d+\.\d+/);
  });

  it('sends only reads, in a read-only transaction with a statement time limit', async () => {
    const sent: string[] = [];
    const proto = (mysql as unknown as { PromiseConnection: { prototype: { query: (...a: unknown[]) => unknown } } }).PromiseConnection.prototype;
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') sent.push(args[0].trim().replace(/\s+/g, ' '));
      return original.apply(this, args);
    };
    try {
      await loadMysqlLive(db.url, { statementTimeoutMs: 30_000 });
    } finally {
      proto.query = original;
    }
    expect(sent.slice(0, 6)).toEqual([
      'SELECT VERSION() AS v',
      'SET SESSION TRANSACTION READ ONLY',
      expect.stringMatching(/^SET SESSION (max_statement_time = 30\.000|max_execution_time = 30000)$/),
      'SET SESSION lock_wait_timeout = 5',
      'START TRANSACTION READ ONLY',
      expect.stringMatching(/^SELECT /),
    ]);
    expect(sent[sent.length - 1]).toBe('ROLLBACK');
    for (const q of sent.slice(5, -1)) expect(q).toMatch(/^SELECT\b/);
  });

  it('reports a missing database in one line', async () => {
    const url = new URL(db.url);
    url.pathname = '/schemascope_no_such_db';
    await expect(loadMysqlLive(url.toString())).rejects.toThrow(/cannot connect: database does not exist$/);
  });

  it('a wrong password gives one line without the password', async () => {
    const url = new URL(db.url);
    url.username = 'schemascope_nobody';
    url.password = 'wr0ng-s3cret';
    const err = await loadMysqlLive(url.toString()).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/cannot connect: authentication failed/);
    expect((err as Error).message).not.toContain('wr0ng-s3cret');
  });
});

describe.runIf(available)('a migration script: ALTER TABLE paths and the names the server gives', () => {
  const script = readFileSync(new URL('./fixtures/migrations.sql', import.meta.url), 'utf8');
  let db: { name: string; url: string; drop: () => Promise<void> };
  afterAll(async () => {
    await db?.drop();
  });

  it('builds the same tables, keys and constraint names as the server', async () => {
    db = await scratchMysqlDatabase(script);
    const live = await loadMysqlLive(db.url);
    const ddl = loadMysqlDdlFiles([{ path: 'migrations.sql', text: script }], { database: db.name, flavour: live.source.serverVersion?.startsWith('MariaDB') ? 'mariadb' : 'mysql' });
    expect(ddl.warnings).toEqual([]);
    expect(shapeOf(live)).toEqual(shapeOf(ddl));
    expect(comparable(live)).toEqual(comparable(ddl));
  });
});

describe('live MySQL errors (no server needed)', () => {
  it('recognises mysql:// and mariadb:// URLs only', () => {
    expect(isMysqlUrl('mysql://root@localhost/app')).toBe(true);
    expect(isMysqlUrl('mariadb://root@localhost/app')).toBe(true);
    expect(isMysqlUrl('postgres://root@localhost/app')).toBe(false);
    expect(isMysqlUrl('schema.sql')).toBe(false);
  });

  it('an unreachable server gives one line without the password', async () => {
    const err = await loadMysqlLive('mysql://alice:s3cr3t-pw@127.0.0.1:1/app', { connectTimeoutMs: 2000 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/^mysql:\/\/alice@127\.0\.0\.1:1\/app: cannot connect: connection refused/);
    expect(message).not.toContain('s3cr3t-pw');
    expect(message).not.toContain('\n');
  });
});
