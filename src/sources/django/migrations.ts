// Django migrations: each file's `Migration` class read with tree-sitter (dependencies, operations, atomic),
// and its operations replayed onto the project state the way `migrate` applies them to the database.
import type { MigrationOperation } from '../../catalog/types.js';
import { assignmentsIn, classesIn, lastName, pyValue, str, strList, textOf, truthy, type Node, type PyValue } from './python.js';
import { modelKey, tableName, type FieldDef, type Located, type ModelState, type ProjectState } from './state.js';
import { addFieldFacts } from './add-field.js';

export interface Dependency {
  app: string;
  /** Migration name, or `__first__` / `__latest__`. */
  name: string;
  line: number;
}

export interface ParsedMigration {
  app: string;
  name: string;
  id: string;
  file: string;
  dependencies: Dependency[];
  replaces: { app: string; name: string }[];
  atomic: boolean;
  operations: PyValue[];
  /** Line of `class Migration`. */
  line: number;
}

/** Reads the `Migration` class of a migration file; undefined (with a warning) when there is none. */
export function parseMigration(
  root: Node,
  file: string,
  app: string,
  name: string,
  authUserApp: string,
  state: ProjectState,
): ParsedMigration | undefined {
  const cls = classesIn(root).find((c) => c.childForFieldName('name')?.text === 'Migration');
  if (!cls) {
    state.warn('django-no-migration-class', `${file}: no \`class Migration\`; the file is skipped`, { file, line: 1 });
    return undefined;
  }
  const body = cls.childForFieldName('body');
  const m: ParsedMigration = {
    app,
    name,
    id: `${app}.${name}`,
    file,
    dependencies: [],
    replaces: [],
    atomic: true,
    operations: [],
    line: cls.startPosition.row + 1,
  };
  if (!body) return m;
  for (const a of assignmentsIn(body)) {
    const v = pyValue(a.value);
    if (a.name === 'atomic') m.atomic = truthy(v) ?? true;
    else if (a.name === 'dependencies' || a.name === 'replaces') {
      if (v.k !== 'list') {
        state.warn('django-unreadable-dependencies', `${file}:${a.line}: \`${a.name}\` is not a literal list; not read`, { file, line: a.line });
        continue;
      }
      for (const d of v.items) {
        const dep = dependencyOf(d, authUserApp);
        if (!dep) {
          state.warn('django-unreadable-dependencies', `${file}:${d.line}: dependency \`${textOf(d)}\` is not read`, { file, line: d.line });
          continue;
        }
        if (a.name === 'dependencies') m.dependencies.push(dep);
        else m.replaces.push(dep);
      }
    } else if (a.name === 'operations') {
      if (v.k !== 'list') {
        state.warn('django-unreadable-operations', `${file}:${a.line}: \`operations\` is not a literal list; the migration's operations are not replayed`, { file, line: a.line });
        continue;
      }
      m.operations = v.items;
    }
  }
  return m;
}

function dependencyOf(d: PyValue, authUserApp: string): Dependency | undefined {
  if (d.k === 'list' && d.items.length === 2) {
    const app = str(d.items[0]);
    const name = str(d.items[1]);
    if (app && name) return { app, name, line: d.line };
  }
  if (d.k === 'call' && lastName(d.func) === 'swappable_dependency') {
    const target = d.args[0];
    const app = target?.k === 'ref' && target.name.endsWith('AUTH_USER_MODEL') ? authUserApp : str(target)?.split('.')[0];
    if (app) return { app, name: '__first__', line: d.line };
  }
  return undefined;
}

/** A positional or keyword argument of an operation call. */
export function arg(call: PyValue, index: number, name: string): PyValue | undefined {
  if (call.k !== 'call') return undefined;
  return call.kwargs.find(([n]) => n === name)?.[1] ?? call.args[index];
}

