// MySQL / MariaDB DDL source: mysqldump output or hand-written scripts (a file, or a folder of .sql
// files applied in file-name order). The script is split as the `mysql` client splits it, each
// schema statement is checked with node-sql-parser's `mysql` grammar and read from its tokens, and
// the statements are applied in order to an in-memory model that names and indexes things as the
// server does. A statement the parser rejects is still read by the fallback reader, and a warning
// names its file:line so the review says what it could not vouch for.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Catalog, CheckConstraint, ForeignKey, LoadWarning, Origin, Suppression } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { splitMysql, tokenize, identOf, isWord, matchParen, splitTopLevel, type SplitStatement, type SqlComment } from './split.js';
import { isJsonValidCheck } from './types.js';
import {
  addIndex,
  dropColumn,
  dropTable,
  ensureForeignKeyIndexes,
  findColumn,
  findTable,
  newModel,
  newTable,
  nextCheckName,
  nextForeignKeyName,
  placeColumn,
  renameColumn,
  renameTable,
  toCatalogTable,
  type Flavour,
  type MTable,
  type Model,
} from './model.js';
import { readColumnDef, readElement, readParts, readQualified, slice, type ColumnDef, type Ctx, type Element } from './reader.js';

export interface MysqlDdlOptions {
  /** The database the script runs in before any USE (as `mysql DB < dump.sql`); default none (''). */
  database?: string;
  /** Only these databases. */
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Force the server flavour; by default read from the dump header (MariaDB dumps say so). */
  flavour?: Flavour;
}

export interface MysqlDdlFile {
  path: string;
  text: string;
}

// ---- node-sql-parser, loaded once, lazily (the mysql build alone, not all dialects) ----

interface SqlParser {
  astify(sql: string, opts: { database: string }): unknown;
}
let parser: SqlParser | undefined;
function sqlParser(): SqlParser {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const { Parser } = require('node-sql-parser/build/mysql') as { Parser: new () => SqlParser };
    parser = new Parser();
  }
  return parser;
}

/** The parser's verdict on one statement: undefined when it parses, else its message (one line) and where. */
function parserRejects(text: string): { message: string; offset?: number } | undefined {
  try {
    sqlParser().astify(text, { database: 'mysql' });
    return undefined;
  } catch (err) {
    const e = err as { message?: string; location?: { start?: { offset?: number } } };
    const message = e.message ?? String(err);
    // "Expected …, or [ \t\n\r] but "V" found." — keep what was found, not the list of expectations.
    const found = /but (.+) found\.?$/.exec(message);
    return { message: found ? `unexpected ${found[1]}` : message.split('\n')[0].slice(0, 160), offset: e.location?.start?.offset };
  }
}

// ---- detection ----

/**
 * Whether a .sql file (or a folder's first .sql files) looks like MySQL rather than PostgreSQL,
 * judged on its first 64 KB: a mysqldump/MariaDB dump header or an executable `/*!NNNNN` comment
 * decides at once; otherwise MySQL-only syntax (ENGINE=, AUTO_INCREMENT, backtick-quoted names,
 * UNSIGNED, DELIMITER) must outweigh PostgreSQL-only syntax (`::` casts, `$$` bodies, CREATE
 * EXTENSION, SET search_path, OWNER TO, psql meta-commands). Cheap: one read, a few regexes.
 */
export function detectMysqlDdl(path: string): boolean {
  let files: string[];
  try {
    const st = statSync(path);
    if (st.isDirectory()) files = sqlFilesUnder(path).slice(0, 3);
    else if (/\.sql$/i.test(path)) files = [path];
    else return false;
  } catch {
    return false;
  }
  return files.some((f) => looksLikeMysql(readHead(f)));
}

function readHead(file: string): string {
  try {
    const buf = readFileSync(file);
    return buf.subarray(0, 65536).toString('utf8');
  } catch {
    return '';
  }
}

export function looksLikeMysql(head: string): boolean {
  if (/^-- (MySQL|MariaDB) dump/m.test(head) || /\/\*M?!\d{5}/.test(head)) return true;
  const count = (re: RegExp) => (head.match(re) ?? []).length;
  const mysql =
    3 * count(/\bENGINE\s*=/gi) +
    2 * count(/\bAUTO_INCREMENT\b/gi) +
    2 * count(/^\s*DELIMITER\s/gim) +
    count(/\bUNSIGNED\b/gi) +
    2 * count(/\b(CREATE|ALTER)\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?`/gi) +
    Math.min(10, Math.floor(count(/`[A-Za-z_][\w$]*`/g) / 5));
  const postgres =
    3 * count(/::[a-z]/gi) +
    3 * count(/\$\$|\$[A-Za-z_]+\$/g) +
    3 * count(/\bCREATE\s+(EXTENSION|SCHEMA\s+IF\s+NOT\s+EXISTS\s+\w+\s+AUTHORIZATION|TYPE\s+\S+\s+AS\s+ENUM)\b/gi) +
    3 * count(/\bSET\s+search_path\b/gi) +
    3 * count(/\bOWNER\s+TO\b/gi) +
    3 * count(/^\\[a-z]+/gim) +
    2 * count(/\b(BIGSERIAL|SERIAL|TIMESTAMPTZ|JSONB|BYTEA)\b/gi) +
    2 * count(/\bgen_random_uuid\(\)|\bnextval\(/gi) +
    count(/"[A-Za-z_][\w$]*"\s*\(/g);
  return mysql >= 3 && mysql > postgres;
}

function sqlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(p);
      } else if (/\.sql$/i.test(entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => basename(a).localeCompare(basename(b)) || a.localeCompare(b));
}

// ---- loading ----

export async function loadMysqlDdl(path: string, opts: MysqlDdlOptions = {}): Promise<Catalog> {
  let files: MysqlDdlFile[];
  let kind = 'mysql-ddl-file';
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      kind = 'mysql-ddl-folder';
      const paths = sqlFilesUnder(path);
      if (!paths.length) throw new UsageError(`${path}: no .sql files in this folder`);
      files = paths.map((p) => ({ path: relative(process.cwd(), p) || p, text: readFileSync(p, 'utf8') }));
    } else files = [{ path, text: readFileSync(path, 'utf8') }];
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${path}: cannot read: ${(err as Error).message.split('\n')[0]}`);
  }
  const catalog = loadMysqlDdlFiles(files, opts);
  catalog.source.kind = kind;
  catalog.source.location = path;
  return catalog;
}

