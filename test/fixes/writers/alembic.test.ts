// The Alembic plan writer on the saas fixture: revisions that Python parses, with Alembic's header and a chain
// from the current head, op.execute of each statement (inside autocommit_block where a transaction is refused),
// string literals that hold exactly the SQL whatever it contains, a replay through schemascope's Alembic source
// to one head and a schema without the fixed findings, and SQL that applies to the DDL `alembic upgrade head
// --sql` prints and rolls back to its shape.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import type { Plan } from '../../../src/fixes/plan.js';
import { writeAlembicPlan } from '../../../src/fixes/writers/alembic.js';
import { batchSteps } from '../../../src/fixes/writers/batches.js';
import { parsesAsPython, pyRepr, pyString } from '../../../src/fixes/writers/python.js';
import type { WrittenPlan } from '../../../src/fixes/writers/types.js';
import { buildReview } from '../../../src/review.js';
import { allRules } from '../../../src/rules/index.js';
import { loadSource } from '../../../src/sources/detect.js';
import { withEmbeddedPostgres } from '../../../src/sources/postgres/embedded.js';
import { compareFindings, planTables, projectWith, python, pythonParses, reviewed, runSqlFile, shapeOf, type Reviewed } from './helpers.js';

const SAAS = 'test/sources/sqlalchemy/fixtures/saas';
const OFFLINE_SQL = 'test/sources/sqlalchemy/fixtures/saas.alembic-offline.sql';
const NOW = new Date('2025-06-01T10:00:00Z');

/** What a revision file holds, read by Python's own ast. */
interface Revision {
  docstring: string;
  values: Record<string, unknown>;
  imports: string[];
  /** [statement, inside autocommit_block] of each op.execute, in order. */
  upgrade: [string, boolean][];
  downgrade: [string, boolean][];
}

const READ_REVISION = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
def executes(fn):
    out = []
    def visit(stmts, auto):
        for s in stmts:
            if isinstance(s, ast.With):
                visit(s.body, auto or ast.unparse(s.items[0].context_expr) == 'op.get_context().autocommit_block()')
            elif isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and ast.unparse(s.value.func) == 'op.execute':
                out.append([ast.literal_eval(s.value.args[0]), auto])
    visit(fn.body, False)
    return out
