// Django: one migration per batch of the plan and per app (the app whose migration created the table), in the
// app's migrations folder, numbered after its highest migration and depending on its current leaf. Each step is a
// RunSQL with the step's forward and rollback SQL (PostgreSQL), plus the state_operations that keep Django's
// migration state in step (AddIndex, AddConstraint, AlterField…); a batch that cannot run in a transaction
// (CONCURRENTLY, NOT VALID then VALIDATE) gets `atomic = False`. The notes say which models.py lines to edit.
import { createHash } from 'node:crypto';
import type { FixOp } from '../operations.js';
import type { Plan } from '../plan.js';
import { batchNames, batchSteps, skippedNotes, stepCommentLines, type WrittenStep } from './batches.js';
import { readDjangoProject, type DjangoProject } from './django-project.js';
import { stateOpsFor, type StateOps } from './django-state.js';
import { pyComment, pyString } from './python.js';
import { createdObjects } from './sql-read.js';
import type { PlanFile, PlanWriter } from './types.js';

/**
 * The name Django gives a models.Index without one (Index.set_name_with_model): the table's first 11
 * characters, the first column's first 7, 6 hex digits of an MD5 of the table, columns and suffix, and `_idx`;
 * always within Django's 30 characters.
 */
export function djangoModelIndexName(table: string, columns: string[]): string {
  const h = createHash('md5');
  for (const part of [table, ...columns, 'idx']) h.update(part);
  const name = `${table.slice(0, 11)}_${columns[0].slice(0, 7)}_${h.digest('hex').slice(0, 6)}_idx`;
  return /^[_0-9]/.test(name) ? `D${name.slice(1)}` : name;
}

/** Indexes the plan leaves unnamed get the name Django would give them, so the state can declare them. */
function withDjangoIndexNames(plan: Plan, project: DjangoProject): Plan {
  const name = (op: FixOp): FixOp =>
    op.op === 'add-index' && !op.name && !op.unique && op.columns.length && project.ownerOf(op.table)?.model ? { ...op, name: djangoModelIndexName(op.table, op.columns) } : op;
  return { ...plan, steps: plan.steps.map((s) => ({ ...s, ops: s.ops.map(name) })) };
}

/** The app whose migration holds a step: the app of the first table it changes. */
function appOf(ws: WrittenStep, project: DjangoProject): string | undefined {
  for (const op of ws.step.ops) if ('table' in op) return project.ownerOf(op.table)?.app;
  return undefined;
}

const I1 = '    ';
const I2 = I1 + I1;
const I3 = I2 + I1;
const I4 = I3 + I1;

function sqlList(key: string, statements: string[]): string[] {
  return [`${I3}${key}=[`, ...statements.map((s) => `${I4}${pyString(s)},`), `${I3}],`];
}

function runSql(ws: WrittenStep, state: StateOps): string[] {
  const { step, sql } = ws;
  const lines: string[] = [];
  lines.push(...stepCommentLines(ws, { extra: state.comments }).flatMap((l) => pyComment(l, I2)));
  lines.push(`${I2}migrations.RunSQL(`, ...sqlList('sql', sql.forward));
  if (sql.rollback.length) lines.push(...sqlList('reverse_sql', sql.rollback));
  if (state.ops.length) {
    lines.push(`${I3}state_operations=[`);
    for (const op of state.ops) {
      op.forEach((l, i) => lines.push(`${I4}${l}${i === op.length - 1 ? ',' : ''}`));
    }
    lines.push(`${I3}],`);
  }
  lines.push(`${I2}),`);
  return lines;
}

/** Imports in the order makemigrations writes them: `import x` lines, then `from x import y`, each sorted. */
function importBlock(extra: string[]): string[] {
  const base = 'from django.db import migrations, models';
  const all = [...new Set([base, ...extra.filter((l) => !l.startsWith('from django.db import'))])];
  const plain = all.filter((l) => l.startsWith('import ')).sort();
  const from = all.filter((l) => l.startsWith('from ')).sort();
  return [...plain, ...from];
}

interface Written {
  app: string;
  name: string;
}

