// Shared by the key rules: the sequence behind an auto-increment column, and the columns that must widen with a key.
import type { Catalog, Column, SequenceInfo, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { CatalogIndex } from '../../catalog/lookup.js';
import type { FixOp } from '../../fixes/operations.js';

export const INT32_OR_SMALLER = new Set(['smallint', 'integer']);

/** The sequence feeding a column: the one it owns, else the one its `nextval(...)` default names. */
export function sequenceFor(catalog: Catalog, table: Table, column: Column): SequenceInfo | undefined {
  const owner = `${qualifiedName(table)}.${column.name}`;
  const owned = catalog.sequences.find((s) => s.ownedBy === owner);
  if (owned) return owned;
  const m = column.default ? /nextval\('([^']+)'/.exec(column.default) : null;
  if (!m) return undefined;
  const named = m[1].replace(/"/g, '');
  const [schema, name] = named.includes('.') ? named.split('.', 2) : [table.schema, named];
  return catalog.sequences.find((s) => s.schema === schema && s.name === name);
}

/** A partition's top-level partitioned table (a column type is changed there, for every partition at once). */
function rootTable(index: CatalogIndex, table: Table): Table {
  let current = table;
  for (let depth = 0; current.partitionOf && depth < 32; depth++) {
    const parent = index.find(current.partitionOf);
    if (!parent) break;
    current = parent;
  }
  return current;
}

/** Columns of 32 bits or fewer that reference `column` of `table`, once each (partitions folded into their parent). */
export function narrowReferences(index: CatalogIndex, table: Table, column: Column): { table: Table; column: Column }[] {
  const out: { table: Table; column: Column }[] = [];
  for (const ref of index.referencedBy(table)) {
    const i = ref.fk.refColumns.indexOf(column.name);
    if (i < 0) continue;
    let owner = rootTable(index, ref.table);
    let child = index.column(owner, ref.fk.columns[i]);
    // A column inherited (INHERITS) from a parent changes there, and with it in every child.
    for (let depth = 0; child?.inherited && owner.inherits?.length && depth < 32; depth++) {
      const parent = owner.inherits.map((p) => index.find(p)).find((p) => p && index.column(p, child!.name));
      if (!parent) break;
      owner = parent;
      child = index.column(parent, child.name);
    }
    if (!child || !INT32_OR_SMALLER.has(child.family)) continue;
    if (out.some((o) => o.table === owner && o.column === child)) continue;
    out.push({ table: owner, column: child });
  }
  return out;
}

/**
 * Widening ops for the key and every 32-bit-or-smaller column that references it, and the columns
 * that reference those in turn (a key referenced through another table's unique column).
 */
export function widenToBigint(index: CatalogIndex, table: Table, column: Column): FixOp[] {
  const all: { table: Table; column: Column }[] = [{ table, column }];
  for (let i = 0; i < all.length && all.length < 10_000; i++) {
    for (const ref of narrowReferences(index, all[i].table, all[i].column)) {
      if (!all.some((a) => a.table === ref.table && a.column === ref.column)) all.push(ref);
    }
  }
  return all.map(({ table: t, column: c }) => ({
    op: 'alter-type' as const,
    schema: t.schema,
    table: t.name,
    column: c.name,
    from: c.dataType,
    to: 'bigint',
  }));
}
