// Counts taken from the catalog, shared by every renderer so the JSON, Markdown and terminal reports
// never disagree. Base tables are ordinary and partitioned tables; partitions and views are counted
// apart (a partition repeats its parent's columns, keys and indexes).
import type { Catalog, FkAction, Table } from '../catalog/types.js';
import { qualifiedName } from '../catalog/types.js';
import { isDataTable } from '../catalog/lookup.js';

export const FK_ACTIONS: readonly FkAction[] = ['no action', 'restrict', 'cascade', 'set null', 'set default'];

export interface IndexCounts {
  total: number;
  /** Indexes behind a primary key. */
  primary: number;
  unique: number;
  partial: number;
  /** At least one key part is an expression. */
  expression: number;
  /** More than one key part. */
  composite: number;
}

export interface CatalogCounts {
  schemas: number;
  /** Base tables: ordinary and partitioned, partitions excluded. */
  tables: number;
  partitions: number;
  views: number;
  materializedViews: number;
  foreignTables: number;
  /** Columns of the base tables. */
  columns: number;
  nullableColumns: number;
  primaryKeys: number;
  foreignKeys: number;
  uniqueConstraints: number;
  checkConstraints: number;
  indexes: IndexCounts;
  triggers: number;
  functions: number;
  enums: number;
  sequences: number;
  /** Base tables with row-level security enabled. */
  rlsTables: number;
  policies: number;
  foreignKeysByOnDelete: Record<FkAction, number>;
}

export function baseTables(catalog: Catalog): Table[] {
  return catalog.tables.filter(isDataTable);
}

export function countCatalog(catalog: Catalog): CatalogCounts {
  const base = baseTables(catalog);
  const byOnDelete = Object.fromEntries(FK_ACTIONS.map((a) => [a, 0])) as Record<FkAction, number>;
  const indexes: IndexCounts = { total: 0, primary: 0, unique: 0, partial: 0, expression: 0, composite: 0 };
  let columns = 0;
  let nullableColumns = 0;
  let foreignKeys = 0;
  for (const t of base) {
    columns += t.columns.length;
    nullableColumns += t.columns.filter((c) => c.nullable).length;
    for (const fk of t.foreignKeys) {
      foreignKeys++;
      byOnDelete[fk.onDelete] = (byOnDelete[fk.onDelete] ?? 0) + 1;
    }
    for (const ix of t.indexes) {
      indexes.total++;
      if (ix.primary) indexes.primary++;
      if (ix.unique) indexes.unique++;
      if (ix.predicate) indexes.partial++;
      if (ix.columns.some((c) => c === null)) indexes.expression++;
      if (ix.keyParts.length > 1) indexes.composite++;
    }
  }
  const sum = (f: (t: Table) => number) => base.reduce((s, t) => s + f(t), 0);
  return {
    schemas: catalog.schemas.length,
    tables: base.length,
    partitions: catalog.tables.filter((t) => t.partitionOf).length,
    views: catalog.tables.filter((t) => t.kind === 'view').length,
    materializedViews: catalog.tables.filter((t) => t.kind === 'materialized view').length,
    foreignTables: catalog.tables.filter((t) => t.kind === 'foreign table').length,
    columns,
    nullableColumns,
    primaryKeys: sum((t) => (t.primaryKey ? 1 : 0)),
    foreignKeys,
    uniqueConstraints: sum((t) => t.uniques.length),
    checkConstraints: sum((t) => t.checks.length),
    indexes,
    triggers: sum((t) => t.triggers.length),
    functions: catalog.functions.length,
    enums: catalog.enums.length,
    sequences: catalog.sequences.length,
    rlsTables: sum((t) => (t.rls.enabled ? 1 : 0)),
    policies: sum((t) => t.policies.length),
    foreignKeysByOnDelete: byOnDelete,
  };
}

/** Share as a percentage with one decimal; 0 when the whole is 0. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

export { qualifiedName };