/** Statement kinds that carry data or session settings, not schema: skipped unparsed. */
const SKIPPED = new Set([
  'set', 'lock', 'unlock', 'insert', 'replace', 'update', 'delete', 'start', 'begin', 'commit', 'rollback', 'savepoint',
  'release', 'grant', 'revoke', 'flush', 'analyze', 'optimize', 'repair', 'check', 'checksum', 'call', 'select', 'do',
  'show', 'truncate', 'load', 'prepare', 'execute', 'deallocate', 'handler', 'xa', 'purge', 'reset', 'kill', 'install',
  'uninstall', 'explain', 'describe', 'desc', 'help', 'with', 'values', 'table', 'source', 'warnings', 'nowarning',
]);

export function detectFlavour(texts: string[]): Flavour {
  return texts.some((t) => /^-- MariaDB dump|\/\*M!\d|-- Server version\s+\S*MariaDB/im.test(t.slice(0, 4096)) || /\/\*M!\d/.test(t))
    ? 'mariadb'
    : 'mysql';
}

export function loadMysqlDdlFiles(files: MysqlDdlFile[], opts: MysqlDdlOptions = {}): Catalog {
  const flavour = opts.flavour ?? detectFlavour(files.map((f) => f.text));
  const model = newModel(flavour, opts.database ?? '');
  const warnings: LoadWarning[] = [];
  const suppressions: Suppression[] = [];
  const split = files.map((f) => splitMysql(f.text, f.path));
  for (const s of split) suppressions.push(...findSuppressions(s.comments, s.statements[0]?.file ?? ''));
  const statements = split.flatMap((s) => s.statements);
  let done = 0;
  for (const stmt of statements) {
    try {
      applyStatement(model, stmt, warnings);
    } catch (err) {
      warnings.push({
        code: 'statement-failed',
        message: `${stmt.file}:${stmt.line}: could not apply this statement: ${(err as Error).message.split('\n')[0]}`,
        origin: { file: stmt.file, line: stmt.line },
      });
    }
    done++;
    if (opts.onProgress && (done % 200 === 0 || done === statements.length)) opts.onProgress(done, statements.length);
  }
  const wanted = opts.schemas?.length ? new Set(opts.schemas) : undefined;
  const tables = model.tables.filter((t) => !wanted || wanted.has(t.schema)).map(toCatalogTable);
  return {
    source: {
      kind: files.length > 1 ? 'mysql-ddl-folder' : 'mysql-ddl-file',
      location: files.map((f) => f.path).join(', '),
      dialect: 'mysql',
      serverVersion: flavour === 'mariadb' ? 'MariaDB (read from DDL)' : 'MySQL (read from DDL)',
      files: files.map((f) => f.path),
      statements: statements.length,
    },
    schemas: [...new Set([...model.databases, ...tables.map((t) => t.schema)])].filter((s) => s && (!wanted || wanted.has(s))),
    tables,
    functions: [],
    enums: [],
    sequences: [],
    hasLiveStats: false,
    warnings,
    suppressions,
  };
}

const DIRECTIVE = 'schemascope-ignore';

function findSuppressions(comments: SqlComment[], file: string): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const body = c.text.replace(/^(--|#|\/\*)/, '').replace(/\*\/$/, '').trim();
    if (!body.startsWith(DIRECTIVE)) continue;
    const rest = body.slice(DIRECTIVE.length).trim();
    const colon = rest.indexOf(':');
    if (colon <= 0) continue;
    const ruleId = rest.slice(0, colon).trim();
    const reason = rest.slice(colon + 1).trim();
    if (ruleId && reason) out.push({ file, line: c.line, ruleId, reason });
  }
  return out;
}

// ---- statements ----

interface StmtCtx extends Ctx {
  stmt: SplitStatement;
  model: Model;
  warnings: LoadWarning[];
}

const at = (s: StmtCtx, tokenIndex: number): { file: string; line: number } => ({ file: s.stmt.file, line: s.stmt.lineAt(s.tokens[Math.min(tokenIndex, s.tokens.length - 1)].start) });

function warn(s: StmtCtx, code: string, message: string, tokenIndex = 0): void {
  const origin = at(s, tokenIndex);
  s.warnings.push({ code, message: `${origin.file}:${origin.line}: ${message}`, origin });
}

