// Recognising soft-delete columns, shared by the soft-delete rules.
import type { Column, Table } from '../../catalog/types.js';
import { ident, mentionsColumn, words } from '../types/shared.js';

/** Timestamp columns set when a row is deleted (or archived, or discarded as the Rails `discard` gem calls it). */
export const TIMESTAMP_MARKERS = ['deleted_at', 'archived_at', 'discarded_at'];
/** Boolean columns set when a row is deleted. */
export const FLAG_MARKERS = ['is_deleted', 'deleted', 'is_archived', 'archived'];
/** Boolean columns that some schemas clear instead of deleting a row. */
export const ACTIVE_MARKERS = ['is_active', 'active'];
/** Status values that mean the row is gone. */
export const DELETED_STATUS_VALUES = ['deleted', 'archived'];

export const normal = (name: string) => words(name).join('_');

const TEMPORAL = ['timestamp', 'timestamptz', 'date'];
const FLAG_FAMILIES = ['boolean', 'smallint'];

export function timestampMarkers(table: Table, names: string[] = TIMESTAMP_MARKERS): Column[] {
  return table.columns.filter((c) => names.includes(normal(c.name)) && TEMPORAL.includes(c.family));
}

export function flagMarkers(table: Table, names: string[] = FLAG_MARKERS): Column[] {
  return table.columns.filter((c) => names.includes(normal(c.name)) && FLAG_FAMILIES.includes(c.family));
}

export function activeMarkers(table: Table, names: string[] = ACTIVE_MARKERS): Column[] {
  return table.columns.filter((c) => names.includes(normal(c.name)) && c.family === 'boolean');
}

/** Status-like columns (`status`, `state`, `*_status`) whose allowed values (enum or CHECK list) include a deleted value. */
export function statusMarkers(table: Table, values: string[] = DELETED_STATUS_VALUES): { column: Column; value: string }[] {
  const found: { column: Column; value: string }[] = [];
  for (const column of table.columns) {
    const w = words(column.name);
    const last = w[w.length - 1];
    if (last !== 'status' && last !== 'state') continue;
    const allowed = new Set<string>((column.enumValues ?? []).map((v) => v.toLowerCase()));
    for (const ck of table.checks) {
      if (!ck.columns.includes(column.name) && !mentionsColumn(ck.expression, column.name)) continue;
      for (const m of ck.expression.matchAll(/'((?:[^']|'')*)'/g)) allowed.add(m[1].replace(/''/g, "'").toLowerCase());
    }
    const value = values.find((v) => allowed.has(v));
    if (value) found.push({ column, value });
  }
  return found;
}

/** The predicate that selects the rows that are not soft-deleted. */
export function liveRowsPredicate(column: Column): string {
  const col = ident(column.name);
  if (TEMPORAL.includes(column.family)) return `${col} IS NULL`;
  if (column.family === 'smallint') return `${col} = 0`;
  return column.nullable ? `${col} IS NOT TRUE` : `NOT ${col}`;
}
