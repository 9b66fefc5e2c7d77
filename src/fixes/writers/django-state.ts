// Django's side of each fix: the state_operations that keep Django's migration state in step with what the SQL
// does to the database (AddIndex, AddConstraint, AlterField, RemoveIndex…), and the models.py edit that must go
// with them. makemigrations compares models.py with the migration state: a state operation without the
// models.py edit makes the next makemigrations write the change back out, so each comes with a note.
import { relative, resolve } from 'node:path';
import type { AppModel, Catalog } from '../../catalog/types.js';
import { columnName, djangoIndexName, fieldInfo } from '../../sources/django/build.js';
import { str, textOf } from '../../sources/django/python.js';
import { tableName, type FieldDef, type ModelState } from '../../sources/django/state.js';
import type { FixOp } from '../operations.js';
import { fieldClass, hasTrueKeyword, qObject, rewriteField, type FieldEdit } from './django-fields.js';
import type { DjangoProject } from './django-project.js';
import { importsFor, memberLine, pyRepr } from './python.js';
import { comparisons, parseType, type CreatedObject } from './sql-read.js';

/** Django's limit on models.Index names (system check models.E034), kept for Oracle. */
export const INDEX_NAME_MAX = 30;

export interface StateContext {
  project: DjangoProject;
  catalog: Catalog;
  /** The app whose migration this is: state operations can only name its models. */
  app: string;
  /** What the step's SQL creates, to name things as the database has them. */
  created: CreatedObject[];
  /** The migration file, for notes. */
  file: string;
}

export interface StateOps {
  /** Python source of each state operation, one line per entry, indented relative to the operation. */
  ops: string[][];
  /** Import lines the operations need (copied from the migrations their field definitions come from). */
  imports: string[];
  /** What the user must do by hand. */
  notes: string[];
  /** Short remarks written into the migration next to the step. */
  comments: string[];
}

type Op<K extends FixOp['op']> = Extract<FixOp, { op: K }>;

function empty(): StateOps {
  return { ops: [], imports: [], notes: [], comments: [] };
}

const lower = (m: ModelState) => m.name.toLowerCase();
const toPosix = (p: string) => p.split('\\').join('/');

function call(name: string, args: [string, string | string[]][]): string[] {
  const lines = [`migrations.${name}(`];
  for (const [k, v] of args) {
    if (typeof v === 'string') lines.push(`    ${k}=${v},`);
    else {
      lines.push(`    ${k}=${v[0]}`);
      for (const l of v.slice(1)) lines.push(`    ${l}`);
      lines[lines.length - 1] += ',';
    }
  }
  lines.push(')');
  return lines;
}

/** A field definition as lines (its source may span several). */
function fieldLines(text: string): string[] {
  return text.split('\n');
}

function pyList(items: string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}

/** Where models.py declares `field` of `model` (or the model itself), for a note. */
export function modelsPlace(ctx: StateContext, model: ModelState, field?: string): string {
  const models = ctx.catalog.app?.models ?? [];
  const own = models.find((m) => m.framework === 'django' && m.table === `public.${tableName(model)}`) ?? models.find((m) => m.framework === 'django' && m.name === model.name);
  if (!own || !('file' in own.origin)) return `models.py (${model.name}${field ? `.${field}` : ''}: not found in the project's models)`;
  const shown = (file: string) => toPosix(relative(ctx.project.root, resolve(file)));
  const classAt = `${shown(own.origin.file)}:${own.origin.line}`;
  if (!field) return `${classAt} (${own.name})`;
  const line = memberLine(own.origin.file, own.name, field);
  if (line) return `${shown(own.origin.file)}:${line} (${own.name}.${field})`;
  // Inherited: look through the bases the project declares (abstract models).
  const seen = new Set<string>();
  const queue: AppModel[] = [own];
  while (queue.length) {
    const m = queue.shift()!;
    for (const b of m.bases) {
      const name = b.split('.').pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const base = models.find((x) => x.framework === 'django' && x.name === name);
      if (!base || !('file' in base.origin)) continue;
      const at = memberLine(base.origin.file, base.name, field);
      if (at) {
        return `${shown(base.origin.file)}:${at} (${field}, declared on ${base.name}, which ${own.name} inherits: changing it there changes every model built on ${base.name}; or override ${field} on ${own.name} at ${classAt})`;
      }
      queue.push(base);
    }
  }
  return `${classAt} (${own.name}: ${field} is inherited from ${own.bases.join(', ') || 'a base class'}; declare it on ${own.name} to change it)`;
}

