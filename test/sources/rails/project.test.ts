// Telling a Rails application from other targets, and which of its schema files to read.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRails, loadRails, railsStructureSql } from '../../../src/sources/rails/index.js';
import { databaseYmlAdapter } from '../../../src/sources/rails/project.js';
import { UsageError } from '../../../src/errors.js';

const base = mkdtempSync(join(tmpdir(), 'schemascope-rails-project-'));
let n = 0;

/** A folder with the given files (path → content). */
function tree(files: Record<string, string>): string {
  const root = join(base, `p${++n}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

const schemaRb = (version: string) => `ActiveRecord::Schema[7.1].define(version: ${version}) do\n  create_table "a", force: :cascade do |t|\n  end\nend\n`;
const structureSql = (versions: string[]) =>
  `CREATE TABLE public.a (id bigint NOT NULL);\n\nSET search_path TO "$user", public;\n\nINSERT INTO "schema_migrations" (version) VALUES\n${versions.map((v) => `('${v}')`).join(',\n')};\n\n`;

describe('Rails project detection', () => {
  it('knows an application by db/schema.rb or db/structure.sql, from its root, its db/ folder or the file', () => {
    const rb = tree({ 'db/schema.rb': schemaRb('2024_01_01_000000'), 'Gemfile': "gem 'rails'\n" });
    expect(detectRails(rb)).toBe(true);
    expect(detectRails(join(rb, 'db'))).toBe(true);
    expect(detectRails(join(rb, 'db', 'schema.rb'))).toBe(true);
    expect(railsStructureSql(rb)).toBeUndefined();

    const sql = tree({ 'db/structure.sql': structureSql(['20240101000000']) });
    expect(detectRails(sql)).toBe(true);
    expect(railsStructureSql(sql)).toBe(join(sql, 'db', 'structure.sql'));
    expect(railsStructureSql(join(sql, 'db'))).toBe(join(sql, 'db', 'structure.sql'));
    expect(railsStructureSql(join(sql, 'db', 'structure.sql'))).toBe(join(sql, 'db', 'structure.sql'));
  });

  it('leaves other targets alone', () => {
    const migrations = tree({ 'migrations/001.sql': 'CREATE TABLE a (id int);', 'migrations/structure.sql': 'SELECT 1;' });
    expect(detectRails(migrations)).toBe(false);
    expect(detectRails(join(migrations, 'migrations'))).toBe(false);
    expect(detectRails(join(migrations, 'migrations', 'structure.sql'))).toBe(false);
    expect(detectRails(join(migrations, 'migrations', '001.sql'))).toBe(false);
    expect(detectRails(join(base, 'no-such-folder'))).toBe(false);
    expect(railsStructureSql(migrations)).toBeUndefined();
  });

  it('with both files, reads the one with the newer migration version (structure.sql on a tie)', () => {
    const sqlNewer = tree({ 'db/schema.rb': schemaRb('2023_05_01_000000'), 'db/structure.sql': structureSql(['20230501000000', '20240301120000']) });
    expect(railsStructureSql(sqlNewer)).toBe(join(sqlNewer, 'db', 'structure.sql'));
    const rbNewer = tree({ 'db/schema.rb': schemaRb('2024_06_01_000000'), 'db/structure.sql': structureSql(['20240301120000']) });
    expect(railsStructureSql(rbNewer)).toBeUndefined();
    const tie = tree({ 'db/schema.rb': schemaRb('2024_03_01_120000'), 'db/structure.sql': structureSql(['20240301120000']) });
    expect(railsStructureSql(tie)).toBe(join(tie, 'db', 'structure.sql'));
  });

  it('loadRails reads schema.rb and sends a structure.sql application to the DDL source', async () => {
    const rb = tree({ 'db/schema.rb': schemaRb('1') });
    const catalog = await loadRails(rb);
    expect(catalog.tables.map((t) => t.name)).toEqual(['a']);
    expect(catalog.source.location).toBe(rb);
    const sql = tree({ 'db/structure.sql': structureSql(['1']) });
    await expect(loadRails(sql)).rejects.toThrow(UsageError);
    await expect(loadRails(sql)).rejects.toThrow(/structure\.sql, which is PostgreSQL DDL/);
    await expect(loadRails(join(base, 'nothing-here'))).rejects.toThrow(/not a Rails application/);
  });
});

describe('config/database.yml', () => {
  it('reads the adapter key as YAML: sections, anchors, quotes and comments', () => {
    const root = tree({
      'config/database.yml': `# adapter: sqlite3 (a comment, not a key)
default: &default
  adapter: "postgresql"
  pool: 5

development:
  <<: *default
  database: app_dev
`,
    });
    expect(databaseYmlAdapter(root)).toMatchObject({ dialect: 'postgres', adapter: 'postgresql', line: 3 });
  });

  it('lets production decide when sections disagree, and passes over ERB', () => {
    const root = tree({
      'config/database.yml': `development:
  adapter: sqlite3
production:
  adapter: trilogy
test:
  adapter: <%= ENV["ADAPTER"] %>
`,
    });
    expect(databaseYmlAdapter(root)).toMatchObject({ dialect: 'mysql', adapter: 'trilogy', line: 4 });
    expect(databaseYmlAdapter(tree({ 'config/database.yml': 'default:\n  adapter: <%= "postgresql" %>\n' }))).toBeUndefined();
    expect(databaseYmlAdapter(tree({ 'Gemfile': '' }))).toBeUndefined();
  });
});
