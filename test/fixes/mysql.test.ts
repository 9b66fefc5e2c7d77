// The MySQL/MariaDB fix writer, proved on the real MariaDB server: for every operation, the pre-flight
// finds the data that would stop the change (and nothing on clean data), the forward (with its
// ALGORITHM/LOCK clauses, which the server refuses when it cannot honour them) changes
// information_schema as intended, and the rollback gives back the same SHOW CREATE TABLE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import type { Catalog } from '../../src/catalog/types.js';
import { loadMysqlLive } from '../../src/sources/mysql/index.js';
import type { FixOp } from '../../src/fixes/operations.js';
import { mysqlFix, mysqlFixContext, mysqlFixSql, mysqlServer, type FixStep } from '../../src/fixes/mysql.js';
import { mysqlIdent, mysqlLiteral, mysqlQualify } from '../../src/fixes/mysql-quote.js';
import { mysqlDefault, mysqlExpression, mysqlType, UntranslatableSql } from '../../src/fixes/mysql-expression.js';
import { requireMysql, scratchMysqlDatabase } from '../sources/mysql/servers.js';

const available = await requireMysql();

type Row = Record<string, unknown>;

interface Db {
  name: string;
  conn: mysql.Connection;
  catalog: Catalog;
  drop: () => Promise<void>;
}

const open: Db[] = [];

async function database(setup: string): Promise<Db> {
  const scratch = await scratchMysqlDatabase(setup);
  const u = new URL(scratch.url);
  const conn = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username) || 'root', database: scratch.name, dateStrings: true });
  const db: Db = { name: scratch.name, conn, catalog: await loadMysqlLive(scratch.url), drop: scratch.drop };
  open.push(db);
  return db;
}

afterAll(async () => {
  for (const db of open) {
    await db.conn.end().catch(() => undefined);
    await db.drop();
  }
});

async function rows(db: Db, sql: string): Promise<Row[]> {
  return (await db.conn.query(sql))[0] as Row[];
}

/** The pre-flight's queries (several are separated by a blank line), each run on its own. */
function queries(sql: string | undefined): string[] {
  return (sql ?? '').split(/;\n\n/).map((q) => q.trim()).filter(Boolean);
}

/** Rows of every pre-flight query, by query. */
async function preflightRows(db: Db, sql: string | undefined): Promise<Row[][]> {
  const out: Row[][] = [];
  for (const q of queries(sql)) out.push(await rows(db, q));
  return out;
}

/**
 * SHOW CREATE TABLE with its index and constraint lines in name order: the server lists indexes in the
 * order they were created, so an index a rollback re-creates comes last, which means nothing to it.
 * Everything else (columns and their order, every clause of every line) must match exactly.
 */
function canonicalCreate(create: string): string {
  const lines = create.split('\n');
  const body = lines.slice(1, -1).map((l) => l.replace(/,$/, ''));
  const keyed = (l: string) => /^\s*((UNIQUE |FULLTEXT |SPATIAL )?KEY|CONSTRAINT) /.test(l);
  return [lines[0], ...body.filter((l) => !keyed(l)), ...body.filter(keyed).sort(), lines[lines.length - 1]].join('\n');
}

/** SHOW CREATE TABLE of every table (canonical): what a rollback must give back. */
async function showCreate(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of await rows(db, 'SHOW FULL TABLES')) {
    const name = String(Object.values(r)[0]);
    const [create] = await rows(db, `SHOW CREATE TABLE ${mysqlIdent(name)}`);
    out[name] = canonicalCreate(String(create['Create Table']));
  }
  return out;
}

async function run(db: Db, statements: string[]): Promise<void> {
  for (const s of statements) await db.conn.query(s);
}

function stepFor(db: Db, op: FixOp): FixStep {
  const step = mysqlFix(op, mysqlFixContext(op, db.catalog));
  expect(step.unsupported, step.unsupported).toBeUndefined();
  expect(step.forward.length).toBeGreaterThan(0);
  expect(step.transactional).toBe(false);
  for (const s of [...step.forward, ...step.rollback]) expect(s.endsWith(';')).toBe(true);
  return step;
}

interface Scenario {
  setup: string;
  op: (db: string) => FixOp;
  /** Statements that make the pre-flight return rows (and, unless forwardStillApplies, make the forward fail). */
  dirty?: string[];
  /** Statements that clean the dirty data again. */
  clean?: string[];
  /** The forward applies even with the dirty data (the pre-flight then warns of something else). */
  forwardStillApplies?: boolean;
  /** Checks after the forward, against information_schema. */
  after: (db: Db) => Promise<void>;
}

/**
 * The full round: pre-flight clean → dirty data found (forward refused) → cleaned → forward applies,
 * the change is there → rollback gives back the same SHOW CREATE TABLE for every table.
 */
