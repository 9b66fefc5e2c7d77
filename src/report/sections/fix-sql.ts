// The SQL of a fix as Markdown: locks, pre-flight (with its backfill template), forward, rollback.
// Shared by the report's prioritised plan and the `schemascope plan` output.
import type { FixSql } from '../../fixes/sql.js';
import { escapeMd } from './md.js';

/** A fenced block that no backtick run in `body` can close early. */
export function fenced(lang: string, body: string, indent: string): string[] {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${indent}${fence}${lang}`, ...body.split('\n').map((l) => (l ? `${indent}${l}` : '')), `${indent}${fence}`];
}

/** The SQL of one fix under its plan line: lock impact, pre-flight (with its backfill template), forward, rollback. */
export function fixSqlLines(sql: FixSql, indent: string): string[] {
  const out: string[] = [''];
  const text = (label: string, body: string) => out.push(`${indent}*${label}:* ${escapeMd(body)}`, '');
  if (sql.unsupported?.length) text('No SQL written', sql.unsupported.join(' '));
  if (sql.forward.length) {
    const oneByOne = sql.transactional || /transaction/.test(sql.lockImpact) ? '' : ' Run the statements one by one, each in its own transaction (autocommit), not in one transaction block.';
    text('Locks', `${sql.lockImpact}${oneByOne}`);
  }
  if (sql.preflight) {
    text('Pre-flight (run first; no rows means the data allows the change)', sql.preflightMeaning ?? '');
    out.push(...fenced('sql', sql.backfill ? `${sql.preflight}\n\n${sql.backfill}` : sql.preflight, indent), '');
  } else if (sql.preflightMeaning && sql.forward.length) {
    text('Pre-flight', sql.preflightMeaning);
  }
  if (sql.forward.length) out.push(...fenced('sql', `-- Forward\n${sql.forward.join('\n')}`, indent), '');
  if (sql.rollback.length) out.push(...fenced('sql', `-- Rollback\n${sql.rollback.join('\n')}`, indent), '');
  else if (sql.forward.length) text('Rollback', 'none written (see the notes).');
  if (sql.rollbackPreflight) {
    text('Before rolling back (rows mean the rollback would fail on data written since)', '');
    out.push(...fenced('sql', sql.rollbackPreflight, indent), '');
  }
  if (sql.notes?.length) text('Notes', sql.notes.join(' '));
  return out;
}

