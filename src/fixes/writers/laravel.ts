// Laravel: one migration per batch of plan steps in the project's migrations folder, named
// `YYYY_MM_DD_HHMMSS_schemascope_<batch>.php` so that it runs after every migration the project has. up() runs each
// step's lock-aware SQL with DB::statement (DB::unprepared when the SQL holds something PDO would read as a
// placeholder), down() the rollbacks in reverse; a batch that must not run in a transaction sets Laravel's
// `$withinTransaction = false`. The Eloquent models of the tables it changes are listed for a look by hand.
import { posix } from 'node:path';
import type { AppModel, Catalog } from '../../catalog/types.js';
import type { FixOp } from '../operations.js';
import { HORIZON_TITLES, type PlanStep } from '../plan.js';
import { batchNames, batchSteps, skippedNotes, stepCommentLines, type Batch, type WrittenStep } from './batches.js';
import { phpComment, phpString } from './php.js';
import type { PlanFile, PlanWriter } from './types.js';

const INDENT = '    ';

// ---------------------------------------------------------------------------------------------------
// Where and under which name

/** A path relative to the project root, with `/` separators. */
function projectRelative(catalog: Catalog, file: string): string {
  const root = catalog.source.location.replace(/\\/g, '/');
  return posix.relative(root, file.replace(/\\/g, '/'));
}

/** The folder new migrations go to: `database/migrations` when the project uses it, else the folder of its latest migration. */
export function laravelMigrationsFolder(catalog: Catalog): string {
  const folders = (catalog.migrations?.nodes ?? []).map((n) => posix.dirname(projectRelative(catalog, n.file)));
  if (!folders.length || folders.includes('database/migrations')) return 'database/migrations';
  return folders.at(-1)!;
}

const STAMP = /^(\d{4})_(\d{2})_(\d{2})_(\d{2})(\d{2})(\d{2})/;