const KINDS: Record<string, string> = {
  CreateModel: 'create-model',
  DeleteModel: 'delete-model',
  RenameModel: 'rename-model',
  AddField: 'add-field',
  AlterField: 'alter-field',
  RemoveField: 'remove-field',
  RenameField: 'rename-field',
  AddIndex: 'add-index',
  RemoveIndex: 'remove-index',
  RenameIndex: 'rename-index',
  AddConstraint: 'add-constraint',
  RemoveConstraint: 'remove-constraint',
  AlterUniqueTogether: 'alter-unique-together',
  AlterIndexTogether: 'alter-index-together',
  AlterModelTable: 'alter-model-table',
  AlterModelOptions: 'alter-model-options',
  AlterModelManagers: 'alter-model-managers',
  AlterModelTableComment: 'alter-model-table-comment',
  AlterOrderWithRespectTo: 'alter-order-with-respect-to',
  RunSQL: 'run-sql',
  RunPython: 'run-python',
  SeparateDatabaseAndState: 'separate-database-and-state',
  CreateExtension: 'create-extension',
  TrigramExtension: 'create-extension',
  BtreeGinExtension: 'create-extension',
  HStoreExtension: 'create-extension',
  UnaccentExtension: 'create-extension',
  CITextExtension: 'create-extension',
  CryptoExtension: 'create-extension',
  AddIndexConcurrently: 'add-index',
  RemoveIndexConcurrently: 'remove-index',
};

/**
 * Replays one migration onto the state and returns its operations as the catalog records them.
 * `physical` is false for the state_operations of SeparateDatabaseAndState (recorded, not applied).
 */
export function replayMigration(m: ParsedMigration, state: ProjectState): MigrationOperation[] {
  const out: MigrationOperation[] = [];
  for (const op of m.operations) out.push(...replayOperation(op, m, state));
  return out;
}

