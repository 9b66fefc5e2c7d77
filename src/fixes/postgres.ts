// The PostgreSQL fix writer: turns a dialect-neutral FixOp into the statements that apply it, the
// statements that undo it, and the pre-flight query that tells whether the data lets it apply.
// Everything is written for a table that is in use: indexes are built CONCURRENTLY, constraints are
// added NOT VALID and validated apart, NOT NULL goes through a validated CHECK. docs/fixes.md explains why.
import type { Catalog, Column, ForeignKey, SequenceInfo, Table } from '../catalog/types.js';
import { qualifiedName } from '../catalog/types.js';
import type { FixOp } from './operations.js';
import { clipName, objectName, qualify, quoteIdent, quoteLiteral } from './quote.js';
import { mentionsColumn } from '../catalog/expressions.js';
import { normalType as normalTypeIn } from './type-names.js';
import { joinFixSteps, type FixStep, type JoinedFixSql } from './step.js';

export type { FixStep } from './step.js';

export interface PostgresFixContext {
  /** Estimated rows of the table (live statistics), to size the lock impact. */
  rowEstimate?: number;
  /** The table the operation changes, as the catalog has it (column nullability, kind, constraints). */
  table?: Table;
  /** The partitions of `table` when it is partitioned. */
  partitions?: Table[];
  /** Major version of the server the SQL is meant for, when known (live sources only). */
  serverMajor?: number;
  /** The catalog's sequences, to widen the one behind a serial column with it. */
  sequences?: SequenceInfo[];
  /**
   * Views and materialized views that read the column an alter-type changes, directly or through
   * another view, in creation order (a view before the views that read it): PostgreSQL refuses the
   * type change while they exist, so they are dropped and re-created around it.
   */
  dependentViews?: Table[];
  /** Rewrite rules (CREATE RULE) that read the column an alter-type changes, with their table: dropped and re-created around it too. */
  dependentRules?: { table: Table; name: string; definition: string }[];
}

// ---------------------------------------------------------------------------------------------------
// Pieces

const LOCK = {
  accessExclusive: 'ACCESS EXCLUSIVE',
  accessShare: 'ACCESS SHARE',
  shareRowExclusive: 'SHARE ROW EXCLUSIVE',
  shareUpdateExclusive: 'SHARE UPDATE EXCLUSIVE',
  share: 'SHARE',
  rowShare: 'ROW SHARE',
} as const;

const FK_ACTIONS: Record<string, string> = {
  'no action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
};

/** An ON DELETE / ON UPDATE action in SQL, or undefined when it is not one PostgreSQL knows. */
function fkAction(action: string | undefined): string | undefined {
  if (action === undefined) return undefined;
  return FK_ACTIONS[action.trim().toLowerCase().replace(/[\s_-]+/g, ' ')];
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function list(columns: string[]): string {
  return columns.map(quoteIdent).join(', ');
}

function rel(op: { schema: string; table: string }): string {
  return qualify(op.schema, op.table);
}

function withSemicolon(sql: string): string {
  const t = sql.trim();
  return t.endsWith(';') ? t : `${t};`;
}

function rowsText(ctx: PostgresFixContext): string {
  const n = ctx.rowEstimate;
  if (n === undefined || !Number.isFinite(n) || n < 0) return '';
  return ` (about ${Math.round(n).toLocaleString('en-US')} rows)`;
}

/** `a = c.a AND b = c.b`-style conditions joining two aliases column by column. */
function pairs(left: string, leftCols: string[], right: string, rightCols: string[]): string {
  return leftCols.map((c, i) => `${left}.${quoteIdent(c)} = ${right}.${quoteIdent(rightCols[i])}`).join(' AND ');
}

function notNulls(alias: string | undefined, columns: string[]): string {
  return columns.map((c) => `${alias ? `${alias}.` : ''}${quoteIdent(c)} IS NOT NULL`).join(' AND ');
}

/** Turns each line of `text` into a SQL comment. */
function commented(lines: string[]): string {
  return lines.map((l) => (l ? `-- ${l}` : '--')).join('\n');
}

function unsupported(reason: string): FixStep {
  return { forward: [], rollback: [], lockImpact: 'None: no SQL was written.', transactional: true, unsupported: reason };
}

function isPartitioned(ctx: PostgresFixContext): boolean {
  return ctx.table?.kind === 'partitioned table';
}

function catalogColumn(ctx: PostgresFixContext, name: string): Column | undefined {
  return ctx.table?.columns.find((c) => c.name === name);
}

/** A query listing an existing relation of that name: IF NOT EXISTS would skip the build and the rollback would drop it. */
function nameTakenQuery(schema: string, name: string): string {
  return (
    `SELECT c.relname AS existing, c.relkind AS kind, i.indisvalid AS valid\n` +
    `FROM pg_class AS c LEFT JOIN pg_index AS i ON i.indexrelid = c.oid\n` +
    `WHERE c.oid = to_regclass(${quoteLiteral(qualify(schema, name))});`
  );
}

const INVALID_INDEX_NOTE =
  'A CONCURRENTLY build that fails (duplicates, a cancelled statement) leaves an INVALID index behind, and IF NOT EXISTS then ' +
  'skips it silently: after a failure, run the rollback (it drops the index) before trying again, and check that ' +
  '`SELECT indisvalid FROM pg_index WHERE indexrelid = \'<index>\'::regclass` is true after success.';

// ---------------------------------------------------------------------------------------------------
// Shared recipes

/** The large-table NOT NULL path: a CHECK added NOT VALID, validated, then SET NOT NULL (which trusts it) and the CHECK dropped. */
function notNullSteps(schema: string, table: string, column: string): { forward: string[]; rollback: string[]; check: string } {
  const r = qualify(schema, table);
  const check = objectName([table, column], 'not_null_tmp');
  const c = quoteIdent(column);
  return {
    check,
    forward: [
      `ALTER TABLE ${r} ADD CONSTRAINT ${quoteIdent(check)} CHECK (${c} IS NOT NULL) NOT VALID;`,
      `ALTER TABLE ${r} VALIDATE CONSTRAINT ${quoteIdent(check)};`,
      `ALTER TABLE ${r} ALTER COLUMN ${c} SET NOT NULL;`,
      `ALTER TABLE ${r} DROP CONSTRAINT ${quoteIdent(check)};`,
    ],
    rollback: [`ALTER TABLE ${r} DROP CONSTRAINT IF EXISTS ${quoteIdent(check)};`, `ALTER TABLE ${r} ALTER COLUMN ${c} DROP NOT NULL;`],
  };
}

function notNullLocks(table: string, rows = ''): string {
  return (
    `ADD CONSTRAINT … NOT VALID, SET NOT NULL and DROP CONSTRAINT take ${LOCK.accessExclusive} on ${table} briefly (no scan: ` +
    `SET NOT NULL trusts the validated CHECK, PostgreSQL 12+); VALIDATE CONSTRAINT scans ${table}${rows} under ` +
    `${LOCK.shareUpdateExclusive}, so reads and writes continue.`
  );
}

/** Rows whose key columns are all set and match no row of the referenced table. */
function orphansCondition(op: { schema: string; table: string; columns: string[]; refSchema: string; refTable: string; refColumns: string[] }): string {
  return (
    `${notNulls('c', op.columns)}\n` +
    `  AND NOT EXISTS (SELECT 1 FROM ${qualify(op.refSchema, op.refTable)} AS p WHERE ${pairs('p', op.refColumns, 'c', op.columns)})`
  );
}

function orphansQuery(op: Parameters<typeof orphansCondition>[0]): string {
  const cols = op.columns.map((c) => `c.${quoteIdent(c)}`).join(', ');
  return (
    `SELECT ${cols}, count(*) AS orphan_rows\n` +
    `FROM ${rel(op)} AS c\n` +
    `WHERE ${orphansCondition(op)}\n` +
    `GROUP BY ${cols}\nORDER BY orphan_rows DESC\nLIMIT 10;`
  );
}

function orphansBackfill(op: Parameters<typeof orphansCondition>[0]): string {
  const cond = orphansCondition(op).replace(/\n\s*/g, ' ');
  return commented([
    `Orphans must be resolved before VALIDATE CONSTRAINT; pick one (in batches on a large table):`,
    `clear the reference (only if the column${op.columns.length > 1 ? 's allow' : ' allows'} NULL):`,
    `UPDATE ${rel(op)} AS c SET ${op.columns.map((c) => `${quoteIdent(c)} = NULL`).join(', ')} WHERE ${cond};`,
    `or delete the orphan rows:`,
    `DELETE FROM ${rel(op)} AS c WHERE ${cond};`,
  ]);
}

/** Groups of rows that share a value of `columns` (NULLs never collide in a unique key). */
function duplicatesQuery(schema: string, table: string, columns: string[], predicate?: string): string {
  const cols = list(columns);
  const where = [notNulls(undefined, columns), ...(predicate ? [`(${predicate})`] : [])].join(' AND ');
  return `SELECT ${cols}, count(*) AS row_count\nFROM ${qualify(schema, table)}\nWHERE ${where}\nGROUP BY ${cols}\nHAVING count(*) > 1\nORDER BY row_count DESC\nLIMIT 10;`;
}

function duplicatesBackfill(schema: string, table: string, columns: string[], predicate?: string): string {
  const r = qualify(schema, table);
  const where = [notNulls(undefined, columns), ...(predicate ? [`(${predicate})`] : [])].join(' AND ');
  return commented([
    'Duplicates must go (or be made distinct) first. Decide which row of each group to keep (ORDER BY), then e.g.:',
    `DELETE FROM ${r} WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY ${list(columns)} ORDER BY ctid) AS n FROM ${r} WHERE ${where}) AS d WHERE d.n > 1);`,
  ]);
}

function ctxForeignKey(ctx: PostgresFixContext, name: string): ForeignKey | undefined {
  return ctx.table?.foreignKeys.find((fk) => fk.name === name);
}

/** `REFERENCES … ON DELETE … [ON UPDATE …] [DEFERRABLE]`. */
function referencesClause(refSchema: string, refTable: string, refColumns: string[], onDelete: string | undefined, existing?: ForeignKey): string {
  let out = `REFERENCES ${qualify(refSchema, refTable)} (${list(refColumns)})`;
  if (onDelete && onDelete !== 'NO ACTION') out += ` ON DELETE ${onDelete}`;
  const onUpdate = fkAction(existing?.onUpdate);
  if (onUpdate && onUpdate !== 'NO ACTION') out += ` ON UPDATE ${onUpdate}`;
  if (existing?.deferrable) out += ' DEFERRABLE';
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Type conversions

/** A type name in PostgreSQL's spelling, so `int4`, `integer` and `INT` compare equal. */
function normalType(type: string): string {
  return normalTypeIn('postgres', type);
}

/** Conversions no value can fail: widening integers, to text, timestamp to timestamptz. */
function conversionCannotFail(from: string, to: string): boolean {
  const f = normalType(from);
  const t = normalType(to);
  if (f === t) return true;
  if (t === 'text') return true;
  const rank: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };
  if (rank[f] && rank[t] && rank[f] <= rank[t]) return true;
  if (/^timestamp(\(\d+\))? without time zone$/.test(f) && /^timestamp(\(\d+\))? with time zone$/.test(t)) return true;
  const lenOf = (x: string) => /^character varying\((\d+)\)$/.exec(x)?.[1];
  if (lenOf(f) && t === 'character varying') return true;
  if (lenOf(f) && lenOf(t) && Number(lenOf(f)) <= Number(lenOf(t))) return true;
  return false;
}

const AT_TIME_ZONE = /\s+AT\s+TIME\s+ZONE\s+('(?:[^']|'')*')\s*$/i;

