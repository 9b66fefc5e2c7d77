// Every fix the rules propose on the SaaS fixture (a hundred tables, defects of every kind), written by the
// PostgreSQL writer and applied to that schema in the embedded engine: each forward applies statement by
// statement, each pre-flight runs, and each rollback puts the catalog back exactly as it was.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type { Catalog } from '../../src/catalog/types.js';
import { loadPostgresDdlPath } from '../../src/sources/postgres/ddl.js';
import { withEmbeddedPostgres } from '../../src/sources/postgres/embedded.js';
import { introspect } from '../../src/sources/postgres/introspect.js';
import { allRules } from '../../src/rules/index.js';
import { runRules } from '../../src/rules/engine.js';
import { resolveConfig } from '../../src/config.js';
import { postgresFixSql } from '../../src/fixes/postgres.js';

const SCHEMA = 'examples/saas/schema.sql';

async function shapeOf(db: PGlite): Promise<unknown> {
  const found = await introspect({ query: async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows }, { liveStats: false });
  return {
    tables: found.tables.map((t) => ({
      name: `${t.schema}.${t.name}`,
      columns: t.columns.map((c) => [c.name, c.dataType, c.nullable, c.default ?? null]),
      primaryKey: t.primaryKey ? [t.primaryKey.name, t.primaryKey.columns] : null,
      foreignKeys: t.foreignKeys.map((fk) => [fk.name, fk.columns, fk.refTable, fk.onDelete, fk.onUpdate, fk.validated]),
      uniques: t.uniques.map((u) => [u.name, u.columns]),
      checks: t.checks.map((c) => [c.name, c.expression, c.validated]),
      indexes: t.indexes.map((i) => [i.name, i.definition]),
      rls: [t.rls.enabled, t.rls.forced],
    })),
    functions: found.functions.map((f) => [f.schema, f.name, f.args, f.config]),
    sequences: found.sequences.map((s) => [s.schema, s.name, s.dataType]),
  };
}

describe('fixes of the SaaS fixture, on the real engine', () => {
  it('writes SQL for every fix, and every forward and rollback applies', async () => {
    const catalog: Catalog = await loadPostgresDdlPath(SCHEMA);
    expect(catalog.warnings).toEqual([]);
    const { findings } = runRules(catalog, allRules, resolveConfig({}));
    const fixed = findings.filter((f) => f.fix?.length);
    expect(fixed.length).toBeGreaterThan(20);
    const kinds = new Set(fixed.flatMap((f) => f.fix!.map((op) => op.op)));
    expect(kinds.size).toBeGreaterThanOrEqual(10);

    await withEmbeddedPostgres(['citext'], async (db) => {
      await db.exec('SET check_function_bodies = false');
      await db.exec(readFileSync(SCHEMA, 'utf8'));
      const original = await shapeOf(db);
      const failures: string[] = [];
      for (const f of fixed) {
        const sql = postgresFixSql(f.fix!, catalog);
        expect(sql.unsupported, f.key).toBeUndefined();
        try {
          if (sql.preflight) for (const q of sql.preflight.split(/;\n\n/)) await db.query(q);
          for (const stmt of sql.forward) await db.exec(stmt);
          for (const stmt of sql.rollback) await db.exec(stmt);
        } catch (e) {
          failures.push(`${f.key}: ${(e as Error).message}`);
          break;
        }
      }
      expect(failures).toEqual([]);
      expect(await shapeOf(db)).toEqual(original);
    });
  });
});
