// Edits a Prisma schema so that it says what a plan step's SQL does: `@@index`, `@@unique` / `@unique`, `@@id`,
// removing `?`, `@default` dropped, `onDelete:` on `@relation`, `@db.…` and scalar type changes, new fields, and a
// relation (with its back-relation) for a missing foreign key. The schema is parsed with prisma-ast, edited as a
// tree, and only the models that changed are printed back into the text (the rest stays byte for byte). Every step's
// edit is checked with Prisma's own validator (get-dmmf); a step it refuses is left to the SQL, with the reason.
import { createRequire } from 'node:module';
import type { Attribute, AttributeArgument, BlockAttribute, Field, Model, Schema, Value } from '@mrleebo/prisma-ast';
import type { Dialect } from '../../catalog/types.js';
import { readDatamodel, type Datamodel, type DmmfField, type DmmfModel } from '../../sources/prisma/dmmf.js';
import { foreignKeyName, indexNameFor, primaryKeyName, uniqueIndexName } from '../../sources/prisma/names.js';
import { engineText, type ParsedFile, type SchemaFile, type SchemaSyntax } from '../../sources/prisma/syntax.js';
import type { FixOp } from '../operations.js';
import { mysqlClipName } from '../mysql-quote.js';
import { clipName, objectName } from '../quote.js';
import { prismaTypeFor } from './prisma-types.js';

type Ast = typeof import('@mrleebo/prisma-ast');
let ast: Ast | undefined;
/** prisma-ast, loaded when a Prisma plan is written (writers are synchronous; its grammar costs 0.3 s to build). */
function prismaAst(): Ast {
  ast ??= createRequire(import.meta.url)('@mrleebo/prisma-ast') as Ast;
  return ast;
}

type Op<K extends FixOp['op']> = Extract<FixOp, { op: K }>;

/**
 * What became of one operation. Said in the schema (`noSql` when the schema edit is the whole fix), or not, with the
 * reason: `keepSql` when the SQL may still run alone (Prisma Migrate ignores what it changes, or the schema cannot say
 * it at all), else the step must be left out, since its SQL alone would leave the database differing from the schema.
 */
export type OpOutcome = { said: true; notes?: string[]; noSql?: string } | { said: false; reason: string; keepSql?: boolean };

interface Doc {
  file: SchemaFile;
  ast: Schema;
  /** Each block as parsed, to tell which ones an edit changed. */
  original: string[];
}

const ACTIONS: Record<string, string> = {
  cascade: 'Cascade',
  restrict: 'Restrict',
  'no action': 'NoAction',
  'set null': 'SetNull',
  'set default': 'SetDefault',
};

function prismaAction(action: string | undefined): string | undefined {
  return action === undefined ? undefined : ACTIONS[action.trim().toLowerCase().replace(/[\s_-]+/g, ' ')];
}

const str = (s: string) => JSON.stringify(s);
const arg = (value: AttributeArgument['value']): AttributeArgument => ({ type: 'attributeArgument', value });
const keyValue = (key: string, value: Value): AttributeArgument => arg({ type: 'keyValue', key, value } as AttributeArgument['value']);
const list = (items: string[]): Value => ({ type: 'array', args: items });

function blockJson(block: unknown): string {
  return JSON.stringify(block, (k, v) => (k === 'location' ? undefined : v));
}

/** The offset just past the `}` that closes the block whose header starts at `start`: strings and `//` comments skipped. */
function blockEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

export class PrismaSchemaEditor {
  private docs: Doc[];
  private dm: Datamodel;
  readonly relationMode: 'foreignKeys' | 'prisma';

