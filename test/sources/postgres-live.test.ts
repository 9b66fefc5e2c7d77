import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadPostgresLive, redactUrl } from '../../src/sources/postgres/live.js';
import { loadPostgresDdlFiles } from '../../src/sources/postgres/ddl.js';
import { runRules } from '../../src/rules/engine.js';
import { allRules } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import type { Catalog } from '../../src/catalog/types.js';
import { requirePostgres, scratchDatabase } from '../servers.js';

const fixture = new URL('../fixtures/tenant-small.sql', import.meta.url);
const sql = readFileSync(fixture, 'utf8');
const available = await requirePostgres();

const comparable = (catalog: Catalog) =>
  runRules(catalog, allRules, resolveConfig())
    .findings.filter((f) => !allRules.find((r) => r.meta.id === f.ruleId)?.meta.requires?.includes('live-stats'))
    .map((f) => `${f.severity} ${f.key}`)
    .sort();

describe.runIf(available)('live PostgreSQL source (real server)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let live: Catalog;
  let ddl: Catalog;

  beforeAll(async () => {
    db = await scratchDatabase(sql);
    live = await loadPostgresLive(db.url);
    ddl = await loadPostgresDdlFiles([{ path: 'tenant-small.sql', text: sql }]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads the same tables, columns, keys and indexes as the DDL source', () => {
    const shape = (c: Catalog) =>
      c.tables.map((t) => ({
        name: `${t.schema}.${t.name}`,
        columns: t.columns.map((col) => `${col.name}:${col.family}:${col.nullable}`),
        fks: t.foreignKeys.map((fk) => `${fk.columns}->${fk.refTable}(${fk.refColumns}) ${fk.onDelete}`),
        indexes: t.indexes.map((ix) => `${ix.name}(${ix.keyParts})`).sort(),
        rls: t.rls.enabled,
        policies: t.policies.map((p) => p.name),
      }));
    expect(shape(live)).toEqual(shape(ddl));
    expect(live.functions.map((f) => f.name)).toEqual(ddl.functions.map((f) => f.name));
  });

  it('gives the same findings as the DDL source, origins aside', () => {
    const fromLive = comparable(live);
    expect(fromLive.length).toBeGreaterThan(5);
    expect(fromLive).toEqual(comparable(ddl));
  });

  it('names catalog objects as evidence, not files', () => {
    const users = live.tables.find((t) => t.name === 'users')!;
    expect(users.origin).toEqual({ object: 'table public.users' });
    expect(users.columns.find((c) => c.name === 'email')!.origin).toEqual({ object: 'column public.users.email' });
  });

  it('reads live statistics: sizes, row estimates, index scans, sequence values', async () => {
    expect(live.hasLiveStats).toBe(true);
    const projects = live.tables.find((t) => t.name === 'projects')!;
    expect(projects.stats?.totalBytes).toBeGreaterThan(0);
    const nameIdx = projects.indexes.find((i) => i.name === 'projects_name_idx')!;
    expect(nameIdx.stats?.scans).toBe(0);
    const findings = runRules(live, allRules, resolveConfig()).findings;
    expect(findings.some((f) => f.ruleId === 'indexes/unused-index' && f.object === 'projects_name_idx')).toBe(true);
    // The same rule cannot run on DDL: the review says so instead of staying silent.
    const fromDdl = runRules(ddl, allRules, resolveConfig());
    expect(fromDdl.skipped.map((s) => s.ruleId)).toContain('indexes/unused-index');
  });

  it('filters by schema', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE SCHEMA other; CREATE TABLE other.things (id bigint PRIMARY KEY)');
    await client.end();
    const onlyOther = await loadPostgresLive(db.url, { schemas: ['other'] });
    expect(onlyOther.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['other.things']);
  });

  it('sends only reads, inside a READ ONLY transaction with statement and lock timeouts', async () => {
    const sent: string[] = [];
    const original = pg.Client.prototype.query;
    const spy = function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string') sent.push(args[0].trim());
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    pg.Client.prototype.query = spy as typeof original;
    try {
      await loadPostgresLive(db.url);
    } finally {
      pg.Client.prototype.query = original;
    }
    expect(sent[0]).toBe('BEGIN TRANSACTION READ ONLY');
    expect(sent).toContain('SET LOCAL statement_timeout = 60000');
    expect(sent).toContain('SET LOCAL lock_timeout = 5000');
    expect(sent[sent.length - 1]).toBe('ROLLBACK');
    const others = sent.filter((q) => !/^(BEGIN TRANSACTION READ ONLY|SET LOCAL |ROLLBACK$)/.test(q));
    expect(others.length).toBeGreaterThan(5);
    for (const q of others) expect(q).toMatch(/^SELECT\b/);
  });

  it('reports a missing database in one line', async () => {
    const url = new URL(db.url);
    url.pathname = '/schemascope_no_such_db';
    await expect(loadPostgresLive(url.toString())).rejects.toThrow(/database does not exist/);
  });
});

describe('live PostgreSQL errors (no server needed)', () => {
  it('an unreachable server gives one line without the password', async () => {
    const err = await loadPostgresLive('postgres://alice:s3cr3t-pw@127.0.0.1:1/app', { connectTimeoutMs: 2000 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/^postgres:\/\/alice@127\.0\.0\.1:1\/app: cannot connect: connection refused/);
    expect(message).not.toContain('s3cr3t-pw');
    expect(message).not.toContain('\n');
  });

  it('redacts passwords from URLs, also in query parameters', () => {
    expect(redactUrl('postgresql://bob:pw@db.example:5432/x?sslmode=require&password=pw2')).toBe('postgresql://bob@db.example:5432/x?sslmode=require');
  });
});

describe.runIf(available)('the 100-table example: live server and DDL agree', () => {
  const saasPath = new URL('../../examples/saas/schema.sql', import.meta.url);
  const saas = readFileSync(saasPath, 'utf8');
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    db = await scratchDatabase(saas);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('gives the same findings from the live server as from the DDL file, origins aside', async () => {
    const live = await loadPostgresLive(db.url);
    const ddl = await loadPostgresDdlFiles([{ path: 'examples/saas/schema.sql', text: saas }]);
    expect(ddl.warnings).toEqual([]);
    expect(live.tables.length).toBe(ddl.tables.length);
    const fromLive = comparable(live);
    expect(fromLive.length).toBeGreaterThan(50);
    expect(fromLive).toEqual(comparable(ddl));
  });
});
