import type { AppModel, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { snakeCase } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

/** `models.Model` → `Model`, `app.models.TenantAwareModel` → `TenantAwareModel`. */
const short = (name: string) => name.split('.').pop()!;

const rule: Rule = {
  meta: {
    id: 'orm/tenant-base-not-inherited',
    category: 'orm',
    severity: 'high',
    summary: 'A model holding tenant data does not inherit the tenant-aware base class (TenantAwareModel, TenantMixin…) the others use.',
    why:
      'The tenant-aware base is where the project puts its isolation: the tenant key, the tenant-filtering manager or global ' +
      'scope, the save() that fills the tenant. A model that skips it holds rows of one tenant that the usual queries do not ' +
      'filter, the classic cross-tenant leak.',
  },
  check({ catalog, index, config, report }) {
    const models = catalog.app?.models ?? [];
    const root = index.tenancy.root;
    if (!models.length || !root) return;
    const byName = new Map<string, AppModel>();
    for (const m of models) byName.set(m.name, m);
    const rootModels = new Set(models.filter((m) => m.table && (m.table === qualifiedName(root) || short(m.table) === root.name)).map((m) => m.name));
    const isTenantKey = (c: string) => config.tenantKeys.includes(c) || config.tenantKeys.includes(snakeCase(c));
    const tableOf = (m: AppModel): Table | undefined => (m.table ? index.find(m.table) ?? index.byName.get(short(m.table))?.[0] : undefined);

    // Every base a model inherits, through the bases that are models themselves.
    const ancestors = (m: AppModel, seen = new Set<string>()): Set<string> => {
      for (const b of m.bases.map(short)) {
        if (seen.has(b)) continue;
        seen.add(b);
        const bm = byName.get(b);
        if (bm) ancestors(bm, seen);
      }
      return seen;
    };

    // Tenant-aware bases: abstract models with a relationship to the tenant root or a tenant-key column…
    const tenantBases = new Set<string>();
    for (const m of models) {
      if (!m.abstract) continue;
      if (m.relationships.some((r) => r.kind === 'belongs-to' && (rootModels.has(short(r.target)) || (r.columns ?? []).some(isTenantKey)))) tenantBases.add(m.name);
    }
    // …and mixins the source does not list as models, named for the tenant, whose every user carries the tenant key.
    const rootStem = root.name.replace(/s$/, '').toLowerCase();
    const users = new Map<string, AppModel[]>();
    for (const m of models) for (const b of m.bases.map(short)) if (!byName.has(b)) users.set(b, [...(users.get(b) ?? []), m]);
    for (const [base, us] of users) {
      const named = /tenant/i.test(base) || base.toLowerCase().includes(rootStem);
      if (named && us.every((u) => { const t = tableOf(u); return !!t && index.tenancy.keyOf.has(qualifiedName(t)); })) tenantBases.add(base);
    }
    if (!tenantBases.size) return;
    const baseList = [...tenantBases].join(' / ');

    const scoped = (t: Table) => index.tenancy.keyOf.has(qualifiedName(t));
    for (const m of models) {
      if (m.abstract || !m.table || rootModels.has(m.name) || tenantBases.has(m.name)) continue;
      const inherited = ancestors(m);
      if ([...tenantBases].some((b) => inherited.has(b))) continue;
      const table = tableOf(m);
      if (!table || table === root) continue;
      // Tenant data: the table references the tenant root or a tenant-scoped table, or carries a tenant key itself.
      const refs = table.foreignKeys
        .map((fk) => index.table(fk.refSchema, fk.refTable) ?? index.find(fk.refTable))
        .filter((t): t is Table => !!t && t !== table && (t === root || scoped(t)));
      const ownKey = index.tenancy.keyOf.get(qualifiedName(table));
      if (!refs.length && !ownKey) continue;
      const why = ownKey
        ? `declares the tenant key \`${ownKey.name}\` itself`
        : `references ${[...new Set(refs.map((t) => t.name))].join(', ')}, which ${refs.length > 1 ? 'hold' : 'holds'} tenant data, but has no tenant key of its own`;
      report({
        table,
        object: m.name,
        origin: m.origin,
        message:
          `model ${m.name} (${qualifiedName(table)}) ${why}, yet does not inherit ${baseList}, the tenant-aware base the other tenant ` +
          `models use: whatever the base adds (tenant filtering, the tenant column, filling it on save) does not apply to it; ` +
          `inherit ${[...tenantBases][0]}${ownKey ? '' : ' (adding the tenant key column in a migration)'}, or mark it as global data with a reason.`,
      });
    }
  },
};

export default rule;
