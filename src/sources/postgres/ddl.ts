// PostgreSQL DDL source: a file (pg_dump output, structure.sql) or a folder of migrations applied in
// file-name order. The DDL runs in the embedded PostgreSQL; the catalog is then read back from the
// engine (so we analyse what PostgreSQL understood), and each object is mapped to its file:line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Catalog, LoadWarning } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { isExtensionAvailable, withEmbeddedPostgres } from './embedded.js';
import { introspect, type Queryable } from './introspect.js';
import { detectPlatform } from './platforms.js';
import { onlyValidatesConstraints, withUnenforcedForeignKeys } from './enforcement.js';
import { findSuppressions } from './suppressions.js';
import { OriginMap, recordOrigins, SearchPath } from './origins.js';
import { loadParser, splitStatements, type Statement } from './statements.js';

export interface DdlFile {
  /** Path as shown in findings (relative to where the user pointed us). */
  path: string;
  text: string;
}

export interface DdlLoadOptions {
  schemas?: string[];
  /** Called as statements are applied, for progress on a TTY. */
  onProgress?: (done: number, total: number) => void;
  /** Shown in the catalog's source info; defaults to the file list. */
  location?: string;
  kind?: string;
  /**
   * Run foreign keys enforced, exactly as written (slower on thousands of tables): for work that
   * changes the loaded schema afterwards, like checking a migration plan.
   */
  faithful?: boolean;
  /** Called with the engine still holding the schema, before it is emptied (see src/fixes/verify.ts). */
  inEngine?: (engine: LoadedEngine) => Promise<void>;
}

/** The embedded engine right after a load, and a way to read its catalog again after changing it. */
export interface LoadedEngine {
  db: PGlite;
  catalog: Catalog;
  /** The catalog as the engine holds it now, with the same origins and source info. */
  reintrospect: () => Promise<Catalog>;
}

/** Statements that carry data or session/database management, not schema: skipped, not run. */
const NOT_SCHEMA = new Set([
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'CopyStmt',
  'TransactionStmt',
  'VacuumStmt',
  'CreatedbStmt',
  'DropdbStmt',
  'AlterDatabaseStmt',
  'AlterDatabaseSetStmt',
  'AlterDatabaseRefreshCollStmt',
  'AlterSystemStmt',
  'CheckPointStmt',
  'ExplainStmt',
  'ClusterStmt',
  'ReindexStmt',
  'LoadStmt',
  'NotifyStmt',
  'ListenStmt',
  'UnlistenStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'AlterTableSpaceOptionsStmt',
  'LockStmt',
  'DiscardStmt',
  'RefreshMatViewStmt',
  'CreateEventTrigStmt',
  'AlterEventTrigStmt',
]);

function shouldRun(stmt: Statement): boolean {
  if (NOT_SCHEMA.has(stmt.kind)) return false;
  // A SELECT with a FROM clause reads or moves data; set_config(…)/setval(…) calls have none.
  if (stmt.kind === 'SelectStmt') return !stmt.ast.fromClause;
  if (stmt.kind === 'VariableSetStmt') return stmt.ast.name === 'search_path' || stmt.ast.kind === 'VAR_RESET_ALL';
  return true;
}

/** Statements that PostgreSQL refuses inside a transaction block must run on their own. */
function mustRunAlone(stmt: Statement): boolean {
  return (stmt.kind === 'IndexStmt' && !!stmt.ast.concurrent) || stmt.kind === 'AlterEnumStmt';
}

const BATCH = 64;

