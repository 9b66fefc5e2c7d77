// The migration plan as Markdown: `schemascope plan` prints it (PLAN.md with --out), and the review's
// report carries its summary table. Every step shows what it fixes (with evidence), its risk, the
// locks it takes, its pre-flight, forward and rollback SQL.
import type { Catalog } from '../catalog/types.js';
import { HORIZON_TITLES, HORIZONS, type Plan, type PlanStep } from '../fixes/plan.js';
import { fixSql, type FixSql } from '../fixes/sql.js';
import type { PlanVerification } from '../fixes/verify.js';
import type { WrittenPlan } from '../fixes/writers/types.js';
import { fixSqlLines } from './sections/fix-sql.js';
import { code, escapeMd, mdTable } from './sections/md.js';
import { describeFixes, evidence, plural } from './text.js';

/** First sentence of a lock description, for a table cell. */
function lockSummary(sql: FixSql): string {
  if (sql.unsupported?.length) return 'no SQL written';
  // A sentence ends at a full stop followed by a capital (so "e.g. varchar" does not end one).
  const first = sql.lockImpact.split(/(?<=\.)\s+(?=[A-Z])/)[0] ?? sql.lockImpact;
  return first.length > 140 ? `${first.slice(0, 137)}…` : first;
}

function rollbackCell(sql: FixSql): string {
  if (sql.unsupported?.length) return '–';
  return sql.rollback.length ? (sql.rollbackPreflight ? 'yes, after its pre-flight' : 'yes') : 'none (see notes)';
}

/** The steps as one table: the report's summary and the head of PLAN.md. */
export function planTable(plan: Plan, catalog: Catalog, maxRows = Infinity): string[] {
  const rows = plan.steps.slice(0, maxRows).map((s) => {
    const sql = fixSql(s.ops, catalog);
    return [
      String(s.number),
      s.horizon,
      escapeMd(describeFixes(s.ops)),
      s.fixes.length ? s.fixes.map((f) => code(f.ruleId)).join(', ') : `(follows step ${s.after.join(', ')})`,
      s.risk,
      escapeMd(lockSummary(sql)),
      rollbackCell(sql),
      s.after.join(', ') || '–',
    ];
  });
  const out = mdTable(['#', 'Horizon', 'Change', 'Fixes', 'Risk', 'Locks', 'Rollback', 'After'], rows, ['r', 'l', 'l', 'l', 'l', 'l', 'l', 'l']);
  if (plan.steps.length > maxRows) out.push('', `… and ${plan.steps.length - maxRows} more steps: \`schemascope plan\` writes them all.`);
  return out;
}

function stepSection(step: PlanStep, catalog: Catalog): string[] {
  const sql = fixSql(step.ops, catalog);
  const out = [`### Step ${step.number}: ${escapeMd(describeFixes(step.ops))}`, ''];
  if (step.fixes.length) out.push(`*Fixes:* ${step.fixes.map((f) => `${escapeMd(f.message)} (${code(f.ruleId)}, **${f.severity}**, ${code(evidence(f.origin))})`).join(' ')}`, '');
  if (step.reason) out.push(`*Why:* ${escapeMd(step.reason)}.`, '');
  out.push(`*Risk:* ${step.risk}: ${escapeMd(step.riskReason)}.`, '');
  if (step.after.length) out.push(`*Apply after:* step${step.after.length > 1 ? 's' : ''} ${step.after.join(', ')}.`, '');
  out.push(...fixSqlLines(sql, '').slice(1));
  return out;
}

export interface PlanMarkdownOptions {
  verification?: PlanVerification;
  written?: WrittenPlan;
  /** Where the files were written, to name them. */
  outDir?: string;
}