/** Skips `OR REPLACE`, `DEFINER = user`, `ALGORITHM = x`, `SQL SECURITY x`, `TEMPORARY`… after CREATE. */
function skipCreateModifiers(s: StmtCtx, k: number): { k: number; temporary: boolean } {
  let temporary = false;
  for (;;) {
    const t = s.tokens[k];
    if (isWord(t, 'or') && isWord(s.tokens[k + 1], 'replace')) k += 2;
    else if (isWord(t, 'temporary')) (temporary = true), k++;
    else if (isWord(t, 'online', 'offline', 'aggregate')) k++;
    else if (isWord(t, 'algorithm') && s.tokens[k + 1]?.value === '=') k += 3;
    else if (isWord(t, 'sql') && isWord(s.tokens[k + 1], 'security')) k += 3;
    else if (isWord(t, 'definer')) {
      // DEFINER = `user`@`host` | CURRENT_USER[()]
      k += s.tokens[k + 1]?.value === '=' ? 2 : 1;
      k++;
      if (s.tokens[k]?.value === '(') k += 2;
      if (s.tokens[k]?.value === '@') k += 2;
    } else return { k, temporary };
  }
}

/** Applies one statement of a script to the model (exported for sources that replay SQL found elsewhere: Laravel's DB::statement). */
export function applyStatement(model: Model, stmt: SplitStatement, warnings: LoadWarning[]): void {
  // Data and session statements are skipped before tokenizing (a dump's INSERTs can be megabytes).
  const firstWord = /^\s*([A-Za-z_]+)/.exec(stmt.text)?.[1]?.toLowerCase();
  if (!firstWord || SKIPPED.has(firstWord)) return;
  const tokens = tokenize(stmt.text);
  if (!tokens.length) return;
  const s: StmtCtx = { text: stmt.text, tokens, stmt, model, warnings };
  const first = tokens[0].value.toLowerCase();
  if (tokens[0].kind !== 'word' || SKIPPED.has(first)) return;

  if (first === 'use') {
    const db = identOf(tokens[1]);
    if (db !== undefined) setDatabase(model, db, true);
    return;
  }
  if (first === 'create' || first === 'drop' || first === 'alter') {
    const { k, temporary } = first === 'create' ? skipCreateModifiers(s, 1) : { k: 1, temporary: false };
    const what = tokens[k]?.value.toLowerCase();
    if (what === 'database' || what === 'schema') {
      let j = k + 1;
      if (isWord(tokens[j], 'if')) j += isWord(tokens[j + 1], 'not') ? 3 : 2;
      const db = identOf(tokens[j]);
      if (db === undefined) return;
      if (first === 'create') setDatabase(model, db, false);
      else if (first === 'drop') {
        model.tables = model.tables.filter((t) => t.schema !== db);
        model.databases = model.databases.filter((d) => d !== db);
        if (model.database === db) model.database = '';
      }
      return;
    }
    if (first === 'create' && what === 'table') return temporary ? undefined : createTable(s, k + 1);
    if (first === 'alter' && (what === 'table' || ((what === 'online' || what === 'ignore') && isWord(tokens[k + 1], 'table')))) {
      return alterTable(s, what === 'table' ? k + 1 : k + 2);
    }
    if (first === 'create' && (what === 'index' || what === 'unique' || what === 'fulltext' || what === 'spatial')) return createIndex(s, k);
    if (first === 'drop' && what === 'index') return dropIndexStatement(s, k + 1);
    if (first === 'drop' && (what === 'table' || what === 'view' || (what === 'temporary' && isWord(tokens[k + 1], 'table')))) {
      return dropTables(s, what === 'temporary' ? k + 2 : k + 1);
    }
    if (first === 'create' && what === 'view') return createView(s, k + 1);
    if (first === 'create' && what === 'trigger') return createTrigger(s, k + 1);
    if (first === 'drop' && what === 'trigger') return dropTrigger(s, k + 1);
    // Routines, events, users, servers, sequences, tablespaces: not part of the table model.
    if (['procedure', 'function', 'event', 'user', 'role', 'server', 'tablespace', 'logfile', 'sequence', 'spatial', 'resource', 'package'].includes(what ?? '')) return;
    if (first === 'alter' && ['database', 'schema', 'view', 'event', 'user', 'procedure', 'function', 'instance', 'server', 'sequence', 'tablespace', 'logfile', 'resource'].includes(what ?? ''))
      return;
    warn(s, 'statement-not-understood', `${slice(s, 0, Math.min(3, tokens.length))} …: not a statement schemascope models; skipped`);
    return;
  }
  if (first === 'rename' && isWord(tokens[1], 'table', 'tables')) return renameTables(s, 2);
  // Anything else (a client command, a stray word) says nothing about the schema.
}

function setDatabase(model: Model, db: string, use: boolean): void {
  if (!model.databases.includes(db)) model.databases.push(db);
  // USE switches; CREATE DATABASE becomes current only for a script that never chose one.
  if (use || !model.database) model.database = db;
}

/**
 * Checks the statement with node-sql-parser; a rejection becomes a warning at the line the parser
 * stopped on (the statement's own line when it does not say).
 */
function gate(s: StmtCtx, what: string): void {
  const problem = parserRejects(s.text);
  if (!problem) return;
  const line = problem.offset !== undefined ? s.stmt.lineAt(Math.min(problem.offset, s.text.length - 1)) : s.stmt.line;
  gateWarning(s, what, problem.message, line);
}

