// SQLAlchemy declarative models: classes with `__tablename__`, their columns (Column / mapped_column / Mapped[...]
// annotations), mixins (columns inherited from classes without a table, `@declared_attr` included), relationships,
// `__table_args__`, `Table(...)` association tables and Python enum classes. They give the application facts
// (models, relationships, encrypted columns, notes) and, when there are no Alembic revisions, the physical schema.
import type { AppModel, AppRelationship, Dialect, Origin, Table } from '../../catalog/types.js';
import { createTableItems } from './alembic.js';
import { asCall, lineOf, literal, named, shortName, stringValue, type Call, type Node } from './python.js';
import { readColumnCall, SchemaModel, type ColumnDef, type Note } from './schema.js';
import { typeFromAnnotation, unwrapMapped, type EnumResolver } from './types.js';

export interface PyClass {
  name: string;
  file: string;
  line: number;
  bases: string[];
  body: Node;
}

/** `x = Table("name", metadata, Column(...), …)` at module level. */
export interface PyTable {
  variable?: string;
  name: string;
  call: Call;
  file: string;
}

export interface ModelColumn {
  attr: string;
  def: ColumnDef;
  file: string;
  /** The class that declares it (a mixin, or the model itself). */
  from: string;
}

interface RelInfo {
  name: string;
  target?: string;
  backPopulates?: string;
  secondary?: string;
  uselist?: boolean;
  collection?: boolean;
  foreignKeys?: string[];
  cascade?: string;
  passiveDeletes?: boolean;
  origin: Origin;
}

export interface ModelInfo {
  cls: PyClass;
  table?: string;
  schema?: string;
  abstract: boolean;
  columns: ModelColumn[];
  relationships: RelInfo[];
  tableArgs: { node: Node; file: string; attrs: Map<string, string> }[];
  hooks: { name: string; origin: Origin }[];
}

/** Reads every class and module-level Table(...) of one file. */
export function readModule(root: Node, file: string, classes: PyClass[], tables: PyTable[]): void {
  for (const stmt of named(root)) {
    let s = stmt;
    if (s.type === 'decorated_definition') s = named(s).find((n) => n.type === 'class_definition') ?? s;
    if (s.type === 'class_definition') {
      const name = s.childForFieldName('name')?.text;
      const body = s.childForFieldName('body');
      const sup = s.childForFieldName('superclasses');
      if (!name || !body) continue;
      const bases = sup ? named(sup).filter((n) => n.type !== 'keyword_argument').map((n) => n.text.replace(/\s+/g, '')) : [];
      classes.push({ name, file, line: lineOf(s), bases, body });
    } else if (s.type === 'expression_statement') {
      const a = named(s)[0];
      if (a?.type !== 'assignment') continue;
      const call = asCall(a.childForFieldName('right'));
      if (call?.short !== 'Table') continue;
      const name = stringValue(call.args[0]);
      if (name) tables.push({ variable: a.childForFieldName('left')?.text, name, call, file });
    }
  }
}

const ENUM_BASES = new Set(['Enum', 'StrEnum', 'IntEnum']);

