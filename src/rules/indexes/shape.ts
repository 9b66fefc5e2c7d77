// What an index really is, beyond its column names: the catalog's `keyParts` drop sort order, operator
// class and collation (PostgreSQL prints them only in the whole definition), and those decide whether
// two indexes can stand in for each other. So the key parts are read back from `definition` when it
// has PostgreSQL's shape, and taken from `keyParts` otherwise.
import type { Index, Origin, Table } from '../../catalog/types.js';

export interface IndexShape {
  method: string;
  /** One entry per key part, with its options (`a DESC`, `b text_pattern_ops`, `lower(c) COLLATE "C"`). */
  parts: string[];
  /** INCLUDE columns, sorted. */
  include: string[];
  predicate: string;
  nullsNotDistinct: boolean;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Splits `s` at top-level commas (outside parentheses and quotes). */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map(squash).filter((p) => p.length > 0);
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Key parts with their options, read from a `CREATE INDEX … USING method (…)` definition. */
function partsFromDefinition(ix: Index): { parts: string[]; rest: string } | undefined {
  const m = /\bUSING\s+[\w"]+\s*\(/i.exec(ix.definition);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  const close = closingParen(ix.definition, open);
  if (close < 0) return undefined;
  const parts = splitTopLevel(ix.definition.slice(open + 1, close));
  if (parts.length !== ix.keyParts.length) return undefined;
  return { parts, rest: ix.definition.slice(close + 1) };
}

export function indexShape(ix: Index): IndexShape {
  const parsed = partsFromDefinition(ix);
  return {
    method: ix.method.toLowerCase(),
    parts: parsed ? parsed.parts : ix.keyParts.map(squash),
    include: [...ix.includeColumns].sort(),
    predicate: squash(ix.predicate ?? ''),
    nullsNotDistinct: parsed ? /\bNULLS NOT DISTINCT\b/i.test(parsed.rest) : false,
  };
}

/** A key part split into what it sorts by and in which direction. */
interface PartOrder {
  base: string;
  desc: boolean;
  nullsFirst: boolean;
}

function partOrder(part: string): PartOrder {
  let base = part;
  let nulls: boolean | undefined;
  const n = /\s+NULLS\s+(FIRST|LAST)$/i.exec(base);
  if (n) {
    nulls = n[1].toUpperCase() === 'FIRST';
    base = base.slice(0, n.index);
  }
  const d = /\s+(ASC|DESC)$/i.exec(base);
  const desc = !!d && d[1].toUpperCase() === 'DESC';
  if (d) base = base.slice(0, d.index);
  return { base, desc, nullsFirst: nulls ?? desc };
}

/**
 * Whether a btree on `wide` serves what one on `narrow` does, where `narrow` has no more parts than
 * `wide`: its parts equal `wide`'s leading parts, or are all exactly reversed (direction and NULLS
 * placement), since a btree is read backwards as easily as forwards.
 */
export function leadingPartsMatch(narrow: string[], wide: string[], method: string): boolean {
  if (narrow.length > wide.length) return false;
  if (narrow.every((p, i) => p === wide[i])) return true;
  if (method !== 'btree') return false;
  const n = narrow.map(partOrder);
  const w = wide.slice(0, narrow.length).map(partOrder);
  return n.every((p, i) => p.base === w[i].base && p.desc !== w[i].desc && p.nullsFirst !== w[i].nullsFirst);
}

/** Same method, predicate and key parts (in order, with options, or all reversed for a btree). */
export function sameKey(a: IndexShape, b: IndexShape): boolean {
  return a.method === b.method && a.predicate === b.predicate && a.parts.length === b.parts.length && leadingPartsMatch(a.parts, b.parts, a.method);
}

/** Whether every INCLUDE column of `narrow` is also included in `wide`. */
export function includesCovered(narrow: IndexShape, wide: IndexShape): boolean {
  return narrow.include.every((c) => wide.include.includes(c));
}

/** Whether the index implements a constraint (primary key, unique or exclusion). */
export function backsConstraint(ix: Index): boolean {
  return ix.primary || !!ix.constraint;
}

/** What an index enforces, in words: `primary key`, `unique constraint x`, `unique index`, `index`. */
export function describeIndex(ix: Index): string {
  if (ix.primary) return `primary key index ${ix.name}`;
  if (ix.constraint) return `${ix.unique ? 'unique' : 'exclusion'} constraint ${ix.constraint}${ix.constraint === ix.name ? '' : ` (index ${ix.name})`}`;
  return `${ix.unique ? 'unique index' : 'index'} ${ix.name}`;
}

/** Whether `a` was declared before `b` on `table`: by line in the same file, else by catalog order. */
export function declaredBefore(table: Table, a: Index, b: Index): boolean {
  const la = lineOf(a.origin);
  const lb = lineOf(b.origin);
  if (la && lb && la.file === lb.file && la.line !== lb.line) return la.line < lb.line;
  return table.indexes.indexOf(a) < table.indexes.indexOf(b);
}

function lineOf(origin: Origin): { file: string; line: number } | undefined {
  return 'file' in origin ? origin : undefined;
}

export function keyText(shape: IndexShape): string {
  return `(${shape.parts.join(', ')})`;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}
