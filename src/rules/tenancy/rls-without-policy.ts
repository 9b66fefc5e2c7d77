import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'tenancy/rls-without-policy',
    category: 'tenancy',
    severity: 'high',
    summary: 'Row-level security enabled on a table that has no policy.',
    why:
      'With RLS enabled and no policy, PostgreSQL denies every row to every role that is not the owner and has no BYPASSRLS: ' +
      'the application sees an empty table and its writes fail, or, if it connects as the owner, RLS protects nothing. Usually a policy was forgotten.',
    dialects: ['postgres'],
  },
  check({ catalog, index, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table) || !table.rls.enabled || table.policies.length) continue;
      const name = qualifiedName(table);
      const key = index.tenancy.keyOf.get(name)?.name ?? 'tenant_id';
      const denied = table.rls.forced
        ? 'every role but superusers and BYPASSRLS roles, the owner included (RLS is forced),'
        : 'every role but the owner, superusers and BYPASSRLS roles';
      report({
        table,
        origin: table.rls.origin ?? table.origin,
        message:
          `${name} has row-level security enabled but no policy: ${denied} reads no rows and cannot write any. Add the ` +
          `policy it was meant to have (e.g. USING (${key} = current_setting('app.tenant_id')::…) WITH CHECK (…)), ` +
          `or if deny-all is deliberate, record that with an ignore entry.`,
      });
    }
  },
};

export default rule;
