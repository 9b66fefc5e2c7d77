// The Laravel plan writer on the booking fixture (Laravel + MariaDB): every migration parses as PHP (tree-sitter,
// no ERROR or MISSING node) and holds the step SQL exactly; schemascope's Laravel source replays the new migrations
// after the project's own (one head), and the findings they fix are gone while the others stay; the SQL the files
// run, called as Laravel calls it, applies to a real MariaDB loaded with the project's schema, and down() restores
// SHOW CREATE TABLE of every table.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Table } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import type { FixOp } from '../../../src/fixes/operations.js';
import { buildPlan, type Plan } from '../../../src/fixes/plan.js';
import { fixSql } from '../../../src/fixes/sql.js';
import { batchSteps } from '../../../src/fixes/writers/batches.js';
import { laravelMigrationsFolder, writeLaravelPlan } from '../../../src/fixes/writers/laravel.js';
import { phpComment, phpString } from '../../../src/fixes/writers/php.js';
import type { WrittenPlan } from '../../../src/fixes/writers/types.js';
import { buildReview } from '../../../src/review.js';
import { allRules } from '../../../src/rules/index.js';
import { loadLaravel } from '../../../src/sources/laravel/index.js';
import { loadMysqlLive } from '../../../src/sources/mysql/index.js';
import { migrationClass } from '../../../src/sources/laravel/migrations.js';
import { field, loadPhp, named, scopedCall, stringValue, type Node } from '../../../src/sources/laravel/php.js';
import { mysqlUrlFor, requireMysql, scratchMysqlDatabase } from '../../sources/mysql/servers.js';

const BOOKING = 'test/sources/laravel/fixtures/booking';
const DUMP = 'test/sources/laravel/fixtures/booking.mysqldump.sql';
const NOW = new Date('2025-06-01T12:00:00Z');

function review(catalog: Catalog) {
  return buildReview(catalog, allRules, resolveConfig({})).findings;
}

