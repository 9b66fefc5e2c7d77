// The PostgreSQL fix writer, proved on the real engine: for every operation, the pre-flight finds the
// data that would stop the change (and nothing on clean data), the forward changes the catalog as
// intended, the locks it takes are the ones its lockImpact names, and the rollback puts the catalog back.
import { describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type { Catalog, Table } from '../../src/catalog/types.js';
import { withEmbeddedPostgres } from '../../src/sources/postgres/embedded.js';
import { introspect } from '../../src/sources/postgres/introspect.js';
import type { FixOp } from '../../src/fixes/operations.js';
import { postgresFix, postgresFixContext, postgresFixSql, type FixStep } from '../../src/fixes/postgres.js';
import { objectName, qualify, quoteIdent, quoteLiteral } from '../../src/fixes/quote.js';

// ---- reading the engine ----------------------------------------------------------------------------

async function readCatalog(db: PGlite): Promise<Catalog> {
  const found = await introspect({ query: async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows }, { liveStats: false });
  return {
    source: { kind: 'ddl-file', location: 'test', dialect: 'postgres' },
    schemas: found.schemas,
    tables: found.tables,
    functions: found.functions,
    enums: found.enums,
    sequences: found.sequences,
    hasLiveStats: false,
    warnings: found.warnings,
  };
}

function tableOf(cat: Catalog, schema: string, name: string): Table {
  const t = cat.tables.find((x) => x.schema === schema && x.name === name);
  if (!t) throw new Error(`no table ${schema}.${name}`);
  return t;
}

/** Everything a fix may change, without origins: what a rollback must restore. */
function shape(cat: Catalog) {
  return {
    tables: cat.tables.map((t) => ({
      schema: t.schema,
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, dataType: c.dataType, nullable: c.nullable, default: c.default })),
      primaryKey: t.primaryKey ? { name: t.primaryKey.name, columns: t.primaryKey.columns } : null,
      foreignKeys: t.foreignKeys.map(({ origin: _o, ...fk }) => fk),
      uniques: t.uniques.map(({ origin: _o, ...u }) => u),
      checks: t.checks.map(({ origin: _o, ...c }) => c),
      indexes: t.indexes.map((i) => ({ name: i.name, definition: i.definition })),
      rls: { enabled: t.rls.enabled, forced: t.rls.forced },
    })),
    functions: cat.functions.map((f) => ({ schema: f.schema, name: f.name, args: f.args, config: f.config })),
    sequences: cat.sequences.map((q) => ({ schema: q.schema, name: q.name, dataType: q.dataType, maxValue: q.maxValue })),
  };
}

async function rows(db: PGlite, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.query<Record<string, unknown>>(sql)).rows;
}

// ---- applying statements, and watching their locks ------------------------------------------------------

const STRENGTH = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];