function gateWarning(s: StmtCtx, what: string, problem: string, line: number): void {
  const origin = { file: s.stmt.file, line };
  s.warnings.push({
    code: 'statement-fallback',
    message:
      `${origin.file}:${origin.line}: ${what}: node-sql-parser could not parse this statement (${problem}); ` +
      `it was read by schemascope's fallback reader, which may have missed clauses it does not know`,
    origin,
  });
}

/** ALTER TABLE specifications node-sql-parser rejects but the reader applies in full. */
const READER_KNOWS =
  /^(alter\s+(column\s+)?\S+\s+(set\s+default\b|drop\s+default$)|rename\s+(index|key)\s+\S+\s+to\s+\S+$|add\s+(column\s+)?\(|convert\s+to\s+|(default\s+)?(character\s+set|charset|collate)\b|algorithm\s*=?\s*\w+$|lock\s*=?\s*\w+$|force$)/i;

function tableRef(s: StmtCtx, k: number): { schema: string; name: string; next: number } | undefined {
  const q = readQualified(s, k);
  if (!q) return undefined;
  return { schema: q.schema ?? s.model.database, name: q.name, next: q.next };
}

function requireTable(s: StmtCtx, k: number, verb: string): { table: MTable; next: number } | undefined {
  const ref = tableRef(s, k);
  if (!ref) return undefined;
  const table = findTable(s.model, ref.schema, ref.name);
  if (!table) {
    warn(s, 'statement-failed', `${verb} ${ref.schema ? `${ref.schema}.` : ''}${ref.name}: no such table at this point of the script; statement skipped`, k);
    return undefined;
  }
  return { table, next: ref.next };
}

function createTable(s: StmtCtx, k: number): void {
  let j = k;
  let ifNotExists = false;
  if (isWord(s.tokens[j], 'if')) (j += 3), (ifNotExists = true);
  const ref = tableRef(s, j);
  if (!ref) return;
  const existing = findTable(s.model, ref.schema, ref.name);
  if (existing && ifNotExists) return;
  const label = `CREATE TABLE ${ref.name}`;
  gate(s, label);
  if (existing) dropTable(s.model, existing);
  j = ref.next;
  const table = newTable(ref.schema, ref.name, at(s, 0));
  if (ref.schema && !s.model.databases.includes(ref.schema)) s.model.databases.push(ref.schema);

  // CREATE TABLE a LIKE b / (LIKE b): the columns, keys and checks of b, not its foreign keys.
  const likeAt = isWord(s.tokens[j], 'like') ? j : s.tokens[j]?.value === '(' && isWord(s.tokens[j + 1], 'like') ? j + 1 : -1;
  if (likeAt >= 0) {
    const src = requireTable(s, likeAt + 1, `${label} LIKE`);
    if (!src) return;
    const origin = at(s, 0);
    table.columns = src.table.columns.map((c) => ({ ...c, origin }));
    table.indexes = src.table.indexes.map((ix) => ({ ...ix, parts: ix.parts.map((p) => ({ ...p })), implicit: false, origin }));
    table.checks = src.table.checks.map((c) => ({ ...c, name: s.model.flavour === 'mysql' ? c.name.replace(new RegExp(`^${src.table.name}_chk_`), `${table.name}_chk_`) : c.name, origin }));
    table.engine = src.table.engine;
    s.model.tables.push(table);
    return;
  }

  const fkIndexNames = new Map<ForeignKey, string | undefined>();
  const close = s.tokens[j]?.value === '(' ? matchParen(s.tokens, j) : -1;
  if (s.tokens[j]?.value === '(' && close < 0) throw new Error('unbalanced parentheses');
  const optionsFrom = close >= 0 ? close + 1 : j;
  // Options first: the engine decides whether foreign keys exist. Without ENGINE= the server's
  // default_storage_engine applies, InnoDB unless configured otherwise.
  table.engine = 'InnoDB';
  readTableOptions(s, table, optionsFrom, s.tokens.length);
  if (close >= 0) {
    for (const [a, b] of splitTopLevel(s.tokens, j + 1, close)) {
      const el = readElement(s, a, b);
      if (!el) {
        warn(s, 'statement-partly-read', `${label}: could not read "${slice(s, a, Math.min(b, a + 8))}"; left out`, a);
        continue;
      }
      applyElement(s, table, el, a, fkIndexNames, 'create');
    }
  }
  for (const p of s.stmt.partitions)
    s.warnings.push({
      code: 'partitioning-not-modelled',
        note: true,
      message: `${s.stmt.file}:${p.line}: ${ref.name} is partitioned (${p.text.slice(0, 120)}); partitions are not modelled, the table is reviewed as one`,
      origin: { file: s.stmt.file, line: p.line },
    });
  // Columns from a SELECT (CREATE TABLE … AS SELECT) are not known without running it.
  const selectAt = s.tokens.findIndex((t, idx) => idx >= optionsFrom && isWord(t, 'select'));
  if (selectAt >= 0) warn(s, 'statement-partly-read', `${label} … SELECT: the columns the SELECT adds are not known without running it`, selectAt);
  ensureForeignKeyIndexes(table, fkIndexNames);
  s.model.tables.push(table);
}

function readTableOptions(s: StmtCtx, table: MTable, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const t = s.tokens[k];
    const eqNext = s.tokens[k + 1]?.value === '=' ? 2 : 1;
    if (isWord(t, 'engine', 'type') && s.tokens[k + eqNext]) {
      const engine = identOf(s.tokens[k + eqNext]);
      if (engine) table.engine = normalizeEngine(engine);
      k += eqNext;
    } else if (isWord(t, 'comment') && s.tokens[k + eqNext]?.kind === 'string') {
      table.comment = s.tokens[k + eqNext].value || undefined;
      k += eqNext;
    } else if (isWord(t, 'partition') && isWord(s.tokens[k + 1], 'by')) {
      warn(s, 'partitioning-not-modelled', `${table.name} is partitioned (${slice(s, k, Math.min(to, k + 12))} …); partitions are not modelled, the table is reviewed as one`, k);
      return;
    } else if (isWord(t, 'select', 'as')) return;
  }
}

