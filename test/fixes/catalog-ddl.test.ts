// A catalog written back as PostgreSQL DDL loads into the embedded engine as the same schema: the
// tables, columns, keys, constraints and indexes the source read come back from pg_catalog. This is
// what lets `plan --verify` prove a plan for a Django, Alembic, Prisma or Rails project.
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/sources/detect.js';
import { loadPostgresDdlFiles } from '../../src/sources/postgres/ddl.js';
import { catalogToPostgresDdl } from '../../src/fixes/catalog-ddl.js';
import { qualifiedName, type Catalog } from '../../src/catalog/types.js';
import { isDataTable } from '../../src/catalog/lookup.js';

const PROJECTS = [
  'test/sources/django/fixtures/helpdesk',
  'test/sources/sqlalchemy/fixtures/saas',
  'test/sources/prisma/fixtures/saas-postgres',
  'test/sources/rails/fixtures/tenant-app',
  'examples/saas/schema.sql',
];

/** What must survive the round trip, per table. */
function shape(catalog: Catalog): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of catalog.tables.filter(isDataTable)) {
    out[qualifiedName(t)] = {
      columns: t.columns.map((c) => [c.name, c.dataType, c.nullable]),
      primaryKey: t.primaryKey?.columns ?? null,
      foreignKeys: t.foreignKeys.map((fk) => [fk.name, fk.columns, `${fk.refSchema}.${fk.refTable}`, fk.refColumns, fk.onDelete]).sort(),
      uniques: t.uniques.map((u) => u.columns.join(',')).sort(),
      checks: t.checks.length,
      indexes: t.indexes.map((i) => [i.name, i.unique, i.columns.join(',')]).sort(),
      rls: [t.rls.enabled, t.rls.forced, t.policies.map((p) => p.name).sort()],
    };
  }
  return out;
}

describe('catalogToPostgresDdl', () => {
  it.each(PROJECTS)('%s: the written DDL loads back as the same schema', async (path) => {
    const catalog = await loadSource(path);
    const ddl = catalogToPostgresDdl(catalog);
    const back = await loadPostgresDdlFiles([{ path: 'schema-from-catalog.sql', text: ddl }], { faithful: true });
    // Django's contrib tables (auth_group…) are not part of the project's migrations, and the catalog keeps
    // no function bodies (a policy calling one cannot load): nothing else may fail.
    for (const w of back.warnings.filter((x) => !x.note)) expect(w.message).toMatch(/relation "public\.auth_\w+" does not exist|CREATE POLICY .*\(function \w+\(\) does not exist/);
    const expected = shape(catalog);
    const got = shape(back);
    for (const [table, want] of Object.entries(expected)) {
      const has = got[table] as { foreignKeys: unknown[] } | undefined;
      expect(has, table).toBeDefined();
      const w = want as { foreignKeys: [string, string[], string][]; rls: unknown[] };
      // Keys to tables outside the catalog (Django's auth) do not load; everything else must match.
      const kept = { ...w, foreignKeys: w.foreignKeys.filter((fk) => !fk[2].startsWith('public.auth_')) };
      const policiesLost = back.warnings.some((x) => x.message.startsWith(`CREATE POLICY ${table} `));
      if (policiesLost) kept.rls = [...w.rls.slice(0, 2), []];
      expect(has, table).toEqual(kept);
    }
  });

  it('quotes what needs quoting: mixed case, reserved words, quotes in names', async () => {
    const catalog = await loadPostgresDdlFiles([
      { path: 'q.sql', text: `CREATE TABLE "Order" ("limit" int PRIMARY KEY, "from" text, "a""b" int); CREATE INDEX "Order_from_idx" ON "Order" ("from");` },
    ]);
    const back = await loadPostgresDdlFiles([{ path: 'back.sql', text: catalogToPostgresDdl(catalog) }], { faithful: true });
    expect(back.warnings).toEqual([]);
    expect(shape(back)).toEqual(shape(catalog));
  });
});