export async function loadPostgresDdlFiles(files: DdlFile[], opts: DdlLoadOptions = {}): Promise<Catalog> {
  await loadParser();
  const warnings: LoadWarning[] = [];
  const statements: Statement[] = [];
  for (const f of files) {
    const split = splitStatements(f.path, f.text);
    statements.push(...split.statements);
    warnings.push(...split.warnings);
  }
  if (statements.length === 0) {
    const first = warnings[0];
    if (first?.origin && 'file' in first.origin)
      throw new UsageError(`${first.origin.file}:${first.origin.line}: ${first.message.replace(/; skipped$/, '')}`);
    throw new UsageError(`${files.map((f) => f.path).join(', ') || 'input'}: no SQL statements found`);
  }

  const origins = new OriginMap();
  const path = new SearchPath();
  const extensionNames = new Set<string>();
  for (const stmt of statements) {
    path.observe(stmt);
    recordOrigins(stmt, path, origins);
    if (stmt.kind === 'CreateExtensionStmt') extensionNames.add(stmt.ast.extname);
  }

  const platform = detectPlatform(files.map((f) => f.path));
  if (platform) platform.extensions.forEach((e) => extensionNames.add(e));

  return withEmbeddedPostgres([...extensionNames].filter(isExtensionAvailable), async (db) => {
    // Function bodies are checked when called, not when created: pg_dump output creates functions
    // before the tables they read, and we only need the schema.
    await db.exec('SET check_function_bodies = false');
    if (platform) await db.exec(platform.prelude);
    const toRun = statements.filter((s) => shouldRun(s) && (opts.faithful || !onlyValidatesConstraints(s)));
    await applyStatements(db, toRun, warnings, opts.onProgress, opts.faithful);
    const queryable: Queryable = {
      query: async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows,
    };
    const introspectOptions = {
      schemas: opts.schemas,
      excludeSchemas: platform && !opts.schemas ? platform.platformSchemas : undefined,
      liveStats: false,
      origins,
    };
    const found = await introspect(queryable, introspectOptions);
    const version = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
    const catalog: Catalog = {
      source: {
        kind: opts.kind ?? (files.length === 1 ? 'ddl-file' : 'ddl-folder'),
        location: opts.location ?? files.map((f) => f.path).join(', '),
        dialect: 'postgres',
        serverVersion: version ? `PostgreSQL ${version} (embedded)` : undefined,
        files: files.map((f) => f.path),
        statements: statements.length,
      },
      schemas: found.schemas,
      tables: found.tables,
      functions: found.functions,
      enums: found.enums,
      sequences: found.sequences,
      hasLiveStats: false,
      warnings: [...warnings, ...found.warnings],
    };
    if (platform) catalog.source.platform = platform.name;
    const suppressions = findSuppressions(statements, new Map(files.map((f) => [f.path, f.text])));
    if (suppressions.length) catalog.suppressions = suppressions;
    if (opts.inEngine) {
      const reintrospect = async (): Promise<Catalog> => {
        const again = await introspect(queryable, introspectOptions);
        return { ...catalog, tables: again.tables, functions: again.functions, enums: again.enums, sequences: again.sequences, schemas: again.schemas, warnings: again.warnings };
      };
      await opts.inEngine({ db, catalog, reintrospect });
    }
    return catalog;
  });
}

const LABEL: Record<string, string> = {
  CreateStmt: 'CREATE TABLE',
  AlterTableStmt: 'ALTER TABLE',
  IndexStmt: 'CREATE INDEX',
  CreatePolicyStmt: 'CREATE POLICY',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateTrigStmt: 'CREATE TRIGGER',
  ViewStmt: 'CREATE VIEW',
  CreateTableAsStmt: 'CREATE TABLE AS / MATERIALIZED VIEW',
  CreateEnumStmt: 'CREATE TYPE',
  CreateDomainStmt: 'CREATE DOMAIN',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CommentStmt: 'COMMENT',
  GrantStmt: 'GRANT',
  DoStmt: 'DO block',
};

function describe(stmt: Statement): string {
  const label = LABEL[stmt.kind] ?? stmt.kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  const rel = stmt.ast?.relation ?? stmt.ast?.view ?? stmt.ast?.table;
  return rel?.relname ? `${label} ${rel.schemaname ? `${rel.schemaname}.` : ''}${rel.relname}` : label;
}

