// ALTER TABLE commands (as libpg-query parses them) applied to a catalog table, for the sources that replay SQL
// text written inside migrations (Django RunSQL, Alembic op.execute): the statements schemascope's own fix
// writer emits, and the same ones written by hand. Each function changes `t` the way PostgreSQL would and
// returns false when the command names something the table does not have (nothing is changed then).
import type { FkAction, Table } from '../../catalog/types.js';
import { quoteIdent } from '../../fixes/quote.js';
import { columnType } from './type-name.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type J = any;

const FK_ACTIONS: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** From byte `start` of `sql`: the expression up to the first top-level `,` or `;`, or `end` (byte offsets). */
export function expressionAt(sql: string, start: number, end?: number): string {
  const text = Buffer.from(sql).subarray(start, end).toString('utf8');
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return text.slice(0, i).trim();
      depth--;
    } else if ((ch === ',' || ch === ';') && depth === 0) return text.slice(0, i).trim();
  }
  return text.trim();
}

function column(t: Table, name: string | undefined) {
  return name ? t.columns.find((c) => c.name === name) : undefined;
}

/** ALTER COLUMN … TYPE: the column takes the new type (the USING expression changes data only). */
export function alterColumnType(t: Table, cmd: J): boolean {
  const col = column(t, cmd.name);
  const type = columnType(cmd.def?.ColumnDef?.typeName);
  if (!col || !type) return false;
  delete col.length;
  delete col.precision;
  delete col.scale;
  Object.assign(col, type);
  return true;
}

/** ADD COLUMN [IF NOT EXISTS] with its type, NOT NULL / NULL and DEFAULT (other inline constraints are not read). */
export function addColumn(t: Table, cmd: J, sql: string, origin: Table['origin']): boolean {
  const def = cmd.def?.ColumnDef;
  const type = columnType(def?.typeName);
  if (!def?.colname || !type) return false;
  if (column(t, def.colname)) return !!cmd.missing_ok;
  const constraints: J[] = (def.constraints ?? []).map((c: J) => c.Constraint).filter(Boolean);
  let nullable = true;
  let dflt: string | undefined;
  constraints.forEach((c, i) => {
    if (c.contype === 'CONSTR_NOTNULL') nullable = false;
    else if (c.contype === 'CONSTR_NULL') nullable = true;
    else if (c.contype === 'CONSTR_DEFAULT' && c.raw_expr) {
      const start = minLocation(c.raw_expr);
      const next = constraints.slice(i + 1).map((x) => x.location).find((l) => typeof l === 'number' && l > (start ?? 0));
      if (start !== undefined) dflt = expressionAt(sql, start, next);
    }
  });
  t.columns.push({ name: def.colname, ...type, nullable, autoIncrement: false, ...(dflt !== undefined ? { default: dflt } : {}), origin });
  return true;
}

/** ALTER COLUMN … SET DEFAULT expr / DROP DEFAULT. */
export function columnDefault(t: Table, cmd: J, sql: string): boolean {
  const col = column(t, cmd.name);
  if (!col) return false;
  const start = cmd.def ? minLocation(cmd.def) : undefined;
  if (start === undefined) delete col.default;
  else col.default = expressionAt(sql, start);
  return true;
}

/** VALIDATE CONSTRAINT: a NOT VALID check or foreign key becomes validated. */
export function validateConstraint(t: Table, name: string | undefined): boolean {
  const c = t.checks.find((x) => x.name === name) ?? t.foreignKeys.find((x) => x.name === name);
  if (!c) return false;
  c.validated = true;
  return true;
}

/** DROP CONSTRAINT [IF EXISTS]: a primary key, unique, check or foreign key, with the index behind it. */
export function dropConstraint(t: Table, name: string | undefined): boolean {
  if (!name) return false;
  let found = false;
  if (t.primaryKey?.name === name) {
    t.primaryKey = undefined;
    found = true;
  }
  const before = t.foreignKeys.length + t.uniques.length + t.checks.length;
  t.foreignKeys = t.foreignKeys.filter((f) => f.name !== name);
  t.uniques = t.uniques.filter((u) => u.name !== name);
  t.checks = t.checks.filter((c) => c.name !== name);
  if (t.foreignKeys.length + t.uniques.length + t.checks.length < before) found = true;
  t.indexes = t.indexes.filter((ix) => ix.constraint !== name);
  return found;
}

/**
 * ADD CONSTRAINT name UNIQUE / PRIMARY KEY USING INDEX idx: the index becomes the constraint's (PostgreSQL
 * renames it to the constraint's name), and its columns the constraint's.
 */
export function constraintUsingIndex(t: Table, con: J, origin: Table['origin']): boolean {
  const ix = t.indexes.find((x) => x.name === con.indexname);
  if (!ix || ix.columns.some((c) => c === null) || ix.predicate) return false;
  const name: string = con.conname ?? ix.name;
  const columns = ix.columns as string[];
  ix.name = name;
  ix.constraint = name;
  ix.unique = true;
  ix.definition = `CREATE UNIQUE INDEX ${quoteIdent(name)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} USING ${ix.method} (${ix.keyParts.join(', ')})`;
  if (con.contype === 'CONSTR_PRIMARY') {
    ix.primary = true;
    t.primaryKey = { name, columns: [...columns], origin };
    for (const c of t.columns) if (columns.includes(c.name)) c.nullable = false;
  } else {
    t.uniques.push({ name, columns: [...columns], nullsNotDistinct: false, origin });
  }
  return true;
}

/** ADD CONSTRAINT … FOREIGN KEY (…) REFERENCES …, NOT VALID or not. */
export function addForeignKey(t: Table, con: J, origin: Table['origin'], defaultSchema: string): boolean {
  const columns: string[] = (con.fk_attrs ?? []).map((k: J) => k.String?.sval).filter(Boolean);
  const refColumns: string[] = (con.pk_attrs ?? []).map((k: J) => k.String?.sval).filter(Boolean);
  if (!columns.length || !con.pktable?.relname || columns.some((c) => !column(t, c))) return false;
  const name: string = con.conname ?? `${t.name}_${columns.join('_')}_fkey`;
  t.foreignKeys = t.foreignKeys.filter((f) => f.name !== name);
  t.foreignKeys.push({
    name,
    columns,
    refSchema: con.pktable.schemaname ?? defaultSchema,
    refTable: con.pktable.relname,
    refColumns: refColumns.length ? refColumns : ['id'],
    onDelete: FK_ACTIONS[con.fk_del_action ?? 'a'] ?? 'no action',
    onUpdate: FK_ACTIONS[con.fk_upd_action ?? 'a'] ?? 'no action',
    deferrable: !!con.deferrable,
    validated: !con.skip_validation,
    origin,
  });
  return true;
}

/** DROP INDEX [CONCURRENTLY] [IF EXISTS] name, …: the named indexes leave whichever table holds them. */
export function dropIndexes(tables: Iterable<Table>, stmt: J): void {
  for (const o of stmt.objects ?? []) {
    const parts: string[] = (o.List?.items ?? []).map((x: J) => x.String?.sval).filter(Boolean);
    const name = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
    for (const t of tables) if (!schema || t.schema === schema) t.indexes = t.indexes.filter((ix) => ix.name !== name || !!ix.constraint);
  }
}

function minLocation(n: J): number | undefined {
  let best: number | undefined;
  const walk = (x: J) => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    for (const [k, v] of Object.entries(x)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) best = best === undefined ? v : Math.min(best, v);
      else walk(v);
    }
  };
  walk(n);
  return best;
}