function modelOf(ctx: StateContext, table: string, out: StateOps, what: string): ModelState | undefined {
  const owner = ctx.project.ownerOf(table);
  if (!owner?.model) {
    // One note per table and step, whatever the change: the writer drops repeats.
    if (owner?.m2m) {
      out.notes.push(
        `${ctx.file}: ${table} is the table Django creates for the many-to-many field ${owner.m2m.model.name}.${owner.m2m.field.name}; Django's state has no model for it, so this step changes the database only (declare a through= model to manage the table yourself).`,
      );
    } else {
      out.notes.push(`${ctx.file}: ${table} is not the table of a model in Django's migration state; this step changes it in the database only.`);
    }
    return undefined;
  }
  if (owner.model.app !== ctx.app) {
    out.notes.push(`${ctx.file}: ${table} belongs to app ${owner.model.app}; ${what} is not written to Django's state from this ${ctx.app} migration: add it to a migration of ${owner.model.app} (state_operations) and to ${modelsPlace(ctx, owner.model)}.`);
    return undefined;
  }
  return owner.model;
}

/** Field names for columns; undefined when a column is not a field of the model. */
function fieldNames(ctx: StateContext, model: ModelState, columns: string[]): string[] | undefined {
  const out: string[] = [];
  for (const c of columns) {
    const f = ctx.project.fieldOf(model, c);
    if (!f) return undefined;
    out.push(f.name);
  }
  return out;
}

function fieldOfColumn(ctx: StateContext, model: ModelState) {
  return (column: string) => ctx.project.fieldOf(model, column)?.name;
}

/** An AlterField of `field` with `edit`, or undefined when its definition cannot be rewritten. */
function alterField(model: ModelState, field: FieldDef, edit: FieldEdit, out: StateOps): boolean {
  const text = field.value.k === 'call' ? field.value.text : undefined;
  const rewritten = text ? rewriteField(text, edit) : undefined;
  if (!rewritten) return false;
  out.ops.push(call('AlterField', [['model_name', pyRepr(lower(model))], ['name', pyRepr(field.name)], ['field', fieldLines(rewritten)]]));
  out.imports.push(...importsFor(field.origin.file, rewritten));
  return true;
}

function checkIndexName(name: string): string | undefined {
  if (name.length > INDEX_NAME_MAX) return `its name ${name} is longer than the ${INDEX_NAME_MAX} characters Django allows for models.Index (system check models.E034)`;
  if (/^[_0-9]/.test(name)) return `its name ${name} starts with ${name[0]}, which Django refuses for models.Index (models.E033)`;
  return undefined;
}

function created(ctx: StateContext, table: string, kinds: CreatedObject['kind'][]): CreatedObject | undefined {
  return ctx.created.find((c) => c.table === table && kinds.includes(c.kind));
}

function checkKeyword(ctx: StateContext): string {
  const v = ctx.project.version;
  // CheckConstraint(condition=…) arrived in Django 5.1; check= was removed in 6.0.
  return v && (v[0] > 5 || (v[0] === 5 && v[1] >= 1)) ? 'condition' : 'check';
}

// ---------------------------------------------------------------------------------------------------

