import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'tenancy/policy-without-rls',
    category: 'tenancy',
    severity: 'critical',
    summary: 'Table with row-level security policies while row-level security is not enabled.',
    why:
      'Policies are only applied once `ALTER TABLE … ENABLE ROW LEVEL SECURITY` has run. Until then they do nothing: every role ' +
      'with table privileges sees and changes every tenant\'s rows, while the schema reads as if it were protected.',
    dialects: ['postgres'],
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.rls.enabled || !table.policies.length) continue;
      const names = table.policies.map((p) => p.name);
      const policies = names.length === 1 ? `policy ${names[0]}` : `${names.length} policies (${names.join(', ')})`;
      report({
        table,
        object: names.length === 1 ? names[0] : undefined,
        origin: table.policies[0].origin,
        message:
          `${qualifiedName(table)} has ${policies} but row-level security is not enabled, so ${names.length === 1 ? 'it is' : 'they are'} ` +
          `never applied: every role with privileges on the table reads and writes all tenants' rows. ` +
          `Run ALTER TABLE ${qualifiedName(table)} ENABLE ROW LEVEL SECURITY, and FORCE it so that the owner (often the role the application or its migrations connect as) is bound too.`,
        fix: [{ op: 'enable-rls', schema: table.schema, table: table.name, force: true, alreadyEnabled: false }],
      });
    }
  },
};

export default rule;