  /**
   * @param physical the type the dialect's SQL writer creates for a type a rule wrote (rules write PostgreSQL
   * spellings: `timestamp with time zone` is `timestamp` on MySQL), or undefined when it has none.
   */
  constructor(
    files: SchemaFile[],
    readonly dialect: Dialect,
    private readonly physical: (type: string) => string | undefined = (t) => t,
  ) {
    const { getSchema, PrismaParser, VisitorClassFactory } = prismaAst();
    const parser = new PrismaParser({ nodeLocationTracking: 'full' });
    const Visitor = VisitorClassFactory(parser);
    this.docs = files.map((file) => {
      const tree = getSchema(file.text, { parser, visitor: new Visitor() });
      return { file, ast: tree, original: tree.list.map(blockJson) };
    });
    const first = this.validate();
    if ('error' in first) throw new Error(`the schema does not validate before any edit: ${first.error}`);
    this.dm = first.datamodel;
    const ds = this.docs.flatMap((d) => d.ast.list).find((b) => b.type === 'datasource');
    const mode = ds && 'assignments' in ds ? ds.assignments.find((a) => a.type === 'assignment' && (a.key === 'relationMode' || a.key === 'referentialIntegrity')) : undefined;
    this.relationMode = mode && 'value' in mode && mode.value === '"prisma"' ? 'prisma' : 'foreignKeys';
  }

  /** The file that holds the datasource block (Prisma keeps migrations beside it). */
  datasourceFile(): string | undefined {
    return this.docs.find((d) => d.ast.list.some((b) => b.type === 'datasource'))?.file.path;
  }

  // ---- text ----

  /** The files as they read now: blocks that changed printed by prisma-ast, everything else as the user wrote it. */
  texts(): SchemaFile[] {
    const { printSchema } = prismaAst();
    return this.docs.map((doc) => {
      let text = doc.file.text;
      const edits: { start: number; end: number; text: string }[] = [];
      doc.ast.list.forEach((block, i) => {
        if (blockJson(block) === doc.original[i]) return;
        const start = (block as { location?: { startOffset: number } }).location?.startOffset;
        if (start === undefined) return;
        edits.push({ start, end: blockEnd(text, start), text: printSchema({ type: 'schema', list: [block] }).trim() });
      });
      for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
      return { path: doc.file.path, text };
    });
  }

  /** Prisma's validator over the current text: the datamodel, or its first error. */
  private validate(): { datamodel: Datamodel } | { error: string } {
    const texts = this.texts();
    const { getSchema, PrismaParser, VisitorClassFactory } = prismaAst();
    const parser = new PrismaParser({ nodeLocationTracking: 'full' });
    const Visitor = VisitorClassFactory(parser);
    let parsed: ParsedFile[];
    try {
      parsed = texts.map((file) => ({ file, ast: getSchema(file.text, { parser, visitor: new Visitor() }) }));
    } catch (err) {
      return { error: (err as Error).message.split('\n')[0] };
    }
    const engine = readDatamodel(engineText({ files: parsed } as SchemaSyntax, false).files);
    return 'error' in engine ? { error: engine.error.message } : engine;
  }

  /** Files whose text changed. */
  changed(): SchemaFile[] {
    return this.texts().filter((f, i) => f.text !== this.docs[i].file.text);
  }

  // ---- one plan step ----

  /**
   * Says the step's operations in the schema. Operations the schema cannot say are reported and left out; when
   * Prisma's validator refuses the result, the whole step is undone and every operation reported with its message.
   */
  applyStep(ops: FixOp[]): OpOutcome[] {
    const before = this.docs.map((d) => structuredClone(d.ast));
    const restore = () => this.docs.forEach((d, i) => (d.ast = before[i]));
    const outcomes: OpOutcome[] = ops.map((op) => {
      try {
        return this.apply(op, ops);
      } catch (err) {
        return { said: false, reason: `schemascope could not edit the schema for it (${(err as Error).message})` };
      }
    });
    const blocking = outcomes.find((o): o is Extract<OpOutcome, { said: false }> => !o.said && !o.keepSql);
    if (blocking) {
      restore();
      return outcomes.map((o) => (o.said ? { said: false, reason: `it goes with the rest of its step (${blocking.reason})` } : o));
    }
    if (!outcomes.some((o) => o.said)) return outcomes;
    const check = this.validate();
    if ('error' in check) {
      restore();
      return ops.map(() => ({ said: false, reason: `Prisma's validator refused the schema edit (${check.error})` }));
    }
    this.dm = check.datamodel;
    return outcomes;
  }

  // ---- lookups ----

  private tableOf(m: DmmfModel): { schema: string; table: string } {
    return { schema: this.dialect === 'postgres' ? m.schema ?? 'public' : '', table: m.dbName ?? m.name };
  }

