// The JSON report: the stable, versioned machine contract (docs/report-format.md). It carries the
// findings, the counts and every input of the scores, never the whole catalog.
import { z } from 'zod';
import type { Origin, LoadWarning, SourceInfo } from '../catalog/types.js';
import type { FixOp } from '../fixes/operations.js';
import { fixSql, type FixSql } from '../fixes/sql.js';
import { buildPlan, type Horizon, type Risk } from '../fixes/plan.js';
import type { Catalog } from '../catalog/types.js';
import { CATEGORIES, SEVERITIES, type Category, type Finding, type Severity } from '../rules/types.js';
import type { Review } from '../review.js';
import type { Scores } from '../scoring/score.js';
import { countCatalog, type CatalogCounts } from './facts.js';
import { sortFindings } from './text.js';
import { toolVersion } from './version.js';

export interface JsonFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Schema-qualified table, or null for schema-wide findings. */
  table: string | null;
  columns: string[];
  /** The index, constraint, function… the finding is about, when it is not the table itself. */
  object: string | null;
  message: string;
  origin: Origin;
  /** Stable identity for baselines (no line numbers). */
  key: string;
  fix?: FixOp[];
  /** The fix as statements of the source's dialect (docs/fixes.md); present on findings with a fix (PostgreSQL, MySQL/MariaDB, SQLite). */
  fixSql?: FixSql;
}

/** One step of the migration plan (src/fixes/plan.ts), since 1.2. */
export interface JsonPlanStep {
  number: number;
  slug: string;
  horizon: Horizon;
  risk: Risk;
  riskReason: string;
  /** The most severe finding the step fixes. */
  severity: Severity;
  /** Keys of the findings the step fixes. */
  fixes: string[];
  ops: FixOp[];
  /** Numbers of the steps that must apply first. */
  after: number[];
  /** Why the step is there when no finding asked for it. */
  reason?: string;
}

export interface JsonPlan {
  steps: JsonPlanStep[];
  notPlanned: { key: string; reason: string }[];
}

export interface JsonSummary extends CatalogCounts {
  findings: {
    total: number;
    bySeverity: Record<Severity, number>;
    byCategory: Record<Category, number>;
  };
  rulesRun: number;
  skipped: number;
  ignored: number;
  warnings: number;
}

export interface JsonReport {
  version: string;
  generatedAt: string;
  tool: { name: 'schemascope'; version: string };
  source: SourceInfo;
  incomplete: boolean;
  summary: JsonSummary;
  scores: Scores;
  rulesRun: { id: string; category: Category; severity: Severity }[];
  findings: JsonFinding[];
  skipped: { ruleId: string; reason: string }[];
  warnings: LoadWarning[];
  /** Limits of the source that lose no part of the schema (not counted as incomplete). */
  notes: LoadWarning[];
  /** Facts from the application code (ORM sources): guards, raw SQL, scopes bypassed… */
  appNotes?: { kind: string; message: string; origin: Origin }[];
  ignored: { finding: JsonFinding; reason: string }[];
  /** The migration plan: the fixes as ordered steps (since 1.2). */
  plan: JsonPlan;
}

/** A finding as the report publishes it; with the catalog of a PostgreSQL source, its fix also as SQL (`fixSql`). */
export function toJsonFinding(f: Finding, catalog?: Catalog): JsonFinding {
  const sql = f.fix && f.fix.length && catalog ? fixSql(f.fix, catalog) : undefined;
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    table: f.table ?? null,
    columns: [...f.columns],
    object: f.object ?? null,
    message: f.message,
    origin: f.origin,
    key: f.key,
    ...(f.fix && f.fix.length ? { fix: f.fix } : {}),
    ...(sql ? { fixSql: sql } : {}),
  };
}

export function buildJsonReport(review: Review): JsonReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const f of review.findings) {
    bySeverity[f.severity]++;
    byCategory[f.category]++;
  }
  return {
    version: review.version,
    generatedAt: review.generatedAt,
    tool: { name: 'schemascope', version: toolVersion() },
    source: review.catalog.source,
    incomplete: review.incomplete,
    summary: {
      ...countCatalog(review.catalog),
      findings: { total: review.findings.length, bySeverity, byCategory },
      rulesRun: review.rulesRun.length,
      skipped: review.skipped.length,
      ignored: review.ignored.length,
      warnings: review.warnings.length,
    },
    scores: review.scores,
    rulesRun: review.rulesRun.map((r) => ({ id: r.id, category: r.category, severity: r.severity })),
    findings: sortFindings(review.findings).map((f) => toJsonFinding(f, review.catalog)),
    skipped: review.skipped.map((s) => ({ ruleId: s.ruleId, reason: s.reason })),
    warnings: review.warnings.map((w) => ({ code: w.code, message: w.message, ...(w.origin ? { origin: w.origin } : {}) })),
    notes: review.notes.map((w) => ({ code: w.code, message: w.message, ...(w.origin ? { origin: w.origin } : {}) })),
    ...(review.catalog.app ? { appNotes: review.catalog.app.notes } : {}),
    ignored: review.ignored.map((i) => ({ finding: toJsonFinding(i.finding, review.catalog), reason: i.reason })),
    plan: jsonPlan(review),
  };
}