fns = {f.name: executes(f) for f in tree.body if isinstance(f, ast.FunctionDef)}
print(json.dumps({
    'docstring': ast.get_docstring(tree),
    'values': {t.targets[0].id: ast.literal_eval(t.value) for t in tree.body if isinstance(t, ast.Assign)},
    'imports': [ast.unparse(t) for t in tree.body if isinstance(t, (ast.Import, ast.ImportFrom))],
    'upgrade': fns['upgrade'],
    'downgrade': fns['downgrade'],
}))
`;

let before: Reviewed;
let written: WrittenPlan;
let copy: { root: string; done: () => void };
let after: Catalog;
const read = new Map<string, Revision>();

beforeAll(async () => {
  before = await reviewed(SAAS);
  written = writeAlembicPlan({ plan: before.plan, catalog: before.catalog, now: NOW });
  copy = projectWith(SAAS, written.files);
  for (const f of written.files) read.set(f.path, python<Revision>(READ_REVISION, join(copy.root, f.path)));
  after = await loadSource(copy.root);
}, 120_000);

afterAll(() => copy?.done());

const revisions = () => written.files.map((f) => read.get(f.path)!);

describe('Alembic writer: the revisions', () => {
  it('writes one revision per batch in the versions folder, and Python parses each one', () => {
    const { batches } = batchSteps(before.plan, before.catalog);
    expect(batches.length).toBeGreaterThan(3);
    expect(written.files.length).toBe(batches.length);
    for (const f of written.files) {
      expect(f.path).toMatch(/^alembic\/versions\/[0-9a-f]{12}_schemascope_[a-z0-9_]+\.py$/);
      expect(pythonParses(join(copy.root, f.path))).toBe(true);
      expect(parsesAsPython(f.content), f.path).toBe(true);
    }
  });

  it("has Alembic's header and chains from the current head", () => {
    let down: unknown = before.catalog.migrations!.heads[0];
    written.files.forEach((f, i) => {
      const r = read.get(f.path)!;
      const id = f.path.split('/').pop()!.slice(0, 12);
      expect(r.values).toEqual({ revision: id, down_revision: down, branch_labels: null, depends_on: null });
      expect(r.docstring).toContain(`Revision ID: ${id}\nRevises: ${down}\nCreate Date: 2025-06-01 10:00:00.000000`);
      expect(r.imports).toEqual(['from alembic import op', 'import sqlalchemy as sa']);
      expect(f.path).toContain(`_schemascope_`);
      down = id;
      if (i > 0) expect(read.get(written.files[i - 1].path)!.values.revision).toBe(r.values.down_revision);
    });
  });

  it('derives revision ids from the plan and the time, the same each time', () => {
    expect(writeAlembicPlan({ plan: before.plan, catalog: before.catalog, now: NOW }).files).toEqual(written.files);
    const later = writeAlembicPlan({ plan: before.plan, catalog: before.catalog, now: new Date('2025-06-02T10:00:00Z') });
    expect(later.files.map((f) => f.path)).not.toEqual(written.files.map((f) => f.path));
    const ids = written.files.map((f) => read.get(f.path)!.values.revision);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('executes each forward statement in order, outside the transaction where it must, and rolls back in reverse', () => {
    const { batches } = batchSteps(before.plan, before.catalog);
    batches.forEach((b, i) => {
      const r = read.get(written.files[i].path)!;
      expect(r.upgrade).toEqual(b.steps.flatMap((s) => s.sql.forward).map((s) => [s, !b.transactional]));
      expect(r.downgrade.map(([s]) => s)).toEqual([...b.steps].reverse().flatMap((s) => s.sql.rollback));
      for (const [s, auto] of r.downgrade) if (/CONCURRENTLY/.test(s)) expect(auto, s).toBe(true);
    });
    expect(batches.some((b) => !b.transactional) && batches.some((b) => b.transactional)).toBe(true);
  });

  it('names the models to edit by hand, with file:line', () => {
    const payment = before.catalog.app!.models.find((m) => m.table === 'public.payments')!;
    expect('file' in payment.origin).toBe(true);
    const at = `app/models/billing.py:`;
    expect(written.notes.some((n) => n.includes(at) && n.includes('PaymentModel.amount') && n.includes('sa.Numeric(19, 4)'))).toBe(true);
    expect(written.notes.some((n) => n.includes('ProductModel.tenant_id') && n.includes('nullable=False'))).toBe(true);
  });
});

describe('Alembic writer: string literals', () => {
  const tricky = [
    'plain',
    "it's",
    'say "hi"',
    `both ' and "`,
    'back\\slash',
    'ends with backslash\\',
    'ends with quote"',
    'tab\tand\nnewline',
    'multi\nline "quoted" text',
    'multi\nline with \\ backslash',
    'has """ triple',
    'carriage\rreturn',
    'nul\u0000and\u001fcontrol\u007f',
    'unicode é ü 日本 🎉',
    '',
  ];

  it('writes literals Python reads back as the same text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemascope-pystr-'));
    try {
      const file = join(dir, 'strings.py');
      writeFileSync(file, `values = [\n${tricky.map((t) => `    ${pyString(t)},\n    ${pyRepr(t)},`).join('\n')}\n]\n`);
      const back = JSON.parse(execFileSync('python3', ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(open(sys.argv[1]).read().split("=", 1)[1])))', file], { encoding: 'utf8' })) as string[];
      expect(back).toEqual(tricky.flatMap((t) => [t, t]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps identifiers with quotes and backslashes intact through op.execute', () => {
    const table = `o'b"j\\ect`;
    const column = `c\\ol"u'mn`;
    const plan: Plan = {
      dialect: 'postgres',
      steps: [
        { number: 1, slug: 'add-index', horizon: 'short-term', risk: 'low', riskReason: 'x', severity: 'medium', ops: [{ op: 'add-index', schema: 'public', table, columns: [column] }], fixes: [], after: [] },
        { number: 2, slug: 'add-check', horizon: 'long-term', risk: 'low', riskReason: 'x', severity: 'low', ops: [{ op: 'add-check', schema: 'public', table, name: `chk "it's"`, expression: `${JSON.stringify(column)} <> E'\\\\'` }], fixes: [], after: [] },
      ],
      notPlanned: [],
    };
    const w = writeAlembicPlan({ plan, catalog: before.catalog, now: NOW });
    const { batches } = batchSteps(plan, before.catalog);
    const p = projectWith(SAAS, w.files);
    try {
      w.files.forEach((f, i) => {
        const r = python<Revision>(READ_REVISION, join(p.root, f.path));
        expect(r.upgrade.map(([s]) => s)).toEqual(batches[i].steps.flatMap((s) => s.sql.forward));
        expect(r.downgrade.map(([s]) => s)).toEqual(batches[i].steps.flatMap((s) => s.sql.rollback));
      });
      expect(batches.flatMap((b) => b.steps.flatMap((s) => s.sql.forward)).join('')).toContain('\\');
    } finally {
      p.done();
    }
  });
});

