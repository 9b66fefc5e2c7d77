import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'scale/nullable-share',
    category: 'scale',
    severity: 'low',
    summary: 'Table where most columns are nullable (over 60% of at least 8 columns by default).',
    why:
      'When most columns may be NULL the table rarely describes one thing: it is usually several optional shapes ' +
      '(per type, per feature) in one row, and NOT NULL has stopped being a decision. Each NULL-able column is one ' +
      'more state every query and every line of application code must handle.',
  },
  defaultOptions: { maxShare: 0.6, minColumns: 8 },
  check({ catalog, options, report }) {
    const maxShare = typeof options.maxShare === 'number' ? options.maxShare : 0.6;
    const minColumns = typeof options.minColumns === 'number' ? options.minColumns : 8;
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.columns.length < minColumns) continue;
      const nullable = table.columns.filter((c) => c.nullable);
      const share = nullable.length / table.columns.length;
      if (share <= maxShare) continue;
      const shown = nullable.slice(0, 8).map((c) => c.name).join(', ');
      report({
        table,
        message:
          `${nullable.length} of the ${table.columns.length} columns of ${qualifiedName(table)} ` +
          `(${Math.round(share * 100)}%, limit ${Math.round(maxShare * 100)}%) are nullable (${shown}` +
          `${nullable.length > 8 ? ', …' : ''}); decide which are required and declare them NOT NULL, ` +
          `and move optional groups that belong together to their own table.`,
      });
    }
  },
};

export default rule;
