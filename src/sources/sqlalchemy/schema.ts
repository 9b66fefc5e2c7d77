// The schema being built from Alembic operations or declarative models: catalog tables, held by name, with the
// constraint and index names PostgreSQL gives them by default. Both the Alembic replay and the model reader
// describe columns through `ColumnDef` (what one `sa.Column(...)` / `mapped_column(...)` says).
import type { Column, Dialect, EnumType, FkAction, ForeignKey, Index, LoadWarning, Origin, Table } from '../../catalog/types.js';
import { loadModule, parseSync } from 'libpg-query';
import { asCall, literal, stringValue, type Call, type Node } from './python.js';
import { readType, type EnumResolver, type SaType } from './types.js';
import { emptyTableParts } from '../../catalog/build.js';

export interface FkDef {
  refSchema?: string;
  refTable: string;
  refColumns: string[];
  columns: string[];
  onDelete?: string;
  onUpdate?: string;
  name?: string;
  deferrable?: boolean;
  line: number;
}

export interface ColumnDef {
  name: string;
  type?: SaType;
  /** Explicit nullable= (undefined: SQLAlchemy's default, nullable unless primary key). */
  nullable?: boolean;
  primaryKey: boolean;
  unique: boolean;
  index: boolean;
  serverDefault?: string;
  /** Python-side default= as written. */
  pyDefault?: Node;
  autoincrement?: boolean;
  identity?: 'always' | 'by default';
  computed?: string;
  comment?: string;
  fks: FkDef[];
  line: number;
}

export interface Note {
  kind: string;
  message: string;
  origin: Origin;
}

let pgReady: Promise<unknown> | undefined;
export function loadSqlParser(): Promise<unknown> {
  pgReady ??= loadModule();
  return pgReady;
}

const ACTIONS: Record<string, FkAction> = {
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
  RESTRICT: 'restrict',
  'NO ACTION': 'no action',
};

export function fkAction(v: string | undefined): FkAction | undefined {
  if (v === undefined) return 'no action';
  return ACTIONS[v.trim().toUpperCase()];
}

/** `server_default=` value as the engine would print it. */
export function serverDefaultText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const lit = literal(node);
  if (typeof lit === 'string') return `'${lit.replace(/'/g, "''")}'`;
  if (typeof lit === 'number' || typeof lit === 'boolean') return String(lit);
  if (lit === null) return undefined;
  const call = asCall(node);
  if (call) {
    if ((call.short === 'text' || call.short === 'literal_column') && call.args[0]) return stringValue(call.args[0]) ?? call.args[0].text;
    if (call.callee.includes('func.')) return `${call.callee.split('func.').pop()}()`.replace(/^now\(\)$/, 'now()');
    if (call.short === 'true' || call.short === 'false') return call.short;
    if (call.short === 'FetchedValue' || call.short === 'DefaultClause') return stringValue(call.args[0]);
  }
  return node.text;
}

/** Reads `sa.ForeignKey("t.c", ondelete=…)`. */
export function readForeignKey(call: Call, column: string): FkDef | undefined {
  const target = stringValue(call.args[0]);
  if (!target) return undefined;
  const parts = target.split('.');
  if (parts.length < 2) return undefined;
  const refColumn = parts.pop()!;
  const refTable = parts.pop()!;
  const refSchema = parts.length ? parts.join('.') : undefined;
  return {
    refTable,
    refColumns: [refColumn],
    columns: [column],
    ...(refSchema ? { refSchema } : {}),
    onDelete: stringValue(call.kwargs.get('ondelete')),
    onUpdate: stringValue(call.kwargs.get('onupdate')),
    name: stringValue(call.kwargs.get('name')),
    deferrable: literal(call.kwargs.get('deferrable')) === true,
    line: call.line,
  };
}

/**
 * Reads a `Column(...)` / `sa.Column(...)` / `mapped_column(...)` call. The name comes from the first string
 * argument, else from `name` (the attribute a model assigns it to).
 */
