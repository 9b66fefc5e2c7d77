// The Laravel source: a Laravel project (artisan + database/migrations) read into the catalog by replaying its
// migrations in the order `php artisan migrate` runs them, plus what its Eloquent models say (casts, traits, hooks,
// global scopes, relationships). Nothing is executed: PHP is parsed with tree-sitter and interpreted as far as a
// schema goes; what cannot be read is a warning with its file:line, never a silent gap.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { AppFacts, AppFixture, Catalog, MigrationGraph, MigrationNode, Suppression } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { dialectOf, type Driver } from './columns.js';
import { SchemaState, replayMigration, type Note } from './migrations.js';
import { readSeeder, seederFiles } from './seeders.js';
import { buildModels, readClasses, withoutScopeNotes, type PhpClass } from './models.js';
import { argumentsOf, field, lineOf, literal, loadPhp, named, scopedCall, stringValue, suppressionComments, type Node } from './php.js';
import {
  chooseConnection,
  isDir,
  laravelMajor,
  migrationFiles,
  migrationFolders,
  readIf,
  schemaDumps,
  type ConnectionChoice,
  type DatabaseConfig,
} from './project.js';

export { plural, tableForModel } from './inflect.js';
export { physicalColumn, type Driver } from './columns.js';
export { parseDotenv } from './project.js';
export { NODE_TYPES, SCHEMA_CALL_QUERY, WITHOUT_SCOPE_QUERY, loadPhp } from './php.js';

export interface LaravelLoadOptions {
  /** Replay for this driver instead of the one the project's `.env` / config names. */
  connection?: Driver;
  /** Laravel's major version when composer.json does not say (it decides what `->change()` keeps). */
  laravelVersion?: number;
  /** MariaDB older than 10.7 has no `uuid` type; Laravel then creates char(36). Default: true (10.7+). */
  mariaDbUuid?: boolean;
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
}

/** A Laravel project: an `artisan` file beside a `database/migrations` folder. */
export function detectLaravel(path: string): boolean {
  try {
    return statSync(path).isDirectory() && existsSync(join(path, 'artisan')) && isDir(join(path, 'database', 'migrations'));
  } catch {
    return false;
  }
}

/** Folders under the project that hold application PHP: models, traits, scopes, services. */
const APP_ROOTS = ['app', 'Modules', 'packages', 'src'];
const SKIP_DIRS = new Set(['vendor', 'node_modules', 'storage', 'bootstrap', 'public', 'resources', 'tests', 'Tests', 'database', 'Database', 'lang', '.git']);

function phpFilesUnder(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(e) && !e.startsWith('.')) phpFilesUnder(p, out);
    } else if (e.endsWith('.php')) out.push(p);
  }
  return out;
}

