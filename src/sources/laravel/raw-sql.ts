// Raw SQL in a Laravel migration (`DB::statement('ALTER TABLE …')`, `DB::unprepared(…)`) on a MySQL / MariaDB
// connection, replayed with the MySQL DDL source's own statement machinery: the tables built so far are handed to
// it as its model, the statements applied, and the tables it changed taken back. Real projects use raw SQL for what
// the Schema builder cannot say (CHECK constraints, prefix or functional indexes, column changes it gets wrong).
import type { LoadWarning, Table } from '../../catalog/types.js';
import { applyStatement } from '../mysql/ddl.js';
import { newModel, toCatalogTable, type MIndex, type MIndexKind, type MTable } from '../mysql/model.js';
import { isWord, splitMysql, tokenize, type SplitStatement } from '../mysql/split.js';
import type { SchemaState } from './migrations.js';

function indexKind(ix: Table['indexes'][number]): MIndexKind {
  if (ix.primary) return 'primary';
  if (ix.unique) return 'unique';
  if (ix.method === 'fulltext') return 'fulltext';
  if (ix.method === 'spatial') return 'spatial';
  return 'key';
}

/** The MySQL source's table for a catalog table the Laravel replay built (a copy: a statement that fails changes nothing). */
function toModelTable(table: Table): MTable {
  const t = structuredClone(table);
  const indexes: MIndex[] = t.indexes.map((ix) => ({
    name: ix.name,
    kind: indexKind(ix),
    parts: ix.columns.map((c, i) => (c !== null ? { column: c, expr: c } : { column: null, expr: ix.keyParts[i] ?? '' })),
    method: ix.method,
    origin: ix.origin,
  }));
  return {
    schema: t.schema,
    name: t.name,
    kind: t.kind,
    columns: t.columns,
    indexes,
    foreignKeys: t.foreignKeys,
    checks: t.checks,
    triggers: t.triggers,
    ...(t.engine ? { engine: t.engine } : {}),
    ...(t.comment ? { comment: t.comment } : {}),
    origin: t.origin,
    fkCounter: 0,
    checkCounter: 0,
  };
}

/** The statement with its lines counted in the PHP file: the SQL string starts at `firstLine`. */
function shifted(stmt: SplitStatement, file: string, firstLine: number): SplitStatement {
  const by = firstLine - 1;
  return { ...stmt, file, line: stmt.line + by, lineAt: (offset: number) => stmt.lineAt(offset) + by };
}

/**
 * MariaDB's `SET STATEMENT var = value, … FOR <statement>` runs the statement with those settings (the MySQL fix
 * writer uses it for foreign_key_checks): the statement after FOR is what changes the schema.
 */
function withoutSetStatement(stmt: SplitStatement): SplitStatement {
  const tokens = tokenize(stmt.text);
  if (!isWord(tokens[0], 'set') || !isWord(tokens[1], 'statement')) return stmt;
  let depth = 0;
  for (const t of tokens.slice(2)) {
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    else if (depth === 0 && isWord(t, 'for')) {
      const from = t.end;
      return { ...stmt, text: stmt.text.slice(from), line: stmt.lineAt(from), lineAt: (offset: number) => stmt.lineAt(from + offset) };
    }
  }
  return stmt;
}

/**
 * Applies `sql` (the text of one DB::statement / DB::unprepared call, whose string starts at `origin.line`) to the
 * schema being replayed. Returns false when a statement could not be applied (a warning then says why).
 */
export function replayMysqlSql(state: SchemaState, sql: string, origin: { file: string; line: number }): boolean {
  const flavour = state.opts.driver === 'mariadb' ? 'mariadb' : 'mysql';
  const model = newModel(flavour, state.opts.schema);
  const pairs = [...state.tables].map(([key, ts]) => {
    const m = toModelTable(ts.table);
    model.tables.push(m);
    // Each column object with its name now: RENAME COLUMN renames the object in place.
    const names = new Map(m.columns.map((c) => [c, c.name]));
    return { key, ts, m, names, json: JSON.stringify(m) };
  });
  const warnings: LoadWarning[] = [];
  try {
    for (const stmt of splitMysql(sql, origin.file).statements) applyStatement(model, withoutSetStatement(shifted(stmt, origin.file, origin.line)), warnings);
  } catch (err) {
    state.warn('laravel-raw-sql', `raw SQL could not be replayed (${(err as Error).message.split('\n')[0]}); whatever it changes in the schema is missing from this review`, origin);
    return false;
  }
  state.warnings.push(...warnings);

  // Take back what changed, keeping the replay's order of tables (a renamed table keeps its place).
  const survivors = new Set(model.tables);
  const next = new Map<string, (typeof pairs)[number]['ts']>();
  for (const { key, ts, m, names, json } of pairs) {
    if (!survivors.has(m)) continue; // dropped
    if (JSON.stringify(m) === json) next.set(key, ts);
    else next.set(m.name, { table: fromModelTable(ts.table, m), specs: keepSpecs(ts.specs, m, names) });
  }
  const known = new Set(pairs.map((p) => p.m));
  for (const m of model.tables) if (!known.has(m)) next.set(m.name, { table: fromModelTable(undefined, m), specs: new Map() }); // created by the SQL
  state.tables.clear();
  for (const [k, v] of next) state.tables.set(k, v);
  return true;
}

/** The catalog table back from the MySQL model. Indexes InnoDB would add for foreign keys are left to the replay's end. */
function fromModelTable(old: Table | undefined, m: MTable): Table {
  const built = toCatalogTable({ ...m, indexes: m.indexes.filter((ix) => !ix.implicit) });
  return old ? { ...old, ...built, rls: old.rls, policies: old.policies } : built;
}

/**
 * Blueprint specs of the columns still there, under their new names (a later `->change()` needs one, and merges with
 * it on Laravel ≤ 10). A column MODIFY'd by the SQL keeps the spec of its name: the replay cannot write one from SQL.
 */
function keepSpecs<T extends { name: string }>(specs: Map<string, T>, m: MTable, names: Map<object, string>): Map<string, T> {
  const out = new Map<string, T>();
  for (const c of m.columns) {
    const spec = specs.get(names.get(c) ?? c.name);
    if (spec) out.set(c.name, { ...spec, name: c.name });
  }
  return out;
}
