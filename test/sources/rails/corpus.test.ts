// Real Rails applications written by others, from ../shared/corpus beside the project: chatwoot's
// schema.rb (85 tables, pgvector, hair_trigger triggers) must load without a crash, and what the
// catalog says must match what the file says, counted here by reading the file's lines; lago-api keeps
// its schema in db/structure.sql, which goes to the PostgreSQL DDL source.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectRails, loadRails, railsStructureSql } from '../../../src/sources/rails/index.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { resolveConfig } from '../../../src/config.js';
import { buildIndex } from '../../../src/catalog/lookup.js';

const corpus = new URL('../../../../shared/corpus/rails/', import.meta.url).pathname;
const root = `${corpus}chatwoot__chatwoot/`;
const schemaPath = `${root}db/schema.rb`;
const present = existsSync(schemaPath);
if (!present) {
  const message = `chatwoot's schema.rb is not in the corpus beside the project (${schemaPath}); its test needs it`;
  if (process.env.CI) throw new Error(`${message}. CI never skips it.`);
  console.warn(`SKIPPED: ${message}`);
}

describe.runIf(present)('Rails applications in ../shared/corpus', () => {
  it('chatwoot: loads every table, column, index, foreign key and trigger db/schema.rb declares, each at its line', async () => {
    const lines = readFileSync(schemaPath, 'utf8').split('\n');
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    const catalog = await loadRails(root);
    expect(catalog.warnings).toEqual([]);
    expect(catalog.source.dialect).toBe('postgres');

    // Counted facts.
    const createTables = count(/^\s*create_table "/);
    expect(createTables).toBe(85);
    expect(catalog.tables).toHaveLength(createTables);
    const withoutId = count(/^\s*create_table ".*id: false/);
    const columnLines = count(/^\s*t\.(?!index\b)\w+ "/);
    expect(catalog.tables.reduce((n, t) => n + t.columns.length, 0)).toBe(columnLines + createTables - withoutId);
    expect(catalog.tables.reduce((n, t) => n + t.indexes.filter((i) => !i.primary).length, 0)).toBe(count(/^\s*t\.index /));
    expect(catalog.tables.reduce((n, t) => n + t.foreignKeys.length, 0)).toBe(count(/^\s*add_foreign_key /));
    expect(catalog.tables.reduce((n, t) => n + t.triggers.length, 0)).toBe(count(/^\s*create_trigger\(/));
    expect(catalog.tables.filter((t) => !t.primaryKey).map((t) => t.name)).toEqual(['portals_members']);
    expect(catalog.tables.reduce((n, t) => n + t.columns.filter((c) => c.dataType === 'vector(1536)').length, 0)).toBe(count(/t\.vector ".*limit: 1536/));
    // id: :serial tables have integer keys; the others Rails' bigserial.
    const serial = count(/^\s*create_table ".*id: :serial/);
    expect(catalog.tables.filter((t) => t.columns[0]?.name === 'id' && t.columns[0].dataType === 'integer' && t.columns[0].autoIncrement)).toHaveLength(serial);
    expect(catalog.sequences).toHaveLength(createTables - withoutId - count(/^\s*create_table ".*id: :uuid/));

    // Every object sits on a line that names it.
    const text = (o: { origin: { file: string; line: number } | { object: string } }) => ('line' in o.origin ? lines[o.origin.line - 1] : '');
    for (const t of catalog.tables) {
      expect(text(t), t.name).toContain(`create_table "${t.name}"`);
      for (const c of t.columns) if (c.name !== 'id' || !t.primaryKey?.columns.includes('id')) expect(text(c), `${t.name}.${c.name}`).toContain(`"${c.name}"`);
      for (const i of t.indexes) if (!i.primary) expect(text(i), i.name).toContain(`name: "${i.name}"`);
      for (const fk of t.foreignKeys) expect(text(fk)).toContain(`add_foreign_key "${t.name}"`);
      for (const tr of t.triggers) expect(text(tr)).toContain(`create_trigger("${tr.name}"`);
    }

    // account_id everywhere: accounts is the tenant root.
    const index = buildIndex(catalog, resolveConfig());
    expect(index.tenancy.root?.name).toBe('accounts');
    expect([...index.tenancy.keyOf.values()].filter((c) => c.name === 'account_id').length).toBeGreaterThan(50);

    // The rules run, and every finding points at a line of the file.
    const run = runRules(catalog, allRules, resolveConfig());
    expect(run.findings.length).toBeGreaterThan(0);
    for (const f of run.findings) {
      expect('file' in f.origin, f.ruleId).toBe(true);
      if ('file' in f.origin) {
        expect(f.origin.line).toBeGreaterThanOrEqual(1);
        expect(f.origin.line).toBeLessThanOrEqual(lines.length);
      }
    }
  });

  it('lago-api: routes a structure.sql application, to its structure.sql', () => {
    const lago = `${corpus}getlago__lago-api`;
    expect(detectRails(lago)).toBe(true);
    expect(railsStructureSql(lago)).toBe(`${lago}/db/structure.sql`);
    expect(railsStructureSql(root)).toBeUndefined();
  });
});
