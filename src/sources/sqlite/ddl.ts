// SQLite DDL source: a .sql file (or a folder of them, applied in file-name order) written for
// SQLite. The statements run one at a time in an in-memory SQLite database, so what is reviewed is
// what SQLite understood; the schema is then read back from the engine (introspect.ts) and every
// object is mapped to the file:line that created it. A statement SQLite refuses becomes a warning
// with its file:line, and the rest still loads. Data (INSERT, UPDATE…), transaction control, PRAGMA,
// ATTACH and VACUUM statements are skipped: they do not change the schema, and ATTACH / VACUUM INTO
// could write files.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Catalog, LoadWarning, Origin, Suppression } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { collectSqlFiles, type DdlFile } from '../postgres/ddl.js';
import { loadParser } from '../postgres/statements.js';
import { sqliteDriver, type SqliteDatabase } from './driver.js';
import { readAddedColumn, readCreateTable, type TableDefinition } from './create-table.js';
import { introspect, originKey, type OriginLookup } from './introspect.js';
import { identValue, iterateStatements, keyword, Lines, significant, tokenize, type Token } from './lexer.js';

export interface SqliteDdlOptions {
  /** Review only these schemas (`main`, `temp`). */
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Shown in the catalog's source info; defaults to the file list. */
  location?: string;
  kind?: string;
}

interface Statement {
  file: string;
  line: number;
  /** Offset of the statement in its file. */
  start: number;
  text: string;
  /** First word, upper case. */
  verb: string;
  lines: Lines;
}

/** Statements that carry data or manage the session or files, not the schema: skipped, not run (nor kept). */
const SKIPPED = new Set([
  'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'SELECT', 'VALUES', 'WITH',
  'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE',
  'PRAGMA', 'ATTACH', 'DETACH', 'VACUUM', 'ANALYZE', 'REINDEX', 'EXPLAIN',
]);

const FOREIGN_KEYS_ON = /^PRAGMA\s+(main\.)?foreign_keys\s*=\s*'?(on|1|true|yes)'?\s*;?$/i;

class OriginMap implements OriginLookup {
  private readonly map = new Map<string, Origin>();
  /** Keys recorded per table, so a table's origins can be dropped or renamed without scanning them all. */
  private readonly byTable = new Map<string, Set<string>>();
  get(key: string): Origin | undefined {
    return this.map.get(key);
  }
  /** Records `key` as belonging to `schema.table` (so it follows the table when renamed or recreated). */
  set(key: string, origin: Origin, table?: { schema: string; name: string }): void {
    this.map.set(key, origin);
    if (!table) return;
    const owner = originKey.table(table.schema, table.name);
    let keys = this.byTable.get(owner);
    if (!keys) this.byTable.set(owner, (keys = new Set()));
    keys.add(key);
  }
  /** Forgets what an earlier, since dropped, table of the same name declared. */
  forgetTable(schema: string, table: string): void {
    const owner = originKey.table(schema, table);
    for (const key of this.byTable.get(owner) ?? []) this.map.delete(key);
    this.byTable.delete(owner);
  }
  renameTable(schema: string, from: string, to: string): void {
    const owner = originKey.table(schema, from);
    const keys = this.byTable.get(owner);
    if (!keys) return;
    this.byTable.delete(owner);
    const entries = [...keys].map((k) => [k, this.map.get(k)] as const);
    for (const [k] of entries) this.map.delete(k);
    // Keys start with `kind:schema.table` followed by `.`, `|` or nothing.
    const oldStem = `${schema}.${from}`.toLowerCase();
    const newStem = `${schema}.${to}`.toLowerCase();
    for (const [k, origin] of entries) {
      const colon = k.indexOf(':') + 1;
      const moved = k.slice(0, colon) + newStem + k.slice(colon + oldStem.length);
      if (origin) this.set(moved, origin, { schema, name: to });
    }
  }
  renameColumn(schema: string, table: string, from: string, to: string): void {
    const origin = this.map.get(originKey.column(schema, table, from));
    if (!origin) return;
    this.map.delete(originKey.column(schema, table, from));
    this.set(originKey.column(schema, table, to), origin, { schema, name: table });
  }
}

interface CreatedObject {
  type: string;
  /** The schema the statement names (or `temp` for CREATE TEMP …). */
  schema?: string;
  name: string;
  ifNotExists: boolean;
  /** For an index or trigger: the table it is on. */
  on?: string;
}