export function renderPlanMarkdown(plan: Plan, catalog: Catalog, opts: PlanMarkdownOptions = {}): string {
  const out: string[] = [];
  const para = (...lines: string[]) => out.push(...lines, '');
  para(`# Migration plan: ${catalog.source.location}`);
  const counts = HORIZONS.map((h) => [h, plan.steps.filter((s) => s.horizon === h).length] as const).filter(([, n]) => n);
  const fixedCount = plan.steps.reduce((n, s) => n + s.fixes.length, 0);
  if (!plan.steps.length) {
    para('No finding proposes a schema change: there is nothing to plan.');
  } else {
    para(
      `${plural(plan.steps.length, 'step')} (${counts.map(([h, n]) => `${h} ${n}`).join(', ')}) fixing ${plural(fixedCount, 'finding')}, ` +
        `in the order they apply: a step that relies on another (a column's type before the foreign key that uses it) comes after it, ` +
        `and pulls it into its own horizon. The horizon follows the most severe finding a step fixes; the risk, what can go wrong when it runs on a table in use.`,
    );
    para(
      'For each step: run the pre-flight first (no rows means the data lets the change apply; rows come with a template to fix them), ' +
        'then the forward statements, as the lock note says (one by one, outside a transaction, where it says so). The rollback undoes the step; ' +
        'its own pre-flight, when there is one, finds data written since that would block it.',
    );
    para(...planTable(plan, catalog));
  }
  if (opts.verification) para(...verificationSection(opts.verification, plan));
  if (opts.written) {
    para('## Files');
    if (opts.written.files.length) {
      para(
        `${plural(opts.written.files.length, 'file')} in the ${opts.written.format === 'sql' ? 'plain SQL' : opts.written.format} format` +
          `${opts.outDir ? `, under ${code(opts.outDir)}` : ''}:`,
        ...opts.written.files.map((f) => `- ${code(f.path)}`),
      );
    }
    if (opts.written.notes.length) para('Before applying them:', ...opts.written.notes.map((n) => `- ${escapeMd(n)}`));
  }
  for (const h of HORIZONS) {
    const steps = plan.steps.filter((s) => s.horizon === h);
    if (!steps.length) continue;
    para(`## ${HORIZON_TITLES[h]}`);
    for (const s of steps) para(...stepSection(s, catalog));
  }
  if (plan.notPlanned.length) {
    para('## Not planned');
    para(
      `${plural(plan.notPlanned.length, 'finding')} at low severity or above ${plan.notPlanned.length === 1 ? 'has' : 'have'} no step: ` +
        'the change needs a decision only the team can make, or conflicts with a more severe fix.',
    );
    para(
      ...mdTable(
        ['Finding', 'Rule', 'Evidence', 'Why not planned'],
        plan.notPlanned.map(({ finding: f, reason }) => [escapeMd(f.message), code(f.ruleId), code(evidence(f.origin)), escapeMd(reason)]),
      ),
    );
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function verificationSection(v: PlanVerification, plan: Plan): string[] {
  const out: string[] = ['## Verification on the embedded PostgreSQL', ''];
  const applied = v.steps.filter((s) => s.status === 'applied').length;
  const planned = plan.steps.reduce((n, s) => n + s.fixes.length, 0);
  out.push(
    (v.rebuiltFromCatalog
      ? 'The schema as schemascope read it, written back as PostgreSQL DDL, was loaded into the embedded PostgreSQL (your database is not touched), and the plan applied to it step by step: '
      : `The schema was loaded into the embedded PostgreSQL as written, and the plan applied to it step by step: `) +
      `${applied} of ${plural(v.steps.length, 'step')} applied. A second review no longer reports ${v.fixed.length} of the ${planned} findings the plan fixes.`,
    '',
  );
  if (v.loadWarnings.length) {
    out.push(
      `${plural(v.loadWarnings.length, 'statement')} of the schema could not be loaded, so the plan was proved on the rest: ` +
        `${v.loadWarnings.slice(0, 10).map((w) => escapeMd(w.message)).join('; ')}${v.loadWarnings.length > 10 ? '; …' : ''}.`,
      '',
    );
  }
  const failed = v.steps.filter((s) => s.status !== 'applied');
  if (failed.length) out.push(...mdTable(['Step', 'Status', 'Error'], failed.map((s) => [`${s.number} (${s.slug})`, s.status, escapeMd(s.error ?? '')])), '');
  if (v.remaining.length) out.push(`Still reported after the plan: ${v.remaining.map((r) => `${code(r.key)} (step ${r.step})`).join(', ')}.`, '');
  if (v.carried.length)
    out.push(
      `Reported again of the object a step put in place of the one it was reported of (the plan did not fix this part): ${v.carried.map((f) => `${code(f.key)}: ${escapeMd(f.message)}`).join('; ')}.`,
      '',
    );
  if (v.introduced.length) out.push(`Reported after the plan, and not before: ${v.introduced.map((f) => `${code(f.key)}: ${escapeMd(f.message)}`).join('; ')}.`, '');
  out.push(
    v.rollbackDifferences.length
      ? `The rollback did not restore the schema: ${v.rollbackDifferences.slice(0, 20).map(escapeMd).join('; ')}${v.rollbackDifferences.length > 20 ? ` … and ${v.rollbackDifferences.length - 20} more` : ''}.`
      : 'Every rollback then ran in reverse order, and the catalog was the one we started from.',
  );
  return out;
}

/** True when the verification found nothing wrong. */
export function verificationPassed(v: PlanVerification): boolean {
  return v.steps.every((s) => s.status !== 'failed') && v.remaining.length === 0 && v.introduced.length === 0 && v.rollbackDifferences.length === 0;
}
