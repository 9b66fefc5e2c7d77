// The whole plan of the booking dump (a Laravel application's MariaDB schema), applied step by step to
// that schema on the real MariaDB server, as `schemascope plan` orders it: every step's pre-flight finds
// nothing, every forward applies, a review of the live database no longer reports what the plan fixes
// and reports nothing new, and the rollbacks, in reverse order, give back the original schema.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { loadMysqlDdl, loadMysqlLive } from '../../src/sources/mysql/index.js';
import { allRules } from '../../src/rules/index.js';
import { buildReview } from '../../src/review.js';
import { resolveConfig } from '../../src/config.js';
import { buildPlan } from '../../src/fixes/plan.js';
import { batchSteps } from '../../src/fixes/writers/batches.js';
import { compareFindings } from '../../src/fixes/verify.js';
import { mysqlIdent } from '../../src/fixes/mysql-quote.js';
import { mysqlUrlFor, requireMysql, scratchMysqlDatabase } from '../sources/mysql/servers.js';

const available = await requireMysql();
const corpus = new URL('../../../shared/corpus/sql/', import.meta.url).pathname;
const DUMPS = [
  'test/sources/laravel/fixtures/booking.mysqldump.sql',
  // Real schemas written by others, when the corpus is beside the project (CI has it).
  // (sakila has a MyISAM table, where no online DDL exists.)
  ...['jOOQ__sakila/mysql-sakila-db/mysql-sakila-schema.sql']
    .map((p) => `${corpus}${p}`)
    .filter((p) => existsSync(p)),
];

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});

/** SHOW CREATE TABLE with key lines in name order: a rollback that re-creates an index lists it last. */
function canonical(create: string): string {
  const lines = create.split('\n');
  const body = lines.slice(1, -1).map((l) => l.replace(/,$/, ''));
  const keyed = (l: string) => /^\s*((UNIQUE |FULLTEXT |SPATIAL )?KEY|CONSTRAINT) /.test(l);
  return [lines[0], ...body.filter((l) => !keyed(l)), ...body.filter(keyed).sort(), lines.at(-1)].join('\n');
}

describe.runIf(available)('the plan of a MySQL source, on the real MariaDB server', () => {
  it.each(DUMPS)('%s: applies in order, removes the findings it targets, and rolls back to the original schema', async (DUMP) => {
    const config = resolveConfig({});
    const catalog = await loadMysqlDdl(DUMP);
    const review = buildReview(catalog, allRules, config);
    const plan = buildPlan(review.findings, catalog);
    const { batches, skipped } = batchSteps(plan, catalog);
    const written = batches.flatMap((b) => b.steps);
    expect(written.length).toBeGreaterThan(10);

    const scratch = await scratchMysqlDatabase(readFileSync(DUMP, 'utf8'));
    drops.push(scratch.drop);
    // A dump that creates and uses its own database (sakila) holds its tables there, not in the scratch one.
    const own = catalog.tables[0]?.schema;
    const database = own || scratch.name;
    if (own) drops.push(async () => {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await c.query(`DROP DATABASE IF EXISTS ${mysqlIdent(own)}`);
      await c.end();
    });
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database });
    const query = async (sql: string) => (await conn.query(sql))[0] as Record<string, unknown>[];
    const schema = async () => {
      const out: Record<string, string> = {};
      for (const r of await query('SHOW FULL TABLES')) {
        const name = String(Object.values(r)[0]);
        out[name] = canonical(String((await query(`SHOW CREATE TABLE ${mysqlIdent(name)}`))[0]['Create Table']));
      }
      return out;
    };
    try {
      const original = await schema();
      for (const { step, sql } of written) {
        for (const q of (sql.preflight ?? '').split(/;\n\n/).filter((x) => x.trim())) expect(await query(q), `step ${step.number} pre-flight`).toEqual([]);
        for (const stmt of sql.forward) {
          try {
            await conn.query(stmt);
          } catch (e) {
            throw new Error(`step ${step.number} (${step.slug}): ${(e as Error).message}\n${stmt}`);
          }
        }
      }

      // The live catalog names tables after their database; the dump's are bare names.
      const live = await loadMysqlLive(own ? mysqlUrlFor(own) : scratch.url);
      const after = buildReview(live, allRules, config).findings.map((f) => ({
        ...f,
        key: f.key.split(`${scratch.name}.`).join(''),
        ...(f.table ? { table: f.table.replace(`${scratch.name}.`, '') } : {}),
      }));
      expect(after.length).toBeGreaterThan(10);
      const result = compareFindings(review.findings, after, plan, new Set(written.map((w) => w.step.number)));
      expect(result.remaining).toEqual([]);
      // InnoDB cannot change the type of a foreign-key column in place, so some key widenings are not written;
      // the keys that were widened then differ from those that were not. Nothing else may appear.
      const wideningSkipped = skipped.some((s) => s.step.ops.some((o) => o.op === 'alter-type'));
      expect(result.introduced.filter((f) => !(wideningSkipped && f.ruleId === 'keys/inconsistent-pk-types')).map((f) => f.key)).toEqual([]);
      expect(result.fixed.length).toBe(written.reduce((n, w) => n + w.step.fixes.length, 0));
      // MySQL has no partial unique index: a unique key rebuilt with the tenant key still counts deleted rows.
      for (const f of result.carried) expect(f.ruleId).toBe('soft-delete/unique-ignores-soft-delete');

      for (const { step, sql } of [...written].reverse()) {
        for (const stmt of sql.rollback) {
          try {
            await conn.query(stmt);
          } catch (e) {
            throw new Error(`rollback of step ${step.number} (${step.slug}): ${(e as Error).message}\n${stmt}`);
          }
        }
      }
      expect(await schema()).toEqual(original);
      // What was not written says why (type changes of foreign-key columns, which InnoDB refuses).
      for (const s of skipped) expect(s.sql.unsupported?.join(' ')).toMatch(/foreign key|PostgreSQL|partial/i);
    } finally {
      await conn.end();
    }
  });
});