/** `CREATE [TEMP] [UNIQUE|VIRTUAL] TABLE|INDEX|VIEW|TRIGGER [IF NOT EXISTS] [schema.]name`, read from its tokens. */
function createdObject(sig: Token[]): CreatedObject | undefined {
  let i = 1;
  while (['TEMP', 'TEMPORARY', 'UNIQUE', 'VIRTUAL'].includes(keyword(sig[i]))) i++;
  const type = keyword(sig[i]);
  if (!['TABLE', 'INDEX', 'VIEW', 'TRIGGER'].includes(type)) return undefined;
  i++;
  const ifNotExists = keyword(sig[i]) === 'IF' && keyword(sig[i + 1]) === 'NOT' && keyword(sig[i + 2]) === 'EXISTS';
  if (ifNotExists) i += 3;
  const temp = ['TEMP', 'TEMPORARY'].includes(keyword(sig[1]));
  if (!sig[i]) return undefined;
  const qualified = sig[i + 1]?.kind === 'dot' && !!sig[i + 2];
  const schema = qualified ? identValue(sig[i]) : temp ? 'temp' : undefined;
  const name = identValue(sig[qualified ? i + 2 : i]);
  let on: string | undefined;
  if (type === 'INDEX' || type === 'TRIGGER') {
    const at = sig.findIndex((t, k) => k > i && keyword(t) === 'ON');
    const target = sig[at + 1];
    if (at > 0 && target) on = identValue(sig[at + 2]?.kind === 'dot' && sig[at + 3] ? sig[at + 3] : target);
  }
  return { type, ...(schema ? { schema } : {}), name, ifNotExists, ...(on ? { on } : {}) };
}

/** `ALTER TABLE [schema.]name …`: the table and the tokens after its name. */
function alteredTable(sig: Token[]): { schema?: string; name: string; rest: Token[] } | undefined {
  if (keyword(sig[1]) !== 'TABLE' || !sig[2]) return undefined;
  if (sig[3]?.kind === 'dot' && sig[4]) return { schema: identValue(sig[2]), name: identValue(sig[4]), rest: sig.slice(5) };
  return { name: identValue(sig[2]), rest: sig.slice(3) };
}

function describe(stmt: Statement, sig: Token[]): string {
  if (stmt.verb === 'CREATE') {
    const obj = createdObject(sig);
    if (obj) return `CREATE ${obj.type} ${obj.schema ? `${obj.schema}.` : ''}${obj.name}`;
  }
  if (stmt.verb === 'ALTER') {
    const t = alteredTable(sig);
    if (t) return `ALTER TABLE ${t.schema ? `${t.schema}.` : ''}${t.name}`;
  }
  return stmt.verb || 'statement';
}

/**
 * Where objects live, asked of SQLite by name through pragmas. Only statements that need it ask
 * (IF NOT EXISTS, ALTER TABLE): sqlite_schema has no index on names, and asking for every CREATE made
 * long scripts quadratic.
 */
class Catalogue {
  private readonly cache = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  /** Tables created as TEMP: unqualified names resolve to them first. */
  readonly tempTables = new Set<string>();
  constructor(private readonly db: SqliteDatabase) {}
  private query(sql: string) {
    let stmt = this.cache.get(sql);
    if (!stmt) this.cache.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }
  /** The schema of the table or view `name` (temp first, as SQLite resolves unqualified names), if it exists. */
  tableSchema(name: string, schema?: string): string | undefined {
    const rows = this.query('SELECT schema FROM pragma_table_list(?)').all(name) as { schema: string }[];
    const found = rows.map((r) => r.schema).filter((s) => !schema || s.toLowerCase() === schema.toLowerCase());
    return found.includes('temp') ? 'temp' : found[0];
  }
  /** Whether the object a CREATE statement names exists already. */
  exists(obj: CreatedObject): boolean {
    if (obj.type === 'TABLE' || obj.type === 'VIEW') return this.tableSchema(obj.name, obj.schema) !== undefined;
    if (obj.type === 'INDEX') return (this.query('SELECT 1 FROM pragma_index_xinfo(?) LIMIT 1').all(obj.name) as unknown[]).length > 0;
    // Triggers have no by-name pragma; CREATE TRIGGER IF NOT EXISTS is rare enough to scan for.
    for (const s of obj.schema ? [obj.schema] : ['main', 'temp']) {
      const q = `SELECT 1 FROM "${s.replace(/"/g, '""')}".sqlite_schema WHERE type = 'trigger' AND name = ? COLLATE NOCASE`;
      try {
        if (this.query(q).get(obj.name)) return true;
      } catch {
        return false; // an unknown schema: the statement fails on its own
      }
    }
    return false;
  }
  /** The schema a just-created object went to. */
  schemaOf(obj: CreatedObject): string {
    if (obj.schema) return obj.schema.toLowerCase() === 'temp' ? 'temp' : obj.schema;
    if (obj.type === 'TABLE' || obj.type === 'VIEW') return 'main';
    return obj.on && this.tempTables.has(obj.on.toLowerCase()) ? 'temp' : 'main';
  }
}

