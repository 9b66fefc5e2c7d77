// Builds the physical catalog Prisma Migrate would create from a schema: tables (@@map), columns (@map,
// native types, Prisma's default type per provider), primary keys, unique and plain indexes named as
// Prisma names them, foreign keys with Prisma's default referential actions, implicit many-to-many
// tables, enum types and serial sequences; plus the application facts (models and relationships).
// Semantics come from Prisma's engine (DMMF); file:line from the syntax tree.
import type {
  AppModel,
  AppRelationship,
  Column,
  Dialect,
  EnumType,
  FkAction,
  ForeignKey,
  Index,
  Origin,
  SequenceInfo,
  Table,
} from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Field } from '@mrleebo/prisma-ast';
import type { Datamodel, DmmfField, DmmfIndex, DmmfModel } from './dmmf.js';
import { foreignKeyName, indexNameFor, primaryKeyName, serialSequenceName, uniqueIndexName } from './names.js';
import { argument, attributeFields, fieldAttribute, lineOf, unquote, type ModelSyntax, type SchemaSyntax } from './syntax.js';
import { columnDefault, columnType, pgIdent, type DmmfDefault, type EnumRef, type NativeType } from './types.js';
import { emptyTableParts } from '../../catalog/build.js';

export type RelationMode = 'foreignKeys' | 'prisma';

export interface BuildInput {
  syntax: SchemaSyntax;
  datamodel: Datamodel;
  dialect: Dialect;
  relationMode: RelationMode;
}

export interface BuiltSchema {
  tables: Table[];
  enums: EnumType[];
  sequences: SequenceInfo[];
  models: AppModel[];
}

const ACTION: Record<string, FkAction> = {
  Cascade: 'cascade',
  Restrict: 'restrict',
  NoAction: 'no action',
  SetNull: 'set null',
  SetDefault: 'set default',
};

const SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);

const MAX_VALUE: Record<string, number> = { smallint: 32767, integer: 2147483647, bigint: 9223372036854775807 };

interface KeyPart {
  column: string;
  desc?: boolean;
  length?: number;
  opclass?: string;
}