/** The expression the conversion starts from: the column, or the USING expression minus a final `::<to>` cast. */
function valueBeforeCast(column: string, to: string, using?: string): string | undefined {
  if (!using) return quoteIdent(column);
  const m = /^([\s\S]*?)\s*::\s*([\s\S]+)$/.exec(using.trim());
  if (m && normalType(m[2]) === normalType(to)) return m[1];
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// The writer

/** The PostgreSQL statements for one fix operation. Never throws: an operation it cannot write comes back `unsupported`. */
export function postgresFix(op: FixOp, ctx: PostgresFixContext = {}): FixStep {
  try {
    return write(op, ctx);
  } catch (e) {
    return unsupported(`the PostgreSQL writer failed on this operation: ${(e as Error).message}`);
  }
}

function write(op: FixOp, ctx: PostgresFixContext): FixStep {
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
      return dropDefault(op);
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
      return enableRls(op);
    case 'set-function-search-path':
      return setSearchPath(op);
    default: {
      const kind = (op as { op?: unknown }).op;
      return unsupported(`the PostgreSQL writer does not know the fix operation ${JSON.stringify(kind)}; apply it by hand`);
    }
  }
}

type Op<K extends FixOp['op']> = Extract<FixOp, { op: K }>;

function addIndex(op: Op<'add-index'>, ctx: PostgresFixContext): FixStep {
  const name = op.name ? clipName(op.name) : objectName([op.table, ...op.columns], op.unique ? 'key' : 'idx');
  const unique = op.unique ? 'UNIQUE ' : '';
  const where = op.predicate ? ` WHERE ${op.predicate}` : '';
  const keys = `(${list(op.columns)})${where}`;
  const preflight = op.unique
    ? {
        preflight: duplicatesQuery(op.schema, op.table, op.columns, op.predicate),
        preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) held by more than one row${op.predicate ? ' the index covers' : ''}: the unique index cannot be built until they are made distinct.`,
        backfill: duplicatesBackfill(op.schema, op.table, op.columns, op.predicate),
      }
    : {
        preflight: nameTakenQuery(op.schema, name),
        preflightMeaning: `A row means a relation named ${name} already exists (valid = false: an INVALID index left by a failed build): IF NOT EXISTS would skip the build and the rollback would drop that object. Drop it or choose another name.`,
      };
  const parts = isPartitioned(ctx) ? ctx.partitions ?? [] : [];
  if (isPartitioned(ctx) && parts.length && parts.every((p) => p.kind === 'table')) {
    // CONCURRENTLY is refused on a partitioned table: build the parent index ON ONLY (invalid, instant),
    // then each partition's index concurrently, and attach them; the parent becomes valid with the last.
    const forward = [`CREATE ${unique}INDEX IF NOT EXISTS ${quoteIdent(name)} ON ONLY ${rel(op)} ${keys};`];
    const rollback = [`DROP INDEX IF EXISTS ${qualify(op.schema, name)};`];
    const restore: string[] = [];
    for (const p of parts) {
      // A partition that already has the same index gets it attached rather than a second one; dropping
      // the partitioned index drops the attached ones too, so the rollback builds it again.
      const same = p.indexes.find(
        (ix) => !ix.primary && !ix.constraint && ix.unique === !!op.unique && ix.method === 'btree' && (ix.predicate ?? '') === (op.predicate ?? '') &&
          !ix.includeColumns.length && sameList(ix.columns.map((c) => c ?? ''), op.columns),
      );
      if (same) {
        forward.push(`ALTER INDEX ${qualify(op.schema, name)} ATTACH PARTITION ${qualify(p.schema, same.name)};`);
        restore.push(withSemicolon(same.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ')));
        continue;
      }
      const partIndex = objectName([p.name, ...op.columns], op.unique ? 'key' : 'idx');
      forward.push(`CREATE ${unique}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(partIndex)} ON ${qualify(p.schema, p.name)} ${keys};`);
      forward.push(`ALTER INDEX ${qualify(op.schema, name)} ATTACH PARTITION ${qualify(p.schema, partIndex)};`);
      rollback.push(`DROP INDEX CONCURRENTLY IF EXISTS ${qualify(p.schema, partIndex)};`);
    }
    rollback.push(...restore);
    return {
      forward,
      rollback,
      ...preflight,
      lockImpact:
        `CREATE INDEX … ON ONLY takes a ${LOCK.share} lock on the partitioned table only, briefly (it builds nothing); each partition's ` +
        `index is built CONCURRENTLY under ${LOCK.shareUpdateExclusive} (reads and writes continue); ATTACH PARTITION takes only ${LOCK.accessShare} on the tables, briefly. ` +
        `The rollback's DROP INDEX on the partitioned index takes ${LOCK.accessExclusive} on it and its partitions, briefly.`,
      transactional: false,
      notes: [
        `${op.table} is partitioned: PostgreSQL cannot build its index CONCURRENTLY, so the index is built partition by partition and attached. Partitions created later get the index automatically.`,
        INVALID_INDEX_NOTE,
      ],
    };
  }
  if (isPartitioned(ctx)) {
    return {
      forward: [`CREATE ${unique}INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${rel(op)} ${keys};`],
      rollback: [`DROP INDEX IF EXISTS ${qualify(op.schema, name)};`],
      ...preflight,
      lockImpact: `${LOCK.share} lock on the partitioned table and every partition for the whole build${rowsText(ctx)}: reads continue, writes wait.`,
      transactional: true,
      notes: [
        `${op.table} is partitioned and its partitions are not all known (or some are partitioned themselves), so the index is built in one non-concurrent statement. To avoid blocking writes, create it ON ONLY the parent, build each partition's index CONCURRENTLY and ATTACH it.`,
      ],
    };
  }
  return {
    forward: [`CREATE ${unique}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${rel(op)} ${keys};`],
    rollback: [`DROP INDEX CONCURRENTLY IF EXISTS ${qualify(op.schema, name)};`],
    ...preflight,
    lockImpact:
      `${LOCK.shareUpdateExclusive} on ${op.table} while the index builds${rowsText(ctx)} (two table scans, and it waits for ` +
      'transactions already running): reads and writes continue; other DDL and VACUUM on the table wait. Must run outside a transaction block.',
    transactional: false,
    notes: [INVALID_INDEX_NOTE],
  };
}

