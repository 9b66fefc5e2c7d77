import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const DEFAULT_MAX = 10;

const rule: Rule = {
  meta: {
    id: 'indexes/too-many-indexes',
    category: 'indexes',
    severity: 'low',
    summary: 'Table with more indexes than the configured limit (default 10).',
    why:
      'Every index is written on every INSERT, on DELETE and on most UPDATEs (an update touching an indexed column cannot be HOT), ' +
      'so a table with many indexes pays for them on each write, and usually some of them overlap or go unused.',
  },
  defaultOptions: { maxIndexes: DEFAULT_MAX },
  check({ catalog, options, report }) {
    const raw = Number(options.maxIndexes);
    const max = Number.isFinite(raw) && raw >= 0 ? Math.floor(raw) : DEFAULT_MAX;
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.indexes.length <= max) continue;
      const names = table.indexes.map((ix) => ix.name);
      const shown = names.length > 15 ? `${names.slice(0, 15).join(', ')} and ${names.length - 15} more` : names.join(', ');
      report({
        table,
        origin: table.origin,
        message:
          `${qualifiedName(table)} has ${table.indexes.length} indexes (limit ${max}): ${shown}. Each one is maintained on every ` +
          `write; look for overlapping or unused ones (duplicate-index, redundant-prefix-index, unused-index) before adding more.`,
      });
    }
  },
};

export default rule;
