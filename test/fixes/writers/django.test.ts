// The Django plan writer on the helpdesk fixture: the migrations it writes are Python that Python parses, follow
// Django's conventions (numbering, dependencies on the app's leaf, atomic = False for CONCURRENTLY, state
// operations with names Django accepts), replay through schemascope's Django source to a schema without the
// fixed findings, and their SQL applies to the sqlmigrate DDL of the project and rolls back to its shape.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import type { FixOp } from '../../../src/fixes/operations.js';
import type { Plan } from '../../../src/fixes/plan.js';
import { djangoModelIndexName, writeDjangoPlan } from '../../../src/fixes/writers/django.js';
import { parsesAsPython } from '../../../src/fixes/writers/python.js';
import type { WrittenPlan } from '../../../src/fixes/writers/types.js';
import { buildReview } from '../../../src/review.js';
import { allRules } from '../../../src/rules/index.js';
import { loadSource } from '../../../src/sources/detect.js';
import { withEmbeddedPostgres } from '../../../src/sources/postgres/embedded.js';
import { compareFindings, planTables, projectWith, python, pythonParses, reviewed, runSqlFile, shapeOf, type Reviewed } from './helpers.js';

const HELPDESK = 'test/sources/django/fixtures/helpdesk';
const SQLMIGRATE = 'test/sources/django/fixtures/helpdesk.sqlmigrate.sql';
const NOW = new Date('2025-06-01T10:00:00Z');

/** What a migration file holds, read by Python's own ast. */
interface MigrationFile {
  dependencies: [string, string][];
  atomic: boolean;
  operations: { name: string; sql: string[]; reverse: string[] | null; state: { name: string; kwargs: Record<string, string> }[] }[];
}

const READ_MIGRATION = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
out = {'dependencies': [], 'atomic': True, 'operations': []}
cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == 'Migration')
assert [ast.unparse(b) for b in cls.bases] == ['migrations.Migration']
for st in cls.body:
    if not isinstance(st, ast.Assign):
        continue
    name = st.targets[0].id
    if name == 'dependencies':
        out['dependencies'] = [list(d) for d in ast.literal_eval(st.value)]
    elif name == 'atomic':
        out['atomic'] = ast.literal_eval(st.value)
    elif name == 'operations':
        for call in st.value.elts:
            kw = {k.arg: k.value for k in call.keywords}
            out['operations'].append({
                'name': ast.unparse(call.func),
                'sql': ast.literal_eval(kw['sql']),
                'reverse': ast.literal_eval(kw['reverse_sql']) if 'reverse_sql' in kw else None,
                'state': [{'name': ast.unparse(s.func), 'kwargs': {k.arg: ast.unparse(k.value) for k in s.keywords}} for s in (kw['state_operations'].elts if 'state_operations' in kw else [])],
            })
