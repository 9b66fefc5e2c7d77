// From the replayed project state to catalog tables, with Django's physical conventions on PostgreSQL:
// `app_model` tables, an identity `id`, `<name>_id` foreign-key columns with an index and a DEFERRABLE
// INITIALLY DEFERRED constraint (ON DELETE NO ACTION: Django runs on_delete itself), many-to-many through
// tables, CHECK (col >= 0) for positive integer fields, and the constraint names Django's schema editor picks.
import { createHash } from 'node:crypto';
import type { CheckConstraint, Column, ForeignKey, Index, Table, TypeFamily, UniqueConstraint } from '../../catalog/types.js';
import { quoteIdent, quoteLiteral } from '../../fixes/quote.js';
import { pgObjectName } from '../rails/physical.js';
import { kw, lastName, num, str, strList, textOf, truthy, type PyValue } from './python.js';
import { modelKey, tableName, type FieldDef, type ModelState, type ProjectState } from './state.js';
import { emptyTableParts } from '../../catalog/build.js';

export interface Settings {
  /** USE_TZ (default True since Django 5.0, and in every settings.py startproject writes). */
  useTz: boolean;
  /** DEFAULT_AUTO_FIELD, last segment (`BigAutoField`). */
  defaultAutoField: string;
  /** Per-app AppConfig.default_auto_field. */
  appAutoField: Map<string, string>;
  /** AUTH_USER_MODEL as `app.Model`. */
  authUserModel: string;
  /** Custom field classes of the project (`MoneyField` → `DecimalField`): typed as the built-in they extend. */
  customFields?: Map<string, string>;
}

export const SCHEMA = 'public';
const MAX_NAME = 63;

/** Django's names_digest: MD5 over the names, first `length` hex digits. */
function namesDigest(args: string[], length: number): string {
  const h = createHash('md5');
  for (const a of args) h.update(a);
  return h.digest('hex').slice(0, length);
}

/** BaseDatabaseSchemaEditor._create_index_name, with PostgreSQL's 63-character limit. */
export function djangoIndexName(table: string, columns: string[], suffix = ''): string {
  let hashSuffix = `${namesDigest([table, ...columns], 8)}${suffix}`;
  let name = `${table}_${columns.join('_')}_${hashSuffix}`;
  if (name.length <= MAX_NAME) return name;
  if (hashSuffix.length > MAX_NAME / 3) hashSuffix = hashSuffix.slice(0, Math.floor(MAX_NAME / 3));
  const other = Math.floor((MAX_NAME - hashSuffix.length) / 2) - 1;
  name = `${table.slice(0, other)}_${columns.join('_').slice(0, other)}_${hashSuffix}`;
  if (name[0] === '_' || /^\d/.test(name)) name = `D${name.slice(0, -1)}`;
  return name;
}

export interface FieldInfo {
  type: string;
  call: PyValue & { k: 'call' };
  encrypted: boolean;
}

/** The field call, unwrapping django_cryptography's `encrypt(models.CharField(…))`. */
export function fieldInfo(v: PyValue): FieldInfo | undefined {
  if (v.k !== 'call') return undefined;
  if (lastName(v.func) === 'encrypt' && v.args[0]?.k === 'call') return { type: lastName(v.args[0].func), call: v.args[0], encrypted: true };
  return { type: lastName(v.func), call: v, encrypted: false };
}

export const RELATION_TYPES = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField', 'ParentalKey', 'TreeForeignKey']);

export function isFieldCall(v: PyValue): boolean {
  const fi = fieldInfo(v);
  if (!fi) return false;
  return fi.type.endsWith('Field') || RELATION_TYPES.has(fi.type) || fi.encrypted;
}

interface Physical {
  dataType: string;
  family: TypeFamily;
  length?: number;
  precision?: number;
  scale?: number;
  identity?: boolean;
  /** PositiveIntegerField and friends: CHECK (col >= 0). */
  nonNegative?: boolean;
}

const AUTO: Record<string, Physical> = {
  AutoField: { dataType: 'integer', family: 'integer', identity: true },
  BigAutoField: { dataType: 'bigint', family: 'bigint', identity: true },
  SmallAutoField: { dataType: 'smallint', family: 'smallint', identity: true },
};