/** `ShareUpdateExclusiveLock` → `SHARE UPDATE EXCLUSIVE`, the way the documentation (and lockImpact) names it. */
function lockName(mode: string): string {
  return mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** Whether `text` names the lock as a whole (SHARE is not SHARE UPDATE EXCLUSIVE, nor ROW SHARE). */
function namesLock(text: string, name: string): boolean {
  return new RegExp(`(?<![A-Z] )\\b${name}\\b(?! [A-Z]{3})`).test(text);
}

/** Whether one clause of `text` (between `;` and sentence ends) names both the lock and the table. */
function namesLockOn(text: string, name: string, table: string): boolean {
  return text.split(/;|\.\s/).some((clause) => namesLock(clause, name) && clause.includes(table));
}

/** Strongest lock per table that `stmt` takes, read from pg_locks inside a transaction that is rolled back. */
async function locksOf(db: PGlite, stmt: string): Promise<Map<string, string>> {
  await db.exec('BEGIN');
  try {
    await db.exec(stmt);
    const held = await db.query<{ relname: string; mode: string }>(
      `SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE l.locktype = 'relation' AND l.pid = pg_backend_pid() AND c.relkind IN ('r', 'p')
         AND c.relnamespace <> 'pg_catalog'::regnamespace`,
    );
    const out = new Map<string, string>();
    for (const { relname, mode } of held.rows) {
      const prev = out.get(relname);
      if (!prev || STRENGTH.indexOf(mode) > STRENGTH.indexOf(prev)) out.set(relname, mode);
    }
    return out;
  } finally {
    await db.exec('ROLLBACK');
  }
}

interface Applied {
  notices: string[];
}

/**
 * Runs statements one by one, as a migration tool in autocommit mode would. Each statement that may run in a
 * transaction is first run in one that is rolled back, to read its locks: the strongest lock it takes on each
 * watched table must be named in `lockImpact`, in the same clause as the table's name for the `named` tables.
 */
async function apply(db: PGlite, statements: string[], lockImpact: string, watched: string[], named: string[] = watched): Promise<Applied> {
  const notices: string[] = [];
  for (const stmt of statements) {
    if (!/\bCONCURRENTLY\b/.test(stmt)) {
      const locks = await locksOf(db, stmt);
      for (const t of watched) {
        const mode = locks.get(t);
        if (!mode) continue;
        const ok = named.includes(t) ? namesLockOn(lockImpact, lockName(mode), t) : namesLock(lockImpact, lockName(mode));
        expect(ok, `${stmt} takes ${lockName(mode)} on ${t}; lockImpact says: ${lockImpact}`).toBe(true);
      }
    }
    await db.exec(stmt, { onNotice: (n) => notices.push(n.message ?? '') });
  }
  return { notices };
}

/** Runs statements that are expected to fail somewhere (the pre-flight had rows); returns the error. */
async function applyExpectingFailure(db: PGlite, statements: string[]): Promise<string> {
  for (const stmt of statements) {
    try {
      await db.exec(stmt);
    } catch (e) {
      return (e as Error).message;
    }
  }
  throw new Error('the forward applied although the pre-flight reported rows');
}

/** The SQL statements of a commented template (its lines that start with `-- UPDATE`/`-- DELETE`). */
function templateStatements(template: string | undefined): string[] {
  return (template ?? '')
    .split('\n')
    .filter((l) => /^-- (UPDATE|DELETE)\b/.test(l))
    .map((l) => l.slice(3));
}

interface Scenario {
  setup: string;
  op: (cat: Catalog) => FixOp;
  /** Tables whose locks are checked against lockImpact (default: the op's table). */
  watched?: string[];
  /** Of those, the ones lockImpact names with their lock (default: all of them). */
  named?: string[];
  /** Data that makes the pre-flight report rows; `forwardFails` when the forward must then fail. */
  violate?: { sql: string; forwardFails?: boolean; clean: string | 'backfill' };
  /** Assertions on the catalog after the forward. */
  after: (before: Catalog, after: Catalog, step: FixStep, applied: Applied, db: PGlite) => void | Promise<void>;
  /** Runs between forward and rollback (e.g. to show the rollback pre-flight). */
  beforeRollback?: (db: PGlite, step: FixStep) => Promise<void>;
}

/** The whole life of one fix on a real schema. Returns the step for further assertions. */
async function prove(s: Scenario): Promise<FixStep> {
  return withEmbeddedPostgres([], async (db) => {
    await db.exec(s.setup);
    const before = await readCatalog(db);
    const op = s.op(before);
    const step = postgresFix(op, postgresFixContext(op, before));
    expect(step.unsupported).toBeUndefined();
    expect(step.forward.length).toBeGreaterThan(0);
    const watched = s.watched ?? ('table' in op ? [op.table] : []);

    // Clean data: the pre-flight finds nothing.
    if (step.preflight) expect(await rows(db, step.preflight), step.preflight).toEqual([]);

    if (s.violate) {
      expect(step.preflight).toBeDefined();
      await db.exec(s.violate.sql);
      const found = await rows(db, step.preflight!);
      expect(found.length, `pre-flight should report the violating rows:\n${step.preflight}`).toBeGreaterThan(0);
      if (s.violate.forwardFails) {
        await applyExpectingFailure(db, step.forward);
        // The rollback also cleans up after a forward that stopped half-way (a NOT VALID constraint, an invalid index).
        for (const stmt of step.rollback) await db.exec(stmt);
        expect(shape(await readCatalog(db))).toEqual(shape(before));
      }
      const clean = s.violate.clean === 'backfill' ? templateStatements(step.backfill) : [s.violate.clean];
      expect(clean.length).toBeGreaterThan(0);
      for (const stmt of clean) await db.exec(stmt);
      expect(await rows(db, step.preflight!)).toEqual([]);
    }

    const applied = await apply(db, step.forward, step.lockImpact, watched, s.named ?? watched);
    const after = await readCatalog(db);
    expect(shape(after)).not.toEqual(shape(before));
    await s.after(before, after, step, applied, db);

    if (s.beforeRollback) await s.beforeRollback(db, step);
    await apply(db, step.rollback, `${step.lockImpact} ACCESS EXCLUSIVE SHARE UPDATE EXCLUSIVE SHARE ROW EXCLUSIVE ROW SHARE SHARE`, []);
    expect(shape(await readCatalog(db))).toEqual(shape(before));
    return step;
  });
}

// ---- fixtures: names that need quoting everywhere ------------------------------------------------------

const S = 'Sales';
const ITEMS = 'Order Items';
const CUSTOMERS = 'Customers';
const BASE = `
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Customers" (id bigint PRIMARY KEY, "select" text, "Mixed Case" text);
CREATE TABLE "Sales"."Order Items" (
  id bigint PRIMARY KEY,
  "customer id" bigint,
  "select" integer,
  "a""b" text,
  amount double precision,
  placed_at timestamp,
  tenant_id bigint DEFAULT 1,
  code text,
  deleted_at timestamptz
);
INSERT INTO "Sales"."Customers" VALUES (1, 'x', 'X'), (2, 'y', 'Y');
INSERT INTO "Sales"."Order Items" (id, "customer id", "select", "a""b", amount, placed_at, tenant_id, code)
VALUES (1, 1, 5, '{"k": 1}', 9.5, '2024-01-01 10:00', 1, 'A'), (2, 2, 7, '[]', 3.25, '2024-02-01 12:00', 2, 'B');
`;

const items = (cat: Catalog) => tableOf(cat, S, ITEMS);

// ---- quoting ----------------------------------------------------------------------------------------

describe('quoting', () => {
  it('quotes identifiers exactly as quote_ident() does, for every keyword and for awkward names', async () => {
    await withEmbeddedPostgres([], async (db) => {
      const keywords = await db.query<{ word: string; quoted: string }>('SELECT word, quote_ident(word) AS quoted FROM pg_get_keywords()');
      expect(keywords.rows.length).toBeGreaterThan(400);
      for (const { word, quoted } of keywords.rows) expect(quoteIdent(word), word).toBe(quoted);
      const names = ['Order Items', 'select', 'a"b', '"', 'user_id', '_x', 'x$y', '1abc', 'Äpfel', 'äpfel', 'a b', 'UPPER', 'tab\tname', "it's", ''];
      for (const name of names) {
        const pg = (await db.query<{ q: string }>('SELECT quote_ident($1) AS q', [name])).rows[0].q;
        expect(quoteIdent(name), name).toBe(pg);
      }
    });
  });

  it('escapes literals so PostgreSQL reads back the same string', async () => {
    await withEmbeddedPostgres([], async (db) => {
      for (const value of ["it's", 'back\\slash', "both \\ and '", '', 'plain', "''"]) {
        const r = await db.query<{ v: string }>(`SELECT ${quoteLiteral(value)} AS v`);
        expect(r.rows[0].v).toBe(value);
      }
    });
  });

  it('cuts long names to 63 bytes the same way every time, keeping them distinct', async () => {
    const long = 'a_table_with_a_really_quite_unreasonably_long_name_for_postgres';
    const a = objectName([long, 'customer_reference_id'], 'idx');
    const b = objectName([long, 'customer_reference_code'], 'idx');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a).toMatch(/_[0-9a-f]{8}_idx$/);
    expect(a).toBe(objectName([long, 'customer_reference_id'], 'idx'));
    expect(a).not.toBe(b);
    expect(objectName(['orders', 'customer_id'], 'idx')).toBe('orders_customer_id_idx');
    // multi-byte characters are never split
    const wide = objectName(['ü'.repeat(40), 'ö'.repeat(10)], 'idx');
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(63);
    expect(wide).not.toContain('\uFFFD');
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(`CREATE TABLE t (x int); CREATE INDEX ${quoteIdent(wide)} ON t (x); CREATE INDEX ${quoteIdent(a)} ON t (x);`);
      const names = (await db.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relkind = 'i' AND relnamespace = 'public'::regnamespace ORDER BY relname`)).rows.map((r) => r.relname);
      expect(names).toEqual([a, wide].sort((x, y) => (x < y ? -1 : 1)));
    });
  });

  it('qualifies with the schema when there is one', () => {
    expect(qualify('Sales', 'Order Items')).toBe('"Sales"."Order Items"');
    expect(qualify('public', 'orders')).toBe('public.orders');
    expect(qualify('', 'user')).toBe('"user"');
  });
});

// ---- every operation, on the real engine -------------------------------------------------------------

describe('postgresFix on the real engine', () => {
  it('add-index: builds CONCURRENTLY under a generated name, the pre-flight spots a name already taken', async () => {
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'add-index', schema: S, table: ITEMS, columns: ['customer id', 'select'] }),
      violate: {
        sql: `CREATE INDEX "Order Items_customer id_select_idx" ON "Sales"."Order Items" (id);`,
        clean: `DROP INDEX "Sales"."Order Items_customer id_select_idx";`,
      },
      after: (_b, a) => {
        const ix = items(a).indexes.find((i) => i.name === 'Order Items_customer id_select_idx');
        expect(ix?.columns).toEqual(['customer id', 'select']);
        expect(ix?.unique).toBe(false);
      },
    });
    expect(step.forward).toEqual([`CREATE INDEX CONCURRENTLY IF NOT EXISTS "Order Items_customer id_select_idx" ON "Sales"."Order Items" ("customer id", "select");`]);
    expect(step.transactional).toBe(false);
  });

  it('add-index: a unique partial index, whose pre-flight finds duplicates (a failed build is cleaned by the rollback)', async () => {
    await prove({
      setup: BASE,
      op: () => ({ op: 'add-index', schema: S, table: ITEMS, columns: ['a"b'], unique: true, predicate: '"select" > 0', name: 'a"b unique' }),
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, "a""b", "select") VALUES (3, '[]', 1);`, forwardFails: true, clean: 'backfill' },
      after: async (_b, a, _s, _ap, db) => {
        const ix = items(a).indexes.find((i) => i.name === 'a"b unique')!;
        expect(ix.unique).toBe(true);
        expect(ix.predicate).toBe('"select" > 0');
        const valid = await rows(db, `SELECT indisvalid FROM pg_index WHERE indexrelid = '"Sales"."a""b unique"'::regclass`);
        expect(valid).toEqual([{ indisvalid: true }]);
      },
    });
  });

  it('add-index on a partitioned table: ON ONLY the parent, each partition CONCURRENTLY, then attached', async () => {
    const step = await prove({
      setup: `
        CREATE SCHEMA "Sales";
        CREATE TABLE "Sales"."Events" (id bigint, kind text, at date) PARTITION BY RANGE (at);
        CREATE TABLE "Sales"."Events 2024" PARTITION OF "Sales"."Events" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE "Sales"."Events 2025" PARTITION OF "Sales"."Events" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      op: () => ({ op: 'add-index', schema: S, table: 'Events', columns: ['kind'] }),
      watched: ['Events', 'Events 2024', 'Events 2025'],
      named: [],
      after: async (_b, a, _s, _ap, db) => {
        expect(tableOf(a, S, 'Events').indexes.map((i) => i.name)).toEqual(['Events_kind_idx']);
        const valid = await rows(db, `SELECT indisvalid FROM pg_index WHERE indexrelid = '"Sales"."Events_kind_idx"'::regclass`);
        expect(valid).toEqual([{ indisvalid: true }]);
        const attached = await rows(db, `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = '"Sales"."Events_kind_idx"'::regclass`);
        expect(attached).toEqual([{ n: 2 }]);
      },
    });
    expect(step.forward[0]).toContain('ON ONLY "Sales"."Events"');
    expect(step.forward.filter((s) => s.includes('CONCURRENTLY'))).toHaveLength(2);
  });

  it('drop-index: drops CONCURRENTLY and the rollback rebuilds it from the saved definition', async () => {
    const step = await prove({
      setup: `${BASE} CREATE INDEX "Idx ""q""" ON "Sales"."Order Items" ("select" DESC, lower("a""b")) WHERE amount > 0;`,
      op: (cat) => {
        const ix = items(cat).indexes.find((i) => i.name === 'Idx "q"')!;
        return { op: 'drop-index', schema: S, table: ITEMS, name: ix.name, definition: ix.definition };
      },
      after: (_b, a) => expect(items(a).indexes.map((i) => i.name)).not.toContain('Idx "q"'),
    });
    expect(step.forward).toEqual(['DROP INDEX CONCURRENTLY IF EXISTS "Sales"."Idx ""q""";']);
    expect(step.rollback[0]).toMatch(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS "Idx ""q""" ON "Sales"\."Order Items"/);
  });

  it('drop-index: the pre-flight lists a foreign key that needs the index, and the drop indeed fails', async () => {
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(`${BASE}
        UPDATE "Sales"."Order Items" SET "a""b" = NULL;
        CREATE UNIQUE INDEX "Customers select" ON "Sales"."Customers" ("select");
        ALTER TABLE "Sales"."Order Items" ADD FOREIGN KEY ("a""b") REFERENCES "Sales"."Customers" ("select");`);
      const cat = await readCatalog(db);
      const ix = tableOf(cat, S, CUSTOMERS).indexes.find((i) => i.name === 'Customers select')!;
      const step = postgresFix({ op: 'drop-index', schema: S, table: CUSTOMERS, name: ix.name, definition: ix.definition });
      expect(await rows(db, step.preflight!)).toHaveLength(1);
      await expect(db.exec(step.forward[0])).rejects.toThrow(/depend/);
    });
  });

  it('drop-index on a partitioned table: plain DROP INDEX, rollback without ONLY so partitions get it back', async () => {
    const step = await prove({
      setup: `
        CREATE TABLE events (id bigint, kind text, at date) PARTITION BY RANGE (at);
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE INDEX events_kind_idx ON events (kind);`,
      op: (cat) => {
        const ix = tableOf(cat, 'public', 'events').indexes[0];
        return { op: 'drop-index', schema: 'public', table: 'events', name: ix.name, definition: ix.definition };
      },
      watched: ['events', 'events_2024'],
      named: [],
      after: (_b, a) => expect(tableOf(a, 'public', 'events').indexes).toEqual([]),
    });
    expect(step.forward).toEqual(['DROP INDEX IF EXISTS public.events_kind_idx;']);
    expect(step.rollback[0]).not.toContain('ONLY');
    expect(step.transactional).toBe(true);
  });

  it('add-foreign-key: NOT VALID then VALIDATE; the pre-flight lists orphans, the backfill removes them', async () => {
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'add-foreign-key', schema: S, table: ITEMS, columns: ['customer id'], refSchema: S, refTable: CUSTOMERS, refColumns: ['id'], onDelete: 'restrict' }),
      watched: [ITEMS, CUSTOMERS],
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, "customer id") VALUES (3, 99), (4, 99), (5, NULL);`, forwardFails: true, clean: 'backfill' },
      after: (_b, a) => {
        const fk = items(a).foreignKeys.find((f) => f.name === 'Order Items_customer id_fkey')!;
        expect(fk).toMatchObject({ columns: ['customer id'], refTable: CUSTOMERS, refColumns: ['id'], onDelete: 'restrict', validated: true });
      },
    });
    expect(step.forward[0]).toMatch(/ADD CONSTRAINT "Order Items_customer id_fkey" FOREIGN KEY \("customer id"\) REFERENCES "Sales"\."Customers" \(id\) ON DELETE RESTRICT NOT VALID;$/);
    expect(step.forward[1]).toBe('ALTER TABLE "Sales"."Order Items" VALIDATE CONSTRAINT "Order Items_customer id_fkey";');
    expect(step.preflight).toMatch(/IS NOT NULL\s+AND NOT EXISTS \(SELECT 1 FROM "Sales"\."Customers" AS p WHERE p\.id = c\."customer id"\)/);
  });

  it('add-foreign-key: a composite key counts only rows with every column set (MATCH SIMPLE)', async () => {
    await prove({
      setup: `
        CREATE TABLE "user" (org bigint, "select" bigint, PRIMARY KEY (org, "select"));
        CREATE TABLE memberships (id bigint PRIMARY KEY, org bigint, user_ref bigint);
        INSERT INTO "user" VALUES (1, 1);
        INSERT INTO memberships VALUES (1, 1, 1), (2, 1, NULL), (3, NULL, 42);`,
      op: () => ({ op: 'add-foreign-key', schema: 'public', table: 'memberships', columns: ['org', 'user_ref'], refSchema: 'public', refTable: 'user', refColumns: ['org', 'select'] }),
      watched: ['memberships', 'user'],
      violate: { sql: `INSERT INTO memberships VALUES (4, 1, 2);`, forwardFails: true, clean: `DELETE FROM memberships WHERE id = 4;` },
      after: (_b, a) => expect(tableOf(a, 'public', 'memberships').foreignKeys[0]).toMatchObject({ refColumns: ['org', 'select'], validated: true }),
    });
  });

  it('set-on-delete: swaps the action in one ALTER, keeps ON UPDATE, validates apart; the rollback restores CASCADE', async () => {
    const step = await prove({
      setup: `${BASE}
        ALTER TABLE "Sales"."Order Items" ADD CONSTRAINT "OI → customer" FOREIGN KEY ("customer id") REFERENCES "Sales"."Customers" (id)
          ON DELETE CASCADE ON UPDATE CASCADE;`,
      op: () => ({
        op: 'set-on-delete',
        schema: S,
        table: ITEMS,
        constraint: 'OI → customer',
        columns: ['customer id'],
        refSchema: S,
        refTable: CUSTOMERS,
        refColumns: ['id'],
        from: 'cascade',
        to: 'restrict',
      }),
      watched: [ITEMS, CUSTOMERS],
      after: (b, a) => {
        expect(items(b).foreignKeys[0]).toMatchObject({ onDelete: 'cascade', onUpdate: 'cascade' });
        expect(items(a).foreignKeys[0]).toMatchObject({ name: 'OI → customer', onDelete: 'restrict', onUpdate: 'cascade', validated: true });
      },
    });
    expect(step.forward[0]).toContain('DROP CONSTRAINT "OI → customer", ADD CONSTRAINT "OI → customer"');
  });

  it('set-on-delete: the pre-flight finds orphans a never-validated key let in', async () => {
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(`${BASE}
        INSERT INTO "Sales"."Order Items" (id, "customer id") VALUES (3, 99);
        ALTER TABLE "Sales"."Order Items" ADD CONSTRAINT fk FOREIGN KEY ("customer id") REFERENCES "Sales"."Customers" (id) ON DELETE CASCADE NOT VALID;`);
      const step = postgresFix({ op: 'set-on-delete', schema: S, table: ITEMS, constraint: 'fk', columns: ['customer id'], refSchema: S, refTable: CUSTOMERS, refColumns: ['id'], from: 'cascade', to: 'restrict' });
      const found = (await rows(db, step.preflight!)).map((r) => ({ id: Number(r['customer id']), n: Number(r.orphan_rows) }));
      expect(found).toEqual([{ id: 99, n: 1 }]);
    });
  });

  it('set-not-null: CHECK NOT VALID, VALIDATE, SET NOT NULL without a scan; the pre-flight counts NULLs', async () => {
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'set-not-null', schema: S, table: ITEMS, column: 'select' }),
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, "select") VALUES (3, NULL);`, forwardFails: true, clean: `UPDATE "Sales"."Order Items" SET "select" = 0 WHERE "select" IS NULL;` },
      after: async (_b, a, s, _ap, db) => {
        expect(items(a).columns.find((c) => c.name === 'select')!.nullable).toBe(false);
        expect(items(a).checks).toEqual([]);
        // SET NOT NULL trusted the validated CHECK instead of scanning: PostgreSQL says so at DEBUG1.
        await db.exec(s.rollback.join('\n'));
        const notices: string[] = [];
        await db.exec('SET client_min_messages = debug1');
        for (const stmt of s.forward) await db.exec(stmt, { onNotice: (n) => notices.push(n.message ?? '') });
        await db.exec('RESET client_min_messages');
        expect(notices.some((n) => /existing constraints on column .* are sufficient to prove that it does not contain nulls/.test(n))).toBe(true);
      },
    });
    expect(step.preflight).toContain('HAVING count(*) > 0');
    expect(step.backfill).toMatch(/^-- /);
  });

  it('drop-default: the rollback sets the previous default again', async () => {
    const step = await prove({
      setup: BASE,
      op: (cat) => ({ op: 'drop-default', schema: S, table: ITEMS, column: 'tenant_id', previous: items(cat).columns.find((c) => c.name === 'tenant_id')!.default! }),
      after: (_b, a) => expect(items(a).columns.find((c) => c.name === 'tenant_id')!.default).toBeUndefined(),
    });
    expect(step.preflight).toBeUndefined();
    expect(step.transactional).toBe(true);
  });

  it('add-check: NOT VALID then VALIDATE; the pre-flight lists the rows that break it', async () => {
    await prove({
      setup: BASE,
      op: () => ({ op: 'add-check', schema: S, table: ITEMS, name: 'select "non negative"', expression: '"select" >= 0' }),
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, "select") VALUES (3, -1), (4, NULL);`, forwardFails: true, clean: `DELETE FROM "Sales"."Order Items" WHERE "select" < 0;` },
      after: (_b, a) => expect(items(a).checks).toMatchObject([{ name: 'select "non negative"', validated: true }]),
    });
  });

  it('add-primary-key: NOT NULL on nullable columns, unique index CONCURRENTLY, then USING INDEX', async () => {
    const step = await prove({
      setup: `
        CREATE TABLE "select" ("a""b" bigint, "Mixed Case" integer NOT NULL, note text);
        INSERT INTO "select" VALUES (1, 1, 'x'), (1, 2, 'y');`,
      op: () => ({ op: 'add-primary-key', schema: 'public', table: 'select', columns: ['a"b', 'Mixed Case'] }),
      violate: { sql: `INSERT INTO "select" VALUES (1, 1, 'dup'), (NULL, 3, 'null');`, forwardFails: true, clean: `DELETE FROM "select" WHERE note IN ('dup', 'null');` },
      after: (_b, a) => {
        const t = tableOf(a, 'public', 'select');
        expect(t.primaryKey).toMatchObject({ name: 'select_pkey', columns: ['a"b', 'Mixed Case'] });
        expect(t.columns.filter((c) => !c.nullable).map((c) => c.name)).toEqual(['a"b', 'Mixed Case']);
      },
    });
    // Only the nullable column goes through the NOT NULL steps (the catalog says which).
    expect(step.forward.filter((s) => s.includes('SET NOT NULL'))).toEqual(['ALTER TABLE public."select" ALTER COLUMN "a""b" SET NOT NULL;']);
  });

  it('add-primary-key without the catalog: every column through NOT NULL, and a note on what the rollback leaves', () => {
    const step = postgresFix({ op: 'add-primary-key', schema: 'public', table: 'orders', columns: ['id'] });
    expect(step.forward.filter((s) => s.includes('SET NOT NULL'))).toHaveLength(1);
    expect(step.rollback.some((s) => s.includes('DROP NOT NULL'))).toBe(false);
    expect(step.notes?.join(' ')).toMatch(/DROP NOT NULL/);
  });

  it('add-unique: unique index CONCURRENTLY then ADD CONSTRAINT … UNIQUE USING INDEX; duplicates found first', async () => {
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'add-unique', schema: S, table: ITEMS, columns: ['customer id', 'select'] }),
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, "customer id", "select") VALUES (3, 1, 5), (4, NULL, 5), (5, NULL, 5);`, forwardFails: true, clean: 'backfill' },
      after: (_b, a) => expect(items(a).uniques).toMatchObject([{ name: 'Order Items_customer id_select_key', columns: ['customer id', 'select'] }]),
    });
    expect(step.forward[1]).toBe('ALTER TABLE "Sales"."Order Items" ADD CONSTRAINT "Order Items_customer id_select_key" UNIQUE USING INDEX "Order Items_customer id_select_key";');
  });

  it('add-unique with a predicate stays a partial unique index (soft delete)', async () => {
    await prove({
      setup: BASE,
      op: () => ({ op: 'add-unique', schema: S, table: ITEMS, columns: ['code'], name: 'Order Items_code_live_key', predicate: 'deleted_at IS NULL' }),
      violate: {
        sql: `INSERT INTO "Sales"."Order Items" (id, code, deleted_at) VALUES (3, 'A', NULL), (4, 'B', now());`,
        forwardFails: true,
        clean: `DELETE FROM "Sales"."Order Items" WHERE id = 3;`,
      },
      after: (_b, a) => {
        expect(items(a).uniques).toEqual([]);
        expect(items(a).indexes.find((i) => i.name === 'Order Items_code_live_key')).toMatchObject({ unique: true, predicate: 'deleted_at IS NULL' });
      },
    });
  });

  it('replace-unique (constraint): widens the key per tenant; the rollback pre-flight finds rows the old key forbids', async () => {
    const step = await prove({
      setup: `${BASE} ALTER TABLE "Sales"."Order Items" ADD CONSTRAINT "OI select key" UNIQUE ("select");`,
      op: () => ({ op: 'replace-unique', schema: S, table: ITEMS, constraint: 'OI select key', oldColumns: ['select'], columns: ['tenant_id', 'select'] }),
      after: (_b, a) => expect(items(a).uniques).toMatchObject([{ name: 'Order Items_tenant_id_select_key', columns: ['tenant_id', 'select'] }]),
      beforeRollback: async (db, s) => {
        expect(await rows(db, s.rollbackPreflight!)).toEqual([]);
        await db.exec(`INSERT INTO "Sales"."Order Items" (id, tenant_id, "select") VALUES (3, 2, 5);`);
        expect(await rows(db, s.rollbackPreflight!)).toHaveLength(1);
        await db.exec(`DELETE FROM "Sales"."Order Items" WHERE id = 3;`);
      },
    });
    expect(step.forward[1]).toBe(
      'ALTER TABLE "Sales"."Order Items" DROP CONSTRAINT "OI select key", ADD CONSTRAINT "Order Items_tenant_id_select_key" UNIQUE USING INDEX "Order Items_tenant_id_select_key";',
    );
  });

  it('replace-unique (index): new unique index, old one dropped, rollback rebuilds the old from its definition', async () => {
    await prove({
      setup: `${BASE} CREATE UNIQUE INDEX "code idx" ON "Sales"."Order Items" (code) INCLUDE (amount);`,
      op: () => ({ op: 'replace-unique', schema: S, table: ITEMS, constraint: 'code idx', oldColumns: ['code'], columns: ['tenant_id', 'code'], isIndex: true }),
      after: (_b, a) => {
        const names = items(a).indexes.map((i) => i.name);
        expect(names).toContain('Order Items_tenant_id_code_key');
        expect(names).not.toContain('code idx');
      },
    });
  });

  it('alter-type text → jsonb: the pre-flight lists invalid JSON (pg_input_is_valid), the backfill clears it', async () => {
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'alter-type', schema: S, table: ITEMS, column: 'a"b', from: 'text', to: 'jsonb', using: '"a""b"::jsonb' }),
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, "a""b") VALUES (3, 'not json'), (4, '{"open": ');`, forwardFails: true, clean: 'backfill' },
      after: (_b, a) => expect(items(a).columns.find((c) => c.name === 'a"b')!.dataType).toBe('jsonb'),
    });
    expect(step.preflight).toContain(`pg_input_is_valid(("a""b")::text, 'jsonb')`);
    expect(step.preflightMeaning).toMatch(/PostgreSQL 16\+/);
    expect(step.lockImpact).toMatch(/ACCESS EXCLUSIVE.*rewrites/);
  });

  it('alter-type float → numeric(19,4): the pre-flight finds values that overflow', async () => {
    await prove({
      setup: BASE,
      op: () => ({ op: 'alter-type', schema: S, table: ITEMS, column: 'amount', from: 'double precision', to: 'numeric(19,4)', using: 'amount::numeric(19,4)' }),
      violate: { sql: `INSERT INTO "Sales"."Order Items" (id, amount) VALUES (3, 1e300);`, forwardFails: true, clean: `DELETE FROM "Sales"."Order Items" WHERE id = 3;` },
      after: (_b, a) => expect(items(a).columns.find((c) => c.name === 'amount')!.dataType).toBe('numeric(19,4)'),
    });
  });

  it('alter-type timestamp → timestamptz AT TIME ZONE: nothing can fail, and the rollback gives back the same readings', async () => {
    let readings: unknown[] = [];
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'alter-type', schema: S, table: ITEMS, column: 'placed_at', from: 'timestamp without time zone', to: 'timestamp with time zone', using: `placed_at AT TIME ZONE 'Europe/Paris'` }),
      after: async (_b, a, _s, _ap, db) => {
        expect(items(a).columns.find((c) => c.name === 'placed_at')!.dataType).toBe('timestamp with time zone');
        readings = (await rows(db, `SELECT placed_at AT TIME ZONE 'Europe/Paris' AS r FROM "Sales"."Order Items" ORDER BY id`)).map((r) => String(r.r));
      },
      beforeRollback: async () => undefined,
    });
    expect(step.preflight).toBeUndefined();
    expect(step.rollback).toEqual([`ALTER TABLE "Sales"."Order Items" ALTER COLUMN placed_at TYPE timestamp without time zone USING placed_at AT TIME ZONE 'Europe/Paris';`]);
    expect(readings).toHaveLength(2);
  });

  it('alter-type integer → bigint on a serial key widens its sequence too (else it still stops at 2^31)', async () => {
    const step = await prove({
      setup: `
        CREATE SCHEMA "Sales";
        CREATE TABLE "Sales"."Tickets" ("Ticket ID" serial PRIMARY KEY, title text);
        CREATE TABLE "Sales"."Ticket Notes" (id bigint PRIMARY KEY, ticket integer REFERENCES "Sales"."Tickets");
        INSERT INTO "Sales"."Tickets" (title) VALUES ('a'), ('b');`,
      op: () => ({ op: 'alter-type', schema: S, table: 'Tickets', column: 'Ticket ID', from: 'integer', to: 'bigint' }),
      after: (_b, a) => {
        expect(tableOf(a, S, 'Tickets').columns[0].dataType).toBe('bigint');
        expect(a.sequences[0]).toMatchObject({ name: 'Tickets_Ticket ID_seq', dataType: 'bigint' });
      },
    });
    expect(step.forward).toEqual([
      'ALTER TABLE "Sales"."Tickets" ALTER COLUMN "Ticket ID" TYPE bigint;',
      'ALTER SEQUENCE "Sales"."Tickets_Ticket ID_seq" AS bigint;',
    ]);
    expect(step.preflight).toBeUndefined();
  });

  it('alter-type on an older server checks by casting (no pg_input_is_valid before PostgreSQL 16)', () => {
    const step = postgresFix({ op: 'alter-type', schema: 'public', table: 't', column: 'c', from: 'text', to: 'uuid', using: 'c::uuid' }, { serverMajor: 15 });
    expect(step.preflight).toContain('(c)::uuid IS NULL');
    expect(step.preflight).not.toContain('pg_input_is_valid');
  });

  it('add-column: NOT NULL with a stable default, no rewrite; the pre-flight says when the column is already there', async () => {
    const step = await prove({
      setup: BASE,
      op: () => ({ op: 'add-column', schema: S, table: ITEMS, column: 'Created At', type: 'timestamp with time zone', nullable: false, default: 'now()' }),
      after: (_b, a) => expect(items(a).columns.find((c) => c.name === 'Created At')).toMatchObject({ nullable: false, default: 'now()' }),
    });
    expect(step.lockImpact).toMatch(/no rewrite/);
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(BASE);
      const noDefault = postgresFix({ op: 'add-column', schema: S, table: ITEMS, column: 'select', type: 'text', nullable: false });
      expect((await rows(db, noDefault.preflight!)).map((r) => r.problem)).toEqual(['column exists', 'rows exist: NOT NULL without a default']);
    });
  });

  it('enable-rls with FORCE: the pre-flight warns when no policy exists', async () => {
    const step = await prove({
      setup: `${BASE} CREATE POLICY "by tenant" ON "Sales"."Order Items" USING (tenant_id = 1);`,
      op: () => ({ op: 'enable-rls', schema: S, table: ITEMS, force: true, alreadyEnabled: false }),
      after: (_b, a) => expect(items(a).rls).toMatchObject({ enabled: true, forced: true }),
    });
    expect(step.forward).toEqual(['ALTER TABLE "Sales"."Order Items" ENABLE ROW LEVEL SECURITY;', 'ALTER TABLE "Sales"."Order Items" FORCE ROW LEVEL SECURITY;']);
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(BASE);
      expect(await rows(db, step.preflight!)).toEqual([{ problem: 'no policy' }]);
    });
    // Already enabled, only FORCE is added and taken back.
    const force = postgresFix({ op: 'enable-rls', schema: S, table: ITEMS, force: true, alreadyEnabled: true });
    expect(force.forward).toEqual(['ALTER TABLE "Sales"."Order Items" FORCE ROW LEVEL SECURITY;']);
    expect(force.rollback).toEqual(['ALTER TABLE "Sales"."Order Items" NO FORCE ROW LEVEL SECURITY;']);
  });

  it('set-function-search-path: pins the path; the pre-flight spots a body with unqualified table names', async () => {
    const setup = `${BASE}
      CREATE TABLE accounts (id bigint);
      CREATE FUNCTION "Sales"."count items"(p_id bigint, "a""b" text) RETURNS bigint LANGUAGE sql SECURITY DEFINER
        AS $$ SELECT count(*) FROM "Sales"."Order Items" WHERE id = p_id $$;
      CREATE FUNCTION public.count_accounts() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT count(*) FROM accounts $$;`;
    const step = await prove({
      setup,
      op: (cat) => {
        const fn = cat.functions.find((f) => f.name === 'count items')!;
        return { op: 'set-function-search-path', schema: fn.schema, name: fn.name, args: fn.args };
      },
      after: async (_b, a, _s, _ap, db) => {
        expect(a.functions.find((f) => f.name === 'count items')!.config).toEqual(['search_path=pg_catalog, pg_temp']);
        expect(await rows(db, `SELECT "Sales"."count items"(1, 'x') AS n`)).toEqual([{ n: 1 }]);
      },
    });
    expect(step.forward[0]).toBe(`ALTER FUNCTION "Sales"."count items"(p_id bigint, "a""b" text) SET search_path = pg_catalog, pg_temp;`);
    await withEmbeddedPostgres([], async (db) => {
      await db.exec(setup);
      const cat = await readCatalog(db);
      const fn = cat.functions.find((f) => f.name === 'count_accounts')!;
      const unqualified = postgresFix({ op: 'set-function-search-path', schema: fn.schema, name: fn.name, args: fn.args });
      expect(await rows(db, unqualified.preflight!)).toHaveLength(1);
      // …and indeed the function breaks once the path is pinned.
      await db.exec(unqualified.forward[0]);
      await expect(db.query('SELECT public.count_accounts()')).rejects.toThrow(/accounts/);
    });
  });
});

