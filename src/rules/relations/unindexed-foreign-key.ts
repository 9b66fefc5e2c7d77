import type { Index, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { judgedForeignKeys, listNames, uncovered } from './foreign-keys.js';

/** Indexes that contain the columns but cannot serve them, and why. */
function nearMisses(indexes: Index[], columns: string[]): string[] {
  const near: string[] = [];
  for (const ix of indexes) {
    const shared = columns.filter((c) => ix.columns.includes(c));
    if (!shared.length) continue;
    if (ix.predicate) near.push(`${ix.name} is partial (WHERE ${ix.predicate}), so it does not cover every row`);
    else near.push(`${ix.name} contains ${shared.join(', ')} but starts with (${ix.keyParts.slice(0, columns.length).join(', ')})`);
  }
  return near;
}

const rule: Rule = {
  meta: {
    id: 'relations/unindexed-foreign-key',
    category: 'relations',
    severity: 'medium',
    summary: 'Foreign key whose columns no index, primary key or unique constraint leads with.',
    why:
      'Databases index the referenced key but not the referencing columns (MySQL\'s InnoDB does, for the keys it enforces). ' +
      'Without an index on them, every DELETE or key UPDATE on the parent scans the whole child table (holding locks meanwhile, ' +
      'or, where an ORM emulates the key, in its own query), and joins from parent to children cannot use an index.',
  },
  check({ catalog, index, report }) {
    for (const { table, fk, partitions } of judgedForeignKeys(index)) {
      // InnoDB creates an index for every foreign key it enforces; a key the database does not hold
      // (Prisma's relationMode = "prisma") gets none, so MySQL needs the same check then.
      if (catalog.source.dialect === 'mysql' && fk.enforced !== false) continue;
      const missing = uncovered(index, table, fk.columns, partitions?.map((p) => p.table));
      if (!missing.length) continue;
      const cols = fk.columns.join(', ');
      const child = qualifiedName(table);
      const parent = fk.refSchema ? `${fk.refSchema}.${fk.refTable}` : fk.refTable;
      const near = nearMisses(missing.length === 1 ? missing[0].indexes : table.indexes, fk.columns);
      const partitioned = missing.length > 1 || missing[0] !== table;
      const declared = `foreign key ${fk.name} (${cols}) → ${parent}` + (partitions ? `, declared on partitions of ${child}` : '');
      const where = partitioned
        ? `${declared}: ${missing.length} partition${missing.length === 1 ? '' : 's'} of ${child} ` +
          `(${listNames(missing.map((m) => m.name))}) ${missing.length === 1 ? 'has' : 'have'} no index starting with (${cols})`
        : `${declared} has no index starting with (${cols})`;
      const effect =
        fk.enforced === false
          ? `the database does not enforce this key, so whatever enforces it instead (an ORM emulating its ON DELETE, such as ` +
            `Prisma's relationMode = "prisma") looks up ${child} rows by (${cols}) on every DELETE or key UPDATE of ${parent}, scanning ${child} each time`
          : `a DELETE or key UPDATE on ${parent} scans ${child} for referencing rows`;
      report({
        table,
        columns: fk.columns,
        object: fk.name,
        message:
          `${where}; ${effect}, and joins from ${parent} ` +
          `to ${child} cannot use an index` + (near.length ? ` (${near.join('; ')})` : '') + '.',
        origin: fk.origin,
        // On a partitioned table the index is created on every partition (and reuses a matching one where it exists).
        fix: [{ op: 'add-index', schema: table.schema, table: table.name, columns: fk.columns }],
      });
    }
  },
};

export default rule;