const varchar = (n: number): Physical => ({ dataType: `character varying(${n})`, family: 'varchar', length: n });

/** The PostgreSQL type Django's schema editor gives a (non-relation) field; undefined when unknown. */
export function physicalType(fi: FieldInfo, settings: Settings): Physical | undefined {
  if (fi.encrypted) return { dataType: 'bytea', family: 'bytea' };
  const c = fi.call;
  const maxLength = num(kw(c, 'max_length'));
  switch (fi.type) {
    case 'AutoField':
    case 'BigAutoField':
    case 'SmallAutoField':
      return AUTO[fi.type];
    case 'CharField':
    case 'CICharField':
      return maxLength ? varchar(maxLength) : { dataType: 'character varying', family: 'varchar' };
    case 'SlugField':
      return varchar(maxLength ?? 50);
    case 'EmailField':
    case 'CIEmailField':
      return varchar(maxLength ?? 254);
    case 'URLField':
      return varchar(maxLength ?? 200);
    case 'FileField':
    case 'ImageField':
    case 'FilePathField':
      return varchar(maxLength ?? 100);
    case 'CommaSeparatedIntegerField':
      return varchar(maxLength ?? 255);
    case 'TextField':
    case 'CITextField':
      return { dataType: 'text', family: 'text' };
    case 'BooleanField':
    case 'NullBooleanField':
      return { dataType: 'boolean', family: 'boolean' };
    case 'IntegerField':
      return { dataType: 'integer', family: 'integer' };
    case 'BigIntegerField':
      return { dataType: 'bigint', family: 'bigint' };
    case 'SmallIntegerField':
      return { dataType: 'smallint', family: 'smallint' };
    case 'PositiveIntegerField':
      return { dataType: 'integer', family: 'integer', nonNegative: true };
    case 'PositiveBigIntegerField':
      return { dataType: 'bigint', family: 'bigint', nonNegative: true };
    case 'PositiveSmallIntegerField':
      return { dataType: 'smallint', family: 'smallint', nonNegative: true };
    case 'DecimalField': {
      const p = num(kw(c, 'max_digits'));
      const s = num(kw(c, 'decimal_places'));
      return p !== undefined ? { dataType: `numeric(${p},${s ?? 0})`, family: 'numeric', precision: p, scale: s ?? 0 } : { dataType: 'numeric', family: 'numeric' };
    }
    case 'FloatField':
      return { dataType: 'double precision', family: 'float' };
    case 'DateTimeField':
      return settings.useTz ? { dataType: 'timestamp with time zone', family: 'timestamptz' } : { dataType: 'timestamp without time zone', family: 'timestamp' };
    case 'DateField':
      return { dataType: 'date', family: 'date' };
    case 'TimeField':
      return { dataType: 'time without time zone', family: 'time' };
    case 'DurationField':
      return { dataType: 'interval', family: 'interval' };
    case 'UUIDField':
      return { dataType: 'uuid', family: 'uuid' };
    case 'JSONField':
      return { dataType: 'jsonb', family: 'json' };
    case 'HStoreField':
      return { dataType: 'hstore', family: 'other' };
    case 'BinaryField':
      return { dataType: 'bytea', family: 'bytea' };
    case 'GenericIPAddressField':
    case 'IPAddressField':
      return { dataType: 'inet', family: 'inet' };
    case 'ArrayField': {
      const base = c.args[0] ?? kw(c, 'base_field');
      const bi = base ? fieldInfo(base) : undefined;
      const bt = bi ? physicalType(bi, settings) : undefined;
      return bt ? { dataType: `${bt.dataType}[]`, family: 'array' } : undefined;
    }
    default: {
      const base = settings.customFields?.get(fi.type);
      return base && base !== fi.type ? physicalType({ ...fi, type: base }, settings) : undefined;
    }
  }
}

/** Whether `physicalType` knows a built-in field type by its name alone (custom field classes extend one). */
export function knownFieldType(type: string): boolean {
  if (type === 'ArrayField') return true;
  const call: PyValue & { k: 'call' } = { k: 'call', func: type, args: [], kwargs: [], line: 1, text: `${type}()` };
  return physicalType({ type, call, encrypted: false }, { useTz: true, defaultAutoField: 'BigAutoField', appAutoField: new Map(), authUserModel: 'auth.User' }) !== undefined;
}

