// Rails source: a Rails application, its `db/` folder, or a `schema.rb` file. `schema.rb` is read
// here (parsed with tree-sitter, replayed with Rails' conventions); an application whose schema is
// `db/structure.sql` is PostgreSQL DDL, which `railsStructureSql` points at for the DDL source.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Catalog, Dialect } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { databaseYmlAdapter, railsLayout, railsStructureSql } from './project.js';
import { parseRuby } from './ruby.js';
import { buildCatalog } from './schema-rb.js';

export { detectRails, railsStructureSql } from './project.js';

export interface RailsLoadOptions {
  /** Only these schemas (PostgreSQL). */
  schemas?: string[];
  /** Called once the file is read (done = total = number of statements). */
  onProgress?: (done: number, total: number) => void;
  /**
   * The database the schema is for, when neither schema.rb (extensions, MySQL table options) nor
   * `config/database.yml` says. Default: PostgreSQL.
   */
  dialect?: Dialect;
}

/** A path as findings show it: relative to the working folder when it is inside it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Reads a Rails application's `db/schema.rb` (or the schema.rb given) into the catalog. */
export async function loadRails(path: string, opts: RailsLoadOptions = {}): Promise<Catalog> {
  const layout = railsLayout(path);
  if (!layout) throw new UsageError(`${path}: not a Rails application (no db/schema.rb or db/structure.sql)`);
  if (!layout.schemaRb || railsStructureSql(path)) {
    const sql = railsStructureSql(path) ?? layout.structureSql;
    throw new UsageError(`${path}: the schema of this Rails application is ${sql}, which is PostgreSQL DDL: review that file`);
  }
  const file = layout.schemaRb;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
  const shown = shownPath(file);
  const parsed = await parseRuby(text);
  const adapterHint = layout.root !== undefined ? databaseYmlAdapter(layout.root) : undefined;
  const { catalog } = buildCatalog(parsed, {
    file: shown,
    location: path,
    ...(opts.dialect ? { dialect: opts.dialect } : {}),
    ...(adapterHint ? { adapterHint: { ...adapterHint, file: shownPath(adapterHint.file) } } : {}),
    ...(opts.schemas ? { schemas: opts.schemas } : {}),
  });
  const total = catalog.source.statements ?? 0;
  opts.onProgress?.(total, total);
  return catalog;
}