function addIndex(op: Op<'add-index'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `the index on ${op.table} (${op.columns.join(', ')})`);
  if (!model) return;
  const ix = ctx.created.find((c) => c.kind === 'index' && c.table === op.table);
  const name = ix?.name ?? op.name;
  const fields = fieldNames(ctx, model, op.columns);
  const why = !name
    ? 'the index name is not known'
    : op.unique
      ? 'it is a unique index, and Django would treat a UniqueConstraint as a constraint (removing it with DROP CONSTRAINT)'
      : !fields
        ? `a column of (${op.columns.join(', ')}) is not a field of ${model.name}`
        : checkIndexName(name);
  const condition = op.predicate ? qObject(comparisons(op.predicate) ?? [], fieldOfColumn(ctx, model)) : undefined;
  const reason = why ?? (op.predicate && !condition ? `its predicate (${op.predicate}) is not something a Q object can restate here` : undefined);
  if (reason || !name || !fields) {
    out.notes.push(`${ctx.file}: the index ${name ?? ''} on ${op.table} is not added to Django's state: ${reason}. Django will not know it exists; keep it out of models.py.`);
    return;
  }
  const index = `models.Index(${[`fields=${pyList(fields)}`, `name=${pyRepr(name)}`, ...(condition ? [`condition=${condition}`] : [])].join(', ')})`;
  out.ops.push(call('AddIndex', [['model_name', pyRepr(lower(model))], ['index', index]]));
  out.notes.push(`${modelsPlace(ctx, model)}: add \`${index}\` to Meta.indexes.`);
}

function dropIndex(op: Op<'drop-index'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `dropping the index ${op.name}`);
  if (!model) return;
  const declared = model.indexes.find((ix) => str(ix.value.k === 'call' ? ix.value.kwargs.find(([k]) => k === 'name')?.[1] : undefined) === op.name);
  if (declared) {
    out.ops.push(call('RemoveIndex', [['model_name', pyRepr(lower(model))], ['name', pyRepr(op.name)]]));
    out.notes.push(`${modelsPlace(ctx, model)}: remove the index ${op.name} from Meta.indexes.`);
    return;
  }
  // The index Django creates for a ForeignKey / db_index=True field: <table>_<column>_<hash>.
  const field = model.fields.find((f) => djangoIndexName(tableName(model), [columnName(f)]) === op.name);
  const fi = field ? fieldInfo(field.value) : undefined;
  if (field && fi) {
    if (alterField(model, field, { set: { db_index: 'False' } }, out)) {
      out.notes.push(`${modelsPlace(ctx, model, field.name)}: add \`db_index=False\` to the field (Django created ${op.name} for it).`);
    } else {
      out.comments.push(`Django's state still has db_index on ${model.name}.${field.name}: its definition could not be rewritten.`);
      out.notes.push(`${ctx.file}: ${model.name}.${field.name} could not be rewritten with db_index=False; add \`db_index=False\` at ${modelsPlace(ctx, model, field.name)} and run makemigrations, which writes that AlterField (answer its SQL with an empty RunSQL or --fake, the index being gone already).`);
    }
    return;
  }
  out.notes.push(`${ctx.file}: ${op.name} is not an index Django's state declares (no Meta.indexes entry, no db_index field); nothing to change in models.py.`);
}

function setNotNull(op: Op<'set-not-null'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `NOT NULL on ${op.column}`);
  if (!model) return;
  const field = ctx.project.fieldOf(model, op.column);
  if (field && alterField(model, field, { drop: ['null'] }, out)) {
    out.notes.push(`${modelsPlace(ctx, model, field.name)}: remove \`null=True\` (keep blank=True only if forms may leave it empty).`);
    return;
  }
  out.comments.push(`Django's state still says null=True for ${op.column}: its field definition could not be rebuilt.`);
  out.notes.push(
    `${ctx.file}: ${model.name}.${op.column} is NOT NULL in the database but Django's state was not changed (the field definition could not be rebuilt): remove \`null=True\` at ${modelsPlace(ctx, model, field?.name ?? op.column)}, run makemigrations, and apply its AlterField with --fake (the column is already NOT NULL).`,
  );
}