function dropIndex(op: Op<'drop-index'>, ctx: PostgresFixContext): FixStep {
  const index = qualify(op.schema, op.name);
  const def = (op.definition ?? '').trim();
  const partitioned = / ON ONLY /i.test(def) || isPartitioned(ctx);
  const createRe = /^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?/i;
  const notes: string[] = [];
  let rollback: string[] = [];
  if (createRe.test(def)) {
    rollback = partitioned
      ? [withSemicolon(def.replace(createRe, (_m, u: string | undefined) => `CREATE ${u ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS `).replace(/ ON ONLY /i, ' ON '))]
      : [withSemicolon(def.replace(createRe, (_m, u: string | undefined) => `CREATE ${u ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS `))];
    notes.push('The rollback rebuilds the index from its saved definition; that takes as long as the original build.');
  } else {
    notes.push(`The index's definition is not known, so no rollback is written: save \`SELECT pg_get_indexdef(${quoteLiteral(index)}::regclass)\` before dropping it.`);
  }
  return {
    forward: [partitioned ? `DROP INDEX IF EXISTS ${index};` : `DROP INDEX CONCURRENTLY IF EXISTS ${index};`],
    rollback,
    preflight:
      `SELECT con.conname AS constraint_name, con.contype AS kind, con.conrelid::regclass AS on_table\n` +
      `FROM pg_constraint AS con\nWHERE con.conindid = to_regclass(${quoteLiteral(index)});`,
    preflightMeaning:
      'Each row is a constraint that uses the index (the primary key or unique constraint it implements, or a foreign key that ' +
      'references through it): DROP INDEX fails while it exists. Drop or re-point that constraint first, or keep the index.',
    lockImpact: partitioned
      ? `${LOCK.accessExclusive} on the partitioned table and its partitions, briefly (a partitioned index cannot be dropped CONCURRENTLY).`
      : `DROP INDEX CONCURRENTLY waits for transactions using ${op.table} and takes ${LOCK.shareUpdateExclusive}: reads and writes continue. Must run outside a transaction block.`,
    transactional: partitioned,
    notes,
  };
}

function addForeignKey(op: Op<'add-foreign-key'>, ctx: PostgresFixContext): FixStep {
  const onDelete = op.onDelete === undefined ? undefined : fkAction(op.onDelete);
  if (op.onDelete !== undefined && !onDelete) return unsupported(`ON DELETE ${JSON.stringify(op.onDelete)} is not an action PostgreSQL knows`);
  if (op.columns.length !== op.refColumns.length || !op.columns.length) return unsupported('the foreign key has no columns, or not as many as the referenced columns');
  const name = op.name ? clipName(op.name) : objectName([op.table, ...op.columns], 'fkey');
  const r = rel(op);
  const refs = referencesClause(op.refSchema, op.refTable, op.refColumns, onDelete);
  const oldServerPartitioned = isPartitioned(ctx) && ctx.serverMajor !== undefined && ctx.serverMajor < 18;
  const forward = oldServerPartitioned
    ? [`ALTER TABLE ${r} ADD CONSTRAINT ${quoteIdent(name)} FOREIGN KEY (${list(op.columns)}) ${refs};`]
    : [
        `ALTER TABLE ${r} ADD CONSTRAINT ${quoteIdent(name)} FOREIGN KEY (${list(op.columns)}) ${refs} NOT VALID;`,
        `ALTER TABLE ${r} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
      ];
  const notes = [
    `Run each statement in its own transaction: ADD … NOT VALID holds its lock only for a moment, VALIDATE then checks existing rows under a weaker lock.`,
    `${op.refTable} (${op.refColumns.join(', ')}) must be its primary key or a unique key, or the ADD fails.`,
  ];
  if (oldServerPartitioned) notes.unshift(`PostgreSQL before 18 refuses NOT VALID foreign keys on a partitioned table, so the key is added and checked in one statement.`);
  else if (isPartitioned(ctx)) notes.unshift('NOT VALID on a partitioned table needs PostgreSQL 18; on older servers drop NOT VALID and the VALIDATE statement (the ADD then checks every row under its lock).');
  const rollback = [`ALTER TABLE ${r} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`];
  // A partition's own equivalent key is attached to the new one, and dropping the new one drops it
  // too: the rollback adds those back as they were.
  const sameKey = (fk: ForeignKey) =>
    fk.refSchema === op.refSchema && fk.refTable === op.refTable && sameList(fk.columns, op.columns) && sameList(fk.refColumns, op.refColumns);
  const attached = (ctx.partitions ?? []).flatMap((p) => p.foreignKeys.filter(sameKey).map((fk) => ({ p, fk })));
  for (const { p, fk } of attached) {
    rollback.push(
      `ALTER TABLE ${qualify(p.schema, p.name)} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${list(fk.columns)}) ${referencesClause(fk.refSchema, fk.refTable, fk.refColumns, fkAction(fk.onDelete), fk)}${fk.validated ? '' : ' NOT VALID'};`,
    );
  }
  if (attached.length) notes.push(`${plural(attached.length, 'partition')} already ${attached.length === 1 ? 'has' : 'have'} this key (${attached.map((a) => a.fk.name).join(', ')}): PostgreSQL attaches ${attached.length === 1 ? 'it' : 'them'} to the new key, and the rollback re-creates ${attached.length === 1 ? 'it' : 'them'} after dropping it.`);
  return {
    forward,
    rollback,
    preflight: orphansQuery(op),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) that no row of ${op.refSchema ? `${op.refSchema}.` : ''}${op.refTable} has (orphans), with how many rows hold it: VALIDATE CONSTRAINT fails until they are resolved.`,
    backfill: orphansBackfill(op),
    lockImpact: oldServerPartitioned
      ? `${LOCK.shareRowExclusive} on ${op.table} and ${op.refTable} while every row is checked${rowsText(ctx)}: writes to both wait.`
      : `ADD CONSTRAINT … NOT VALID takes ${LOCK.shareRowExclusive} on ${op.table} and ${op.refTable}, briefly (no scan; new writes are checked from then on); ` +
        `VALIDATE CONSTRAINT scans ${op.table}${rowsText(ctx)} under ${LOCK.shareUpdateExclusive} (and ${LOCK.rowShare} on ${op.refTable}): reads and writes continue.`,
    transactional: oldServerPartitioned,
    notes,
  };
}