/** The key column of a model: the field with primary_key=True, else `id`. */
export function primaryKeyOf(m: ModelState): FieldDef | undefined {
  return m.fields.find((f) => truthy(kw(fieldInfo(f.value)?.call, 'primary_key'))) ?? m.fields.find((f) => f.name === 'id');
}

export interface Target {
  key: string;
  model?: ModelState;
  table: string;
  /** `app.Model` as the relationship names it. */
  label: string;
}

/** Resolves a relation's `to` (a model reference, `"app.Model"`, `"self"`, settings.AUTH_USER_MODEL). */
export function resolveTarget(to: PyValue | undefined, from: ModelState, state: ProjectState, settings: Settings): Target | undefined {
  let ref: string | undefined;
  if (to?.k === 'str') ref = to.v;
  else if (to?.k === 'ref') ref = to.name.endsWith('AUTH_USER_MODEL') ? settings.authUserModel : lastName(to.name);
  if (!ref) return undefined;
  if (ref === 'self') ref = `${from.app}.${from.name}`;
  let key: string;
  if (ref.includes('.')) {
    const [app, name] = ref.split('.');
    key = modelKey(app, name);
  } else {
    const local = modelKey(from.app, ref);
    if (state.models.has(local) || state.renamed.has(local)) key = local;
    else {
      const others = [...state.models.values()].filter((m) => m.name.toLowerCase() === ref!.toLowerCase());
      key = others.length === 1 ? modelKey(others[0].app, others[0].name) : local;
    }
  }
  for (let i = 0; i < 10 && state.renamed.has(key); i++) key = state.renamed.get(key)!;
  const model = state.models.get(key);
  const [app, lower] = key.split('.');
  return { key, model, table: model ? tableName(model) : `${app}_${lower}`, label: model ? `${model.app}.${model.name}` : key };
}

/** Apps of django.contrib use AutoField (integer) keys. */
const CONTRIB_APPS = new Set(['auth', 'contenttypes', 'sites', 'admin', 'sessions', 'flatpages', 'redirects']);

function autoFor(app: string, settings: Settings): Physical {
  const name = CONTRIB_APPS.has(app) ? 'AutoField' : settings.appAutoField.get(app) ?? settings.defaultAutoField;
  return AUTO[name] ?? AUTO.BigAutoField;
}

/** The column type a foreign key to `target` gets: the target key's type, without identity. */
function keyTypeOf(target: Target, state: ProjectState, settings: Settings, depth = 0): Physical {
  const m = target.model;
  if (!m) return { ...autoFor(target.key.split('.')[0], settings), identity: false };
  const pk = primaryKeyOf(m);
  const fi = pk ? fieldInfo(pk.value) : undefined;
  if (!pk || !fi) return { ...autoFor(m.app, settings), identity: false };
  if ((fi.type === 'OneToOneField' || fi.type === 'ForeignKey') && depth < 5) {
    const t = resolveTarget(kw(fi.call, 'to') ?? fi.call.args[0], m, state, settings);
    if (t) return keyTypeOf(t, state, settings, depth + 1);
  }
  const p = physicalType(fi, settings);
  return p ? { ...p, identity: false, nonNegative: false } : { ...autoFor(m.app, settings), identity: false };
}

function targetColumn(target: Target, toField: string | undefined): string {
  if (toField) {
    const f = target.model?.fields.find((x) => x.name === toField);
    return f ? columnName(f) : toField;
  }
  const pk = target.model ? primaryKeyOf(target.model) : undefined;
  return pk ? columnName(pk) : 'id';
}

/** The column a field stores in: db_column, `<name>_id` for relations, else the name. */
export function columnName(f: FieldDef): string {
  const fi = fieldInfo(f.value);
  const dbColumn = str(kw(fi?.call, 'db_column'));
  if (dbColumn) return dbColumn;
  return fi && (fi.type === 'ForeignKey' || fi.type === 'OneToOneField' || fi.type === 'ParentalKey' || fi.type === 'TreeForeignKey') ? `${f.name}_id` : f.name;
}

