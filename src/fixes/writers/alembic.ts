// Alembic: one revision per batch of the plan, in the project's versions folder, chained after the current
// head (or merging the heads, when there are several). upgrade() runs each step's forward SQL with op.execute,
// downgrade() the rollbacks in reverse order; a batch that cannot run in a transaction (CONCURRENTLY, NOT VALID
// then VALIDATE) runs inside `op.get_context().autocommit_block()`, Alembic's way out of the revision's
// transaction. The notes say which declarative models to change so that autogenerate agrees.
import { createHash } from 'node:crypto';
import { dirname, relative, resolve } from 'node:path';
import { parseSync } from 'libpg-query';
import type { AppModel, Catalog } from '../../catalog/types.js';
import type { FixOp } from '../operations.js';
import { batchNames, batchSteps, skippedNotes, stepCommentLines, type Batch, type WrittenStep } from './batches.js';
import { memberLine, pyComment, pyString } from './python.js';
import { createdObjects, parseType, type CreatedObject } from './sql-read.js';
import type { PlanFile, PlanWriter } from './types.js';

const I1 = '    ';
const I2 = I1 + I1;

const toPosix = (p: string) => p.split('\\').join('/');

/** Whether a statement must run outside a transaction block (CREATE/DROP INDEX CONCURRENTLY…). */
function concurrent(statement: string): boolean {
  try {
    return (parseSync(statement).stmts ?? []).some((s) => Object.values(s.stmt ?? {}).some((b) => !!(b as { concurrent?: boolean } | undefined)?.concurrent));
  } catch {
    return false;
  }
}

