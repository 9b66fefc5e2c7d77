// The published scoring formulas (docs/scoring.md). Everything a reader needs to recompute a score by
// hand travels in `Scores`: the weights, the table count, and per category the penalty sum and budget.
import type { Catalog } from '../catalog/types.js';
import { isDataTable } from '../catalog/lookup.js';
import { CATEGORIES, SEVERITIES, type Category, type Finding, type RuleMeta, type Severity } from '../rules/types.js';

/** Identifies the formula below; bump it whenever a weight, the budget or a threshold changes. */
export const SCORING_VERSION = 'schemascope-score-1';

/** Penalty points per finding, by severity. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 25, high: 10, medium: 4, low: 1, info: 0 };

/**
 * Penalty points each table may absorb per category before that category scores 0: one `high` finding
 * on every table of the schema (10 × N) empties a category; one `medium` on every table leaves 60.
 */
export const BUDGET_PER_TABLE = 10;

/** Lowest overall score for each grade; below the last one the grade is F. */
export const GRADE_THRESHOLDS: Readonly<{ A: number; B: number; C: number; D: number }> = { A: 90, B: 80, C: 70, D: 60 };

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/**
 * `not-ready`: at least one critical finding. `ready-with-fixes`: at least one high finding.
 * `incomplete`: nothing blocks, but part of the schema could not be read or no rule ran, so the review
 * cannot say `ready`. `ready`: none of the above.
 */
export type Verdict = 'not-ready' | 'ready-with-fixes' | 'incomplete' | 'ready';

export interface CategoryScore {
  category: Category;
  /** Rules of this category that ran. Only categories with at least one are scored. */
  rulesRun: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Σ weight(severity) over the category's findings. */
  penalty: number;
  /** BUDGET_PER_TABLE × max(1, tableCount). */
  budget: number;
  /** 100 × max(0, 1 − penalty / budget), rounded half up to one decimal. */
  score: number;
}

export interface TableHealth {
  /** Schema-qualified table name, as on the findings. */
  table: string;
  findings: number;
  /** Σ weight(severity) over the table's findings, all categories together. */
  penalty: number;
  /** max(0, 100 − penalty). */
  health: number;
}

export interface Scores {
  formula: typeof SCORING_VERSION;
  weights: Record<Severity, number>;
  budgetPerTable: number;
  gradeThresholds: { A: number; B: number; C: number; D: number };
  /** Base tables (ordinary and partitioned; partitions and views excluded): the schema size N. */
  tableCount: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Σ weight over all findings. */
  penalty: number;
  /** Scored categories (at least one rule ran), in the order of CATEGORIES. */
  categories: CategoryScore[];
  /** Categories with no rule run: not scored, and not part of the overall score. */
  notScored: Category[];
  /** Mean of the category scores, rounded half up to one decimal; null when no category was scored. */
  overall: number | null;
  /** From `overall` and the thresholds; null when `overall` is null. */
  grade: Grade | null;
  verdict: Verdict;
  /** Why the verdict is what it is, in one line derived from the counts. */
  verdictReason: string;
  /** True when part of the source could not be read (load warnings): the review is partial. */
  incomplete: boolean;
  /** Health of every table with at least one finding, worst first; tables not listed have health 100. */
  tables: TableHealth[];
  /** Findings not attached to a table (schema-wide findings); they count in their category only. */
  schemaWideFindings: number;
}

export function gradeFor(score: number): Grade {
  if (score >= GRADE_THRESHOLDS.A) return 'A';
  if (score >= GRADE_THRESHOLDS.B) return 'B';
  if (score >= GRADE_THRESHOLDS.C) return 'C';
  if (score >= GRADE_THRESHOLDS.D) return 'D';
  return 'F';
}

function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function computeScores(catalog: Catalog, findings: Finding[], rulesRun: RuleMeta[], incomplete: boolean): Scores {
  const tableCount = catalog.tables.filter(isDataTable).length;
  const budget = BUDGET_PER_TABLE * Math.max(1, tableCount);

  const bySeverity = zeroCounts();
  let penalty = 0;
  for (const f of findings) {
    bySeverity[f.severity]++;
    penalty += SEVERITY_WEIGHTS[f.severity];
  }

  const rulesPerCategory = new Map<Category, number>();
  for (const r of rulesRun) rulesPerCategory.set(r.category, (rulesPerCategory.get(r.category) ?? 0) + 1);

  const categories: CategoryScore[] = [];
  const notScored: Category[] = [];
  for (const category of CATEGORIES) {
    const rules = rulesPerCategory.get(category) ?? 0;
    const own = findings.filter((f) => f.category === category);
    if (rules === 0) {
      // A finding can only come from a rule that ran, so an unscored category has none; kept defensive.
      if (own.length === 0) {
        notScored.push(category);
        continue;
      }
    }
    const counts = zeroCounts();
    let p = 0;
    for (const f of own) {
      counts[f.severity]++;
      p += SEVERITY_WEIGHTS[f.severity];
    }
    categories.push({
      category,
      rulesRun: rules,
      findings: own.length,
      bySeverity: counts,
      penalty: p,
      budget,
      // Computed on integers (tenths) so a tie such as 97.75 rounds up exactly as a reader would round it.
      score: Math.round((1000 * Math.max(0, budget - p)) / budget) / 10,
    });
  }

  const tenths = categories.reduce((s, c) => s + Math.round(c.score * 10), 0);
  const overall = categories.length ? Math.round(tenths / categories.length) / 10 : null;
  const grade = overall === null ? null : gradeFor(overall);

  let verdict: Verdict;
  let verdictReason: string;
  if (bySeverity.critical > 0) {
    verdict = 'not-ready';
    verdictReason = `${plural(bySeverity.critical, 'critical finding')} must be fixed first`;
  } else if (bySeverity.high > 0) {
    verdict = 'ready-with-fixes';
    verdictReason = `no critical findings; ${plural(bySeverity.high, 'high finding')} to fix`;
  } else if (incomplete) {
    verdict = 'incomplete';
    verdictReason = 'no critical or high findings, but part of the source could not be read';
  } else if (categories.length === 0) {
    verdict = 'incomplete';
    verdictReason = 'no rule ran, so nothing was checked';
  } else {
    verdict = 'ready';
    verdictReason = 'no critical or high findings';
  }

  const perTable = new Map<string, TableHealth>();
  let schemaWideFindings = 0;
  for (const f of findings) {
    if (!f.table) {
      schemaWideFindings++;
      continue;
    }
    const t = perTable.get(f.table) ?? { table: f.table, findings: 0, penalty: 0, health: 100 };
    t.findings++;
    t.penalty += SEVERITY_WEIGHTS[f.severity];
    t.health = Math.max(0, 100 - t.penalty);
    perTable.set(f.table, t);
  }
  const tables = [...perTable.values()].sort((a, b) => a.health - b.health || a.table.localeCompare(b.table));

  return {
    formula: SCORING_VERSION,
    weights: { ...SEVERITY_WEIGHTS },
    budgetPerTable: BUDGET_PER_TABLE,
    gradeThresholds: { ...GRADE_THRESHOLDS },
    tableCount,
    findings: findings.length,
    bySeverity,
    penalty,
    categories,
    notScored,
    overall,
    grade,
    verdict,
    verdictReason,
    incomplete,
    tables,
    schemaWideFindings,
  };
}