const ENGINES: Record<string, string> = { innodb: 'InnoDB', myisam: 'MyISAM', memory: 'MEMORY', heap: 'MEMORY', aria: 'Aria', csv: 'CSV', archive: 'ARCHIVE', rocksdb: 'ROCKSDB', ndb: 'ndbcluster', ndbcluster: 'ndbcluster', blackhole: 'BLACKHOLE', federated: 'FEDERATED', mrg_myisam: 'MRG_MyISAM', merge: 'MRG_MyISAM' };
export const normalizeEngine = (e: string) => ENGINES[e.toLowerCase()] ?? e;

function newColumn(s: StmtCtx, table: MTable, def: ColumnDef, tokenIndex: number) {
  const origin = at(s, tokenIndex);
  const column = { ...def.column, origin };
  // MariaDB spells JSON as LONGTEXT with CHECK (json_valid(col)): the same column as `json`.
  const checks = def.checks.filter((c) => {
    if (c.name === undefined && isJsonValidCheck(c.expression, column.name) && column.family === 'text') {
      column.dataType = 'json';
      column.family = 'json';
      return false;
    }
    return true;
  });
  return { column, checks, origin };
}

/** Adds what a column definition declares besides the column: inline keys, checks, references. */
function columnExtras(s: StmtCtx, table: MTable, def: ColumnDef, checks: ColumnDef['checks'], origin: Origin, fkIndexNames: Map<ForeignKey, string | undefined>, tokenIndex: number): void {
  const name = def.column.name;
  if (def.primary) addIndex(table, { kind: 'primary', parts: [{ column: name, expr: name }], method: 'btree', origin });
  if (def.unique) addIndex(table, { kind: 'unique', parts: [{ column: name, expr: name }], method: 'btree', origin });
  for (const c of checks) {
    // MariaDB names a column check after the column; MySQL numbers it.
    const checkName = c.name ?? (s.model.flavour === 'mariadb' ? name : nextCheckName(s.model, table));
    addCheck(table, { name: checkName, expression: c.expression }, origin);
  }
  if (def.references) {
    if (s.model.flavour === 'mysql') {
      warn(s, 'inline-references-ignored', `${table.name}.${name}: MySQL ignores a REFERENCES clause written on the column (before 9.0); no foreign key was created (MariaDB creates one)`, tokenIndex);
    } else addForeignKey(s, table, { columns: [name], ref: def.references }, origin, fkIndexNames);
  }
}

