// A review: the findings of every rule over one catalog, with the scores and what could not be checked.
// This is what every renderer formats; the JSON renderer publishes it as the versioned contract.
import type { Catalog, LoadWarning } from './catalog/types.js';
import type { ResolvedConfig } from './config.js';
import { runRules, type SkippedCheck } from './rules/engine.js';
import type { Finding, Rule, RuleMeta } from './rules/types.js';
import { computeScores, type Scores } from './scoring/score.js';

/** Version of the JSON report format; bump the major on any breaking change. */
export const REPORT_VERSION = '1.2';

export interface Review {
  version: string;
  generatedAt: string;
  catalog: Catalog;
  findings: Finding[];
  rulesRun: RuleMeta[];
  skipped: SkippedCheck[];
  ignored: { finding: Finding; reason: string }[];
  /** Parts of the source that could not be read (statements that failed…): the review is incomplete. */
  warnings: LoadWarning[];
  /** Limits of the source that lose no part of the schema (statistics a server does not keep…). */
  notes: LoadWarning[];
  /** True when something could not be read or checked: the review must not be presented as clean. */
  incomplete: boolean;
  scores: Scores;
}

export function buildReview(catalog: Catalog, rules: Rule[], config: ResolvedConfig, now = new Date()): Review {
  const run = runRules(catalog, rules, config);
  const warnings = catalog.warnings.filter((w) => !w.note);
  const incomplete = warnings.length > 0;
  return {
    version: REPORT_VERSION,
    generatedAt: now.toISOString(),
    catalog,
    findings: run.findings,
    rulesRun: run.ran,
    skipped: run.skipped,
    ignored: run.ignored,
    warnings,
    notes: catalog.warnings.filter((w) => w.note),
    incomplete,
    scores: computeScores(catalog, run.findings, run.ran, incomplete),
  };
}
