// The names Prisma Migrate gives the constraints and indexes it creates when the schema gives none
// (`map:`): `{table}_pkey`, `{table}_{columns}_key`, `{table}_{columns}_idx`, `{table}_{columns}_fkey`,
// cut to the provider's identifier limit the way Prisma's schema engine cuts them (psl ConstraintNames).
// Table and column names are the database names (after @@map / @map).
import type { Dialect } from '../../catalog/types.js';

/** Longest identifier each provider accepts, in bytes (Prisma's `max_identifier_length`). */
export function identifierLimit(dialect: Dialect): number {
  return dialect === 'postgres' ? 63 : dialect === 'mysql' ? 64 : 10_000;
}

function cut(text: string, bytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= bytes) return text;
  // Never split a multi-byte character: drop continuation bytes at the cut.
  let end = bytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function primaryKeyName(table: string, dialect: Dialect): string {
  if (dialect === 'mysql') return 'PRIMARY'; // MySQL names every primary key PRIMARY, whatever was asked
  const limit = identifierLimit(dialect);
  const trimmed = byteLength(table) >= limit - 5 ? cut(table, limit - 5) : table;
  return `${trimmed}_pkey`;
}

function indexName(table: string, columns: string[], suffix: string, dialect: Dialect): string {
  const limit = identifierLimit(dialect);
  let out = `${table}_${columns.join('_')}`;
  if (byteLength(out) >= limit - suffix.length) out = cut(out, limit - suffix.length);
  return `${out}${suffix}`;
}

export function uniqueIndexName(table: string, columns: string[], dialect: Dialect): string {
  return indexName(table, columns, '_key', dialect);
}

/** Plain and full-text indexes. */
export function indexNameFor(table: string, columns: string[], dialect: Dialect): string {
  return indexName(table, columns, '_idx', dialect);
}

export function foreignKeyName(table: string, columns: string[], dialect: Dialect): string {
  const limit = identifierLimit(dialect);
  const joined = `${table}_${columns.join('_')}`;
  const trimmed = byteLength(joined) >= limit - 5 ? cut(joined, limit - 5) : joined;
  return `${trimmed}_fkey`;
}

/** PostgreSQL's name for a serial column's sequence: `{table}_{column}_seq`, the longer part cut to fit 63 bytes. */
export function serialSequenceName(table: string, column: string): string {
  let t = table;
  let c = column;
  // PostgreSQL's makeObjectName: shorten the longer of the two names until the whole fits.
  while (byteLength(t) + byteLength(c) + 5 > 63) {
    if (byteLength(t) >= byteLength(c)) t = cut(t, byteLength(t) - 1);
    else c = cut(c, byteLength(c) - 1);
  }
  return `${t}_${c}_seq`;
}