function replayOperation(op: PyValue, m: ParsedMigration, state: ProjectState): MigrationOperation[] {
  const file = m.file;
  const at = (line: number) => ({ file, line });
  if (op.k !== 'call') {
    state.warn('django-unknown-operation', `${file}:${op.line}: operation \`${textOf(op).slice(0, 80)}\` is not a call; not replayed`, at(op.line));
    return [];
  }
  const opName = lastName(op.func);
  const kind = KINDS[opName];
  if (!kind) {
    state.warn('django-unknown-operation', `${file}:${op.line}: operation \`${opName}\` is not understood; not replayed (the schema may differ from the database here)`, at(op.line));
    return [{ kind: opName, reversible: true, origin: at(op.line) }];
  }
  const record = (model: ModelState | undefined, reversible = true): MigrationOperation[] => [
    { kind, ...(model ? { table: tableName(model) } : {}), reversible, origin: at(op.line) },
  ];
  const modelNamed = (argIndex: number, argName: string): ModelState | undefined => {
    const n = str(arg(op, argIndex, argName));
    if (!n) {
      state.warn('django-unreadable-operation', `${file}:${op.line}: ${opName} without a literal model name; not replayed`, at(op.line));
      return undefined;
    }
    const model = state.get(m.app, n);
    if (!model) state.warn('django-unknown-model', `${file}:${op.line}: ${opName} on \`${m.app}.${n}\`, which no earlier migration creates; not replayed`, at(op.line));
    return model;
  };

  switch (opName) {
    case 'CreateModel': {
      const name = str(arg(op, 0, 'name'));
      if (!name) {
        state.warn('django-unreadable-operation', `${file}:${op.line}: CreateModel without a literal name; not replayed`, at(op.line));
        return record(undefined);
      }
      const model: ModelState = {
        app: m.app,
        name,
        fields: [],
        indexes: [],
        constraints: [],
        uniqueTogether: [],
        indexTogether: [],
        origin: at(op.line),
      };
      const fields = arg(op, 1, 'fields');
      if (fields?.k === 'list') {
        for (const f of fields.items) {
          const fname = f.k === 'list' ? str(f.items[0]) : undefined;
          const fvalue = f.k === 'list' ? f.items[1] : undefined;
          if (!fname || !fvalue) {
            state.warn('django-unreadable-field', `${file}:${f.line}: field \`${textOf(f).slice(0, 80)}\` of ${name} is not read`, at(f.line));
            continue;
          }
          // The line of the field's name: a multi-line tuple starts a line above it.
          model.fields.push({ name: fname, value: fvalue, origin: at(f.k === 'list' ? f.items[0].line : f.line), by: m.id });
        }
      }
      const options = arg(op, 2, 'options');
      if (options?.k === 'dict') applyOptions(model, options, file, state);
      state.models.set(modelKey(m.app, name), model);
      return record(model);
    }
    case 'DeleteModel': {
      const model = modelNamed(0, 'name');
      if (model) state.models.delete(modelKey(model.app, model.name));
      return record(model);
    }
    case 'RenameModel': {
      const model = modelNamed(0, 'old_name');
      const newName = str(arg(op, 1, 'new_name'));
      if (model && newName) {
        const oldKey = modelKey(model.app, model.name);
        state.models.delete(oldKey);
        model.name = newName;
        state.models.set(modelKey(model.app, newName), model);
        state.renamed.set(oldKey, modelKey(model.app, newName));
      }
      return record(model);
    }
    case 'AddField':
    case 'AlterField': {
      const model = modelNamed(0, 'model_name');
      const fname = str(arg(op, 1, 'name'));
      const fvalue = arg(op, 2, 'field');
      if (!model) return record(undefined);
      if (!fname || !fvalue) {
        state.warn('django-unreadable-operation', `${file}:${op.line}: ${opName} without a literal name and field; not replayed`, at(op.line));
        return record(model);
      }
      const def: FieldDef = { name: fname, value: fvalue, origin: at(fvalue.line), by: m.id, added: true };
      const i = model.fields.findIndex((f) => f.name === fname);
      if (opName === 'AddField') {
        if (i >= 0) state.warn('django-duplicate-field', `${file}:${op.line}: AddField ${model.name}.${fname}, which already exists; replaced`, at(op.line));
        if (i >= 0) model.fields[i] = def;
        else model.fields.push(def);
        // What the rows already in the table get: read by migrations/add-not-null-column-without-default.
        const facts = addFieldFacts(def, arg(op, 3, 'preserve_default'));
        return record(model).map((o) => ({ ...o, ...facts }));
      } else if (i < 0) {
        state.warn('django-unknown-field-name', `${file}:${op.line}: AlterField ${model.name}.${fname}, which no earlier migration adds; added`, at(op.line));
        model.fields.push(def);
      } else {
        // The constraint names of the field as created stay (AlterField keeps an existing UNIQUE).
        model.fields[i] = { ...def, added: model.fields[i].added };
      }
      return record(model);
    }
    case 'RemoveField': {
      const model = modelNamed(0, 'model_name');
      const fname = str(arg(op, 1, 'name'));
      if (model && fname) {
        const i = model.fields.findIndex((f) => f.name === fname);
        if (i < 0) state.warn('django-unknown-field-name', `${file}:${op.line}: RemoveField ${model.name}.${fname}, which does not exist`, at(op.line));
        else model.fields.splice(i, 1);
      }
      return record(model);
    }
    case 'RenameField': {
      const model = modelNamed(0, 'model_name');
      const oldName = str(arg(op, 1, 'old_name'));
      const newName = str(arg(op, 2, 'new_name'));
      if (model && oldName && newName) {
        const f = model.fields.find((x) => x.name === oldName);
        if (!f) state.warn('django-unknown-field-name', `${file}:${op.line}: RenameField ${model.name}.${oldName}, which does not exist`, at(op.line));
        else f.name = newName;
        for (const set of [...model.uniqueTogether, ...model.indexTogether]) set.value = set.value.map((c) => (c === oldName ? newName : c));
      }
      return record(model);
    }
    case 'AddIndex':
    case 'AddIndexConcurrently':
    case 'AddConstraint': {
      const model = modelNamed(0, 'model_name');
      const v = arg(op, 1, opName === 'AddConstraint' ? 'constraint' : 'index');
      if (model && v) (opName === 'AddConstraint' ? model.constraints : model.indexes).push({ value: v, origin: at(v.line) });
      if (opName === 'AddIndexConcurrently') return record(model).map((o) => ({ ...o, concurrently: true }));
      return record(model);
    }
    case 'RemoveIndex':
    case 'RemoveIndexConcurrently':
    case 'RemoveConstraint': {
      const model = modelNamed(0, 'model_name');
      const n = str(arg(op, 1, 'name'));
      if (model && n) {
        const list = opName === 'RemoveConstraint' ? model.constraints : model.indexes;
        const i = list.findIndex((x) => str(arg(x.value, -1, 'name')) === n);
        if (i < 0) state.warn('django-unknown-index', `${file}:${op.line}: ${opName} \`${n}\` on ${model.name}, which does not exist`, at(op.line));
        else list.splice(i, 1);
      }
      if (opName === 'RemoveIndexConcurrently') return record(model).map((o) => ({ ...o, concurrently: true }));
      return record(model);
    }
    case 'RenameIndex': {
      const model = modelNamed(0, 'model_name');
      const newName = str(arg(op, 1, 'new_name'));
      const oldName = str(arg(op, 2, 'old_name'));
      const ix = model?.indexes.find((x) => str(arg(x.value, -1, 'name')) === oldName);
      if (ix && newName && ix.value.k === 'call') {
        ix.value = { ...ix.value, kwargs: [...ix.value.kwargs.filter(([k]) => k !== 'name'), ['name', { k: 'str', v: newName, line: op.line }]] };
      } else if (model) state.warn('django-unreadable-operation', `${file}:${op.line}: RenameIndex not replayed (only old_name= is read)`, at(op.line));
      return record(model);
    }
    case 'AlterUniqueTogether':
    case 'AlterIndexTogether': {
      const model = modelNamed(0, 'name');
      const v = arg(op, 1, opName === 'AlterUniqueTogether' ? 'unique_together' : 'index_together');
      if (model) {
        const sets = togetherSets(v, file, state);
        if (opName === 'AlterUniqueTogether') model.uniqueTogether = sets;
        else model.indexTogether = sets;
      }
      return record(model);
    }
    case 'AlterModelTable': {
      const model = modelNamed(0, 'name');
      const t = arg(op, 1, 'table');
      if (model) model.dbTable = str(t) ?? undefined;
      return record(model);
    }
    case 'AlterModelOptions':
    case 'AlterModelManagers':
    case 'AlterModelTableComment':
    case 'AlterOrderWithRespectTo':
      return record(modelNamed(0, 'name'));
    case 'RunSQL': {
      const sql = arg(op, 0, 'sql');
      const reverse = arg(op, 1, 'reverse_sql');
      const reversible = !!reverse && reverse.k !== 'none';
      const texts = sqlTexts(sql);
      const recorded: MigrationOperation = { kind, reversible, origin: at(op.line) };
      if (!texts) state.warn('django-runsql-unread', `${file}:${op.line}: RunSQL with SQL that is not a literal string; its effect on the schema is unknown`, at(op.line));
      else for (const t of texts) state.sql.push({ sql: t.sql, origin: at(t.line), op: recorded });
      const stateOps = arg(op, 2, 'state_operations');
      recordStateOnlyFields(stateOps, m, state);
      if (stateOps?.k === 'list' && stateOps.items.length) {
        state.warn('django-state-operations', `${file}:${op.line}: RunSQL state_operations change Django's model state only; the SQL is what reaches the database`, at(op.line), true);
      }
      return [recorded];
    }
    case 'RunPython': {
      const reverse = arg(op, 1, 'reverse_code');
      const reversible = !!reverse && reverse.k !== 'none';
      const code = arg(op, 0, 'code');
      state.note('run-python', `${m.id}: RunPython(${code ? textOf(code) : '?'}) runs application code during migrate${reversible ? '' : ' and has no reverse function: the migration cannot be unapplied'}`, at(op.line));
      return [{ kind, reversible, origin: at(op.line) }];
    }
    case 'SeparateDatabaseAndState': {
      const dbOps = arg(op, 0, 'database_operations');
      const out: MigrationOperation[] = [{ kind, reversible: true, origin: at(op.line) }];
      if (dbOps?.k === 'list') for (const d of dbOps.items) out.push(...replayOperation(d, m, state));
      recordStateOnlyFields(arg(op, 1, 'state_operations'), m, state);
      state.warn(
        'django-separate-state',
        `${file}:${op.line}: SeparateDatabaseAndState: the database_operations are replayed (they are what the database gets); the state_operations only change Django's model state`,
        at(op.line),
        true,
      );
      return out;
    }
    default:
      // Extensions: nothing in the tables changes.
      return record(undefined);
  }
}