/** `2025-06-01 10:00:00.000000`, as Alembic's script template prints `create_date`. */
function createDate(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}.${String(now.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
}

/** The folder the revisions live in, relative to the project root: where most of them are. */
function versionsFolder(catalog: Catalog): string {
  const root = resolve(catalog.source.location);
  const count = new Map<string, number>();
  for (const n of catalog.migrations?.nodes ?? []) {
    const dir = toPosix(relative(root, dirname(resolve(n.file))));
    count.set(dir, (count.get(dir) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'alembic/versions';
}

/** 12 hex digits from the batch's content and `now`, different from every revision the project has. */
function revisionId(batch: Batch, name: string, now: Date, taken: Set<string>): string {
  for (let salt = 0; ; salt++) {
    const h = createHash('sha256');
    h.update(JSON.stringify({ name, now: now.toISOString(), salt, steps: batch.steps.map((s) => [s.step.number, s.step.ops, s.sql.forward, s.sql.rollback]) }));
    const id = h.digest('hex').slice(0, 12);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function executes(statements: string[], autocommit: boolean, why: string): string[] {
  if (!statements.length) return [];
  if (!autocommit) return statements.map((s) => `${I1}op.execute(${pyString(s)})`);
  return [...pyComment(why, I1), `${I1}with op.get_context().autocommit_block():`, ...statements.map((s) => `${I2}op.execute(${pyString(s)})`)];
}

function stepComment(ws: WrittenStep): string[] {
  return stepCommentLines(ws).flatMap((l) => pyComment(l, I1));
}

const NO_TRANSACTION = 'CONCURRENTLY, and NOT VALID then VALIDATE, must not run inside the revision\'s transaction: autocommit_block commits what came before and runs these one by one.';

function upgradeBody(batch: Batch): string[] {
  const lines: string[] = [];
  for (const ws of batch.steps) {
    lines.push(...stepComment(ws), ...executes(ws.sql.forward, !batch.transactional, NO_TRANSACTION));
  }
  return lines;
}

function downgradeBody(batch: Batch): string[] {
  const lines: string[] = [];
  for (const ws of [...batch.steps].reverse()) {
    lines.push(...pyComment(`Rollback of step ${ws.step.number} (${ws.step.slug}).`, I1));
    if (ws.sql.rollbackPreflight) lines.push(...pyComment(`Before rolling back, this must return no rows (data written since would block it):\n${ws.sql.rollbackPreflight}`, I1));
    if (!ws.sql.rollback.length) {
      lines.push(...pyComment('This step has no rollback SQL; see the notes of its forward SQL.', I1));
      continue;
    }
    const autocommit = !batch.transactional || ws.sql.rollback.some(concurrent);
    lines.push(...executes(ws.sql.rollback, autocommit, NO_TRANSACTION));
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// What to change in the declarative models

/** A SQLAlchemy type for a PostgreSQL type, for the notes. */
function saType(type: string): string {
  const t = parseType(type);
  switch (t?.family) {
    case 'numeric':
      return t.precision !== undefined ? `sa.Numeric(${t.precision}, ${t.scale ?? 0})` : 'sa.Numeric()';
    case 'bigint':
      return 'sa.BigInteger()';
    case 'integer':
      return 'sa.Integer()';
    case 'smallint':
      return 'sa.SmallInteger()';
    case 'timestamptz':
      return 'sa.DateTime(timezone=True)';
    case 'timestamp':
      return 'sa.DateTime()';
    case 'text':
      return 'sa.Text()';
    case 'varchar':
      return t.length ? `sa.String(${t.length})` : 'sa.String()';
    case 'boolean':
      return 'sa.Boolean()';
    case 'uuid':
      return 'sa.Uuid()';
    default:
      return `a type whose column is ${type}`;
  }
}

interface ModelPlace {
  model?: AppModel;
  at: (column?: string) => string;
}

function placeOf(catalog: Catalog, table: { schema: string; table: string }): ModelPlace {
  const root = resolve(catalog.source.location);
  const model = catalog.app?.models.find((m) => m.framework === 'sqlalchemy' && !m.abstract && (m.table === `${table.schema}.${table.table}` || m.table === table.table));
  const file = model && 'file' in model.origin ? model.origin.file : undefined;
  const shown = file ? toPosix(relative(root, resolve(file))) : undefined;
  return {
    ...(model ? { model } : {}),
    at: (column) => {
      if (!model || !file || !('line' in model.origin)) return `the model of ${table.table} (none found: a Table() object or a model outside the scanned files)`;
      const line = column ? memberLine(file, model.name, column) : undefined;
      return line ? `${shown}:${line} (${model.name}.${column})` : `${shown}:${model.origin.line} (${model.name}${column ? `, column ${column}: declared on a base class or mixin, or by another name` : ''})`;
    },
  };
}

function nameOf(created: CreatedObject[], table: string, kinds: CreatedObject['kind'][]): string | undefined {
  return created.find((c) => c.table === table && kinds.includes(c.kind))?.name;
}

function list(columns: string[]): string {
  return columns.map((c) => pyString(c)).join(', ');
}

/** What to change in the model for one operation; undefined when the model does not describe it. */
function modelNote(op: FixOp, catalog: Catalog, created: CreatedObject[]): string | undefined {
  if (!('table' in op)) return undefined;
  const p = placeOf(catalog, op);
  switch (op.op) {
    case 'add-index': {
      const name = nameOf(created, op.table, ['index']) ?? op.name ?? 'ix_…';
      const where = op.predicate ? `, postgresql_where=sa.text(${pyString(op.predicate)})` : '';
      return `${p.at()}: add \`sa.Index(${pyString(name)}, ${list(op.columns)}${op.unique ? ', unique=True' : ''}${where})\` to __table_args__${!op.unique && !op.predicate && op.columns.length === 1 ? ` (or index=True on ${op.columns[0]}, which names it ix_${op.table}_${op.columns[0]})` : ''}.`;
    }
    case 'drop-index':
      return `${p.at()}: remove the index ${op.name} (an Index() in __table_args__, or index=True on its column).`;
    case 'set-not-null':
      return `${p.at(op.column)}: set nullable=False (Mapped[...] without Optional, for typed mappings).`;
    case 'drop-default':
      return `${p.at(op.column)}: remove server_default.`;
    case 'alter-type':
      return `${p.at(op.column)}: make the type ${saType(op.to)} (the column becomes ${op.to}).`;
    case 'add-unique': {
      const name = op.predicate ? nameOf(created, op.table, ['index']) : nameOf(created, op.table, ['unique']) ?? nameOf(created, op.table, ['index']);
      return op.predicate
        ? `${p.at()}: add \`sa.Index(${pyString(name ?? op.name ?? '…')}, ${list(op.columns)}, unique=True, postgresql_where=sa.text(${pyString(op.predicate)}))\` to __table_args__.`
        : `${p.at()}: add \`sa.UniqueConstraint(${list(op.columns)}, name=${pyString(name ?? op.name ?? '…')})\` to __table_args__.`;
    }
    case 'replace-unique': {
      const name = nameOf(created, op.table, ['unique']) ?? nameOf(created, op.table, ['index']) ?? '…';
      if (op.predicate) {
        return `${p.at(op.oldColumns.length === 1 ? op.oldColumns[0] : undefined)}: remove the unique key ${op.constraint} and add \`sa.Index(${pyString(nameOf(created, op.table, ['index']) ?? op.name ?? '…')}, ${list(op.columns)}, unique=True, postgresql_where=sa.text(${pyString(op.predicate)}))\` to __table_args__.`;
      }
      return `${p.at(op.oldColumns.length === 1 ? op.oldColumns[0] : undefined)}: remove the unique key ${op.constraint} (unique=True on ${op.oldColumns.join(', ')}, or its UniqueConstraint) and add \`sa.UniqueConstraint(${list(op.columns)}, name=${pyString(name)})\` to __table_args__.`;
    }
    case 'add-check':
      return `${p.at()}: add \`sa.CheckConstraint(${pyString(op.expression)}, name=${pyString(nameOf(created, op.table, ['check']) ?? op.name)})\` to __table_args__.`;
    case 'add-foreign-key':
      return `${p.at(op.columns.length === 1 ? op.columns[0] : undefined)}: add \`sa.ForeignKey(${pyString(`${op.refTable}.${op.refColumns[0]}`)}${op.onDelete ? `, ondelete=${pyString(op.onDelete.toUpperCase())}` : ''})\` to ${op.columns.join(', ')}${op.columns.length > 1 ? ' (a ForeignKeyConstraint in __table_args__ for several columns)' : ''}.`;
    case 'set-on-delete':
      return `${p.at(op.columns.length === 1 ? op.columns[0] : undefined)}: set ondelete=${pyString(op.to.toUpperCase())} on the ForeignKey of ${op.columns.join(', ')}.`;
    case 'add-primary-key':
      return `${p.at()}: mark ${op.columns.join(', ')} primary_key=True.`;
    case 'add-column':
      return `${p.at()}: add \`${op.column} = sa.Column(${saType(op.type)}${op.default ? `, server_default=sa.text(${pyString(op.default)})` : ''}, nullable=${op.nullable ? 'True' : 'False'})\` (or mapped_column(...)).`;
    case 'enable-rls':
      return undefined;
  }
}

export const writeAlembicPlan: PlanWriter = ({ plan, catalog, now }) => {
  const graph = catalog.migrations;
  if (graph?.framework !== 'alembic') {
    return { format: 'alembic', files: [], notes: ['The Alembic writer needs a project read from its Alembic revisions; this catalog is not one.'] };
  }
  const { batches, skipped } = batchSteps(plan, catalog);
  const names = batchNames(batches);
  const notes = skippedNotes(skipped);
  const folder = versionsFolder(catalog);
  const taken = new Set(graph.nodes.map((n) => n.id));
  const files: PlanFile[] = [];
  let down: string[] = [...graph.heads].sort();
  if (batches.length && down.length > 1) notes.push(`The project has ${down.length} heads (${down.join(', ')}): the first schemascope revision names them all in down_revision, which merges them (as \`alembic merge heads\` would).`);
  if (batches.length && !down.length) notes.push('The project has no revision yet: the first schemascope revision is a root (down_revision = None).');

  batches.forEach((batch, i) => {
    const id = revisionId(batch, names[i], now, taken);
    const message = `schemascope plan: ${names[i]} (${batch.horizon}), step(s) ${batch.steps.map((s) => s.step.number).join(', ')}`;
    const downRevision = down.length === 0 ? 'None' : down.length === 1 ? pyString(down[0]) : `(${down.map(pyString).join(', ')})`;
    const up = upgradeBody(batch);
    const back = downgradeBody(batch);
    const content = [
      `"""${message}`,
      '',
      `Revision ID: ${id}`,
      `Revises: ${down.join(', ')}`,
      `Create Date: ${createDate(now)}`,
      '',
      '"""',
      'from alembic import op',
      'import sqlalchemy as sa',
      '',
      '',
      '# revision identifiers, used by Alembic.',
      `revision = ${pyString(id)}`,
      `down_revision = ${downRevision}`,
      'branch_labels = None',
      'depends_on = None',
      '',
      '',
      'def upgrade():',
      ...up,
      '',
      '',
      'def downgrade():',
      ...(back.some((l) => !l.trimStart().startsWith('#')) ? back : [...back, `${I1}pass`]),
      '',
    ].join('\n');
    files.push({ path: `${folder}/${id}_schemascope_${names[i]}.py`, content });
    for (const ws of batch.steps) {
      const created = createdObjects(ws.sql.forward);
      for (const op of ws.step.ops) {
        const note = modelNote(op, catalog, created);
        if (note) notes.push(`Step ${ws.step.number}: ${note}`);
      }
      if (!ws.sql.rollback.length) notes.push(`Step ${ws.step.number} (${ws.step.slug}) has no rollback SQL: downgrade() does nothing for it.`);
    }
    down = [id];
  });
  if (files.length) {
    notes.unshift('The revisions change the database with SQL only: edit the declarative models as the notes below say, or `alembic revision --autogenerate` will propose to undo these changes.');
  }
  return { format: 'alembic', files, notes: [...new Set(notes)] };
};