export function readColumnCall(call: Call, name: string | undefined, dialect: Dialect, enums: EnumResolver | undefined, warn: (msg: string, line: number) => void): ColumnDef | undefined {
  const args = [...call.args];
  let colName = name;
  const first = stringValue(args[0]);
  if (first !== undefined) {
    colName = first;
    args.shift();
  }
  const kwName = stringValue(call.kwargs.get('name'));
  if (kwName) colName = kwName;
  if (!colName) return undefined;
  const def: ColumnDef = { name: colName, primaryKey: false, unique: false, index: false, fks: [], line: call.line };
  const typeNodes: Node[] = [];
  for (const a of args) {
    const c = asCall(a);
    if (c?.short === 'ForeignKey') {
      const fk = readForeignKey(c, colName);
      if (fk) def.fks.push(fk);
      else warn(`ForeignKey(${c.args[0]?.text ?? ''}) on ${colName}: its target is not a "table.column" string; the foreign key is not modelled`, c.line);
    } else if (c?.short === 'Identity') {
      def.identity = literal(c.kwargs.get('always')) === true ? 'always' : 'by default';
    } else if (c?.short === 'Computed') {
      def.computed = stringValue(c.args[0]) ?? c.args[0]?.text;
    } else if (c?.short === 'Sequence') {
      def.autoincrement = true;
    } else typeNodes.push(a);
  }
  const typeNode = call.kwargs.get('type_') ?? typeNodes[0];
  if (typeNode) {
    def.type = readType(typeNode, dialect, enums);
    if (!def.type) warn(`column ${colName}: the type \`${typeNode.text.split('\n')[0].slice(0, 60)}\` is not one the SQLAlchemy source knows; recorded as \`other\``, call.line);
    if (!def.type) def.type = { dataType: typeNode.text.split('(')[0].split('.').pop()!.toLowerCase(), family: 'other', written: typeNode.text };
  }
  const bool = (k: string) => {
    const v = literal(call.kwargs.get(k));
    return typeof v === 'boolean' ? v : undefined;
  };
  def.primaryKey = bool('primary_key') ?? false;
  def.nullable = bool('nullable');
  def.unique = bool('unique') ?? false;
  def.index = bool('index') ?? false;
  const ai = call.kwargs.get('autoincrement');
  if (ai) {
    const v = literal(ai);
    if (typeof v === 'boolean') def.autoincrement = v;
  }
  const sd = call.kwargs.get('server_default');
  if (sd) def.serverDefault = serverDefaultText(sd);
  const pd = call.kwargs.get('default');
  if (pd) def.pyDefault = pd;
  const comment = stringValue(call.kwargs.get('comment'));
  if (comment) def.comment = comment;
  return def;
}

/** Columns an SQL expression mentions, found with the PostgreSQL parser. */
export function columnsOfExpression(expr: string): string[] {
  const out = new Set<string>();
  try {
    const tree = parseSync(`SELECT 1 WHERE ${expr}`) as unknown;
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.ColumnRef) {
          const fields = (o.ColumnRef as { fields?: { String?: { sval: string } }[] }).fields ?? [];
          const last = fields[fields.length - 1]?.String?.sval;
          if (last) out.add(last);
        }
        Object.values(o).forEach(walk);
      }
    };
    walk(tree);
  } catch {
    /* not an expression the parser reads: no columns */
  }
  return [...out];
}