function addCheck(table: MTable, c: { name: string; expression: string }, origin: Origin): void {
  const columns = table.columns.filter((col) => new RegExp(`(^|[^\\w$])\`?${col.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`?(?![\\w$])`, 'i').test(c.expression)).map((col) => col.name);
  const check: CheckConstraint = { name: c.name, expression: c.expression, columns, validated: true, origin };
  table.checks = table.checks.filter((x) => x.name.toLowerCase() !== c.name.toLowerCase());
  table.checks.push(check);
}

function addForeignKey(
  s: StmtCtx,
  table: MTable,
  el: { name?: string; indexName?: string; columns: string[]; ref: NonNullable<ColumnDef['references']> },
  origin: Origin,
  fkIndexNames: Map<ForeignKey, string | undefined>,
): void {
  const refSchema = el.ref.schema ?? s.model.database;
  const target = findTable(s.model, refSchema, el.ref.table);
  const fk: ForeignKey = {
    name: el.name ?? nextForeignKeyName(table),
    columns: el.columns,
    refSchema: target?.schema ?? refSchema,
    refTable: target?.name ?? el.ref.table,
    // A referenced column list is optional in MariaDB: the primary key then.
    refColumns: el.ref.columns.length ? el.ref.columns : (target?.indexes.find((ix) => ix.kind === 'primary')?.parts.map((p) => p.column ?? p.expr) ?? []),
    // Unspecified: RESTRICT, which MariaDB reports as such and MySQL 8 as NO ACTION (the same in InnoDB).
    onDelete: el.ref.onDelete ?? (s.model.flavour === 'mariadb' ? 'restrict' : 'no action'),
    onUpdate: el.ref.onUpdate ?? (s.model.flavour === 'mariadb' ? 'restrict' : 'no action'),
    deferrable: false,
    validated: true,
    origin,
  };
  if (table.engine && table.engine !== 'InnoDB' && table.engine !== 'ndbcluster') {
    warn(s, 'foreign-key-ignored', `${table.name}: foreign key ${fk.name} is ignored by the ${table.engine} engine (only InnoDB enforces foreign keys)`);
    return;
  }
  table.foreignKeys = table.foreignKeys.filter((f) => f.name.toLowerCase() !== fk.name.toLowerCase());
  table.foreignKeys.push(fk);
  // The implicit index takes the constraint's name, else the FOREIGN KEY's index name, else the column's.
  fkIndexNames.set(fk, el.name ?? el.indexName ?? el.columns[0]);
}

function applyElement(s: StmtCtx, table: MTable, el: Element, a: number, fkIndexNames: Map<ForeignKey, string | undefined>, mode: 'create' | 'alter', position?: { first?: boolean; after?: string }): void {
  const origin = at(s, a);
  if (el.kind === 'column') {
    if (findColumn(table, el.def.column.name)) {
      warn(s, 'statement-failed', `${table.name}.${el.def.column.name}: duplicate column; the later definition was left out`, a);
      return;
    }
    const { column, checks } = newColumn(s, table, el.def, a);
    placeColumn(table, column, position);
    if (el.def.unknown.length) warn(s, 'statement-partly-read', `${table.name}.${column.name}: column attributes not understood (${el.def.unknown.slice(0, 5).join(' ')}); left out`, a);
    columnExtras(s, table, el.def, checks, origin, fkIndexNames, a);
  } else if (el.kind === 'index') {
    const method = el.indexKind === 'fulltext' || el.indexKind === 'spatial' ? el.indexKind : el.method === 'hash' && table.engine === 'MEMORY' ? 'hash' : 'btree';
    if (el.indexKind === 'primary' && table.indexes.some((ix) => ix.kind === 'primary') && mode === 'alter')
      warn(s, 'statement-failed', `${table.name}: already has a primary key; ADD PRIMARY KEY fails on the server`, a);
    addIndex(table, { kind: el.indexKind, name: el.name, parts: el.parts, method, origin });
  } else if (el.kind === 'foreign') {
    addForeignKey(s, table, el, origin, fkIndexNames);
  } else if (el.kind === 'check') {
    addCheck(table, { name: el.name ?? nextCheckName(s.model, table), expression: el.expression }, origin);
  } else if (el.kind === 'other') {
    warn(s, 'statement-partly-read', `${table.name}: "${el.text.slice(0, 60)}" is not modelled; left out`, a);
  }
}

function alterTable(s: StmtCtx, k: number): void {
  let j = k;
  if (isWord(s.tokens[j], 'if') && isWord(s.tokens[j + 1], 'exists')) j += 2;
  const found = requireTable(s, j, 'ALTER TABLE');
  if (!found) return;
  const { table } = found;
  const specs = splitTopLevel(s.tokens, found.next, s.tokens.length);
  // node-sql-parser lacks a few specifications the reader knows exactly; the others are checked one by one.
  if (parserRejects(s.text)) {
    const head = s.text.slice(0, s.tokens[found.next - 1].end);
    for (const [a, b] of specs) {
      const spec = slice(s, a, b);
      if (READER_KNOWS.test(spec)) continue;
      const problem = parserRejects(`${head} ${spec}`);
      if (problem) gateWarning(s, `ALTER TABLE ${table.name}`, problem.message, s.stmt.lineAt(s.tokens[a].start));
    }
  }
  const fkIndexNames = new Map<ForeignKey, string | undefined>();
  for (const [a, b] of specs) alterSpec(s, table, a, b, fkIndexNames);
  ensureForeignKeyIndexes(table, fkIndexNames);
}

function skipIfExists(s: StmtCtx, k: number): number {
  if (isWord(s.tokens[k], 'if') && isWord(s.tokens[k + 1], 'exists')) return k + 2;
  if (isWord(s.tokens[k], 'if') && isWord(s.tokens[k + 1], 'not') && isWord(s.tokens[k + 2], 'exists')) return k + 3;
  return k;
}

function alterSpec(s: StmtCtx, table: MTable, a: number, b: number, fkIndexNames: Map<ForeignKey, string | undefined>): void {
  const t = s.tokens;
  const verb = t[a].value.toLowerCase();
  const origin = at(s, a);
  const unknown = () => warn(s, 'statement-partly-read', `ALTER TABLE ${table.name}: "${slice(s, a, Math.min(b, a + 8))}" is not modelled; left out`, a);

  if (verb === 'add') {
    let k = a + 1;
    if (isWord(t[k], 'column')) k++;
    k = skipIfExists(s, k);
    if (t[k]?.value === '(' && !isWord(t[a + 1], 'primary', 'unique', 'key', 'index')) {
      // ADD [COLUMN] (col def, col def)
      const close = matchParen(t, k);
      for (const [x, y] of splitTopLevel(t, k + 1, close)) {
        const el = readElement(s, x, y);
        if (el) applyElement(s, table, el, x, fkIndexNames, 'alter');
      }
      return;
    }
    if (isWord(t[k], 'partition')) return;
    // ADD INDEX IF NOT EXISTS name: drop the IF NOT EXISTS words for the reader.
    const el = readElement(s, k, b);
    if (!el) return unknown();
    if (el.kind === 'column') {
      const c = readColumnDef(s, k, b);
      applyElement(s, table, el, k, fkIndexNames, 'alter', c?.position);
    } else applyElement(s, table, el, k, fkIndexNames, 'alter');
    return;
  }
  if (verb === 'drop') {
    let k = a + 1;
    const what = t[k]?.value.toLowerCase();
    if (what === 'primary' && isWord(t[k + 1], 'key')) {
      table.indexes = table.indexes.filter((ix) => ix.kind !== 'primary');
      return;
    }
    if (what === 'foreign' && isWord(t[k + 1], 'key')) {
      const name = identOf(t[skipIfExists(s, k + 2)]);
      // The index InnoDB made for it stays.
      table.foreignKeys = table.foreignKeys.filter((fk) => fk.name.toLowerCase() !== name?.toLowerCase());
      return;
    }
    if (what === 'index' || what === 'key') {
      const name = identOf(t[skipIfExists(s, k + 1)]);
      table.indexes = table.indexes.filter((ix) => ix.name.toLowerCase() !== name?.toLowerCase());
      return;
    }
    if (what === 'check' || what === 'constraint') {
      const name = identOf(t[skipIfExists(s, k + 1)])?.toLowerCase();
      table.checks = table.checks.filter((c) => c.name.toLowerCase() !== name);
      if (what === 'constraint') {
        table.foreignKeys = table.foreignKeys.filter((fk) => fk.name.toLowerCase() !== name);
        table.indexes = table.indexes.filter((ix) => ix.kind !== 'unique' || ix.name.toLowerCase() !== name);
      }
      return;
    }
    if (what === 'partition' || what === 'system') return;
    if (what === 'column') k++;
    const name = identOf(t[skipIfExists(s, k)]);
    if (name !== undefined) dropColumn(table, name);
    return;
  }
  if (verb === 'modify' || verb === 'change') {
    let k = a + 1;
    if (isWord(t[k], 'column')) k++;
    k = skipIfExists(s, k);
    const oldName = verb === 'change' ? identOf(t[k++]) : identOf(t[k]);
    const c = readColumnDef(s, k, b);
    const old = oldName !== undefined ? findColumn(table, oldName) : undefined;
    if (!c || !old) {
      warn(s, 'statement-failed', `ALTER TABLE ${table.name} ${verb.toUpperCase()} ${oldName ?? '?'}: no such column at this point of the script; left out`, a);
      return;
    }
    const { column, checks } = newColumn(s, table, c.def, k);
    const idx = table.columns.indexOf(old);
    table.columns[idx] = column;
    if (old.name !== column.name) renameColumn(s.model, table, old.name, column.name);
    if (c.position) placeColumn(table, column, c.position);
    // The primary key keeps its columns NOT NULL.
    if (table.indexes.some((ix) => ix.kind === 'primary' && ix.parts.some((p) => p.column?.toLowerCase() === column.name.toLowerCase()))) column.nullable = false;
    columnExtras(s, table, c.def, checks, column.origin, fkIndexNames, k);
    return;
  }
  if (verb === 'rename') {
    const what = t[a + 1]?.value.toLowerCase();
    if (what === 'column' && isWord(t[a + 3], 'to')) {
      const from = identOf(t[a + 2]);
      const to = identOf(t[a + 4]);
      if (from !== undefined && to !== undefined && findColumn(table, from)) {
        renameColumn(s.model, table, from, to);
        findColumn(table, to)!.origin = origin;
      }
      return;
    }
    if ((what === 'index' || what === 'key') && isWord(t[a + 3], 'to')) {
      const ix = table.indexes.find((i) => i.name.toLowerCase() === identOf(t[a + 2])?.toLowerCase());
      if (ix) ix.name = identOf(t[a + 4]) ?? ix.name;
      return;
    }
    const k = isWord(t[a + 1], 'to', 'as') ? a + 2 : a + 1;
    const q = readQualified(s, k);
    if (q) renameTable(s.model, table, q.schema ?? table.schema, q.name);
    return;
  }
  if (verb === 'alter') {
    let k = a + 1;
    if (isWord(t[k], 'column')) k++;
    const col = findColumn(table, identOf(t[k]) ?? '');
    if (!col) return unknown();
    if (isWord(t[k + 1], 'set') && isWord(t[k + 2], 'default')) {
      const v = t[k + 3];
      if (v?.kind === 'string') col.default = `'${v.value.replace(/'/g, "''")}'`;
      else if (v?.value === '(') col.default = slice(s, k + 3, matchParen(t, k + 3) + 1);
      else if (v?.value === '-') col.default = `-${t[k + 4]?.value ?? ''}`;
      else if (v && !isWord(v, 'null')) col.default = v.value;
      else delete col.default;
    } else if (isWord(t[k + 1], 'drop') && isWord(t[k + 2], 'default')) delete col.default;
    return;
  }
  if (verb === 'engine' || verb === 'comment' || verb === 'type') return readTableOptions(s, table, a, b);
  if (verb === 'convert' || verb === 'default' || verb === 'character' || verb === 'charset' || verb === 'collate' || verb === 'auto_increment' || verb === 'row_format' || verb === 'algorithm' || verb === 'lock' || verb === 'force' || verb === 'order' || verb === 'enable' || verb === 'disable' || verb === 'discard' || verb === 'import' || verb === 'partition' || verb === 'remove' || verb === 'coalesce' || verb === 'reorganize' || verb === 'truncate' || verb === 'analyze' || verb === 'check' || verb === 'optimize' || verb === 'rebuild' || verb === 'repair' || verb === 'exchange' || verb === 'with' || verb === 'without' || verb === 'stats_persistent' || verb === 'key_block_size' || verb === 'pack_keys' || verb === 'checksum' || verb === 'avg_row_length' || verb === 'max_rows' || verb === 'min_rows')
    return readTableOptions(s, table, a, b);
  unknown();
}

