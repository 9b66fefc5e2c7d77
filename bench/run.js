// npm run bench: time and peak memory of whole reviews (each in a fresh process), from DDL and from
// a live PostgreSQL server, on generated schemas and on a real one. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateBlocks, generateSchema } from './generate.js';
import { generateMysqlDump } from './generate-mysql.js';
import { generateLaravelProject } from './generate-laravel.js';
import { generateAlembicProject, generateDjangoProject } from './generate-python.js';

const sizes = (process.env.BENCH_SIZES ?? '500,2000,5000').split(',').map(Number);
const pgUrl = process.env.SCHEMASCOPE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dir = mkdtempSync(join(tmpdir(), 'schemascope-bench-'));
const here = new URL('.', import.meta.url).pathname;

function reviewOnce(target) {
  const out = execFileSync(process.execPath, [join(here, 'review-once.js'), target], { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.toString());
}

function row(label, r) {
  const perTable = (r.peakRssMb / Math.max(1, r.tables)).toFixed(2);
  console.log(
    `${label.padEnd(34)} ${String(r.tables).padStart(6)} tables ${String(r.findings).padStart(6)} findings  ` +
      `total ${(r.totalMs / 1000).toFixed(1).padStart(6)} s (load ${(r.loadMs / 1000).toFixed(1)} s, rules ${(r.rulesMs / 1000).toFixed(2)} s, render ${(r.renderMs / 1000).toFixed(2)} s)  ` +
      `peak RSS ${String(r.peakRssMb).padStart(5)} MB (${perTable} MB/table)  ` +
      `plan ${r.planSteps} steps in ${(r.planMs / 1000).toFixed(2)} s`,
  );
}

async function pgAvailable() {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

console.log(`schemascope benchmark — node ${process.version}, ${new Date().toISOString()}`);
const live = await pgAvailable();
for (const n of sizes) {
  const file = join(dir, `generated-${n}.sql`);
  const sql = generateSchema(n);
  writeFileSync(file, sql);
  row(`DDL, generated ${n}`, reviewOnce(file));
  if (live) {
    const name = `schemascope_bench_${n}_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    // One block at a time: thousands of tables in one implicit transaction exhaust the lock table.
    for (const block of generateBlocks(n)) await db.query(block);
    await db.query('ANALYZE');
    await db.end();
    try {
      row(`live PostgreSQL, generated ${n}`, reviewOnce(url.toString()));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    console.log(`live PostgreSQL, generated ${n}: skipped (no server at ${pgUrl.replace(/:[^:@/]*@/, '@')})`);
  }
}
{
  const dump = join(dir, 'mysqldump-2000.sql');
  writeFileSync(dump, generateMysqlDump(2000));
  row('MySQL DDL, generated mysqldump 2000', reviewOnce(dump));
  const project = join(dir, 'laravel-1000');
  generateLaravelProject(project, 1000);
  row('Laravel, generated 1000 migrations', reviewOnce(project));
  const django = join(dir, 'django-1000');
  generateDjangoProject(django, { apps: 50, migrationsPerApp: 20 });
  row('Django, generated 1000 migrations', reviewOnce(django));
  const alembic = join(dir, 'alembic-1000');
  generateAlembicProject(alembic, { revisions: 1000 });
  row('Alembic, generated 1000 revisions', reviewOnce(alembic));
}
if (process.env.BENCH_BIG !== '0') {
  // A 100 MB pg_dump with data: 100 tables of schema followed by INSERTs and COPY blocks.
  const big = join(dir, 'dump-100mb.sql');
  const parts = [generateSchema(100)];
  let size = parts[0].length;
  for (let i = 0; size < 100 * 1024 * 1024; i++) {
    const rows = [];
    for (let k = 0; k < 1000; k++) rows.push(`INSERT INTO organizations (name) VALUES ('org ${i}-${k}; it''s named');`);
    if (i % 200 === 0) rows.push(`COPY public.users_0 (organization_id, email, password_hash) FROM stdin;\n${Array.from({ length: 20000 }, (_, j) => `1\tu${i}-${j}@example.com\th`).join('\n')}\n\\.`);
    const chunk = rows.join('\n');
    parts.push(chunk);
    size += chunk.length;
  }
  writeFileSync(big, parts.join('\n'));
  row('DDL, 100 MB dump with data', reviewOnce(big));
}
const lago = join(here, '..', '..', 'shared', 'corpus', 'rails', 'getlago__lago-api', 'db', 'structure.sql');
if (existsSync(lago)) row('DDL, lago-api structure.sql', reviewOnce(lago));
else console.log('lago-api structure.sql: not found beside the project (../shared/corpus), skipped');