function quoteIdent(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

export class SchemaModel {
  readonly tables = new Map<string, Table>();
  readonly enums = new Map<string, EnumType>();
  readonly warnings: LoadWarning[] = [];
  readonly notes: Note[] = [];

  constructor(readonly dialect: Dialect, readonly defaultSchema: string) {}

  warn(code: string, message: string, origin?: Origin) {
    this.warnings.push({ code, message, ...(origin ? { origin } : {}) });
  }

  limit(code: string, message: string, origin?: Origin) {
    this.warnings.push({ code, message, note: true, ...(origin ? { origin } : {}) });
  }

  key(name: string, schema?: string): string {
    const s = schema ?? this.defaultSchema;
    return s ? `${s}.${name}` : name;
  }

  get(name: string, schema?: string): Table | undefined {
    return this.tables.get(this.key(name, schema));
  }

  createTable(name: string, schema: string | undefined, origin: Origin): Table {
    const t: Table = {
      schema: schema ?? this.defaultSchema,
      name,
      kind: 'table',
      ...emptyTableParts(),
      origin,
    };
    this.tables.set(this.key(name, schema), t);
    return t;
  }

  /** Adds a column and what its definition implies (unique, index, foreign keys); primary keys are left to the caller. */
  addColumn(t: Table, def: ColumnDef, file: string): Column {
    const origin = { file, line: def.line };
    const type = def.type ?? { dataType: 'integer', family: 'integer' as const, written: '' };
    if (type.enumName && this.dialect === 'postgres' && !this.enums.has(type.enumName)) {
      this.enums.set(type.enumName, { schema: t.schema, name: type.enumName, values: type.enumValues ?? [], origin });
    }
    if (type.family === 'enum' && !type.enumName && this.dialect === 'postgres') {
      this.warn('sqlalchemy-enum-without-name', `${t.name}.${def.name}: sa.Enum without name= (PostgreSQL needs a type name); recorded as the type \`enum\``, origin);
    }
    const col: Column = {
      name: def.name,
      dataType: type.dataType,
      family: type.family,
      nullable: def.nullable ?? !def.primaryKey,
      autoIncrement: false,
      ...(type.length !== undefined ? { length: type.length } : {}),
      ...(type.precision !== undefined ? { precision: type.precision } : {}),
      ...(type.scale !== undefined ? { scale: type.scale } : {}),
      ...(type.enumValues ? { enumValues: [...type.enumValues] } : {}),
      ...(def.serverDefault !== undefined ? { default: def.serverDefault } : {}),
      ...(def.identity ? { identity: def.identity, autoIncrement: true } : {}),
      ...(def.computed ? { generated: def.computed } : {}),
      ...(def.comment ? { comment: def.comment } : {}),
      origin,
    };
    if (def.primaryKey) col.nullable = false;
    if (def.identity) col.nullable = false;
    t.columns = t.columns.filter((c) => c.name !== def.name);
    t.columns.push(col);
    // index=True with unique=True is one unique index (no separate constraint), as SQLAlchemy creates it.
    if (def.index) this.addIndex(t, `ix_${t.name}_${def.name}`, [def.name], { unique: def.unique, origin });
    else if (def.unique) this.addUnique(t, undefined, [def.name], origin);
    for (const fk of def.fks) this.addForeignKey(t, fk, file);
    return col;
  }

  /** Makes `columns` the primary key; a single integer column that may autoincrement becomes SERIAL. */
  setPrimaryKey(t: Table, columns: string[], name: string | undefined, origin: Origin, autoincrement?: Map<string, boolean | undefined>): void {
    const pkName = name ?? (this.dialect === 'mysql' ? 'PRIMARY' : `${t.name}_pkey`);
    t.indexes = t.indexes.filter((ix) => !ix.primary);
    t.primaryKey = { name: pkName, columns: [...columns], origin };
    t.indexes.unshift(this.makeIndex(t, pkName, columns, { unique: true, primary: true, origin, constraint: pkName }));
    for (const c of t.columns) if (columns.includes(c.name)) c.nullable = false;
    if (columns.length === 1) {
      const col = t.columns.find((c) => c.name === columns[0]);
      const ai = autoincrement?.get(columns[0]);
      if (col && ai !== false && !col.identity && !col.default && ['integer', 'bigint', 'smallint'].includes(col.family)) {
        col.autoIncrement = true;
        if (this.dialect === 'postgres') col.default = `nextval('${t.name}_${col.name}_seq'::regclass)`;
      }
    }
  }

  addForeignKey(t: Table, fk: FkDef, file: string): void {
    const origin = { file, line: fk.line };
    const onDelete = fkAction(fk.onDelete);
    const onUpdate = fkAction(fk.onUpdate);
    if (!onDelete || !onUpdate) this.warn('sqlalchemy-unknown-fk-action', `${t.name}: ON DELETE/UPDATE \`${fk.onDelete ?? fk.onUpdate}\` is not an action PostgreSQL knows; taken as NO ACTION`, origin);
    const name = fk.name ?? (this.dialect === 'mysql' ? `${t.name}_ibfk_${t.foreignKeys.length + 1}` : `${t.name}_${fk.columns.join('_')}_fkey`);
    const missing = fk.columns.filter((c) => !t.columns.some((x) => x.name === c));
    if (missing.length) {
      this.warn('sqlalchemy-missing-column', `foreign key ${name} on ${t.name}(${fk.columns.join(', ')}), but ${missing.join(', ')} does not exist at this point; not modelled`, origin);
      return;
    }
    const out: ForeignKey = {
      name,
      columns: [...fk.columns],
      refSchema: fk.refSchema ?? this.defaultSchema,
      refTable: fk.refTable,
      refColumns: [...fk.refColumns],
      onDelete: onDelete ?? 'no action',
      onUpdate: onUpdate ?? 'no action',
      deferrable: !!fk.deferrable,
      validated: true,
      origin,
    };
    t.foreignKeys = t.foreignKeys.filter((f) => f.name !== name);
    t.foreignKeys.push(out);
  }

  addUnique(t: Table, name: string | undefined, columns: string[], origin: Origin): void {
    const n = name ?? (this.dialect === 'mysql' ? columns[0] : `${t.name}_${columns.join('_')}_key`);
    t.uniques = t.uniques.filter((u) => u.name !== n);
    t.uniques.push({ name: n, columns: [...columns], nullsNotDistinct: false, origin });
    t.indexes = t.indexes.filter((ix) => ix.name !== n);
    t.indexes.push(this.makeIndex(t, n, columns, { unique: true, origin, constraint: n }));
  }

  addCheck(t: Table, name: string | undefined, expression: string, origin: Origin): void {
    const n = name ?? `${t.name}_check${t.checks.length ? t.checks.length : ''}`;
    const columns = columnsOfExpression(expression).filter((c) => t.columns.some((x) => x.name === c));
    t.checks = t.checks.filter((c) => c.name !== n);
    t.checks.push({ name: n, expression, columns, validated: true, origin });
  }

  /** `columns`: a column name, or null with its expression in `keyParts`. */
  addIndex(t: Table, name: string, columns: (string | null)[], o: { unique: boolean; origin: Origin; predicate?: string; method?: string; keyParts?: string[] }): void {
    t.indexes = t.indexes.filter((ix) => ix.name !== name);
    t.indexes.push(this.makeIndex(t, name, columns, o));
  }

  makeIndex(t: Table, name: string, columns: (string | null)[], o: { unique: boolean; primary?: boolean; origin: Origin; predicate?: string; method?: string; keyParts?: string[]; constraint?: string }): Index {
    const keyParts = o.keyParts ?? columns.map((c) => c ?? '?');
    const method = o.method ?? 'btree';
    const qualified = t.schema ? `${quoteIdent(t.schema)}.${quoteIdent(t.name)}` : quoteIdent(t.name);
    const definition =
      `CREATE ${o.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${qualified} USING ${method} (${keyParts.map((k, i) => (columns[i] ? quoteIdent(k) : k)).join(', ')})` +
      (o.predicate ? ` WHERE (${o.predicate})` : '');
    return {
      name,
      columns: [...columns],
      keyParts,
      includeColumns: [],
      unique: o.unique,
      primary: !!o.primary,
      method,
      ...(o.predicate ? { predicate: o.predicate } : {}),
      ...(o.constraint ? { constraint: o.constraint } : {}),
      definition,
      origin: o.origin,
    };
  }

  /** Drops a named constraint of any kind; returns false when the table has none by that name. */
  dropConstraint(t: Table, name: string): boolean {
    let found = false;
    if (t.primaryKey?.name === name) {
      t.primaryKey = undefined;
      found = true;
    }
    const before = t.foreignKeys.length + t.uniques.length + t.checks.length;
    t.foreignKeys = t.foreignKeys.filter((f) => f.name !== name);
    t.uniques = t.uniques.filter((u) => u.name !== name);
    t.checks = t.checks.filter((c) => c.name !== name);
    if (t.foreignKeys.length + t.uniques.length + t.checks.length < before) found = true;
    t.indexes = t.indexes.filter((ix) => ix.constraint !== name);
    return found;
  }

  dropColumn(t: Table, name: string): boolean {
    if (!t.columns.some((c) => c.name === name)) return false;
    t.columns = t.columns.filter((c) => c.name !== name);
    // PostgreSQL drops the indexes and constraints that use the column.
    t.indexes = t.indexes.filter((ix) => !ix.columns.includes(name));
    t.uniques = t.uniques.filter((u) => !u.columns.includes(name));
    t.foreignKeys = t.foreignKeys.filter((f) => !f.columns.includes(name));
    t.checks = t.checks.filter((c) => !c.columns.includes(name));
    if (t.primaryKey?.columns.includes(name)) t.primaryKey = undefined;
    return true;
  }

  renameTable(from: string, to: string, schema?: string): boolean {
    const t = this.get(from, schema);
    if (!t) return false;
    this.tables.delete(this.key(from, schema));
    t.name = to;
    this.tables.set(this.key(to, schema), t);
    for (const other of this.tables.values()) for (const fk of other.foreignKeys) if (fk.refTable === from && fk.refSchema === t.schema) fk.refTable = to;
    return true;
  }

  /** Final tables; foreign keys to tables that were never created are reported. */
  finish(): Table[] {
    const out = [...this.tables.values()];
    for (const t of out) {
      for (const fk of t.foreignKeys) {
        if (!this.tables.has(this.key(fk.refTable, fk.refSchema))) {
          this.warn('sqlalchemy-missing-table', `foreign key ${fk.name} on ${t.name} references ${fk.refTable}, which no migration creates`, fk.origin);
        }
      }
    }
    return out;
  }
}
