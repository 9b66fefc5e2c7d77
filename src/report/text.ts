// Small formatting helpers shared by the renderers: evidence text, category titles, fix summaries.
import { originText, type Origin } from '../catalog/types.js';
import type { FixOp } from '../fixes/operations.js';
import type { Category, Finding, Severity } from '../rules/types.js';

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  keys: 'Keys',
  relations: 'Relations',
  types: 'Data types',
  constraints: 'Constraints',
  indexes: 'Indexes',
  tenancy: 'Tenancy',
  security: 'Security',
  privacy: 'Privacy',
  audit: 'Audit',
  'soft-delete': 'Soft delete',
  migrations: 'Migrations',
  orm: 'ORM and application',
  scale: 'Scale',
  design: 'Design',
};

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** `file:line`, or the live catalog object. */
export function evidence(origin: Origin): string {
  return originText(origin);
}

/** Findings worst first, then by table, rule and columns: the same order in every renderer. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.table ?? '').localeCompare(b.table ?? '') ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.columns.join(',').localeCompare(b.columns.join(',')) ||
      a.key.localeCompare(b.key),
  );
}

/** What a finding is about: `table(col, col)`, `table`, the object, or `schema-wide`. */
export function subject(f: Finding): string {
  const cols = f.columns.length ? `(${f.columns.join(', ')})` : '';
  if (f.table) return `${f.table}${cols}${f.object ? ` ${f.object}` : ''}`;
  if (f.object) return f.object;
  return cols ? cols : 'schema-wide';
}

function ref(schema: string, table: string): string {
  return schema ? `${schema}.${table}` : table;
}

function list(cols: string[]): string {
  return `(${cols.join(', ')})`;
}

/** One line per fix operation, in words a reviewer reads (the SQL comes from the fix writers). */
export function describeFix(op: FixOp): string {
  switch (op.op) {
    case 'add-index':
      return `add ${op.unique ? 'unique ' : ''}index on ${ref(op.schema, op.table)} ${list(op.columns)}${op.predicate ? ` where ${op.predicate}` : ''}`;
    case 'drop-index':
      return `drop index ${op.name} on ${ref(op.schema, op.table)}`;
    case 'add-foreign-key':
      return `add foreign key ${ref(op.schema, op.table)} ${list(op.columns)} → ${ref(op.refSchema, op.refTable)} ${list(op.refColumns)}${op.onDelete ? ` on delete ${op.onDelete}` : ''}`;
    case 'set-on-delete':
      return `change ${op.constraint} on ${ref(op.schema, op.table)} from on delete ${op.from} to on delete ${op.to}`;
    case 'set-not-null':
      return `set ${ref(op.schema, op.table)}.${op.column} not null`;
    case 'drop-default':
      return `drop default ${op.previous} of ${ref(op.schema, op.table)}.${op.column}`;
    case 'add-check':
      return `add check ${op.name} (${op.expression}) on ${ref(op.schema, op.table)}`;
    case 'add-primary-key':
      return `add primary key ${list(op.columns)} on ${ref(op.schema, op.table)}`;
    case 'add-unique':
      return `add unique ${list(op.columns)} on ${ref(op.schema, op.table)}${op.predicate ? ` where ${op.predicate}` : ''}`;
    case 'replace-unique':
      return `replace unique ${op.constraint} ${list(op.oldColumns)} with ${list(op.columns)}${op.predicate ? ` where ${op.predicate}` : ''} on ${ref(op.schema, op.table)}`;
    case 'alter-type':
      return `change type of ${ref(op.schema, op.table)}.${op.column} from ${op.from} to ${op.to}`;
    case 'add-column':
      return `add column ${op.column} ${op.type}${op.nullable ? '' : ' not null'}${op.default !== undefined ? ` default ${op.default}` : ''} to ${ref(op.schema, op.table)}`;
    case 'enable-rls': {
      const what = op.alreadyEnabled ? (op.force ? 'force' : 'keep') : op.force ? 'enable and force' : 'enable';
      return `${what} row-level security on ${ref(op.schema, op.table)}`;
    }
    case 'set-function-search-path':
      return `fix search_path of function ${ref(op.schema, op.name)}(${op.args})`;
  }
}

export function describeFixes(ops: FixOp[] | undefined): string {
  return (ops ?? []).map(describeFix).join('; ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The tool's own version, read from package.json (two folders up from both src/report and dist/report). */
export { toolVersion } from './version.js';