/** How a Django field class follows a column type change; undefined when it cannot. */
function retype(cls: string, to: string): FieldEdit | 'unchanged' | undefined {
  const t = parseType(to);
  if (!t) return undefined;
  const relation = ['ForeignKey', 'OneToOneField'].includes(cls);
  switch (t.family) {
    case 'numeric':
      if (t.precision === undefined) return undefined;
      return { cls: 'DecimalField', set: { max_digits: String(t.precision), decimal_places: String(t.scale ?? 0) } };
    case 'bigint':
      if (relation) return 'unchanged';
      return (
        { AutoField: { cls: 'BigAutoField' }, SmallAutoField: { cls: 'BigAutoField' }, BigAutoField: 'unchanged', IntegerField: { cls: 'BigIntegerField' }, SmallIntegerField: { cls: 'BigIntegerField' }, BigIntegerField: 'unchanged', PositiveIntegerField: { cls: 'PositiveBigIntegerField' }, PositiveSmallIntegerField: { cls: 'PositiveBigIntegerField' } } as Record<string, FieldEdit | 'unchanged'>
      )[cls];
    case 'integer':
      if (relation) return 'unchanged';
      return ({ SmallAutoField: { cls: 'AutoField' }, SmallIntegerField: { cls: 'IntegerField' }, PositiveSmallIntegerField: { cls: 'PositiveIntegerField' }, IntegerField: 'unchanged', AutoField: 'unchanged' } as Record<string, FieldEdit | 'unchanged'>)[cls];
    case 'text':
      return ['CharField', 'SlugField', 'TextField'].includes(cls) ? { cls: 'TextField', drop: ['max_length'] } : undefined;
    case 'varchar':
      return ['CharField', 'SlugField', 'EmailField', 'URLField'].includes(cls) && t.length ? { set: { max_length: String(t.length) } } : undefined;
    default:
      return undefined;
  }
}

function alterType(op: Op<'alter-type'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `the type change of ${op.column}`);
  if (!model) return;
  const field = ctx.project.fieldOf(model, op.column);
  const text = field?.value.k === 'call' ? field.value.text : undefined;
  const cls = text ? fieldClass(text) : undefined;
  const edit = cls ? retype(cls, op.to) : undefined;
  if (edit === 'unchanged') return;
  if (field && edit && alterField(model, field, edit, out)) {
    const what = edit.cls ? `models.${edit.cls}` : 'the field';
    const args = Object.entries(edit.set ?? {}).map(([k, v]) => `${k}=${v}`);
    out.notes.push(`${modelsPlace(ctx, model, field.name)}: make it ${what}${args.length ? ` with ${args.join(', ')}` : ''}${edit.drop?.length ? ` and without ${edit.drop.join(', ')}` : ''} (the column becomes ${op.to}).`);
    return;
  }
  out.comments.push(`Django's state keeps ${cls ?? 'the field'} for ${op.column}: no Django field class was derived for ${op.to}.`);
  out.notes.push(`${ctx.file}: ${model.name}.${op.column} becomes ${op.to} in the database; Django's state was not changed (no field class for that type could be derived from ${cls ?? 'its definition'}). Change the field at ${modelsPlace(ctx, model, field?.name ?? op.column)} to one whose column type is ${op.to}, run makemigrations, and apply that migration with --fake.`);
}

function uniqueConstraint(fields: string[], name: string, condition?: string): string {
  return `models.UniqueConstraint(${[`fields=${pyList(fields)}`, `name=${pyRepr(name)}`, ...(condition ? [`condition=${condition}`] : [])].join(', ')})`;
}