print(json.dumps(out))
`;

let before: Reviewed;
let written: WrittenPlan;
let copy: { root: string; done: () => void };
let after: Catalog;
const read = new Map<string, MigrationFile>();

beforeAll(async () => {
  before = await reviewed(HELPDESK);
  written = writeDjangoPlan({ plan: before.plan, catalog: before.catalog, now: NOW });
  copy = projectWith(HELPDESK, written.files);
  for (const f of written.files) read.set(f.path, python<MigrationFile>(READ_MIGRATION, join(copy.root, f.path)));
  after = await loadSource(copy.root);
}, 120_000);

afterAll(() => copy?.done());

describe('Django writer: the files', () => {
  it('writes a migration for every batch and app, and Python parses each one', () => {
    expect(before.plan.steps.length).toBeGreaterThan(5);
    expect(written.files.length).toBeGreaterThan(3);
    for (const f of written.files) {
      expect(pythonParses(join(copy.root, f.path))).toBe(true);
      expect(parsesAsPython(f.content), f.path).toBe(true);
    }
    // Every planned step with SQL is in exactly one RunSQL.
    const sqlOf = [...read.values()].flatMap((m) => m.operations.map((o) => o.sql.join('\n')));
    for (const step of before.plan.steps) {
      const first = step.ops[0];
      if (!('table' in first)) continue;
      expect(sqlOf.filter((s) => s.includes(first.table)).length, step.slug).toBeGreaterThan(0);
    }
    expect([...read.values()].reduce((n, m) => n + m.operations.length, 0)).toBe(before.plan.steps.length);
  });

  it("numbers each app's migrations after its highest and chains them on its leaf", () => {
    const nodes = before.catalog.migrations!.nodes;
    const byApp = new Map<string, string[]>();
    for (const f of written.files) {
      const [app, folder, file] = f.path.split('/');
      expect(folder).toBe('migrations');
      byApp.set(app, [...(byApp.get(app) ?? []), file.replace(/\.py$/, '')]);
    }
    expect(byApp.size).toBeGreaterThan(1);
    for (const [app, names] of byApp) {
      const highest = Math.max(...nodes.filter((n) => n.id.startsWith(`${app}.`)).map((n) => Number(n.id.split('.')[1].slice(0, 4))));
      names.forEach((name, i) => {
        expect(name).toMatch(new RegExp(`^${String(highest + 1 + i).padStart(4, '0')}_schemascope_[a-z0-9_]+$`));
        const deps = read.get(`${app}/migrations/${name}.py`)!.dependencies.filter(([a]) => a === app).map(([, m]) => m);
        const leaf = before.catalog.migrations!.heads.find((h) => h.startsWith(`${app}.`))!.split('.')[1];
        expect(deps).toEqual([i === 0 ? leaf : names[i - 1]]);
      });
    }
  });

  it('sets atomic = False exactly where a statement cannot run in a transaction', () => {
    let nonAtomic = 0;
    for (const m of read.values()) {
      const sql = m.operations.flatMap((o) => o.sql).join('\n');
      const needsAutocommit = /CONCURRENTLY|NOT VALID/.test(sql);
      expect(m.atomic).toBe(!needsAutocommit);
      if (!m.atomic) nonAtomic++;
    }
    expect(nonAtomic).toBeGreaterThan(0);
  });

  it("keeps Django's state in step: AlterField without null for NOT NULL, UniqueConstraint and CheckConstraint with the SQL's names", () => {
    const ops = [...read.values()].flatMap((m) => m.operations);
    const notNull = before.plan.steps.find((s) => s.ops.some((o) => o.op === 'set-not-null' && o.table === 'accounts_user'))!;
    const column = (notNull.ops[0] as Extract<FixOp, { op: 'set-not-null' }>).column;
    const alter = ops.find((o) => o.sql.some((s) => s.includes(`${column} SET NOT NULL`)))!.state.find((s) => s.name === 'migrations.AlterField')!;
    expect(alter.kwargs.name).toBe(`'${column.replace(/_id$/, '')}'`);
    expect(alter.kwargs.field).not.toContain('null=True');
    expect(alter.kwargs.field).toContain('on_delete=');

    const check = before.plan.steps.flatMap((s) => s.ops).find((o) => o.op === 'add-check')! as Extract<FixOp, { op: 'add-check' }>;
    const constraint = ops.flatMap((o) => o.state).find((s) => s.name === 'migrations.AddConstraint' && s.kwargs.constraint.includes(check.name))!;
    expect(constraint.kwargs.constraint).toMatch(/^models\.CheckConstraint\(check=models\.Q\(\w+__gte=0\), name=/);

    for (const op of before.plan.steps.flatMap((s) => s.ops).filter((o) => o.op === 'replace-unique')) {
      const run = ops.find((o) => o.sql.some((s) => s.includes(`DROP CONSTRAINT ${op.constraint}`)))!;
      const added = run.state.find((s) => s.name === 'migrations.AddConstraint')!;
      // A key for live rows only is a partial unique index in SQL and a UniqueConstraint with a condition in Django.
      const newName = op.predicate
        ? /CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS (\w+)/.exec(run.sql.join('\n'))![1]
        : /ADD CONSTRAINT (\w+) UNIQUE USING INDEX/.exec(run.sql.join('\n'))![1];
      expect(added.kwargs.constraint).toContain(`name='${newName}'`);
      if (op.predicate) expect(added.kwargs.constraint).toMatch(/condition=models\.Q\(\w+__isnull=True\)/);
      expect(run.state.find((s) => s.name === 'migrations.AlterField')!.kwargs.field).not.toContain('unique=True');
    }
  });

  it('tells which models.py lines to edit', () => {
    const userModel = before.catalog.app!.models.find((m) => m.name === 'User')!;
    const at = 'file' in userModel.origin ? userModel.origin.file : '';
    const modelsPy = readFileSync(at, 'utf8').split('\n');
    const orgLine = modelsPy.findIndex((l) => l.includes('organization = models.ForeignKey')) + 1;
    expect(written.notes.some((n) => n.includes(`accounts/models.py:${orgLine} (User.organization): remove \`null=True\``))).toBe(true);
    expect(written.notes.some((n) => n.includes('to Meta.constraints'))).toBe(true);
  });
});

