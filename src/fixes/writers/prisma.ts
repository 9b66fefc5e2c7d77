// Prisma: the edited schema (what the steps do, said the way Prisma says it: see prisma-schema.ts) and the SQL that
// does it, as Prisma Migrate migrations: `migrations/<YYYYMMDDHHMMSS>_schemascope_<batch>/migration.sql`, each with
// a `down.sql` (Prisma's documented place for a rollback script). Prisma Migrate sends a migration script to
// PostgreSQL as written, where several statements in one script run as one implicit transaction (Prisma 7.4+ splits
// scripts it can parse, but falls back to one batch when it cannot, e.g. DROP INDEX CONCURRENTLY); so a statement
// that must run outside a transaction (CONCURRENTLY) or commit on its own (NOT VALID, then VALIDATE) gets a
// migration of its own, which works with every Prisma version. MySQL commits each DDL statement anyway.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import type { Catalog } from '../../catalog/types.js';
import { mysqlServer } from '../mysql.js';
import { mysqlType } from '../mysql-expression.js';
import { HORIZON_TITLES, type PlanStep } from '../plan.js';
import type { FixOp } from '../operations.js';
import { batchNames, batchSteps, skippedNotes, stepCommentLines, type Batch, type WrittenStep } from './batches.js';
import { PrismaSchemaEditor, type OpOutcome } from './prisma-schema.js';
import type { PlanFile, PlanWriter } from './types.js';

// ---------------------------------------------------------------------------------------------------
// Where things are

interface Layout {
  /** The project folder on disk (the folder that was read, or the schema file's folder). */
  root: string;
  /** Schema files: on disk, and relative to the root. */
  schemaFiles: { disk: string; rel: string }[];
  /** The migrations folder, relative to the root, and whether it exists. */
  migrations: string;
  migrationsExist: boolean;
  /** Names of the migrations already there, sorted. */
  existing: string[];
}

