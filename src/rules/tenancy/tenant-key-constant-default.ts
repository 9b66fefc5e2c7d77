import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { tenantTables } from './shared.js';

// A type cast as PostgreSQL prints it: `::uuid`, `::character varying`, `::numeric(10,2)`, `::public.tenant_id`, `::text[]`.
const CAST = String.raw`::(?:"[^"]+"|[a-z_][\w$]*)(?:\.(?:"[^"]+"|[a-z_][\w$]*))?(?: (?:varying|precision|with(?:out)? time zone))*(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])*`;
const LITERAL = String.raw`(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|'(?:[^']|'')*')`;
const CONSTANT = new RegExp(String.raw`^\(*\s*${LITERAL}\s*\)*(?:\s*${CAST}\s*\)*)*$`, 'i');

/** Whether a default, as the engine prints it, is a constant literal (possibly cast), not NULL and not a call. */
export function isConstantDefault(expression: string): boolean {
  const e = expression.trim();
  if (/^\(*\s*null\b/i.test(e)) return false;
  return CONSTANT.test(e);
}

const rule: Rule = {
  meta: {
    id: 'tenancy/tenant-key-constant-default',
    category: 'tenancy',
    severity: 'high',
    summary: 'Tenant key column with a constant default (e.g. `DEFAULT 1`).',
    why:
      'With a constant default, an INSERT that forgets the tenant key does not fail: the row silently lands in one fixed tenant, ' +
      'where that tenant can read it and its real owner cannot. A missing tenant key must be an error.',
  },
  check({ index, report }) {
    for (const { table, key } of tenantTables(index)) {
      if (!key.default || !isConstantDefault(key.default)) continue;
      report({
        table,
        columns: [key.name],
        message:
          `${qualifiedName(table)}.${key.name} is the tenant key but defaults to the constant ${key.default}: an INSERT that ` +
          `forgets the tenant puts the row into that one tenant instead of failing; drop the default ` +
          `(or derive it from the session, e.g. current_setting('app.tenant_id')).`,
        fix: [{ op: 'drop-default', schema: table.schema, table: table.name, column: key.name, previous: key.default }],
      });
    }
  },
};

export default rule;
