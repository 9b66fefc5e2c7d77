// Plain SQL: one up/down pair per plan step, numbered in plan order (the `NNN_name.up.sql` /
// `NNN_name.down.sql` layout golang-migrate, dbmate-style runners and humans all read), with each
// step's pre-flight query in `preflight/`, to run first: no rows means the data lets the step apply.
import type { FixSql } from '../sql.js';
import { batchSteps, skippedNotes } from './batches.js';
import type { PlanFile, PlanWriter } from './types.js';

function header(lines: string[]): string {
  return lines.map((l) => (l ? `-- ${l}` : '--')).join('\n');
}

function statements(list: string[]): string {
  return list.join('\n\n');
}

export const writeSqlPlan: PlanWriter = ({ plan, catalog }) => {
  const { batches, skipped } = batchSteps(plan, catalog);
  const files: PlanFile[] = [];
  const width = Math.max(3, String(plan.steps.length).length);
  for (const { step, sql } of batches.flatMap((b) => b.steps)) {
    const name = `${String(step.number).padStart(width, '0')}_${step.slug}`;
    const fixes = step.fixes.map((f) => `${f.ruleId}: ${f.message}`);
    const common = [
      `schemascope plan, step ${step.number} (${step.horizon}, risk ${step.risk}: ${step.riskReason})`,
      ...fixes.map((f) => `Fixes ${f}`),
      ...(step.reason ? [`Why: ${step.reason}.`] : []),
      ...(step.after.length ? [`Apply after step(s) ${step.after.join(', ')}.`] : []),
    ];
    const transaction = sql.transactional
      ? 'The statements may run in one transaction.'
      : 'Run these statements one by one, outside a transaction block (psql: no BEGIN; migration tools: disable the transaction for this file).';
    files.push({
      path: `${name}.up.sql`,
      content: `${header([...common, `Locks: ${sql.lockImpact}`, transaction, ...(sql.preflight ? [`Run preflight/${name}.sql first: it must return no rows.`] : []), ...(sql.notes ?? [])])}\n\n${statements(sql.forward)}\n`,
    });
    files.push({
      path: `${name}.down.sql`,
      content: `${header([`Rollback of step ${step.number} (${step.slug}).`, ...(sql.rollbackPreflight ? [`Run preflight/${name}.down.sql first: rows mean data written since would block the rollback.`] : [])])}\n\n${statements(sql.rollback)}\n`,
    });
    if (sql.preflight) files.push({ path: `preflight/${name}.sql`, content: preflightFile(step.number, sql) });
    if (sql.rollbackPreflight) files.push({ path: `preflight/${name}.down.sql`, content: `${header([`Before rolling back step ${step.number}: rows mean the rollback would fail.`])}\n\n${sql.rollbackPreflight}\n` });
  }
  return { format: 'sql', files, notes: skippedNotes(skipped) };
};

function preflightFile(number: number, sql: FixSql): string {
  const parts = [header([`Pre-flight of step ${number}: no rows means the data lets it apply.`, ...(sql.preflightMeaning ? [sql.preflightMeaning] : [])]), sql.preflight!];
  if (sql.backfill) parts.push(`-- When it returns rows, fix the data first, for example:\n${sql.backfill}`);
  return `${parts.join('\n\n')}\n`;
}
