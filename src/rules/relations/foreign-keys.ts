// The foreign keys the relations rules judge, once each: a data table's own, plus those declared only on the
// partitions of a partitioned table (pg_dump output such as pagila's), grouped under the partitioned table.
import type { ForeignKey, Table } from '../../catalog/types.js';
import { isDataTable, type CatalogIndex } from '../../catalog/lookup.js';

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