describe('Alembic writer: several heads', () => {
  it('merges them in the first revision and says so', () => {
    const catalog = structuredClone(before.catalog);
    catalog.migrations!.heads = ['04dd353d03eb', '5e6f7a8b9c05'];
    const w = writeAlembicPlan({ plan: before.plan, catalog, now: NOW });
    expect(w.files[0].content).toContain(`down_revision = ('04dd353d03eb', '5e6f7a8b9c05')`);
    expect(w.files[0].content).toContain('Revises: 04dd353d03eb, 5e6f7a8b9c05');
    expect(w.notes.some((n) => n.includes('2 heads') && n.includes('merges'))).toBe(true);
  });
});

describe('Alembic writer: round trip through the Alembic source', () => {
  it('has one head, the last new revision', () => {
    const last = written.files.at(-1)!.path.split('/').pop()!.slice(0, 12);
    expect(after.migrations!.heads).toEqual([last]);
    expect(after.migrations!.nodes.length).toBe(before.catalog.migrations!.nodes.length + written.files.length);
    const autocommitted = after.migrations!.nodes.filter((n) => written.files.some((f) => f.path.includes(n.id))).flatMap((n) => n.operations.filter((o) => o.outsideTransaction));
    expect(autocommitted.length).toBeGreaterThan(0);
  });

  it('no longer has the findings the plan fixed, and keeps the others', () => {
    const { findings } = buildReview(after, allRules, resolveConfig({}));
    const diff = compareFindings(before.findings, findings, before.plan, { root: copy.root, original: SAAS });
    expect(diff.fixed.length).toBeGreaterThan(10);
    expect(diff.fixedRemaining).toEqual([]);
    expect(diff.lostUnexplained).toEqual([]);
    const changed = planTables(before.plan);
    for (const t of diff.newTables) expect(changed.has(t), `${t}: ${diff.fresh.join('; ')}`).toBe(true);
    expect(after.warnings.filter((w) => w.code === 'alembic-unapplied-sql')).toEqual([]);
  });
});

describe('Alembic writer: the SQL on the embedded PostgreSQL', () => {
  it("applies every revision to the DDL of `alembic upgrade head --sql` and downgrades to the same shape", async () => {
    await withEmbeddedPostgres([], async (db) => {
      await runSqlFile(db, OFFLINE_SQL);
      const original = await shapeOf(db);
      for (const r of revisions()) for (const [s] of r.upgrade) await db.exec(s);
      expect(await shapeOf(db)).not.toEqual(original);
      for (const r of [...revisions()].reverse()) for (const [s] of r.downgrade) await db.exec(s);
      expect(await shapeOf(db)).toEqual(original);
    });
  }, 120_000);
});

describe('Alembic writer: what it refuses', () => {
  it('writes nothing for a catalog without Alembic revisions', async () => {
    const django = await loadSource('test/sources/django/fixtures/helpdesk');
    const w = writeAlembicPlan({ plan: before.plan, catalog: django, now: NOW });
    expect(w.files).toEqual([]);
    expect(w.notes[0]).toMatch(/not one/);
  });
});