function recordTable(origins: OriginMap, stmt: Statement, schema: string, table: string, def: TableDefinition): void {
  const line = (offset: number): Origin => ({ file: stmt.file, line: stmt.lines.lineOf(stmt.start + offset) });
  const owner = { schema, name: table };
  for (const col of def.columns) origins.set(originKey.column(schema, table, col.name), line(col.offset), owner);
  for (const con of def.constraints) {
    const at = line(con.offset);
    if (con.name) origins.set(originKey.constraint(schema, table, con.name), at, owner);
    if (con.type === 'check') origins.set(originKey.check(schema, table, con.expression ?? ''), at, owner);
    else origins.set(originKey.key(schema, table, con.type[0], con.columns), at, owner);
  }
}

/**
 * Runs the statements in an in-memory database, recording where each object was declared. They run inside
 * one transaction (twice as fast as one per statement); a statement that fails with an error such as a
 * syntax error or a missing table is undone on its own by SQLite, and should an error end the transaction,
 * the next statement opens a new one.
 */
function applyStatements(
  db: SqliteDatabase,
  statements: Statement[],
  origins: OriginMap,
  warnings: LoadWarning[],
  onProgress?: (done: number, total: number) => void,
): number {
  let applied = 0;
  const catalogue = new Catalogue(db);
  statements.forEach((stmt, n) => {
    if (n % 64 === 63) onProgress?.(n + 1, statements.length);
    const here: Origin = { file: stmt.file, line: stmt.line };
    const sig = significant(tokenize(stmt.text));
    const created = stmt.verb === 'CREATE' ? createdObject(sig) : undefined;
    // The engine makes its own sqlite_sequence and sqlite_stat tables; `.schema` output lists them anyway.
    if (created?.type === 'TABLE' && created.name.toLowerCase().startsWith('sqlite_')) return;
    const altered = stmt.verb === 'ALTER' ? alteredTable(sig) : undefined;
    // Without IF NOT EXISTS, a CREATE that succeeds always makes a new object.
    const existed = created?.ifNotExists ? catalogue.exists(created) : false;
    const alteredSchema = altered ? catalogue.tableSchema(altered.name, altered.schema) : undefined;
    try {
      // exec, not prepare().run(): better-sqlite3 keeps prepared statements alive until garbage collection,
      // and SQLite walks every live statement on each schema change, which made long scripts quadratic.
      // The text is one statement (splitStatements ends it where sqlite3_complete does).
      if (!db.inTransaction) db.exec('BEGIN');
      db.exec(stmt.text);
      applied++;
    } catch (err) {
      const message = (err as Error).message;
      const syntax = /syntax error|incomplete input|unrecognized token/i.test(message);
      warnings.push({
        code: syntax ? 'syntax-error' : 'statement-failed',
        message: syntax ? `statement not understood by SQLite (${message}); skipped` : `${describe(stmt, sig)} could not be applied (${message}); skipped`,
        origin: here,
      });
      return;
    }
    if (created && !existed) {
      const schema = catalogue.schemaOf(created);
      if (schema === 'temp' && (created.type === 'TABLE' || created.type === 'VIEW')) catalogue.tempTables.add(created.name.toLowerCase());
      if (created.type === 'TABLE' || created.type === 'VIEW') {
        origins.forgetTable(schema, created.name);
        origins.set(originKey.table(schema, created.name), here, { schema, name: created.name });
        if (created.type === 'TABLE' && keyword(sig[1]) !== 'VIRTUAL') recordTable(origins, stmt, schema, created.name, readCreateTable(stmt.text));
      } else if (created.type === 'INDEX') origins.set(originKey.index(schema, created.name), here);
      else if (created.type === 'TRIGGER') origins.set(originKey.trigger(schema, created.name), here);
    } else if (altered && alteredSchema) {
      const [a, b, c, d] = altered.rest.map(keyword);
      if (a === 'RENAME' && b === 'TO' && altered.rest[2]) origins.renameTable(alteredSchema, altered.name, identValue(altered.rest[2]));
      else if (a === 'RENAME') {
        const from = b === 'COLUMN' ? altered.rest[2] : altered.rest[1];
        const to = b === 'COLUMN' ? altered.rest[4] : altered.rest[3];
        if (from && to && (b === 'COLUMN' ? d : c) === 'TO') origins.renameColumn(alteredSchema, altered.name, identValue(from), identValue(to));
      } else if (a === 'ADD') {
        const def = readAddedColumn(stmt.text);
        if (def) recordTable(origins, stmt, alteredSchema, altered.name, def);
      }
    }
  });
  if (db.inTransaction) db.exec('COMMIT');
  onProgress?.(statements.length, statements.length);
  return applied;
}