  private model(schema: string, table: string): DmmfModel | undefined {
    return this.dm.models.find((m) => {
      const t = this.tableOf(m);
      return t.table === table && (this.dialect !== 'postgres' || t.schema === schema);
    });
  }

  private field(model: DmmfModel, column: string): DmmfField | undefined {
    return model.fields.find((f) => f.kind !== 'object' && (f.dbName ?? f.name) === column);
  }

  private block(model: DmmfModel): Model {
    for (const d of this.docs) for (const b of d.ast.list) if (b.type === 'model' && b.name === model.name) return b;
    throw new Error(`model ${model.name} not found in the schema files`);
  }

  private astField(model: DmmfModel, name: string): Field {
    const f = this.block(model).properties.find((p): p is Field => p.type === 'field' && p.name === name);
    if (!f) throw new Error(`field ${model.name}.${name} not found`);
    return f;
  }

  private fieldsFor(model: DmmfModel, columns: string[]): DmmfField[] | undefined {
    const out = columns.map((c) => this.field(model, c));
    return out.every((f): f is DmmfField => !!f) ? out : undefined;
  }

  /** `public.x` or `x`, as a message names a table. */
  private label(schema: string, table: string): string {
    return this.dialect === 'postgres' && schema ? `${schema}.${table}` : table;
  }

  private noModel(schema: string, table: string): OpOutcome {
    const implicit = table.startsWith('_')
      ? ' (an implicit many-to-many table: Prisma creates and manages it itself, and the next `prisma migrate dev` may propose to undo what the SQL changes in it)'
      : '';
    return { said: false, keepSql: true, reason: `no model of the schema maps to ${this.label(schema, table)}${implicit}` };
  }

  // ---- names ----

  /** The name the SQL gives an index or constraint, and Prisma's default for it: `map:` is needed when they differ. */
  private mapArg(sqlName: string, prismaDefault: string): AttributeArgument[] {
    return sqlName === prismaDefault ? [] : [keyValue('map', str(sqlName))];
  }

  /** As the dialect's fix writer names it (src/fixes/postgres.ts, mysql.ts): the rule's name cut to the limit, else objectName. */
  private sqlName(table: string, columns: string[], suffix: 'key' | 'idx' | 'fkey' | 'pkey', given?: string): string {
    if (given) return this.dialect === 'mysql' ? mysqlClipName(given) : clipName(given);
    return objectName(suffix === 'pkey' ? [table] : [table, ...columns], suffix);
  }

  // ---- edits ----

  private apply(op: FixOp, stepOps: FixOp[]): OpOutcome {
    switch (op.op) {
      case 'add-index':
        if (op.predicate) return partial('index');
        return op.unique ? this.addUnique(op.schema, op.table, op.columns, op.name) : this.addIndex(op);
      case 'add-unique':
        if (op.predicate) return partial('unique key');
        return this.addUnique(op.schema, op.table, op.columns, op.name);
      case 'replace-unique':
        if (op.predicate) return partial('unique key');
        return this.replaceUnique(op);
      case 'drop-index':
        return this.dropIndex(op);
      case 'add-primary-key':
        return this.addPrimaryKey(op);
      case 'set-not-null':
        return this.setNotNull(op);
      case 'drop-default':
        return this.dropDefault(op);
      case 'set-on-delete':
        return this.setOnDelete(op);
      case 'add-foreign-key':
        return this.addForeignKey(op);
      case 'alter-type':
        return this.alterType(op, stepOps);
      case 'add-column':
        return this.addColumn(op);
      case 'add-check':
        return {
          said: false,
          keepSql: true,
          reason: 'Prisma\'s schema has no check constraints; Prisma Migrate neither creates nor drops them, so the constraint lives in the SQL migration alone',
        };
      case 'enable-rls':
        return { said: false, keepSql: true, reason: 'Prisma\'s schema cannot say row-level security; Prisma Migrate leaves it as the SQL migration sets it' };
      case 'set-function-search-path':
        return { said: false, keepSql: true, reason: 'functions are not part of a Prisma schema' };
    }
  }