function createIndex(s: StmtCtx, k: number): void {
  const t = s.tokens;
  const kind = (isWord(t[k], 'unique', 'fulltext', 'spatial') ? t[k++].value.toLowerCase() : 'key') as 'unique' | 'fulltext' | 'spatial' | 'key';
  if (!isWord(t[k], 'index')) return;
  k = skipIfExists(s, k + 1);
  const name = identOf(t[k]);
  let j = k + 1;
  let method: string | undefined;
  if (isWord(t[j], 'using', 'type')) (method = t[j + 1]?.value.toLowerCase()), (j += 2);
  if (!isWord(t[j], 'on')) return;
  const found = requireTable(s, j + 1, `CREATE INDEX ${name} ON`);
  if (!found) return;
  gate(s, `CREATE INDEX ${name}`);
  const open = found.next;
  if (t[open]?.value !== '(') return;
  const close = matchParen(t, open);
  const parts = readParts(s, open, close);
  for (let x = close + 1; x < t.length; x++) if (isWord(t[x], 'using')) method = t[x + 1]?.value.toLowerCase();
  addIndex(found.table, {
    kind,
    name,
    parts,
    method: kind === 'fulltext' || kind === 'spatial' ? kind : method === 'hash' && found.table.engine === 'MEMORY' ? 'hash' : 'btree',
    origin: at(s, 0),
  });
}

