// Lookups over a catalog that many rules share: tables by name, what an index covers, and the
// tenancy model (which table is the tenant root, which column carries the tenant on each table).
import type { Catalog, Column, FkAction, ForeignKey, Index, Origin, Table } from './types.js';
import { qualifiedName } from './types.js';
import type { ResolvedConfig } from '../config.js';

export interface TenancyModel {
  /** The tenant root table (organizations, tenants, companies…), when one was found. */
  root?: Table;
  /** How the root was chosen, for the report. */
  rootReason?: string;
  /** Tenant key column per qualified table name (absent: the table carries no tenant key). */
  keyOf: Map<string, Column>;
  /** Every tenant-key-like column per table (more than one is a defect). */
  keysOf: Map<string, Column[]>;
}

export interface CatalogIndex {
  tables: Table[];
  byQualifiedName: Map<string, Table>;
  /** Tables by bare name; several when different schemas hold the same name. */
  byName: Map<string, Table[]>;
  table(schema: string, name: string): Table | undefined;
  /** Resolves `schema.name` or a bare name (unique across schemas) to a table. */
  find(name: string): Table | undefined;
  column(table: Table, name: string): Column | undefined;
  /** Tables whose foreign keys reference the given table. */
  referencedBy(table: Table): { table: Table; fk: Table['foreignKeys'][number] }[];
  tenancy: TenancyModel;
  isGlobal(table: Table): boolean;
}

/** Base tables that rules about data apply to: not views, and not partitions (their parent speaks for them). */
export function isDataTable(table: Table): boolean {
  return (table.kind === 'table' || table.kind === 'partitioned table') && !table.partitionOf;
}

export function buildIndex(catalog: Catalog, config: ResolvedConfig): CatalogIndex {
  const byQualifiedName = new Map<string, Table>();
  const byName = new Map<string, Table[]>();
  for (const t of catalog.tables) {
    byQualifiedName.set(qualifiedName(t), t);
    const list = byName.get(t.name) ?? [];
    list.push(t);
    byName.set(t.name, list);
  }
  const referenced = new Map<string, { table: Table; fk: Table['foreignKeys'][number] }[]>();
  for (const t of catalog.tables) {
    for (const fk of t.foreignKeys) {
      const key = fk.refSchema ? `${fk.refSchema}.${fk.refTable}` : fk.refTable;
      const list = referenced.get(key) ?? [];
      list.push({ table: t, fk });
      referenced.set(key, list);
    }
  }
  const columnMaps = new Map<Table, Map<string, Column>>();
  const column = (table: Table, name: string) => {
    let map = columnMaps.get(table);
    if (!map) {
      map = new Map(table.columns.map((c) => [c.name, c]));
      columnMaps.set(table, map);
    }
    return map.get(name);
  };
  const find = (name: string) => {
    const exact = byQualifiedName.get(name);
    if (exact) return exact;
    const bare = byName.get(name);
    return bare && bare.length === 1 ? bare[0] : undefined;
  };
  const globals = new Set(config.globalTables);
  const isGlobal = (t: Table) => globals.has(t.name) || globals.has(qualifiedName(t));
  const index: CatalogIndex = {
    tables: catalog.tables,
    byQualifiedName,
    byName,
    table: (schema, name) => byQualifiedName.get(schema ? `${schema}.${name}` : name),
    find,
    column,
    referencedBy: (t) => referenced.get(qualifiedName(t)) ?? [],
    tenancy: { keyOf: new Map(), keysOf: new Map() },
    isGlobal,
  };
  index.tenancy = inferTenancy(catalog, config, index);
  return index;
}

/** Candidate table names for the table a `<stem>_id` column points at: `company` → companies, company. */
export function tableNamesForStem(stem: string): string[] {
  const names = [stem];
  if (stem.endsWith('y') && !/[aeiou]y$/.test(stem)) names.push(`${stem.slice(0, -1)}ies`);
  else if (/(s|x|z|ch|sh)$/.test(stem)) names.push(`${stem}es`);
  else names.push(`${stem}s`);
  return names;
}

/** `organizationId` → `organization_id`, so ORMs that name columns in camelCase (Prisma) match the tenant keys. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Matches column names against the configured tenant keys, as written or in snake_case (`organizationId`). */
function tenantKeyMatcher(configured: string[]) {
  const position = (name: string) => {
    const i = configured.indexOf(name);
    return i >= 0 ? i : configured.indexOf(snakeCase(name));
  };
  return {
    includes: (name: string) => position(name) >= 0,
    indexOf: position,
    length: configured.length,
  };
}