  private addIndex(op: Op<'add-index'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const fields = this.fieldsFor(model, op.columns);
    if (!fields) return { said: false, reason: `a column of (${op.columns.join(', ')}) has no field in model ${model.name}` };
    const name = this.sqlName(op.table, op.columns, 'idx', op.name);
    const attr: BlockAttribute = {
      type: 'attribute',
      kind: 'object',
      name: 'index',
      args: [arg(list(fields.map((f) => f.name))), ...this.mapArg(name, indexNameFor(op.table, op.columns, this.dialect))],
    };
    insertBlockAttribute(this.block(model), attr);
    return { said: true };
  }

  private addUnique(schema: string, table: string, columns: string[], given?: string): OpOutcome {
    const model = this.model(schema, table);
    if (!model) return this.noModel(schema, table);
    const fields = this.fieldsFor(model, columns);
    if (!fields) return { said: false, reason: `a column of (${columns.join(', ')}) has no field in model ${model.name}` };
    const name = this.sqlName(table, columns, 'key', given);
    const map = this.mapArg(name, uniqueIndexName(table, columns, this.dialect));
    if (fields.length === 1) {
      const f = this.astField(model, fields[0].name);
      (f.attributes ??= []).push({ type: 'attribute', kind: 'field', name: 'unique', ...(map.length ? { args: map } : {}) });
    } else {
      insertBlockAttribute(this.block(model), { type: 'attribute', kind: 'object', name: 'unique', args: [arg(list(fields.map((f) => f.name))), ...map] });
    }
    return { said: true };
  }

  /** Removes the attribute that declares the index or unique key named `name` (field `@unique`, `@@unique`, `@@index`). */
  private removeIndexAttribute(model: DmmfModel, name: string, table: string): boolean {
    const ix = this.dm.indexes.find((i) => {
      if (i.model !== model.name || i.type === 'id') return false;
      const cols = i.fields.map((f) => this.astColumn(model, f.name));
      const resolved = i.dbName ?? (i.type === 'unique' ? uniqueIndexName(table, cols, this.dialect) : indexNameFor(table, cols, this.dialect));
      return resolved === name;
    });
    if (!ix) return false;
    if (ix.isDefinedOnField) {
      const f = this.astField(model, ix.fields[0].name);
      const before = f.attributes?.length ?? 0;
      f.attributes = (f.attributes ?? []).filter((a) => !(a.name === 'unique' && !a.group));
      return f.attributes.length < before;
    }
    const kind = ix.type === 'unique' ? 'unique' : ix.type === 'fulltext' ? 'fulltext' : 'index';
    const block = this.block(model);
    const wanted = ix.fields.map((f) => f.name).join(',');
    const at = block.properties.findIndex((p) => p.type === 'attribute' && p.name === kind && attributeFieldNames(p as BlockAttribute).join(',') === wanted && mapOf(p as BlockAttribute) === ix.dbName);
    if (at < 0) return false;
    block.properties.splice(at, 1);
    return true;
  }

  private modelNames(): Set<string> {
    return new Set(this.dm.models.map((m) => m.name));
  }

  private astColumn(model: DmmfModel, field: string): string {
    const f = model.fields.find((x) => x.name === field);
    return f ? f.dbName ?? f.name : field;
  }

  private replaceUnique(op: Op<'replace-unique'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const fields = this.fieldsFor(model, op.columns);
    if (!fields) return { said: false, reason: `a column of (${op.columns.join(', ')}) has no field in model ${model.name}` };
    if (!this.removeIndexAttribute(model, op.constraint, op.table)) {
      return { said: false, reason: `no attribute of model ${model.name} declares the unique key ${op.constraint}` };
    }
    let name = objectName([op.table, ...op.columns], 'key');
    if (name === op.constraint) name = objectName([op.table, ...op.columns], 'key2');
    insertBlockAttribute(this.block(model), {
      type: 'attribute',
      kind: 'object',
      name: 'unique',
      args: [arg(list(fields.map((f) => f.name))), ...this.mapArg(name, uniqueIndexName(op.table, op.columns, this.dialect))],
    });
    const old = op.oldColumns.map((c) => this.field(model, c)?.name ?? c);
    return {
      said: true,
      notes: [
        `Prisma Client: ${model.name} is no longer unique by (${old.join(', ')}): findUnique, upsert, connect and the like must name the compound key ` +
          `${fields.map((f) => f.name).join('_')} instead.`,
      ],
    };
  }

