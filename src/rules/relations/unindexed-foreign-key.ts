import { qualifiedName } from '../../catalog/types.js';
import { coveringIndex, isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'relations/unindexed-foreign-key',
    category: 'relations',
    severity: 'medium',
    summary: 'Foreign key whose columns no index, primary key or unique constraint leads with.',
    why:
      'PostgreSQL indexes the referenced key but not the referencing columns. Without an index on them, every DELETE or ' +
      'key UPDATE on the parent scans the whole child table (holding locks meanwhile), and joins from parent to children cannot use an index.',
    // InnoDB creates an index for every foreign key itself.
    dialects: ['postgres', 'sqlite'],
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table)) continue;
      for (const fk of table.foreignKeys) {
        if (coveringIndex(table, fk.columns)) continue;
        const cols = fk.columns.join(', ');
        const child = qualifiedName(table);
        const parent = fk.refSchema ? `${fk.refSchema}.${fk.refTable}` : fk.refTable;
        // Say what comes close, so the reader sees why it does not count.
        const near: string[] = [];
        for (const ix of table.indexes) {
          const shared = fk.columns.filter((c) => ix.columns.includes(c));
          if (!shared.length) continue;
          if (ix.predicate) near.push(`${ix.name} is partial (WHERE ${ix.predicate}), so it does not cover every row`);
          else near.push(`${ix.name} contains ${shared.join(', ')} but starts with (${ix.keyParts.slice(0, fk.columns.length).join(', ')})`);
        }
        report({
          table,
          columns: fk.columns,
          object: fk.name,
          message:
            `foreign key ${fk.name} (${cols}) → ${parent} has no index starting with (${cols}); a DELETE or key UPDATE on ` +
            `${parent} scans ${child} for referencing rows, and joins from ${parent} to ${child} cannot use an index` +
            (near.length ? ` (${near.join('; ')})` : '') + '.',
          origin: fk.origin,
          fix: [{ op: 'add-index', schema: table.schema, table: table.name, columns: fk.columns }],
        });
      }
    }
  },
};

export default rule;