const DIRECTIVE = 'schemascope-ignore';

/** `-- schemascope-ignore <rule>: <reason>` comments (the same directive as in PostgreSQL DDL). */
function findSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes(DIRECTIVE)) return [];
  const lines = new Lines(text);
  const out: Suppression[] = [];
  for (const tok of tokenize(text)) {
    if (tok.kind !== 'comment') continue;
    const body = tok.text.replace(/^--|^\/\*|\*\/$/g, '').trim();
    if (!body.startsWith(DIRECTIVE)) continue;
    const rest = body.slice(DIRECTIVE.length).trim();
    const colon = rest.indexOf(':');
    if (colon <= 0) continue;
    const ruleId = rest.slice(0, colon).trim();
    const reason = rest.slice(colon + 1).trim();
    if (ruleId && reason) out.push({ file, line: lines.lineOf(tok.start), ruleId, reason });
  }
  return out;
}

/**
 * Loads SQLite DDL text (one entry per file, in the order to apply them) into an in-memory SQLite
 * database and reads the schema back.
 */
export async function loadSqliteDdlFiles(files: DdlFile[], opts: SqliteDdlOptions = {}): Promise<Catalog> {
  const Database = sqliteDriver();
  await loadParser();
  // Skipped statements (above all data: a dump can hold millions of INSERTs) are counted, not kept.
  const statements: Statement[] = [];
  let total = 0;
  let skipped = 0;
  let foreignKeysPragma: Origin | undefined;
  for (const f of files) {
    const lines = new Lines(f.text);
    for (const raw of iterateStatements(f.text, { shellCommands: true })) {
      total++;
      const verb = (/^[A-Za-z_]+/.exec(raw.text)?.[0] ?? '').toUpperCase();
      if (SKIPPED.has(verb)) {
        skipped++;
        if (verb === 'PRAGMA' && FOREIGN_KEYS_ON.test(raw.text.trim())) foreignKeysPragma ??= { file: f.path, line: lines.lineOf(raw.start) };
        continue;
      }
      statements.push({ file: f.path, line: lines.lineOf(raw.start), start: raw.start, text: raw.text, verb, lines });
    }
  }
  const where = files.map((f) => f.path).join(', ') || 'input';
  if (total === 0) throw new UsageError(`${where}: no SQL statements found`);

  const db = new Database(':memory:');
  try {
    const warnings: LoadWarning[] = [];
    const origins = new OriginMap();
    const applied = applyStatements(db, statements, origins, warnings, opts.onProgress);
    const first = warnings[0];
    if (applied === 0 && skipped === 0 && first && warnings.every((w) => w.code === 'syntax-error') && first.origin && 'file' in first.origin) {
      throw new UsageError(`${first.origin.file}:${first.origin.line}: ${first.message.replace(/; skipped$/, '')}`);
    }
    const found = introspect(db, { schemas: opts.schemas, origins, foreignKeysPragma });
    const suppressions = files.flatMap((f) => findSuppressions(f.path, f.text));
    return {
      source: {
        kind: opts.kind ?? (files.length === 1 ? 'ddl-file' : 'ddl-folder'),
        location: opts.location ?? where,
        dialect: 'sqlite',
        serverVersion: `${found.serverVersion} (in memory)`,
        files: files.map((f) => f.path),
        statements: total,
      },
      schemas: found.schemas,
      tables: found.tables,
      functions: [],
      enums: [],
      sequences: found.sequences,
      hasLiveStats: false,
      warnings: [...warnings, ...found.warnings],
      ...(suppressions.length ? { suppressions } : {}),
      ...(found.app ? { app: found.app } : {}),
      enforcement: { foreignKeysEnforced: false },
    };
  } finally {
    db.close();
  }
}

/** Loads a SQLite .sql file, or a folder of them applied in file-name order. */
export async function loadSqliteDdl(path: string, opts: SqliteDdlOptions = {}): Promise<Catalog> {
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
  return loadSqliteDdlFiles(ddl, { ...opts, location: opts.location ?? path, kind: files.length === 1 && root !== path ? 'ddl-file' : 'ddl-folder' });
}