describe('Django writer: round trip through the Django source', () => {
  it('has one leaf per app, the new migration', () => {
    const heads = after.migrations!.heads;
    const apps = new Set(heads.map((h) => h.split('.')[0]));
    expect(heads.length).toBe(apps.size);
    for (const f of written.files) {
      const [app, , file] = f.path.split('/');
      const last = written.files.filter((x) => x.path.startsWith(`${app}/`)).at(-1)!;
      if (f === last) expect(heads).toContain(`${app}.${file.replace(/\.py$/, '')}`);
    }
  });

  it('no longer has the findings the plan fixed, and keeps the others', () => {
    const { findings } = buildReview(after, allRules, resolveConfig({}));
    const diff = compareFindings(before.findings, findings, before.plan, { root: copy.root, original: HELPDESK });
    expect(diff.fixed.length).toBeGreaterThan(5);
    expect(diff.fixedRemaining).toEqual([]);
    expect(diff.lostUnexplained).toEqual([]);
    // New findings are consequences of the changes (a key replaced by a wider one), on the tables the plan changed.
    const changed = planTables(before.plan);
    for (const t of diff.newTables) expect(changed.has(t), `${t}: ${diff.fresh.join('; ')}`).toBe(true);
  });

  it('applies the SQL to the tables (types, constraints, dropped indexes) as the database would', () => {
    const user = after.tables.find((t) => t.name === 'accounts_user')!;
    expect(user.columns.find((c) => c.name === 'organization_id')!.nullable).toBe(false);
    expect(user.columns.find((c) => c.name === 'hourly_cost')!.dataType).toBe('numeric(19,4)');
    expect(user.checks.map((c) => c.name)).not.toContain('accounts_user_organization_id_not_null_tmp');
    expect(user.uniques.map((u) => u.columns.join(','))).toEqual(['organization_id,username']);
    expect(after.warnings.filter((w) => w.code === 'django-runsql-not-applied')).toEqual([]);
  });

  it('does not report model drift once models.py is edited as the notes say', async () => {
    const models = join(copy.root, 'tickets/models.py');
    const original = readFileSync(models, 'utf8');
    const anchor = '    uploaded_at = models.DateTimeField(auto_now_add=True)\n';
    expect(original).toContain(anchor);
    writeFileSync(models, original.replace(anchor, `${anchor}    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at = models.DateTimeField(auto_now=True)\n`));
    try {
      const edited = await loadSource(copy.root);
      const drift = edited.app!.notes.filter((n) => n.kind === 'model-drift' && n.message.includes('TicketAttachment'));
      expect(drift).toEqual([]);
    } finally {
      writeFileSync(models, original);
    }
  });
});

