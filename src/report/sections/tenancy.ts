// Multi-tenancy: the isolation model (shared tables with a tenant key, schema per tenant, RLS), the
// tenant root and why it was chosen, coverage, and the tenancy category score.
import { qualifiedName, type Table } from '../../catalog/types.js';
import { CATEGORY_TITLES } from '../text.js';
import type { SectionContext } from './context.js';
import { anchor, code, ev, inlineList, mdTable, pct, tally } from './md.js';

/** Groups of two or more schemas holding the same set of (two or more) table names: schema per tenant. */
export function schemaPerTenant(tables: Table[]): string[][] {
  const bySchema = new Map<string, string[]>();
  for (const t of tables) bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), t.name]);
  const groups = new Map<string, string[]>();
  for (const [schema, names] of bySchema) {
    if (names.length < 2) continue;
    const sig = [...names].sort().join(',');
    groups.set(sig, [...(groups.get(sig) ?? []), schema]);
  }
  return [...groups.values()].filter((g) => g.length >= 2).map((g) => g.sort());
}

export function tenancySection(ctx: SectionContext): string[] {
  const { index, tables, review } = ctx;
  const keyed = tables.filter((t) => index.tenancy.keyOf.has(qualifiedName(t)));
  const rls = tables.filter((t) => t.rls.enabled || t.policies.length);
  const perTenant = schemaPerTenant(tables);
  const root = index.tenancy.root;
  if (!root && !keyed.length && !rls.length && !perTenant.length) return [];
  const out = ['### Multi-tenancy', ''];
  const models: string[] = [];
  if (keyed.length) {
    const keys = tally(keyed.map((t) => index.tenancy.keyOf.get(qualifiedName(t))!.name));
    models.push(`- **Shared tables with a tenant key:** ${keyed.length} of ${tables.length} tables carry one (${keys.map(([k, n]) => `${code(k)} ×${n}`).join(', ')}).`);
  }
  for (const g of perTenant) models.push(`- **Schema per tenant:** schemas ${g.map(code).join(', ')} hold the same ${tables.filter((t) => t.schema === g[0]).length} table names.`);
  if (rls.length) {
    const forced = rls.filter((t) => t.rls.forced).length;
    const policies = rls.reduce((s, t) => s + t.policies.length, 0);
    models.push(`- **Row-level security:** enabled on ${rls.filter((t) => t.rls.enabled).length} tables (${forced} forced), ${policies} policies on ${rls.filter((t) => t.policies.length).length} tables.`);
  } else models.push('- **Row-level security:** enabled on no table.');
  out.push('Isolation model detected:', '', ...models, '');
  if (root) out.push(`Tenant root: ${code(qualifiedName(root))} (${ev(root.origin)}), chosen because ${index.tenancy.rootReason ?? 'no reason recorded'}.`, '');
  const missing = review.findings.filter((f) => f.ruleId === 'tenancy/missing-tenant-key' && f.table);
  const missingTables = new Set(missing.map((f) => f.table!));
  const global = tables.filter((t) => t !== root && !index.tenancy.keyOf.has(qualifiedName(t)) && !missingTables.has(qualifiedName(t)));
  const configured = global.filter((t) => index.isGlobal(t)).length;
  const base = tables.length - (root ? 1 : 0);
  out.push(
    ...mdTable(
      ['Coverage', 'Tables', 'Share', 'Which'],
      [
        ['With a tenant key', String(keyed.length), pct(keyed.length, base), inlineList(keyed.map((t) => code(qualifiedName(t))), 6)],
        ['Without one, reported by `tenancy/missing-tenant-key`', String(missingTables.size), pct(missingTables.size, base), inlineList([...missingTables].sort().map(code), 6)],
        [`Global (no key, not reported${configured ? `; ${configured} configured` : ''})`, String(global.length), pct(global.length, base), inlineList(global.map((t) => code(qualifiedName(t))), 6)],
      ],
      ['l', 'r', 'r', 'l'],
    ),
    '',
  );
  if (rls.length) {
    out.push(...mdTable(['Table with RLS or policies', 'Enabled', 'Forced', 'Policies', 'Evidence'], rls.slice(0, ctx.maxRows).map((t) => [code(qualifiedName(t)), t.rls.enabled ? 'yes' : 'no', t.rls.forced ? 'yes' : 'no', inlineList(t.policies.map((p) => `${code(p.name)} (${p.command})`), 4), ev(t.rls.origin ?? t.policies[0]?.origin ?? t.origin)])), '');
    if (rls.length > ctx.maxRows) out.push(`… and ${rls.length - ctx.maxRows} more.`, '');
  }
  const cat = review.scores.categories.find((c) => c.category === 'tenancy');
  if (cat) out.push(`Tenancy category score: ${cat.score} (penalty ${cat.penalty} of ${cat.budget}, ${cat.findings} findings; see [${CATEGORY_TITLES.tenancy}](${anchor(CATEGORY_TITLES.tenancy)})).`, '');
  else out.push('Tenancy category: not scored (no tenancy rule ran).', '');
  return out;
}