function inferTenancy(catalog: Catalog, config: ResolvedConfig, index: CatalogIndex): TenancyModel {
  const tables = catalog.tables.filter(isDataTable);
  const keyNames = tenantKeyMatcher(config.tenantKeys);
  let root: Table | undefined;
  let rootReason: string | undefined;

  if (config.tenantRoot) {
    root = index.find(config.tenantRoot);
    if (root) rootReason = `configured as tenantRoot`;
  }
  if (!root) {
    // Count, per referenced table, how many foreign keys from a tenant-key-named column point at it.
    const votes = new Map<Table, number>();
    for (const t of tables) {
      for (const fk of t.foreignKeys) {
        if (fk.columns.length !== 1 || !keyNames.includes(fk.columns[0])) continue;
        const target = index.table(fk.refSchema, fk.refTable);
        if (target && target !== t) votes.set(target, (votes.get(target) ?? 0) + 1);
      }
    }
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
    if (best) {
      root = best[0];
      rootReason = `${best[1]} foreign keys from tenant-key columns reference it`;
    }
  }
  if (!root) {
    // No foreign keys to go by: the most frequent tenant-key column names its root by convention.
    const counts = new Map<string, number>();
    for (const t of tables) for (const c of t.columns) if (keyNames.includes(c.name)) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (top) {
      const stem = snakeCase(top[0]).replace(/_id$/, '');
      for (const candidate of tableNamesForStem(stem)) {
        const found = index.byName.get(candidate)?.[0];
        if (found) {
          root = found;
          rootReason = `named after the most common tenant key \`${top[0]}\` (${top[1]} tables)`;
          break;
        }
      }
    }
  }

  // Tables whose rows each belong to one tenant on their own: a tenant-key-named column that references the
  // root or nothing, or a foreign key to the root.
  const refsRoot = (t: Table, col?: string) =>
    !!root && t.foreignKeys.some((fk) => fk.columns.length === 1 && (!col || fk.columns[0] === col) && fk.refTable === root!.name && fk.refSchema === root!.schema);
  const singleFks = (t: Table, col: string) => t.foreignKeys.filter((fk) => fk.columns.length === 1 && fk.columns[0] === col);
  const scoped = new Set(
    root
      ? tables.filter(
          (t) =>
            t !== root &&
            (refsRoot(t) || t.columns.some((c) => keyNames.includes(c.name) && singleFks(t, c.name).every((fk) => refsRoot(t, fk.columns[0])))),
        )
      : [],
  );
  /**
   * A tenant-key-named column that points at a row of a tenant-scoped table other than the root (contacts.company_id
   * → companies, where companies carry organization_id) is an ordinary reference, not a tenant key; so is one that
   * declares no foreign key but whose name (`company_id` → companies) names such a table.
   */
  const referencesScopedRow = (t: Table, col: string) => {
    if (!root) return false;
    const fks = singleFks(t, col);
    if (fks.length) return fks.some((fk) => {
      const target = index.table(fk.refSchema, fk.refTable);
      return !!target && target !== t && target !== root && scoped.has(target);
    });
    if (t.foreignKeys.some((fk) => fk.columns.includes(col))) return false;
    const stem = col.replace(/_id$/, '');
    return tableNamesForStem(stem).some((n) => (index.byName.get(n) ?? []).some((target) => target !== t && target !== root && scoped.has(target)));
  };

  const keyOf = new Map<string, Column>();
  const keysOf = new Map<string, Column[]>();
  for (const t of tables) {
    if (t === root) continue;
    const named = t.columns.filter((c) => keyNames.includes(c.name) && !referencesScopedRow(t, c.name));
    // A column with a single-column FK to the root's key carries the tenant even under another name.
    const inferred = root
      ? t.foreignKeys
          .filter((fk) => fk.columns.length === 1 && fk.refTable === root!.name && fk.refSchema === root!.schema)
          .map((fk) => index.column(t, fk.columns[0]))
          .filter((c): c is Column => !!c && !named.includes(c) && /(^|_)(tenant|org|organi[sz]ation|company|account|workspace|business|team)_id$/.test(c.name))
      : [];
    const all = [...named, ...inferred];
    if (all.length === 0) continue;
    keysOf.set(qualifiedName(t), all);
    // Preference: the column that references the root, else the first configured name present.
    const referencingRoot = root
      ? all.find((c) => t.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === c.name && fk.refTable === root!.name))
      : undefined;
    const byPreference = [...all].sort((a, b) => rank(a.name) - rank(b.name))[0];
    keyOf.set(qualifiedName(t), referencingRoot ?? byPreference);
  }
  function rank(name: string) {
    const i = keyNames.indexOf(name);
    return i < 0 ? keyNames.length : i;
  }
  return { root, rootReason, keyOf, keysOf };
}

/**
 * Whether an index's leading key columns are exactly the given columns in some order, so the planner
 * can use it to find rows by those columns (what a foreign key needs on DELETE of the parent).
 */
export function indexLeadsWith(indexColumns: (string | null)[], columns: string[]): boolean {
  if (indexColumns.length < columns.length) return false;
  const lead = new Set(indexColumns.slice(0, columns.length));
  return columns.every((c) => lead.has(c));
}

/** The first index, primary key or unique constraint whose leading columns cover `columns`, if any. */
export function coveringIndex(table: Table, columns: string[]): Index | undefined {
  return table.indexes.find((ix) => !ix.predicate && ix.method === 'btree' && indexLeadsWith(ix.columns, columns))
    ?? table.indexes.find((ix) => !ix.predicate && indexLeadsWith(ix.columns, columns));
}

const APP_ACTIONS: Record<string, FkAction> = {
  cascade: 'cascade',
  set_null: 'set null',
  'set null': 'set null',
  setnull: 'set null',
  set_default: 'set default',
  protect: 'restrict',
  restrict: 'restrict',
  do_nothing: 'no action',
  'no action': 'no action',
  noaction: 'no action',
};

/**
 * The ON DELETE that really happens to a foreign key: the database's, unless the application enforces
 * it (Django's on_delete), in which case the model's relationship says, with the line that says it.
 */
export function effectiveOnDelete(catalog: Catalog, table: Table, fk: ForeignKey): { action: FkAction; byApplication: boolean; origin: Origin } {
  if (catalog.enforcement?.onDeleteEnforcedBy === 'application') {
    const qname = qualifiedName(table);
    for (const model of catalog.app?.models ?? []) {
      if (model.table !== qname && model.table !== table.name) continue;
      const rel = model.relationships.find((r) => r.columns && r.columns.join(',') === fk.columns.join(',') && r.onDelete);
      const action = rel?.onDelete ? APP_ACTIONS[rel.onDelete.toLowerCase()] : undefined;
      if (rel && action) return { action, byApplication: true, origin: rel.origin };
    }
  }
  return { action: fk.onDelete, byApplication: false, origin: fk.origin };
}
