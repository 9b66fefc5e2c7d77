// What every inventory section reads: the review, the catalog's lookups and tenancy model, the base tables.
import { buildIndex, isDataTable, type CatalogIndex } from '../../catalog/lookup.js';
import { qualifiedName, type Catalog, type Column, type Table } from '../../catalog/types.js';
import { resolveConfig, type ResolvedConfig } from '../../config.js';
import type { Review } from '../../review.js';

export interface SectionContext {
  review: Review;
  catalog: Catalog;
  index: CatalogIndex;
  config: ResolvedConfig;
  /** Base tables (ordinary and partitioned, no partitions or views), by qualified name. */
  tables: Table[];
  /** Most rows in a list before "… and N more". */
  maxRows: number;
  /** Whether the ORM (`catalog.app`) says the application encrypts or hashes this column. */
  appEncrypted(table: Table, column: Column): boolean;
  /** Table names (bare) of the base tables, for name-based matching. */
  names: string[];
}

/** The ORM model that maps to a table, matched on `schema.table` or the bare name. */
export function modelsOf(catalog: Catalog, table: Table) {
  return (catalog.app?.models ?? []).filter((m) => m.table === qualifiedName(table) || m.table === table.name);
}

export function sectionContext(review: Review, config: ResolvedConfig = resolveConfig(), maxRows = 20): SectionContext {
  const catalog = review.catalog;
  const index = buildIndex(catalog, config);
  const tables = catalog.tables.filter(isDataTable).sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
  return {
    review,
    catalog,
    index,
    config,
    tables,
    maxRows,
    names: tables.map((t) => t.name),
    appEncrypted: (t, c) => modelsOf(catalog, t).some((m) => m.encryptedColumns.includes(c.name)),
  };
}

export function tcol(t: Table, c: string | Column): string {
  return `${qualifiedName(t)}.${typeof c === 'string' ? c : c.name}`;
}
