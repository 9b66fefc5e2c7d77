import type { Column, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { dataTables, stringList, words } from '../types/shared.js';

/** Names (as snake_case words, so `createdAt` counts as `created_at`) of a creation timestamp. */
const CREATED = ['created_at', 'created', 'inserted_at', 'created_on', 'inserted_on', 'created_date', 'creation_date', 'date_created', 'create_time', 'created_time'];
/** Names of a last-change timestamp. */
const UPDATED = [
  'updated_at', 'modified_at', 'updated', 'updated_on', 'modified', 'modified_on', 'updated_date', 'last_modified',
  'last_modified_at', 'last_updated', 'last_updated_at', 'date_modified', 'update_time', 'updated_time',
];
/** Last words of table names whose rows are written once and never changed: they need no updated_at. */
const APPEND_ONLY = ['log', 'logs', 'event', 'events', 'history', 'histories', 'audit', 'audits', 'versions', 'snapshots'];
/** Words anywhere in a table name that mark an immutable book of record (corrections are new rows). */
const LEDGER_WORDS = ['ledger', 'ledgers', 'journal'];

const normal = (name: string) => words(name).join('_');

/**
 * A pure join table: a composite primary key made only of foreign-key columns, and at most `maxExtra` other columns.
 * Its rows are inserted and deleted, never updated, and the pair is the whole fact.
 */
export function isJoinTable(table: Table, maxExtra: number): boolean {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length < 2) return false;
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  if (!pk.every((c) => fkColumns.has(c))) return false;
  return table.columns.length - pk.length <= maxExtra;
}

const rule: Rule = {
  meta: {
    id: 'audit/missing-timestamps',
    category: 'audit',
    severity: 'low',
    summary: 'Table without a creation timestamp and/or a last-update timestamp.',
    why:
      'created_at and updated_at are the cheapest audit trail there is: without them nobody can tell when a row appeared ' +
      'or last changed, incremental exports and cache invalidation have nothing to key on, and incidents are harder to trace.',
  },
  defaultOptions: {
    createdNames: CREATED,
    updatedNames: UPDATED,
    /** Last words of table names that are append-only (logs, events, history): only a creation timestamp is expected. */
    appendOnlyWords: APPEND_ONLY,
    /** A join table (composite primary key of foreign-key columns) with at most this many other columns is left alone. */
    joinTableMaxExtraColumns: 3,
  },
  check({ catalog, options, report }) {
    const createdNames = stringList(options, 'createdNames', CREATED).map(normal);
    const updatedNames = stringList(options, 'updatedNames', UPDATED).map(normal);
    const appendOnly = stringList(options, 'appendOnlyWords', APPEND_ONLY);
    const maxExtra = typeof options.joinTableMaxExtraColumns === 'number' ? options.joinTableMaxExtraColumns : 3;
    const tables = dataTables(catalog.tables);
    // Name the columns the fix adds the way the rest of the schema names them.
    const createdName = mostCommon(tables, createdNames) ?? 'created_at';
    const updatedName = mostCommon(tables, updatedNames) ?? 'updated_at';

    for (const table of tables) {
      if (isJoinTable(table, maxExtra)) continue;
      const has = (names: string[]) => table.columns.some((c) => names.includes(normal(c.name)));
      const tableWords = words(table.name);
      const isAppendOnly = appendOnly.includes(tableWords[tableWords.length - 1]) || tableWords.some((w) => LEDGER_WORDS.includes(w));
      const missingCreated = !has(createdNames);
      const missingUpdated = !isAppendOnly && !has(updatedNames);
      if (!missingCreated && !missingUpdated) continue;

      const name = qualifiedName(table);
      const fix: FixOp[] = [];
      const ref = { schema: table.schema, table: table.name };
      if (missingCreated) fix.push({ op: 'add-column', ...ref, column: createdName, type: 'timestamp with time zone', nullable: false, default: 'now()' });
      if (missingUpdated) fix.push({ op: 'add-column', ...ref, column: updatedName, type: 'timestamp with time zone', nullable: false, default: 'now()' });
      const what =
        missingCreated && missingUpdated
          ? `neither a creation timestamp nor a last-update timestamp (no ${createdName}, no ${updatedName})`
          : missingCreated
            ? `no creation timestamp (no ${createdName} or similar column)${isAppendOnly ? '' : `, though it has ${present(table, updatedNames)}`}`
            : `no last-update timestamp (no ${updatedName} or similar column), though it has ${present(table, createdNames)}`;
      report({
        table,
        message:
          `${name} has ${what}: nobody can tell when a row ${missingCreated && missingUpdated ? 'appeared or last changed' : missingCreated ? 'appeared' : 'last changed'}, ` +
          `and incremental exports, cache invalidation and incident timelines have nothing to go on. ` +
          `Add ${[missingCreated ? createdName : '', missingUpdated ? updatedName : ''].filter(Boolean).join(' and ')} ` +
          `timestamptz NOT NULL DEFAULT now() (existing rows get the time of the migration)` +
          (missingUpdated ? `; ${updatedName} also needs a trigger or the application to set it on every UPDATE` : '') +
          '.',
        fix,
      });
    }
  },
};

function present(table: Table, names: string[]): string {
  const col: Column | undefined = table.columns.find((c) => names.includes(normal(c.name)));
  return col ? col.name : 'the other one';
}

/** The column name (as written) most tables of the schema use among `names`, if any table uses one. */
function mostCommon(tables: Table[], names: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const t of tables) for (const c of t.columns) if (names.includes(normal(c.name))) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  // On a tie, the name earlier in the option list (created_at, updated_at first) wins.
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || names.indexOf(normal(a[0])) - names.indexOf(normal(b[0])) || a[0].localeCompare(b[0]))[0]?.[0];
}

export default rule;