  private dropIndex(op: Op<'drop-index'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    if (!this.removeIndexAttribute(model, op.name, op.table)) {
      return {
        said: false,
        reason:
          `no attribute of model ${model.name} declares the index ${op.name}` +
          (this.dialect === 'mysql' ? ' (MySQL creates one for a foreign key by itself)' : '') +
          '; if Prisma Migrate created it, the next `prisma migrate dev` may create it again',
      };
    }
    return { said: true };
  }

  private addPrimaryKey(op: Op<'add-primary-key'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const fields = this.fieldsFor(model, op.columns);
    if (!fields) return { said: false, reason: `a column of (${op.columns.join(', ')}) has no field in model ${model.name}` };
    const map = this.dialect === 'mysql' ? [] : this.mapArg(this.sqlName(op.table, op.columns, 'pkey'), primaryKeyName(op.table, this.dialect));
    if (fields.length === 1) {
      const f = this.astField(model, fields[0].name);
      (f.attributes ??= []).unshift({ type: 'attribute', kind: 'field', name: 'id', ...(map.length ? { args: map } : {}) });
    } else {
      insertBlockAttribute(this.block(model), { type: 'attribute', kind: 'object', name: 'id', args: [arg(list(fields.map((f) => f.name))), ...map] });
    }
    for (const f of fields) this.astField(model, f.name).optional = false;
    return { said: true };
  }

