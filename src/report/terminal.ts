// The terminal summary: score, grade, verdict, counts, the five worst findings with their evidence,
// and the incomplete notice. About twenty lines; the full review is in the Markdown/JSON reports.
import type { Severity } from '../rules/types.js';
import type { Review } from '../review.js';
import { countCatalog } from './facts.js';
import { evidence, plural, sortFindings, subject } from './text.js';

export interface SummaryOptions {
  color: boolean;
  /** How many findings to list (default 5). */
  top?: number;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', blue: '\x1b[34m', magenta: '\x1b[35m' } as const;
type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style[]> = { critical: ['bold', 'magenta'], high: ['red'], medium: ['yellow'], low: ['blue'], info: ['dim'] };
const VERDICT_STYLE: Record<string, Style[]> = { 'not-ready': ['bold', 'red'], 'ready-with-fixes': ['bold', 'yellow'], incomplete: ['bold', 'yellow'], ready: ['bold', 'green'] };

function truncate(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, Math.max(0, max - 1))}…`;
}

export function renderSummary(review: Review, opts: SummaryOptions): string {
  const paint = (text: string, styles: Style[]) => (opts.color && styles.length ? `${styles.map((s) => ANSI[s]).join('')}${text}${ANSI.reset}` : text);
  const { scores } = review;
  const counts = countCatalog(review.catalog);
  const lines: string[] = [];

  lines.push(`${paint('schemascope', ['bold'])} ${review.catalog.source.location} (${review.catalog.source.dialect}, ${plural(counts.tables, 'table')}, ${plural(review.rulesRun.length, 'rule')} run)`);
  const score = scores.overall === null ? 'n/a' : `${scores.overall}/100`;
  lines.push(
    `Score ${paint(score, ['bold'])}  grade ${paint(scores.grade ?? 'n/a', ['bold'])}  verdict ${paint(scores.verdict, VERDICT_STYLE[scores.verdict] ?? [])}${scores.incomplete && scores.verdict !== 'incomplete' ? paint('  (incomplete)', ['yellow']) : ''}`,
  );
  const sev = (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => {
    const text = `${scores.bySeverity[s]} ${s}`;
    return scores.bySeverity[s] > 0 ? paint(text, SEVERITY_STYLE[s]) : text;
  });
  lines.push(`Findings: ${sev.join(', ')}${review.ignored.length ? `  (${review.ignored.length} ignored)` : ''}`);

  const top = sortFindings(review.findings).slice(0, opts.top ?? 5);
  if (top.length) {
    lines.push('');
    lines.push(review.findings.length > top.length ? `Top ${top.length} of ${review.findings.length} findings:` : `${plural(top.length, 'finding')}:`);
    for (const f of top) {
      const label = paint(f.severity.toUpperCase().padEnd(8), SEVERITY_STYLE[f.severity]);
      // Messages usually name their table; prefix the subject only when this one does not.
      const named = !f.table || f.message.includes(f.table);
      lines.push(`  ${label} ${truncate(named ? f.message : `${subject(f)}: ${f.message}`, 100)}`);
      lines.push(`           ${paint(`${evidence(f.origin)}  ${f.ruleId}`, ['dim'])}`);
    }
    if (review.findings.length > top.length) lines.push(`  … ${review.findings.length - top.length} more in the full report`);
  } else if (review.rulesRun.length) {
    lines.push(`No finding from the ${plural(review.rulesRun.length, 'rule')} that ran.`);
  } else {
    lines.push('No rule ran, so nothing was checked.');
  }

  const skippedIds = review.skipped.slice(0, 3).map((k) => k.ruleId).join(', ') + (review.skipped.length > 3 ? ', …' : '');
  if (review.incomplete || review.warnings.length) {
    lines.push('');
    const what: string[] = [];
    if (review.warnings.length) what.push(`${plural(review.warnings.length, 'load warning')}`);
    if (review.skipped.length) what.push(`${plural(review.skipped.length, 'check')} not run (${skippedIds})`);
    lines.push(paint(`INCOMPLETE REVIEW: ${what.join('; ')}. See "Checks not run" in the report.`, ['bold', 'yellow']));
    const first = review.warnings[0];
    if (first) lines.push(`  ${truncate(first.message, 80)}${first.origin ? `  ${evidence(first.origin)}` : ''}`);
  } else if (review.skipped.length) {
    lines.push(`Not checked here: ${skippedIds} (see "Checks not run" in the report)`);
  }
  return `${lines.join('\n')}\n`;
}