/** Python enum classes → member names (what sa.Enum(PyEnum) stores unless values_callable says otherwise). */
export function enumResolver(classes: PyClass[]): EnumResolver {
  const enums = new Map<string, { values: string[]; line: number }>();
  for (const c of classes) {
    if (!c.bases.some((b) => ENUM_BASES.has(shortName(b)))) continue;
    const values: string[] = [];
    for (const st of named(c.body)) {
      const a = named(st)[0];
      if (st.type !== 'expression_statement' || a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier' && !left.text.startsWith('_')) values.push(left.text);
    }
    enums.set(c.name, { values, line: c.line });
  }
  return (name) => enums.get(name);
}

/** A declaration of the class body: `name = value`, `name: T = value`, `name: T`, or a @declared_attr method. */
interface Decl {
  name: string;
  annotation?: Node;
  value?: Node;
  line: number;
  declaredAttr?: boolean;
}

function declarations(body: Node): { decls: Decl[]; hooks: { name: string; line: number }[] } {
  const decls: Decl[] = [];
  const hooks: { name: string; line: number }[] = [];
  for (const st of named(body)) {
    if (st.type === 'expression_statement') {
      const a = named(st)[0];
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      if (left?.type !== 'identifier') continue;
      decls.push({ name: left.text, annotation: a.childForFieldName('type') ?? undefined, value: a.childForFieldName('right') ?? undefined, line: lineOf(a) });
    } else if (st.type === 'decorated_definition') {
      const fn = named(st).find((n) => n.type === 'function_definition');
      const decorators = named(st).filter((n) => n.type === 'decorator').map((d) => d.text.replace(/^@/, '').replace(/\s+/g, ''));
      const name = fn?.childForFieldName('name')?.text;
      if (!fn || !name) continue;
      if (decorators.some((d) => /^(sa\.|orm\.)?declared_attr\b/.test(d))) {
        const ret = fn.childForFieldName('body')?.descendantsOfType('return_statement')[0];
        const value = ret ? named(ret)[0] : undefined;
        decls.push({ name, value, line: value ? lineOf(value) : lineOf(fn), declaredAttr: true });
      }
      const v = decorators.find((d) => /^(orm\.)?validates\(/.test(d) || /^(hybrid_property|reconstructor)/.test(d));
      if (v) hooks.push({ name: v.split('(')[0].replace(/^orm\./, ''), line: lineOf(fn) });
    }
  }
  return { decls, hooks };
}

const COLUMN_CALLS = new Set(['Column', 'mapped_column']);
const WRAPPERS = new Set(['deferred', 'column_property']);

export interface ModelCtx {
  dialect: Dialect;
  enums: EnumResolver;
  notes: Note[];
  warn: (code: string, msg: string, origin: Origin) => void;
  classNames: Set<string>;
}

/** Reads one class (with its mixin ancestors) into a ModelInfo; undefined for classes that map nothing. */
export function readModel(cls: PyClass, byName: Map<string, PyClass>, ctx: ModelCtx): ModelInfo | undefined {
  const own = declarations(cls.body);
  const tablenameDecl = own.decls.find((d) => d.name === '__tablename__');
  const abstract = own.decls.some((d) => d.name === '__abstract__' && d.value?.type === 'true');
  let table = tablenameDecl ? stringValue(tablenameDecl.value) : undefined;
  if (tablenameDecl && !table) {
    ctx.warn('sqlalchemy-computed-tablename', `${cls.name}.__tablename__ is computed (\`${(tablenameDecl.value?.text ?? '').split('\n')[0].slice(0, 60)}\`); the model is not mapped to a table`, { file: cls.file, line: tablenameDecl.line });
  }
  if (!table && !abstract) return undefined;
  const info: ModelInfo = { cls, ...(table ? { table } : {}), abstract, columns: [], relationships: [], tableArgs: [], hooks: [] };

  // Mixins and abstract bases first (their columns come before the model's own), nearest last so it wins.
  const chain: PyClass[] = [];
  const seen = new Set<string>();
  const visit = (c: PyClass) => {
    for (const b of [...c.bases].reverse()) {
      const base = byName.get(shortName(b));
      if (!base || seen.has(base.name)) continue;
      seen.add(base.name);
      const hasTable = declarations(base.body).decls.some((d) => d.name === '__tablename__');
      if (hasTable) continue; // joined-table inheritance: the parent's columns stay in the parent's table
      visit(base);
      chain.push(base);
    }
  };
  visit(cls);
  chain.push(cls);

  for (const c of chain) {
    const { decls, hooks } = c === cls ? own : declarations(c.body);
    for (const h of hooks) info.hooks.push({ name: h.name, origin: { file: c.file, line: h.line } });
    const relNames = new Map<string, number>();
    const attrs = new Map<string, string>();
    for (const d of decls) {
      if (d.name === '__table_args__' && d.value) {
        info.tableArgs.push({ node: d.value, file: c.file, attrs });
        continue;
      }
      if (d.name.startsWith('__')) continue;
      let call = asCall(d.value);
      if (call && WRAPPERS.has(call.short)) call = asCall(call.args[0]) ?? call;
      const mapped = unwrapMapped(d.annotation);
      if (call && (call.short === 'relationship' || call.short === 'relation')) {
        const prev = relNames.get(d.name);
        if (prev !== undefined) {
          ctx.notes.push({
            kind: 'duplicate-relationship',
            message: `${c.name}.${d.name} is assigned a relationship twice (lines ${prev} and ${d.line}): the second silently replaces the first${c !== cls ? ` (inherited by ${cls.name})` : ''}`,
            origin: { file: c.file, line: d.line },
          });
          info.relationships = info.relationships.filter((r) => r.name !== d.name);
        }
        relNames.set(d.name, d.line);
        info.relationships.push(readRelationship(d.name, call, mapped, c.file));
        continue;
      }
      const isColumnCall = call && COLUMN_CALLS.has(call.short);
      if (!isColumnCall && !(mapped.mapped && !d.value)) continue;
      const file = c.file;
      let def: ColumnDef | undefined;
      if (isColumnCall && call) {
        def = readColumnCall(call, d.name, ctx.dialect, ctx.enums, (msg, line) => ctx.warn('sqlalchemy-unknown-type', msg, { file, line }));
      } else {
        def = { name: d.name, primaryKey: false, unique: false, index: false, fks: [], line: d.line };
      }
      if (!def) continue;
      def.line = d.line;
      if (mapped.mapped) {
        // With a ForeignKey and no explicit type, SQLAlchemy takes the referenced column's type, not the annotation's.
        if (!def.type && mapped.inner && !def.fks.length) {
          if (ctx.classNames.has(shortName(mapped.inner)) && !ctx.enums(shortName(mapped.inner))) continue; // a relationship annotation
          def.type = typeFromAnnotation(mapped.inner, ctx.dialect, ctx.enums);
          if (!def.type && !def.fks.length) {
            ctx.warn('sqlalchemy-unknown-type', `${c.name}.${d.name}: Mapped[${mapped.inner}] has no column type SQLAlchemy derives by default; recorded as \`other\``, { file, line: d.line });
            def.type = { dataType: mapped.inner.toLowerCase(), family: 'other', written: mapped.inner };
          }
        }
        // SQLAlchemy 2.0: nullability follows Optional[...] unless nullable= says otherwise.
        if (def.nullable === undefined && !def.primaryKey) def.nullable = mapped.optional;
      }
      const pd = def.pyDefault;
      if (pd && (pd.type === 'dictionary' || pd.type === 'list' || pd.type === 'set')) {
        ctx.notes.push({
          kind: 'mutable-default',
          message: `${c.name}.${d.name} has default=${pd.text.length > 20 ? pd.type : pd.text}: one mutable object shared as the default; use default=${pd.type === 'dictionary' ? 'dict' : pd.type} (a callable) instead`,
          origin: { file, line: lineOf(pd) },
        });
      }
      attrs.set(d.name, def.name);
      info.columns = info.columns.filter((x) => x.attr !== d.name);
      info.columns.push({ attr: d.name, def, file, from: c.name });
    }
  }
  return info;
}

function readRelationship(name: string, call: Call, mapped: ReturnType<typeof unwrapMapped>, file: string): RelInfo {
  const first = call.args[0] ?? call.kwargs.get('argument');
  const targetText = stringValue(first) ?? (first?.type === 'identifier' || first?.type === 'attribute' ? first.text : undefined) ?? (mapped.inner ? stripCollection(mapped.inner).name : undefined);
  const sec = call.kwargs.get('secondary');
  const fks = call.kwargs.get('foreign_keys');
  const uselist = literal(call.kwargs.get('uselist'));
  const collection = mapped.inner ? stripCollection(mapped.inner).collection : undefined;
  const fkCols: string[] = [];
  if (fks) {
    const items = fks.type === 'list' || fks.type === 'tuple' ? named(fks) : [fks];
    for (const it of items) fkCols.push(shortName(stringValue(it) ?? it.text).replace(/^\[|\]$/g, ''));
  }
  return {
    name,
    ...(targetText ? { target: shortName(targetText.replace(/^["']|["']$/g, '')) } : {}),
    ...(stringValue(call.kwargs.get('back_populates') ?? call.kwargs.get('backref')) ? { backPopulates: stringValue(call.kwargs.get('back_populates') ?? call.kwargs.get('backref')) } : {}),
    ...(sec ? { secondary: stringValue(sec) ?? sec.text } : {}),
    ...(typeof uselist === 'boolean' ? { uselist } : {}),
    ...(collection !== undefined ? { collection } : {}),
    ...(fkCols.length ? { foreignKeys: fkCols } : {}),
    ...(stringValue(call.kwargs.get('cascade')) ? { cascade: stringValue(call.kwargs.get('cascade')) } : {}),
    ...(literal(call.kwargs.get('passive_deletes')) === true ? { passiveDeletes: true } : {}),
    origin: { file, line: call.line },
  };
}

function stripCollection(inner: string): { name: string; collection: boolean } {
  const m = /^(?:typing\.)?(List|list|Set|set|Sequence|WriteOnlyMapped|DynamicMapped)\[(.*)\]$/.exec(inner.replace(/\s+/g, ''));
  const name = (m ? m[2] : inner).replace(/^["']|["']$/g, '').replace(/^Optional\[(.*)\]$/, '$1').replace(/["']/g, '');
  return { name, collection: !!m };
}

/** Builds tables from the models (no Alembic revisions): columns, keys, `__table_args__`, and Table(...) objects. */
export function buildTablesFromModels(models: ModelInfo[], pyTables: PyTable[], m: SchemaModel, enums: EnumResolver): void {
  const concrete = models.filter((x) => x.table && !x.abstract);
  const typeOf = new Map<string, ColumnDef>();
  for (const mi of concrete) for (const c of mi.columns) if (c.def.type) typeOf.set(`${mi.table}.${c.def.name}`, c.def);
  for (const mi of concrete) {
    const origin = { file: mi.cls.file, line: mi.cls.line };
    const schema = tableArgsSchema(mi);
    let t = m.get(mi.table!, schema);
    if (!t) t = m.createTable(mi.table!, schema, origin);
    const pk: string[] = [];
    const auto = new Map<string, boolean | undefined>();
    for (const c of mi.columns) {
      const def = { ...c.def, fks: [] as ColumnDef['fks'] };
      if (!def.type && c.def.fks[0]) {
        const ref = typeOf.get(`${c.def.fks[0].refTable}.${c.def.fks[0].refColumns[0]}`)?.type;
        if (ref) def.type = ref.family === 'enum' ? ref : { ...ref, written: ref.written };
      }
      if (!def.type) def.type = { dataType: m.dialect === 'postgres' ? 'integer' : 'int', family: 'integer', written: '' };
      m.addColumn(t, def, c.file);
      if (def.primaryKey) pk.push(def.name);
      auto.set(def.name, def.autoincrement);
    }
    for (const c of mi.columns) for (const fk of c.def.fks) m.addForeignKey(t, fk, c.file);
    if (pk.length) {
      const first = mi.columns.find((c) => c.def.primaryKey)!;
      m.setPrimaryKey(t, pk, undefined, { file: first.file, line: first.def.line }, auto);
    }
    for (const ta of mi.tableArgs) applyTableArgs(t, ta, m);
  }
  for (const pt of pyTables) {
    if (m.get(pt.name)) continue;
    const t = m.createTable(pt.name, stringValue(pt.call.kwargs.get('schema')), { file: pt.file, line: pt.call.line });
    createTableItems(t, pt.call.args.slice(2), { file: pt.file, model: m, enums });
  }
}

function tableArgsSchema(mi: ModelInfo): string | undefined {
  for (const ta of mi.tableArgs) {
    const items = ta.node.type === 'tuple' ? named(ta.node) : [ta.node];
    for (const it of items) {
      if (it.type !== 'dictionary') continue;
      const v = literal(it);
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.schema === 'string') return v.schema;
    }
  }
  return undefined;
}

function applyTableArgs(t: Table, ta: { node: Node; file: string; attrs: Map<string, string> }, m: SchemaModel): void {
  const items = ta.node.type === 'tuple' || ta.node.type === 'list' ? named(ta.node) : [ta.node];
  const colName = (n: Node): string | undefined => {
    const s = stringValue(n);
    if (s !== undefined) return s;
    if (n.type === 'identifier') return ta.attrs.get(n.text) ?? n.text;
    return undefined;
  };
  for (const it of items) {
    if (it.type === 'dictionary') continue;
    const c = asCall(it);
    const origin = { file: ta.file, line: lineOf(it) };
    if (!c) {
      m.warn('sqlalchemy-unread-table-arg', `\`${it.text.split('\n')[0].slice(0, 60)}\` in __table_args__ of ${t.name} is not read`, origin);
      continue;
    }
    const name = stringValue(c.kwargs.get('name'));
    switch (c.short) {
      case 'UniqueConstraint':
      case 'PrimaryKeyConstraint': {
        const cols = c.args.map(colName);
        if (cols.some((x) => x === undefined)) break;
        if (c.short === 'UniqueConstraint') m.addUnique(t, name, cols as string[], origin);
        else m.setPrimaryKey(t, cols as string[], name, origin);
        break;
      }
      case 'CheckConstraint': {
        const expr = stringValue(c.args[0]) ?? stringValue(asCall(c.args[0])?.args[0]);
        if (expr) m.addCheck(t, name, expr, origin);
        break;
      }
      case 'ForeignKeyConstraint': {
        const local = named(c.args[0] ?? it).map(colName);
        const refs = c.args[1] ? named(c.args[1]).map((x) => stringValue(x)) : [];
        if (local.some((x) => !x) || refs.some((x) => !x) || !refs.length) break;
        const parts = refs[0]!.split('.');
        m.addForeignKey(t, {
          name,
          columns: local as string[],
          refTable: parts[parts.length - 2] ?? t.name,
          refColumns: refs.map((r) => r!.split('.').pop()!),
          onDelete: stringValue(c.kwargs.get('ondelete')),
          onUpdate: stringValue(c.kwargs.get('onupdate')),
          line: c.line,
        }, ta.file);
        break;
      }
      case 'Index': {
        const ixName = stringValue(c.args[0]);
        if (!ixName) break;
        const columns: (string | null)[] = [];
        const keyParts: string[] = [];
        for (const a of c.args.slice(1)) {
          const n = colName(a);
          if (n !== undefined) {
            columns.push(n);
            keyParts.push(n);
          } else {
            const inner = asCall(a);
            columns.push(null);
            keyParts.push(inner?.short === 'text' ? stringValue(inner.args[0]) ?? a.text : a.text);
          }
        }
        const where = c.kwargs.get('postgresql_where');
        const wc = asCall(where);
        const predicate = where ? (wc?.short === 'text' ? stringValue(wc.args[0]) : stringValue(where)) ?? where.text : undefined;
        const using = stringValue(c.kwargs.get('postgresql_using'));
        m.addIndex(t, ixName, columns, { unique: literal(c.kwargs.get('unique')) === true, origin, keyParts, ...(predicate ? { predicate } : {}), ...(using ? { method: using } : {}) });
        break;
      }
      default:
        m.warn('sqlalchemy-unread-table-arg', `${c.callee}(…) in __table_args__ of ${t.name} is not read`, origin);
    }
  }
}

/** The AppModels, with relationships typed against the catalog's foreign keys. */
export function appModels(models: ModelInfo[], tables: Table[], pyTables: PyTable[]): AppModel[] {
  const byClass = new Map(models.map((m) => [m.cls.name, m]));
  const tableByName = new Map(tables.map((t) => [t.name, t]));
  const secondaryName = (s: string) => pyTables.find((p) => p.variable === s)?.name ?? s.replace(/^["']|["']$/g, '');
  return models.map((mi) => {
    const t = mi.table ? tableByName.get(mi.table) : undefined;
    const targetTable = (r: RelInfo) => (r.target ? byClass.get(r.target)?.table : undefined);
    const relationships: AppRelationship[] = mi.relationships.map((r) => {
      const tt = targetTable(r);
      const ownFks = t?.foreignKeys.filter((f) => f.refTable === tt && (!r.foreignKeys || f.columns.some((c) => r.foreignKeys!.includes(c)))) ?? [];
      const modelFk = mi.columns.filter((c) => c.def.fks.some((f) => f.refTable === tt) && (!r.foreignKeys || r.foreignKeys.includes(c.attr) || r.foreignKeys.includes(c.def.name)));
      let kind: AppRelationship['kind'];
      let columns: string[] | undefined;
      let onDelete: string | undefined;
      if (r.secondary) kind = 'many-to-many';
      else if (tt && (ownFks.length || modelFk.length) && r.collection !== true && tt !== mi.table) {
        kind = 'belongs-to';
        columns = ownFks[0]?.columns ?? modelFk.map((c) => c.def.name);
        onDelete = ownFks[0]?.onDelete ?? modelFk[0]?.def.fks.find((f) => f.refTable === tt)?.onDelete?.toLowerCase();
      } else if (r.uselist === false || r.collection === false) kind = tt === mi.table && (ownFks.length || modelFk.length) ? 'belongs-to' : 'has-one';
      else kind = 'has-many';
      return {
        name: r.name,
        kind,
        target: r.target ?? '?',
        ...(columns?.length ? { columns } : {}),
        ...(onDelete ? { onDelete } : r.cascade?.includes('delete') && kind !== 'belongs-to' ? { onDelete: `cascade="${r.cascade}" (ORM)` } : {}),
        ...(r.secondary ? { through: secondaryName(r.secondary) } : {}),
        ...(r.backPopulates ? { inverse: r.backPopulates } : {}),
        origin: r.origin,
      };
    });
    const encrypted = mi.columns.filter((c) => c.def.type?.encrypted).map((c) => c.def.name);
    const deleted = mi.columns.find((c) => c.def.name === 'deleted_at' || c.def.name === 'is_deleted');
    return {
      framework: 'sqlalchemy' as const,
      name: mi.cls.name,
      ...(mi.table ? { table: t ? (t.schema ? `${t.schema}.${t.name}` : t.name) : mi.table } : {}),
      ...(mi.abstract ? { abstract: true } : {}),
      bases: mi.cls.bases,
      relationships,
      hooks: mi.hooks,
      scopes: [],
      encryptedColumns: encrypted,
      ...(deleted ? { softDelete: { style: deleted.def.name === 'deleted_at' ? 'timestamp' : 'flag', column: deleted.def.name, origin: { file: deleted.file, line: deleted.def.line } } } : {}),
      origin: { file: mi.cls.file, line: mi.cls.line },
    };
  });
}

/** Model columns and tables the migrations never create: the models and the database have drifted apart. */
export function driftNotes(models: ModelInfo[], m: SchemaModel): Note[] {
  const notes: Note[] = [];
  for (const mi of models) {
    if (!mi.table || mi.abstract) continue;
    const t = m.get(mi.table, tableArgsSchema(mi));
    if (!t) {
      notes.push({ kind: 'model-drift', message: `model ${mi.cls.name} maps the table ${mi.table}, which no Alembic revision creates`, origin: { file: mi.cls.file, line: mi.cls.line } });
      continue;
    }
    for (const c of mi.columns) {
      if (t.columns.some((x) => x.name === c.def.name)) continue;
      notes.push({
        kind: 'model-drift',
        message: `${mi.cls.name}.${c.attr} maps the column ${mi.table}.${c.def.name}, which no Alembic revision creates (run alembic revision --autogenerate)`,
        origin: { file: c.file, line: c.def.line },
      });
    }
  }
  return notes;
}
