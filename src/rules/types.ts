import type { Catalog, Column, Origin, Table } from '../catalog/types.js';
import type { CatalogIndex } from '../catalog/lookup.js';
import type { ResolvedConfig } from '../config.js';
import type { FixOp } from '../fixes/operations.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  'keys',
  'relations',
  'types',
  'constraints',
  'indexes',
  'tenancy',
  'security',
  'privacy',
  'audit',
  'soft-delete',
  'migrations',
  'orm',
  'scale',
  'design',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a rule needs from the catalog beyond the schema itself; the engine skips it (and says so) otherwise. */
export type RuleRequirement = 'live-stats';

export interface RuleMeta {
  /** `category/name`, e.g. `tenancy/nullable-tenant-key`. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line: what the rule reports. */
  summary: string;
  /** Why it matters, in a sentence or two. */
  why: string;
  requires?: RuleRequirement[];
  /** Dialects the rule applies to; all when absent. */
  dialects?: Catalog['source']['dialect'][];
}

export interface FindingInput {
  table?: Table;
  columns?: string[];
  /** Name of the object the finding is about when it is not the table itself (index, constraint, function…). */
  object?: string;
  message: string;
  /** Evidence. Defaults to the first column's origin, else the table's. */
  origin?: Origin;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  fix?: FixOp[];
}

export interface RuleContext {
  catalog: Catalog;
  index: CatalogIndex;
  config: ResolvedConfig;
  /** Options for this rule from the config (thresholds etc.), merged over the rule's defaults. */
  options: Record<string, unknown>;
  report(finding: FindingInput): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Default options; users override them in the config under `rules.<id>.options`. */
  defaultOptions?: Record<string, unknown>;
  check(ctx: RuleContext): void;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Schema-qualified table name where the source has schemas; absent for schema-wide findings. */
  table?: string;
  columns: string[];
  object?: string;
  message: string;
  origin: Origin;
  /** Stable identity for baselines: rule, table, columns and object, never a line number. */
  key: string;
  fix?: FixOp[];
}

export function columnOrigin(table: Table, column: string | undefined): Origin {
  const col: Column | undefined = column ? table.columns.find((c) => c.name === column) : undefined;
  return col ? col.origin : table.origin;
}