export async function loadLaravel(path: string, opts: LaravelLoadOptions = {}): Promise<Catalog> {
  const root = resolve(path);
  const folders = isDir(root) ? migrationFolders(root) : [];
  if (!folders.length) throw new UsageError(`${path}: not a Laravel project (no database/migrations folder)`);
  const php = await loadPhp();
  const shown = (p: string) => relative(process.cwd(), p) || p;
  const parse = (file: string): { tree: ReturnType<typeof php.parser.parse>; text: string } | undefined => {
    const text = readIf(file);
    if (text === undefined) return undefined;
    return { tree: php.parser.parse(text), text };
  };
  const suppressions: Suppression[] = [];
  const collectSuppressions = (rootNode: Node, text: string, file: string) => {
    if (!text.includes('schemascope-ignore')) return;
    for (const s of suppressionComments(rootNode)) suppressions.push({ file, ...s });
  };

  // config/database.php: the default connection's fallback and each connection's driver.
  let dbConfig: DatabaseConfig | undefined;
  const configFile = join(root, 'config', 'database.php');
  if (existsSync(configFile)) {
    const parsed = parse(configFile);
    if (parsed?.tree) {
      dbConfig = readDatabaseConfig(parsed.tree.rootNode, shown(configFile));
      parsed.tree.delete();
    }
  }
  const detected = chooseConnection(root, shown, dbConfig);
  const conn: ConnectionChoice = opts.connection ? { name: opts.connection, driver: opts.connection, from: 'option' } : detected;
  const major = laravelMajor(root) ?? opts.laravelVersion;
  const schema = conn.driver === 'pgsql' ? 'public' : '';

  // Application code first: Schema::defaultStringLength in a provider changes what the migrations build.
  const classes: PhpClass[] = [];
  const notes: Note[] = [];
  let defaultLength: { length: number; file: string; line: number } | undefined;
  const appFiles = APP_ROOTS.flatMap((d) => phpFilesUnder(join(root, d)));
  for (const file of appFiles) {
    const parsed = parse(file);
    if (!parsed?.tree) continue;
    const rel = shown(file);
    const rootNode = parsed.tree.rootNode;
    if (parsed.text.includes('class') || parsed.text.includes('trait')) classes.push(...readClasses(rootNode, rel));
    if (/withoutGlobalScopes?\b/.test(parsed.text)) {
      const matches = php.withoutScopes.matches(rootNode).map((m) => ({ node: m.captures.find((c) => c.name === 'call')!.node }));
      notes.push(...withoutScopeNotes(rel, matches));
    }
    if (!defaultLength && parsed.text.includes('defaultStringLength')) {
      for (const m of php.schemaCalls.matches(rootNode)) {
        const call = m.captures.find((c) => c.name === 'call')?.node;
        const sc = call ? scopedCall(call) : undefined;
        const v = sc?.method === 'defaultStringLength' ? literal(sc.args[0]?.value) : undefined;
        if (typeof v === 'number') {
          defaultLength = { length: v, file: rel, line: lineOf(call!) };
          break;
        }
      }
    }
    collectSuppressions(rootNode, parsed.text, rel);
    parsed.tree.delete();
  }

  const state = new SchemaState({
    driver: conn.driver,
    defaultStringLength: defaultLength?.length ?? 255,
    changeKeepsAttributes: major !== undefined && major <= 10,
    mariaDbUuid: opts.mariaDbUuid ?? true,
    schema,
  });
  if (conn.unknown) {
    state.warn(
      'laravel-unknown-connection',
      `DB_CONNECTION names the connection \`${conn.unknown}\`, whose driver could not be told from config/database.php; the migrations are replayed for MySQL`,
      conn.from === 'default' || conn.from === 'option' ? undefined : conn.from,
    );
  }
  if (conn.driver === 'sqlsrv') {
    state.warn('laravel-unsupported-connection', 'the project uses SQL Server (sqlsrv), which schemascope does not model; the migrations are replayed with MySQL types', conn.from === 'default' || conn.from === 'option' ? undefined : conn.from);
  }
  if (defaultLength) {
    state.note('default-string-length', `Schema::defaultStringLength(${defaultLength.length}): string() columns without a length are varchar(${defaultLength.length})`, {
      file: defaultLength.file,
      line: defaultLength.line,
    });
  }
  for (const dump of schemaDumps(root)) {
    state.warn(
      'laravel-schema-dump-not-loaded',
      `${shown(dump)}: a squashed schema (php artisan schema:dump) that Laravel loads before the migrations; the Laravel source does not load it, so the tables it creates are missing (review it on its own as a DDL file)`,
      { file: shown(dump), line: 1 },
    );
  }

  const files = migrationFiles(folders);
  const nodes: MigrationNode[] = [];
  files.forEach((file, i) => {
    const parsed = parse(file);
    const rel = shown(file);
    if (!parsed?.tree) {
      state.warn('laravel-unreadable-file', `${rel}: could not be read`, { file: rel, line: 1 });
      return;
    }
    const node = replayMigration(parsed.tree.rootNode, rel, state);
    collectSuppressions(parsed.tree.rootNode, parsed.text, rel);
    parsed.tree.delete();
    if (nodes.length) node.dependsOn = [nodes[nodes.length - 1].id];
    nodes.push(node);
    opts.onProgress?.(i + 1, files.length);
  });
  const graph: MigrationGraph = { framework: 'laravel', nodes, heads: nodes.length ? [nodes[nodes.length - 1].id] : [] };

  let tables = state.finish();
  if (opts.schemas?.length && schema) tables = tables.filter((t) => opts.schemas!.includes(t.schema));

  // Seeders that ship logins or secrets.
  const fixtures: AppFixture[] = [];
  for (const file of seederFiles(root)) {
    const parsed = parse(file);
    if (!parsed?.tree) continue;
    const seeded = readSeeder(parsed.tree.rootNode, shown(file));
    parsed.tree.delete();
    fixtures.push(...seeded.fixtures);
    notes.push(...seeded.notes);
  }

  const models = buildModels(classes);
  // A belongs-to relationship takes the ON DELETE of the foreign key the migrations declare for its column.
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const m of models) {
    const t = m.table ? byName.get(m.table) : undefined;
    if (!t) continue;
    for (const r of m.relationships) {
      if (r.kind !== 'belongs-to' || !r.columns) continue;
      const fk = t.foreignKeys.find((f) => f.columns.length === r.columns!.length && f.columns.every((c, i) => c === r.columns![i]));
      if (fk) r.onDelete = fk.onDelete;
    }
  }

  const connectionNote: Note | undefined =
    conn.from === 'default' || conn.from === 'option'
      ? undefined
      : {
          kind: 'connection',
          message: `migrations replayed for the \`${conn.name}\` connection (${conn.driver} driver), as ${conn.from.file.endsWith('.php') ? 'config/database.php defaults to it' : `DB_CONNECTION in ${conn.from.file} says`}`,
          origin: conn.from,
        };
  const app: AppFacts = {
    frameworks: ['laravel'],
    models,
    notes: [...(connectionNote ? [connectionNote] : []), ...state.notes, ...notes],
    ...(fixtures.length ? { fixtures } : {}),
  };
  return {
    source: {
      kind: 'laravel',
      location: shown(root),
      dialect: dialectOf(conn.driver),
      files: files.map(shown),
      statements: nodes.reduce((n, node) => n + node.operations.length, 0),
    },
    schemas: schema ? [schema] : [],
    tables,
    functions: [],
    enums: [],
    sequences: [],
    hasLiveStats: false,
    warnings: state.warnings,
    ...(suppressions.length ? { suppressions } : {}),
    app,
    migrations: graph,
  };
}

