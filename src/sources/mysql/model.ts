// The in-memory schema a MySQL DDL script builds, statement by statement, with the server's own
// naming and indexing behaviour: unnamed keys are named after their first column (`email`,
// `email_2`), unnamed foreign keys `<table>_ibfk_<n>`, unnamed checks `CONSTRAINT_<n>` (MariaDB) or
// `<table>_chk_<n>` (MySQL), and InnoDB creates an index for every foreign key that no index
// leads with, named after the constraint (dropped again when a later index can serve it).
import type { CheckConstraint, Column, ForeignKey, Index, Origin, Table, TableKind, Trigger } from '../../catalog/types.js';

export type Flavour = 'mysql' | 'mariadb';

export interface MIndexPart {
  /** The column, or null for an expression (functional key part). */
  column: string | null;
  /** The column name or the expression, as shown in keyParts (without length or order). */
  expr: string;
  /** Prefix length of a `col(50)` key part. */
  length?: number;
  desc?: boolean;
}

export type MIndexKind = 'primary' | 'unique' | 'key' | 'fulltext' | 'spatial';

export interface MIndex {
  name: string;
  kind: MIndexKind;
  parts: MIndexPart[];
  /** btree, hash, fulltext, spatial. */
  method: string;
  origin: Origin;
  /** Created by InnoDB for a foreign key that had no index. */
  implicit?: boolean;
}