function addUnique(op: Op<'add-unique'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `the unique key on (${op.columns.join(', ')})`);
  if (!model) return;
  // Django's UniqueConstraint is a constraint without a condition and a unique index with one: the SQL must agree.
  const name = op.predicate ? created(ctx, op.table, ['index'])?.name : created(ctx, op.table, ['unique'])?.name;
  const fields = fieldNames(ctx, model, op.columns);
  const condition = op.predicate ? qObject(comparisons(op.predicate) ?? [], fieldOfColumn(ctx, model)) : undefined;
  const why = !fields
    ? `a column is not a field of ${model.name}`
    : !name
      ? 'the SQL builds it as something Django would not (a unique index without a condition)'
      : op.predicate && !condition
        ? `its condition (${op.predicate}) is not something a Q object can restate here`
        : undefined;
  if (why || !name || !fields) {
    out.notes.push(`${ctx.file}: the unique key on ${op.table} (${op.columns.join(', ')}) is not added to Django's state: ${why}. Django will not know it; keep it out of models.py.`);
    return;
  }
  const constraint = uniqueConstraint(fields, name, condition);
  out.ops.push(call('AddConstraint', [['model_name', pyRepr(lower(model))], ['constraint', constraint]]));
  out.notes.push(`${modelsPlace(ctx, model)}: add \`${constraint}\` to Meta.constraints.`);
}

function replaceUnique(op: Op<'replace-unique'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `the wider unique key on (${op.columns.join(', ')})`);
  if (!model) return;
  const fields = fieldNames(ctx, model, op.columns);
  const oldFields = fieldNames(ctx, model, op.oldColumns);
  const made = ctx.created.filter((c) => c.table === op.table && (c.kind === 'unique' || c.kind === 'index'));
  const newName = (op.predicate ? made.find((c) => c.kind === 'index') : made.find((c) => c.kind === 'unique') ?? made[0])?.name;
  // A partial key is a UniqueConstraint with a condition in Django: the predicate must be a Q object.
  const condition = op.predicate ? qObject(comparisons(op.predicate) ?? [], fieldOfColumn(ctx, model)) : undefined;
  if (op.predicate && !condition) {
    out.notes.push(`${ctx.file}: Django's state was not changed for the unique key on ${op.table}: its condition (${op.predicate}) is not something a Q object can restate here; models.py keeps the old key, and the next makemigrations would try to put it back.`);
    return;
  }
  if (!fields || !oldFields || !newName) {
    out.notes.push(`${ctx.file}: Django's state was not changed for the unique key on ${op.table}: ${!newName ? 'the new name is not known' : `a column is not a field of ${model.name}`}.`);
    return;
  }
  const mname = pyRepr(lower(model));
  // Where Django's state has the old key: a field's unique=True, a UniqueConstraint, or unique_together.
  const field = oldFields.length === 1 ? model.fields.find((f) => f.name === oldFields[0]) : undefined;
  const fieldText = field?.value.k === 'call' ? field.value.text : undefined;
  const constraint = model.constraints.find((c) => c.value.k === 'call' && str(c.value.kwargs.find(([k]) => k === 'name')?.[1]) === op.constraint);
  const together = model.uniqueTogether.find((u) => u.value.length === oldFields.length && u.value.every((f) => oldFields.includes(f)));
  if (field && fieldText && hasTrueKeyword(fieldText, 'unique')) {
    if (!alterField(model, field, { drop: ['unique'] }, out)) {
      out.notes.push(`${ctx.file}: ${model.name}.${field.name} could not be rewritten without unique=True; Django's state still has it unique.`);
    } else {
      out.notes.push(`${modelsPlace(ctx, model, field.name)}: remove \`unique=True\`.`);
      const cls = fieldClass(fieldText);
      if (cls && ['CharField', 'SlugField', 'EmailField', 'URLField', 'TextField', 'FileField', 'ImageField', 'FilePathField'].includes(cls)) {
        const like = djangoIndexName(tableName(model), [columnName(field)], '_like');
        out.notes.push(`${ctx.file}: the pattern index ${like} Django made for the unique ${field.name} stays in the database; Django's state no longer expects it. Drop it (DROP INDEX CONCURRENTLY) if no LIKE query needs it.`);
      }
      const own = ctx.catalog.app?.models.find((m) => m.framework === 'django' && m.name === model.name);
      if (own?.bases.some((b) => /AbstractUser$/.test(b)) && field.name === 'username') {
        out.notes.push(`${modelsPlace(ctx, model)}: username is the USERNAME_FIELD of AbstractUser: declare it on ${model.name} without unique=True, and note that Django's auth check auth.E003 requires it to be unique unless AUTHENTICATION_BACKENDS holds a backend that handles duplicates (then it is only the warning auth.W004).`);
      }
    }
  } else if (constraint) {
    out.ops.push(call('RemoveConstraint', [['model_name', mname], ['name', pyRepr(op.constraint)]]));
    out.notes.push(`${modelsPlace(ctx, model)}: remove the UniqueConstraint ${op.constraint} from Meta.constraints.`);
  } else if (together) {
    const rest = model.uniqueTogether.filter((u) => u !== together).map((u) => `(${u.value.map(pyRepr).join(', ')}${u.value.length === 1 ? ',' : ''})`);
    out.ops.push(call('AlterUniqueTogether', [['name', mname], ['unique_together', rest.length ? `{${rest.join(', ')}}` : 'set()']]));
    out.notes.push(`${modelsPlace(ctx, model)}: remove (${oldFields.join(', ')}) from Meta.unique_together.`);
  } else {
    out.notes.push(`${ctx.file}: ${op.constraint} is not a unique key Django's state declares; only the new key is added to the state.`);
  }
  const added = uniqueConstraint(fields, newName, condition);
  out.ops.push(call('AddConstraint', [['model_name', mname], ['constraint', added]]));
  out.notes.push(`${modelsPlace(ctx, model)}: add \`${added}\` to Meta.constraints.`);
}