function setOnDelete(op: Op<'set-on-delete'>, ctx: PostgresFixContext): FixStep {
  const to = fkAction(op.to);
  const from = fkAction(op.from);
  if (!to || !from) return unsupported(`ON DELETE ${JSON.stringify(op.to)} or ${JSON.stringify(op.from)} is not an action PostgreSQL knows`);
  const r = rel(op);
  const name = quoteIdent(op.constraint);
  const existing = ctxForeignKey(ctx, op.constraint);
  const readd = (action: string) =>
    `ALTER TABLE ${r} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} FOREIGN KEY (${list(op.columns)}) ${referencesClause(op.refSchema, op.refTable, op.refColumns, action, existing)} NOT VALID;`;
  const validate = `ALTER TABLE ${r} VALIDATE CONSTRAINT ${name};`;
  const notes = [
    'The constraint is dropped and added again in one ALTER TABLE, so there is no moment without it; it is added NOT VALID and validated apart to keep the strong lock short.',
  ];
  if (!existing) notes.push('The constraint was not found in the catalog, so its ON UPDATE action and DEFERRABLE setting are not carried over: add them to both statements if it had any.');
  else if (existing.deferrable) notes.push('The constraint is DEFERRABLE; if it was also INITIALLY DEFERRED, add that to both statements.');
  return {
    forward: [readd(to), validate],
    rollback: [readd(from), validate],
    preflight: orphansQuery(op),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) that no row of ${op.refTable} has; a validated constraint has none, but one added NOT VALID and never validated may, and VALIDATE would then fail.`,
    backfill: orphansBackfill(op),
    lockImpact:
      `DROP + ADD … NOT VALID takes ${LOCK.accessExclusive} on ${op.table} and on ${op.refTable}, briefly (no scan; dropping the old key's triggers on ${op.refTable} needs it); ` +
      `VALIDATE CONSTRAINT scans ${op.table}${rowsText(ctx)} under ${LOCK.shareUpdateExclusive} (${LOCK.rowShare} on ${op.refTable}): reads and writes continue.`,
    transactional: false,
    notes,
  };
}

function setNotNull(op: Op<'set-not-null'>, ctx: PostgresFixContext): FixStep {
  const r = rel(op);
  const c = quoteIdent(op.column);
  const steps = notNullSteps(op.schema, op.table, op.column);
  return {
    forward: steps.forward,
    rollback: steps.rollback,
    preflight: `SELECT count(*) AS null_rows\nFROM ${r}\nWHERE ${c} IS NULL\nHAVING count(*) > 0;`,
    preflightMeaning: `A row gives the number of rows where ${op.column} is NULL: VALIDATE fails until each gets a value (or is deleted).`,
    backfill: commented([
      `Give every NULL a value first (in batches on a large table), e.g.:`,
      `UPDATE ${r} SET ${c} = <value> WHERE ${c} IS NULL;`,
    ]),
    lockImpact: notNullLocks(op.table, rowsText(ctx)),
    transactional: false,
    notes: [
      'Run each statement in its own transaction, or the ACCESS EXCLUSIVE lock of the first lasts through the validation.',
      'On PostgreSQL 18 the same can be written `ALTER TABLE … ADD CONSTRAINT … NOT NULL col NOT VALID` then `VALIDATE CONSTRAINT`; the CHECK path works from PostgreSQL 12.',
    ],
  };
}

function dropDefault(op: Op<'drop-default'>): FixStep {
  const r = rel(op);
  const c = quoteIdent(op.column);
  return {
    forward: [`ALTER TABLE ${r} ALTER COLUMN ${c} DROP DEFAULT;`],
    rollback: [`ALTER TABLE ${r} ALTER COLUMN ${c} SET DEFAULT ${op.previous};`],
    preflightMeaning: `No data check is needed; but from now on an INSERT that leaves out ${op.column} stores NULL, or fails if the column is NOT NULL: make sure the application sets it first.`,
    lockImpact: `${LOCK.accessExclusive} on ${op.table}, for a moment (a catalog change, no scan).`,
    transactional: true,
  };
}

function addCheck(op: Op<'add-check'>, ctx: PostgresFixContext): FixStep {
  const r = rel(op);
  const name = quoteIdent(clipName(op.name));
  return {
    forward: [`ALTER TABLE ${r} ADD CONSTRAINT ${name} CHECK (${op.expression}) NOT VALID;`, `ALTER TABLE ${r} VALIDATE CONSTRAINT ${name};`],
    rollback: [`ALTER TABLE ${r} DROP CONSTRAINT IF EXISTS ${name};`],
    preflight: `SELECT *\nFROM ${r}\nWHERE NOT (${op.expression})\nLIMIT 10;`,
    preflightMeaning: `Each row breaks CHECK (${op.expression}): VALIDATE fails until it is corrected or deleted. (Rows where the expression is NULL pass a CHECK and are not listed.)`,
    backfill: commented([`Correct the rows that break the check, or delete them, e.g.:`, `UPDATE ${r} SET <column> = <value> WHERE NOT (${op.expression});`]),
    lockImpact:
      `ADD CONSTRAINT … NOT VALID takes ${LOCK.accessExclusive} on ${op.table} for a moment (no scan; new writes are checked from then on); ` +
      `VALIDATE CONSTRAINT scans ${op.table}${rowsText(ctx)} under ${LOCK.shareUpdateExclusive}: reads and writes continue.`,
    transactional: false,
    notes: ['Run each statement in its own transaction, or the ACCESS EXCLUSIVE lock of the first lasts through the validation.'],
  };
}

