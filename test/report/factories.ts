// Small factories for plain catalogs and findings, so the scoring and report tests need no database.
import type { Catalog, Column, ForeignKey, Index, Table } from '../../src/catalog/types.js';
import { findingKey } from '../../src/rules/engine.js';
import type { Category, Finding, RuleMeta, Severity } from '../../src/rules/types.js';
import type { Review } from '../../src/review.js';
import { REPORT_VERSION } from '../../src/review.js';
import { computeScores } from '../../src/scoring/score.js';

let line = 1;

export function col(name: string, dataType = 'bigint', over: Partial<Column> = {}): Column {
  return {
    name,
    dataType,
    family: dataType === 'bigint' ? 'bigint' : dataType.startsWith('character varying') ? 'varchar' : dataType === 'text' ? 'text' : 'other',
    nullable: false,
    autoIncrement: false,
    origin: { file: 'schema.sql', line: line++ },
    ...over,
  };
}

export function fk(columns: string[], refTable: string, over: Partial<ForeignKey> = {}): ForeignKey {
  return {
    name: `${refTable}_${columns.join('_')}_fkey`,
    columns,
    refSchema: 'public',
    refTable,
    refColumns: ['id'],
    onDelete: 'no action',
    onUpdate: 'no action',
    deferrable: false,
    validated: true,
    origin: { file: 'schema.sql', line: line++ },
    ...over,
  };
}

export function index(name: string, columns: (string | null)[], over: Partial<Index> = {}): Index {
  return {
    name,
    columns,
    keyParts: columns.map((c) => c ?? 'lower(email)'),
    includeColumns: [],
    unique: false,
    primary: false,
    method: 'btree',
    definition: `CREATE INDEX ${name} ...`,
    origin: { file: 'schema.sql', line: line++ },
    ...over,
  };
}

export function table(name: string, columns: Column[], over: Partial<Table> = {}): Table {
  const hasId = columns.some((c) => c.name === 'id');
  return {
    schema: 'public',
    name,
    kind: 'table',
    columns,
    ...(hasId ? { primaryKey: { name: `${name}_pkey`, columns: ['id'], origin: { file: 'schema.sql', line: line++ } } } : {}),
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: hasId ? [index(`${name}_pkey`, ['id'], { unique: true, primary: true, constraint: `${name}_pkey` })] : [],
    rls: { enabled: false, forced: false },
    policies: [],
    triggers: [],
    origin: { file: 'schema.sql', line: line++ },
    ...over,
  };
}

export function catalog(tables: Table[], over: Partial<Catalog> = {}): Catalog {
  return {
    source: { kind: 'ddl-file', location: 'schema.sql', dialect: 'postgres', files: ['schema.sql'], statements: tables.length },
    schemas: [...new Set(tables.map((t) => t.schema))],
    tables,
    functions: [],
    enums: [],
    sequences: [],
    hasLiveStats: false,
    warnings: [],
    ...over,
  };
}

export function rule(id: string, severity: Severity = 'medium'): RuleMeta {
  const category = id.split('/')[0] as Category;
  return { id, category, severity, summary: `Summary of ${id}.`, why: `Why ${id} matters.` };
}

export function finding(ruleId: string, severity: Severity, tableName: string | undefined, columns: string[] = [], over: Partial<Finding> = {}): Finding {
  const category = ruleId.split('/')[0] as Category;
  const t = tableName ? (tableName.includes('.') ? tableName : `public.${tableName}`) : undefined;
  return {
    ruleId,
    category,
    severity,
    ...(t ? { table: t } : {}),
    columns,
    message: `${ruleId} on ${t ?? 'schema'}${columns.length ? ` (${columns.join(', ')})` : ''}`,
    origin: { file: 'schema.sql', line: 10 + columns.length },
    key: findingKey(ruleId, t, columns, over.object),
    ...over,
  };
}

/** A Review as buildReview makes it, but from given findings instead of running rules. */
export function review(cat: Catalog, findings: Finding[], rulesRun: RuleMeta[], over: Partial<Review> = {}): Review {
  const incomplete = over.incomplete ?? cat.warnings.some((w) => !w.note);
  return {
    version: REPORT_VERSION,
    generatedAt: '2025-01-02T03:04:05.000Z',
    catalog: cat,
    findings,
    rulesRun,
    skipped: [],
    ignored: [],
    warnings: cat.warnings.filter((w) => !w.note),
    notes: cat.warnings.filter((w) => w.note),
    incomplete,
    scores: computeScores(cat, findings, rulesRun, incomplete),
    ...over,
  } as Review;
}

/** A small shop schema: organizations ← customers ← orders → order_items. */
export function shop(): Catalog {
  const organizations = table('organizations', [col('id'), col('name', 'text')]);
  const customers = table('customers', [col('id'), col('organization_id', 'bigint', { nullable: true }), col('email', 'character varying(255)')], {
    foreignKeys: [fk(['organization_id'], 'organizations', { onDelete: 'cascade' })],
  });
  const orders = table('orders', [col('id'), col('customer_id'), col('note', 'text', { nullable: true })], {
    foreignKeys: [fk(['customer_id'], 'customers', { onDelete: 'restrict' })],
    indexes: [],
  });
  orders.indexes = [index('orders_pkey', ['id'], { unique: true, primary: true }), index('orders_note_partial', ['note'], { predicate: 'note IS NOT NULL' })];
  const items = table('order_items', [col('order_id'), col('line_no', 'integer'), col('sku', 'text')], {
    primaryKey: { name: 'order_items_pkey', columns: ['order_id', 'line_no'], origin: { file: 'schema.sql', line: 40 } },
    foreignKeys: [fk(['order_id'], 'orders', { onDelete: 'cascade' })],
    indexes: [index('order_items_pkey', ['order_id', 'line_no'], { unique: true, primary: true }), index('order_items_lower_sku', [null])],
  });
  return catalog([organizations, customers, orders, items]);
}