/** A copy of the project with the written files in place. */
function withFiles(project: string, written: WrittenPlan): string {
  const root = mkdtempSync(join(tmpdir(), 'schemascope-laravel-writer-'));
  cpSync(project, root, { recursive: true });
  for (const f of written.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  return root;
}

interface Parsed {
  errors: string[];
  transactional: boolean;
  up: { call: string; sql: string }[];
  down: { call: string; sql: string }[];
}

/** The file as tree-sitter PHP reads it: syntax errors, $withinTransaction, and the DB:: calls of up() and down(). */
async function parsePhp(text: string): Promise<Parsed> {
  const { parser } = await loadPhp();
  const tree = parser.parse(text)!;
  const errors: string[] = [];
  const walk = (n: Node) => {
    if (n.isError || n.isMissing) errors.push(`${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}`);
    for (const c of n.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  const cls = migrationClass(tree.rootNode)!;
  const body = named(cls).find((x) => x.type === 'declaration_list')!;
  const method = (name: string) => named(body).find((m) => m.type === 'method_declaration' && field(m, 'name')?.text === name);
  const calls = (m: Node | undefined) =>
    (m ? field(m, 'body')!.descendantsOfType('scoped_call_expression') : [])
      .filter((n): n is Node => !!n)
      .map((n) => scopedCall(n)!)
      .filter((c) => c.cls === 'DB')
      .map((c) => ({ call: c.method, sql: stringValue(c.args[0]?.value)! }));
  const within = named(body).find((m) => m.type === 'property_declaration' && m.text.includes('$withinTransaction'));
  const result = { errors, transactional: !within?.text.includes('false'), up: calls(method('up')), down: calls(method('down')) };
  tree.delete();
  return result;
}

/** Columns, keys, indexes and checks of the tables `of` has, in comparable terms (MariaDB and MySQL 8 spellings folded). */
function physical(catalog: Catalog, of: Catalog) {
  const names = new Set(of.tables.map((t) => t.name));
  const type = (t: string) => (t === 'tinyint(1)' ? t : t.replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1'));
  const action = (a: string | undefined) => (a === 'restrict' ? 'no action' : a);
  return catalog.tables
    .filter((t) => names.has(t.name))
    .map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => [c.name, type(c.dataType), c.nullable]),
      indexes: t.indexes.map((i) => [i.name, i.columns, i.unique]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      foreignKeys: t.foreignKeys.map((k) => [k.name, k.columns, k.refTable, k.refColumns, action(k.onDelete)]).sort(),
      checks: t.checks.map((c) => c.name).sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('PHP strings of the Laravel writer', () => {
  it('hold any text exactly, as PHP reads a single-quoted string', async () => {
    const awkward = ["it's", 'back\\slash', "\\'", 'ends with \\', '?> not the end', '$no {interpolation}', 'line\nbreak', '\\\\n'];
    for (const text of awkward) {
      const parsed = await parsePhp(`<?php\nreturn new class extends Migration { public function up(): void { DB::statement(${phpString(text)}); } };\n`);
      expect(parsed.errors, text).toEqual([]);
      expect(parsed.up.map((c) => c.sql), text).toEqual([text]);
    }
  });
});

describe('PHP comments of the Laravel writer', () => {
  it('cannot end PHP mode or the line early, whatever the text', async () => {
    const comment = phpComment('a pre-flight ?> that would close PHP\nand a second line\r\nand a third', '        ');
    expect(comment).toHaveLength(3);
    const parsed = await parsePhp(`<?php\nreturn new class extends Migration { public function up(): void {\n${comment.join('\n')}\n        DB::statement('SELECT 1');\n} };\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.up.map((c) => c.sql)).toEqual(['SELECT 1']);
  });
});

describe('Laravel plan writer: the booking fixture (MariaDB)', () => {
  let catalog: Catalog;
  let plan: Plan;
  let written: WrittenPlan;
  let root: string;
  let replayed: Catalog;

  beforeAll(async () => {
    catalog = await loadLaravel(BOOKING);
    plan = buildPlan(review(catalog), catalog);
    written = writeLaravelPlan({ plan, catalog, now: NOW });
    root = withFiles(BOOKING, written);
    replayed = await loadLaravel(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one migration per batch into database/migrations, named to run after the project\'s migrations', () => {
    expect(plan.steps.length).toBeGreaterThan(20);
    const paths = written.files.map((f) => f.path);
    expect(paths.every((p) => /^database\/migrations\/\d{4}_\d{2}_\d{2}_\d{6}_schemascope_(immediate|short_term|long_term)(_\d+)?\.php$/.test(p))).toBe(true);
    // MySQL runs DDL statement by statement anyway: one migration per horizon.
    expect(paths).toEqual([
      'database/migrations/2025_06_01_120000_schemascope_immediate.php',
      'database/migrations/2025_06_01_120001_schemascope_short_term.php',
      'database/migrations/2025_06_01_120002_schemascope_long_term.php',
    ]);
    const ids = replayed.migrations!.nodes.map((n) => n.id);
    expect(ids.slice(-paths.length)).toEqual(paths.map((p) => p.split('/').pop()!.replace(/\.php$/, '')));
    expect(replayed.migrations!.heads).toEqual([ids.at(-1)]);
  });

  it('starts after the last migration when that one sorts later than now', () => {
    const early = writeLaravelPlan({ plan, catalog, now: new Date('2024-04-15T08:00:00Z') });
    // the project's last migration is 2024_05_01_000000_create_invoices_table (in Modules/Billing)
    expect(early.files[0].path).toBe('database/migrations/2024_05_01_000001_schemascope_immediate.php');
    expect(early.files[1].path).toBe('database/migrations/2024_05_01_000002_schemascope_short_term.php');
    expect(laravelMigrationsFolder(catalog)).toBe('database/migrations');
  });

  it('every file parses as PHP and runs each step\'s SQL in up() and its rollback, reversed, in down()', async () => {
    const steps = plan.steps.map((s) => ({ step: s, sql: fixSql(s.ops, catalog) })).filter((s) => !s.sql.unsupported?.length && s.sql.forward.length);
    const ups: string[] = [];
    const downs: string[] = [];
    for (const f of written.files) {
      const parsed = await parsePhp(f.content);
      expect(parsed.errors, f.path).toEqual([]);
      expect(f.content).toContain('use Illuminate\\Database\\Migrations\\Migration;');
      expect(f.content).toContain('use Illuminate\\Support\\Facades\\DB;');
      // MySQL commits every DDL statement: no migration asks Laravel for a transaction.
      expect(parsed.transactional, f.path).toBe(false);
      ups.push(...parsed.up.map((c) => c.sql));
      downs.unshift(...parsed.down.map((c) => c.sql));
    }
    expect(ups).toEqual(steps.flatMap((s) => s.sql.forward));
    expect(downs).toEqual([...steps].reverse().flatMap((s) => s.sql.rollback));
  });

  it('round trip: the Laravel source replays the new migrations without a warning; fixed findings go, the others stay', () => {
    expect(replayed.warnings).toEqual([]);
    const before = review(catalog).map((f) => f.key);
    const after = review(replayed).map((f) => f.key);
    // The steps the writer wrote (MySQL cannot express every one: no partial indexes, say).
    const writtenSteps = batchSteps(plan, catalog).batches.flatMap((b) => b.steps.map((w) => w.step));
    const fixed = new Set(writtenSteps.flatMap((s) => s.fixes.map((f) => f.key)));
    expect(fixed.size).toBeGreaterThan(20);
    expect(after.filter((k) => fixed.has(k))).toEqual([]);

    // Findings on tables the plan does not touch are exactly as they were.
    const touched = new Set(plan.steps.flatMap((s) => s.ops.flatMap((o) => ('table' in o ? [o.table] : []))));
    const tableOf = (k: string) => k.split('|')[1];
    expect(after.filter((k) => !touched.has(tableOf(k)))).toEqual(before.filter((k) => !touched.has(tableOf(k))));

    // On touched tables, a finding not fixed stays, or follows a unique key the plan replaced to its new name, or is
    // a share of nullable columns the plan lowered by making columns NOT NULL.
    const replaced = writtenSteps.flatMap((s) => s.ops).filter((o): o is Extract<FixOp, { op: 'replace-unique' }> => o.op === 'replace-unique');
    const renamed = new Map<string, string>();
    for (const op of replaced) {
      const t: Table = replayed.tables.find((x) => x.name === op.table)!;
      const now = t.uniques.find((u) => u.columns.join(',') === op.columns.join(','))!;
      renamed.set(op.constraint, now.name);
    }
    const notNull = new Set(plan.steps.flatMap((s) => s.ops).filter((o) => o.op === 'set-not-null').map((o) => (o as { table: string }).table));
    const lost = before.filter((k) => !fixed.has(k) && !after.includes(k));
    const gained = after.filter((k) => !before.includes(k));
    for (const k of lost) {
      const [rule, table, , object] = k.split('|');
      const moved = renamed.get(object);
      const explained = moved ? gained.some((g) => g.startsWith(`${rule}|${table}|`) && g.endsWith(`|${moved}`)) : rule === 'scale/nullable-share' && notNull.has(table);
      expect(explained, k).toBe(true);
    }
    expect(gained.every((g) => [...renamed.values()].includes(g.split('|')[3])), gained.join('\n')).toBe(true);
  });

  it('notes the Eloquent models of the tables it changes, with file:line', () => {
    const appointment = replayed.app!.models.find((m) => m.name === 'Appointment')!;
    const origin = appointment.origin as { file: string; line: number };
    expect(origin.file.endsWith('app/Models/Appointment.php')).toBe(true);
    const notes = written.notes.filter((n) => n.includes('Eloquent model Appointment ('));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => n.includes(`app/Models/Appointment.php:${origin.line})`))).toBe(true);
    expect(notes.some((n) => /company_id loses its database default \(1\)/.test(n))).toBe(true);
  });

  it('applies to MariaDB as Laravel calls it, and down() restores SHOW CREATE TABLE of every table', async () => {
    if (!(await requireMysql())) return;
    const db = await scratchMysqlDatabase(readFileSync(DUMP, 'utf8'));
    const conn = await mysql.createConnection(mysqlUrlFor(db.name));
    try {
      const tables = ((await conn.query('SHOW TABLES'))[0] as Record<string, string>[]).map((r) => Object.values(r)[0]);
      // SHOW CREATE TABLE lists indexes in the order they were built: a rollback that rebuilds a dropped index
      // puts it last, so index lines are compared as a set; columns, keys and constraints keep their order.
      const snapshot = async () => {
        const out: Record<string, string[]> = {};
        for (const t of tables) {
          const text = ((await conn.query(`SHOW CREATE TABLE \`${t}\``))[0] as Record<string, string>[])[0]['Create Table'];
          const lines = text.split('\n').map((l) => l.trim().replace(/,$/, ''));
          const isIndex = (l: string) => /^(UNIQUE |FULLTEXT |SPATIAL )?KEY /.test(l);
          out[t] = [...lines.filter((l) => !isIndex(l)), ...lines.filter(isIndex).sort()];
        }
        return out;
      };
      const original = await snapshot();
      const parsed = await Promise.all(written.files.map((f) => parsePhp(f.content)));
      // DB::statement prepares (Laravel turns PDO's emulated prepares off); DB::unprepared sends the text as is.
      const run = async (c: { call: string; sql: string }) => (c.call === 'unprepared' ? conn.query(c.sql) : conn.execute(c.sql));
      for (const [i, p] of parsed.entries()) {
        for (const c of p.up) await expect(run(c).then(() => 'ok'), `${written.files[i].path}: ${c.sql}`).resolves.toBe('ok');
      }
      const after = await snapshot();
      expect(after).not.toEqual(original);
      // What the server now holds is what the Laravel source replayed from the new migrations.
      expect(physical(await loadMysqlLive(mysqlUrlFor(db.name)), replayed)).toEqual(physical(replayed, replayed));
      expect(after.appointments).toContain('UNIQUE KEY `appointments_company_id_calcom_v2_booking_id_key` (`company_id`,`calcom_v2_booking_id`)');
      for (const [i, p] of [...parsed.entries()].reverse()) {
        for (const c of p.down) await expect(run(c).then(() => 'ok'), `${written.files[i].path}: ${c.sql}`).resolves.toBe('ok');
      }
      expect(await snapshot()).toEqual(original);
    } finally {
      await conn.end();
      await db.drop();
    }
  });
});