function jsonPlan(review: Review): JsonPlan {
  const plan = buildPlan(review.findings, review.catalog);
  return {
    steps: plan.steps.map((s) => ({
      number: s.number,
      slug: s.slug,
      horizon: s.horizon,
      risk: s.risk,
      riskReason: s.riskReason,
      severity: s.severity,
      fixes: s.fixes.map((f) => f.key),
      ops: s.ops,
      after: s.after,
      ...(s.reason ? { reason: s.reason } : {}),
    })),
    notPlanned: plan.notPlanned.map((n) => ({ key: n.finding.key, reason: n.reason })),
  };
}

export function renderJson(review: Review): string {
  return `${JSON.stringify(buildJsonReport(review), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------
// A validator for readers of the report (baselines, CI scripts, tests). It checks the contract's shape;
// unknown extra fields are allowed so that minor versions can add fields without breaking readers.

const severity = z.enum(SEVERITIES);
const category = z.enum(CATEGORIES);
const origin = z.union([z.object({ file: z.string(), line: z.number().int() }), z.object({ object: z.string() })]);
const bySeverity = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().nonnegative()])) as Record<Severity, z.ZodNumber>);
const byCategory = z.object(Object.fromEntries(CATEGORIES.map((c) => [c, z.number().int().nonnegative()])) as Record<Category, z.ZodNumber>);
const count = z.number().int().nonnegative();

const jsonFindingSchema = z.object({
  ruleId: z.string().min(1),
  category,
  severity,
  table: z.string().nullable(),
  columns: z.array(z.string()),
  object: z.string().nullable(),
  message: z.string(),
  origin,
  key: z.string().min(1),
  fix: z.array(z.object({ op: z.string() }).passthrough()).optional(),
  fixSql: z
    .object({ forward: z.array(z.string()), rollback: z.array(z.string()), preflight: z.string().optional(), lockImpact: z.string() })
    .passthrough()
    .optional(),
});

const categoryScoreSchema = z.object({
  category,
  rulesRun: count,
  findings: count,
  bySeverity,
  penalty: z.number().nonnegative(),
  budget: z.number().positive(),
  score: z.number().min(0).max(100),
});

export const jsonReportSchema = z.object({
  version: z.string().regex(/^\d+\.\d+$/),
  generatedAt: z.string().datetime(),
  tool: z.object({ name: z.literal('schemascope'), version: z.string() }),
  source: z.object({ kind: z.string(), location: z.string(), dialect: z.enum(['postgres', 'mysql', 'sqlite']) }).passthrough(),
  incomplete: z.boolean(),
  summary: z
    .object({
      schemas: count,
      tables: count,
      columns: count,
      foreignKeys: count,
      indexes: z.object({ total: count, unique: count, partial: count, expression: count, composite: count }).passthrough(),
      findings: z.object({ total: count, bySeverity, byCategory }),
    })
    .passthrough(),
  scores: z
    .object({
      formula: z.string(),
      weights: bySeverity,
      budgetPerTable: z.number().positive(),
      tableCount: count,
      categories: z.array(categoryScoreSchema),
      notScored: z.array(category),
      overall: z.number().min(0).max(100).nullable(),
      grade: z.enum(['A', 'B', 'C', 'D', 'F']).nullable(),
      verdict: z.enum(['not-ready', 'ready-with-fixes', 'incomplete', 'ready']),
      incomplete: z.boolean(),
      tables: z.array(z.object({ table: z.string(), findings: count, penalty: z.number(), health: z.number() })),
    })
    .passthrough(),
  rulesRun: z.array(z.object({ id: z.string(), category, severity })),
  findings: z.array(jsonFindingSchema),
  skipped: z.array(z.object({ ruleId: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), origin: origin.optional() })),
  notes: z.array(z.object({ code: z.string(), message: z.string(), origin: origin.optional() })).optional(),
  ignored: z.array(z.object({ finding: jsonFindingSchema, reason: z.string() })),
  plan: z
    .object({
      steps: z.array(
        z
          .object({
            number: z.number().int().positive(),
            horizon: z.enum(['immediate', 'short-term', 'long-term']),
            risk: z.enum(['low', 'medium', 'high']),
            fixes: z.array(z.string()),
            ops: z.array(z.object({ op: z.string() }).passthrough()),
            after: z.array(z.number().int().positive()),
          })
          .passthrough(),
      ),
      notPlanned: z.array(z.object({ key: z.string(), reason: z.string() })),
    })
    .optional(),
});

/** Parses and validates a JSON report's text; throws with the first problem's path. */
export function parseJsonReport(text: string): JsonReport {
  const parsed = jsonReportSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a schemascope JSON report: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data as unknown as JsonReport;
}