function toPosix(p: string): string {
  return p.split('\\').join('/');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Prisma keeps migrations beside the schema file that holds the datasource (or `prisma.config.ts` says where). */
function layoutOf(catalog: Catalog, datasourceFile: string | undefined): Layout {
  const location = catalog.source.location;
  const root = isDir(location) ? location : dirname(location);
  const schemaFiles = (catalog.source.files ?? []).map((disk) => ({ disk, rel: toPosix(relative(root, disk)) }));
  const dsDir = dirname(datasourceFile ?? schemaFiles[0]?.disk ?? join(root, 'prisma', 'schema.prisma'));
  const candidates = [join(dsDir, 'migrations'), ...(posix.basename(toPosix(dsDir)) === 'schema' ? [join(dirname(dsDir), 'migrations')] : [])];
  const found = candidates.find(isDir);
  const dir = found ?? candidates[0];
  const existing = found ? readdirSync(found).filter((e) => /^\d{14}_/.test(e) && isDir(join(found, e))).sort() : [];
  return { root, schemaFiles, migrations: toPosix(relative(root, dir)), migrationsExist: !!found, existing };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function firstStamp(existing: string[], now: Date): number {
  const start = Math.floor(now.getTime() / 1000) * 1000;
  const last = existing.at(-1);
  if (!last || `${stamp(start)}_schemascope` > last) return start;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(last)!;
  return Math.max(start, Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + 1000);
}

// ---------------------------------------------------------------------------------------------------
// Migration folders

const comment = (lines: string[]) => lines.flatMap((l) => l.split('\n')).map((l) => (l ? `-- ${l}` : '--'));

function stepComment(ws: WrittenStep): string[] {
  return comment(stepCommentLines(ws, { runWith: 'prisma db execute, or any client' }));
}

interface Folder {
  name: string;
  up: string;
  /** Rollback scripts: `down.sql`, or `down.1.sql`… when each statement must run on its own. */
  down: { file: string; text: string }[];
}

/** The migration folders of one batch: one for the batch, or one per statement where each must run on its own. */
function foldersOf(batch: Batch, batchName: string, catalog: Catalog, at: () => string): Folder[] {
  const header = comment([`schemascope plan, batch ${batchName}: ${HORIZON_TITLES[batch.horizon]}.`]);
  const separate = !batch.transactional && catalog.source.dialect === 'postgres';
  const rollback = [...batch.steps].reverse().flatMap((ws) =>
    ws.sql.rollback.map((stmt, k) => ({
      stmt,
      lead: k
        ? []
        : [
            ...comment([`Rollback of step ${ws.step.number} (${ws.step.slug}).`]),
            ...(ws.sql.rollbackPreflight ? comment(['Run first: rows mean data written since would make the rollback fail.', ...ws.sql.rollbackPreflight.split('\n').map((l) => `  ${l}`)]) : []),
          ],
    })),
  );
  const missing = batch.steps.filter((ws) => !ws.sql.rollback.length).map((ws) => comment([`Step ${ws.step.number} (${ws.step.slug}) has no rollback: undo it by hand.`]));
  const downs = (names: string[]): Folder['down'] => {
    const about = comment([names.length > 1 ? `The rollback of the whole batch (${names.join(', ')}).` : 'The rollback of this migration.']);
    if (!separate || rollback.length <= 1) {
      return [{ file: 'down.sql', text: [...header, ...about, '', ...missing.flat(), ...rollback.flatMap((r) => [...r.lead, r.stmt]), ''].join('\n') }];
    }
    // Statements that must run outside a transaction block: one script each, run in order.
    return rollback.map((r, k) => ({
      file: `down.${k + 1}.sql`,
      text: [...header, ...about, ...comment([`Statement ${k + 1} of ${rollback.length}: run the down.N.sql files in order, each on its own.`]), '', ...(k ? [] : missing.flat()), ...r.lead, r.stmt, ''].join('\n'),
    }));
  };
  if (!separate) {
    const up = [...header, ''];
    for (const ws of batch.steps) up.push(...stepComment(ws), ...ws.sql.forward, '');
    const name = `${at()}_schemascope_${batchName}`;
    return [{ name, up: up.join('\n'), down: downs([name]) }];
  }
  const statements = batch.steps.flatMap((ws) => ws.sql.forward.map((stmt) => ({ ws, stmt })));
  const folders: Folder[] = statements.map(({ ws, stmt }, k) => {
    const name = `${at()}_schemascope_${batchName}${statements.length > 1 ? `_${k + 1}` : ''}`;
    const first = statements.findIndex((s) => s.ws === ws) === k;
    const lines = [
      ...header,
      ...comment([
        statements.length > 1
          ? `Statement ${k + 1} of ${statements.length}: each runs in a migration of its own, outside a transaction block (CONCURRENTLY, or NOT VALID then VALIDATE).`
          : 'Runs outside a transaction block: keep it the only statement of this migration.',
      ]),
      '',
      ...(first ? stepComment(ws) : comment([`Step ${ws.step.number} (${ws.step.slug}), continued.`])),
      stmt,
      '',
    ];
    return { name, up: lines.join('\n'), down: [] };
  });
  folders[folders.length - 1].down = downs(folders.map((f) => f.name));
  return folders;
}

// ---------------------------------------------------------------------------------------------------

function describeOp(op: FixOp): string {
  if (!('table' in op)) return `${op.op} ${op.schema}.${op.name}`;
  const what = 'column' in op ? op.column : 'columns' in op ? `(${op.columns.join(', ')})` : 'name' in op ? op.name : '';
  return `${op.op} ${op.table}${what ? ` ${what}` : ''}`;
}

export const writePrismaPlan: PlanWriter = ({ plan, catalog, now }) => {
  const schemaDisk = catalog.source.files ?? [];
  const flavour = mysqlServer(catalog).flavour;
  const physical = (type: string) => {
    if (catalog.source.dialect !== 'mysql') return type;
    try {
      return mysqlType(type, flavour);
    } catch {
      return undefined;
    }
  };
  const editor = new PrismaSchemaEditor(
    schemaDisk.map((path) => ({ path, text: readFileSync(path, 'utf8') })),
    catalog.source.dialect,
    physical,
  );
  const layout = layoutOf(catalog, editor.datasourceFile());
  // Steps the dialect's SQL writer cannot write are left out of the schema edit too.
  const unwritten = batchSteps(plan, catalog).skipped;
  const notes: string[] = skippedNotes(unwritten);
  const skippedSteps = new Set(unwritten.map((w) => w.step));

  // The schema edit, step by step in plan order; a step whose edit fails is left out of the migrations too.
  const withSql: PlanStep[] = [];
  const leftOut = new Set<number>([...skippedSteps].map((s) => s.number));
  for (const step of plan.steps.filter((s) => !skippedSteps.has(s))) {
    const needs = step.after.filter((n) => leftOut.has(n));
    if (needs.length) {
      leftOut.add(step.number);
      notes.push(`Step ${step.number} (${step.slug}) was left out: it relies on step ${needs.join(', ')}, which was left out.`);
      continue;
    }
    const outcomes = editor.applyStep(step.ops);
    const blocking = outcomes.find((o): o is Extract<OpOutcome, { said: false }> => !o.said && !o.keepSql);
    if (blocking) {
      leftOut.add(step.number);
      notes.push(
        `Step ${step.number} (${step.slug}) was left out: ${blocking.reason}. Its SQL alone would leave the database differing from the schema, ` +
          'which the next `prisma migrate dev` would undo.',
      );
      continue;
    }
    outcomes.forEach((o, i) => {
      if (o.said) notes.push(...(o.notes ?? []).map((n) => `Step ${step.number}: ${n}`));
      else notes.push(`Step ${step.number} (${describeOp(step.ops[i])}) is in the SQL migration only: ${o.reason}.`);
    });
    const noSql = outcomes.every((o) => o.said && o.noSql) ? (outcomes[0] as { noSql: string }).noSql : undefined;
    if (noSql) notes.push(`Step ${step.number} (${step.slug}) needs no SQL: ${noSql}.`);
    else withSql.push(step);
  }
  const { batches } = batchSteps({ ...plan, steps: withSql }, catalog);
  const names = batchNames(batches);
  const files: PlanFile[] = editor.changed().map((f) => ({ path: layout.schemaFiles.find((s) => s.disk === f.path)?.rel ?? toPosix(f.path), content: f.text }));

  let next = firstStamp(layout.existing, now);
  const at = () => {
    const s = stamp(next);
    next += 1000;
    return s;
  };
  const folders = batches.flatMap((b, i) => foldersOf(b, names[i], catalog, at));
  for (const f of folders) {
    files.push({ path: `${layout.migrations}/${f.name}/migration.sql`, content: f.up });
    for (const d of f.down) files.push({ path: `${layout.migrations}/${f.name}/${d.file}`, content: d.text });
  }

  if (folders.length) {
    notes.push(
      layout.migrationsExist
        ? `Apply with \`prisma migrate deploy\` (or \`prisma migrate dev\`, which should then find nothing left to generate: the schema edit says what the SQL does). ` +
            `Run each step's pre-flight (in the comments of migration.sql) first.`
        : `The project has no migrations folder (${layout.migrations}, Prisma's default place; prisma.config.ts \`migrations.path\` may name another): ` +
            `it seems to apply its schema with \`prisma db push\`, which needs the schema edit only, but builds indexes and keys with plain statements that lock writes. ` +
            `To get the lock-aware SQL, run each migration.sql in order with \`prisma db execute --file <folder>/migration.sql\` before \`prisma db push\` ` +
            `(which then finds nothing left to change but what the notes say it would undo); to start using Prisma Migrate instead, baseline the database first.`,
    );
    notes.push(
      'Prisma Migrate has no down migrations: each batch\'s rollback is in the down.sql of its (last) folder (down.1.sql, down.2.sql… to run one by one where a statement must run on its own). ' +
        'If a migration fails, run it with `prisma db execute --file …/down.sql`, ' +
        'then `prisma migrate resolve --rolled-back <folder>`; to undo one that succeeded, revert the schema edit and make down.sql a new migration.',
    );
  }
  return { format: 'prisma', files, notes };
};
