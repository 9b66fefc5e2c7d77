import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'tenancy/multiple-tenant-keys',
    category: 'tenancy',
    severity: 'medium',
    summary: 'Table with more than one tenant-key-like column (e.g. tenant_id and company_id).',
    why:
      'Two columns that each claim to say which tenant owns a row can disagree; queries, policies and developers then pick ' +
      'different ones, and a row can be visible to one tenant through one column while belonging to another through the other.',
  },
  check({ index, report }) {
    for (const table of index.tables) {
      if (!isDataTable(table) || table === index.tenancy.root || index.isGlobal(table)) continue;
      const name = qualifiedName(table);
      const keys = index.tenancy.keysOf.get(name) ?? [];
      if (keys.length < 2) continue;
      const chosen = index.tenancy.keyOf.get(name) ?? keys[0];
      const others = keys.filter((c) => c !== chosen).map((c) => c.name);
      report({
        table,
        columns: keys.map((c) => c.name),
        // The defect is the pair, not either column: point at the table.
        origin: table.origin,
        message:
          `${name} has ${keys.length} tenant-key-like columns (${keys.map((c) => c.name).join(', ')}); the review takes ` +
          `${chosen.name} as its tenant key. Rows where they disagree belong to two tenants at once, and each query or policy ` +
          `picks one of them: keep a single tenant key, or if ${others.join(', ')} only ${others.length === 1 ? 'refers' : 'refer'} to ` +
          `another row, rename ${others.length === 1 ? 'it' : 'them'} and tie ${others.length === 1 ? 'it' : 'them'} to ${chosen.name} with a composite foreign key.`,
      });
    }
  },
};

export default rule;
