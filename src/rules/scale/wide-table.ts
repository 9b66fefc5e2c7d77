import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'scale/wide-table',
    category: 'scale',
    severity: 'low',
    summary: 'Table with more columns than a threshold (50 by default).',
    why:
      'Very wide tables usually hold several entities or optional feature groups in one row: every row is wider than the ' +
      'queries need, updates rewrite all of it, and most columns end up NULL. Splitting out the groups (one-to-one tables, ' +
      'a jsonb settings column) keeps the hot row narrow.',
  },
  defaultOptions: { maxColumns: 50 },
  check({ catalog, options, report }) {
    const max = typeof options.maxColumns === 'number' ? options.maxColumns : 50;
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.columns.length <= max) continue;
      // Columns sharing a prefix (billing_*, shipping_*) are the usual candidates to move out.
      const groups = new Map<string, number>();
      for (const c of table.columns) {
        const i = c.name.indexOf('_');
        if (i > 0) groups.set(c.name.slice(0, i), (groups.get(c.name.slice(0, i)) ?? 0) + 1);
      }
      const candidates = [...groups.entries()]
        .filter(([, n]) => n >= 3)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([p, n]) => `${p}_* (${n})`);
      const nullable = table.columns.filter((c) => c.nullable).length;
      report({
        table,
        message:
          `${qualifiedName(table)} has ${table.columns.length} columns (limit ${max}), ${nullable} of them nullable; ` +
          `rows this wide are read and rewritten whole on every update` +
          (candidates.length ? `; column groups that could move to their own table: ${candidates.join(', ')}` : '') + '.',
      });
    }
  },
};

export default rule;