  private setNotNull(op: Op<'set-not-null'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const field = this.field(model, op.column);
    if (!field) return { said: false, reason: `model ${model.name} has no field for ${op.column}` };
    this.astField(model, field.name).optional = false;
    const notes: string[] = [];
    // A relation whose fields are all required now must be required too; its implicit SET NULL is written out.
    for (const rel of model.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.includes(field.name))) {
      const required = rel.relationFromFields!.every((n) => n === field.name || model.fields.find((x) => x.name === n)?.isRequired);
      if (!required) continue;
      const relField = this.astField(model, rel.name);
      relField.optional = false;
      if (!rel.relationOnDelete) {
        setRelationArg(relField, 'onDelete', 'SetNull');
        notes.push(
          `${model.name}.${rel.name} becomes required; its ON DELETE SET NULL (Prisma's default while it was optional) is written out so that the foreign key stays as it is, ` +
            `but deleting the referenced row now fails on the NOT NULL column: choose Restrict or Cascade.`,
        );
      }
    }
    return { said: true, ...(notes.length ? { notes } : {}) };
  }

  private dropDefault(op: Op<'drop-default'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const field = this.field(model, op.column);
    if (!field) return { said: false, reason: `model ${model.name} has no field for ${op.column}` };
    const f = this.astField(model, field.name);
    const before = f.attributes?.length ?? 0;
    f.attributes = (f.attributes ?? []).filter((a) => !(a.name === 'default' && !a.group));
    if (f.attributes.length === before) return { said: false, reason: `${model.name}.${field.name} has no @default to remove` };
    return { said: true };
  }

  /** The relation field of `model` whose fields are the columns, towards the table. */
  private relationFor(model: DmmfModel, columns: string[], refSchema: string, refTable: string): DmmfField | undefined {
    const names = columns.map((c) => this.field(model, c)?.name);
    return model.fields.find((f) => {
      if (f.kind !== 'object' || !f.relationFromFields?.length) return false;
      const target = this.dm.models.find((m) => m.name === f.type);
      if (!target) return false;
      const t = this.tableOf(target);
      return t.table === refTable && (this.dialect !== 'postgres' || t.schema === refSchema) && f.relationFromFields.join(',') === names.join(',');
    });
  }

  private setOnDelete(op: Op<'set-on-delete'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const action = prismaAction(op.to);
    if (!action) return { said: false, reason: `ON DELETE ${op.to} has no Prisma spelling` };
    const rel = this.relationFor(model, op.columns, op.refSchema, op.refTable);
    if (!rel) return { said: false, reason: `no relation field of model ${model.name} uses (${op.columns.join(', ')})` };
    setRelationArg(this.astField(model, rel.name), 'onDelete', action);
    return this.relationMode === 'prisma' ? { said: true, noSql: EMULATED } : { said: true };
  }

  private addForeignKey(op: Op<'add-foreign-key'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    const target = this.model(op.refSchema, op.refTable);
    if (!target) return this.noModel(op.refSchema, op.refTable);
    const fields = this.fieldsFor(model, op.columns);
    const refs = this.fieldsFor(target, op.refColumns);
    if (!fields || !refs) return { said: false, reason: 'a column of the key has no field in its model' };
    if (this.relationFor(model, op.columns, op.refSchema, op.refTable)) {
      return { said: false, reason: `model ${model.name} already has a relation over (${op.columns.join(', ')})` };
    }
    // The relation field is named after its scalar (organizationId → organization); the back-relation after the model.
    const base = fields.length === 1 ? fields[0].name.replace(/_?(id|Id|ID)$/, '') : '';
    if (!base || base === fields[0].name) return { said: false, reason: `no relation field name follows from ${fields.map((f) => f.name).join(', ')} without guessing` };
    const taken = (m: DmmfModel, n: string) => m.fields.some((f) => f.name === n);
    if (taken(model, base)) return { said: false, reason: `model ${model.name} already has a field named ${base}` };
    const unique = this.dm.indexes.some((i) => i.model === model.name && (i.type === 'unique' || i.type === 'id') && i.fields.map((f) => f.name).join(',') === fields.map((f) => f.name).join(','));
    const backName = unique ? lowerFirst(model.name) : `${lowerFirst(model.name)}s`;
    if (taken(target, backName)) return { said: false, reason: `model ${target.name} already has a field named ${backName} for the back-relation` };
    // Another relation between the two models makes Prisma ask for relation names.
    const between = (a: DmmfModel, b: DmmfModel) => a.fields.some((f) => f.kind === 'object' && f.type === b.name);
    const relationName = between(model, target) || between(target, model) ? `${model.name}${upperFirst(base)}` : undefined;
    const onDelete = prismaAction(op.onDelete ?? 'no action');
    if (!onDelete) return { said: false, reason: `ON DELETE ${op.onDelete} has no Prisma spelling` };
    const name = this.sqlName(op.table, op.columns, 'fkey', op.name);
    const relArgs: AttributeArgument[] = [
      ...(relationName ? [arg(str(relationName))] : []),
      keyValue('fields', list(fields.map((f) => f.name))),
      keyValue('references', list(refs.map((f) => f.name))),
      // The SQL writes ON DELETE as asked (NO ACTION when not) and no ON UPDATE (NO ACTION): said, so Prisma's own
      // defaults (Restrict / Cascade) do not make the next migrate dev rewrite the key.
      keyValue('onDelete', onDelete),
      keyValue('onUpdate', 'NoAction'),
      ...this.mapArg(name, foreignKeyName(op.table, op.columns, this.dialect)),
    ];
    const optional = fields.some((f) => !f.isRequired);
    insertField(this.block(model), { type: 'field', name: base, fieldType: target.name, optional, attributes: [{ type: 'attribute', kind: 'field', name: 'relation', args: relArgs }] }, true, this.modelNames());
    insertField(
      this.block(target),
      {
        type: 'field',
        name: backName,
        fieldType: model.name,
        ...(unique ? { optional: true } : { array: true }),
        ...(relationName ? { attributes: [{ type: 'attribute', kind: 'field', name: 'relation', args: [arg(str(relationName))] }] } : {}),
      },
      true,
      this.modelNames(),
    );
    return {
      said: true,
      notes: [`Prisma Client: ${model.name}.${base} and ${target.name}.${backName} are new relation fields.`],
      ...(this.relationMode === 'prisma' ? { noSql: EMULATED } : {}),
    };
  }

  private alterType(op: Op<'alter-type'>, stepOps: FixOp[]): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) {
      // An implicit many-to-many table's columns follow the key of the model they point to.
      if (op.table.startsWith('_') && (op.column === 'A' || op.column === 'B')) {
        const follows = stepOps.some((o) => {
          if (o === op || o.op !== 'alter-type' || o.to !== op.to) return false;
          const m = this.model(o.schema, o.table);
          return !!m && !!this.field(m, o.column)?.isId;
        });
        if (follows) return { said: true };
      }
      return this.noModel(op.schema, op.table);
    }
    const field = this.field(model, op.column);
    if (!field) return { said: false, reason: `model ${model.name} has no field for ${op.column}` };
    const to = this.physical(op.to);
    const type = to === undefined ? undefined : prismaTypeFor(this.dialect, to, field.type);
    if (!type) return { said: false, reason: `no Prisma scalar and native type makes ${to ?? op.to}` };
    const f = this.astField(model, field.name);
    f.attributes = (f.attributes ?? []).filter((a) => a.group !== 'db');
    if (type.native) f.attributes.push({ type: 'attribute', kind: 'field', group: 'db', name: type.native.name, ...(type.native.args.length ? { args: type.native.args.map((a) => arg(a)) } : {}) });
    const notes: string[] = [];
    if (type.scalar !== field.type) {
      f.fieldType = type.scalar;
      notes.push(`Prisma Client: ${model.name}.${field.name} changes from ${field.type} to ${type.scalar} (${clientType(field.type)} → ${clientType(type.scalar)}): code that reads or writes it must follow.`);
    }
    return { said: true, ...(notes.length ? { notes } : {}) };
  }

  private addColumn(op: Op<'add-column'>): OpOutcome {
    const model = this.model(op.schema, op.table);
    if (!model) return this.noModel(op.schema, op.table);
    if (this.field(model, op.column)) return { said: false, reason: `model ${model.name} already has a field for ${op.column}` };
    const physical = this.physical(op.type);
    const type = physical === undefined ? undefined : prismaTypeFor(this.dialect, physical);
    if (!type) return { said: false, reason: `no Prisma scalar and native type makes ${physical ?? op.type}` };
    // Follow the model's naming: camelCase fields mapped to snake_case columns when it maps any.
    const mapped = model.fields.some((f) => f.dbName && f.dbName !== f.name);
    const name = mapped ? camel(op.column) : op.column;
    if (model.fields.some((f) => f.name === name)) return { said: false, reason: `model ${model.name} already has a field named ${name}` };
    const attributes: Attribute[] = [];
    if (op.default !== undefined) {
      const d = prismaDefault(op.default, type.scalar);
      attributes.push({ type: 'attribute', kind: 'field', name: 'default', args: [arg(d)] });
    }
    if (/^updated_?at$/i.test(op.column) && type.scalar === 'DateTime') attributes.push({ type: 'attribute', kind: 'field', name: 'updatedAt' });
    if (name !== op.column) attributes.push({ type: 'attribute', kind: 'field', name: 'map', args: [arg(str(op.column))] });
    if (type.native) attributes.push({ type: 'attribute', kind: 'field', group: 'db', name: type.native.name, ...(type.native.args.length ? { args: type.native.args.map((a) => arg(a)) } : {}) });
    insertField(this.block(model), { type: 'field', name, fieldType: type.scalar, optional: op.nullable, attributes }, false, this.modelNames());
    return { said: true };
  }
}

