import type { Column, Origin, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { tableNamesForStem, type CatalogIndex } from '../../catalog/lookup.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { fkTarget, tenantTables } from './shared.js';

/**
 * Columns whose values are unique across all tenants by construction or by nature, so a global
 * UNIQUE on them is right: generated identifiers, public ids, secrets looked up before the tenant is
 * known (API keys, tokens), and host names that route a request to its tenant. Slugs, emails, codes
 * and names are not among them: those are chosen by people, inside one tenant.
 */
const SURROGATE_NAME = /^(id|uuid|guid|ulid|public_id)$|_(uuid|guid|ulid)$/;
const GLOBAL_BY_NATURE = /(^|_)(token|token_hash|token_digest|secret|secret_hash|api_key|key_hash)$|^(domain|subdomain|hostname|custom_domain)$/;
const GENERATED_DEFAULT = /gen_random_uuid|uuid_generate_v\d|uuidv[47]|gen_ulid|generate_ulid/i;
/** Tables of credentials (`api_keys.value`, `access_tokens.digest`): looked up by the secret alone, so unique globally. */
const CREDENTIAL_TABLE = /(^|_)(api_keys?|tokens?|secrets?|credentials?)$/;
const CREDENTIAL_COLUMN = /^(value|key|token|digest|hash|secret)(_hash|_digest)?$/;

function globallyUnique(column: Column): boolean {
  return (
    SURROGATE_NAME.test(column.name) ||
    GLOBAL_BY_NATURE.test(column.name) ||
    column.autoIncrement ||
    (column.default !== undefined && GENERATED_DEFAULT.test(column.default))
  );
}

/** Whether a table's rows each belong to exactly one tenant (it is the root, or carries a tenant key). */
function tenantScoped(index: CatalogIndex, t: Table | undefined): boolean {
  if (!t || index.isGlobal(t)) return false;
  return t === index.tenancy.root || index.tenancy.keyOf.has(qualifiedName(t));
}

/**
 * Whether a column pins a row to one tenant, so a unique that includes it is already per tenant: a tenant key,
 * or a reference to a tenant-scoped row (UNIQUE (project_id, name) is unique within a project, hence within its tenant).
 */
function scopesToTenant(index: CatalogIndex, table: Table, column: string, keys: Set<string>): boolean {
  if (keys.has(column)) return true;
  const fks = table.foreignKeys.filter((fk) => fk.columns.includes(column));
  if (fks.length) return fks.some((fk) => tenantScoped(index, fkTarget(index, fk)));
  // No foreign key declared: go by the `<stem>_id` naming convention.
  const m = /^(.+)_id$/.exec(column);
  if (!m) return false;
  return tableNamesForStem(m[1]).some((n) => (index.byName.get(n) ?? []).some((t) => t !== table && tenantScoped(index, t)));
}

interface UniqueThing {
  kind: 'constraint' | 'index';
  name: string;
  columns: (string | null)[];
  keyParts: string[];
  predicate?: string;
  origin: Origin;
}

function uniquesOf(table: Table): UniqueThing[] {
  const out: UniqueThing[] = table.uniques.map((u) => ({ kind: 'constraint', name: u.name, columns: u.columns, keyParts: u.columns, origin: u.origin }));
  const constraintNames = new Set(table.uniques.map((u) => u.name));
  for (const ix of table.indexes) {
    if (!ix.unique || ix.primary) continue;
    if (ix.constraint && constraintNames.has(ix.constraint)) continue; // already listed as the constraint
    if (ix.constraint) continue; // backs some other constraint (e.g. the primary key)
    out.push({ kind: 'index', name: ix.name, columns: ix.columns, keyParts: ix.keyParts, predicate: ix.predicate, origin: ix.origin });
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'tenancy/unique-without-tenant-key',
    category: 'tenancy',
    severity: 'high',
    summary: 'UNIQUE constraint or unique index on a tenant table that does not include the tenant key.',
    why:
      'A global uniqueness rule on tenant data lets one tenant\'s value block every other tenant (a second company cannot ' +
      'register the same email or invoice number), and the duplicate-key error tells a user that the value exists in another tenant.',
  },
  check({ index, report }) {
    for (const { table, key } of tenantTables(index)) {
      const name = qualifiedName(table);
      const keys = new Set((index.tenancy.keysOf.get(name) ?? [key]).map((c) => c.name));
      for (const u of uniquesOf(table)) {
        const plain = u.columns.filter((c): c is string => c !== null);
        const hasExpression = plain.length !== u.columns.length;
        if (plain.some((c) => scopesToTenant(index, table, c, keys))) continue;
        // A polymorphic reference (record_type, record_id) names one row of some table, which belongs to one tenant.
        if (plain.some((c) => c.endsWith('_id') && plain.includes(`${c.slice(0, -3)}_type`))) continue;
        if (u.columns.length === 1 && plain.length === 1 && CREDENTIAL_TABLE.test(table.name) && CREDENTIAL_COLUMN.test(plain[0])) continue;
        // An expression that mentions the tenant key (e.g. (organization_id::text || code)) is taken as scoped.
        if (u.keyParts.some((p, i) => u.columns[i] === null && [...keys].some((k) => new RegExp(`(^|[^\\w$])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w$])`).test(p)))) continue;
        if (!hasExpression && plain.length > 0 && plain.every((c) => {
          const col = index.column(table, c);
          return !!col && globallyUnique(col);
        })) continue;
        const what = u.kind === 'constraint' ? `unique constraint ${u.name}` : `unique index ${u.name}`;
        const where = u.predicate ? ` WHERE ${u.predicate}` : '';
        const perTenant = [key.name, ...u.keyParts];
        const fix: FixOp[] | undefined =
          hasExpression || u.predicate
            ? undefined
            : [{ op: 'replace-unique', schema: table.schema, table: table.name, constraint: u.name, oldColumns: plain, columns: [key.name, ...plain], ...(u.kind === 'index' ? { isIndex: true } : {}) }];
        report({
          table,
          columns: plain,
          object: u.name,
          origin: u.origin,
          message:
            `${what} on ${name} (${u.keyParts.join(', ')})${where} does not include the tenant key ${key.name}: a value used in ` +
            `one tenant is refused in every other, and the duplicate-key error reveals to a user that it exists elsewhere; ` +
            `make it unique per tenant: (${perTenant.join(', ')}).`,
          fix,
        });
      }
    }
  },
};

export default rule;
