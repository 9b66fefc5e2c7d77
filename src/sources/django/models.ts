// models.py (or a models/ package): model classes, their fields (with abstract bases such as a
// TenantAwareModel handing their fields to every child), Meta, save()/clean() overrides, managers,
// soft-delete methods and encrypted fields. Read with tree-sitter; nothing is imported or executed.
import type { AppHook, AppModel, AppRelationship, Origin } from '../../catalog/types.js';
import { applyOptions } from './migrations.js';
import { fieldInfo, isFieldCall, primaryKeyOf, resolveTarget, columnName, type Settings } from './build.js';
import { assignmentsIn, classesIn, kw, lastName, methodsIn, named, pyValue, str, textOf, type Node, type PyValue } from './python.js';
import { modelKey, tableName, type FieldDef, type ModelState, type ProjectState } from './state.js';

export interface PyClass {
  app: string;
  name: string;
  bases: string[];
  file: string;
  line: number;
  fields: FieldDef[];
  meta?: PyValue & { k: 'dict' };
  metaLine?: number;
  methods: { name: string; line: number }[];
  managers: { name: string; cls: string; line: number }[];
  /** Notes on the class body (mutable-default, duplicate-relationship), kept only if the class is a model. */
  notes: { kind: string; message: string; origin: { file: string; line: number } }[];
}

export interface Receiver {
  signal: string;
  sender: string;
  file: string;
  line: number;
}

const RELATIONS = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField', 'ParentalKey', 'TreeForeignKey']);

/** `default={}` / `[]` / `{1}` written as a literal in a field call (also inside `encrypt(…)`); not `dict()` or `dict`. */
function mutableDefault(value: Node): { type: 'dictionary' | 'list' | 'set'; text: string } | undefined {
  let call: Node | null = value;
  for (let depth = 0; call?.type === 'call' && depth < 2; depth++) {
    const args = call.childForFieldName('arguments');
    let inner: Node | null = null;
    for (const a of named(args)) {
      if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default') {
        const d = a.childForFieldName('value');
        if (d && (d.type === 'dictionary' || d.type === 'list' || d.type === 'set')) return { type: d.type, text: d.text };
      } else if (a.type === 'call' && !inner) inner = a;
    }
    call = inner;
  }
  return undefined;
}

const MODEL_ROOTS = /^(Model|AbstractUser|AbstractBaseUser|PermissionsMixin|MPTTModel|TimeStampedModel|PolymorphicModel)$/;

/** The classes of one models file. */
export function readModelClasses(root: Node, file: string, app: string): { classes: PyClass[]; receivers: Receiver[] } {
  const classes: PyClass[] = [];
  const receivers: Receiver[] = [];
  for (const cls of classesIn(root)) {
    const nameNode = cls.childForFieldName('name');
    const body = cls.childForFieldName('body');
    if (!nameNode || !body) continue;
    const bases = named(cls.childForFieldName('superclasses')).filter((b) => b.type === 'identifier' || b.type === 'attribute').map((b) => b.text);
    const c: PyClass = { app, name: nameNode.text, bases, file, line: cls.startPosition.row + 1, fields: [], methods: [], managers: [], notes: [] };
    const relationLines = new Map<string, number>();
    for (const a of assignmentsIn(body)) {
      const v = pyValue(a.value);
      if (isFieldCall(v)) {
        c.fields.push({ name: a.name, value: v, origin: { file, line: a.line } });
        const literal = mutableDefault(a.value);
        if (literal) {
          const shownDefault = literal.text.length > 20 ? literal.type : literal.text;
          c.notes.push({
            kind: 'mutable-default',
            message: `${c.name}.${a.name} has default=${shownDefault}: one mutable object shared as the default; use default=${literal.type === 'dictionary' ? 'dict' : literal.type} (a callable) instead`,
            origin: { file, line: a.line },
          });
        }
        if (RELATIONS.has(fieldInfo(v)?.type ?? '')) {
          const prev = relationLines.get(a.name);
          if (prev !== undefined) {
            c.notes.push({
              kind: 'duplicate-relationship',
              message: `${c.name}.${a.name} is assigned a relationship twice (lines ${prev} and ${a.line}): the second silently replaces the first`,
              origin: { file, line: a.line },
            });
          }
          relationLines.set(a.name, a.line);
        }
      }
      else if (v.k === 'call' && (lastName(v.func).endsWith('Manager') || lastName(v.func) === 'from_queryset' || lastName(v.func) === 'as_manager')) {
        c.managers.push({ name: a.name, cls: v.func, line: a.line });
      }
    }
    for (const inner of classesIn(body)) {
      if (inner.childForFieldName('name')?.text !== 'Meta') continue;
      const ib = inner.childForFieldName('body');
      const entries: [PyValue, PyValue][] = [];
      if (ib) for (const a of assignmentsIn(ib)) entries.push([{ k: 'str', v: a.name, line: a.line }, pyValue(a.value)]);
      c.meta = { k: 'dict', entries, line: inner.startPosition.row + 1 };
      c.metaLine = inner.startPosition.row + 1;
    }
    c.methods = methodsIn(body).map((m) => ({ name: m.name, line: m.line }));
    classes.push(c);
  }
  // Module-level signal receivers: @receiver(pre_save, sender=Ticket) def f(...)
  for (const s of named(root)) {
    if (s.type !== 'decorated_definition') continue;
    for (const d of named(s)) {
      if (d.type !== 'decorator') continue;
      const call = named(d)[0];
      const v = call ? pyValue(call) : undefined;
      if (v?.k !== 'call' || lastName(v.func) !== 'receiver') continue;
      const sender = kw(v, 'sender');
      const signal = v.args[0];
      if (sender?.k === 'ref' && signal?.k === 'ref') receivers.push({ signal: lastName(signal.name), sender: lastName(sender.name), file, line: d.startPosition.row + 1 });
    }
  }
  return { classes, receivers };
}