/** Why a relation change needs no SQL when Prisma emulates relations. */
const EMULATED =
  'relationMode = "prisma": the database has no foreign keys, Prisma Client checks relations and carries out onDelete itself, so the schema edit is the whole change';

function partial(what: string): OpOutcome {
  return {
    said: false,
    keepSql: true,
    reason:
      `Prisma's schema cannot say a partial ${what} (one with WHERE): it lives in the SQL migration alone, and the next ` +
      '`prisma migrate dev` sees an index the schema does not declare and proposes to drop it (take that DROP INDEX out of the migration it writes)',
  };
}

function clientType(scalar: string): string {
  const t: Record<string, string> = { Int: 'number', Float: 'number', BigInt: 'bigint', Decimal: 'Decimal', String: 'string', Boolean: 'boolean', DateTime: 'Date', Json: 'JsonValue', Bytes: 'Uint8Array' };
  return t[scalar] ?? scalar;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function camel(column: string): string {
  return column.replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** A database default in Prisma's terms: now(), a literal, or dbgenerated("…"). */
function prismaDefault(expr: string, scalar: string): Value {
  const e = expr.trim();
  if (/^(now\(\)|current_timestamp(\(\))?)$/i.test(e) && scalar === 'DateTime') return { type: 'function', name: 'now', params: [] };
  if (/^-?\d+(\.\d+)?$/.test(e) && ['Int', 'BigInt', 'Float', 'Decimal'].includes(scalar)) return e;
  if (/^(true|false)$/i.test(e) && scalar === 'Boolean') return e.toLowerCase();
  const literal = /^'((?:[^']|'')*)'$/.exec(e);
  if (literal && scalar === 'String') return str(literal[1].replace(/''/g, "'"));
  return { type: 'function', name: 'dbgenerated', params: [str(e)] };
}

