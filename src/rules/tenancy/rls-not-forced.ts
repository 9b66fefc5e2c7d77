import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'tenancy/rls-not-forced',
    category: 'tenancy',
    severity: 'medium',
    summary: 'Row-level security enabled with policies, but not forced, so the table owner bypasses the policies.',
    why:
      'PostgreSQL does not apply RLS to the table\'s owner unless it is FORCEd. Applications very often connect as the role that ' +
      'ran the migrations and owns the tables, and then every policy is silently skipped for them.',
    dialects: ['postgres'],
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table) || !table.rls.enabled || table.rls.forced || !table.policies.length) continue;
      const name = qualifiedName(table);
      report({
        table,
        origin: table.rls.origin ?? table.origin,
        message:
          `${name} has row-level security enabled with ${table.policies.length === 1 ? `policy ${table.policies[0].name}` : `${table.policies.length} policies`} ` +
          `but not forced: its owner bypasses every policy, so an application connecting as the owner (typically the role that runs ` +
          `migrations) sees all tenants' rows. Run ALTER TABLE ${name} FORCE ROW LEVEL SECURITY, or make sure the application uses a role that does not own the table.`,
        fix: [{ op: 'enable-rls', schema: table.schema, table: table.name, force: true, alreadyEnabled: true }],
      });
    }
  },
};

export default rule;
