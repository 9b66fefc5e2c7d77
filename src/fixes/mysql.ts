// The MySQL / MariaDB fix writer: turns a dialect-neutral FixOp into the statements that apply it, the
// statements that undo it, and the pre-flight queries that tell whether the data lets it apply.
// Every ALTER names its algorithm and lock (ALGORITHM=INPLACE, LOCK=NONE where InnoDB allows it), so
// the server refuses the statement instead of quietly falling back to a table copy that blocks writes.
// docs/fixes.md ("MySQL and MariaDB") explains each choice.
import type { Catalog, Column, ForeignKey, Table } from '../catalog/types.js';
import type { FixOp } from './operations.js';
import { objectName } from './quote.js';
import { mysqlClipName, mysqlIdent, mysqlLiteral, mysqlQualify } from './mysql-quote.js';
import {
  isPlainConversion,
  mysqlDefault,
  mysqlExpression,
  mysqlNativeDefault,
  mysqlType,
  UntranslatableSql,
  type MysqlFlavour,
} from './mysql-expression.js';
import { joinFixSteps, type FixStep, type JoinedFixSql } from './step.js';

export type { FixStep } from './step.js';
export type { MysqlFlavour } from './mysql-expression.js';

export interface MysqlFixContext {
  /** The table the operation changes, as the catalog has it: MODIFY needs each column's full definition. */
  table?: Table;
  /** Every table of the catalog: the foreign keys that reference a column, the referenced columns' types. */
  tables?: Table[];
  /** MySQL or MariaDB, when known (every MySQL source says which). */
  flavour?: MysqlFlavour;
  /** The server's version (live sources only), e.g. [10, 11, 9]. */
  version?: [number, number, number];
  /** Estimated rows of the table (live statistics), to size the lock impact. */
  rowEstimate?: number;
}

// ---------------------------------------------------------------------------------------------------
// Pieces

const ONLINE = 'ALGORITHM=INPLACE, LOCK=NONE';
const COPY = 'ALGORITHM=COPY, LOCK=SHARED';
const INSTANT = 'ALGORITHM=INSTANT';

const MDL =
  'Like every ALTER TABLE, it takes an exclusive metadata lock on the table for a moment at the start and at the end, which waits for ' +
  'transactions already using the table (and queues everything behind it): set lock_wait_timeout in the session.';

type Op<K extends FixOp['op']> = Extract<FixOp, { op: K }>;

const id = mysqlIdent;

function rel(op: { schema: string; table: string }): string {
  return mysqlQualify(op.schema, op.table);
}

function list(columns: string[]): string {
  return columns.map(id).join(', ');
}

/** The database an information_schema query looks in: the named one, or the session's current one. */
function dbOf(schema: string): string {
  return schema ? mysqlLiteral(schema) : 'DATABASE()';
}

function rowsText(ctx: MysqlFixContext): string {
  const n = ctx.rowEstimate;
  if (n === undefined || !Number.isFinite(n) || n < 0) return '';
  return ` (about ${Math.round(n).toLocaleString('en-US')} rows)`;
}

function commented(lines: string[]): string {
  return lines.map((l) => (l ? `-- ${l}` : '--')).join('\n');
}

function unsupported(reason: string): FixStep {
  return { forward: [], rollback: [], lockImpact: 'None: no SQL was written.', transactional: false, unsupported: reason };
}

/** Whether the server is at least the given version; undefined when the version (or flavour) is not known. */
function atLeast(ctx: MysqlFixContext, mysql: number[], mariadb: number[]): boolean | undefined {
  if (!ctx.version || !ctx.flavour) return undefined;
  const want = ctx.flavour === 'mariadb' ? mariadb : mysql;
  for (let i = 0; i < 3; i++) {
    const have = ctx.version[i] ?? 0;
    if (have !== (want[i] ?? 0)) return have > (want[i] ?? 0);
  }
  return true;
}

