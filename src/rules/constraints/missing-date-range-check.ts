import type { Column, Table, TypeFamily } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, hasCheckOn, ident, mentionsColumn, objectName, words } from '../types/shared.js';

const TEMPORAL: TypeFamily[] = ['date', 'timestamp', 'timestamptz', 'time'];

/** For a word that opens a range, the words that close it (one word of the name differs: `valid_from` / `valid_until`). */
const RANGE_WORDS: Record<string, string[]> = {
  start: ['end', 'finish'],
  starts: ['ends'],
  started: ['ended', 'finished', 'completed'],
  begin: ['end'],
  begins: ['ends'],
  from: ['to', 'until', 'till', 'thru', 'through'],
  open: ['close'],
  opens: ['closes'],
  in: ['out'],
  checkin: ['checkout'],
  issued: ['expires'],
  effective: ['expiry', 'expiration', 'expires'],
};

const IN_OUT_CONTEXT = ['check', 'clock', 'time', 'punch'];

/** The word position where `end` closes the range `start` opens, or -1. */
function closes(start: string[], end: string[], rangeWords: Record<string, string[]>): number {
  if (start.length !== end.length) return -1;
  let at = -1;
  for (let i = 0; i < start.length; i++) {
    if (start[i] === end[i]) continue;
    if (at >= 0 || !rangeWords[start[i]]?.includes(end[i])) return -1;
    // `check_in` / `check_out` is a stay; `opt_in` / `opt_out` are two events in either order.
    if (start[i] === 'in' && !IN_OUT_CONTEXT.includes(start[i - 1] ?? '')) return -1;
    at = i;
  }
  return at;
}

/** A range constructor over both columns (an exclusion constraint, an index, a generated column) rejects inverted bounds. */
function rangeConstructorEnforces(table: Table, start: string, end: string): boolean {
  const expressions = [
    ...table.indexes.map((ix) => ix.definition),
    ...table.columns.map((c) => c.generated ?? ''),
  ];
  return expressions.some((e) => /\b(ts|tstz|date|int4|int8|num)range\s*\(/i.test(e) && mentionsColumn(e, start) && mentionsColumn(e, end));
}

const rule: Rule = {
  meta: {
    id: 'constraints/missing-date-range-check',
    category: 'constraints',
    severity: 'medium',
    summary: 'A start/end pair of date or time columns without a CHECK that the end comes after the start.',
    why:
      'Without the check an inverted range (ends before it starts) is accepted, and durations, overlap tests, ' +
      'availability and billing periods computed from it silently go wrong.',
  },
  defaultOptions: {
    /** Word that opens a range → words that close it; a pair differs in exactly that word. */
    rangeWords: RANGE_WORDS,
  },
  check({ catalog, options, report }) {
    const rangeWords = isWordMap(options.rangeWords) ? options.rangeWords : RANGE_WORDS;
    for (const table of dataTables(catalog.tables)) {
      const temporal = table.columns.filter((c) => TEMPORAL.includes(c.family));
      for (const start of temporal) {
        const sw = words(start.name);
        for (const end of temporal) {
          if (end === start) continue;
          if ((start.family === 'time') !== (end.family === 'time')) continue; // a time of day and a date do not compare
          if (closes(sw, words(end.name), rangeWords) < 0) continue;
          if (hasCheckOn(table, [start.name, end.name])) continue;
          if (rangeConstructorEnforces(table, start.name, end.name)) continue;
          reportPair(table, start, end, report);
        }
      }
    }
  },
};

function reportPair(table: Table, start: Column, end: Column, report: Parameters<Rule['check']>[0]['report']): void {
  const name = qualifiedName(table);
  const dates = start.family === 'date' && end.family === 'date';
  const timeOfDay = start.family === 'time';
  const op = dates ? '>=' : '>';
  const s = ident(start.name);
  const e = ident(end.name);
  const expression = [...(end.nullable ? [`${e} IS NULL`] : []), ...(start.nullable ? [`${s} IS NULL`] : []), `${e} ${op} ${s}`].join(' OR ');
  report({
    table,
    columns: [start.name, end.name],
    severity: timeOfDay ? 'low' : undefined,
    message:
      `${name} has ${start.name} and ${end.name} but no CHECK that ${end.name} comes ${dates ? 'on or after' : 'after'} ${start.name}: ` +
      `a row whose range ends before it starts is accepted, and durations, overlap tests and period queries built on it ` +
      `silently go wrong. Add CHECK (${expression})` +
      (dates ? ' (>= so that a one-day range, starting and ending on the same date, stays valid)' : '') +
      (end.nullable || start.nullable ? '; the IS NULL terms keep open-ended ranges valid' : '') +
      (timeOfDay ? '. These are times of day: if a range may cross midnight (a night shift from 22:00 to 06:00), this check is wrong for it and the rule should be silenced for the table' : '') +
      '.',
    fix: [{ op: 'add-check', schema: table.schema, table: table.name, name: objectName(table.name, end.name, 'after', start.name), expression }],
  });
}

function isWordMap(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))
  );
}

export default rule;