/** `JsonbPathOps` → `jsonb_path_ops`, `Int4MinMaxOps` → `int4_minmax_ops`. */
function operatorClass(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return name
    .replace(/MinMaxMulti/g, 'Minmax_multi')
    .replace(/MinMax/g, 'Minmax')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function mysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function sqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function buildSchema(input: BuildInput): BuiltSchema {
  const { syntax, datamodel: dm, dialect, relationMode } = input;
  const pg = dialect === 'postgres';
  const enforced = relationMode !== 'prisma';
  const firstFile = syntax.files[0]?.file.path ?? 'schema.prisma';

  const modelsByName = new Map(dm.models.map((m) => [m.name, m]));
  const enumsByName = new Map(dm.enums.map((e) => [e.name, e]));
  const schemaOf = (m: { schema?: string | null }) => (pg ? m.schema ?? 'public' : '');
  const tableNameOf = (m: DmmfModel) => m.dbName ?? m.name;
  const isView = (name: string) => syntax.models.get(name)?.kind === 'view';

  const enumRef = (name: string): EnumRef | undefined => {
    const e = enumsByName.get(name);
    if (!e) return undefined;
    return { name: e.dbName ?? e.name, schema: pg ? e.schema ?? 'public' : undefined, values: e.values.map((v) => v.dbName ?? v.name) };
  };
  const enumValue = (name: string) => (value: string) => enumsByName.get(name)?.values.find((v) => v.name === value)?.dbName ?? value;

  /** The database name of a model's field: DMMF's dbName, else the syntax's @map, else its name. */
  const columnName = (model: DmmfModel, field: string): string => {
    const f = model.fields.find((x) => x.name === field);
    if (f) return f.dbName ?? f.name;
    const ast = syntax.models.get(model.name)?.fields.get(field);
    const map = ast ? unquote(argument(fieldAttribute(ast, 'map')?.args)) : undefined;
    return map ?? field;
  };

  const originAt = (syn: ModelSyntax | undefined, line: number | undefined): Origin => ({
    file: syn?.file ?? firstFile,
    line: line ?? syn?.line ?? 1,
  });
  const fieldOrigin = (syn: ModelSyntax | undefined, field: string): Origin => originAt(syn, syn?.fields.get(field) ? lineOf(syn.fields.get(field)) : undefined);

  const tables: Table[] = [];
  const tableOf = new Map<string, Table>();
  const sequences: SequenceInfo[] = [];

  const keyPartText = (p: KeyPart): string => {
    if (dialect === 'postgres') return pgIdent(p.column);
    if (dialect === 'mysql') return p.length ? `${p.column}(${p.length})` : p.column;
    return p.column;
  };
  const definition = (table: Table, name: string, kind: 'primary' | 'unique' | 'index' | 'fulltext', method: string, parts: KeyPart[]): string => {
    if (dialect === 'postgres') {
      const cols = parts.map((p) => pgIdent(p.column) + (p.opclass ? ` ${p.opclass}` : '') + (p.desc ? ' DESC' : '')).join(', ');
      const unique = kind === 'primary' || kind === 'unique' ? 'UNIQUE ' : '';
      return `CREATE ${unique}INDEX ${pgIdent(name)} ON ${pgIdent(table.schema)}.${pgIdent(table.name)} USING ${method} (${cols})`;
    }
    if (dialect === 'mysql') {
      const cols = parts.map((p) => mysqlIdent(p.column) + (p.length ? `(${p.length})` : '') + (p.desc ? ' DESC' : '')).join(', ');
      if (kind === 'primary') return `PRIMARY KEY (${cols})`;
      const prefix = kind === 'unique' ? 'UNIQUE ' : kind === 'fulltext' ? 'FULLTEXT ' : '';
      return `CREATE ${prefix}INDEX ${mysqlIdent(name)} ON ${mysqlIdent(table.name)} (${cols})`;
    }
    const cols = parts.map((p) => sqliteIdent(p.column) + (p.desc ? ' DESC' : '')).join(', ');
    if (kind === 'primary') return `PRIMARY KEY (${cols})`;
    return `CREATE ${kind === 'unique' ? 'UNIQUE ' : ''}INDEX ${sqliteIdent(name)} ON ${sqliteIdent(table.name)}(${cols})`;
  };

  const makeIndex = (table: Table, name: string, kind: 'primary' | 'unique' | 'index' | 'fulltext', method: string, parts: KeyPart[], origin: Origin): Index => ({
    name,
    columns: parts.map((p) => p.column),
    keyParts: parts.map(keyPartText),
    includeColumns: [],
    unique: kind === 'primary' || kind === 'unique',
    primary: kind === 'primary',
    method,
    ...(kind === 'primary' ? { constraint: name } : {}),
    definition: definition(table, name, kind, method, parts),
    origin,
  });

  // ---- tables and columns ----
  for (const model of dm.models) {
    const syn = syntax.models.get(model.name);
    const view = syn?.kind === 'view';
    const table: Table = {
      schema: schemaOf(model),
      name: tableNameOf(model),
      kind: view ? 'view' : 'table',
      ...emptyTableParts(),
      origin: originAt(syn, syn?.line),
    };
    const byName = new Map(model.fields.map((f) => [f.name, f]));
    // Syntax order is the column order Migrate creates; Unsupported(…) fields exist only in the syntax.
    const order = syn ? [...syn.fields.values()] : [];
    const seen = new Set<string>();
    for (const astField of order) {
      seen.add(astField.name);
      const f = byName.get(astField.name);
      const column = f ? engineColumn(table, f, syn, view) : syntaxColumn(astField, syn);
      if (column) table.columns.push(column);
    }
    for (const f of model.fields) if (!seen.has(f.name)) {
      const column = engineColumn(table, f, syn, view);
      if (column) table.columns.push(column);
    }
    tables.push(table);
    tableOf.set(model.name, table);
  }

  function engineColumn(table: Table, f: DmmfField, syn: ModelSyntax | undefined, view: boolean): Column | undefined {
    if (f.kind === 'object') return undefined;
    const kind = f.kind === 'enum' ? 'enum' : 'scalar';
    const type = columnType(dialect, { type: f.type, kind, isList: f.isList, nativeType: f.nativeType, enumRef: kind === 'enum' ? enumRef(f.type) : undefined });
    const name = f.dbName ?? f.name;
    const origin = fieldOrigin(syn, f.name);
    let sequence: string | undefined;
    const auto = !view && isAutoincrement(f.default);
    if (auto && pg) {
      const seqName = serialSequenceName(table.name, name);
      sequence = (table.schema !== 'public' ? `${pgIdent(table.schema)}.` : '') + pgIdent(seqName);
      const dataType = type.family === 'bigint' ? 'bigint' : type.family === 'smallint' ? 'smallint' : 'integer';
      sequences.push({ schema: table.schema, name: seqName, dataType, maxValue: MAX_VALUE[dataType], ownedBy: `${qualifiedName(table)}.${name}`, origin });
    }
    const def = view
      ? { autoIncrement: false }
      : columnDefault({ dialect, type, scalar: f.type, kind, value: f.default, enumValue: kind === 'enum' ? enumValue(f.type) : undefined, sequence });
    const e = kind === 'enum' && dialect !== 'sqlite' ? enumRef(f.type) : undefined;
    return {
      name,
      dataType: type.dataType,
      family: type.family,
      ...(type.length !== undefined ? { length: type.length } : {}),
      ...(type.precision !== undefined ? { precision: type.precision } : {}),
      ...(type.scale !== undefined ? { scale: type.scale } : {}),
      nullable: !f.isRequired,
      ...(def.default !== undefined ? { default: def.default } : {}),
      autoIncrement: def.autoIncrement,
      ...(e && !f.isList ? { enumValues: e.values } : {}),
      ...(type.unsigned ? { unsigned: true } : {}),
      origin,
    };
  }

  /** A field Prisma's engine does not describe: `Unsupported("…")`, or an `@ignore`d field. */
  function syntaxColumn(field: Field, syn: ModelSyntax | undefined): Column | undefined {
    const ft = field.fieldType;
    const map = unquote(argument(fieldAttribute(field, 'map')?.args));
    const name = map ?? field.name;
    const origin = originAt(syn, lineOf(field));
    const defaultArg = argument(fieldAttribute(field, 'default')?.args);
    let type;
    let scalar: string;
    let kind: 'scalar' | 'enum' | 'unsupported';
    if (typeof ft === 'object' && ft !== null && ft.name === 'Unsupported') {
      scalar = unquote(ft.params?.[0]) ?? 'unknown';
      kind = 'unsupported';
      type = columnType(dialect, { type: scalar, kind, isList: !!field.array });
    } else if (typeof ft === 'string' && (SCALARS.has(ft) || enumsByName.has(ft))) {
      scalar = ft;
      kind = enumsByName.has(ft) ? 'enum' : 'scalar';
      const db = field.attributes?.find((a) => a.group === 'db');
      const nativeType: NativeType = db ? [db.name, (db.args ?? []).map((a) => String(unquote(a.value) ?? a.value))] : null;
      type = columnType(dialect, { type: ft, kind, isList: !!field.array, nativeType, enumRef: kind === 'enum' ? enumRef(ft) : undefined });
    } else return undefined; // a relation field
    const value = syntaxDefault(defaultArg, scalar);
    const def = columnDefault({ dialect, type, scalar, kind, value, enumValue: kind === 'enum' ? enumValue(scalar) : undefined });
    return {
      name,
      dataType: type.dataType,
      family: type.family,
      ...(type.length !== undefined ? { length: type.length } : {}),
      ...(type.precision !== undefined ? { precision: type.precision } : {}),
      ...(type.scale !== undefined ? { scale: type.scale } : {}),
      nullable: !!field.optional,
      ...(def.default !== undefined ? { default: def.default } : {}),
      autoIncrement: def.autoIncrement,
      origin,
    };
  }

  // ---- primary keys and indexes ----
  const indexesByModel = new Map<string, DmmfIndex[]>();
  for (const ix of dm.indexes) {
    const list = indexesByModel.get(ix.model) ?? [];
    list.push(ix);
    indexesByModel.set(ix.model, list);
  }
  const ATTR: Record<DmmfIndex['type'], string> = { id: 'id', unique: 'unique', normal: 'index', fulltext: 'fulltext' };

  for (const model of dm.models) {
    const table = tableOf.get(model.name)!;
    if (table.kind === 'view') continue; // a view has no keys or indexes of its own
    const syn = syntax.models.get(model.name);
    // Block attributes by kind and field list, consumed in order, to find each index's line.
    const pending = new Map<string, number[]>();
    for (const attr of syn?.attributes ?? []) {
      const key = `${attr.name}|${attributeFields(attr).join(',')}`;
      const lines = pending.get(key) ?? [];
      lines.push(lineOf(attr));
      pending.set(key, lines);
    }
    for (const ix of indexesByModel.get(model.name) ?? []) {
      const parts: KeyPart[] = ix.fields.map((f) => ({
        column: columnName(model, f.name),
        ...(f.sortOrder === 'desc' ? { desc: true } : {}),
        ...(f.length ? { length: f.length } : {}),
        ...(operatorClass(f.operatorClass) ? { opclass: operatorClass(f.operatorClass) } : {}),
      }));
      const columns = parts.map((p) => p.column);
      let origin: Origin;
      if (ix.isDefinedOnField) origin = fieldOrigin(syn, ix.fields[0]?.name ?? '');
      else {
        const lines = pending.get(`${ATTR[ix.type]}|${ix.fields.map((f) => f.name).join(',')}`);
        origin = originAt(syn, lines?.shift());
      }
      const method = ix.type === 'fulltext' ? 'fulltext' : (ix.algorithm ?? 'BTree').toLowerCase();
      if (ix.type === 'id') {
        const name = ix.dbName ?? primaryKeyName(table.name, dialect);
        table.primaryKey = { name, columns, origin };
        table.indexes.push(makeIndex(table, name, 'primary', 'btree', parts, origin));
        continue;
      }
      const unique = ix.type === 'unique';
      const name = ix.dbName ?? (unique ? uniqueIndexName(table.name, columns, dialect) : indexNameFor(table.name, columns, dialect));
      table.indexes.push(makeIndex(table, name, unique ? 'unique' : ix.type === 'fulltext' ? 'fulltext' : 'index', method, parts, origin));
    }
  }

  // ---- foreign keys (one-to-one and one-to-many) ----
  for (const model of dm.models) {
    const table = tableOf.get(model.name)!;
    if (table.kind === 'view') continue;
    const syn = syntax.models.get(model.name);
    for (const f of model.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const target = modelsByName.get(f.type);
      if (!target || isView(target.name)) continue; // a relation to a view has no foreign key
      const columns = f.relationFromFields.map((n) => columnName(model, n));
      const refColumns = (f.relationToFields ?? []).map((n) => columnName(target, n));
      const astField = syn?.fields.get(f.name);
      const relation = astField ? fieldAttribute(astField, 'relation') : undefined;
      const mapped = unquote(argument(relation?.args, 'map'));
      const fk: ForeignKey = {
        name: mapped ?? foreignKeyName(table.name, columns, dialect),
        columns,
        refSchema: schemaOf(target),
        refTable: tableNameOf(target),
        refColumns,
        onDelete: ACTION[f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull')] ?? 'no action',
        onUpdate: ACTION[f.relationOnUpdate ?? 'Cascade'] ?? 'no action',
        deferrable: false,
        validated: true,
        ...(enforced ? {} : { enforced: false }),
        origin: originAt(syn, relation ? lineOf(relation) : astField ? lineOf(astField) : undefined),
      };
      table.foreignKeys.push(fk);
    }
  }

  // ---- implicit many-to-many tables ----
  /** Implicit many-to-many tables by relation name. */
  const joinTables = new Map<string, Table>();
  const m2mDone = new Set<string>();
  for (const model of dm.models) {
    for (const f of model.fields) {
      if (f.kind !== 'object' || !f.isList || f.relationFromFields?.length || !f.relationName || m2mDone.has(f.relationName)) continue;
      const other = modelsByName.get(f.type);
      if (!other || isView(model.name) || isView(other.name)) continue;
      const back = other.fields.find((b) => b.kind === 'object' && b.relationName === f.relationName && b !== f);
      if (!back || !back.isList) continue;
      m2mDone.add(f.relationName);
      const [a, b] = [model, other].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      const aField = a === model ? f : back;
      const join = implicitJoinTable(f.relationName, a, b, originAt(syntax.models.get(a.name), lineOf(syntax.models.get(a.name)?.fields.get(aField.name))));
      if (join) {
        tables.push(join);
        joinTables.set(f.relationName, join);
      }
    }
  }

  function implicitJoinTable(relationName: string, a: DmmfModel, b: DmmfModel, origin: Origin): Table | undefined {
    const aTable = tableOf.get(a.name)!;
    const bTable = tableOf.get(b.name)!;
    const aKey = aTable.primaryKey?.columns;
    const bKey = bTable.primaryKey?.columns;
    if (aKey?.length !== 1 || bKey?.length !== 1) return undefined; // Prisma requires single-field ids here
    const aCol = aTable.columns.find((c) => c.name === aKey[0]);
    const bCol = bTable.columns.find((c) => c.name === bKey[0]);
    if (!aCol || !bCol) return undefined;
    const name = `_${relationName}`;
    const copy = (c: Column, as: string): Column => ({
      name: as,
      dataType: c.dataType,
      family: c.family,
      ...(c.length !== undefined ? { length: c.length } : {}),
      ...(c.precision !== undefined ? { precision: c.precision } : {}),
      ...(c.scale !== undefined ? { scale: c.scale } : {}),
      ...(c.unsigned ? { unsigned: true } : {}),
      nullable: false,
      autoIncrement: false,
      origin,
    });
    const table: Table = {
      schema: aTable.schema,
      name,
      kind: 'table',
      columns: [copy(aCol, 'A'), copy(bCol, 'B')],
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
      rls: { enabled: false, forced: false },
      policies: [],
      triggers: [],
      origin,
    };
    table.indexes.push(
      makeIndex(table, `${name}_AB_unique`, 'unique', 'btree', [{ column: 'A' }, { column: 'B' }], origin),
      makeIndex(table, `${name}_B_index`, 'index', 'btree', [{ column: 'B' }], origin),
    );
    for (const [col, target, key] of [
      ['A', aTable, aKey[0]],
      ['B', bTable, bKey[0]],
    ] as const) {
      table.foreignKeys.push({
        name: `${name}_${col}_fkey`,
        columns: [col],
        refSchema: target.schema,
        refTable: target.name,
        refColumns: [key],
        onDelete: 'cascade',
        onUpdate: 'cascade',
        deferrable: false,
        validated: true,
        ...(enforced ? {} : { enforced: false }),
        origin,
      });
    }
    return table;
  }

  // ---- MySQL: InnoDB gives every foreign key an index when none leads with its columns ----
  if (dialect === 'mysql') {
    for (const table of tables) {
      for (const fk of table.foreignKeys) {
        if (fk.enforced === false) continue; // relationMode = "prisma": no foreign key, so no index either
        const covered = table.indexes.some((ix) => fk.columns.every((c, i) => ix.columns[i] === c));
        if (covered) continue;
        table.indexes.push(makeIndex(table, fk.name, 'index', 'btree', fk.columns.map((column) => ({ column })), fk.origin));
      }
    }
  }

  // ---- enum types (PostgreSQL creates them; MySQL writes enum(…) per column; SQLite stores text) ----
  const enums: EnumType[] = pg
    ? dm.enums.map((e) => {
        const syn = syntax.enums.get(e.name);
        return {
          schema: e.schema ?? 'public',
          name: e.dbName ?? e.name,
          values: e.values.map((v) => v.dbName ?? v.name),
          origin: { file: syn?.file ?? firstFile, line: syn?.line ?? 1 },
        };
      })
    : [];

  // ---- application facts ----
  const models: AppModel[] = [];
  for (const model of dm.models) {
    const syn = syntax.models.get(model.name);
    if (syn?.kind === 'view') continue;
    const table = tableOf.get(model.name)!;
    const relationships: AppRelationship[] = [];
    for (const f of model.fields) {
      if (f.kind !== 'object') continue;
      const target = modelsByName.get(f.type);
      const back = target?.fields.find((b) => b.kind === 'object' && b.relationName === f.relationName && b !== f);
      const astField = syn?.fields.get(f.name);
      const relation = astField ? fieldAttribute(astField, 'relation') : undefined;
      const origin = originAt(syn, relation ? lineOf(relation) : astField ? lineOf(astField) : undefined);
      const inverse = back ? { inverse: back.name } : {};
      if (f.relationFromFields?.length) {
        relationships.push({
          name: f.name,
          kind: 'belongs-to',
          target: f.type,
          columns: f.relationFromFields.map((n) => columnName(model, n)),
          onDelete: f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull'),
          ...inverse,
          origin,
        });
      } else if (f.isList && back?.isList) {
        const m2m = f.relationName ? joinTables.get(f.relationName) : undefined;
        relationships.push({
          name: f.name,
          kind: 'many-to-many',
          target: f.type,
          through: m2m ? qualifiedName(m2m) : `_${f.relationName}`,
          ...inverse,
          origin,
        });
      } else {
        const childColumns = back?.relationFromFields?.length && target ? back.relationFromFields.map((n) => columnName(target, n)) : undefined;
        relationships.push({
          name: f.name,
          kind: f.isList ? 'has-many' : 'has-one',
          target: f.type,
          ...(childColumns ? { columns: childColumns } : {}),
          ...(back?.relationOnDelete || back?.relationFromFields?.length
            ? { onDelete: back.relationOnDelete ?? (back.isRequired ? 'Restrict' : 'SetNull') }
            : {}),
          ...inverse,
          origin,
        });
      }
    }
    models.push({
      framework: 'prisma',
      name: model.name,
      table: qualifiedName(table),
      bases: [],
      relationships,
      hooks: [],
      scopes: [],
      encryptedColumns: [],
      origin: table.origin,
    });
  }

  return { tables, enums, sequences, models };
}

function isAutoincrement(value: DmmfDefault | undefined): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value.name === 'autoincrement' || value.name === 'sequence');
}

/** A default as prisma-ast keeps it, in the shape DMMF gives (`{ name, args }` for functions). */
function syntaxDefault(value: unknown, scalar: string): DmmfDefault | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const v = value as { type?: string; name?: string; params?: unknown[]; args?: unknown[] };
    if (v.type === 'function' && v.name) return { name: v.name, args: (v.params ?? []).map((p) => unquote(p) ?? p) };
    if (v.type === 'array') return (v.args ?? []).map((a) => syntaxDefault(a, scalar) ?? null);
    return undefined;
  }
  if (typeof value !== 'string') return value as DmmfDefault;
  if (value.startsWith('"')) return unquote(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?\d+(\.\d+)?$/.test(value) && scalar !== 'String') return Number(value);
  return value; // an enum member
}