async function prove(s: Scenario): Promise<{ db: Db; step: FixStep }> {
  const db = await database(s.setup);
  const op = s.op(db.name);
  const step = stepFor(db, op);
  for (const found of await preflightRows(db, step.preflight)) expect(found).toEqual([]);
  if (s.dirty) {
    await run(db, s.dirty);
    const found = await preflightRows(db, step.preflight);
    expect(found.some((r) => r.length > 0), `pre-flight finds the dirty data:\n${step.preflight}`).toBe(true);
    if (!s.forwardStillApplies) {
      const before = await showCreate(db);
      await expect(run(db, step.forward)).rejects.toThrow();
      // A refused ALTER changes nothing (each statement is atomic).
      expect(await showCreate(db)).toEqual(before);
    }
    await run(db, s.clean ?? []);
    for (const rowsOf of await preflightRows(db, step.preflight)) expect(rowsOf).toEqual([]);
  }
  const before = await showCreate(db);
  await run(db, step.forward);
  await s.after(db);
  expect(await showCreate(db)).not.toEqual(before);
  if (step.rollbackPreflight) for (const r of await preflightRows(db, step.rollbackPreflight)) expect(r).toEqual([]);
  await run(db, step.rollback);
  expect(await showCreate(db)).toEqual(before);
  return { db, step };
}

async function column(db: Db, table: string, name: string): Promise<Row> {
  const [r] = await rows(
    db,
    `SELECT COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra, COLUMN_COMMENT AS comment, COLLATION_NAME AS coll
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${mysqlLiteral(table)} AND COLUMN_NAME = ${mysqlLiteral(name)}`,
  );
  return r;
}

async function indexesOf(db: Db, table: string): Promise<Record<string, { unique: boolean; columns: string[] }>> {
  const out: Record<string, { unique: boolean; columns: string[] }> = {};
  for (const r of await rows(
    db,
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nu, COLUMN_NAME AS col FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${mysqlLiteral(table)} ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
  )) {
    const name = String(r.name);
    out[name] ??= { unique: Number(r.nu) === 0, columns: [] };
    out[name].columns.push(String(r.col));
  }
  return out;
}

async function foreignKeys(db: Db, table: string): Promise<Record<string, { deleteRule: string; updateRule: string }>> {
  const out: Record<string, { deleteRule: string; updateRule: string }> = {};
  for (const r of await rows(
    db,
    `SELECT CONSTRAINT_NAME AS name, DELETE_RULE AS d, UPDATE_RULE AS u FROM information_schema.REFERENTIAL_CONSTRAINTS
     WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ${mysqlLiteral(table)}`,
  )) {
    out[String(r.name)] = { deleteRule: String(r.d), updateRule: String(r.u) };
  }
  return out;
}

// Awkward names on purpose: a space, a reserved word, a backtick, mixed case.
const SHOP = `
CREATE TABLE \`select\` (
  \`id\` bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  \`Name\` varchar(40) NOT NULL DEFAULT 'it''s'
) ENGINE=InnoDB;
CREATE TABLE \`Order Items\` (
  \`id\` int unsigned NOT NULL AUTO_INCREMENT,
  \`order id\` bigint unsigned NULL,
  \`a\`\`b\` varchar(10) NULL COMMENT 'quote '' and back\\\\slash',
  \`group\` int NOT NULL DEFAULT 0,
  \`unit price\` decimal(10,2) NULL,
  \`code\` char(36) NULL,
  \`payload\` longtext NULL,
  \`touched at\` timestamp NULL DEFAULT NULL ON UPDATE current_timestamp(),
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB;
INSERT INTO \`select\` (\`Name\`) VALUES ('a'), ('b');
INSERT INTO \`Order Items\` (\`order id\`, \`a\`\`b\`, \`group\`, \`unit price\`, \`code\`, \`payload\`, \`touched at\`)
VALUES (1, 'x', 1, 9.50, '123e4567-e89b-12d3-a456-426614174000', '{"a": 1}', '2024-05-01 10:00:00'),
       (2, 'y', 2, 0, '123e4567e89b12d3a456426614174001', '[]', '2024-05-02 10:00:00');
`;
const ITEMS = 'Order Items';