function catalogColumn(ctx: MysqlFixContext, name: string): Column | undefined {
  return ctx.table?.columns.find((c) => c.name === name) ?? ctx.table?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

function findTable(ctx: MysqlFixContext, schema: string, name: string): Table | undefined {
  return ctx.tables?.find((t) => t.schema === schema && t.name === name);
}

/**
 * A column's full definition for MODIFY, from the catalog: MySQL has no ALTER COLUMN … SET NOT NULL or
 * … TYPE, so MODIFY restates the column, and whatever it leaves out (a default, AUTO_INCREMENT, ON UPDATE,
 * the comment) is dropped.
 */
function columnDefinition(column: Column, over: { type?: string; nullable?: boolean } = {}): string {
  if (column.generated !== undefined) {
    throw new UntranslatableSql(`${column.name} is a generated column; the catalog does not record whether it is STORED or VIRTUAL, so MODIFY cannot restate it`);
  }
  const nullable = over.nullable ?? column.nullable;
  const parts = [over.type ?? column.dataType, nullable ? 'NULL' : 'NOT NULL'];
  if (column.default !== undefined && column.default.toUpperCase() !== 'NULL') parts.push(`DEFAULT ${mysqlNativeDefault(column.default)}`);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  if (column.onUpdate) parts.push(`ON UPDATE ${column.onUpdate}`);
  if (column.comment) parts.push(`COMMENT ${mysqlLiteral(column.comment)}`);
  return parts.join(' ');
}

/**
 * Rows when a MODIFY of `column` would silently lose something the catalog does not record: a character
 * set or collation of its own (MODIFY without COLLATE takes the table's), an INVISIBLE flag, or, on
 * MariaDB, a column-level CHECK (part of the column's definition there, so MODIFY drops it). MariaDB's
 * json type brings its own utf8mb4_bin collation and json_valid() check back, so those are not listed.
 */
function modifyGuard(op: { schema: string; table: string }, column: string, ctx: MysqlFixContext): string {
  const db = dbOf(op.schema);
  const t = mysqlLiteral(op.table);
  const c = mysqlLiteral(column);
  const jsonCollation = catalogColumn(ctx, column)?.dataType === 'json' ? ` AND NOT (col.COLLATION_NAME = 'utf8mb4_bin')` : '';
  const parts = [
    `SELECT col.COLUMN_NAME AS column_name,\n` +
      `       CASE WHEN col.EXTRA LIKE '%INVISIBLE%' THEN 'invisible column' ELSE 'collation of its own' END AS problem,\n` +
      `       CONCAT(col.COLLATION_NAME, ' / ', col.EXTRA) AS detail\n` +
      `FROM information_schema.COLUMNS AS col\n` +
      `JOIN information_schema.TABLES AS tab ON tab.TABLE_SCHEMA = col.TABLE_SCHEMA AND tab.TABLE_NAME = col.TABLE_NAME\n` +
      `WHERE col.TABLE_SCHEMA = ${db} AND col.TABLE_NAME = ${t} AND col.COLUMN_NAME = ${c}\n` +
      `  AND (col.EXTRA LIKE '%INVISIBLE%' OR (col.COLLATION_NAME <> tab.TABLE_COLLATION${jsonCollation}))`,
  ];
  if (ctx.flavour === 'mariadb') {
    parts.push(
      `SELECT CONSTRAINT_NAME, 'column-level CHECK', CHECK_CLAUSE\n` +
        `FROM information_schema.CHECK_CONSTRAINTS\n` +
        `WHERE CONSTRAINT_SCHEMA = ${db} AND TABLE_NAME = ${t} AND LEVEL = 'Column' AND CONSTRAINT_NAME = ${c}\n` +
        `  AND CHECK_CLAUSE <> ${mysqlLiteral(`json_valid(${id(column)})`)}`,
    );
  }
  return `${parts.join('\nUNION ALL\n')};`;
}

const MODIFY_GUARD_MEANING =
  'A row of the column check means MODIFY would change more than intended: the column has a collation of its own (MODIFY restates ' +
  'the column from the catalog, which does not record it, so it would take the table\'s), is INVISIBLE, or has a column-level CHECK ' +
  '(MariaDB drops it with the old definition). Add that clause to the MODIFY in both the forward and the rollback before applying.';

/** Rows when the session would let MODIFY … NOT NULL turn NULLs into 0 or '' instead of failing. */
const STRICT_MODE_QUERY =
  `SELECT @@SESSION.sql_mode AS sql_mode\nFROM DUAL\nWHERE @@SESSION.sql_mode NOT LIKE '%STRICT_TRANS_TABLES%' AND @@SESSION.sql_mode NOT LIKE '%STRICT_ALL_TABLES%';`;

const STRICT_MODE_MEANING =
  'A row of the sql_mode check means the session is not in strict mode: there, making a column NOT NULL quietly turns NULLs (including ' +
  'any written during the rebuild) into 0, \'\' or a zero date instead of failing. Run the forward in a session with STRICT_TRANS_TABLES.';

/** `a = c.a AND b = c.b`-style conditions joining two aliases column by column. */
function pairs(left: string, leftCols: string[], right: string, rightCols: string[]): string {
  return leftCols.map((c, i) => `${left}.${id(c)} = ${right}.${id(rightCols[i])}`).join(' AND ');
}

function notNulls(alias: string | undefined, columns: string[]): string {
  return columns.map((c) => `${alias ? `${alias}.` : ''}${id(c)} IS NOT NULL`).join(' AND ');
}

type FkShape = { schema: string; table: string; columns: string[]; refSchema: string; refTable: string; refColumns: string[] };

function orphansCondition(op: FkShape): string {
  return `${notNulls('c', op.columns)}\n  AND NOT EXISTS (SELECT 1 FROM ${mysqlQualify(op.refSchema, op.refTable)} AS p WHERE ${pairs('p', op.refColumns, 'c', op.columns)})`;
}

function orphansQuery(op: FkShape): string {
  const cols = op.columns.map((c) => `c.${id(c)}`).join(', ');
  return `SELECT ${cols}, count(*) AS orphan_rows\nFROM ${rel(op)} AS c\nWHERE ${orphansCondition(op)}\nGROUP BY ${cols}\nORDER BY orphan_rows DESC\nLIMIT 10;`;
}

function orphansBackfill(op: FkShape): string {
  const cond = orphansCondition(op).replace(/\n\s*/g, ' ');
  return commented([
    'Orphans must be resolved first; pick one (in batches on a large table, e.g. with LIMIT 10000 repeated):',
    `clear the reference (only if the column${op.columns.length > 1 ? 's allow' : ' allows'} NULL):`,
    `UPDATE ${rel(op)} AS c SET ${op.columns.map((c) => `c.${id(c)} = NULL`).join(', ')} WHERE ${cond};`,
    'or delete the orphan rows:',
    `DELETE c FROM ${rel(op)} AS c WHERE ${cond};`,
  ]);
}

function duplicatesQuery(schema: string, table: string, columns: string[]): string {
  const cols = list(columns);
  return `SELECT ${cols}, count(*) AS row_count\nFROM ${mysqlQualify(schema, table)}\nWHERE ${notNulls(undefined, columns)}\nGROUP BY ${cols}\nHAVING count(*) > 1\nORDER BY row_count DESC\nLIMIT 10;`;
}

function duplicatesBackfill(schema: string, table: string, columns: string[], key?: string): string {
  const r = mysqlQualify(schema, table);
  const k = key ? id(key) : '<primary key>';
  return commented([
    'Duplicates must go (or be made distinct) first. Decide which row of each group to keep, then e.g. (keeps the lowest key):',
    `DELETE d FROM ${r} AS d JOIN ${r} AS k ON ${columns.map((c) => `k.${id(c)} = d.${id(c)}`).join(' AND ')} AND k.${k} < d.${k};`,
  ]);
}

/** The single-column primary key of a table, when the catalog knows it (for the duplicates template). */
function singleKey(ctx: MysqlFixContext): string | undefined {
  const pk = ctx.table?.primaryKey?.columns;
  return pk && pk.length === 1 ? pk[0] : undefined;
}

/** A query listing an index of that name on the table already: MySQL has no ADD INDEX IF NOT EXISTS. */
function indexNameTakenQuery(schema: string, table: string, name: string): string {
  return (
    `SELECT DISTINCT INDEX_NAME AS existing_index\nFROM information_schema.STATISTICS\n` +
    `WHERE TABLE_SCHEMA = ${dbOf(schema)} AND TABLE_NAME = ${mysqlLiteral(table)} AND INDEX_NAME = ${mysqlLiteral(name)};`
  );
}

/**
 * The foreign keys (of this table, or of tables that reference it) that only `index` can serve: InnoDB
 * needs an index that starts with a foreign key's columns on both sides, and refuses to drop the last one.
 */
function indexNeededQuery(schema: string, table: string, index: string): string {
  const db = dbOf(schema);
  const t = mysqlLiteral(table);
  const ix = mysqlLiteral(index);
  const starts = (cols: string) => `LEFT(CONCAT(${cols}, ','), CHAR_LENGTH(fk.cols) + 1) = CONCAT(fk.cols, ',')`;
  return (
    `SELECT fk.CONSTRAINT_NAME AS foreign_key, fk.TABLE_NAME AS on_table, fk.cols AS key_columns\n` +
    `FROM (\n` +
    `  SELECT CONSTRAINT_NAME, TABLE_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) AS cols\n` +
    `  FROM information_schema.KEY_COLUMN_USAGE\n` +
    `  WHERE TABLE_SCHEMA = ${db} AND TABLE_NAME = ${t} AND REFERENCED_TABLE_NAME IS NOT NULL\n` +
    `  GROUP BY CONSTRAINT_NAME, TABLE_NAME\n` +
    `  UNION ALL\n` +
    `  SELECT CONSTRAINT_NAME, TABLE_NAME, GROUP_CONCAT(REFERENCED_COLUMN_NAME ORDER BY ORDINAL_POSITION)\n` +
    `  FROM information_schema.KEY_COLUMN_USAGE\n` +
    `  WHERE REFERENCED_TABLE_SCHEMA = ${db} AND REFERENCED_TABLE_NAME = ${t}\n` +
    `  GROUP BY TABLE_SCHEMA, CONSTRAINT_NAME, TABLE_NAME\n` +
    `) AS fk\n` +
    `JOIN (\n` +
    `  SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols\n` +
    `  FROM information_schema.STATISTICS\n` +
    `  WHERE TABLE_SCHEMA = ${db} AND TABLE_NAME = ${t} AND INDEX_NAME = ${ix}\n` +
    `) AS ix ON ${starts('ix.cols')}\n` +
    `WHERE NOT EXISTS (\n` +
    `  SELECT 1 FROM (\n` +
    `    SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols\n` +
    `    FROM information_schema.STATISTICS\n` +
    `    WHERE TABLE_SCHEMA = ${db} AND TABLE_NAME = ${t} AND INDEX_NAME <> ${ix}\n` +
    `    GROUP BY INDEX_NAME\n` +
    `  ) AS o\n` +
    `  WHERE ${starts('o.cols')}\n` +
    `);`
  );
}

const INDEX_NEEDED_MEANING = (index: string) =>
  `A row of the foreign-key check is a foreign key that only ${index} can serve (InnoDB needs an index starting with a foreign key's ` +
  'columns on both tables): dropping it fails (error 1553). Add another index that starts with those columns first, or keep this one.';

const FK_ACTIONS: Record<string, string> = {
  'no action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
};

function fkAction(action: string | undefined): string | undefined {
  if (action === undefined) return undefined;
  return FK_ACTIONS[action.trim().toLowerCase().replace(/[\s_-]+/g, ' ')];
}

/**
 * ` ON DELETE …` for an action, empty for RESTRICT (InnoDB's default: SHOW CREATE TABLE prints nothing for it,
 * and a key added in place with an explicit RESTRICT comes back as NO ACTION on MariaDB). NO ACTION, which
 * InnoDB enforces exactly like RESTRICT, is written only where MariaDB shows it.
 */
function actionClause(event: 'DELETE' | 'UPDATE', action: string | undefined, ctx: MysqlFixContext): string {
  if (!action || action === 'RESTRICT') return '';
  if (action === 'NO ACTION' && ctx.flavour !== 'mariadb') return '';
  return ` ON ${event} ${action}`;
}

function referencesClause(op: FkShape, onDelete: string | undefined, onUpdate: string | undefined, ctx: MysqlFixContext): string {
  return `REFERENCES ${mysqlQualify(op.refSchema, op.refTable)} (${list(op.refColumns)})${actionClause('DELETE', onDelete, ctx)}${actionClause('UPDATE', onUpdate, ctx)}`;
}

/**
 * Statements run with foreign_key_checks=0: on MariaDB each one alone (SET STATEMENT … FOR), so a failure
 * never leaves the session unchecked; on MySQL between SET SESSION statements.
 */
function withoutFkChecks(statements: string[], ctx: MysqlFixContext): string[] {
  if (ctx.flavour === 'mariadb') return statements.map((s) => `SET STATEMENT foreign_key_checks = 0 FOR ${s}`);
  return ['SET SESSION foreign_key_checks = 0;', ...statements, 'SET SESSION foreign_key_checks = 1;'];
}

/** The name InnoDB uses for the temporary foreign key while one is swapped (64 characters at most). */
function tmpName(name: string): string {
  return `${mysqlClipName(name).slice(0, 60)}_tmp`;
}

/** Whether some index of the table starts with exactly these columns (so a foreign key on them needs no new one). */
function hasLeadingIndex(table: Table, columns: string[]): boolean {
  const lower = columns.map((c) => c.toLowerCase());
  return table.indexes.some((ix) => lower.every((c, i) => ix.columns[i]?.toLowerCase() === c));
}

/** A type in one spelling for comparing two columns: lower case, no integer display width. */
function comparableType(type: string): string {
  return type
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, '$1')
    .replace(/^integer/, 'int');
}