/** A Python literal default as PostgreSQL prints it, for `db_default=`. */
function dbDefault(v: PyValue, p: Physical): string | undefined {
  if (v.k === 'num') return v.v < 0 ? `'${v.text}'::${p.dataType.replace(/\(.*\)/, '')}` : v.text;
  if (v.k === 'bool') return String(v.v);
  if (v.k === 'str') return `${quoteLiteral(v.v)}::${p.dataType.replace(/\(.*\)/, '')}`;
  if (v.k === 'call' && lastName(v.func) === 'Now') return 'statement_timestamp()';
  return undefined;
}

export interface BuildResult {
  tables: Table[];
  /** Columns encrypted by the application, per table. */
  encrypted: Map<string, string[]>;
}

type TableDraft = Table;

function indexDef(t: Table, name: string, unique: boolean, parts: string[], method = 'btree', where?: string): string {
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} USING ${method} (${parts.join(', ')})${where ? ` WHERE (${where})` : ''}`;
}

function addIndex(t: Table, ix: Omit<Index, 'definition' | 'includeColumns' | 'primary'> & { primary?: boolean; where?: string }): void {
  if (t.indexes.some((x) => x.name === ix.name)) return;
  const { where, ...rest } = ix;
  t.indexes.push({
    includeColumns: [],
    primary: false,
    ...rest,
    ...(where ? { predicate: where } : {}),
    definition: indexDef(t, ix.name, ix.unique, ix.keyParts.map((k, i) => (ix.columns[i] ? quoteIdent(ix.columns[i]!) : k)), ix.method, where),
  });
}

function addUnique(t: Table, name: string, columns: string[], origin: Table['origin'], nullsNotDistinct = false): void {
  if (t.uniques.some((u) => u.name === name)) return;
  const u: UniqueConstraint = { name, columns, nullsNotDistinct, origin };
  t.uniques.push(u);
  addIndex(t, { name, columns, keyParts: columns, unique: true, method: 'btree', constraint: name, origin });
}

/** Builds every concrete model's table (and its many-to-many through tables). */
export function buildTables(state: ProjectState, settings: Settings): BuildResult {
  const tables: TableDraft[] = [];
  const encrypted = new Map<string, string[]>();
  const byName = new Map<string, Table>();
  const through: { model: ModelState; field: FieldDef; target: Target }[] = [];

  for (const m of state.models.values()) {
    if (m.abstract || m.proxy) continue;
    if (m.managed === false) {
      state.note('unmanaged-model', `${m.app}.${m.name} has managed = False: Django does not create or migrate its table \`${tableName(m)}\`; it is not in the catalog`, m.origin);
      continue;
    }
    const name = tableName(m);
    const t: Table = {
      schema: SCHEMA,
      name,
      kind: 'table',
      ...emptyTableParts(),
      origin: m.origin,
    };
    const fieldColumn = new Map<string, string>();
    for (const f of m.fields) {
      const fi = fieldInfo(f.value);
      if (!fi) {
        state.warn('django-unreadable-field', `${f.origin.file}:${f.origin.line}: field ${m.name}.${f.name} = \`${textOf(f.value).slice(0, 80)}\` is not a field call; not read`, f.origin);
        continue;
      }
      const c = fi.call;
      const origin = f.origin;
      if (fi.type === 'ManyToManyField') {
        const target = resolveTarget(kw(c, 'to') ?? c.args[0], m, state, settings);
        if (!target) state.warn('django-unresolved-relation', `${origin.file}:${origin.line}: ${m.name}.${f.name}: the target model is not a literal; no through table`, origin);
        else if (!kw(c, 'through')) through.push({ model: m, field: f, target });
        continue;
      }
      const relation = fi.type === 'ForeignKey' || fi.type === 'OneToOneField' || fi.type === 'ParentalKey' || fi.type === 'TreeForeignKey';
      const col = columnName(f);
      fieldColumn.set(f.name, col);
      let p: Physical | undefined;
      let target: Target | undefined;
      if (relation) {
        target = resolveTarget(kw(c, 'to') ?? c.args[0], m, state, settings);
        if (!target) {
          state.warn('django-unresolved-relation', `${origin.file}:${origin.line}: ${m.name}.${f.name}: the target model is not a literal; the column type is assumed to be the default key type`, origin);
          p = { ...autoFor(m.app, settings), identity: false };
        } else p = keyTypeOf(target, state, settings);
      } else p = physicalType(fi, settings);
      if (!p) {
        state.warn('django-unknown-field-type', `${origin.file}:${origin.line}: ${m.name}.${f.name} is a \`${fi.type}\`, a field type schemascope does not know; its column is recorded with an unknown type`, origin);
        p = { dataType: fi.type.toLowerCase(), family: 'other' };
      }
      const primary = truthy(kw(c, 'primary_key')) ?? false;
      const nullable = !primary && (truthy(kw(c, 'null')) ?? fi.type === 'NullBooleanField');
      const dbDef = kw(c, 'db_default');
      const def = dbDef ? dbDefault(dbDef, p) : undefined;
      const column: Column = {
        name: col,
        dataType: p.dataType,
        family: p.family,
        ...(p.length !== undefined ? { length: p.length } : {}),
        ...(p.precision !== undefined ? { precision: p.precision, scale: p.scale } : {}),
        nullable,
        ...(def ? { default: def } : {}),
        ...(p.identity ? { identity: 'by default' as const } : {}),
        autoIncrement: !!p.identity,
        ...(str(kw(c, 'db_comment')) ? { comment: str(kw(c, 'db_comment')) } : {}),
        origin,
      };
      if (t.columns.some((x) => x.name === col)) {
        state.warn('django-duplicate-column', `${origin.file}:${origin.line}: ${m.name}.${f.name}: column \`${col}\` twice in ${name}; the later one kept`, origin);
        t.columns = t.columns.filter((x) => x.name !== col);
      }
      t.columns.push(column);
      if (fi.encrypted) encrypted.set(name, [...(encrypted.get(name) ?? []), col]);
      if (dbDef && !def) state.warn('django-db-default-unread', `${origin.file}:${origin.line}: db_default of ${m.name}.${f.name} is not a literal; not recorded`, origin, true);

      if (primary) {
        const pk = pgObjectName(name, undefined, 'pkey');
        t.primaryKey = { name: pk, columns: [col], origin };
        addIndex(t, { name: pk, columns: [col], keyParts: [col], unique: true, primary: true, method: 'btree', constraint: pk, origin });
      }
      const unique = !primary && (fi.type === 'OneToOneField' || truthy(kw(c, 'unique')) === true);
      if (unique) addUnique(t, f.added ? djangoIndexName(name, [col], '_uniq') : pgObjectName(name, col, 'key'), [col], origin);
      if (p.nonNegative) {
        t.checks.push({ name: pgObjectName(name, col, 'check'), expression: `(${col} >= 0)`, columns: [col], validated: true, origin });
      }
      if (relation && target) {
        const refColumn = targetColumn(target, str(kw(c, 'to_field')));
        if (truthy(kw(c, 'db_constraint')) !== false) {
          const fk: ForeignKey = {
            name: djangoIndexName(name, [col], `_fk_${target.table}_${refColumn}`),
            columns: [col],
            refSchema: SCHEMA,
            refTable: target.table,
            refColumns: [refColumn],
            onDelete: 'no action',
            onUpdate: 'no action',
            deferrable: true,
            validated: true,
            origin,
          };
          t.foreignKeys.push(fk);
        } else {
          state.note('no-db-constraint', `${m.name}.${f.name} has db_constraint=False: no foreign key in the database; only Django keeps \`${col}\` pointing at ${target.label}`, origin);
        }
      }
      const dbIndex = truthy(kw(c, 'db_index'));
      if (!primary && !unique && (dbIndex === true || (relation && dbIndex !== false))) {
        const ix = djangoIndexName(name, [col]);
        addIndex(t, { name: ix, columns: [col], keyParts: [col], unique: false, method: 'btree', origin });
      }
      // PostgreSQL's schema editor adds a second index with the pattern operator class for LIKE outside the C
      // locale to every indexed or unique varchar/text column (primary keys included): `<table>_<col>_<md5>_like`.
      const indexed = primary || unique || dbIndex === true || (relation && dbIndex !== false);
      const opclass = p.dataType.startsWith('character varying') ? 'varchar_pattern_ops' : p.dataType === 'text' ? 'text_pattern_ops' : undefined;
      if (indexed && opclass && !fi.type.startsWith('CI') && !kw(c, 'db_collation')) {
        const like = djangoIndexName(name, [col], '_like');
        addIndex(t, { name: like, columns: [col], keyParts: [col], unique: false, method: 'btree', origin });
        const ix = t.indexes.find((x) => x.name === like)!;
        ix.definition = `CREATE INDEX ${quoteIdent(like)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} USING btree (${quoteIdent(col)} ${opclass})`;
      }
      const choices = kw(c, 'choices');
      if (choices) {
        const values = choiceValues(choices);
        state.note(
          'choices',
          `${name}.${col}: choices ${values ? `(${values.join(', ')})` : `\`${textOf(choices).slice(0, 60)}\``} are checked by Django forms and full_clean() only; the database accepts any value (no CHECK constraint)`,
          origin,
        );
      }
    }
    const colOf = (field: string) => fieldColumn.get(field) ?? fieldColumn.get(field.replace(/_id$/, '')) ?? field;
    for (const set of m.uniqueTogether) {
      const cols = set.value.map(colOf);
      addUnique(t, djangoIndexName(name, cols, '_uniq'), cols, set.origin);
    }
    for (const set of m.indexTogether) {
      const cols = set.value.map(colOf);
      addIndex(t, { name: djangoIndexName(name, cols, '_idx'), columns: cols, keyParts: cols, unique: false, method: 'btree', origin: set.origin });
    }
    for (const ix of m.indexes) metaIndex(t, ix.value, ix.origin, colOf, state);
    for (const cs of m.constraints) metaConstraint(t, cs.value, cs.origin, colOf, state);
    tables.push(t);
    byName.set(name, t);
  }

  for (const { model, field, target } of through) {
    const from = tableName(model);
    const c = fieldInfo(field.value)!.call;
    const name = str(kw(c, 'db_table')) ?? `${from}_${field.name}`;
    if (byName.has(name)) continue;
    const origin = field.origin;
    const self = target.key === modelKey(model.app, model.name);
    const a = self ? `from_${model.name.toLowerCase()}_id` : `${model.name.toLowerCase()}_id`;
    const b = self ? `to_${model.name.toLowerCase()}_id` : `${target.key.split('.')[1]}_id`;
    const fromType = keyTypeOf({ key: modelKey(model.app, model.name), model, table: from, label: model.name }, state, settings);
    const toType = keyTypeOf(target, state, settings);
    const id = autoFor(model.app, settings);
    const col = (n: string, p: Physical, identity = false): Column => ({
      name: n,
      dataType: p.dataType,
      family: p.family,
      ...(p.length !== undefined ? { length: p.length } : {}),
      nullable: false,
      ...(identity ? { identity: 'by default' as const } : {}),
      autoIncrement: identity,
      origin,
    });
    const t: Table = {
      schema: SCHEMA,
      name,
      kind: 'table',
      columns: [col('id', id, true), col(a, fromType), col(b, toType)],
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
      rls: { enabled: false, forced: false },
      policies: [],
      triggers: [],
      origin,
    };
    const pk = pgObjectName(name, undefined, 'pkey');
    t.primaryKey = { name: pk, columns: ['id'], origin };
    addIndex(t, { name: pk, columns: ['id'], keyParts: ['id'], unique: true, primary: true, method: 'btree', constraint: pk, origin });
    addUnique(t, djangoIndexName(name, [a, b], '_uniq'), [a, b], origin);
    for (const [cn, ref, refCol] of [
      [a, from, 'id'],
      [b, target.table, targetColumn(target, undefined)],
    ] as const) {
      t.foreignKeys.push({
        name: djangoIndexName(name, [cn], `_fk_${ref}_${refCol}`),
        columns: [cn],
        refSchema: SCHEMA,
        refTable: ref,
        refColumns: [refCol],
        onDelete: 'no action',
        onUpdate: 'no action',
        deferrable: true,
        validated: true,
        origin,
      });
      addIndex(t, { name: djangoIndexName(name, [cn]), columns: [cn], keyParts: [cn], unique: false, method: 'btree', origin });
    }
    tables.push(t);
    byName.set(name, t);
  }
  return { tables, encrypted };
}

function choiceValues(v: PyValue): string[] | undefined {
  if (v.k !== 'list') return undefined;
  const out: string[] = [];
  for (const item of v.items) {
    const value = item.k === 'list' ? item.items[0] : undefined;
    if (!value || (value.k !== 'str' && value.k !== 'num' && value.k !== 'bool')) return undefined;
    out.push(value.k === 'str' ? value.v : textOf(value));
  }
  return out;
}

const INDEX_METHODS: Record<string, string> = {
  Index: 'btree',
  GinIndex: 'gin',
  GistIndex: 'gist',
  BrinIndex: 'brin',
  HashIndex: 'hash',
  SpGistIndex: 'spgist',
  BTreeIndex: 'btree',
  BloomIndex: 'bloom',
};

/** `models.Index(fields=[...], name=..., condition=Q(...))` and the contrib.postgres index classes. */
function metaIndex(t: Table, v: PyValue, origin: { file: string; line: number }, colOf: (f: string) => string, state: ProjectState): void {
  const method = v.k === 'call' ? INDEX_METHODS[lastName(v.func)] : undefined;
  if (v.k !== 'call' || !method) {
    state.warn('django-unreadable-index', `${origin.file}:${origin.line}: index \`${textOf(v).slice(0, 80)}\` is not read`, origin);
    return;
  }
  const fields = strList(kw(v, 'fields')) ?? [];
  const columns: (string | null)[] = [];
  const keyParts: string[] = [];
  for (const f of fields) {
    const desc = f.startsWith('-');
    const c = colOf(desc ? f.slice(1) : f);
    columns.push(c);
    keyParts.push(desc ? `${c} DESC` : c);
  }
  for (const e of v.args) {
    const sql = expressionSql(e, colOf);
    columns.push(null);
    keyParts.push(sql ?? textOf(e));
  }
  if (!keyParts.length) {
    state.warn('django-unreadable-index', `${origin.file}:${origin.line}: index without literal fields; not read`, origin);
    return;
  }
  const name = str(kw(v, 'name')) ?? djangoIndexName(t.name, columns.map((c) => c ?? 'expr'), '_idx');
  const cond = kw(v, 'condition');
  const where = cond ? qSql(cond, colOf) : undefined;
  if (cond && !where) state.warn('django-unreadable-condition', `${origin.file}:${origin.line}: condition \`${textOf(cond).slice(0, 80)}\` of index ${name} is not read; recorded as a full index`, origin);
  addIndex(t, { name, columns, keyParts: keyParts.map((k, i) => (columns[i] && !k.endsWith(' DESC') ? columns[i]! : k)), unique: false, method, origin, ...(where ? { where } : {}) });
  const include = strList(kw(v, 'include'));
  if (include) t.indexes[t.indexes.length - 1].includeColumns = include.map(colOf);
}