function attributeFieldNames(attr: BlockAttribute): string[] {
  const first = attr.args?.find((a) => !(typeof a.value === 'object' && a.value !== null && (a.value as { type?: string }).type === 'keyValue'))?.value as unknown;
  const fieldsKv = attr.args?.find((a) => typeof a.value === 'object' && a.value !== null && (a.value as { key?: string }).key === 'fields')?.value as { value?: unknown } | undefined;
  const v = (fieldsKv?.value ?? first) as { type?: string; args?: unknown[] } | string | undefined;
  const items = typeof v === 'object' && v?.type === 'array' ? v.args ?? [] : v === undefined ? [] : [v];
  return items.map((i) => (typeof i === 'string' ? i : (i as { name?: string }).name ?? '')).filter(Boolean);
}

function mapOf(attr: BlockAttribute): string | undefined {
  const kv = attr.args?.find((a) => typeof a.value === 'object' && a.value !== null && (a.value as { key?: string }).key === 'map')?.value as { value?: unknown } | undefined;
  return typeof kv?.value === 'string' ? (JSON.parse(kv.value) as string) : undefined;
}

/** Sets `key: value` in a field's `@relation(…)`, replacing what was there. */
function setRelationArg(field: Field, key: string, value: string): void {
  const rel = field.attributes?.find((a) => a.name === 'relation' && !a.group);
  if (!rel) throw new Error(`${field.name} has no @relation`);
  const args = rel.args ?? [];
  const at = args.findIndex((a) => typeof a.value === 'object' && a.value !== null && (a.value as { key?: string }).key === key);
  const kv = keyValue(key, value);
  if (at >= 0) args[at] = kv;
  else {
    // After onDelete/references, before map: where prisma format users put it.
    const mapAt = args.findIndex((a) => typeof a.value === 'object' && a.value !== null && (a.value as { key?: string }).key === 'map');
    args.splice(mapAt >= 0 ? mapAt : args.length, 0, kv);
  }
  rel.args = args;
}

/** Adds a field after the model's last relation field (`relation`) or last other field, else after its last field. */
function insertField(block: Model, field: Field, relation: boolean, models: Set<string>): void {
  const props = block.properties;
  const isRelation = (p: (typeof props)[number]) => p.type === 'field' && typeof p.fieldType === 'string' && models.has(p.fieldType);
  let at = -1;
  props.forEach((p, i) => {
    if (p.type === 'field' && isRelation(p) === relation) at = i;
  });
  if (at < 0) props.forEach((p, i) => (p.type === 'field' ? (at = i) : undefined));
  props.splice(at + 1, 0, field);
}

/** Adds a block attribute after the model's last @@id / @@unique / @@index, else before its other block attributes. */
function insertBlockAttribute(block: Model, attr: BlockAttribute): void {
  const props = block.properties;
  let at = -1;
  props.forEach((p, i) => {
    if (p.type === 'attribute' && ['id', 'unique', 'index', 'fulltext'].includes(p.name)) at = i;
  });
  if (at < 0) {
    const first = props.findIndex((p) => p.type === 'attribute');
    if (first >= 0) {
      props.splice(first, 0, attr);
      return;
    }
    props.push({ type: 'break' }, attr);
    return;
  }
  props.splice(at + 1, 0, attr);
}
