import type { Index, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { indexLeadsWith, isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { formatBytes } from './shape.js';

/** Foreign keys of `table` for which `ix` is the only index whose leading columns cover the key. */
function soleForeignKeyIndex(table: Table, ix: Index): string[] {
  const names: string[] = [];
  for (const fk of table.foreignKeys) {
    if (ix.predicate || !indexLeadsWith(ix.columns, fk.columns)) continue;
    const others = table.indexes.some((o) => o !== ix && !o.predicate && indexLeadsWith(o.columns, fk.columns));
    if (!others) names.push(fk.name);
  }
  return names;
}

const rule: Rule = {
  meta: {
    id: 'indexes/unused-index',
    category: 'indexes',
    severity: 'low',
    summary: 'Index never scanned since statistics were last reset, and not enforcing any constraint.',
    why:
      'An index nobody reads still costs a write on every INSERT and on most UPDATEs and DELETEs, takes disk and cache, ' +
      'and slows vacuum; if the statistics cover a representative period, it is pure overhead.',
    requires: ['live-stats'],
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table)) continue;
      for (const ix of table.indexes) {
        // Primary key, unique and exclusion indexes enforce something even when no query reads them.
        if (ix.primary || ix.unique || ix.constraint) continue;
        if (ix.stats?.scans !== 0) continue;
        const size = ix.stats.sizeBytes !== undefined ? ` (${formatBytes(ix.stats.sizeBytes)})` : '';
        const fks = soleForeignKeyIndex(table, ix);
        const base =
          `index ${ix.name}${size} on ${qualifiedName(table)} has not been scanned once since statistics were last reset`;
        if (fks.length) {
          // Deleting parents scans the child through it; it may just be that no parent was deleted yet.
          report({
            table,
            columns: ix.columns.filter((c): c is string => c !== null),
            object: ix.name,
            origin: ix.origin,
            message:
              `${base}, but it is the only index serving foreign key ${fks.join(', ')}: dropping it would make every DELETE ` +
              `or key UPDATE on the referenced table scan ${qualifiedName(table)}; keep it unless parents are never deleted.`,
          });
          continue;
        }
        report({
          table,
          columns: ix.columns.filter((c): c is string => c !== null),
          object: ix.name,
          origin: ix.origin,
          message:
            `${base}: it is maintained on every write for no reader. Check the statistics cover a representative period ` +
            `and the replicas too (each server counts its own scans), then drop it.`,
          fix: [{ op: 'drop-index', schema: table.schema, table: table.name, name: ix.name, definition: ix.definition }],
        });
      }
    }
  },
};

export default rule;