/** The foreign keys a column takes part in, on either side. */
function foreignKeysOf(op: { schema: string; table: string }, column: string, ctx: MysqlFixContext): string[] {
  const out: string[] = [];
  for (const fk of ctx.table?.foreignKeys ?? []) if (fk.columns.includes(column)) out.push(`${fk.name} (${op.table}.${column} → ${fk.refTable})`);
  for (const t of ctx.tables ?? []) {
    for (const fk of t.foreignKeys) {
      const i = fk.refColumns.indexOf(column);
      if (i >= 0 && fk.refTable === op.table && fk.refSchema === op.schema && !(t === ctx.table && fk.columns[i] === column)) {
        out.push(`${fk.name} (${t.name}.${fk.columns[i]} → ${op.table}.${column})`);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The writer

/** The MySQL/MariaDB statements for one fix operation. Never throws: an operation it cannot write comes back `unsupported`. */
export function mysqlFix(op: FixOp, ctx: MysqlFixContext = {}): FixStep {
  try {
    const step = write(op, ctx);
    if (step.unsupported) return step;
    const engine = ctx.table?.engine;
    if (engine && engine.toLowerCase() !== 'innodb') return withoutOnlineDdl(step, engine, op);
    if (REBUILDS.has(op.op) && ctx.table?.indexes.some((ix) => ix.method === 'fulltext')) return withSharedLockForFulltext(step, op);
    return step;
  } catch (e) {
    if (e instanceof UntranslatableSql) return unsupported(e.message);
    return unsupported(`the MySQL writer failed on this operation: ${(e as Error).message}`);
  }
}

/**
 * Online DDL (ALGORITHM=INPLACE/INSTANT, LOCK=NONE) is InnoDB's: on another engine (MyISAM, Aria…) the
 * server refuses those clauses, and every ALTER TABLE copies the table under a table lock. The clauses
 * are taken out and the lock impact says so.
 */
function withoutOnlineDdl(step: FixStep, engine: string, op: FixOp): FixStep {
  const strip = (sql: string) => sql.replace(/,\s*ALGORITHM=\w+(,\s*LOCK=\w+)?;$/i, ';').replace(/,\s*LOCK=\w+;$/i, ';');
  const table = 'table' in op ? op.table : 'the table';
  return {
    ...step,
    forward: step.forward.map(strip),
    rollback: step.rollback.map(strip),
    lockImpact:
      `${table} uses the ${engine} engine, which has no online DDL: each ALTER TABLE copies the table under a table lock, so reads and writes wait until it ends.` +
      (engine.toLowerCase() === 'myisam' ? ' MyISAM also ignores foreign keys and CHECK constraints are its only checks: consider converting the table to InnoDB first.' : ''),
  };
}

/** Operations that rebuild the table (or may): InnoDB rebuilds a table with a FULLTEXT index only under LOCK=SHARED. */
const REBUILDS = new Set<FixOp['op']>(['add-column', 'set-not-null', 'add-primary-key', 'alter-type']);

function withSharedLockForFulltext(step: FixStep, op: FixOp): FixStep {
  const relock = (sql: string) => sql.replace(/ALGORITHM=INSTANT;$/, 'ALGORITHM=INPLACE, LOCK=SHARED;').replace(/LOCK=NONE;$/, 'LOCK=SHARED;');
  const table = 'table' in op ? op.table : 'the table';
  return {
    ...step,
    forward: step.forward.map(relock),
    rollback: step.rollback.map(relock),
    lockImpact:
      `${table} has a FULLTEXT index, and InnoDB rebuilds such a table (no ALGORITHM=INSTANT) only with LOCK=SHARED: reads continue, writes wait until the rebuild ends. ` +
      step.lockImpact,
  };
}

function write(op: FixOp, ctx: MysqlFixContext): FixStep {
  switch (op.op) {
    case 'add-index':
      return addIndex(op, ctx);
    case 'drop-index':
      return dropIndex(op, ctx);
    case 'add-foreign-key':
      return addForeignKey(op, ctx);
    case 'set-on-delete':
      return setOnDelete(op, ctx);
    case 'set-not-null':
      return setNotNull(op, ctx);
    case 'drop-default':
      return dropDefault(op, ctx);
    case 'add-check':
      return addCheck(op, ctx);
    case 'add-primary-key':
      return addPrimaryKey(op, ctx);
    case 'add-unique':
      return addUnique(op, ctx);
    case 'replace-unique':
      return replaceUnique(op, ctx);
    case 'alter-type':
      return alterType(op, ctx);
    case 'add-column':
      return addColumn(op, ctx);
    case 'enable-rls':
      return unsupported('row-level security is a PostgreSQL feature: MySQL and MariaDB have no row policies (filter by tenant in views or in the application)');
    case 'set-function-search-path':
      return unsupported('search_path is a PostgreSQL setting: MySQL and MariaDB routines resolve unqualified names in their own database, so there is nothing to pin');
    default: {
      const kind = (op as { op?: unknown }).op;
      return unsupported(`the MySQL writer does not know the fix operation ${JSON.stringify(kind)}; apply it by hand`);
    }
  }
}

const NO_PARTIAL_INDEX =
  'MySQL and MariaDB have no partial indexes (… WHERE …). The usual substitute for a key that ignores soft-deleted rows is a generated ' +
  'column that is NULL for those rows (e.g. alive AS (IF(deleted_at IS NULL, 1, NULL))) added to the unique key: NULLs never collide';

function onlineIndexLocks(table: string, ctx: MysqlFixContext, what: string): string {
  return (
    `InnoDB builds the ${what} in place (ALGORITHM=INPLACE: no table copy) while reads and writes to ${table} continue (LOCK=NONE)${rowsText(ctx)}; ` +
    `the server refuses the statement rather than fall back to a method that blocks writes. ${MDL}`
  );
}

function addIndex(op: Op<'add-index'>, ctx: MysqlFixContext): FixStep {
  if (op.predicate) return unsupported(`${NO_PARTIAL_INDEX}.`);
  if (op.unique) return addUnique({ op: 'add-unique', schema: op.schema, table: op.table, columns: op.columns, ...(op.name ? { name: op.name } : {}) }, ctx);
  const name = op.name ? mysqlClipName(op.name) : objectName([op.table, ...op.columns], 'idx');
  return {
    forward: [`ALTER TABLE ${rel(op)} ADD INDEX ${id(name)} (${list(op.columns)}), ${ONLINE};`],
    rollback: [`ALTER TABLE ${rel(op)} DROP INDEX ${id(name)}, ${ONLINE};`],
    preflight: indexNameTakenQuery(op.schema, op.table, name),
    preflightMeaning: `A row means ${op.table} already has an index named ${name}: the ADD fails (MySQL has no ADD INDEX IF NOT EXISTS), and the rollback would drop that index. Choose another name.`,
    lockImpact: onlineIndexLocks(op.table, ctx, 'secondary index'),
    transactional: false,
  };
}

/** An index definition as the MySQL catalog prints it (`UNIQUE KEY \`x\` (\`a\`(10))`), or undefined for one ADD cannot take. */
function readdableDefinition(definition: string | undefined): { sql: string; fulltext: boolean } | undefined {
  const def = (definition ?? '').trim();
  if (/^(UNIQUE\s+)?(KEY|INDEX)\s/i.test(def)) return { sql: def, fulltext: false };
  if (/^(FULLTEXT|SPATIAL)\s+(KEY|INDEX)\s/i.test(def)) return { sql: def, fulltext: true };
  return undefined;
}

function dropIndex(op: Op<'drop-index'>, ctx: MysqlFixContext): FixStep {
  if (op.name.toUpperCase() === 'PRIMARY') return unsupported('dropping the primary key is not an index drop: InnoDB rebuilds the table around another key, and only by copying it');
  const def = readdableDefinition(op.definition) ?? readdableDefinition(ctx.table?.indexes.find((i) => i.name === op.name)?.definition);
  const notes: string[] = [];
  const rollback: string[] = [];
  if (def) {
    // FULLTEXT and SPATIAL indexes are built in place but not with concurrent writes.
    rollback.push(`ALTER TABLE ${rel(op)} ADD ${def.sql}, ${def.fulltext ? 'ALGORITHM=INPLACE, LOCK=SHARED' : ONLINE};`);
    notes.push('The rollback rebuilds the index from its saved definition; that takes as long as the original build.');
  } else {
    notes.push(`The index's definition is not known, so no rollback is written: save it first (SHOW CREATE TABLE ${rel(op)}).`);
  }
  return {
    forward: [`ALTER TABLE ${rel(op)} DROP INDEX ${id(op.name)}, ${ONLINE};`],
    rollback,
    preflight: indexNeededQuery(op.schema, op.table, op.name),
    preflightMeaning: INDEX_NEEDED_MEANING(op.name),
    lockImpact: `Dropping a secondary index changes only metadata (in place, LOCK=NONE): reads and writes to ${op.table} continue. ${MDL}`,
    transactional: false,
    notes,
  };
}

function addForeignKey(op: Op<'add-foreign-key'>, ctx: MysqlFixContext): FixStep {
  const onDelete = op.onDelete === undefined ? undefined : fkAction(op.onDelete);
  if (op.onDelete !== undefined && !onDelete) return unsupported(`ON DELETE ${JSON.stringify(op.onDelete)} is not an action MySQL knows`);
  if (onDelete === 'SET DEFAULT') return unsupported('InnoDB refuses ON DELETE SET DEFAULT');
  if (op.columns.length !== op.refColumns.length || !op.columns.length) return unsupported('the foreign key has no columns, or not as many as the referenced columns');
  const parent = findTable(ctx, op.refSchema, op.refTable);
  if (ctx.table && parent) {
    for (let i = 0; i < op.columns.length; i++) {
      const child = catalogColumn(ctx, op.columns[i]);
      const key = parent.columns.find((c) => c.name === op.refColumns[i]);
      if (!child || !key) continue;
      const a = comparableType(child.dataType);
      const b = comparableType(key.dataType);
      const strings = (t: string) => /^(var)?char\(/.test(t);
      if (a !== b && !(strings(a) && strings(b))) {
        return unsupported(
          `${op.table}.${child.name} is ${child.dataType} but ${op.refTable}.${key.name} is ${key.dataType}: InnoDB refuses a foreign key between ` +
            'columns of different types (errno 150); make the types equal first',
        );
      }
    }
  }
  const name = op.name ? mysqlClipName(op.name) : objectName([op.table, ...op.columns], 'fkey');
  const r = rel(op);
  const add = `ALTER TABLE ${r} ADD CONSTRAINT ${id(name)} FOREIGN KEY (${list(op.columns)}) ${referencesClause(op, onDelete, undefined, ctx)}, ${COPY};`;
  // InnoDB creates an index named after the constraint when none starts with its columns: the rollback drops it too.
  const createsIndex = ctx.table ? !hasLeadingIndex(ctx.table, op.columns) : undefined;
  const notes = [
    'The forward is the validating form: with foreign_key_checks=1 the server checks every existing row, and it can only do that by copying the table. ' +
      `The in-place form is ${withoutFkChecks([`ALTER TABLE ${r} ADD CONSTRAINT ${id(name)} FOREIGN KEY (${list(op.columns)}) ${referencesClause(op, onDelete, undefined, ctx)}, ${ONLINE};`], ctx).join(' ')} ` +
      '(no copy, writes continue), but then no existing row is checked: run the orphan pre-flight just before and again just after it, since rows written in between are not checked either.',
    `${op.refTable} (${op.refColumns.join(', ')}) needs an index that starts with those columns (its primary key or a unique key), and both sides the same type, or the ADD fails with errno 150.`,
  ];
  if (ctx.flavour !== 'mariadb') notes.push('Run the forward with foreign_key_checks=1 (the default): with 0, even the copy checks nothing.');
  if (createsIndex === undefined) {
    notes.push(`If no index of ${op.table} starts with (${op.columns.join(', ')}), InnoDB creates one named ${name}; the rollback leaves it: drop it too (ALTER TABLE ${r} DROP INDEX ${id(name)}).`);
  }
  return {
    forward: [ctx.flavour === 'mariadb' ? `SET STATEMENT foreign_key_checks = 1 FOR ${add}` : add],
    rollback: [`ALTER TABLE ${r} DROP FOREIGN KEY ${id(name)}${createsIndex ? `, DROP INDEX ${id(name)}` : ''}, ${ONLINE};`],
    preflight: orphansQuery(op),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) that no row of ${op.refTable} has (orphans), with how many rows hold it: the ADD fails until they are resolved.`,
    backfill: orphansBackfill(op),
    lockImpact:
      `Adding a foreign key that checks the existing rows copies ${op.table}${rowsText(ctx)} (ALGORITHM=COPY; ALGORITHM=INPLACE is only allowed with foreign_key_checks=0, which checks nothing): ` +
      `with LOCK=SHARED reads continue but writes to ${op.table} wait for the whole copy${createsIndex ? `, which also builds the index ${name} the key needs` : ''}. ${MDL}`,
    transactional: false,
    notes,
  };
}

function setOnDelete(op: Op<'set-on-delete'>, ctx: MysqlFixContext): FixStep {
  const to = fkAction(op.to);
  const from = fkAction(op.from);
  if (!to || !from) return unsupported(`ON DELETE ${JSON.stringify(op.to)} or ${JSON.stringify(op.from)} is not an action MySQL knows`);
  if (to === 'SET DEFAULT') return unsupported('InnoDB refuses ON DELETE SET DEFAULT');
  const existing: ForeignKey | undefined = ctx.table?.foreignKeys.find((fk) => fk.name === op.constraint);
  const onUpdate = fkAction(existing?.onUpdate);
  const r = rel(op);
  const tmp = tmpName(op.constraint);
  const swap = (action: string, dropName: string, addName: string) =>
    `ALTER TABLE ${r} DROP FOREIGN KEY ${id(dropName)}, ADD CONSTRAINT ${id(addName)} FOREIGN KEY (${list(op.columns)}) ${referencesClause(op, action, onUpdate, ctx)}, ${ONLINE};`;
  const notes = [
    `MariaDB refuses to drop and add a foreign key of the same name in one ALTER TABLE, so the key is swapped twice, through ${tmp}: each ALTER drops one and adds the other, so ${op.table} is never without it, and the name ends as it was.`,
    'With foreign_key_checks=0 the server does not check existing rows against the new key: the old key guaranteed them, unless it was itself added with checks off (a mysqldump restore does that), which is what the pre-flight looks for.',
  ];
  if (ctx.flavour !== 'mariadb') notes.push('If a statement fails, run SET SESSION foreign_key_checks = 1 before anything else in that session.');
  if (!existing) notes.push('The constraint was not found in the catalog, so its ON UPDATE action is not carried over: add it to every statement if it had one.');
  return {
    forward: withoutFkChecks([swap(to, op.constraint, tmp), swap(to, tmp, op.constraint)], ctx),
    rollback: withoutFkChecks([swap(from, op.constraint, tmp), swap(from, tmp, op.constraint)], ctx),
    preflight: orphansQuery(op),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) that no row of ${op.refTable} has: the key has been bypassed (added or loaded with foreign_key_checks=0). Resolve them first: the swap does not check existing rows.`,
    backfill: orphansBackfill(op),
    lockImpact:
      `With foreign_key_checks=0, dropping and adding a foreign key are in place and change only metadata (ALGORITHM=INPLACE, LOCK=NONE): no copy, no scan, ` +
      `reads and writes to ${op.table} continue. Each ALTER takes an exclusive metadata lock on ${op.table} and ${op.refTable} for a moment, which waits for transactions using them: set lock_wait_timeout.`,
    transactional: false,
    notes,
  };
}

function needColumn(ctx: MysqlFixContext, op: { table: string }, column: string): Column {
  const col = catalogColumn(ctx, column);
  if (!col) throw new UntranslatableSql(`MODIFY restates the whole column and ${op.table}.${column} is not in the catalog, so its definition is not known`);
  return col;
}

/**
 * Whether making the column NOT NULL must copy the table: InnoDB fills the NULLs it would meet with the
 * column's default while rebuilding in place, and refuses to when that default is not a constant
 * (CURRENT_TIMESTAMP, or a TIMESTAMP without a default, whose implicit one is the current time).
 */
function notNullNeedsCopy(column: Column): boolean {
  const d = column.default?.trim();
  if (d && /^(current_timestamp|now|localtime|localtimestamp)(\(\d*\))?$/i.test(d)) return true;
  return /^timestamp\b/i.test(column.dataType) && (d === undefined || d.toUpperCase() === 'NULL');
}

function setNotNull(op: Op<'set-not-null'>, ctx: MysqlFixContext): FixStep {
  const col = needColumn(ctx, op, op.column);
  const r = rel(op);
  const c = id(op.column);
  const copy = notNullNeedsCopy(col);
  return {
    forward: [`ALTER TABLE ${r} MODIFY ${c} ${columnDefinition(col, { nullable: false })}, ${copy ? COPY : ONLINE};`],
    rollback: [`ALTER TABLE ${r} MODIFY ${c} ${columnDefinition(col, { nullable: true })}, ${ONLINE};`],
    preflight: [`SELECT count(*) AS null_rows\nFROM ${r}\nWHERE ${c} IS NULL\nHAVING count(*) > 0;`, STRICT_MODE_QUERY, modifyGuard(op, op.column, ctx)].join('\n\n'),
    preflightMeaning: `A row of the first query gives the number of rows where ${op.column} is NULL: the change fails until each gets a value (or is deleted). ${STRICT_MODE_MEANING} ${MODIFY_GUARD_MEANING}`,
    backfill: commented(['Give every NULL a value first (in batches on a large table), e.g.:', `UPDATE ${r} SET ${c} = <value> WHERE ${c} IS NULL LIMIT 10000;`]),
    lockImpact: copy
      ? `${op.column}'s default is not a constant (${col.default ?? `a ${col.dataType} without one defaults to the current time`}), and InnoDB will not make such a column NOT NULL in place: ` +
        `MODIFY copies ${op.table}${rowsText(ctx)} (ALGORITHM=COPY) with LOCK=SHARED, so reads continue but writes wait for the whole copy. The rollback runs in place (LOCK=NONE). ${MDL}`
      : `MODIFY … NOT NULL rebuilds ${op.table}${rowsText(ctx)} in place (ALGORITHM=INPLACE: a new copy of its clustered and secondary indexes, no table copy) ` +
        `while reads and writes continue (LOCK=NONE); the rollback rebuilds it again. ${MDL}`,
    transactional: false,
    notes: ['The rebuild needs free disk space about the size of the table, and its online log must hold the writes made meanwhile (innodb_online_alter_log_max_size).'],
  };
}

function dropDefault(op: Op<'drop-default'>, ctx: MysqlFixContext): FixStep {
  const r = rel(op);
  const c = id(op.column);
  const col = catalogColumn(ctx, op.column);
  return {
    forward: [`ALTER TABLE ${r} ALTER COLUMN ${c} DROP DEFAULT, ${ONLINE};`],
    rollback: [`ALTER TABLE ${r} ALTER COLUMN ${c} SET DEFAULT ${mysqlNativeDefault(op.previous)}, ${ONLINE};`],
    preflightMeaning:
      `No data check is needed; but from now on an INSERT that leaves out ${op.column} ` +
      (col && !col.nullable ? 'fails in strict mode (and stores 0 or \'\' otherwise)' : 'stores NULL') +
      ': make sure the application sets it first.',
    lockImpact: `Changing a default changes only metadata (in place, LOCK=NONE, no rebuild): reads and writes continue. ${MDL}`,
    transactional: false,
  };
}

function addCheck(op: Op<'add-check'>, ctx: MysqlFixContext): FixStep {
  if (atLeast(ctx, [8, 0, 16], [10, 2, 1]) === false) {
    return unsupported(`${ctx.flavour === 'mariadb' ? 'MariaDB before 10.2.1' : 'MySQL before 8.0.16'} parses CHECK constraints and ignores them`);
  }
  const expr = mysqlExpression(op.expression);
  const r = rel(op);
  const name = id(mysqlClipName(op.name));
  // MySQL 8.0.16–8.0.18 know DROP CHECK but not DROP CONSTRAINT.
  const dropCheck = ctx.flavour === 'mysql' && atLeast(ctx, [8, 0, 19], [0]) === false;
  return {
    forward: [`ALTER TABLE ${r} ADD CONSTRAINT ${name} CHECK (${expr}), ${COPY};`],
    rollback: [`ALTER TABLE ${r} DROP ${dropCheck ? 'CHECK' : 'CONSTRAINT'} ${name}, ${ONLINE};`],
    preflight: `SELECT *\nFROM ${r}\nWHERE NOT (${expr})\nLIMIT 10;`,
    preflightMeaning: `Each row breaks CHECK (${expr}): the ADD fails until it is corrected or deleted. (Rows where the expression is NULL pass a CHECK and are not listed.)`,
    backfill: commented(['Correct the rows that break the check, or delete them, e.g.:', `UPDATE ${r} SET <column> = <value> WHERE NOT (${expr});`]),
    lockImpact:
      `Adding a CHECK checks every existing row, which MySQL and MariaDB do only by copying ${op.table}${rowsText(ctx)} (ALGORITHM=COPY): with LOCK=SHARED ` +
      `reads continue but writes wait for the whole copy. There is no NOT VALID form. Dropping it (the rollback) changes only metadata. ${MDL}`,
    transactional: false,
    notes: [
      'CHECK constraints are enforced from MariaDB 10.2.1 and MySQL 8.0.16; older servers accept the statement and ignore the constraint.',
      ...(ctx.flavour === 'mariadb' ? [] : ['In MySQL a CHECK constraint name must be unique in the whole database, not just the table.']),
    ],
  };
}

function addPrimaryKey(op: Op<'add-primary-key'>, ctx: MysqlFixContext): FixStep {
  const r = rel(op);
  const known = ctx.table !== undefined;
  const nullable = op.columns.map((c) => catalogColumn(ctx, c)).filter((c): c is Column => !!c && c.nullable);
  const copy = nullable.some(notNullNeedsCopy);
  const cols = list(op.columns);
  const where = op.columns.map((c) => `${id(c)} IS NULL`).join(' OR ');
  const preflight = [`SELECT ${cols}, count(*) AS row_count\nFROM ${r}\nGROUP BY ${cols}\nHAVING count(*) > 1 OR ${where}\nORDER BY row_count DESC\nLIMIT 10;`];
  if (nullable.length || !known) preflight.push(STRICT_MODE_QUERY);
  for (const c of nullable) preflight.push(modifyGuard(op, c.name, ctx));
  const notes = [
    `Without a primary key InnoDB clusters ${op.table} on a hidden row id (or on its first UNIQUE NOT NULL key); the new key becomes the clustered index, so the table is rebuilt.`,
  ];
  if (!known) notes.push(`The catalog was not at hand: key columns that allowed NULL become NOT NULL (a primary key requires it) and the rollback leaves them so; run ALTER TABLE ${r} MODIFY … NULL for them.`);
  return {
    forward: [`ALTER TABLE ${r} ${[...nullable.map((c) => `MODIFY ${id(c.name)} ${columnDefinition(c, { nullable: false })}`), `ADD PRIMARY KEY (${cols})`].join(', ')}, ${copy ? COPY : ONLINE};`],
    rollback: [`ALTER TABLE ${r} ${['DROP PRIMARY KEY', ...nullable.map((c) => `MODIFY ${id(c.name)} ${columnDefinition(c, { nullable: true })}`)].join(', ')}, ${COPY};`],
    preflight: preflight.join('\n\n'),
    preflightMeaning:
      `Each row of the first query is a value of (${op.columns.join(', ')}) held by more than one row, or one with a NULL: a primary key allows neither.` +
      (nullable.length || !known ? ` ${STRICT_MODE_MEANING}` : '') +
      (nullable.length ? ` ${MODIFY_GUARD_MEANING}` : ''),
    backfill: [
      duplicatesBackfill(op.schema, op.table, op.columns),
      commented(['and give every NULL key a value (or delete those rows), e.g.:', ...op.columns.map((c) => `UPDATE ${r} SET ${id(c)} = <value> WHERE ${id(c)} IS NULL;`)]),
    ].join('\n'),
    lockImpact:
      (copy
        ? `A key column's default is not a constant, so InnoDB will not make it NOT NULL in place: the primary key is added by copying ${op.table}${rowsText(ctx)} (ALGORITHM=COPY, LOCK=SHARED: writes wait). `
        : `Adding a primary key rebuilds ${op.table}${rowsText(ctx)} in place (ALGORITHM=INPLACE) while reads and writes continue (LOCK=NONE). `) +
      `The rollback's DROP PRIMARY KEY is allowed only as a table copy (ALGORITHM=COPY, LOCK=SHARED: writes wait for the whole copy). ${MDL}`,
    transactional: false,
    notes,
  };
}

function addUnique(op: Op<'add-unique'>, ctx: MysqlFixContext): FixStep {
  if (op.predicate) return unsupported(`${NO_PARTIAL_INDEX}.`);
  const r = rel(op);
  const name = op.name ? mysqlClipName(op.name) : objectName([op.table, ...op.columns], 'key');
  return {
    forward: [`ALTER TABLE ${r} ADD UNIQUE INDEX ${id(name)} (${list(op.columns)}), ${ONLINE};`],
    rollback: [`ALTER TABLE ${r} DROP INDEX ${id(name)}, ${ONLINE};`],
    preflight: `${duplicatesQuery(op.schema, op.table, op.columns)}\n\n${indexNameTakenQuery(op.schema, op.table, name)}`,
    preflightMeaning:
      `Each row of the first query is a value of (${op.columns.join(', ')}) held by more than one row: the unique index cannot be built until they are made distinct ` +
      `(rows with a NULL in the key never collide and are not listed). A row of the second means an index named ${name} exists already.`,
    backfill: duplicatesBackfill(op.schema, op.table, op.columns, singleKey(ctx)),
    lockImpact: onlineIndexLocks(op.table, ctx, 'unique index'),
    transactional: false,
    notes: ['A duplicate written while the index builds makes the ALTER fail at its end (nothing is changed): resolve it and run it again.'],
  };
}

function replaceUnique(op: Op<'replace-unique'>, ctx: MysqlFixContext): FixStep {
  if (op.predicate) return unsupported(`${NO_PARTIAL_INDEX}.`);
  const r = rel(op);
  const oldName = op.constraint;
  let newName = objectName([op.table, ...op.columns], 'key');
  if (newName === oldName) newName = objectName([op.table, ...op.columns], 'key2');
  const oldDef = readdableDefinition(ctx.table?.indexes.find((i) => i.name === oldName)?.definition);
  const restore = oldDef && !oldDef.fulltext ? oldDef.sql : `UNIQUE INDEX ${id(oldName)} (${list(op.oldColumns)})`;
  return {
    forward: [`ALTER TABLE ${r} DROP INDEX ${id(oldName)}, ADD UNIQUE INDEX ${id(newName)} (${list(op.columns)}), ${ONLINE};`],
    rollback: [`ALTER TABLE ${r} DROP INDEX ${id(newName)}, ADD ${restore}, ${ONLINE};`],
    preflight: `${duplicatesQuery(op.schema, op.table, op.columns)}\n\n${indexNeededQuery(op.schema, op.table, oldName)}`,
    preflightMeaning:
      `Each row of the first query is a value of (${op.columns.join(', ')}) held by more than one row: the new unique index cannot be built until they are made distinct ` +
      `(usually none: the new key has more columns than the old one). ${INDEX_NEEDED_MEANING(oldName)}`,
    backfill: duplicatesBackfill(op.schema, op.table, op.columns, singleKey(ctx)),
    rollbackPreflight: duplicatesQuery(op.schema, op.table, op.oldColumns),
    lockImpact:
      `The old index is dropped and the new one built in the same ALTER TABLE, in place (ALGORITHM=INPLACE) while reads and writes to ${op.table} continue (LOCK=NONE)${rowsText(ctx)}; ` +
      `the old key keeps being enforced until the statement commits. ${MDL}`,
    transactional: false,
    notes: [
      `The rollback puts back the narrower key; it fails if rows written since repeat (${op.oldColumns.join(', ')}) under different ${op.columns.filter((c) => !op.oldColumns.includes(c)).join(', ') || 'values'}: run rollbackPreflight first.`,
    ],
  };
}

const INTEGER_RANGE: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  mediumint: [-8388608n, 8388607n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** The range of an integer type (`int unsigned`, `bigint`), or undefined for other types. */
function integerRange(type: string): [bigint, bigint] | undefined {
  const m = /^(tinyint|smallint|mediumint|int|integer|bigint)(\(\d+\))?( unsigned)?( zerofill)?$/.exec(comparableType(type));
  if (!m) return undefined;
  const [lo, hi] = INTEGER_RANGE[m[1] === 'integer' ? 'int' : m[1]];
  return m[3] ? [0n, hi * 2n + 1n] : [lo, hi];
}

/** The condition that picks values which would not convert to `to`, and what a row means; no condition when no value can fail. */
function conversionCheck(column: Column, to: string): { condition?: string; meaning: string } {
  const c = id(column.name);
  const t = comparableType(to);
  const from = comparableType(column.dataType);
  if (t === from) return { meaning: 'The type does not change: nothing to check.' };
  const toRange = integerRange(t);
  const fromRange = integerRange(from);
  if (toRange && fromRange) {
    if (toRange[0] <= fromRange[0] && toRange[1] >= fromRange[1]) return { meaning: `Every ${column.dataType} value fits in ${to}: nothing to check.` };
    return { condition: `${c} < ${toRange[0]} OR ${c} > ${toRange[1]}`, meaning: `Each row is a value outside ${to}'s range: the change fails on it in strict mode.` };
  }
  if (t === 'uuid') {
    return {
      condition: `${c} NOT REGEXP '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' AND ${c} NOT REGEXP '^[0-9a-fA-F]{32}$'`,
      meaning: 'Each row is a value that is not a UUID written as 32 hex digits (with or without the four dashes), e.g. an empty string: the conversion fails on it.',
    };
  }
  if (t === 'json') return { condition: `JSON_VALID(${c}) = 0`, meaning: 'Each row is a value that is not valid JSON: the conversion fails on it.' };
  const len = /^(?:var)?char\((\d+)\)$/.exec(t)?.[1];
  if (len) return { condition: `CHAR_LENGTH(${c}) > ${len}`, meaning: `Each row is a value longer than ${len} characters: the conversion fails on it in strict mode.` };
  const dec = /^(?:decimal|numeric|dec|fixed)\((\d+),\s*(\d+)\)/.exec(t);
  if (dec) {
    const [p, sc] = [Number(dec[1]), Number(dec[2])];
    return {
      condition: `ROUND(ABS(${c}), ${sc}) >= 1e${p - sc}`,
      meaning: `Each row is a value too large for ${to} (${p - sc} digits before the point): the conversion fails on it in strict mode. Digits past the ${sc}th decimal are rounded, not refused.`,
    };
  }
  if (/^timestamp/.test(t) && /^datetime/.test(from)) {
    return {
      condition: `${c} < '1970-01-01 00:00:01' OR ${c} > '2038-01-19 03:14:07'`,
      meaning: 'Each row is a date outside TIMESTAMP\'s range (1970 to 2038, read in the session time zone): the conversion fails on it.',
    };
  }
  return { meaning: `A conversion from ${column.dataType} to ${to} is not checked ahead of time: try it on a copy of the table first (CREATE TABLE … LIKE, INSERT … SELECT).` };
}

function alterType(op: Op<'alter-type'>, ctx: MysqlFixContext): FixStep {
  const col = needColumn(ctx, op, op.column);
  let to = mysqlType(op.to, ctx.flavour);
  const notes: string[] = [];
  if (col.unsigned && integerRange(to) && !/unsigned/i.test(to)) {
    to = `${to} unsigned`;
    notes.push(`${op.column} is UNSIGNED: the new type keeps it (${to}), so no value changes sign and keys that reference it keep the same type.`);
  }
  if (op.using && !isPlainConversion(op.using, op.column)) {
    return unsupported(
      `the conversion uses ${op.using}, and MODIFY has no USING clause: add a new column, fill it with UPDATE … SET new = <expression> in batches, then swap the columns`,
    );
  }
  const fks = foreignKeysOf(op, op.column, ctx);
  if (fks.length) {
    return unsupported(
      `${op.table}.${op.column} takes part in ${fks.length === 1 ? 'the foreign key' : 'the foreign keys'} ${fks.join(', ')}: InnoDB refuses to change its type (error 1832, even with ` +
        'foreign_key_checks=0), and both sides must keep one type. Drop those keys, change every column of them, and add them again',
    );
  }
  const r = rel(op);
  const c = id(op.column);
  const check = conversionCheck(col, to);
  const bad = check.condition ? `${c} IS NOT NULL AND (${check.condition})` : undefined;
  notes.push(
    'The rollback restores the type, not what the conversion changed: rounding, padding, the text form a uuid or JSON value is given back in.',
    'On a large, busy table, the alternative that never blocks writes is a new column filled in batches, then a swap of names (or an online schema change tool such as pt-online-schema-change or gh-ost).',
  );
  return {
    forward: [`ALTER TABLE ${r} MODIFY ${c} ${columnDefinition(col, { type: to })}, ${COPY};`],
    rollback: [`ALTER TABLE ${r} MODIFY ${c} ${columnDefinition(col)}, ${COPY};`],
    preflight: [bad ? `SELECT ${c}\nFROM ${r}\nWHERE ${bad}\nLIMIT 10;` : undefined, modifyGuard(op, op.column, ctx)].filter(Boolean).join('\n\n'),
    preflightMeaning: `${check.meaning} ${MODIFY_GUARD_MEANING}`,
    ...(bad ? { backfill: commented(['Correct or clear the values that would not convert first, e.g.:', `UPDATE ${r} SET ${c} = NULL WHERE ${bad};`]) } : {}),
    lockImpact:
      `Changing a column's type copies ${op.table}${rowsText(ctx)} (ALGORITHM=COPY) with LOCK=SHARED: reads continue, writes wait for the whole copy; the rollback copies it again. ` +
      `(A few changes, such as a longer varchar within the same length-byte size, could run in place; the writer asks for COPY so that the lock is the one stated.) ${MDL}`,
    transactional: false,
    notes,
  };
}

function addColumn(op: Op<'add-column'>, ctx: MysqlFixContext): FixStep {
  const type = mysqlType(op.type, ctx.flavour);
  const def = op.default !== undefined ? mysqlDefault(op.default, ctx.flavour) : undefined;
  const r = rel(op);
  const c = id(op.column);
  const instant = atLeast(ctx, [8, 0, 12], [10, 3, 2]) !== false;
  const checks = [
    `SELECT 'column exists' AS problem\nFROM information_schema.COLUMNS\nWHERE TABLE_SCHEMA = ${dbOf(op.schema)} AND TABLE_NAME = ${mysqlLiteral(op.table)} AND COLUMN_NAME = ${mysqlLiteral(op.column)}`,
  ];
  const implicit = !op.nullable && def === undefined;
  if (implicit) checks.push(`SELECT 'rows exist: they get the implicit default' AS problem\nFROM ${r}\nHAVING count(*) > 0`);
  return {
    forward: [`ALTER TABLE ${r} ADD COLUMN ${c} ${type} ${op.nullable ? 'NULL' : 'NOT NULL'}${def !== undefined ? ` DEFAULT ${def}` : ''}, ${instant ? INSTANT : ONLINE};`],
    rollback: [`ALTER TABLE ${r} DROP COLUMN ${c}, LOCK=NONE;`],
    preflight: `${checks.join('\nUNION ALL\n')};`,
    preflightMeaning:
      `'column exists': ${op.column} is already there, so the ADD fails (and the rollback would drop that column: do not run it).` +
      (implicit ? ` 'rows exist': existing rows get the type's implicit default (0, '', or a zero date that strict mode refuses): give the column a default.` : ''),
    lockImpact: instant
      ? `ALGORITHM=INSTANT only changes metadata (MySQL 8.0.12+, MariaDB 10.3+): no rebuild, no copy; the server refuses the statement rather than rebuild. ${MDL}`
      : `This server has no ALGORITHM=INSTANT: the column is added by rebuilding ${op.table}${rowsText(ctx)} in place while reads and writes continue (LOCK=NONE). ${MDL}`,
    transactional: false,
    notes: [
      ...(def === 'CURRENT_TIMESTAMP' ? [`Existing rows get the time of the migration as ${op.column}.`] : []),
      ...(instant ? ['If the server refuses ALGORITHM=INSTANT (an older version, or a table that has used up its instant changes), use ALGORITHM=INPLACE, LOCK=NONE: it rebuilds the table but lets writes continue.'] : []),
      'The rollback drops the column and whatever was written to it since (LOCK=NONE: the server picks the fastest method that lets writes continue).',
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Whole findings

/** The SQL of a finding's fix: its operations' steps joined in order (rollbacks in reverse). Same shape as PostgresFixSql. */
export type MysqlFixSql = JoinedFixSql;

/** MySQL or MariaDB, and the version, from a catalog's source ('MariaDB 10.11.9', 'MySQL 8.0.36', 'MariaDB (read from DDL)'). */
export function mysqlServer(catalog: Catalog | undefined): { flavour?: MysqlFlavour; version?: [number, number, number] } {
  const text = catalog?.source.serverVersion ?? '';
  const flavour: MysqlFlavour | undefined = /mariadb/i.test(text) ? 'mariadb' : /mysql/i.test(text) ? 'mysql' : undefined;
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return { ...(flavour ? { flavour } : {}), ...(m ? { version: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] as [number, number, number] } : {}) };
}

/** What the catalog knows about the table an operation changes, and about the server. */
export function mysqlFixContext(op: FixOp, catalog: Catalog | undefined): MysqlFixContext {
  const ctx: MysqlFixContext = { ...mysqlServer(catalog) };
  if (!catalog) return ctx;
  ctx.tables = catalog.tables;
  if (!('table' in op)) return ctx;
  const table = catalog.tables.find((t) => t.schema === op.schema && t.name === op.table);
  if (!table) return ctx;
  ctx.table = table;
  if (table.stats?.rowEstimate !== undefined) ctx.rowEstimate = table.stats.rowEstimate;
  return ctx;
}

/** The MySQL/MariaDB SQL of one finding's fix operations, joined as postgresFixSql joins them. */
export function mysqlFixSql(ops: FixOp[], catalog?: Catalog): MysqlFixSql {
  return joinFixSteps(ops.map((op) => mysqlFix(op, mysqlFixContext(op, catalog))));
}
