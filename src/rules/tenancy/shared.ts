// Helpers the tenancy rules share, over the tenancy model of CatalogIndex (root table, tenant key per table).
import type { Column, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable, type CatalogIndex } from '../../catalog/lookup.js';

/** Tables that carry a tenant key and are subject to tenant isolation: not the root, not declared global. */
export function tenantTables(index: CatalogIndex): { table: Table; key: Column }[] {
  const out: { table: Table; key: Column }[] = [];
  for (const table of index.tables) {
    if (!isDataTable(table) || table === index.tenancy.root || index.isGlobal(table)) continue;
    const key = index.tenancy.keyOf.get(qualifiedName(table));
    if (key) out.push({ table, key });
  }
  return out;
}

export function rootName(index: CatalogIndex): string | undefined {
  return index.tenancy.root ? qualifiedName(index.tenancy.root) : undefined;
}

/** `schema.table` a foreign key points at, as the catalog resolves it. */
export function fkTarget(index: CatalogIndex, fk: Table['foreignKeys'][number]): Table | undefined {
  return index.table(fk.refSchema, fk.refTable);
}
