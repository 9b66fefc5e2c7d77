// The SQLite fix writer. SQLite's ALTER TABLE can add a column and little else: indexes can be built
// and dropped, but a constraint (NOT NULL, CHECK, a foreign key, a key) or a type cannot be added to a
// table that exists. Those need SQLite's documented table rebuild (create the new table, copy the rows,
// drop the old one, rename), which depends on the whole table and its triggers and views: the writer
// says so rather than guess it.
import type { Catalog, Table } from '../catalog/types.js';
import type { FixOp } from './operations.js';
import { joinFixSteps, type FixStep, type JoinedFixSql } from './step.js';

/** SQLite identifiers are always quoted: its keyword list differs by version, and quoting is never wrong. */
export function sqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function sqliteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function list(columns: string[]): string {
  return columns.map(sqliteIdent).join(', ');
}

/** A name made of parts, like the other writers' (SQLite has no length limit). */
function indexName(table: string, columns: string[], suffix: string): string {
  return [table, ...columns, suffix].join('_');
}

const REBUILD =
  'SQLite cannot add this to a table that exists: it takes the table rebuild of https://www.sqlite.org/lang_altertable.html#otheralter ' +
  '(create the new table, copy the rows, drop the old one, rename the new one, re-create its indexes, triggers and views), with foreign keys off during it';

function unsupported(reason: string): FixStep {
  return { forward: [], rollback: [], lockImpact: 'None: no SQL was written.', transactional: true, unsupported: reason };
}

const WRITE_LOCK = 'SQLite takes a write lock on the whole database while the statement runs: other writers wait (readers continue in WAL mode).';

/** Expressions SQLite refuses as the default of an added column (non-constant ones). */
const NON_CONSTANT_DEFAULT = /\b(current_timestamp|current_date|current_time|now|random|datetime|date|time|strftime)\b|\(/i;

export function sqliteFix(op: FixOp, table?: Table): FixStep {
  switch (op.op) {
    case 'add-index':
    case 'add-unique': {
      const unique = op.op === 'add-unique' || op.unique;
      const name = op.name ?? indexName(op.table, op.columns, unique ? 'key' : 'idx');
      const where = op.predicate ? ` WHERE ${op.predicate}` : '';
      const t = sqliteIdent(op.table);
      const step: FixStep = {
        forward: [`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${sqliteIdent(name)} ON ${t} (${list(op.columns)})${where};`],
        rollback: [`DROP INDEX IF EXISTS ${sqliteIdent(name)};`],
        lockImpact: `${WRITE_LOCK} The index is built in one pass over ${op.table}.`,
        transactional: true,
      };
      const cols = list(op.columns);
      if (unique) {
        step.preflight = `SELECT ${cols}, count(*) AS rows_sharing_it\nFROM ${t}${where}\nGROUP BY ${cols}\nHAVING count(*) > 1\nLIMIT 10;`;
        step.preflightMeaning = `Each row is a value of (${op.columns.join(', ')}) that more than one row holds: the unique index cannot be built until they differ.`;
      } else {
        step.preflight = `SELECT name FROM sqlite_master WHERE type = 'index' AND name = ${sqliteLiteral(name)};`;
        step.preflightMeaning = `A row means an index named ${name} exists already: IF NOT EXISTS would skip the build and the rollback would drop that index.`;
      }
      return step;
    }
    case 'drop-index': {
      const existing = table?.indexes.find((ix) => ix.name === op.name);
      const definition = existing?.definition ?? op.definition;
      if (!/^\s*CREATE\s/i.test(definition)) return unsupported(`the definition of ${op.name} is not known as SQL (${definition}), so no rollback could rebuild it`);
      return {
        forward: [`DROP INDEX IF EXISTS ${sqliteIdent(op.name)};`],
        rollback: [definition.trim().endsWith(';') ? definition.trim() : `${definition.trim()};`],
        lockImpact: `${WRITE_LOCK} Dropping an index is quick.`,
        transactional: true,
      };
    }
    case 'add-column': {
      if (op.default !== undefined && NON_CONSTANT_DEFAULT.test(op.default)) {
        return unsupported(
          `SQLite's ALTER TABLE ADD COLUMN refuses a non-constant default (${op.default}): add the column without it and fill it, or ${REBUILD.charAt(0).toLowerCase()}${REBUILD.slice(1)}`,
        );
      }
      if (!op.nullable && op.default === undefined) return unsupported('SQLite adds a NOT NULL column only with a default that fills the rows already there');
      const t = sqliteIdent(op.table);
      return {
        forward: [`ALTER TABLE ${t} ADD COLUMN ${sqliteIdent(op.column)} ${op.type}${op.default !== undefined ? ` DEFAULT ${op.default}` : ''}${op.nullable ? '' : ' NOT NULL'};`],
        rollback: [`ALTER TABLE ${t} DROP COLUMN ${sqliteIdent(op.column)};`],
        preflight: `SELECT name FROM pragma_table_info(${sqliteLiteral(op.table)}) WHERE name = ${sqliteLiteral(op.column)};`,
        preflightMeaning: `A row means ${op.column} exists already: the ADD fails.`,
        lockImpact: `${WRITE_LOCK} Adding a column changes only the schema (no row is rewritten).`,
        transactional: true,
        notes: ['The rollback needs SQLite 3.35 or later (DROP COLUMN), and fails if an index, view or trigger uses the column.'],
      };
    }
    case 'enable-rls':
    case 'set-function-search-path':
      return unsupported('row-level security and functions are PostgreSQL features');
    default:
      return unsupported(REBUILD);
  }
}

export function sqliteFixSql(ops: FixOp[], catalog?: Catalog): JoinedFixSql {
  return joinFixSteps(ops.map((op) => sqliteFix(op, 'table' in op ? catalog?.tables.find((t) => t.name === op.table && t.schema === op.schema) : undefined)));
}