describe.runIf(available)('MySQL fix writer on the real MariaDB server', () => {
  beforeAll(() => undefined);

  it('reads the server flavour and version from the catalog', async () => {
    const db = await database('CREATE TABLE t (id int PRIMARY KEY);');
    const [v] = await rows(db, 'SELECT VERSION() AS v');
    const server = mysqlServer(db.catalog);
    expect(server.flavour).toBe(/mariadb/i.test(String(v.v)) ? 'mariadb' : 'mysql');
    expect(server.version?.join('.')).toBe(/^(\d+\.\d+\.\d+)/.exec(String(v.v))?.[1]);
  });

  it('add-index: builds the index in place without blocking writes, and drops it again', async () => {
    const { step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'add-index', schema: d, table: ITEMS, columns: ['order id', 'a`b'] }),
      after: async (db) => expect((await indexesOf(db, ITEMS))['Order Items_order id_a`b_idx']).toEqual({ unique: false, columns: ['order id', 'a`b'] }),
    });
    expect(step.forward[0]).toContain('ALGORITHM=INPLACE, LOCK=NONE');
    expect(step.forward[0]).toContain('`a``b`');
  });

  it('add-index: the pre-flight reports an index name that is taken', async () => {
    const db = await database(`${SHOP}\nALTER TABLE \`Order Items\` ADD INDEX \`taken\` (\`group\`);`);
    const op: FixOp = { op: 'add-index', schema: db.name, table: ITEMS, columns: ['order id'], name: 'taken' };
    const step = stepFor(db, op);
    expect((await preflightRows(db, step.preflight)).flat()).toEqual([{ existing_index: 'taken' }]);
    await expect(run(db, step.forward)).rejects.toThrow(/Duplicate key name/);
  });

  it('drop-index: in place; the pre-flight lists a foreign key only that index can serve', async () => {
    const setup = `${SHOP}
      ALTER TABLE \`Order Items\` ADD INDEX \`by order\` (\`order id\`), ADD INDEX \`by order and group\` (\`order id\`, \`group\`);
      ALTER TABLE \`Order Items\` ADD CONSTRAINT \`items order\` FOREIGN KEY (\`order id\`) REFERENCES \`select\` (\`id\`);`;
    // The wider index serves the foreign key too: the narrow one can go.
    const { db } = await prove({
      setup,
      op: (d) => ({ op: 'drop-index', schema: d, table: ITEMS, name: 'by order', definition: '' }),
      after: async (x) => expect(Object.keys(await indexesOf(x, ITEMS))).not.toContain('by order'),
    });
    // Without the wider one, the narrow index is the foreign key's only index: the pre-flight says so, and the server agrees.
    await run(db, ['ALTER TABLE `Order Items` DROP INDEX `by order and group`']);
    const catalog = await loadMysqlLive(`mysql://root@127.0.0.1:3306/${db.name}`);
    const op: FixOp = { op: 'drop-index', schema: db.name, table: ITEMS, name: 'by order', definition: '' };
    const step = mysqlFix(op, mysqlFixContext(op, catalog));
    expect((await preflightRows(db, step.preflight)).flat()).toEqual([{ foreign_key: 'items order', on_table: ITEMS, key_columns: 'order id' }]);
    await expect(run(db, step.forward)).rejects.toThrow(/needed in a foreign key/);
  });

  it('drop-index: the parent side of a foreign key counts too', async () => {
    const db = await database(`${SHOP}
      ALTER TABLE \`select\` ADD UNIQUE INDEX \`name key\` (\`Name\`);
      CREATE TABLE \`refs\` (\`name\` varchar(40) NULL, CONSTRAINT \`refs name\` FOREIGN KEY (\`name\`) REFERENCES \`select\` (\`Name\`));`);
    const op: FixOp = { op: 'drop-index', schema: db.name, table: 'select', name: 'name key', definition: '' };
    const step = stepFor(db, op);
    expect((await preflightRows(db, step.preflight)).flat()).toEqual([{ foreign_key: 'refs name', on_table: 'refs', key_columns: 'Name' }]);
    await expect(run(db, step.forward)).rejects.toThrow();
  });

  it('add-foreign-key: validated by a table copy; orphans found first; the rollback also drops the index InnoDB made', async () => {
    const { step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'add-foreign-key', schema: d, table: ITEMS, columns: ['order id'], refSchema: d, refTable: 'select', refColumns: ['id'], onDelete: 'set null' }),
      dirty: ['INSERT INTO `Order Items` (`order id`) VALUES (99), (99), (98)'],
      clean: ['DELETE FROM `Order Items` WHERE `order id` > 2'],
      after: async (db) => {
        expect(await foreignKeys(db, ITEMS)).toEqual({ 'Order Items_order id_fkey': { deleteRule: 'SET NULL', updateRule: 'RESTRICT' } });
        expect((await indexesOf(db, ITEMS))['Order Items_order id_fkey']?.columns).toEqual(['order id']);
      },
    });
    expect(step.forward[0]).toMatch(/^SET STATEMENT foreign_key_checks = 1 FOR ALTER TABLE .* ALGORITHM=COPY, LOCK=SHARED;$/);
    expect(step.lockImpact).toMatch(/foreign_key_checks=0/);
  });

  it('add-foreign-key: the orphan pre-flight groups values and the backfill template resolves them', async () => {
    const db = await database(`${SHOP}\nINSERT INTO \`Order Items\` (\`order id\`) VALUES (99), (99), (98);`);
    const op: FixOp = { op: 'add-foreign-key', schema: db.name, table: ITEMS, columns: ['order id'], refSchema: db.name, refTable: 'select', refColumns: ['id'] };
    const step = stepFor(db, op);
    const [found] = await preflightRows(db, step.preflight);
    expect(found.map((r) => [Number(r['order id']), Number(r.orphan_rows)])).toEqual([
      [99, 2],
      [98, 1],
    ]);
    const clearing = step.backfill!.split('\n').find((l) => l.startsWith('-- UPDATE'))!.slice(3);
    await run(db, [clearing]);
    expect(await preflightRows(db, step.preflight)).toEqual([[]]);
    await run(db, step.forward);
  });

  it('add-foreign-key: a type mismatch is reported, not written', async () => {
    const db = await database(`${SHOP}\nCREATE TABLE \`narrow\` (\`order id\` int NULL);`);
    const op: FixOp = { op: 'add-foreign-key', schema: db.name, table: 'narrow', columns: ['order id'], refSchema: db.name, refTable: 'select', refColumns: ['id'] };
    const step = mysqlFix(op, mysqlFixContext(op, db.catalog));
    expect(step.unsupported).toMatch(/int but select\.id is bigint unsigned/);
    // The server refuses it indeed.
    await expect(run(db, ['ALTER TABLE `narrow` ADD FOREIGN KEY (`order id`) REFERENCES `select` (`id`)'])).rejects.toThrow(/errno: 150|incorrectly formed/);
  });

  it('set-on-delete: swaps the key in place through a temporary name, keeps ON UPDATE, and restores the same definition', async () => {
    const setup = `${SHOP}
      ALTER TABLE \`Order Items\` ADD CONSTRAINT \`items order\` FOREIGN KEY (\`order id\`) REFERENCES \`select\` (\`id\`) ON DELETE CASCADE ON UPDATE CASCADE;`;
    const { step } = await prove({
      setup,
      op: (d) => ({
        op: 'set-on-delete',
        schema: d,
        table: ITEMS,
        constraint: 'items order',
        columns: ['order id'],
        refSchema: d,
        refTable: 'select',
        refColumns: ['id'],
        from: 'cascade',
        to: 'restrict',
      }),
      // Rows that bypassed the key (loaded with checks off, as a dump restore does) are found by the pre-flight;
      // the swap itself does not check rows, so it would go through: the pre-flight is the guard.
      dirty: ['SET SESSION foreign_key_checks = 0', 'INSERT INTO `Order Items` (`order id`) VALUES (77)', 'SET SESSION foreign_key_checks = 1'],
      clean: ['DELETE FROM `Order Items` WHERE `order id` = 77'],
      forwardStillApplies: true,
      after: async (db) => expect(await foreignKeys(db, ITEMS)).toEqual({ 'items order': { deleteRule: 'RESTRICT', updateRule: 'CASCADE' } }),
    });
    expect(step.forward).toHaveLength(2);
    for (const s of [...step.forward, ...step.rollback]) expect(s).toMatch(/^SET STATEMENT foreign_key_checks = 0 FOR ALTER TABLE .*ALGORITHM=INPLACE, LOCK=NONE;$/);
  });

  it('set-on-delete: a key that was NO ACTION comes back as NO ACTION', async () => {
    await prove({
      setup: `${SHOP}\nALTER TABLE \`Order Items\` ADD CONSTRAINT \`fk\` FOREIGN KEY (\`order id\`) REFERENCES \`select\` (\`id\`) ON DELETE NO ACTION;`,
      op: (d) => ({ op: 'set-on-delete', schema: d, table: ITEMS, constraint: 'fk', columns: ['order id'], refSchema: d, refTable: 'select', refColumns: ['id'], from: 'no action', to: 'set null' }),
      after: async (db) => expect((await foreignKeys(db, ITEMS)).fk.deleteRule).toBe('SET NULL'),
    });
  });

  it('set-not-null: MODIFY restates the whole column (default, ON UPDATE, comment kept) in place', async () => {
    const { step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'set-not-null', schema: d, table: ITEMS, column: 'a`b' }),
      dirty: ['INSERT INTO `Order Items` (`a``b`) VALUES (NULL)'],
      clean: ["UPDATE `Order Items` SET `a``b` = 'z' WHERE `a``b` IS NULL"],
      after: async (db) => expect(await column(db, ITEMS, 'a`b')).toMatchObject({ type: 'varchar(10)', nullable: 'NO', comment: "quote ' and back\\slash" }),
    });
    expect(step.forward[0]).toContain('ALGORITHM=INPLACE, LOCK=NONE');
  });

  it('set-not-null: a timestamp whose default is the current time is copied (in place is refused), keeping ON UPDATE', async () => {
    const { db, step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'set-not-null', schema: d, table: ITEMS, column: 'touched at' }),
      after: async (x) => expect(await column(x, ITEMS, 'touched at')).toMatchObject({ nullable: 'NO', extra: 'on update current_timestamp()' }),
    });
    expect(step.forward[0]).toContain('ALGORITHM=COPY, LOCK=SHARED');
    expect(step.lockImpact).toMatch(/not a constant/);
    // The in-place form is what the server refuses here.
    await expect(run(db, [step.forward[0].replace('ALGORITHM=COPY, LOCK=SHARED', 'ALGORITHM=INPLACE, LOCK=NONE')])).rejects.toThrow(/non-constant DEFAULT/);
  });

  it('set-not-null: the pre-flight flags a non-strict session and a column MODIFY would change silently', async () => {
    const db = await database(`${SHOP}
      ALTER TABLE \`Order Items\` ADD COLUMN \`own\` varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
        ADD COLUMN \`checked\` int NULL CHECK (\`checked\` > 0);
      UPDATE \`Order Items\` SET \`own\` = 'a', \`checked\` = 1;`);
    for (const columnName of ['own', 'checked']) {
      const op: FixOp = { op: 'set-not-null', schema: db.name, table: ITEMS, column: columnName };
      const step = stepFor(db, op);
      const [nulls, strict, guard] = await preflightRows(db, step.preflight);
      expect(nulls).toEqual([]);
      expect(strict).toEqual([]);
      expect(guard.map((r) => r.problem)).toEqual([columnName === 'own' ? 'collation of its own' : 'column-level CHECK']);
    }
    // What the guard warns of is real: MODIFY without the clause loses it.
    await run(db, ['ALTER TABLE `Order Items` MODIFY `checked` int NULL']);
    expect(await rows(db, `SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'checked'`)).toEqual([]);
    // A session that is not strict would turn NULLs into '' instead of failing: the sql_mode check catches it.
    const op: FixOp = { op: 'set-not-null', schema: db.name, table: ITEMS, column: 'a`b' };
    const step = stepFor(db, op);
    await run(db, ["SET SESSION sql_mode = ''"]);
    expect((await preflightRows(db, step.preflight))[1]).toEqual([{ sql_mode: '' }]);
    await run(db, ["SET SESSION sql_mode = DEFAULT"]);
  });

  it('drop-default: metadata only; the rollback sets the previous default back', async () => {
    await prove({
      setup: SHOP,
      op: (d) => ({ op: 'drop-default', schema: d, table: 'select', column: 'Name', previous: "'it''s'" }),
      after: async (db) => expect((await column(db, 'select', 'Name')).def).toBeNull(),
    });
    await prove({
      setup: `${SHOP}\nALTER TABLE \`Order Items\` ADD COLUMN \`stamp\` datetime NOT NULL DEFAULT current_timestamp();`,
      op: (d) => ({ op: 'drop-default', schema: d, table: ITEMS, column: 'stamp', previous: 'current_timestamp()' }),
      after: async (db) => expect((await column(db, ITEMS, 'stamp')).def).toBeNull(),
    });
  });

  it('add-check: translates the PostgreSQL expression, finds the rows that break it, and is enforced', async () => {
    const { step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'add-check', schema: d, table: ITEMS, name: 'Order Items_unit price_non_negative', expression: '"unit price" >= 0 AND "group" BETWEEN 0 AND 100' }),
      dirty: ['INSERT INTO `Order Items` (`unit price`) VALUES (-1)'],
      clean: ['DELETE FROM `Order Items` WHERE `unit price` < 0'],
      after: async (db) => {
        const [ck] = await rows(db, `SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'Order Items_unit price_non_negative'`);
        expect(String(ck.clause)).toContain('`unit price` >= 0');
        await expect(run(db, ['INSERT INTO `Order Items` (`unit price`) VALUES (-5)'])).rejects.toThrow(/CONSTRAINT/);
      },
    });
    expect(step.forward[0]).toContain('ALGORITHM=COPY, LOCK=SHARED');
  });

  it('add-primary-key: makes nullable key columns NOT NULL in place; the rollback copies the table back with them nullable', async () => {
    const { step } = await prove({
      setup: `CREATE TABLE \`log\` (\`day\` date NULL, \`seq\` int NOT NULL, \`note\` text NULL) ENGINE=InnoDB;
              INSERT INTO \`log\` VALUES ('2024-01-01', 1, 'a'), ('2024-01-01', 2, 'b');`,
      op: (d) => ({ op: 'add-primary-key', schema: d, table: 'log', columns: ['day', 'seq'] }),
      dirty: ["INSERT INTO `log` VALUES ('2024-01-01', 1, 'dup'), (NULL, 3, 'null key')"],
      clean: ["DELETE FROM `log` WHERE `note` IN ('dup', 'null key')"],
      after: async (db) => {
        expect((await indexesOf(db, 'log')).PRIMARY).toEqual({ unique: true, columns: ['day', 'seq'] });
        expect((await column(db, 'log', 'day')).nullable).toBe('NO');
      },
    });
    expect(step.forward[0]).toContain('ALGORITHM=INPLACE, LOCK=NONE');
    expect(step.rollback[0]).toContain('ALGORITHM=COPY, LOCK=SHARED');
  });

  it('add-unique: duplicates found first; built in place', async () => {
    await prove({
      setup: SHOP,
      op: (d) => ({ op: 'add-unique', schema: d, table: ITEMS, columns: ['order id', 'group'] }),
      dirty: ['INSERT INTO `Order Items` (`order id`, `group`) VALUES (1, 1)'],
      clean: ['DELETE FROM `Order Items` WHERE `order id` = 1 AND `group` = 1 AND `id` > 2'],
      after: async (db) => expect((await indexesOf(db, ITEMS))['Order Items_order id_group_key']).toEqual({ unique: true, columns: ['order id', 'group'] }),
    });
  });

  it('add-unique: the duplicates backfill template keeps one row of each group', async () => {
    const db = await database(`${SHOP}\nINSERT INTO \`Order Items\` (\`order id\`, \`group\`) VALUES (1, 1), (1, 1);`);
    const op: FixOp = { op: 'add-unique', schema: db.name, table: ITEMS, columns: ['order id', 'group'] };
    const step = stepFor(db, op);
    expect((await preflightRows(db, step.preflight))[0].map((r) => Number(r.row_count))).toEqual([3]);
    await run(db, [step.backfill!.split('\n').find((l) => l.startsWith('-- DELETE'))!.slice(3)]);
    expect(await preflightRows(db, step.preflight)).toEqual([[], []]);
    await run(db, step.forward);
  });

  it('add-index / add-unique with a WHERE predicate is unsupported: MySQL has no partial index', () => {
    const step = mysqlFix({ op: 'add-unique', schema: 'x', table: 't', columns: ['email'], predicate: 'deleted_at IS NULL' }, { flavour: 'mariadb' });
    expect(step.unsupported).toMatch(/no partial indexes/);
    expect(step.forward).toEqual([]);
  });

  it('replace-unique: swaps the keys in one in-place ALTER; the rollback gives the old key back', async () => {
    const { step } = await prove({
      setup: `${SHOP}\nALTER TABLE \`Order Items\` ADD UNIQUE KEY \`items code\` (\`code\`);`,
      op: (d) => ({ op: 'replace-unique', schema: d, table: ITEMS, constraint: 'items code', oldColumns: ['code'], columns: ['group', 'code'] }),
      after: async (db) => {
        const ix = await indexesOf(db, ITEMS);
        expect(ix['items code']).toBeUndefined();
        expect(ix['Order Items_group_code_key']).toEqual({ unique: true, columns: ['group', 'code'] });
      },
    });
    expect(step.rollbackPreflight).toContain('GROUP BY `code`');
  });

  it('alter-type: widens an AUTO_INCREMENT key, keeping UNSIGNED and AUTO_INCREMENT', async () => {
    const { step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'alter-type', schema: d, table: ITEMS, column: 'id', from: 'int unsigned', to: 'bigint' }),
      after: async (db) => expect(await column(db, ITEMS, 'id')).toMatchObject({ type: 'bigint(20) unsigned', extra: 'auto_increment', nullable: 'NO' }),
    });
    expect(step.forward[0]).toContain('ALGORITHM=COPY, LOCK=SHARED');
    expect(step.preflight).not.toContain('`id` < ');
  });

  it('alter-type: char(36) to uuid (MariaDB), with values that are not UUIDs found first', async () => {
    await prove({
      setup: SHOP,
      op: (d) => ({ op: 'alter-type', schema: d, table: ITEMS, column: 'code', from: 'char(36)', to: 'uuid', using: 'code::uuid' }),
      dirty: ["INSERT INTO `Order Items` (`code`) VALUES (''), ('not-a-uuid')"],
      clean: ["DELETE FROM `Order Items` WHERE `code` IN ('', 'not-a-uuid')"],
      after: async (db) => expect((await column(db, ITEMS, 'code')).type).toBe('uuid'),
    });
  });

  it('alter-type: text to jsonb becomes json, with invalid JSON found first', async () => {
    await prove({
      setup: SHOP,
      op: (d) => ({ op: 'alter-type', schema: d, table: ITEMS, column: 'payload', from: 'longtext', to: 'jsonb', using: 'payload::jsonb' }),
      dirty: ["INSERT INTO `Order Items` (`payload`) VALUES ('{not json')"],
      clean: ["DELETE FROM `Order Items` WHERE `payload` = '{not json'"],
      after: async (db) => expect(await rows(db, `SELECT CHECK_CLAUSE AS c FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'payload'`)).toEqual([{ c: 'json_valid(`payload`)' }]),
    });
  });

  it('alter-type: a narrower varchar, with values too long found first', async () => {
    await prove({
      setup: SHOP,
      op: (d) => ({ op: 'alter-type', schema: d, table: 'select', column: 'Name', from: 'varchar(40)', to: 'character varying(5)' }),
      dirty: ["INSERT INTO `select` (`Name`) VALUES ('much too long')"],
      clean: ["DELETE FROM `select` WHERE `Name` = 'much too long'"],
      after: async (db) => expect(await column(db, 'select', 'Name')).toMatchObject({ type: 'varchar(5)', def: "'it''s'" }),
    });
  });

  it('alter-type: a column in a foreign key is unsupported, because the server refuses it', async () => {
    const db = await database(`${SHOP}\nALTER TABLE \`Order Items\` ADD CONSTRAINT \`fk\` FOREIGN KEY (\`order id\`) REFERENCES \`select\` (\`id\`);`);
    for (const op of [
      { op: 'alter-type', schema: db.name, table: ITEMS, column: 'order id', from: 'bigint unsigned', to: 'bigint' },
      { op: 'alter-type', schema: db.name, table: 'select', column: 'id', from: 'bigint unsigned', to: 'bigint' },
    ] as FixOp[]) {
      const step = mysqlFix(op, mysqlFixContext(op, db.catalog));
      expect(step.unsupported).toMatch(/foreign key fk/);
    }
    await expect(run(db, ['SET STATEMENT foreign_key_checks = 0 FOR ALTER TABLE `Order Items` MODIFY `order id` bigint NULL'])).rejects.toThrow(/used in a foreign key/);
  });

  it('alter-type: a USING that changes values, and types MySQL lacks, are unsupported', () => {
    const ctx = { flavour: 'mysql' as const, table: undefined };
    expect(mysqlFix({ op: 'alter-type', schema: '', table: 't', column: 'c', from: 'char(36)', to: 'uuid' }, ctx).unsupported).toMatch(/not in the catalog/);
    expect(mysqlType('uuid', 'mariadb')).toBe('uuid');
    expect(() => mysqlType('uuid', 'mysql')).toThrow(UntranslatableSql);
    expect(() => mysqlType('money', 'mariadb')).toThrow(/no MySQL/);
    expect(() => mysqlType('integer[]', 'mariadb')).toThrow(/array/);
    expect(mysqlType('timestamp with time zone', 'mysql')).toBe('timestamp');
    expect(mysqlType('timestamp(3) without time zone', 'mysql')).toBe('datetime(3)');
    expect(mysqlType('character varying(12)', 'mysql')).toBe('varchar(12)');
    expect(mysqlType('bigint unsigned', 'mysql')).toBe('bigint unsigned');
  });

  it('add-column: timestamp with time zone DEFAULT now() becomes an instant timestamp column', async () => {
    const { step } = await prove({
      setup: SHOP,
      op: (d) => ({ op: 'add-column', schema: d, table: ITEMS, column: 'created at', type: 'timestamp with time zone', nullable: false, default: 'now()' }),
      after: async (db) => expect(await column(db, ITEMS, 'created at')).toMatchObject({ type: 'timestamp', nullable: 'NO', def: 'current_timestamp()' }),
    });
    expect(step.forward[0]).toContain('ALGORITHM=INSTANT');
  });

  it('add-column: the pre-flight reports a column that exists and rows that would get an implicit default', async () => {
    const db = await database(SHOP);
    const exists: FixOp = { op: 'add-column', schema: db.name, table: ITEMS, column: 'group', type: 'integer', nullable: false };
    const step = stepFor(db, exists);
    expect((await preflightRows(db, step.preflight)).flat().map((r) => r.problem)).toEqual(['column exists', 'rows exist: they get the implicit default']);
  });

  it('PostgreSQL-only operations are unsupported, with the reason', () => {
    expect(mysqlFix({ op: 'enable-rls', schema: 'a', table: 't', force: true, alreadyEnabled: false }).unsupported).toMatch(/row-level security is a PostgreSQL feature/);
    expect(mysqlFix({ op: 'set-function-search-path', schema: 'a', name: 'f', args: '' }).unsupported).toMatch(/search_path is a PostgreSQL setting/);
    const joined = mysqlFixSql([{ op: 'enable-rls', schema: 'a', table: 't', force: false, alreadyEnabled: false }]);
    expect(joined.unsupported).toHaveLength(1);
    expect(joined.forward).toEqual([]);
  });

  it('joins the steps of a finding: forwards in order, rollbacks in reverse', async () => {
    const db = await database(SHOP);
    const ops: FixOp[] = [
      { op: 'add-column', schema: db.name, table: ITEMS, column: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
      { op: 'add-column', schema: db.name, table: ITEMS, column: 'updated_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
    ];
    const sql = mysqlFixSql(ops, db.catalog);
    expect(sql.forward.map((s) => /`(created_at|updated_at)`/.exec(s)?.[1])).toEqual(['created_at', 'updated_at']);
    expect(sql.rollback.map((s) => /`(created_at|updated_at)`/.exec(s)?.[1])).toEqual(['updated_at', 'created_at']);
    const before = await showCreate(db);
    await run(db, sql.forward);
    await run(db, sql.rollback);
    expect(await showCreate(db)).toEqual(before);
  });
});