describe('Django writer: index names Django accepts', () => {
  const step = (ops: FixOp[]): Plan => ({
    dialect: 'postgres',
    steps: [{ number: 1, slug: 'add-index', horizon: 'short-term', risk: 'low', riskReason: 'an index build', severity: 'medium', ops, fixes: [], after: [] }],
    notPlanned: [],
  });

  it('names an unnamed index as Django would, within 30 characters, and declares it with its condition', async () => {
    const op: FixOp = { op: 'add-index', schema: 'public', table: 'tickets_tickethistory', columns: ['changed_by_id', 'created_at'], predicate: 'old_value IS NULL' };
    const w = writeDjangoPlan({ plan: step([op]), catalog: before.catalog, now: NOW });
    expect(w.files.length).toBe(1);
    const p = projectWith(HELPDESK, w.files);
    try {
      const m = python<MigrationFile>(READ_MIGRATION, join(p.root, w.files[0].path));
      const index = m.operations[0].state.find((s) => s.name === 'migrations.AddIndex')!;
      // Django's Index.set_name_with_model, computed by Python itself.
      const expected = execFileSync('python3', ['-c', "import hashlib; t='tickets_tickethistory'; c=['changed_by_id','created_at']; print('%s_%s_%s_idx' % (t[:11], c[0][:7], hashlib.md5((t + ''.join(c) + 'idx').encode()).hexdigest()[:6]))"], { encoding: 'utf8' }).trim();
      expect(djangoModelIndexName('tickets_tickethistory', ['changed_by_id', 'created_at'])).toBe(expected);
      expect(index.kwargs.index).toBe(`models.Index(fields=['changed_by', 'created_at'], name='${expected}', condition=models.Q(old_value__isnull=True))`);
      expect(m.operations[0].sql[0]).toContain(`INDEX CONCURRENTLY IF NOT EXISTS ${expected} ON public.tickets_tickethistory`);
      const replayed = await loadSource(p.root);
      const ix = replayed.tables.find((t) => t.name === 'tickets_tickethistory')!.indexes.find((i) => i.name === expected)!;
      expect(ix.columns).toEqual(['changed_by_id', 'created_at']);
    } finally {
      p.done();
    }
  });

  it('leaves a name longer than 30 characters out of the state and says why', () => {
    const name = 'tickets_tickethistory_changed_by_created_idx';
    const w = writeDjangoPlan({ plan: step([{ op: 'add-index', schema: 'public', table: 'tickets_tickethistory', columns: ['changed_by_id'], name }]), catalog: before.catalog, now: NOW });
    expect(w.files[0].content).not.toContain('migrations.AddIndex');
    expect(w.files[0].content).toContain(name);
    expect(w.notes.some((n) => n.includes(name) && n.includes('models.E034'))).toBe(true);
  });
});