function addPrimaryKey(op: Op<'add-primary-key'>, ctx: PostgresFixContext): FixStep {
  const r = rel(op);
  const name = objectName([op.table], 'pkey');
  const known = ctx.table !== undefined;
  // Without the catalog, every column goes through the NOT NULL path (a no-op on a column already NOT NULL).
  const nullable = op.columns.filter((c) => !known || catalogColumn(ctx, c)?.nullable !== false);
  const cols = list(op.columns);
  const where = op.columns.map((c) => `${quoteIdent(c)} IS NULL`).join(' OR ');
  const preflight = `SELECT ${cols}, count(*) AS row_count\nFROM ${r}\nGROUP BY ${cols}\nHAVING count(*) > 1 OR ${where}\nORDER BY row_count DESC\nLIMIT 10;`;
  const preflightMeaning = `Each row is a value of (${op.columns.join(', ')}) held by more than one row, or one with a NULL: a primary key allows neither.`;
  const backfill = [
    duplicatesBackfill(op.schema, op.table, op.columns),
    commented([
      'and give every NULL key a value (or delete those rows), e.g.:',
      ...op.columns.map((c) => `UPDATE ${r} SET ${quoteIdent(c)} = <value> WHERE ${quoteIdent(c)} IS NULL;`),
    ]),
  ].join('\n');
  if (isPartitioned(ctx)) {
    return {
      forward: [`ALTER TABLE ${r} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY (${cols});`],
      rollback: [`ALTER TABLE ${r} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`],
      preflight,
      preflightMeaning,
      backfill,
      lockImpact: `${LOCK.accessExclusive} on the partitioned table and its partitions while the index is built${rowsText(ctx)}: reads and writes wait.`,
      transactional: true,
      notes: ['A partitioned table cannot take a primary key built CONCURRENTLY (nor one added USING INDEX); the key must include the partition key.'],
    };
  }
  const forward: string[] = [];
  const rollback: string[] = [`ALTER TABLE ${r} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`, `DROP INDEX CONCURRENTLY IF EXISTS ${qualify(op.schema, name)};`];
  for (const c of nullable) {
    const s = notNullSteps(op.schema, op.table, c);
    forward.push(...s.forward);
    if (known) rollback.push(...s.rollback);
  }
  forward.push(`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${r} (${cols});`);
  forward.push(`ALTER TABLE ${r} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY USING INDEX ${quoteIdent(name)};`);
  const notes = [INVALID_INDEX_NOTE];
  if (!known && nullable.length)
    notes.unshift(
      `The catalog was not at hand, so every key column goes through the NOT NULL steps (a no-op where it is NOT NULL already) and the rollback leaves them NOT NULL: run ALTER TABLE ${r} ALTER COLUMN … DROP NOT NULL for those that allowed NULL before.`,
    );
  return {
    forward,
    rollback,
    preflight,
    preflightMeaning,
    backfill,
    lockImpact:
      (nullable.length ? `NOT NULL on ${nullable.join(', ')}: ${notNullLocks(op.table)} ` : '') +
      `The unique index is built CONCURRENTLY under ${LOCK.shareUpdateExclusive} on ${op.table}${rowsText(ctx)} (reads and writes continue); ` +
      `ADD CONSTRAINT … USING INDEX takes ${LOCK.accessExclusive} on ${op.table} for a moment (no scan). Must run outside a transaction block.`,
    transactional: false,
    notes,
  };
}