function stampOf(id: string): number | undefined {
  const m = STAMP.exec(id);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

function formatStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/**
 * The time of the first new migration: `now` (to the second), or one second after the project's last migration
 * when that one sorts later (Laravel runs migrations in file-name order, across every migrations folder).
 */
function firstStamp(catalog: Catalog, now: Date): number {
  const start = Math.floor(now.getTime() / 1000) * 1000;
  const ids = (catalog.migrations?.nodes ?? []).map((n) => n.id).sort();
  const last = ids.at(-1);
  if (last === undefined || `${formatStamp(start)}_schemascope` > last) return start;
  return Math.max(start, (stampOf(last) ?? start) + 1000);
}

// ---------------------------------------------------------------------------------------------------
// The migration file

/**
 * The call that runs one statement. DB::statement prepares it, and PDO reads `?` and `:name` outside quotes as
 * placeholders (a jsonb `?` operator, say); such SQL goes through DB::unprepared, which sends it as written.
 */
function runCall(sql: string): string {
  const placeholderLike = /\?|(?<!:):(?!:)[A-Za-z_]/.test(sql);
  return `DB::${placeholderLike ? 'unprepared' : 'statement'}(${phpString(sql)});`;
}

function stepHeader(ws: WrittenStep, deep: string): string[] {
  return stepCommentLines(ws).flatMap((l) => phpComment(l, deep));
}

function migrationFile(batch: Batch, name: string, catalog: Catalog): string {
  const deep = INDENT.repeat(2);
  const numbers = batch.steps.map((s) => s.step.number);
  const range = numbers.length === 1 ? `step ${numbers[0]}` : `steps ${numbers[0]} to ${numbers.at(-1)}`;
  const out: string[] = ['<?php', ''];
  out.push(...phpComment(`schemascope plan, batch ${name}: ${range}; ${HORIZON_TITLES[batch.horizon]}.`, ''));
  out.push(...phpComment('Each step says what it fixes, the locks it takes and the query to run first; rollback in down().', ''));
  if (catalog.source.dialect === 'mysql') {
    out.push(...phpComment('MySQL commits every DDL statement on its own: if one fails, the statements before it stay applied (see down()).', ''));
  }
  out.push('', 'use Illuminate\\Database\\Migrations\\Migration;', 'use Illuminate\\Support\\Facades\\DB;', '', 'return new class extends Migration', '{');
  if (!batch.transactional) {
    const why =
      catalog.source.dialect === 'postgres'
        ? 'Some statements cannot run inside a transaction block (CONCURRENTLY), or must commit one by one (NOT VALID, then VALIDATE):'
        : 'MySQL / MariaDB cannot run DDL inside a transaction (each statement commits):';
    out.push(...phpComment(`${why} Laravel runs this migration outside a transaction.`, INDENT));
    out.push(`${INDENT}public $withinTransaction = false;`, '');
  }
  out.push(`${INDENT}public function up(): void`, `${INDENT}{`);
  batch.steps.forEach((ws, i) => {
    if (i) out.push('');
    out.push(...stepHeader(ws, deep));
    for (const stmt of ws.sql.forward) out.push(`${deep}${runCall(stmt)}`);
  });
  out.push(`${INDENT}}`, '', `${INDENT}public function down(): void`, `${INDENT}{`);
  [...batch.steps].reverse().forEach((ws, i) => {
    if (i) out.push('');
    const { step, sql } = ws;
    if (!sql.rollback.length) {
      out.push(...phpComment(`Step ${step.number} (${step.slug}) has no rollback: ${(sql.notes ?? []).join(' ') || 'undo it by hand.'}`, deep));
      return;
    }
    out.push(...phpComment(`Rollback of step ${step.number} (${step.slug}).`, deep));
    if (sql.rollbackPreflight) {
      out.push(...phpComment('Run first: rows mean data written since would make the rollback fail.', deep));
      out.push(...phpComment(sql.rollbackPreflight.split('\n').map((l) => `  ${l}`).join('\n'), deep));
    }
    for (const stmt of sql.rollback) out.push(`${deep}${runCall(stmt)}`);
  });
  out.push(`${INDENT}}`, '};', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Notes: the Eloquent models to look at

function where(m: AppModel): string {
  return 'file' in m.origin ? `${m.origin.file}:${m.origin.line}` : m.origin.object;
}

/** What the application may need to change for one operation, or undefined when nothing. */
function modelHint(op: FixOp): string | undefined {
  switch (op.op) {
    case 'alter-type':
      return `${op.column} changes from ${op.from} to ${op.to}: check its $casts entry and the code that reads it`;
    case 'add-column':
      return `${op.table} gains the column ${op.column}: add it to $fillable or $casts if the application writes or reads it`;
    case 'set-not-null':
      return `${op.column} becomes NOT NULL: every insert must set it (a model default in $attributes, or the code that creates rows)`;
    case 'drop-default':
      return `${op.column} loses its database default (${op.previous}): inserts that leave it out must set it in the model or the code that creates rows`;
    case 'set-on-delete':
      return `deleting a ${op.refTable} row now does ${op.to.toUpperCase()} to its ${op.table} rows (was ${op.from.toUpperCase()}): check the model's deleting hooks and the code that deletes ${op.refTable}`;
    case 'add-foreign-key':
      return `${op.columns.join(', ')} must now point at an existing ${op.refTable} row: check factories, seeders and imports`;
    case 'add-unique':
    case 'replace-unique':
      return `(${op.columns.join(', ')}) becomes unique: validation rules (Rule::unique) should check the same columns`;
    default:
      return undefined;
  }
}

function modelNotes(steps: PlanStep[], catalog: Catalog): string[] {
  const models = catalog.app?.models ?? [];
  const bare = (t: string | undefined) => t?.split('.').pop();
  const notes: string[] = [];
  for (const step of steps) {
    for (const op of step.ops) {
      if (!('table' in op)) continue;
      const hint = modelHint(op);
      if (!hint) continue;
      for (const m of models.filter((x) => !x.abstract && bare(x.table) === op.table)) {
        notes.push(`Step ${step.number}, Eloquent model ${m.name} (${where(m)}): ${hint}.`);
      }
    }
  }
  return [...new Set(notes)];
}

// ---------------------------------------------------------------------------------------------------

export const writeLaravelPlan: PlanWriter = ({ plan, catalog, now }) => {
  const { batches, skipped } = batchSteps(plan, catalog);
  const names = batchNames(batches);
  const folder = laravelMigrationsFolder(catalog);
  const start = firstStamp(catalog, now);
  const files: PlanFile[] = batches.map((batch, i) => ({
    path: `${folder}/${formatStamp(start + i * 1000)}_schemascope_${names[i]}.php`,
    content: migrationFile(batch, names[i], catalog),
  }));
  const notes = [...skippedNotes(skipped), ...modelNotes(batches.flatMap((b) => b.steps.map((s) => s.step)), catalog)];
  if (files.length && catalog.source.dialect !== 'mysql') {
    notes.push(
      'schemascope replays the SQL of DB::statement only for MySQL / MariaDB projects: reviewing this project again after adding these migrations still shows the findings they fix.',
    );
  }
  if (files.length) {
    notes.push(
      `Run \`php artisan migrate\` to apply (${files.length} migration${files.length > 1 ? 's' : ''}); each step's pre-flight query is in a comment above its statements: run it first.`,
    );
  }
  return { format: 'laravel', files, notes };
};
