import type { Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable, tableNamesForStem, type CatalogIndex } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { canReference } from './types-compat.js';
import { addForeignKeyFix, judgedForeignKeys, listNames } from './foreign-keys.js';

/** The table a `<stem>_id` column names: in the same schema first, else a name that is unique across schemas. */
function targetFor(index: CatalogIndex, table: Table, stem: string): Table | undefined {
  const names = tableNamesForStem(stem);
  for (const n of names) {
    const same = index.table(table.schema, n);
    if (same && isDataTable(same)) return same;
  }
  const elsewhere = names.flatMap((n) => index.byName.get(n) ?? []).filter(isDataTable);
  return elsewhere.length === 1 ? elsewhere[0] : undefined;
}

/** Whether `table` has every column of `other`, with the same types. */
function copies(table: Table, other: Table): boolean {
  return other.columns.length > 1 && other.columns.every((c) => table.columns.some((d) => d.name === c.name && d.dataType === c.dataType));
}

const rule: Rule = {
  meta: {
    id: 'relations/missing-foreign-key',
    category: 'relations',
    severity: 'medium',
    summary: 'A `<name>_id` column that names an existing table but has no foreign key.',
    why:
      'Without the constraint the database accepts ids that point nowhere and keeps rows whose parent was deleted; ' +
      'every reader (planner, ORM, ERD, the next engineer) has to guess the relation instead of reading it.',
  },
  check({ catalog, index, report }) {
    const partitionOnly = judgedForeignKeys(index).filter((j) => j.partitions);
    for (const table of catalog.tables) {
      if (!isDataTable(table)) continue;
      const inFk = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
      // Keys declared on each partition but not on the partitioned table: partitions attached later go unchecked.
      const leaves = catalog.tables.filter((t) => t.partitionOf === qualifiedName(table) && t.kind === 'table').length;
      for (const { fk, partitions } of partitionOnly.filter((j) => j.table === table)) {
        fk.columns.forEach((c) => inFk.add(c));
        const ref = `${fk.refSchema}.${fk.refTable}(${fk.refColumns.join(', ')})`;
        const n = partitions!.length;
        const without = leaves - n;
        const on = `${n}${without > 0 ? ` of its ${leaves}` : ''} partition${n === 1 && without <= 0 ? '' : 's'}`;
        const unchecked = `${without > 0 ? `rows in the ${without} partition${without === 1 ? '' : 's'} without it, and ` : ''}partitions attached later,`;
        report({
          table,
          columns: fk.columns,
          message:
            `${qualifiedName(table)} (${fk.columns.join(', ')}) references ${ref} only through foreign keys on ${on} ` +
            `(${listNames(partitions!.map((p) => p.table.name))}), not on the partitioned table itself, so ${unchecked} ` +
            `can hold ids that point nowhere; declare the foreign key on ${qualifiedName(table)}.`,
          origin: fk.origin,
          fix: addForeignKeyFix(index, table, fk.columns, { schema: fk.refSchema, table: fk.refTable, columns: fk.refColumns }),
        });
      }
      // The tenant key is tenancy/tenant-key-without-fk's to report (with the tenant root as target), not ours twice.
      const tenantKey =
        table !== index.tenancy.root && !index.isGlobal(table) ? index.tenancy.keyOf.get(qualifiedName(table))?.name : undefined;
      const names = new Set(table.columns.map((c) => c.name));
      for (const column of table.columns) {
        const m = /^(.+)_id$/.exec(column.name);
        if (!m || inFk.has(column.name) || column.name === tenantKey) continue;
        const stem = m[1];
        if (names.has(`${stem}_type`)) continue; // polymorphic pair: no single table to reference
        const target = targetFor(index, table, stem);
        if (!target) continue;
        const ownKey = table.primaryKey?.columns ?? [];
        if (target === table && ownKey.includes(column.name)) continue; // users.user_id is the table's own key
        // A table holding every column of the target is a copy of it (an INHERITS child, an archive): the id is its own.
        if (target !== table && copies(table, target)) continue;
        const pk = target.primaryKey;
        const refColumn = pk && pk.columns.length === 1 ? index.column(target, pk.columns[0]) : undefined;
        const where = `${qualifiedName(table)}.${column.name}`;
        const targetName = qualifiedName(target);
        let tail: string;
        let fix;
        if (!refColumn) {
          tail = pk
            ? `${targetName} has a composite primary key (${pk.columns.join(', ')}), so the reference needs the columns that match it`
            : `${targetName} has no primary key to reference yet`;
        } else if (!canReference(column, refColumn)) {
          tail =
            `its type (${column.dataType}) does not match ${targetName}.${refColumn.name} (${refColumn.dataType}): either it holds ` +
            `something else (then rename it) or its type must change before a foreign key can be added`;
        } else {
          tail = `add a foreign key to ${targetName}(${refColumn.name}) after removing orphans`;
          fix = addForeignKeyFix(index, table, [column.name], { schema: target.schema, table: target.name, columns: [refColumn.name] });
        }
        report({
          table,
          columns: [column.name],
          message:
            `${where} looks like a reference to ${targetName} but no foreign key enforces it: ids that point nowhere ` +
            `and rows whose ${target.name} row was deleted go unnoticed; ${tail}.`,
          fix,
        });
      }
    }
  },
};

export default rule;