describe('Django writer: other changes, replayed', () => {
  it('removes a Meta index, adds a unique key and a foreign key, in the state and in the replayed schema', async () => {
    const ticket = before.catalog.tables.find((t) => t.name === 'tickets_ticket')!;
    const metaIndex = ticket.indexes.find((i) => i.name === 'tickets_org_status_idx')!;
    const plan: Plan = {
      dialect: 'postgres',
      steps: [
        { op: 'drop-index', schema: 'public', table: 'tickets_ticket', name: metaIndex.name, definition: metaIndex.definition },
        { op: 'add-unique', schema: 'public', table: 'tickets_tickethistory', columns: ['ticket_id', 'field'] },
        { op: 'add-foreign-key', schema: 'public', table: 'tickets_ticketcomment', columns: ['author_id'], refSchema: 'public', refTable: 'accounts_user', refColumns: ['id'], name: 'tickets_comment_author_fk2' },
      ].map((op, i) => ({ number: i + 1, slug: op.op, horizon: 'long-term' as const, risk: 'low' as const, riskReason: 'x', severity: 'low' as const, ops: [op as FixOp], fixes: [], after: [] })),
      notPlanned: [],
    };
    const w = writeDjangoPlan({ plan, catalog: before.catalog, now: NOW });
    expect(w.files.map((f) => f.path)).toEqual(['tickets/migrations/0006_schemascope_long_term_1.py', 'tickets/migrations/0007_schemascope_long_term_2.py', 'tickets/migrations/0008_schemascope_long_term_3.py']);
    const p = projectWith(HELPDESK, w.files);
    try {
      const state = w.files.map((f) => python<MigrationFile>(READ_MIGRATION, join(p.root, f.path)).operations[0].state);
      expect(state[0]).toEqual([{ name: 'migrations.RemoveIndex', kwargs: { model_name: "'ticket'", name: "'tickets_org_status_idx'" } }]);
      expect(state[1][0].kwargs.constraint).toBe("models.UniqueConstraint(fields=['ticket', 'field'], name='tickets_tickethistory_ticket_id_field_key')");
      expect(state[2]).toEqual([]);
      expect(w.notes.some((n) => n.includes('TicketComment.author is already a ForeignKey') && n.includes('tickets_comment_author_fk2'))).toBe(true);
      const replayed = await loadSource(p.root);
      const table = (name: string) => replayed.tables.find((t) => t.name === name)!;
      expect(table('tickets_ticket').indexes.map((i) => i.name)).not.toContain('tickets_org_status_idx');
      expect(table('tickets_tickethistory').uniques.map((u) => [u.name, u.columns])).toContainEqual(['tickets_tickethistory_ticket_id_field_key', ['ticket_id', 'field']]);
      const fk = table('tickets_ticketcomment').foreignKeys.find((f) => f.name === 'tickets_comment_author_fk2')!;
      expect([fk.columns, fk.refTable, fk.validated]).toEqual([['author_id'], 'accounts_user', true]);
      expect(replayed.warnings.filter((x) => x.code.startsWith('django-runsql'))).toEqual([]);
    } finally {
      p.done();
    }
  });
});

describe('Django writer: the SQL on the embedded PostgreSQL', () => {
  it('applies every migration to the sqlmigrate DDL and rolls back to the same shape', async () => {
    await withEmbeddedPostgres([], async (db) => {
      await runSqlFile(db, SQLMIGRATE);
      const original = await shapeOf(db);
      const migrations = written.files.map((f) => read.get(f.path)!);
      for (const m of migrations) for (const op of m.operations) for (const s of op.sql) await db.exec(s);
      expect(await shapeOf(db)).not.toEqual(original);
      for (const m of [...migrations].reverse()) {
        for (const op of [...m.operations].reverse()) {
          expect(op.reverse, op.sql[0]).not.toBeNull();
          for (const s of op.reverse!) await db.exec(s);
        }
      }
      expect(await shapeOf(db)).toEqual(original);
    });
  }, 120_000);
});

describe('Django writer: what it refuses', () => {
  it('writes nothing for a catalog that is not a Django project', async () => {
    const alembic = await loadSource('test/sources/sqlalchemy/fixtures/saas');
    const w = writeDjangoPlan({ plan: { dialect: 'postgres', steps: [], notPlanned: [] }, catalog: alembic, now: NOW });
    expect(w.files).toEqual([]);
    expect(w.notes[0]).toMatch(/not one/);
  });

  it('gives the same files for the same plan and time', () => {
    const again = writeDjangoPlan({ plan: before.plan, catalog: before.catalog, now: NOW });
    expect(again.files).toEqual(written.files);
    expect(createHash('sha1').update(JSON.stringify(again)).digest('hex')).toBe(createHash('sha1').update(JSON.stringify(written)).digest('hex'));
  });
});