/** `'default' => env('DB_CONNECTION', 'mysql')` and `'connections' => ['x' => ['driver' => 'y', …]]` of config/database.php. */
function readDatabaseConfig(rootNode: Node, file: string): DatabaseConfig {
  const cfg: DatabaseConfig = { file, drivers: new Map() };
  for (const el of rootNode.descendantsOfType('array_element_initializer')) {
    if (!el) continue;
    const [k, v] = named(el);
    const key = stringValue(k);
    if (!v) continue;
    if (key === 'default' && cfg.defaultName === undefined) {
      const direct = stringValue(v);
      if (direct) {
        cfg.defaultName = direct;
        cfg.defaultLine = lineOf(el);
      } else if (v.type === 'function_call_expression' && field(v, 'function')?.text === 'env') {
        const args = argumentsOf(field(v, 'arguments'));
        const fallback = stringValue(args[1]?.value);
        if (stringValue(args[0]?.value) === 'DB_CONNECTION' && fallback) {
          cfg.defaultName = fallback;
          cfg.defaultLine = lineOf(el);
        }
      }
    }
    if (key === 'connections' && v.type === 'array_creation_expression') {
      for (const conn of named(v)) {
        const [ck, cv] = named(conn);
        const name = stringValue(ck);
        if (!name || cv?.type !== 'array_creation_expression') continue;
        for (const item of named(cv)) {
          const [ik, iv] = named(item);
          if (stringValue(ik) === 'driver') {
            const d = stringValue(iv);
            if (d) cfg.drivers.set(name, d);
          }
        }
      }
    }
  }
  return cfg;
}