function addCheck(op: Op<'add-check'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `the CHECK ${op.name}`);
  if (!model) return;
  const name = created(ctx, op.table, ['check'])?.name ?? op.name;
  const q = qObject(comparisons(op.expression) ?? [], fieldOfColumn(ctx, model));
  if (!q) {
    out.notes.push(`${ctx.file}: the CHECK ${name} (${op.expression}) is not added to Django's state: it is not a comparison a Q object can restate here. Django will not know it; keep it out of models.py.`);
    return;
  }
  const constraint = `models.CheckConstraint(${checkKeyword(ctx)}=${q}, name=${pyRepr(name)})`;
  out.ops.push(call('AddConstraint', [['model_name', pyRepr(lower(model))], ['constraint', constraint]]));
  out.notes.push(`${modelsPlace(ctx, model)}: add \`${constraint}\` to Meta.constraints.`);
}

/** A Django field for a column added by SQL, from its type. */
function fieldForColumn(column: string, type: string, nullable: boolean): string | undefined {
  const t = parseType(type);
  if (!t) return undefined;
  const args: string[] = [];
  let cls: string | undefined;
  switch (t.family) {
    case 'timestamptz':
    case 'timestamp':
      cls = 'DateTimeField';
      if (column === 'created_at') args.push('auto_now_add=True');
      else if (column === 'updated_at') args.push('auto_now=True');
      break;
    case 'date':
      cls = 'DateField';
      break;
    case 'bigint':
      cls = 'BigIntegerField';
      break;
    case 'integer':
      cls = 'IntegerField';
      break;
    case 'smallint':
      cls = 'SmallIntegerField';
      break;
    case 'boolean':
      cls = 'BooleanField';
      break;
    case 'text':
      cls = 'TextField';
      break;
    case 'varchar':
      if (!t.length) return undefined;
      cls = 'CharField';
      args.push(`max_length=${t.length}`);
      break;
    case 'numeric':
      if (t.precision === undefined) return undefined;
      cls = 'DecimalField';
      args.push(`decimal_places=${t.scale ?? 0}`, `max_digits=${t.precision}`);
      break;
    case 'uuid':
      cls = 'UUIDField';
      break;
    case 'json':
      cls = 'JSONField';
      break;
    default:
      return undefined;
  }
  if (nullable) args.push('null=True');
  return `models.${cls}(${args.sort().join(', ')})`;
}

