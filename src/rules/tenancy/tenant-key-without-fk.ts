import { qualifiedName } from '../../catalog/types.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { tenantTables } from './shared.js';
import { addForeignKeyFix } from '../relations/foreign-keys.js';

const rule: Rule = {
  meta: {
    id: 'tenancy/tenant-key-without-fk',
    category: 'tenancy',
    severity: 'high',
    summary: 'Tenant key column with no foreign key (to the tenant root when one is known).',
    why:
      'Without a foreign key, nothing stops a row from carrying a tenant id that does not exist (a typo, a deleted tenant, ' +
      'an id from another environment): such rows are orphans no tenant owns, and deleting a tenant leaves its data behind.',
  },
  check({ index, report }) {
    const root = index.tenancy.root;
    for (const { table, key } of tenantTables(index)) {
      // Any foreign key through the column counts: a composite (tenant_id, parent_id) → parent(tenant_id, id) is
      // even stronger than one to the root, since it also keeps the row in its parent's tenant.
      if (table.foreignKeys.some((fk) => fk.columns.includes(key.name))) continue;
      const name = qualifiedName(table);
      if (!root) {
        report({
          table,
          columns: [key.name],
          severity: 'medium',
          message:
            `${name}.${key.name} is a tenant key with no foreign key, and this schema has no tenant root table for it to reference ` +
            `(set \`tenantRoot\` if it has one): nothing checks that its values are real tenants.`,
        });
        continue;
      }
      const rootPk = root.primaryKey?.columns;
      const fix: FixOp[] | undefined =
        rootPk && rootPk.length === 1
          ? addForeignKeyFix(index, table, [key.name], { schema: root.schema, table: root.name, columns: rootPk })
          : undefined;
      const target = rootPk && rootPk.length === 1 ? `${qualifiedName(root)}(${rootPk[0]})` : qualifiedName(root);
      report({
        table,
        columns: [key.name],
        message:
          `${name}.${key.name} is the tenant key but has no foreign key to ${target}: rows can name a tenant that does not exist ` +
          `or no longer exists, and deleting a tenant leaves them behind; add the foreign key (after checking for orphans).`,
        fix,
      });
    }
  },
};

export default rule;
