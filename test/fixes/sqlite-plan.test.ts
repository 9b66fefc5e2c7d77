// The plan of a SQLite database, applied to a copy made by SQLite itself: the steps SQLite can take
// (indexes, columns) apply, a review of the file no longer reports what they fix and reports nothing
// new, and the rollbacks give back the original schema. Steps it cannot take say why (a table rebuild).
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSqliteFile } from '../../src/sources/sqlite/index.js';
import { buildReview } from '../../src/review.js';
import { allRules } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { buildPlan } from '../../src/fixes/plan.js';
import { batchSteps } from '../../src/fixes/writers/batches.js';
import { compareFindings } from '../../src/fixes/verify.js';
import { fixtureText } from '../sources/sqlite/fixture.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');

describe('the plan of a SQLite database, on SQLite', () => {
  it('applies what SQLite can, removes those findings, and rolls back to the original schema', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ss-sqlite-plan-')), 'app.sqlite');
    const db = new Database(path);
    db.exec(fixtureText);
    const schema = () => db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").all();
    const original = schema();

    const config = resolveConfig({});
    const catalog = await loadSqliteFile(path);
    const review = buildReview(catalog, allRules, config);
    const plan = buildPlan(review.findings, catalog);
    const { batches, skipped } = batchSteps(plan, catalog);
    const written = batches.flatMap((b) => b.steps);
    expect(written.length).toBeGreaterThan(0);
    expect(skipped.length).toBeGreaterThan(0);
    for (const s of skipped) expect(s.sql.unsupported?.join(' ')).toMatch(/table rebuild|non-constant default|NOT NULL column only/);

    for (const { sql } of written) {
      for (const q of (sql.preflight ?? '').split(/;\n\n/).filter((x) => x.trim())) expect(db.prepare(q).all()).toEqual([]);
      for (const stmt of sql.forward) db.exec(stmt);
    }
    const after = buildReview(await loadSqliteFile(path), allRules, config).findings;
    const result = compareFindings(review.findings, after, plan, new Set(written.map((w) => w.step.number)));
    expect(result.remaining).toEqual([]);
    expect(result.introduced.map((f) => f.key)).toEqual([]);
    expect(result.fixed.length).toBeGreaterThan(0);

    for (const { sql } of [...written].reverse()) for (const stmt of sql.rollback) db.exec(stmt);
    expect(schema()).toEqual(original);
    db.close();
  });
});