function dropIndexStatement(s: StmtCtx, k: number): void {
  k = skipIfExists(s, k);
  const name = identOf(s.tokens[k]);
  if (!isWord(s.tokens[k + 1], 'on')) return;
  const found = requireTable(s, k + 2, `DROP INDEX ${name} ON`);
  if (!found) return;
  found.table.indexes = found.table.indexes.filter((ix) => ix.name.toLowerCase() !== name?.toLowerCase());
}

function dropTables(s: StmtCtx, k: number): void {
  k = skipIfExists(s, k);
  for (const [a] of splitTopLevel(s.tokens, k, s.tokens.length)) {
    const ref = tableRef(s, a);
    if (!ref) continue;
    const table = findTable(s.model, ref.schema, ref.name);
    if (table) dropTable(s.model, table);
  }
}

function renameTables(s: StmtCtx, k: number): void {
  for (const [a, b] of splitTopLevel(s.tokens, k, s.tokens.length)) {
    const from = tableRef(s, a);
    if (!from || !isWord(s.tokens[from.next], 'to') || from.next + 1 >= b) continue;
    const to = tableRef(s, from.next + 1);
    const table = findTable(s.model, from.schema, from.name);
    if (table && to) renameTable(s.model, table, to.schema, to.name);
  }
}

function createView(s: StmtCtx, k: number): void {
  k = skipIfExists(s, k);
  const ref = tableRef(s, k);
  if (!ref) return;
  gate(s, `CREATE VIEW ${ref.name}`);
  const existing = findTable(s.model, ref.schema, ref.name);
  if (existing) dropTable(s.model, existing);
  const view = newTable(ref.schema, ref.name, at(s, 0), 'view');
  // Column names: an explicit list, else the SELECT's output names where the parser gives them.
  let names: string[] = [];
  if (s.tokens[ref.next]?.value === '(') {
    const close = matchParen(s.tokens, ref.next);
    names = readParts(s, ref.next, close).map((p) => p.column ?? p.expr);
  } else {
    try {
      const ast = sqlParser().astify(s.text, { database: 'mysql' }) as { select?: { columns?: { as?: string | null; expr?: { column?: unknown } }[] } };
      names = (ast.select?.columns ?? [])
        .map((c) => c.as ?? (typeof c.expr?.column === 'string' ? c.expr.column : undefined))
        .filter((n): n is string => typeof n === 'string');
    } catch {
      names = [];
    }
  }
  view.columns = names.map((name) => ({ name, dataType: '', family: 'other', nullable: true, autoIncrement: false, origin: view.origin }));
  s.model.tables.push(view);
}

function createTrigger(s: StmtCtx, k: number): void {
  const t = s.tokens;
  k = skipIfExists(s, k);
  const name = identOf(t[k]);
  const timing = t[k + 1]?.value.toUpperCase();
  const event = t[k + 2]?.value.toUpperCase();
  if (!name || !isWord(t[k + 3], 'on')) return;
  const found = requireTable(s, k + 4, `CREATE TRIGGER ${name} ON`);
  if (!found) return;
  const forAt = t.findIndex((x, idx) => idx >= found.next && isWord(x, 'row'));
  const body = forAt >= 0 ? s.text.slice(t[forAt].end).trim() : '';
  found.table.triggers.push({
    name,
    definition: `CREATE TRIGGER ${name} ${timing} ${event} ON ${found.table.name} FOR EACH ROW ${body}`,
    functionName: '',
    origin: at(s, 0),
  });
}

function dropTrigger(s: StmtCtx, k: number): void {
  k = skipIfExists(s, k);
  const q = readQualified(s, k);
  if (!q) return;
  for (const table of s.model.tables) table.triggers = table.triggers.filter((tr) => tr.name !== q.name);
}