export interface ModelSet {
  /** Every model class (abstract included), by class name. */
  classes: Map<string, PyClass>;
  /** Concrete and abstract models with their full field lists (inherited fields first). */
  states: ModelState[];
  /** Class → whether some base is outside what was read (AbstractUser…): its field list is partial. */
  opaque: Set<string>;
}

/** Resolves model inheritance across every models file read. */
export function resolveModels(classes: PyClass[], state: ProjectState, settings: Settings): ModelSet {
  const byName = new Map<string, PyClass>();
  for (const c of classes) if (!byName.has(c.name)) byName.set(c.name, c);
  const isModel = (c: PyClass, seen = new Set<string>()): boolean => {
    if (seen.has(c.name)) return false;
    seen.add(c.name);
    return c.bases.some((b) => {
      const short = lastName(b);
      if (MODEL_ROOTS.test(short)) return true;
      const base = byName.get(short);
      return !!base && isModel(base, seen);
    });
  };
  const out: ModelSet = { classes: new Map(), states: [], opaque: new Set() };
  const isAbstract = (c: PyClass) => c.meta?.entries.some(([k, v]) => str(k) === 'abstract' && v.k === 'bool' && v.v) ?? false;
  const inherited = (c: PyClass, seen = new Set<string>()): FieldDef[] => {
    if (seen.has(c.name)) return [];
    seen.add(c.name);
    const fields: FieldDef[] = [];
    for (const b of c.bases) {
      const base = byName.get(lastName(b));
      if (!base) {
        if (!/^(models\.)?Model$/.test(b)) out.opaque.add(c.name);
        continue;
      }
      if (!isModel(base)) continue;
      // Abstract bases give their fields; a concrete base is multi-table inheritance (a parent_ptr link).
      if (isAbstract(base)) fields.push(...inherited(base, seen), ...base.fields);
      else out.opaque.add(c.name);
    }
    return fields;
  };
  for (const c of classes) {
    if (!isModel(c)) continue;
    out.classes.set(c.name, c);
    const fields: FieldDef[] = [];
    for (const f of [...inherited(c), ...c.fields]) {
      const i = fields.findIndex((x) => x.name === f.name);
      if (i >= 0) fields[i] = f;
      else fields.push(f);
    }
    const m: ModelState = {
      app: c.app,
      name: c.name,
      fields,
      indexes: [],
      constraints: [],
      uniqueTogether: [],
      indexTogether: [],
      origin: { file: c.file, line: c.line },
    };
    if (c.meta) applyOptions(m, c.meta, c.file, state);
    m.abstract = isAbstract(c);
    if (!m.abstract && !primaryKeyOf(m) && !out.opaque.has(c.name)) {
      const auto = settings.appAutoField.get(c.app) ?? settings.defaultAutoField;
      m.fields.unshift({
        name: 'id',
        value: { k: 'call', func: `models.${auto}`, args: [], kwargs: [['primary_key', { k: 'bool', v: true, line: c.line }]], line: c.line, text: `models.${auto}(primary_key=True)` },
        origin: { file: c.file, line: c.line },
      });
    }
    out.states.push(m);
  }
  return out;
}

