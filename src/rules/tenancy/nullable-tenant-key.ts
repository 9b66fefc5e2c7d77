import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { tenantTables } from './shared.js';

const rule: Rule = {
  meta: {
    id: 'tenancy/nullable-tenant-key',
    category: 'tenancy',
    severity: 'critical',
    summary: 'Tenant key column that allows NULL.',
    why:
      'A row whose tenant key is NULL belongs to no tenant: `WHERE tenant_id = $1` and RLS policies never match it, so it ' +
      'silently disappears for its owner, escapes tenant-scoped deletes and exports, and breaks per-tenant uniqueness (NULLs never collide).',
  },
  check({ index, report }) {
    for (const { table, key } of tenantTables(index)) {
      if (!key.nullable) continue;
      report({
        table,
        columns: [key.name],
        message:
          `${qualifiedName(table)}.${key.name} is the tenant key but allows NULL: a row inserted without it belongs to no tenant, ` +
          `so tenant filters and RLS policies never see it and unique constraints that include ${key.name} do not hold for it; ` +
          `make it NOT NULL (after backfilling any NULL rows).`,
        fix: [{ op: 'set-not-null', schema: table.schema, table: table.name, column: key.name }],
      });
    }
  },
};

export default rule;