describe('MySQL quoting and translation', () => {
  it('quotes every identifier in backticks, doubling inner backticks', () => {
    expect(mysqlIdent('select')).toBe('`select`');
    expect(mysqlIdent('Order Items')).toBe('`Order Items`');
    expect(mysqlIdent('a`b')).toBe('`a``b`');
    expect(mysqlQualify('', 't')).toBe('`t`');
    expect(mysqlQualify('my db', 't')).toBe('`my db`.`t`');
    expect(mysqlLiteral("it's a\\b")).toBe("'it''s a\\\\b'");
  });

  it('reads PostgreSQL expressions with the PostgreSQL parser and writes them for MySQL', () => {
    expect(mysqlExpression('"unit price" >= 0')).toBe('`unit price` >= 0');
    expect(mysqlExpression('ends_at > starts_at AND NOT (a IS NULL)')).toBe('(`ends_at` > `starts_at`) AND (NOT (`a` IS NULL))');
    expect(mysqlExpression(`x IN (1, 2) OR y IS DISTINCT FROM 'a''b'`)).toBe("(`x` IN (1, 2)) OR (NOT (`y` <=> 'a''b'))");
    expect(mysqlExpression('length(name) > 0')).toBe('char_length(`name`) > 0');
    expect(() => mysqlExpression("name LIKE 'a%'")).toThrow(UntranslatableSql);
    expect(() => mysqlExpression("a || b = 'x'")).toThrow(/operator \|\|/);
    expect(() => mysqlExpression('x >= 0; DROP TABLE t')).toThrow(UntranslatableSql);
    expect(mysqlDefault('now()', 'mysql')).toBe('CURRENT_TIMESTAMP');
    expect(mysqlDefault("'{}'::jsonb", 'mysql')).toBe("'{}'");
    expect(mysqlDefault('gen_random_uuid()', 'mariadb')).toBe('(uuid())');
    expect(() => mysqlDefault('gen_random_uuid()', 'mysql')).toThrow(UntranslatableSql);
  });
});