/**
 * AddField / RemoveField among state_operations: what Django's state holds beyond the database operations, which
 * the comparison of models.py with the migrations (driftNotes) must count.
 */
function recordStateOnlyFields(ops: PyValue | undefined, m: ParsedMigration, state: ProjectState): void {
  if (ops?.k !== 'list') return;
  for (const op of ops.items) {
    const name = op.k === 'call' ? lastName(op.func) : '';
    if (name !== 'AddField' && name !== 'RemoveField') continue;
    const model = state.get(m.app, str(arg(op, 0, 'model_name')) ?? '');
    const field = str(arg(op, 1, 'name'));
    if (!model || !field) continue;
    model.stateOnly ??= { added: [], removed: [] };
    (name === 'AddField' ? model.stateOnly.added : model.stateOnly.removed).push(field);
  }
}

/** Meta options of a CreateModel (or a models.py Meta class, as a dict). */
export function applyOptions(model: ModelState, options: PyValue & { k: 'dict' }, file: string, state: ProjectState): void {
  for (const [k, v] of options.entries) {
    const key = str(k);
    switch (key) {
      case 'db_table':
        if (str(v)) model.dbTable = str(v);
        break;
      case 'abstract':
        model.abstract = truthy(v) ?? false;
        break;
      case 'proxy':
        model.proxy = truthy(v) ?? false;
        break;
      case 'managed':
        model.managed = truthy(v) ?? true;
        break;
      case 'unique_together':
        model.uniqueTogether = togetherSets(v, file, state);
        break;
      case 'index_together':
        model.indexTogether = togetherSets(v, file, state);
        break;
      case 'indexes':
      case 'constraints':
        if (v.k === 'list') for (const item of v.items) (key === 'indexes' ? model.indexes : model.constraints).push({ value: item, origin: { file, line: item.line } });
        break;
      default:
        break;
    }
  }
}