export interface MTable {
  schema: string;
  name: string;
  kind: TableKind;
  columns: Column[];
  indexes: MIndex[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  triggers: Trigger[];
  engine?: string;
  comment?: string;
  origin: Origin;
  /** Counters for generated constraint names. */
  fkCounter: number;
  checkCounter: number;
}

export interface Model {
  flavour: Flavour;
  /** The current database (USE / CREATE DATABASE), '' before any. */
  database: string;
  databases: string[];
  tables: MTable[];
}

export function newModel(flavour: Flavour, database: string): Model {
  return { flavour, database, databases: database ? [database] : [], tables: [] };
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findTable(model: Model, schema: string | null | undefined, name: string): MTable | undefined {
  const db = schema ?? model.database;
  return model.tables.find((t) => t.schema === db && t.name === name) ?? model.tables.find((t) => eq(t.schema, db) && eq(t.name, name));
}

export function findColumn(table: MTable, name: string): Column | undefined {
  return table.columns.find((c) => eq(c.name, name));
}

export function newTable(schema: string, name: string, origin: Origin, kind: TableKind = 'table'): MTable {
  return { schema, name, kind, columns: [], indexes: [], foreignKeys: [], checks: [], triggers: [], origin, fkCounter: 0, checkCounter: 0 };
}

/** A free index name: `base`, else `base_2`, `base_3`… as the server picks them. */
export function freeIndexName(table: MTable, base: string): string {
  const taken = (n: string) => table.indexes.some((ix) => eq(ix.name, n));
  if (!taken(base)) return base;
  for (let k = 2; ; k++) if (!taken(`${base}_${k}`)) return `${base}_${k}`;
}

/** Whether the index's leading key parts are exactly `columns` (in order, whole columns). */
function leadsWith(ix: MIndex, columns: string[]): boolean {
  if (ix.kind === 'fulltext' || ix.kind === 'spatial' || ix.parts.length < columns.length) return false;
  return columns.every((c, k) => ix.parts[k].column !== null && eq(ix.parts[k].column!, c) && ix.parts[k].length === undefined);
}

export function addIndex(table: MTable, index: Omit<MIndex, 'name'> & { name?: string | null }): MIndex {
  const name = index.kind === 'primary' ? 'PRIMARY' : index.name || freeIndexName(table, index.parts.find((p) => p.column)?.column ?? 'idx');
  if (index.kind === 'primary') table.indexes = table.indexes.filter((ix) => ix.kind !== 'primary');
  const ix: MIndex = { ...index, name };
  // PRIMARY KEY columns are NOT NULL.
  if (ix.kind === 'primary') for (const p of ix.parts) if (p.column) findColumn(table, p.column) && (findColumn(table, p.column)!.nullable = false);
  // An explicit index that can serve a foreign key replaces the one InnoDB made for it.
  if (!ix.implicit) {
    table.indexes = table.indexes.filter(
      (old) => !old.implicit || !table.foreignKeys.some((fk) => leadsWith(old, fk.columns) && leadsWith(ix, fk.columns)),
    );
  }
  table.indexes.push(ix);
  return ix;
}

export function nextForeignKeyName(table: MTable): string {
  // The server continues after the highest existing `<table>_ibfk_<n>`.
  const re = new RegExp(`^${table.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_ibfk_(\\d+)$`, 'i');
  let max = table.fkCounter;
  for (const fk of table.foreignKeys) {
    const m = re.exec(fk.name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  table.fkCounter = max + 1;
  return `${table.name}_ibfk_${max + 1}`;
}

export function nextCheckName(model: Model, table: MTable): string {
  table.checkCounter++;
  const name = model.flavour === 'mariadb' ? `CONSTRAINT_${table.checkCounter}` : `${table.name}_chk_${table.checkCounter}`;
  return table.checks.some((c) => eq(c.name, name)) ? nextCheckName(model, table) : name;
}

/**
 * InnoDB needs an index whose first columns are the foreign key's: where none exists it creates one,
 * named after the constraint (or the FOREIGN KEY's index name, or the first column).
 */
export function ensureForeignKeyIndexes(table: MTable, indexNames: Map<ForeignKey, string | undefined>): void {
  for (const fk of table.foreignKeys) {
    if (table.indexes.some((ix) => leadsWith(ix, fk.columns))) continue;
    const wanted = indexNames.get(fk) ?? fk.name;
    addIndex(table, {
      name: freeIndexName(table, wanted || fk.columns[0]),
      kind: 'key',
      parts: fk.columns.map((c) => ({ column: c, expr: c })),
      method: 'btree',
      origin: fk.origin,
      implicit: true,
    });
  }
}

export function renameColumn(model: Model, table: MTable, from: string, to: string): void {
  const col = findColumn(table, from);
  if (col) col.name = to;
  const sub = (c: string) => (eq(c, from) ? to : c);
  for (const ix of table.indexes) for (const p of ix.parts) if (p.column && eq(p.column, from)) (p.column = to), (p.expr = to);
  for (const fk of table.foreignKeys) fk.columns = fk.columns.map(sub);
  for (const ck of table.checks) ck.columns = ck.columns.map(sub);
  // Foreign keys of other tables that reference the column follow it.
  for (const t of model.tables)
    for (const fk of t.foreignKeys) if (fk.refSchema === table.schema && eq(fk.refTable, table.name)) fk.refColumns = fk.refColumns.map(sub);
}

export function dropColumn(table: MTable, name: string): void {
  table.columns = table.columns.filter((c) => !eq(c.name, name));
  for (const ix of table.indexes) ix.parts = ix.parts.filter((p) => !(p.column && eq(p.column, name)));
  table.indexes = table.indexes.filter((ix) => ix.parts.length > 0);
  table.foreignKeys = table.foreignKeys.filter((fk) => !fk.columns.some((c) => eq(c, name)));
  table.checks = table.checks.filter((ck) => !(ck.columns.length === 1 && eq(ck.columns[0], name)));
}

/** Places a column: at the end, FIRST, or AFTER another. */
export function placeColumn(table: MTable, column: Column, position?: { first?: boolean; after?: string }): void {
  table.columns = table.columns.filter((c) => c !== column);
  if (position?.first) table.columns.unshift(column);
  else if (position?.after) {
    const at = table.columns.findIndex((c) => eq(c.name, position.after!));
    if (at < 0) table.columns.push(column);
    else table.columns.splice(at + 1, 0, column);
  } else table.columns.push(column);
}

export function renameTable(model: Model, table: MTable, schema: string, name: string): void {
  for (const t of model.tables)
    for (const fk of t.foreignKeys)
      if (fk.refSchema === table.schema && eq(fk.refTable, table.name)) {
        fk.refSchema = schema;
        fk.refTable = name;
      }
  // Generated constraint names follow the table: t_ibfk_1 becomes u_ibfk_1 (and MySQL's t_chk_1, u_chk_1).
  const escaped = table.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const generated = new RegExp(`^${escaped}(_ibfk_\\d+|_chk_\\d+)$`);
  for (const fk of table.foreignKeys) fk.name = fk.name.replace(generated, `${name}$1`);
  if (model.flavour === 'mysql') for (const ck of table.checks) ck.name = ck.name.replace(generated, `${name}$1`);
  table.schema = schema;
  table.name = name;
}

export function dropTable(model: Model, table: MTable): void {
  model.tables = model.tables.filter((t) => t !== table);
}

// ---- to the catalog ----

const ident = (s: string) => `\`${s.replace(/`/g, '``')}\``;

export function keyPartText(p: MIndexPart): string {
  const base = p.column !== null ? p.column : `(${p.expr})`;
  return `${base}${p.length !== undefined ? `(${p.length})` : ''}${p.desc ? ' DESC' : ''}`;
}

/** The index as SHOW CREATE TABLE prints it: `UNIQUE KEY \`u\` (\`a\`,\`b\`(50))`. */
export function indexDefinition(ix: MIndex): string {
  const parts = ix.parts
    .map((p) => `${p.column !== null ? ident(p.column) : `(${p.expr})`}${p.length !== undefined ? `(${p.length})` : ''}${p.desc ? ' DESC' : ''}`)
    .join(',');
  if (ix.kind === 'primary') return `PRIMARY KEY (${parts})`;
  const kind = ix.kind === 'unique' ? 'UNIQUE KEY' : ix.kind === 'fulltext' ? 'FULLTEXT KEY' : ix.kind === 'spatial' ? 'SPATIAL KEY' : 'KEY';
  return `${kind} ${ident(ix.name)} (${parts})${ix.method === 'hash' ? ' USING HASH' : ''}`;
}

export function toCatalogIndex(ix: MIndex): Index {
  return {
    name: ix.name,
    columns: ix.parts.map((p) => p.column),
    keyParts: ix.parts.map(keyPartText),
    includeColumns: [],
    unique: ix.kind === 'primary' || ix.kind === 'unique',
    primary: ix.kind === 'primary',
    method: ix.method,
    ...(ix.kind === 'primary' || ix.kind === 'unique' ? { constraint: ix.name } : {}),
    definition: indexDefinition(ix),
    origin: ix.origin,
  };
}

/** The catalog table: unique indexes are also unique constraints (information_schema lists them so). */
export function toCatalogTable(t: MTable): Table {
  const primary = t.indexes.find((ix) => ix.kind === 'primary');
  return {
    schema: t.schema,
    name: t.name,
    kind: t.kind,
    columns: t.columns,
    ...(primary ? { primaryKey: { name: 'PRIMARY', columns: primary.parts.map((p) => p.column ?? p.expr), origin: primary.origin } } : {}),
    foreignKeys: t.foreignKeys,
    uniques: t.indexes
      .filter((ix) => ix.kind === 'unique')
      .map((ix) => ({ name: ix.name, columns: ix.parts.map((p) => p.column ?? p.expr), nullsNotDistinct: false, origin: ix.origin })),
    checks: t.checks,
    indexes: t.indexes.map(toCatalogIndex),
    rls: { enabled: false, forced: false },
    policies: [],
    triggers: t.triggers,
    ...(t.comment ? { comment: t.comment } : {}),
    ...(t.engine ? { engine: t.engine } : {}),
    origin: t.origin,
  };
}