describe.runIf(available)('tables where InnoDB online DDL does not apply', () => {
  it('a MyISAM table gets plain ALTERs (the server refuses ALGORITHM/LOCK there), and a FULLTEXT table LOCK=SHARED rebuilds', async () => {
    const db = await database(`
      CREATE TABLE notes_myisam (id int PRIMARY KEY, body text) ENGINE=MyISAM;
      CREATE TABLE films (id int PRIMARY KEY, title varchar(255), FULLTEXT KEY films_title_ft (title)) ENGINE=InnoDB;
    `);
    const before = await showCreate(db);
    const ops: FixOp[] = [
      { op: 'add-column', schema: db.name, table: 'notes_myisam', column: 'created_at', type: 'timestamp', nullable: false, default: 'CURRENT_TIMESTAMP' },
      { op: 'add-index', schema: db.name, table: 'notes_myisam', columns: ['id'], name: 'notes_myisam_id_idx' },
      { op: 'add-column', schema: db.name, table: 'films', column: 'created_at', type: 'timestamp', nullable: false, default: 'CURRENT_TIMESTAMP' },
      { op: 'set-not-null', schema: db.name, table: 'films', column: 'title' },
    ];
    for (const op of ops) {
      const step = mysqlFix(op, mysqlFixContext(op, db.catalog));
      expect(step.unsupported, JSON.stringify(op)).toBeUndefined();
      if ('table' in op && op.table === 'notes_myisam') {
        expect(step.forward.join(' ')).not.toMatch(/ALGORITHM|LOCK=/);
        expect(step.lockImpact).toContain('MyISAM engine, which has no online DDL');
      } else {
        expect(step.forward.join(' ')).toContain('LOCK=SHARED');
        expect(step.lockImpact).toContain('FULLTEXT index');
      }
      for (const stmt of step.forward) await db.conn.query(stmt);
      for (const stmt of step.rollback) await db.conn.query(stmt);
    }
    expect(await showCreate(db)).toEqual(before);
  });
});
