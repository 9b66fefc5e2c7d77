// Builds the catalog from what PostgreSQL itself knows (pg_catalog), over any transport.
import type {
  CheckConstraint,
  Column,
  EnumType,
  FkAction,
  FunctionInfo,
  Index,
  LoadWarning,
  Origin,
  Policy,
  SequenceInfo,
  Table,
  TableKind,
  TypeFamily,
} from '../../catalog/types.js';
import * as Q from './queries.js';
import type { OriginMap } from './origins.js';

/** A way to run a query: the embedded engine or a live connection. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface Introspection {
  schemas: string[];
  tables: Table[];
  functions: FunctionInfo[];
  enums: EnumType[];
  sequences: SequenceInfo[];
  warnings: LoadWarning[];
  hasLiveStats: boolean;
}

export interface IntrospectOptions {
  schemas?: string[];
  /** Schemas left out (a platform's own). */
  excludeSchemas?: string[];
  /** Read live statistics (row estimates, sizes, index scans, sequence values). */
  liveStats: boolean;
  /** For DDL sources: where each object was declared. Absent for live catalogs. */
  origins?: OriginMap;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rows come back untyped from the driver */

const KIND: Record<string, TableKind> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' };
const ACTION: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const POLICY_CMD: Record<string, Policy['command']> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/** Drivers return text[] either as arrays or, for some types, as a `{a,b}` literal. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === 'string' && value.startsWith('{')) {
    const inner = value.slice(1, -1);
    return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
  }
  return [];
}

export function typeFamily(baseType: string, kind: string, category: string): TypeFamily {
  if (category === 'A') return 'array';
  if (kind === 'e') return 'enum';
  switch (baseType) {
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'numeric':
      return 'numeric';
    case 'float4':
    case 'float8':
      return 'float';
    case 'money':
      return 'money';
    case 'bool':
      return 'boolean';
    case 'uuid':
      return 'uuid';
    case 'text':
    case 'citext':
    case 'name':
      return 'text';
    case 'varchar':
      return 'varchar';
    case 'bpchar':
    case 'char':
      return 'char';
    case 'date':
      return 'date';
    case 'time':
    case 'timetz':
      return 'time';
    case 'timestamp':
      return 'timestamp';
    case 'timestamptz':
      return 'timestamptz';
    case 'interval':
      return 'interval';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'bytea':
      return 'bytea';
    case 'inet':
    case 'cidr':
      return 'inet';
    default:
      return 'other';
  }
}

function lengthOf(family: TypeFamily, typmod: number): Pick<Column, 'length' | 'precision' | 'scale'> {
  if (typmod < 0) return {};
  if (family === 'varchar' || family === 'char') return { length: typmod - 4 };
  if (family === 'numeric') {
    const t = typmod - 4;
    return { precision: (t >> 16) & 0xffff, scale: t & 0xffff };
  }
  return {};
}

export async function introspect(db: Queryable, opts: IntrospectOptions): Promise<Introspection> {
  const params = [opts.schemas ?? [], opts.excludeSchemas ?? []];
  const origins = opts.origins;
  const warnings: LoadWarning[] = [];
  const origin = (key: string, object: string, fallback?: Origin): Origin => origins?.get(key) ?? fallback ?? { object };

  // One query at a time: a connection runs them in turn anyway, and pg warns about queued queries.
  const run = (sql: string) => db.query<any>(sql, params);
  const schemaRows = await run(Q.SCHEMAS);
  const tableRows = await run(Q.TABLES);
  const columnRows = await run(Q.COLUMNS);
  const constraintRows = await run(Q.CONSTRAINTS);
  const indexRows = await run(Q.INDEXES);
  const policyRows = await run(Q.POLICIES);
  const triggerRows = await run(Q.TRIGGERS);
  const functionRows = await run(Q.FUNCTIONS);
  const enumRows = await run(Q.ENUMS);
  const sequenceRows = await run(Q.SEQUENCES);
  const viewUseRows = await run(Q.VIEW_USES);
  const ruleRows = await run(Q.RULES);

  const byOid = new Map<string, Table>();
  const tables: Table[] = [];
  for (const r of tableRows) {
    const qname = `${r.schema}.${r.name}`;
    const table: Table = {
      schema: r.schema,
      name: r.name,
      kind: KIND[r.kind] ?? 'table',
      columns: [],
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
      rls: { enabled: !!r.rls_enabled, forced: !!r.rls_forced },
      policies: [],
      triggers: [],
      origin: origin(`table:${qname}`, `${KIND[r.kind] ?? 'table'} ${qname}`),
      ...(r.partition_of ? { partitionOf: r.partition_of } : {}),
      ...(r.comment ? { comment: r.comment } : {}),
      ...(r.view_definition ? { view: { definition: r.view_definition, uses: [], ...(r.reloptions ? { options: textArray(r.reloptions) } : {}) } } : {}),
      ...(r.partition_key ? { partitionKey: textArray(r.partition_key) } : {}),
      ...(r.inherits && textArray(r.inherits).length ? { inherits: textArray(r.inherits) } : {}),
    };
    if (table.rls.enabled || table.rls.forced) {
      const rlsOrigin = origins?.get(`rls:${qname}`);
      table.rls.origin = rlsOrigin ?? (origins ? table.origin : { object: `table ${qname} (row security)` });
    }
    byOid.set(String(r.oid), table);
    tables.push(table);
  }

  for (const r of ruleRows) {
    const table = byOid.get(String(r.table_oid));
    if (table) (table.rules ??= []).push({ name: r.name, definition: r.definition, uses: textArray(r.uses) });
  }

  for (const r of viewUseRows) {
    const view = byOid.get(String(r.view_oid))?.view;
    if (view) view.uses.push(`${r.schema}.${r.table}.${r.column}`);
  }

  for (const r of columnRows) {
    const table = byOid.get(String(r.table_oid));
    if (!table) continue;
    const qname = `${table.schema}.${table.name}`;
    const family = typeFamily(r.base_type, r.type_kind, r.type_category);
    const def: string | undefined = r.default_expr ?? undefined;
    const identity = r.identity === 'a' ? 'always' : r.identity === 'd' ? 'by default' : undefined;
    table.columns.push({
      name: r.name,
      dataType: r.data_type,
      family,
      ...lengthOf(family, Number(r.typmod)),
      nullable: !r.not_null,
      ...(def !== undefined && r.generated !== 's' ? { default: def } : {}),
      ...(identity ? { identity } : {}),
      autoIncrement: !!identity || (def?.startsWith('nextval(') ?? false),
      ...(r.generated === 's' ? { generated: def ?? '' } : {}),
      ...(r.enum_values ? { enumValues: textArray(r.enum_values) } : {}),
      ...(r.comment ? { comment: r.comment } : {}),
      ...(r.inherited && !table.partitionOf ? { inherited: true } : {}),
      origin: origin(`column:${qname}.${r.name}`, `column ${qname}.${r.name}`, origins ? table.origin : undefined),
    });
  }

  for (const r of constraintRows) {
    const table = byOid.get(String(r.table_oid));
    if (!table) continue;
    const qname = `${table.schema}.${table.name}`;
    const columns = textArray(r.columns);
    const type: string = r.type;
    const object = `constraint ${qname}.${r.name}`;
    const byName = origins?.get(`con:${qname}.${r.name}`);
    let conOrigin: Origin | undefined = byName ?? origins?.get(`con:${qname}|${type}|${columns.join(',')}`);
    if (!conOrigin && origins && type === 'c') conOrigin = origins.takeUnnamedCheck(qname);
    if (!conOrigin && origins) conOrigin = columns.length ? table.columns.find((c) => c.name === columns[0])?.origin ?? table.origin : table.origin;
    const o = conOrigin ?? { object };
    if (type === 'p') table.primaryKey = { name: r.name, columns, origin: o };
    else if (type === 'u')
      table.uniques.push({ name: r.name, columns, nullsNotDistinct: String(r.definition).includes('NULLS NOT DISTINCT'), origin: o });
    else if (type === 'c') {
      const check: CheckConstraint = { name: r.name, expression: r.check_expr ?? '', columns, validated: !!r.validated, origin: o };
      table.checks.push(check);
    } else if (type === 'f') {
      const declared = origins?.foreignKeyState(`con:${qname}.${r.name}`, `con:${qname}|f|${columns.join(',')}`);
      table.foreignKeys.push({
        name: r.name,
        columns,
        refSchema: r.ref_schema,
        refTable: r.ref_table,
        refColumns: textArray(r.ref_columns),
        onDelete: ACTION[r.on_delete] ?? 'no action',
        onUpdate: ACTION[r.on_update] ?? 'no action',
        deferrable: !!r.deferrable,
        validated: declared ? declared.validated : !!r.validated,
        ...(declared && !declared.enforced ? { enforced: false } : {}),
        origin: o,
      });
    }
  }

  for (const r of indexRows) {
    const table = byOid.get(String(r.table_oid));
    if (!table) continue;
    const columns = textArray(r.columns).map((c) => (c === 'NULL' ? null : c));
    const keyParts = textArray(r.key_parts);
    const qname = `${table.schema}.${table.name}`;
    let ixOrigin: Origin | undefined;
    if (r.constraint_name) {
      const cons = [table.primaryKey, ...table.uniques].find((c) => c?.name === r.constraint_name);
      ixOrigin = cons?.origin ?? origins?.get(`con:${qname}.${r.constraint_name}`);
    }
    ixOrigin ??= origins?.get(`index:${r.schema}.${r.name}`) ?? origins?.get(`index:${qname}|${columns.map((c) => c ?? '?').join(',')}`);
    if (!ixOrigin && origins) ixOrigin = table.origin;
    const index: Index = {
      name: r.name,
      columns,
      keyParts,
      includeColumns: textArray(r.include_columns),
      unique: !!r.is_unique,
      primary: !!r.is_primary,
      method: r.method,
      ...(r.predicate ? { predicate: r.predicate } : {}),
      ...(r.constraint_name ? { constraint: r.constraint_name } : {}),
      definition: r.definition,
      origin: ixOrigin ?? { object: `index ${r.schema}.${r.name}` },
    };
    table.indexes.push(index);
  }

  for (const r of policyRows) {
    const table = byOid.get(String(r.table_oid));
    if (!table) continue;
    const qname = `${table.schema}.${table.name}`;
    table.policies.push({
      name: r.name,
      command: POLICY_CMD[r.cmd] ?? 'ALL',
      permissive: !!r.permissive,
      roles: textArray(r.roles),
      ...(r.using_expr ? { using: r.using_expr } : {}),
      ...(r.check_expr ? { withCheck: r.check_expr } : {}),
      origin: origin(`policy:${qname}.${r.name}`, `policy ${r.name} on ${qname}`, origins ? table.origin : undefined),
    });
  }

  for (const r of triggerRows) {
    const table = byOid.get(String(r.table_oid));
    if (!table) continue;
    const qname = `${table.schema}.${table.name}`;
    table.triggers.push({
      name: r.name,
      definition: r.definition,
      functionName: r.function_name,
      origin: origin(`trigger:${qname}.${r.name}`, `trigger ${r.name} on ${qname}`, origins ? table.origin : undefined),
    });
  }

  const functions: FunctionInfo[] = functionRows.map((r) => ({
    schema: r.schema,
    name: r.name,
    args: r.args,
    language: r.language,
    securityDefiner: !!r.security_definer,
    config: textArray(r.config),
    ...(r.definition ? { definition: r.definition } : {}),
    origin: origin(`function:${r.schema}.${r.name}`, `function ${r.schema}.${r.name}(${r.args})`),
  }));
  const enums: EnumType[] = enumRows.map((r) => ({
    schema: r.schema,
    name: r.name,
    values: textArray(r.values),
    origin: origin(`type:${r.schema}.${r.name}`, `type ${r.schema}.${r.name}`),
  }));
  const sequences: SequenceInfo[] = sequenceRows.map((r) => {
    const owned = r.owned_by as string | undefined;
    const ownerTable = owned ? owned.split('.').slice(0, 2).join('.') : undefined;
    const ownerOrigin = owned && origins ? origins.get(`column:${owned}`) ?? origins.get(`table:${ownerTable}`) : undefined;
    return {
      schema: r.schema,
      name: r.name,
      dataType: r.data_type,
      maxValue: Number(r.max_value),
      ...(owned ? { ownedBy: owned } : {}),
      origin: origins?.get(`seq:${r.schema}.${r.name}`) ?? ownerOrigin ?? { object: `sequence ${r.schema}.${r.name}` },
    };
  });

  let hasLiveStats = false;
  if (opts.liveStats) hasLiveStats = await readLiveStats(db, params, byOid, tables, sequences, warnings);

  return { schemas: schemaRows.map((r) => r.name), tables, functions, enums, sequences, warnings, hasLiveStats };
}

async function readLiveStats(
  db: Queryable,
  params: unknown[],
  byOid: Map<string, Table>,
  tables: Table[],
  sequences: SequenceInfo[],
  warnings: LoadWarning[],
): Promise<boolean> {
  try {
    const tableStats = await db.query<any>(Q.TABLE_STATS, params);
    const indexStats = await db.query<any>(Q.INDEX_STATS, params);
    for (const r of tableStats) {
      const table = byOid.get(String(r.oid));
      if (!table) continue;
      const estimate = r.live_tuples ?? (r.analyzed ? r.reltuples : undefined);
      table.stats = {
        ...(estimate !== undefined && estimate !== null ? { rowEstimate: Number(estimate) } : {}),
        totalBytes: Number(r.total_bytes),
        tableBytes: Number(r.table_bytes),
        indexBytes: Number(r.index_bytes),
      };
    }
    const bySchemaName = new Map<string, Index>();
    for (const t of tables) for (const ix of t.indexes) bySchemaName.set(`${t.schema}.${ix.name}`, ix);
    for (const r of indexStats) {
      const ix = bySchemaName.get(`${r.schema}.${r.name}`);
      if (ix) ix.stats = { scans: Number(r.scans), sizeBytes: Number(r.size_bytes) };
    }
  } catch (err) {
    warnings.push({ code: 'stats-unreadable', note: true, message: `live statistics could not be read: ${(err as Error).message}` });
    return false;
  }
  try {
    const values = await db.query<any>(Q.SEQUENCE_VALUES, params);
    const byName = new Map(sequences.map((s) => [`${s.schema}.${s.name}`, s]));
    let hidden = 0;
    for (const r of values) {
      const seq = byName.get(`${r.schema}.${r.name}`);
      if (!seq) continue;
      if (!r.readable) hidden++;
      else if (r.last_value !== null && r.last_value !== undefined) seq.lastValue = Number(r.last_value);
    }
    if (hidden > 0)
      warnings.push({
        code: 'stats-unreadable',
        note: true,
        message: `${hidden} sequence value(s) are not visible to this role (no USAGE or SELECT privilege): key headroom is unknown for them`,
      });
  } catch (err) {
    warnings.push({ code: 'stats-unreadable', note: true, message: `sequence values could not be read: ${(err as Error).message}` });
  }
  return true;
}
