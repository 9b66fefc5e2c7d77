// Helpers for the framework writer tests: the plan of a fixture, a copy of the fixture with the written files
// added, Python's own parser (python3's ast) to read what was written, and the shape of an embedded database.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Catalog } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import { buildPlan, type Plan } from '../../../src/fixes/plan.js';
import type { PlanFile } from '../../../src/fixes/writers/types.js';
import { buildReview } from '../../../src/review.js';
import { allRules } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/rules/types.js';
import { loadSource } from '../../../src/sources/detect.js';
import { introspect } from '../../../src/sources/postgres/introspect.js';
import { loadParser, splitStatements } from '../../../src/sources/postgres/statements.js';

export interface Reviewed {
  catalog: Catalog;
  findings: Finding[];
  plan: Plan;
}

export async function reviewed(path: string): Promise<Reviewed> {
  const catalog = await loadSource(path);
  const { findings } = buildReview(catalog, allRules, resolveConfig({}));
  return { catalog, findings, plan: buildPlan(findings, catalog) };
}

/** Copies the project `from` to a temporary folder and adds `files` to it; `done()` removes it. */
export function projectWith(from: string, files: PlanFile[]): { root: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'schemascope-writer-'));
  cpSync(from, root, { recursive: true });
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  return { root, done: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs a Python script on a file with python3 and parses the JSON it prints. */
export function python<T>(script: string, file: string): T {
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as T;
}

/** Whether python3's own parser accepts the file (ast.parse); throws with Python's message otherwise. */
export function pythonParses(file: string): true {
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return true;
}

/** Finding keys with the copy's path written as the original's (application findings name their file). */
export function keysOf(findings: Finding[], copy?: { root: string; original: string }): string[] {
  const swap = copy ? [relative(process.cwd(), copy.root), relative(process.cwd(), copy.original)] : undefined;
  return findings.map((f) => (swap ? f.key.split(swap[0]).join(swap[1]) : f.key));
}

/**
 * Compares the findings before and after the plan's files: which fixed ones remain, which others disappeared
 * without moving (a finding on a replaced key reappears on the new one: same rule, same table), and the tables
 * of the findings that are new.
 */
export function compareFindings(before: Finding[], after: Finding[], plan: Plan, copy: { root: string; original: string }) {
  const fixed = new Set(plan.steps.flatMap((s) => s.fixes.map((f) => f.key)));
  const afterKeys = new Set(keysOf(after, copy));
  const beforeKeys = new Set(before.map((f) => f.key));
  const afterFindings = after.map((f, i) => ({ f, key: keysOf([f], copy)[0], i }));
  const fresh = afterFindings.filter((x) => !beforeKeys.has(x.key));
  const moved = (f: Finding) => fresh.some((x) => x.f.ruleId === f.ruleId && x.f.table === f.table);
  return {
    fixed: [...fixed],
    fixedRemaining: [...fixed].filter((k) => afterKeys.has(k)),
    lostUnexplained: before.filter((f) => !fixed.has(f.key) && !afterKeys.has(f.key) && !moved(f)).map((f) => f.key),
    newTables: [...new Set(fresh.map((x) => x.f.table ?? '(none)'))],
    fresh: fresh.map((x) => x.key),
  };
}

/** Tables the plan changes, schema-qualified. */
export function planTables(plan: Plan): Set<string> {
  return new Set(plan.steps.flatMap((s) => s.ops.flatMap((op) => ('table' in op ? [`${op.schema}.${op.table}`] : []))));
}

/** What the catalog of a live database holds, to compare before a forward and after its rollback. */
export async function shapeOf(db: PGlite): Promise<unknown> {
  const found = await introspect({ query: async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows }, { liveStats: false });
  return found.tables.map((t) => ({
    name: `${t.schema}.${t.name}`,
    columns: t.columns.map((c) => [c.name, c.dataType, c.nullable, c.default ?? null]),
    primaryKey: t.primaryKey ? [t.primaryKey.name, t.primaryKey.columns] : null,
    foreignKeys: t.foreignKeys.map((fk) => [fk.name, fk.columns, fk.refTable, fk.onDelete, fk.onUpdate, fk.validated]),
    uniques: t.uniques.map((u) => [u.name, u.columns]),
    checks: t.checks.map((c) => [c.name, c.expression, c.validated]),
    indexes: t.indexes.map((i) => [i.name, i.definition]),
    rls: [t.rls.enabled, t.rls.forced],
  }));
}

/** Runs a SQL file statement by statement, as psql does (a CONCURRENTLY statement cannot share a multi-statement query). */
export async function runSqlFile(db: PGlite, path: string): Promise<void> {
  await loadParser();
  const { statements } = splitStatements(path, readFileSync(path, 'utf8'));
  for (const s of statements) await db.exec(s.text);
}
