// Markdown building blocks shared by the report and its sections: escaping, code spans, tables, capped lists.
import { originText, type Origin } from '../../catalog/types.js';

/**
 * Escapes text for Markdown: angle brackets outside `code spans` become entities (inside a code span
 * they are literal already, and an entity would show as typed), line breaks become spaces. Pipes are
 * escaped by `row` for table cells, the one place they matter.
 */
export function escapeMd(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('')
    .replace(/\r?\n/g, ' ');
}

/** An inline code span that survives backticks in the text (pipes are escaped by `row` in table cells). */
export function code(text: string): string {
  const body = text.replace(/\r?\n/g, ' ');
  const fence = body.includes('`') ? '``' : '`';
  const pad = fence === '``' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A table row; every pipe in a cell (in code spans too) is escaped so it cannot split the cell. */
export function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function mdTable(header: string[], rows: string[][], align?: ('l' | 'r')[]): string[] {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [row(header), row(sep), ...rows.map(row)];
}

/** Evidence cell: `file:line`, or the live catalog object. */
export function ev(origin: Origin | undefined): string {
  return origin ? code(originText(origin)) : '–';
}

/** The first `max` items, and the line saying how many were left out. */
export function capped<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

export function moreLine(more: number, where = ''): string[] {
  return more > 0 ? [`… and ${more} more${where ? ` ${where}` : ''}.`, ''] : [];
}

/** `a, b, c and N more` for a table cell. */
export function inlineList(items: readonly string[], max: number): string {
  if (items.length === 0) return '–';
  const { shown, more } = capped(items, max);
  return more ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** `label ×n` counts, most frequent first, ties by label. */
export function tally(values: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function pct(part: number, whole: number): string {
  return whole === 0 ? '–' : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(heading: string): string {
  return `#${heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-')}`;
}
