// Helpers for sources that build catalog objects themselves (the ORM and non-PostgreSQL sources).
import type { Table } from './types.js';

/** The collections of a table that starts empty: no columns, keys, indexes, policies or triggers yet. */
export function emptyTableParts(): Pick<Table, 'columns' | 'foreignKeys' | 'uniques' | 'checks' | 'indexes' | 'rls' | 'policies' | 'triggers'> {
  return { columns: [], foreignKeys: [], uniques: [], checks: [], indexes: [], rls: { enabled: false, forced: false }, policies: [], triggers: [] };
}