const HOOK_METHODS = new Set(['save', 'clean', 'delete', 'full_clean', 'clean_fields', 'validate_unique', 'refresh_from_db']);
const SOFT_DELETE_METHODS = new Set(['soft_delete', 'restore', 'undelete', 'trash']);
const SOFT_DELETE_COLUMNS = ['deleted_at', 'is_deleted', 'deleted', 'archived_at', 'removed_at'];

/** The application facts of the models: relationships, hooks, managers, encrypted columns, soft delete. */
export function appModels(set: ModelSet, receivers: Receiver[], state: ProjectState, settings: Settings, physical: ProjectState): AppModel[] {
  const out: AppModel[] = [];
  for (const m of set.states) {
    const c = set.classes.get(m.name)!;
    const own = physical.models.get(modelKey(m.app, m.name)) ?? m;
    const table = m.abstract ? undefined : `public.${tableName(own)}`;
    const relationships: AppRelationship[] = [];
    const encryptedColumns: string[] = [];
    for (const f of m.fields) {
      const fi = fieldInfo(f.value);
      if (!fi) continue;
      if (fi.encrypted) encryptedColumns.push(columnName(f));
      if (fi.type !== 'ForeignKey' && fi.type !== 'OneToOneField' && fi.type !== 'ManyToManyField') continue;
      const to = kw(fi.call, 'to') ?? fi.call.args[0];
      const target = resolveTarget(to, m, physical.models.size ? physical : state, settings);
      const onDelete = kw(fi.call, 'on_delete') ?? fi.call.args[1];
      const related = str(kw(fi.call, 'related_name'));
      const through = kw(fi.call, 'through');
      relationships.push({
        name: f.name,
        kind: fi.type === 'ManyToManyField' ? 'many-to-many' : 'belongs-to',
        target: target?.label ?? (to ? textOf(to) : '?'),
        ...(fi.type !== 'ManyToManyField' ? { columns: [columnName(f)] } : {}),
        ...(onDelete && fi.type !== 'ManyToManyField' ? { onDelete: onDelete.k === 'ref' ? lastName(onDelete.name) : textOf(onDelete) } : {}),
        ...(fi.type === 'ManyToManyField'
          ? { through: through ? (str(through) ?? textOf(through)) : `public.${str(kw(fi.call, 'db_table')) ?? `${tableName(own)}_${f.name}`}` }
          : {}),
        ...(related ? { inverse: related } : {}),
        origin: f.origin,
      });
    }
    const hooks: AppHook[] = c.methods.filter((x) => HOOK_METHODS.has(x.name)).map((x) => ({ name: x.name, origin: { file: c.file, line: x.line } }));
    for (const r of receivers) if (r.sender === m.name) hooks.push({ name: r.signal, origin: { file: r.file, line: r.line } });
    const scopes = c.managers
      .filter((x) => lastName(x.cls) !== 'Manager')
      .map((x) => ({ name: `${x.name} = ${x.cls}()`, origin: { file: c.file, line: x.line } as Origin }));
    const softMethod = c.methods.find((x) => SOFT_DELETE_METHODS.has(x.name));
    const softColumn = m.fields.find((f) => SOFT_DELETE_COLUMNS.includes(f.name));
    const app: AppModel = {
      framework: 'django',
      name: m.name,
      ...(table ? { table } : {}),
      ...(m.abstract ? { abstract: true } : {}),
      bases: c.bases,
      relationships,
      hooks,
      scopes,
      encryptedColumns,
      ...(softMethod || softColumn
        ? {
            softDelete: {
              style: softMethod ? `${softMethod.name}() method` : `${softColumn!.name} field`,
              ...(softColumn ? { column: columnName(softColumn) } : {}),
              origin: softMethod ? { file: c.file, line: softMethod.line } : softColumn!.origin,
            },
          }
        : {}),
      origin: { file: c.file, line: c.line },
    };
    out.push(app);
  }
  return out;
}

