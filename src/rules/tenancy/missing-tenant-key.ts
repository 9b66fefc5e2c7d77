import type { Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { fkTarget } from './shared.js';

/**
 * Heuristic. With a tenant root known, a table is tenant-owned when it carries a tenant key, references
 * the root directly (under any column name), or references (through a chain of foreign keys) a
 * tenant-owned table. The rule reports tenant-owned tables that carry no tenant key and do not
 * reference the root: their rows belong to a tenant only through a parent. Tables that reference
 * nothing, only global tables, or only themselves are left alone: nothing says they hold tenant data.
 */
const rule: Rule = {
  meta: {
    id: 'tenancy/missing-tenant-key',
    category: 'tenancy',
    severity: 'medium',
    summary: 'Table whose rows belong to a tenant only through a parent table: it has no tenant key of its own.',
    why:
      'Without its own tenant key a table cannot be filtered, indexed, partitioned or protected by an RLS policy by tenant ' +
      'directly: every tenant-scoped query and policy needs a join to the parent, and one forgotten join exposes other tenants\' rows.',
  },
  check({ index, report }) {
    const root = index.tenancy.root;
    if (!root) return;
    const candidates = index.tables.filter((t) => isDataTable(t) && t !== root && !index.isGlobal(t));
    const hasKey = (t: Table) => index.tenancy.keyOf.has(qualifiedName(t));
    const refsRoot = (t: Table) => t.foreignKeys.some((fk) => fkTarget(index, fk) === root);
    // Tenant-owned tables and, for those without a key, the parent they belong through.
    const owned = new Set<Table>(candidates.filter((t) => hasKey(t) || refsRoot(t)));
    const via = new Map<Table, { parent: Table; columns: string[] }>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of candidates) {
        if (owned.has(t)) continue;
        for (const fk of t.foreignKeys) {
          const parent = fkTarget(index, fk);
          if (!parent || parent === t || !owned.has(parent)) continue;
          owned.add(t);
          via.set(t, { parent, columns: fk.columns });
          changed = true;
          break;
        }
      }
    }
    // Name the key to add after the one most tables already use.
    const counts = new Map<string, number>();
    for (const c of index.tenancy.keyOf.values()) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    const keyName = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const rootName = qualifiedName(root);
    for (const [table, { parent, columns }] of via) {
      const parentKey = index.tenancy.keyOf.get(qualifiedName(parent));
      const through = parentKey
        ? `${qualifiedName(parent)} (${columns.join(', ')}), which carries ${parentKey.name}`
        : `${qualifiedName(parent)} (${columns.join(', ')}), itself without a tenant key`;
      report({
        table,
        columns,
        origin: table.origin,
        message:
          `${qualifiedName(table)} has no tenant key: its rows belong to a tenant only through ${through}. Tenant filters and ` +
          `RLS policies on it need a join to the parent, and one missed join exposes other tenants' rows; add ` +
          `${keyName ?? 'a tenant key column'} (referencing ${rootName}), backfill it from the parent, and keep the two ` +
          `consistent with a composite foreign key.`,
      });
    }
  },
};

export default rule;