function addColumn(op: Op<'add-column'>, ctx: StateContext, out: StateOps): void {
  const model = modelOf(ctx, op.table, out, `the column ${op.column}`);
  if (!model) return;
  const field = fieldForColumn(op.column, op.type, op.nullable);
  if (!field) {
    out.notes.push(`${ctx.file}: ${op.table}.${op.column} (${op.type}) is added in the database only: no Django field class matches that type. Declare a field for it at ${modelsPlace(ctx, model)}, run makemigrations, and apply its AddField with --fake.`);
    return;
  }
  out.ops.push(call('AddField', [['model_name', pyRepr(lower(model))], ['name', pyRepr(op.column)], ['field', field]]));
  out.notes.push(
    `${modelsPlace(ctx, model)}: add \`${op.column} = ${field}\`${op.default ? ` (the database default ${op.default} fills the rows already there; Django sets the value itself on save)` : ''}.`,
  );
}

/** The state operations and models.py notes of one fix operation. */
export function stateOpsFor(op: FixOp, ctx: StateContext): StateOps {
  const out = empty();
  switch (op.op) {
    case 'add-index':
      addIndex(op, ctx, out);
      break;
    case 'drop-index':
      dropIndex(op, ctx, out);
      break;
    case 'set-not-null':
      setNotNull(op, ctx, out);
      break;
    case 'alter-type':
      alterType(op, ctx, out);
      break;
    case 'add-unique':
      addUnique(op, ctx, out);
      break;
    case 'replace-unique':
      replaceUnique(op, ctx, out);
      break;
    case 'add-check':
      addCheck(op, ctx, out);
      break;
    case 'add-column':
      addColumn(op, ctx, out);
      break;
    case 'add-foreign-key': {
      const model = ctx.project.ownerOf(op.table)?.model;
      const field = model ? ctx.project.fieldOf(model, op.columns[0]) : undefined;
      const cls = field?.value.k === 'call' ? fieldClass(field.value.text) : undefined;
      if (field && cls && ['ForeignKey', 'OneToOneField'].includes(cls)) {
        out.notes.push(`${ctx.file}: ${model!.name}.${field.name} is already a ${cls} in Django's state; the constraint ${created(ctx, op.table, ['foreign-key'])?.name ?? ''} is added in the database only (check db_constraint=False is not set on it in models.py).`);
      } else {
        out.notes.push(
          `${ctx.file}: the foreign key on ${op.table} (${op.columns.join(', ')}) exists in the database only; Django's state keeps ${field ? `${model!.name}.${field.name} as ${cls ?? textOf(field.value)}` : 'the column as a plain field'}. To let Django know it, make the field a models.ForeignKey to the ${op.refTable} model (db_column=${pyRepr(op.columns[0])}) and apply the AlterField makemigrations writes with --fake.`,
        );
      }
      break;
    }
    case 'set-on-delete':
      out.notes.push(`${ctx.file}: ON DELETE ${op.to.toUpperCase()} on ${op.constraint} is the database's; Django emulates on_delete in Python and ignores the database's action. Make on_delete at the field in models.py agree with it.`);
      break;
    case 'add-primary-key':
      out.notes.push(`${ctx.file}: the primary key on ${op.table} (${op.columns.join(', ')}) is added in the database only; a Django model always declares its primary key, so check that models.py marks ${op.columns.join(', ')} primary_key=True.`);
      break;
    case 'drop-default':
    case 'enable-rls':
    case 'set-function-search-path':
      // Nothing in Django's model state describes these.
      break;
  }
  return out;
}