/**
 * Runs statements in batches (fast: one round trip per batch). A batch is one implicit transaction,
 * so when one fails the batch rolls back and its statements are re-run one by one, which finds the
 * culprit and keeps everything else.
 */
async function applyStatements(
  db: PGlite,
  statements: Statement[],
  warnings: LoadWarning[],
  onProgress?: (done: number, total: number) => void,
  faithful = false,
): Promise<void> {
  const createdRoles = new Set<string>();
  const runText = new Map<Statement, string>();
  for (const stmt of faithful ? [] : statements) {
    const relaxed = withUnenforcedForeignKeys(stmt);
    if (relaxed) runText.set(stmt, relaxed);
  }
  const textOf = (stmt: Statement) => runText.get(stmt) ?? stmt.text;
  const runOne = async (stmt: Statement): Promise<void> => {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        await db.exec(textOf(stmt));
        return;
      } catch (err) {
        const message = (err as Error).message;
        // Dumps name roles of the server they came from (owners, grantees, policy roles): they do
        // not matter to the design, so create them in the embedded engine and carry on.
        const role = /^role "([^"]+)" does not exist/.exec(message)?.[1];
        if (role && !createdRoles.has(role)) {
          createdRoles.add(role);
          await db.exec(`CREATE ROLE "${role.replace(/"/g, '""')}" NOLOGIN`);
          continue;
        }
        if (runText.delete(stmt)) continue; // try the statement exactly as written
        const ext = stmt.kind === 'CreateExtensionStmt' ? String(stmt.ast.extname) : undefined;
        warnings.push({
          code: ext ? 'extension-unavailable' : 'statement-failed',
          message: ext
            ? `extension "${ext}" is not available in the embedded PostgreSQL; objects that need it were not loaded`
            : `${describe(stmt)} could not be applied (${message}); skipped`,
          origin: { file: stmt.file, line: stmt.line },
        });
        return;
      }
    }
  };

  let done = 0;
  let i = 0;
  while (i < statements.length) {
    if (mustRunAlone(statements[i])) {
      await runOne(statements[i]);
      i++;
    } else {
      let j = i;
      while (j < statements.length && j - i < BATCH && !mustRunAlone(statements[j])) j++;
      const batch = statements.slice(i, j);
      try {
        await db.exec(batch.map(textOf).join('\n;\n'));
      } catch {
        for (const stmt of batch) await runOne(stmt);
      }
      i = j;
    }
    done = i;
    onProgress?.(done, statements.length);
  }
}

/** Lists the .sql files to load from a path: the file itself, or a folder's .sql files in file-name order. */
export function collectSqlFiles(path: string): { root: string; files: string[] } {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`${path}: no such file or folder`);
  }
  if (st.isFile()) return { root: join(path, '..'), files: [path] };
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.toLowerCase().endsWith('.sql')) found.push(full);
    }
  };
  walk(path);
  // Migrations are applied in file-name order (timestamps or sequence numbers lead the names).
  found.sort((a, b) => {
    const an = a.split(/[\\/]/).pop()!;
    const bn = b.split(/[\\/]/).pop()!;
    return an < bn ? -1 : an > bn ? 1 : a < b ? -1 : 1;
  });
  if (found.length === 0) throw new UsageError(`${path}: no .sql files found`);
  return { root: path, files: found };
}

export async function loadPostgresDdlPath(path: string, opts: DdlLoadOptions = {}): Promise<Catalog> {
  const { root, files } = collectSqlFiles(path);
  const ddl: DdlFile[] = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      throw new UsageError(`${f}: cannot read the file`);
    }
    const shown = relative(process.cwd(), f) || f;
    return { path: shown.startsWith('..') ? f : shown, text };
  });
  return loadPostgresDdlFiles(ddl, { ...opts, location: opts.location ?? path, kind: files.length === 1 && root !== path ? 'ddl-file' : 'ddl-folder' });
}
