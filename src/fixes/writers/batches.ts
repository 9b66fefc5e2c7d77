// Framework migrations group plan steps: one migration per run of consecutive steps that share a
// horizon and can share a transaction (CONCURRENTLY and NOT VALID → VALIDATE steps cannot).
import type { Catalog } from '../../catalog/types.js';
import type { Horizon, Plan, PlanStep } from '../plan.js';
import { fixSql, type FixSql } from '../sql.js';

export interface WrittenStep {
  step: PlanStep;
  sql: FixSql;
}

export interface Batch {
  horizon: Horizon;
  /** False when a statement must run outside a transaction block. */
  transactional: boolean;
  steps: WrittenStep[];
}

/** The plan's steps with their SQL, grouped into batches; steps with no SQL are returned apart. */
export function batchSteps(plan: Plan, catalog: Catalog): { batches: Batch[]; skipped: WrittenStep[] } {
  const batches: Batch[] = [];
  const skipped: WrittenStep[] = [];
  for (const step of plan.steps) {
    const sql = fixSql(step.ops, catalog);
    if (sql.unsupported?.length || !sql.forward.length) {
      skipped.push({ step, sql });
      continue;
    }
    // MySQL/MariaDB commit every DDL statement on its own: no step there shares a transaction, so the
    // steps of a horizon go in one migration that runs them in turn.
    const oneByOneAnyway = catalog.source.dialect === 'mysql';
    const last = batches.at(-1);
    if (last && last.horizon === step.horizon && ((last.transactional && sql.transactional) || oneByOneAnyway)) last.steps.push({ step, sql });
    else batches.push({ horizon: step.horizon, transactional: sql.transactional, steps: [{ step, sql }] });
  }
  return { batches, skipped };
}

/** `immediate` → `immediate`, numbered when a horizon has several batches: `short_term_2`. */
export function batchNames(batches: Batch[]): string[] {
  const seen = new Map<Horizon, number>();
  const total = new Map<Horizon, number>();
  for (const b of batches) total.set(b.horizon, (total.get(b.horizon) ?? 0) + 1);
  return batches.map((b) => {
    const n = (seen.get(b.horizon) ?? 0) + 1;
    seen.set(b.horizon, n);
    const base = b.horizon.replace('-', '_');
    return total.get(b.horizon)! > 1 ? `${base}_${n}` : base;
  });
}

/** Why each skipped step got no SQL, for the writer's notes. */
export function skippedNotes(skipped: WrittenStep[]): string[] {
  return skipped.map(({ step, sql }) => `Step ${step.number} (${step.slug}) was not written: ${(sql.unsupported ?? ['no statement to run']).join('; ')}.`);
}

/**
 * What every framework writer says above a step, as plain lines for its own comment syntax: the step,
 * the findings it fixes, why it is there, what it comes after, its locks and notes, then the pre-flight
 * query to run first. `extra` lines go before the pre-flight; `runWith` names where to run it.
 */
export function stepCommentLines(ws: WrittenStep, opts: { extra?: string[]; runWith?: string } = {}): string[] {
  const { step, sql } = ws;
  const lines = [
    `Step ${step.number} (${step.slug}): ${step.horizon}, risk ${step.risk} (${step.riskReason}).`,
    ...step.fixes.map((f) => `Fixes ${f.ruleId}: ${f.message}`),
    ...(step.reason ? [`Why: ${step.reason}.`] : []),
    ...(step.after.length ? [`Comes after step(s) ${step.after.join(', ')}.`] : []),
    `Locks: ${sql.lockImpact}`,
    ...(sql.notes ?? []).map((n) => `Note: ${n}`),
    ...(opts.extra ?? []),
  ];
  if (sql.preflight) {
    lines.push(`Pre-flight, to run first${opts.runWith ? ` (${opts.runWith})` : ''}: ${sql.preflightMeaning ?? 'no rows means the data lets the step apply.'}`);
    lines.push(...sql.preflight.split('\n').map((l) => `  ${l}`));
  }
  return lines;
}
