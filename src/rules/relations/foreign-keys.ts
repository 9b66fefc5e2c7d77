// The foreign keys the relations rules judge, once each: a data table's own, plus those declared only on the
// partitions of a partitioned table (pg_dump output such as pagila's), grouped under the partitioned table.
import { qualifiedName, type ForeignKey, type Table } from '../../catalog/types.js';
import { coveringIndex, isDataTable, type CatalogIndex } from '../../catalog/lookup.js';
import type { FixOp } from '../../fixes/operations.js';

export interface JudgedForeignKey {
  /** The data table the foreign key belongs to (the partitioned table for partition-level keys). */
  table: Table;
  /** The key itself, or the first partition's copy of it. */
  fk: ForeignKey;
  /** When the key exists only on partitions: each partition with its own copy. */
  partitions?: { table: Table; fk: ForeignKey }[];
}

function sameReference(a: ForeignKey, b: ForeignKey): boolean {
  return (
    a.refSchema === b.refSchema &&
    a.refTable === b.refTable &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => b.columns[i] === c) &&
    a.refColumns.every((c, i) => b.refColumns[i] === c)
  );
}

/** The top-level partitioned table a partition belongs to. */
export function rootOf(index: CatalogIndex, table: Table): Table | undefined {
  let current: Table | undefined = table;
  for (let depth = 0; current?.partitionOf && depth < 32; depth++) current = index.find(current.partitionOf);
  return current && current !== table ? current : undefined;
}

export function judgedForeignKeys(index: CatalogIndex): JudgedForeignKey[] {
  const out: JudgedForeignKey[] = [];
  const grouped = new Map<Table, JudgedForeignKey[]>();
  for (const table of index.tables) {
    if (isDataTable(table)) {
      for (const fk of table.foreignKeys) out.push({ table, fk });
      continue;
    }
    if (!table.partitionOf || (table.kind !== 'table' && table.kind !== 'partitioned table')) continue;
    const root = rootOf(index, table);
    if (!root) continue;
    for (const fk of table.foreignKeys) {
      if (root.foreignKeys.some((p) => sameReference(p, fk))) continue; // inherited from the parent: judged there
      const groups = grouped.get(root) ?? [];
      let group = groups.find((g) => sameReference(g.fk, fk));
      if (!group) {
        group = { table: root, fk, partitions: [] };
        groups.push(group);
        grouped.set(root, groups);
        out.push(group);
      }
      group.partitions!.push({ table, fk });
    }
  }
  return out;
}

/** `payment_p2022_01, payment_p2022_02 and 4 more` */
export function listNames(names: string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Leaf partitions of a partitioned table (the tables that actually hold rows). */
export function leafPartitions(index: CatalogIndex, table: Table): Table[] {
  const name = qualifiedName(table);
  const children = index.tables.filter((t) => t.partitionOf === name || t.partitionOf === table.name);
  return children.flatMap((c) => (c.kind === 'partitioned table' ? leafPartitions(index, c) : [c]));
}

/** Tables among `table` (or its partitions) that no index serves for `columns`. */
export function uncovered(index: CatalogIndex, table: Table, columns: string[], partitions?: Table[]): Table[] {
  if (coveringIndex(table, columns)) return [];
  const leaves = partitions ?? (table.kind === 'partitioned table' ? leafPartitions(index, table) : []);
  if (!leaves.length) return [table];
  return leaves.filter((p) => !coveringIndex(p, columns));
}

/**
 * The fix for a missing foreign key: the key, and an index leading with its columns when none serves
 * them (a key without one is what relations/unindexed-foreign-key reports next).
 */
export function addForeignKeyFix(
  index: CatalogIndex,
  table: Table,
  columns: string[],
  ref: { schema: string; table: string; columns: string[] },
): FixOp[] {
  const ops: FixOp[] = [
    { op: 'add-foreign-key', schema: table.schema, table: table.name, columns, refSchema: ref.schema, refTable: ref.table, refColumns: ref.columns },
  ];
  if (uncovered(index, table, columns).length) ops.push({ op: 'add-index', schema: table.schema, table: table.name, columns });
  return ops;
}
