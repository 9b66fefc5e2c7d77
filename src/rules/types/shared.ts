// Small helpers shared by the types, constraints, audit and soft-delete rules: splitting column names into
// words, reading list options, and writing identifiers and constraint names for fixes.
import type { Table } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import { mentionsColumn } from '../../catalog/expressions.js';

/** Lower-case words of a snake_case or camelCase name: `unitPrice_usd` → unit, price, usd. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A string-list option, falling back to `fallback` when the user gave something else. */
export function stringList(options: Record<string, unknown>, key: string, fallback: string[] = []): string[] {
  const value = options[key];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : fallback;
}

export function numberOption(options: Record<string, unknown>, key: string, fallback: number): number {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function stringOption(options: Record<string, unknown>, key: string, fallback: string): string {
  const value = options[key];
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

// Keywords that cannot stand as a bare column name in an expression (PostgreSQL's reserved words,
// plus the few non-reserved ones that trip column positions).
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from ' +
    'full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true union ' +
    'unique user using variadic verbose when where window with'
  ).split(' '),
);

/** An identifier as it must be written in SQL: bare when it can be, double-quoted otherwise. */
export function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A constraint or index name from parts, cut to PostgreSQL's 63-byte identifier limit. */
export function objectName(...parts: string[]): string {
  const name = parts.filter(Boolean).join('_');
  return Buffer.byteLength(name) <= 63 ? name : Buffer.from(name).subarray(0, 63).toString().replace(/\uFFFD+$/, '');
}

export { mentionsColumn };

/** The tables rules about stored data look at (no views, no partitions: their parent speaks for them). */
export function dataTables(tables: Table[]): Table[] {
  return tables.filter(isDataTable);
}

/** Whether some CHECK constraint of the table mentions every one of the given columns. */
export function hasCheckOn(table: Table, columns: string[]): boolean {
  return table.checks.some((ck) => columns.every((c) => ck.columns.includes(c) || mentionsColumn(ck.expression, c)));
}