export const writeDjangoPlan: PlanWriter = ({ plan, catalog, now }) => {
  if (catalog.source.kind !== 'django' || catalog.migrations?.framework !== 'django') {
    return { format: 'django', files: [], notes: ['The Django writer needs a Django project read from its migrations; this catalog is not one.'] };
  }
  const project = readDjangoProject(catalog);
  const { batches, skipped } = batchSteps(withDjangoIndexNames(plan, project), catalog);
  const names = batchNames(batches);
  const notes = skippedNotes(skipped);
  const files: PlanFile[] = [];
  const number = new Map([...project.apps.values()].map((a) => [a.label, a.highest]));
  const previous = new Map([...project.apps.values()].map((a) => [a.label, [...a.leaves].sort()]));
  const stepFile = new Map<number, Written>();
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ');
  const irreversible: number[] = [];

  for (const app of project.apps.values()) {
    if (app.leaves.length > 1) notes.push(`App ${app.label} has ${app.leaves.length} leaf migrations (${app.leaves.join(', ')}): the first schemascope migration depends on all of them, which merges them (as makemigrations --merge would).`);
  }

  batches.forEach((batch, i) => {
    const byApp = new Map<string, WrittenStep[]>();
    for (const ws of batch.steps) {
      const app = appOf(ws, project);
      if (!app || !project.apps.has(app)) {
        notes.push(`Step ${ws.step.number} (${ws.step.slug}) was not written: no Django app with migrations owns the table it changes. Apply its SQL with the plain SQL plan.`);
        continue;
      }
      byApp.set(app, [...(byApp.get(app) ?? []), ws]);
    }
    for (const [label, steps] of byApp) {
      const app = project.apps.get(label)!;
      const n = (number.get(label) ?? 0) + 1;
      number.set(label, n);
      const name = `${String(n).padStart(4, '0')}_schemascope_${names[i]}`;
      const path = `${app.dir === '.' ? '' : `${app.dir}/`}${name}.py`;
      const deps: [string, string][] = (previous.get(label) ?? []).map((l) => [label, l]);
      for (const ws of steps) {
        for (const a of ws.step.after) {
          const other = stepFile.get(a);
          if (other && other.app !== label && !deps.some(([x, y]) => x === other.app && y === other.name)) deps.push([other.app, other.name]);
        }
      }
      const imports: string[] = [];
      const operations: string[] = [];
      for (const ws of steps) {
        const created = createdObjects(ws.sql.forward);
        const state: StateOps = { ops: [], imports: [], notes: [], comments: [] };
        for (const op of ws.step.ops) {
          const s = stateOpsFor(op, { project, catalog, app: label, created, file: path });
          state.ops.push(...s.ops);
          state.imports.push(...s.imports);
          state.notes.push(...s.notes);
          state.comments.push(...s.comments);
        }
        imports.push(...state.imports);
        notes.push(...state.notes.map((x) => `Step ${ws.step.number}: ${x}`));
        if (!ws.sql.rollback.length) irreversible.push(ws.step.number);
        operations.push(...runSql(ws, state));
        stepFile.set(ws.step.number, { app: label, name });
      }
      const lines = [
        `# Generated by schemascope on ${stamp}: plan batch ${names[i]} (${batch.horizon}), step(s) ${steps.map((s) => s.step.number).join(', ')}.`,
        '# Run each step\'s pre-flight query first; edit models.py as the plan\'s notes say before the next makemigrations.',
        '',
        ...importBlock(imports),
        '',
        '',
        'class Migration(migrations.Migration):',
        '',
        ...(batch.transactional ? [] : [`${I1}# CONCURRENTLY and NOT VALID … VALIDATE must not run inside one transaction.`, `${I1}atomic = False`, '']),
        `${I1}dependencies = [`,
        ...deps.map(([a, m]) => `${I2}(${pyString(a)}, ${pyString(m)}),`),
        `${I1}]`,
        '',
        `${I1}operations = [`,
        ...operations,
        `${I1}]`,
        '',
      ];
      files.push({ path, content: lines.join('\n') });
      previous.set(label, [name]);
    }
  });
  if (irreversible.length) notes.push(`Step(s) ${irreversible.join(', ')} have no rollback SQL: their RunSQL has no reverse_sql, so Django refuses to unapply them.`);
  if (files.length) notes.unshift('Each migration changes the database with RunSQL and Django\'s migration state with state_operations; models.py must be edited as the notes below say, or the next makemigrations writes the changes back out.');
  return { format: 'django', files, notes: [...new Set(notes)] };
};