/** `{("a", "b")}`, `[("a", "b")]` or `("a", "b")` → [["a", "b"]]. */
export function togetherSets(v: PyValue | undefined, file: string, state: ProjectState): Located<string[]>[] {
  if (!v || v.k === 'none') return [];
  if (v.k !== 'list') {
    state.warn('django-unreadable-option', `${file}:${v.line}: \`${textOf(v).slice(0, 80)}\` is not a literal list of field names`, { file, line: v.line });
    return [];
  }
  const flat = strList(v);
  if (flat && v.items.length) return [{ value: flat, origin: { file, line: v.line } }];
  const out: Located<string[]>[] = [];
  for (const item of v.items) {
    const names = strList(item);
    if (names) out.push({ value: names, origin: { file, line: item.line } });
  }
  return out;
}

function sqlTexts(v: PyValue | undefined): { sql: string; line: number }[] | undefined {
  if (!v) return undefined;
  if (v.k === 'str') return [{ sql: v.v, line: v.line }];
  if (v.k === 'list') {
    const out: { sql: string; line: number }[] = [];
    for (const item of v.items) {
      const s = item.k === 'list' ? item.items[0] : item;
      if (s?.k !== 'str') return undefined;
      out.push({ sql: s.v, line: s.line });
    }
    return out;
  }
  return undefined;
}