/** Fields models.py declares that no migration creates (and models with no migration at all). */
export function driftNotes(set: ModelSet, physical: ProjectState, appsWithMigrations: Set<string>): void {
  for (const m of set.states) {
    if (m.abstract || m.proxy || m.managed === false) continue;
    const c = set.classes.get(m.name)!;
    const migrated = physical.models.get(modelKey(m.app, m.name));
    if (!migrated) {
      physical.note(
        'model-drift',
        appsWithMigrations.has(m.app)
          ? `model ${m.app}.${m.name} has no migration: \`makemigrations\` was not run after it was written, so its table does not exist`
          : `model ${m.app}.${m.name} is in an app without migrations: \`migrate\` does not create its table`,
        { file: c.file, line: c.line },
      );
      continue;
    }
    for (const f of m.fields) {
      if (!migrated.fields.some((x) => x.name === f.name) && !migrated.stateOnly?.added.includes(f.name)) {
        physical.note(
          'model-drift',
          `${m.app}.${m.name}.${f.name} is declared in the model but no migration adds it: the column \`${columnName(f)}\` does not exist in the database until \`makemigrations\` is run`,
          f.origin,
        );
      }
    }
    if (set.opaque.has(m.name)) continue;
    for (const f of migrated.fields) {
      if (!m.fields.some((x) => x.name === f.name) && !migrated.stateOnly?.removed.includes(f.name)) {
        physical.note(
          'model-drift',
          `${m.app}.${m.name}: the migrations create \`${f.name}\` (${f.by ?? 'a migration'}), which the model no longer declares; a migration to remove it is missing`,
          { file: c.file, line: c.line },
        );
      }
    }
  }
}

const DYNAMIC_HOOKS = new Set(['setattr', 'add_to_class', 'contribute_to_class']);

/**
 * Fields that only running Python would reveal: a field built in a loop (`for f in […]: locals()[f] = …Field()`,
 * `setattr(Model, name, …Field())`) or added with setattr / add_to_class. Each is a warning at its line.
 */
export function dynamicFieldWarnings(root: Node, file: string, state: ProjectState): void {
  const hasFieldCall = (n: Node) => n.descendantsOfType('call').some((c) => c !== null && isFieldCall(pyValue(c)));
  const visit = (body: Node, where: string) => {
    for (const s of named(body)) {
      if (s.type === 'for_statement' || s.type === 'while_statement') {
        if (!hasFieldCall(s)) continue;
        const line = s.startPosition.row + 1;
        const head = s.text.split('\n')[0].trim().slice(0, 80);
        state.warn('django-dynamic-field', `${file}:${line}: fields built in a loop${where} (\`${head}\`) are not read: only running Python would tell their names; their columns come from the migrations, if any`, { file, line });
      } else if (s.type === 'expression_statement') {
        const call = named(s)[0];
        if (call?.type !== 'call') continue;
        const v = pyValue(call);
        if (v.k !== 'call' || !DYNAMIC_HOOKS.has(lastName(v.func)) || !hasFieldCall(call)) continue;
        const line = s.startPosition.row + 1;
        state.warn('django-dynamic-field', `${file}:${line}: a field added with ${lastName(v.func)}()${where} is not read: only running Python would tell it; its column comes from the migrations, if any`, { file, line });
      }
    }
    for (const cls of classesIn(body)) {
      const b = cls.childForFieldName('body');
      if (b) visit(b, ` in class ${cls.childForFieldName('name')?.text ?? '?'}`);
    }
  };
  visit(root, '');
}

/** `class MoneyField(models.DecimalField)` of one file: custom field class name → the field class it extends. */
export function customFieldBases(root: Node, into: Map<string, string>): void {
  for (const cls of classesIn(root)) {
    const name = cls.childForFieldName('name')?.text;
    if (!name) continue;
    for (const b of named(cls.childForFieldName('superclasses'))) {
      if (b.type !== 'identifier' && b.type !== 'attribute') continue;
      const base = lastName(b.text);
      if (base.endsWith('Field') && base !== name) {
        if (!into.has(name)) into.set(name, base);
        break;
      }
    }
  }
}

/**
 * Custom field classes followed through chains of custom fields to the built-in field they extend, so their
 * columns get that type; those that end elsewhere (a third-party base schemascope does not know) are left out.
 */
export function resolveCustomFields(direct: Map<string, string>, known: (type: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of direct.keys()) {
    if (known(name)) continue;
    let t = name;
    const seen = new Set<string>();
    while (direct.has(t) && !seen.has(t) && !known(t)) {
      seen.add(t);
      t = direct.get(t)!;
    }
    if (known(t)) out.set(name, t);
  }
  return out;
}