// ---- what the writer does with what it cannot write ------------------------------------------------------

describe('postgresFix on operations it cannot write', () => {
  it('says so instead of throwing', () => {
    const step = postgresFix({ op: 'frobnicate', schema: 'public', table: 't' } as unknown as FixOp);
    expect(step.unsupported).toMatch(/frobnicate/);
    expect(step.forward).toEqual([]);
    const bad = postgresFix({ op: 'set-on-delete', schema: 'public', table: 't', constraint: 'c', columns: ['a'], refSchema: 'public', refTable: 'p', refColumns: ['id'], from: 'cascade', to: 'explode; DROP TABLE t' });
    expect(bad.unsupported).toMatch(/not an action/);
    expect(bad.forward).toEqual([]);
    const broken = postgresFix({ op: 'add-index', schema: 'public', table: 't', columns: null } as unknown as FixOp);
    expect(broken.unsupported).toMatch(/failed/);
  });

  it('writes no rollback for an index whose definition is unknown, and says how to save it', () => {
    const step = postgresFix({ op: 'drop-index', schema: 'public', table: 't', name: 'ix', definition: '' });
    expect(step.rollback).toEqual([]);
    expect(step.notes?.join(' ')).toMatch(/pg_get_indexdef/);
  });

  it('joins a finding’s operations: forward in order, rollback in reverse', () => {
    const sql = postgresFixSql([
      { op: 'add-unique', schema: 'public', table: 't', columns: ['code'], name: 't_code_live_key', predicate: 'deleted_at IS NULL' },
      { op: 'drop-index', schema: 'public', table: 't', name: 't_code_key', definition: 'CREATE UNIQUE INDEX t_code_key ON public.t USING btree (code)' },
    ]);
    expect(sql.forward).toEqual([
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_code_live_key ON public.t (code) WHERE deleted_at IS NULL;',
      'DROP INDEX CONCURRENTLY IF EXISTS public.t_code_key;',
    ]);
    expect(sql.rollback).toEqual([
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_code_key ON public.t USING btree (code);',
      'DROP INDEX CONCURRENTLY IF EXISTS public.t_code_live_key;',
    ]);
    expect(sql.transactional).toBe(false);
    expect(sql.preflight).toContain('HAVING count(*) > 1');
  });
});