describe('Laravel plan writer: awkward identifiers', () => {
  // A table named it's\odd, a column qty? (PDO would read the ? as a placeholder) and an index named ix`q.
  const migration = [
    '<?php',
    '',
    'use Illuminate\\Database\\Migrations\\Migration;',
    'use Illuminate\\Database\\Schema\\Blueprint;',
    'use Illuminate\\Support\\Facades\\Schema;',
    '',
    'return new class extends Migration',
    '{',
    '    public function up(): void',
    '    {',
    "        Schema::create('companies', function (Blueprint $table) {",
    '            $table->id();',
    '        });',
    "        Schema::create('it\\'s\\\\odd', function (Blueprint $table) {",
    '            $table->id();',
    "            $table->foreignId('company_id')->nullable()->constrained();",
    "            $table->integer('qty?');",
    "            $table->decimal('price', 10, 2);",
    "            $table->index('company_id', 'ix`q');",
    "            $table->index(['company_id', 'qty?'], 'ix2');",
    '        });',
    '    }',
    '};',
    '',
  ].join('\n');
  // What Laravel 11's MySqlGrammar runs for it (php artisan migrate --pretend).
  const pretend = [
    "create table `companies` (`id` bigint unsigned not null auto_increment primary key) default character set utf8mb4 collate 'utf8mb4_unicode_ci';",
    "create table `it's\\odd` (`id` bigint unsigned not null auto_increment primary key, `company_id` bigint unsigned null, `qty?` int not null, `price` decimal(10, 2) not null) default character set utf8mb4 collate 'utf8mb4_unicode_ci';",
    "alter table `it's\\odd` add constraint `it's\\odd_company_id_foreign` foreign key (`company_id`) references `companies` (`id`);",
    "alter table `it's\\odd` add index `ix``q`(`company_id`);",
    "alter table `it's\\odd` add index `ix2`(`company_id`, `qty?`);",
    '',
  ].join('\n');

  it('carries them through PHP strings and SQL: the replay reads them back, and MariaDB runs up() and down()', async () => {
    const project = mkdtempSync(join(tmpdir(), 'schemascope-laravel-odd-'));
    try {
      mkdirSync(join(project, 'database', 'migrations'), { recursive: true });
      writeFileSync(join(project, 'artisan'), '<?php\n');
      writeFileSync(join(project, '.env'), 'DB_CONNECTION=mysql\n');
      writeFileSync(join(project, 'database', 'migrations', '2024_01_01_000000_create_tables.php'), migration);
      const catalog = await loadLaravel(project);
      expect(catalog.tables.map((t) => t.name)).toEqual(['companies', "it's\\odd"]);
      const plan = buildPlan(review(catalog), catalog);
      const written = writeLaravelPlan({ plan, catalog, now: NOW });
      const text = written.files.map((f) => f.content).join('\n');
      expect(text).toContain("DB::statement('ALTER TABLE `it\\'s\\\\odd` MODIFY `company_id`");
      expect(text).toContain('DB::unprepared(');
      const parsed = await Promise.all(written.files.map((f) => parsePhp(f.content)));
      expect(parsed.flatMap((p) => p.errors)).toEqual([]);
      const calls = parsed.flatMap((p) => [...p.up, ...p.down]);
      expect(calls.filter((c) => c.sql.includes('?')).every((c) => c.call === 'unprepared')).toBe(true);
      expect(calls.some((c) => c.sql.includes('`ix``q`'))).toBe(true);

      const root = withFiles(project, written);
      try {
        const replayed = await loadLaravel(root);
        expect(replayed.warnings).toEqual([]);
        const fixed = plan.steps.flatMap((s) => s.fixes.map((f) => f.key));
        expect(fixed.length).toBeGreaterThan(2);
        expect(review(replayed).map((f) => f.key).filter((k) => fixed.includes(k))).toEqual([]);

        if (!(await requireMysql())) return;
        const db = await scratchMysqlDatabase(pretend);
        const conn = await mysql.createConnection(mysqlUrlFor(db.name));
        try {
          const create = async () => {
            const out: string[] = [];
            for (const t of ['companies', "it's\\odd"]) out.push(((await conn.query(`SHOW CREATE TABLE \`${t.replace(/`/g, '``')}\``))[0] as Record<string, string>[])[0]['Create Table']);
            return out;
          };
          expect(physical(await loadMysqlLive(mysqlUrlFor(db.name)), catalog)).toEqual(physical(catalog, catalog));
          const original = await create();
          const run = async (c: { call: string; sql: string }) => (c.call === 'unprepared' ? conn.query(c.sql) : conn.execute(c.sql));
          for (const p of parsed) for (const c of p.up) await run(c);
          expect(physical(await loadMysqlLive(mysqlUrlFor(db.name)), replayed)).toEqual(physical(replayed, replayed));
          for (const p of [...parsed].reverse()) for (const c of p.down) await run(c);
          const sortKeys = (t: string) => t.split('\n').map((l) => l.trim().replace(/,$/, '')).sort();
          expect((await create()).map(sortKeys)).toEqual(original.map(sortKeys));
        } finally {
          await conn.end();
          await db.drop();
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