function addUnique(op: Op<'add-unique'>, ctx: PostgresFixContext): FixStep {
  const r = rel(op);
  const name = op.name ? clipName(op.name) : objectName([op.table, ...op.columns], 'key');
  const cols = list(op.columns);
  const base = {
    preflight: duplicatesQuery(op.schema, op.table, op.columns, op.predicate),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) held by more than one row${op.predicate ? ` where ${op.predicate}` : ''}: the unique index cannot be built until they are made distinct. Rows with a NULL in the key never collide and are not listed.`,
    backfill: duplicatesBackfill(op.schema, op.table, op.columns, op.predicate),
  };
  if (op.predicate || isPartitioned(ctx)) {
    // A partial unique key can only be an index (a UNIQUE constraint has no WHERE).
    const step = addIndex({ op: 'add-index', schema: op.schema, table: op.table, columns: op.columns, unique: true, name, predicate: op.predicate }, ctx);
    const notes = [...(step.notes ?? [])];
    if (op.predicate) notes.unshift('A unique key with a WHERE clause stays a unique index: PostgreSQL has no partial UNIQUE constraint, and a foreign key cannot reference it.');
    return { ...step, ...base, notes };
  }
  return {
    forward: [`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${r} (${cols});`, `ALTER TABLE ${r} ADD CONSTRAINT ${quoteIdent(name)} UNIQUE USING INDEX ${quoteIdent(name)};`],
    rollback: [`ALTER TABLE ${r} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`, `DROP INDEX CONCURRENTLY IF EXISTS ${qualify(op.schema, name)};`],
    ...base,
    lockImpact:
      `The unique index is built CONCURRENTLY under ${LOCK.shareUpdateExclusive} on ${op.table}${rowsText(ctx)} (reads and writes continue); ` +
      `ADD CONSTRAINT … USING INDEX takes ${LOCK.accessExclusive} on ${op.table} for a moment (no scan). Must run outside a transaction block.`,
    transactional: false,
    notes: [INVALID_INDEX_NOTE],
  };
}

function replaceUnique(op: Op<'replace-unique'>, ctx: PostgresFixContext): FixStep {
  const r = rel(op);
  const oldName = op.constraint;
  let newName = op.name ? clipName(op.name) : objectName([op.table, ...op.columns], 'key');
  if (newName === oldName) newName = objectName([op.table, ...op.columns], 'key2');
  const nnd = ctx.table?.uniques.find((u) => u.name === oldName)?.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
  if (op.predicate && !op.isIndex) return replaceUniqueWithPartial(op, ctx, newName, nnd);
  const oldIndex = ctx.table?.indexes.find((i) => i.name === oldName);
  const createRe = /^CREATE\s+UNIQUE\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?/i;
  const q = quoteIdent;
  const common = {
    preflight: duplicatesQuery(op.schema, op.table, op.columns),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) held by more than one row: the new unique index cannot be built until they are made distinct. (Usually none: the new key has more columns than the old one.)`,
    rollbackPreflight: duplicatesQuery(op.schema, op.table, op.oldColumns),
    lockImpact:
      `The new unique index is built CONCURRENTLY under ${LOCK.shareUpdateExclusive} on ${op.table}${rowsText(ctx)} (reads and writes continue); ` +
      (op.isIndex
        ? `the old index is dropped CONCURRENTLY (${LOCK.shareUpdateExclusive} too). Must run outside a transaction block.`
        : `swapping the constraints takes ${LOCK.accessExclusive} on ${op.table} for a moment (no scan). Must run outside a transaction block.`),
    transactional: false,
  };
  const notes = [
    `The rollback puts back the narrower key; it fails if rows written since repeat (${op.oldColumns.join(', ')}) under different ${op.columns.filter((c) => !op.oldColumns.includes(c)).join(', ') || 'values'}: run rollbackPreflight first.`,
    INVALID_INDEX_NOTE,
  ];
  if (op.isIndex) {
    const recreate =
      oldIndex && createRe.test(oldIndex.definition)
        ? withSemicolon(oldIndex.definition.replace(createRe, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS '))
        : `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${q(oldName)} ON ${r} (${list(op.oldColumns)})${nnd};`;
    return {
      forward: [`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${q(newName)} ON ${r} (${list(op.columns)})${nnd};`, `DROP INDEX CONCURRENTLY IF EXISTS ${qualify(op.schema, oldName)};`],
      rollback: [recreate, `DROP INDEX CONCURRENTLY IF EXISTS ${qualify(op.schema, newName)};`],
      ...common,
      notes,
    };
  }
  return {
    forward: [
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${q(newName)} ON ${r} (${list(op.columns)})${nnd};`,
      `ALTER TABLE ${r} DROP CONSTRAINT ${q(oldName)}, ADD CONSTRAINT ${q(newName)} UNIQUE USING INDEX ${q(newName)};`,
    ],
    rollback: [
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${q(oldName)} ON ${r} (${list(op.oldColumns)})${nnd};`,
      `ALTER TABLE ${r} DROP CONSTRAINT ${q(newName)}, ADD CONSTRAINT ${q(oldName)} UNIQUE USING INDEX ${q(oldName)};`,
    ],
    ...common,
    notes: [
      `A foreign key that references ${oldName} makes DROP CONSTRAINT fail; re-point it first.`,
      'The rollback assumes the forward completed; if it stopped after the index build, DROP INDEX CONCURRENTLY the new index instead.',
      ...notes,
    ],
  };
}

/**
 * A unique constraint replaced by a partial unique index (a constraint cannot have a WHERE): the index
 * is built CONCURRENTLY, then the constraint dropped; the rollback builds the full index again and
 * makes it the constraint (USING INDEX), then drops the partial one.
 */
function replaceUniqueWithPartial(op: Op<'replace-unique'>, ctx: PostgresFixContext, newName: string, nnd: string): FixStep {
  const r = rel(op);
  const q = quoteIdent;
  return {
    forward: [
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${q(newName)} ON ${r} (${list(op.columns)})${nnd} WHERE ${op.predicate};`,
      `ALTER TABLE ${r} DROP CONSTRAINT ${q(op.constraint)};`,
    ],
    rollback: [
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${q(op.constraint)} ON ${r} (${list(op.oldColumns)})${nnd};`,
      `ALTER TABLE ${r} ADD CONSTRAINT ${q(op.constraint)} UNIQUE USING INDEX ${q(op.constraint)};`,
      `DROP INDEX CONCURRENTLY IF EXISTS ${qualify(op.schema, newName)};`,
    ],
    preflight: duplicatesQuery(op.schema, op.table, op.columns, op.predicate),
    preflightMeaning: `Each row is a value of (${op.columns.join(', ')}) held by more than one row where ${op.predicate}: the partial unique index cannot be built until they differ. (Usually none: the old key was stricter.)`,
    rollbackPreflight: duplicatesQuery(op.schema, op.table, op.oldColumns),
    lockImpact:
      `The partial unique index is built CONCURRENTLY under ${LOCK.shareUpdateExclusive} on ${op.table}${rowsText(ctx)} (reads and writes continue); ` +
      `dropping the constraint takes ${LOCK.accessExclusive} on ${op.table} for a moment (no scan). Must run outside a transaction block.`,
    transactional: false,
    notes: [
      `A foreign key that references ${op.constraint} makes DROP CONSTRAINT fail: a partial index cannot back a foreign key; re-point it first.`,
      `The rollback puts back the key over every row; it fails if rows written since repeat (${op.oldColumns.join(', ')}) among the rows the predicate leaves out: run rollbackPreflight first.`,
      INVALID_INDEX_NOTE,
    ],
  };
}

/**
 * DROP statements for rules and views (readers first), and the CREATE statements that bring them back
 * (views in creation order, then the rules).
 */
function viewRebuild(views: Table[], rules: NonNullable<PostgresFixContext['dependentRules']>): { drop: string[]; create: string[] } {
  const drop = [
    ...rules.map((r) => `DROP RULE ${quoteIdent(r.name)} ON ${qualify(r.table.schema, r.table.name)};`),
    ...[...views].reverse().map((v) => `DROP ${v.kind === 'materialized view' ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualify(v.schema, v.name)};`),
  ];
  const create: string[] = [];
  for (const v of views) {
    const name = qualify(v.schema, v.name);
    const query = v.view!.definition.trim().replace(/;\s*$/, '');
    const options = v.view!.options?.length ? ` WITH (${v.view!.options.join(', ')})` : '';
    if (v.kind === 'materialized view') {
      create.push(`CREATE MATERIALIZED VIEW ${name}${options} AS\n${query}\nWITH DATA;`);
      for (const ix of v.indexes) create.push(withSemicolon(ix.definition));
    } else {
      create.push(`CREATE VIEW ${name}${options} AS\n${query};`);
    }
    if (v.comment !== undefined) create.push(`COMMENT ON ${v.kind === 'materialized view' ? 'MATERIALIZED VIEW' : 'VIEW'} ${name} IS ${quoteLiteral(v.comment)};`);
  }
  for (const r of rules) create.push(withSemicolon(r.definition));
  return { drop, create };
}

function alterType(op: Op<'alter-type'>, ctx: PostgresFixContext): FixStep {
  if (catalogColumn(ctx, op.column)?.inherited) {
    return unsupported(
      `${op.table}.${op.column} is inherited from ${ctx.table?.inherits?.join(', ') ?? 'its parent'}, and PostgreSQL changes an inherited column only on the parent: ` +
        `change it there, and the change reaches every child`,
    );
  }
  if (ctx.table?.partitionKey?.includes(op.column)) {
    return unsupported(
      `${op.column} is part of the partition key of ${op.table}, and PostgreSQL cannot change the type of a partition key column: ` +
        `create a new partitioned table with the new type, copy the rows across, and swap the names`,
    );
  }
  if (/with time zone|timestamptz/i.test(op.to) && !/with time zone|timestamptz/i.test(op.from)) {
    // `deleted_at IS NULL` stays immutable with any type; comparisons and functions of it may not.
    const escaped = op.column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const nullTest = new RegExp(`\\(?("${escaped}"|\\b${escaped}\\b)\\)? IS (NOT )?NULL`, 'g');
    const uses = (ctx.table?.indexes ?? []).filter(
      (ix) =>
        (ix.predicate && mentionsColumn(ix.predicate.replace(nullTest, 'TRUE'), op.column)) ||
        ix.keyParts.some((k, i) => ix.columns[i] === null && mentionsColumn(k, op.column)),
    );
    if (uses.length) {
      return unsupported(
        `index ${uses.map((ix) => ix.name).join(', ')} uses ${op.column} in an expression or predicate, and with timestamptz the functions and comparisons there ` +
          `depend on the session's time zone, which PostgreSQL refuses in an index: rewrite ${uses.length === 1 ? 'that index' : 'those indexes'} first (e.g. on ${op.column} AT TIME ZONE 'UTC')`,
      );
    }
  }
  const r = rel(op);
  const c = quoteIdent(op.column);
  const using = op.using ? ` USING ${op.using}` : '';
  const zone = op.using ? AT_TIME_ZONE.exec(op.using)?.[1] : undefined;
  const back = zone ? `${c} AT TIME ZONE ${zone}` : `${c}::${op.from}`;
  const notes = [
    'The rollback restores the type, not what the conversion changed: rounding, padding, precision, jsonb\'s normalised text.',
    'Views and rules that use the column make ALTER … TYPE fail (drop and re-create them around it); a default that cannot be cast must be dropped first and set again.',
    'On a large, busy table, the lock-free alternative is a new column filled in batches, then a swap of names.',
  ];
  let preflight: string | undefined;
  let preflightMeaning: string;
  const value = valueBeforeCast(op.column, op.to, op.using);
  if (zone || conversionCannotFail(op.from, op.to)) {
    preflightMeaning = `No value of ${op.from} can fail to convert to ${op.to}${zone ? ` (read AT TIME ZONE ${zone})` : ''}: nothing to check.`;
  } else if (value === undefined) {
    preflightMeaning = `The USING expression (${op.using}) is not checked ahead of time: run it over a copy of the data, or SELECT it over the table, before applying.`;
  } else if (ctx.serverMajor !== undefined && ctx.serverMajor < 16) {
    preflight = `SELECT count(*) AS checked_rows\nFROM ${r}\nWHERE ${c} IS NOT NULL AND (${value})::${op.to} IS NULL;`;
    preflightMeaning = `PostgreSQL ${ctx.serverMajor} has no pg_input_is_valid(): this query converts every value and fails with the same error the ALTER would if one cannot be converted; no error means the data converts.`;
  } else {
    preflight = `SELECT ${c}\nFROM ${r}\nWHERE ${c} IS NOT NULL AND NOT pg_input_is_valid((${value})::text, ${quoteLiteral(op.to)})\nLIMIT 10;`;
    preflightMeaning =
      `Each row is a value that is not valid ${op.to} (checked with pg_input_is_valid, PostgreSQL 16+): the conversion fails until it is corrected or cleared. ` +
      'The check reads the value as text, so a conversion that does not go through text may be flagged wrongly.';
  }
  const views = ctx.dependentViews || ctx.dependentRules ? viewRebuild(ctx.dependentViews ?? [], ctx.dependentRules ?? []) : undefined;
  const forward = [...(views?.drop ?? []), `ALTER TABLE ${r} ALTER COLUMN ${c} TYPE ${op.to}${using};`];
  const rollback = [...(views?.drop ?? []), `ALTER TABLE ${r} ALTER COLUMN ${c} TYPE ${op.from} USING ${back};`];
  if (views) {
    const names = [...(ctx.dependentViews ?? []).map((v) => qualifiedName(v)), ...(ctx.dependentRules ?? []).map((r) => `rule ${r.name} on ${qualifiedName(r.table)}`)].join(', ');
    notes[1] =
      `The views and rules that read ${op.column} (${names}) are dropped and re-created around the change, from their definitions as PostgreSQL printed them, in one transaction: ` +
      'the views\' privileges, owner and triggers are not re-created (re-grant them), and materialized views are filled again.';
  }
  // A serial column's sequence keeps its own type (an identity column's follows the column): widened alone,
  // the column would still stop at the sequence's maximum.
  const ints = ['smallint', 'integer', 'bigint'];
  const toInt = normalType(op.to);
  const seq = serialSequence(catalogColumn(ctx, op.column)?.default);
  if (seq && ints.includes(toInt) && toInt !== normalType(op.from)) {
    // The sequence named by the default (pg_dump output often has no OWNED BY), else the one owned by the column.
    const owned =
      ctx.sequences?.find((x) => qualify(x.schema, x.name) === seq || `${x.schema}.${x.name}` === seq || x.name === seq) ??
      ctx.sequences?.find((x) => x.ownedBy === `${op.schema}.${op.table}.${op.column}`);
    const current = owned ? normalType(owned.dataType) : normalType(op.from);
    if (ints.indexOf(current) < ints.indexOf(toInt)) {
      forward.push(`ALTER SEQUENCE ${seq} AS ${toInt};`);
      rollback.unshift(`ALTER SEQUENCE ${seq} AS ${current};`);
      notes.unshift(`${op.column} takes its values from the sequence ${seq}, whose own type limits it: the sequence is changed with the column (the rollback's ALTER SEQUENCE fails if the sequence has passed the old type's maximum).`);
    } else {
      notes.unshift(`${op.column} takes its values from the sequence ${seq}, which is already ${current}: it needs no change.`);
    }
  } else if (!ctx.table && ints.includes(toInt)) {
    notes.unshift(`If ${op.column} is a serial column, its sequence keeps its old type and maximum: also run ALTER SEQUENCE … AS ${toInt}.`);
  }
  if (views) {
    forward.push(...views.create);
    rollback.push(...views.create);
  }
  return {
    forward,
    rollback,
    ...(preflight ? { preflight } : {}),
    preflightMeaning,
    ...(preflight && !preflight.startsWith('SELECT count')
      ? {
          backfill: commented([
            `Correct or clear the values that do not convert, e.g.:`,
            `UPDATE ${r} SET ${c} = NULL WHERE ${c} IS NOT NULL AND NOT pg_input_is_valid((${value})::text, ${quoteLiteral(op.to)});`,
          ]),
        }
      : {}),
    lockImpact:
      `${LOCK.accessExclusive} on ${op.table} for the whole statement: unless the new type is binary-compatible (e.g. varchar(n) to text), ` +
      `PostgreSQL rewrites the table${rowsText(ctx)} and rebuilds its indexes while reads and writes wait.` +
      (ctx.dependentViews?.length || ctx.dependentRules?.length
        ? ` The views and rules it drops and re-creates are locked ${LOCK.accessExclusive} until the transaction ends: run the statements in one transaction.`
        : ''),
    transactional: true,
    notes,
  };
}

/** The sequence a `nextval('…'::regclass)` default draws from, as SQL (the literal's text is already a qualified, quoted name). */
function serialSequence(defaultExpr: string | undefined): string | undefined {
  const m = defaultExpr ? /^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$/.exec(defaultExpr.trim()) : null;
  return m ? m[1].replace(/''/g, "'") : undefined;
}

const VOLATILE_DEFAULT = /\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v\w+|uuidv[47]|nextval)\s*\(/i;

function addColumn(op: Op<'add-column'>, ctx: PostgresFixContext): FixStep {
  const r = rel(op);
  const c = quoteIdent(op.column);
  const def = op.default !== undefined ? ` DEFAULT ${op.default}` : '';
  const notNull = op.nullable ? '' : ' NOT NULL';
  const checks = [
    `SELECT 'column exists' AS problem FROM pg_attribute WHERE attrelid = to_regclass(${quoteLiteral(r)}) AND attname = ${quoteLiteral(op.column)} AND NOT attisdropped`,
  ];
  if (!op.nullable && op.default === undefined) checks.push(`SELECT 'rows exist: NOT NULL without a default' AS problem FROM ${r} HAVING count(*) > 0`);
  const rewrites = op.default !== undefined && VOLATILE_DEFAULT.test(op.default);
  return {
    forward: [`ALTER TABLE ${r} ADD COLUMN ${c} ${op.type}${def}${notNull};`],
    rollback: [`ALTER TABLE ${r} DROP COLUMN IF EXISTS ${c};`],
    preflight: `${checks.join('\nUNION ALL\n')};`,
    preflightMeaning:
      `'column exists': ${op.column} is already there, so the ADD fails (and the rollback would drop that column: do not run it).` +
      (!op.nullable && op.default === undefined ? ` 'rows exist': the table has rows, which a NOT NULL column without a default cannot fill.` : ''),
    lockImpact: rewrites
      ? `${LOCK.accessExclusive} on ${op.table} while the table is rewritten${rowsText(ctx)}: the default ${op.default} is volatile, so every row gets its own value.`
      : `${LOCK.accessExclusive} on ${op.table} for a moment: ${op.default !== undefined ? 'a non-volatile default is stored once in the catalog (PostgreSQL 11+), ' : ''}no rewrite.`,
    transactional: true,
    notes: [
      ...(op.default !== undefined && /\bnow\(\)|current_timestamp/i.test(op.default) ? [`Existing rows get the time of the migration as ${op.column}.`] : []),
      'The rollback drops the column and whatever was written to it since.',
    ],
  };
}

function enableRls(op: Op<'enable-rls'>): FixStep {
  const r = rel(op);
  const forward: string[] = [];
  const rollback: string[] = [];
  if (!op.alreadyEnabled) {
    forward.push(`ALTER TABLE ${r} ENABLE ROW LEVEL SECURITY;`);
    rollback.unshift(`ALTER TABLE ${r} DISABLE ROW LEVEL SECURITY;`);
  }
  if (op.force) {
    forward.push(`ALTER TABLE ${r} FORCE ROW LEVEL SECURITY;`);
    rollback.unshift(`ALTER TABLE ${r} NO FORCE ROW LEVEL SECURITY;`);
  }
  return {
    forward,
    rollback,
    preflight: `SELECT 'no policy' AS problem\nWHERE NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = to_regclass(${quoteLiteral(r)}));`,
    preflightMeaning:
      `A row means ${op.table} has no policy: with row-level security on, every role but the owner (and BYPASSRLS roles) then sees no row and can write none` +
      (op.force ? '; with FORCE, the owner too.' : '.') +
      (op.force ? ' FORCE also subjects an application that connects as the table owner to the policies: check they let it do its work.' : ''),
    lockImpact: `${LOCK.accessExclusive} on ${op.table} for a moment (a catalog change, no scan).`,
    transactional: true,
    ...(forward.length ? {} : { notes: ['Row-level security is already enabled and FORCE was not asked for: nothing to do.'] }),
  };
}

/** A body that names a table without a schema: FROM/JOIN/UPDATE/INSERT INTO followed by a bare name. A text search, not a parse. */
const UNQUALIFIED_NAME = String.raw`\m(from|join|update|insert\s+into)\s+(only\s+)?([a-z_][a-z0-9_$]*\M|"[^"]+")(?!\s*[.()])`;

function setSearchPath(op: Op<'set-function-search-path'>): FixStep {
  const fn = `${qualify(op.schema, op.name)}(${op.args})`;
  return {
    forward: [`ALTER FUNCTION ${fn} SET search_path = pg_catalog, pg_temp;`],
    rollback: [`ALTER FUNCTION ${fn} RESET search_path;`],
    preflight:
      `SELECT p.oid::regprocedure AS function, p.prosrc AS body\n` +
      `FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace\n` +
      `WHERE n.nspname = ${quoteLiteral(op.schema)} AND p.proname = ${quoteLiteral(op.name)}\n` +
      `  AND pg_get_function_identity_arguments(p.oid) = ${quoteLiteral(op.args)}\n` +
      `  AND p.prosrc ~* ${quoteLiteral(UNQUALIFIED_NAME)};`,
    preflightMeaning:
      'A row means the body seems to name a table without its schema (FROM accounts): with the pinned search_path only pg_catalog ' +
      'and pg_temp are searched, so such a name stops resolving. Schema-qualify it (FROM public.accounts) before applying. The check ' +
      'is a text search, not a parse: read the body either way.',
    lockImpact: 'None on tables: a catalog change to the function; sessions pick it up on their next call.',
    transactional: true,
    notes: [
      "The path is `pg_catalog, pg_temp` rather than `''`: with an empty path PostgreSQL still searches pg_temp first for tables and types, so a temporary table could shadow a name the body uses; listing pg_temp last closes that (PostgreSQL's own advice for SECURITY DEFINER functions).",
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Whole findings

/** The SQL of a finding's fix: its operations' steps joined in order (rollbacks in reverse). */
export type PostgresFixSql = JoinedFixSql;

/** Major version of a live server (`16.4`, `PostgreSQL 15.2 on …`); undefined for DDL sources, whose engine is not the target's. */
export function serverMajor(catalog: Catalog | undefined): number | undefined {
  if (!catalog || catalog.source.kind !== 'postgres-live' || !catalog.source.serverVersion) return undefined;
  const m = /(\d+)(?:\.\d+)?/.exec(catalog.source.serverVersion);
  return m ? Number(m[1]) : undefined;
}

/** What the catalog knows about the table an operation changes. */
export function postgresFixContext(op: FixOp, catalog: Catalog | undefined): PostgresFixContext {
  const ctx: PostgresFixContext = {};
  const major = serverMajor(catalog);
  if (major !== undefined) ctx.serverMajor = major;
  if (catalog?.sequences.length) ctx.sequences = catalog.sequences;
  if (!catalog || !('table' in op)) return ctx;
  const table = catalog.tables.find((t) => t.schema === op.schema && t.name === op.table);
  if (!table) return ctx;
  ctx.table = table;
  if (table.stats?.rowEstimate !== undefined) ctx.rowEstimate = table.stats.rowEstimate;
  if (table.kind === 'partitioned table') {
    const parent = qualifiedName(table);
    ctx.partitions = catalog.tables.filter((t) => t.partitionOf === parent);
  }
  if (op.op === 'alter-type') {
    // ALTER … TYPE reaches the column in every child (INHERITS) and partition too: what reads those blocks it as well.
    const columns = [table, ...descendants(catalog, table)].map((t) => `${t.schema}.${t.name}.${op.column}`);
    const views = [...new Set(columns.flatMap((c) => viewsReading(catalog, c)))];
    if (views.length) ctx.dependentViews = views;
    const wanted = new Set([...columns, ...views.flatMap((v) => v.columns.map((c) => `${v.schema}.${v.name}.${c.name}`))]);
    const rules = catalog.tables.flatMap((t) => (t.rules ?? []).filter((r) => r.uses.some((u) => wanted.has(u))).map((r) => ({ table: t, ...r })));
    if (rules.length) ctx.dependentRules = rules;
  }
  return ctx;
}

/** Tables that inherit from `table` (INHERITS or declarative partitions), at any depth. */
function descendants(catalog: Catalog, table: Table): Table[] {
  const out: Table[] = [];
  const name = qualifiedName(table);
  for (const t of catalog.tables) {
    if (t.partitionOf === name || t.inherits?.includes(name)) out.push(t, ...descendants(catalog, t));
  }
  return out;
}

/** Views reading `column` (`schema.table.column`), directly or through other views, in creation order. */
function viewsReading(catalog: Catalog, column: string): Table[] {
  const views = catalog.tables.filter((t) => t.view);
  const readers = (columns: Set<string>) => views.filter((v) => v.view!.uses.some((u) => columns.has(u)));
  const found = new Set<Table>();
  let frontier = readers(new Set([column]));
  while (frontier.length) {
    const next: Table[] = [];
    for (const v of frontier) {
      if (found.has(v)) continue;
      found.add(v);
      next.push(...readers(new Set(v.columns.map((c) => `${v.schema}.${v.name}.${c.name}`))));
    }
    frontier = next;
  }
  // Creation order: a view comes after every found view it reads.
  const ordered: Table[] = [];
  const visit = (v: Table, depth: number) => {
    if (ordered.includes(v) || depth > 64) return;
    for (const u of found) if (u !== v && v.view!.uses.some((c) => c.startsWith(`${u.schema}.${u.name}.`))) visit(u, depth + 1);
    if (!ordered.includes(v)) ordered.push(v);
  };
  for (const v of found) visit(v, 0);
  return ordered;
}

export function postgresFixSql(ops: FixOp[], catalog?: Catalog): PostgresFixSql {
  return joinFixSteps(ops.map((op) => postgresFix(op, postgresFixContext(op, catalog))));
}
