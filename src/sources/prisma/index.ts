// Prisma source: a schema.prisma file or a multi-file schema folder → the catalog Prisma Migrate would
// create (see catalog.ts), with every object at its file:line.
import type { AppFacts, Catalog, Dialect, LoadWarning, Origin } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { buildSchema, type RelationMode } from './catalog.js';
import { readDatamodel, type Datamodel, type EngineError } from './dmmf.js';
import { collectPrismaFiles, detectPrisma, readSchemaFiles } from './files.js';
import { assignment, engineText, findSuppressions, parseSchema, SyntaxFailure, unquote, type SchemaFile, type SchemaSyntax } from './syntax.js';

export { detectPrisma };
export type { SchemaFile };

export interface PrismaLoadOptions {
  /** PostgreSQL: keep only tables in these schemas (`@@schema`, else `public`). */
  schemas?: string[];
  /** Shown as the catalog's source location; defaults to the file list. */
  location?: string;
}

/** Reads the Prisma schema at `path` (a .prisma file or a folder, see detectPrisma) into a catalog. */
export async function loadPrisma(path: string, opts: PrismaLoadOptions = {}): Promise<Catalog> {
  const files = readSchemaFiles(collectPrismaFiles(path));
  return loadPrismaFiles(files, { ...opts, location: opts.location ?? path });
}

const PROVIDERS: Record<string, Dialect> = { postgresql: 'postgres', postgres: 'postgres', cockroachdb: 'postgres', mysql: 'mysql', sqlite: 'sqlite' };

function engineFailure(error: EngineError, files: SchemaFile[]): UsageError {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}` : files.map((f) => f.path).join(', ');
  const more = error.count > 1 ? ` (and ${error.count - 1} more error${error.count > 2 ? 's' : ''})` : '';
  return new UsageError(`${where}: ${error.message}${more}`);
}

/** Loads schema files already in memory (`path` is what findings show). */
export async function loadPrismaFiles(files: SchemaFile[], opts: PrismaLoadOptions = {}): Promise<Catalog> {
  if (files.length === 0) throw new UsageError(`${opts.location ?? 'input'}: no Prisma schema files`);
  let syntax: SchemaSyntax;
  try {
    syntax = await parseSchema(files);
  } catch (err) {
    if (!(err instanceof SyntaxFailure)) throw err;
    // Prisma's own parser words syntax errors better: prefer its message when it agrees there is one.
    const engine = readDatamodel(files.map((f) => [f.path, f.text]));
    if ('error' in engine) throw engineFailure(engine.error, files);
    throw new UsageError(`${err.file}${err.line ? `:${err.line}` : ''}: ${err.message}`);
  }

  const warnings: LoadWarning[] = [];
  const ds = syntax.datasource;
  const where = ds ? `${ds.file}:${ds.line}` : files.map((f) => f.path).join(', ');
  if (!ds) throw new UsageError(`${where}: no datasource block, so no provider says which database the schema is for`);
  const providerAt = assignment(ds.block, 'provider');
  const provider = unquote(providerAt?.value);
  const dialect = provider ? PROVIDERS[provider] : undefined;
  if (!dialect) {
    throw new UsageError(
      `${ds.file}:${providerAt?.line ?? ds.line}: datasource provider ${provider ? `"${provider}"` : '(none)'} is not supported (postgresql, mysql, sqlite, cockroachdb)`,
    );
  }
  if (provider === 'cockroachdb') {
    warnings.push({
      code: 'provider-approximated',
      message: 'provider "cockroachdb" is read as PostgreSQL: column types and defaults are those Prisma gives PostgreSQL, which CockroachDB names differently',
      origin: { file: ds.file, line: providerAt?.line ?? ds.line },
    });
  }
  const modeAt = assignment(ds.block, 'relationMode') ?? assignment(ds.block, 'referentialIntegrity');
  const relationMode: RelationMode = unquote(modeAt?.value) === 'prisma' ? 'prisma' : 'foreignKeys';

  const datamodel = describe(syntax, files, warnings);
  const built = buildSchema({ syntax, datamodel, dialect, relationMode });

  // Only PostgreSQL has schemas in a Prisma schema (@@schema); MySQL's database name is not in it.
  const keep = dialect === 'postgres' && opts.schemas?.length ? new Set(opts.schemas) : undefined;
  const tables = keep ? built.tables.filter((t) => keep.has(t.schema)) : built.tables;
  const schemas = dialect === 'postgres' ? [...new Set(tables.map((t) => t.schema))].sort() : [];

  const app: AppFacts = { frameworks: ['prisma'], models: built.models, notes: [] };
  const catalog: Catalog = {
    source: {
      kind: 'prisma-schema',
      location: opts.location ?? files.map((f) => f.path).join(', '),
      dialect,
      files: files.map((f) => f.path),
    },
    schemas,
    tables,
    functions: [],
    enums: keep ? built.enums.filter((e) => keep.has(e.schema)) : built.enums,
    sequences: keep ? built.sequences.filter((s) => keep.has(s.schema)) : built.sequences,
    hasLiveStats: false,
    warnings,
    app,
  };
  if (relationMode === 'prisma') {
    const origin: Origin = { file: ds.file, line: modeAt?.line ?? ds.line };
    catalog.enforcement = { foreignKeysEnforced: false };
    const relations = tables.reduce((n, t) => n + t.foreignKeys.length, 0);
    app.notes.push({
      kind: 'relation-mode-prisma',
      message:
        `relationMode = "prisma": Prisma Migrate creates no foreign keys, so referential integrity is not enforced by the database. ` +
        `The ${relations} relation${relations === 1 ? '' : 's'} listed as foreign keys (marked not enforced) are checked and their ` +
        `referential actions emulated by Prisma Client only; writes from any other client, raw SQL or a bug can leave ids that point nowhere, ` +
        `and no index is created for the relation scalar fields unless the schema declares one.`,
      origin,
    });
  }
  const suppressions = findSuppressions(files);
  if (suppressions.length) catalog.suppressions = suppressions;
  return catalog;
}

/**
 * Prisma's engine reading of the schema. `@ignore`/`@@ignore` are lifted first so the engine describes
 * ignored fields and models too (Migrate still creates them); when only the lifted text fails to
 * validate, the schema as written is used and what the engine leaves out is said in a warning.
 */
function describe(syntax: SchemaSyntax, files: SchemaFile[], warnings: LoadWarning[]): Datamodel {
  const lifted = engineText(syntax, true);
  const first = readDatamodel(lifted.files);
  if ('datamodel' in first) return first.datamodel;
  if (lifted.ignoresLifted) {
    const asWritten = readDatamodel(engineText(syntax, false).files);
    if ('datamodel' in asWritten) {
      for (const [name, model] of syntax.models) {
        if (!model.attributes.some((a) => a.name === 'ignore')) continue;
        if (asWritten.datamodel.models.some((m) => m.name === name)) continue;
        warnings.push({
          code: 'prisma-ignored-model',
          message: `model ${name} is marked @@ignore and Prisma's engine cannot describe it, so its table is not part of this review`,
          origin: { file: model.file, line: model.line },
        });
      }
      return asWritten.datamodel;
    }
  }
  throw engineFailure(first.error, files);
}