function metaConstraint(t: Table, v: PyValue, origin: { file: string; line: number }, colOf: (f: string) => string, state: ProjectState): void {
  const kind = v.k === 'call' ? lastName(v.func) : '';
  const name = str(kw(v, 'name'));
  if (kind === 'UniqueConstraint' && name) {
    const fields = strList(kw(v, 'fields'));
    const cols = fields?.map(colOf) ?? [];
    const exprs = v.k === 'call' ? v.args.map((e) => expressionSql(e, colOf) ?? textOf(e)) : [];
    const cond = kw(v, 'condition');
    const nnd = truthy(kw(v, 'nulls_distinct')) === false;
    if (cond || exprs.length) {
      // A conditional or expression unique constraint is a unique index in PostgreSQL.
      const where = cond ? qSql(cond, colOf) : undefined;
      if (cond && !where) state.warn('django-unreadable-condition', `${origin.file}:${origin.line}: condition \`${textOf(cond).slice(0, 80)}\` of ${name} is not read; recorded as unconditional`, origin);
      addIndex(t, { name, columns: [...cols, ...exprs.map(() => null)], keyParts: [...cols, ...exprs], unique: true, method: 'btree', origin, ...(where ? { where } : {}) });
      return;
    }
    if (!cols.length) {
      state.warn('django-unreadable-constraint', `${origin.file}:${origin.line}: UniqueConstraint ${name} without literal fields; not read`, origin);
      return;
    }
    addUnique(t, name, cols, origin, nnd);
    return;
  }
  if (kind === 'CheckConstraint' && name) {
    const cond = kw(v, 'check') ?? kw(v, 'condition');
    const sql = cond ? qSql(cond, colOf) : undefined;
    if (!sql) {
      state.warn('django-unreadable-constraint', `${origin.file}:${origin.line}: CheckConstraint ${name}: its condition is not read; recorded without columns`, origin);
    }
    const check: CheckConstraint = { name, expression: sql ? `(${sql})` : cond ? textOf(cond) : '', columns: sql ? columnsIn(cond!, colOf) : [], validated: true, origin };
    t.checks.push(check);
    return;
  }
  state.warn('django-unreadable-constraint', `${origin.file}:${origin.line}: constraint \`${textOf(v).slice(0, 80)}\` is not read`, origin);
}

const OPS: Record<string, string> = { exact: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function literalSql(v: PyValue, colOf: (f: string) => string): string | undefined {
  if (v.k === 'str') return quoteLiteral(v.v);
  if (v.k === 'num') return v.text;
  if (v.k === 'bool') return v.v ? 'true' : 'false';
  if (v.k === 'none') return 'NULL';
  if (v.k === 'call' && lastName(v.func) === 'F') {
    const f = str(v.args[0]);
    return f ? colOf(f) : undefined;
  }
  if (v.k === 'call' && lastName(v.func) === 'Now') return 'statement_timestamp()';
  return undefined;
}

/** A Q object (AND of lookups, `~Q`) as SQL; undefined when it goes beyond that. */
export function qSql(v: PyValue, colOf: (f: string) => string): string | undefined {
  if (v.k === 'not') {
    const inner = qSql(v.v, colOf);
    return inner ? `NOT (${inner})` : undefined;
  }
  if (v.k !== 'call' || lastName(v.func) !== 'Q' || v.args.length) return undefined;
  const parts: string[] = [];
  for (const [key, value] of v.kwargs) {
    const bits = key.split('__');
    const lookup = bits.length > 1 && (bits[bits.length - 1] in OPS || ['isnull', 'in'].includes(bits[bits.length - 1])) ? bits.pop()! : 'exact';
    if (bits.length !== 1) return undefined;
    const col = colOf(bits[0]);
    if (lookup === 'isnull') {
      const b = truthy(value);
      if (b === undefined) return undefined;
      parts.push(`${col} IS ${b ? '' : 'NOT '}NULL`);
    } else if (lookup === 'in') {
      if (value.k !== 'list') return undefined;
      const items = value.items.map((i) => literalSql(i, colOf));
      if (items.some((i) => i === undefined)) return undefined;
      parts.push(`${col} IN (${items.join(', ')})`);
    } else {
      const lit = literalSql(value, colOf);
      if (lit === undefined) return undefined;
      parts.push(lit === 'NULL' ? `${col} IS NULL` : `${col} ${OPS[lookup]} ${lit}`);
    }
  }
  return parts.length ? parts.join(' AND ') : undefined;
}

function columnsIn(v: PyValue, colOf: (f: string) => string): string[] {
  if (v.k === 'not') return columnsIn(v.v, colOf);
  if (v.k !== 'call') return [];
  const out = new Set<string>();
  for (const [key, value] of v.kwargs) {
    out.add(colOf(key.split('__')[0]));
    if (value.k === 'call' && lastName(value.func) === 'F' && str(value.args[0])) out.add(colOf(str(value.args[0])!));
  }
  return [...out];
}

/** `Lower("email")`, `F("x").desc()`-free expressions of an index, as SQL. */
function expressionSql(v: PyValue, colOf: (f: string) => string): string | undefined {
  if (v.k !== 'call') return undefined;
  const fn = lastName(v.func);
  const inner = v.args.map((a) => (a.k === 'str' ? colOf(a.v) : expressionSql(a, colOf)));
  if (inner.some((i) => i === undefined)) return undefined;
  if (fn === 'F') return inner[0];
  const sqlName: Record<string, string> = { Lower: 'lower', Upper: 'upper', Coalesce: 'COALESCE', Trunc: 'date_trunc', Length: 'length' };
  return sqlName[fn] ? `${sqlName[fn]}(${inner.join(', ')})` : undefined;
}
