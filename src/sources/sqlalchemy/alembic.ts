// Alembic revisions: each file's `revision` / `down_revision` build the graph (branches, merges, heads), and each
// upgrade() is replayed, in graph order, into a SchemaModel: op.create_table with its columns and constraints,
// add/drop/alter column, indexes, constraints, batch_alter_table blocks, and op.execute SQL read with the PostgreSQL
// parser. What cannot be replayed is a warning at its line; the rest still loads.
import { parseSync } from 'libpg-query';
import type { MigrationNode, MigrationOperation, Origin, Table } from '../../catalog/types.js';
import { asCall, firstErrorLine, lineOf, literal, named, realStatements, stringList, stringValue, type Call, type Node } from './python.js';
import { readColumnCall, readForeignKey, serverDefaultText, SchemaModel, type ColumnDef, type Note } from './schema.js';
import { readType, type EnumResolver } from './types.js';
import { exprText, minLocation } from '../django/sql.js';
import { addColumn, alterColumnType, columnDefault, constraintUsingIndex, validateConstraint } from '../postgres/alter-table.js';

export interface Revision {
  id: string;
  file: string;
  line: number;
  down: string[];
  upgrade?: Node;
  downgrade?: Node;
  reversible: boolean;
  root: Node;
}

/** Reads the module-level `revision` / `down_revision` and the upgrade/downgrade functions of one file. */
export function readRevision(root: Node, file: string, warn: (code: string, msg: string, origin: Origin) => void): Revision | undefined {
  let id: string | undefined;
  let line = 1;
  let down: string[] = [];
  let upgrade: Node | undefined;
  let downgrade: Node | undefined;
  for (const stmt of named(root)) {
    if (stmt.type === 'expression_statement') {
      const a = named(stmt)[0];
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left')?.text;
      const right = a.childForFieldName('right');
      if (left === 'revision') {
        id = stringValue(right);
        line = lineOf(a);
      } else if (left === 'down_revision') {
        const v = literal(right);
        if (v === null || v === undefined) down = [];
        else if (typeof v === 'string') down = [v];
        else if (Array.isArray(v)) down = v.filter((x): x is string => typeof x === 'string');
        if (v === undefined && right) warn('alembic-unread-revision', `down_revision = ${right.text} is not a literal; the revision is taken as a root`, { file, line: lineOf(a) });
      }
    } else if (stmt.type === 'function_definition' || stmt.type === 'decorated_definition') {
      const fn = stmt.type === 'function_definition' ? stmt : named(stmt).find((n) => n.type === 'function_definition');
      const name = fn?.childForFieldName('name')?.text;
      if (name === 'upgrade') upgrade = fn;
      if (name === 'downgrade') downgrade = fn;
    }
  }
  if (!id) return undefined;
  return { id, file, line, down, upgrade, downgrade, reversible: realStatements(downgrade?.childForFieldName('body')).length > 0, root };
}

/** Orders revisions parents first (ties in file order); reports unknown parents, cycles, merges and multiple heads. */
export function orderRevisions(revs: Revision[], warn: (code: string, msg: string, origin: Origin) => void, notes: Note[]): { ordered: Revision[]; heads: string[] } {
  const byId = new Map<string, Revision>();
  for (const r of revs) {
    const prev = byId.get(r.id);
    if (prev) warn('alembic-duplicate-revision', `revision ${r.id} is also declared in ${prev.file}; this file is skipped`, { file: r.file, line: r.line });
    else byId.set(r.id, r);
  }
  const unique = [...byId.values()];
  for (const r of unique) {
    const unknown = r.down.filter((d) => !byId.has(d));
    if (unknown.length) {
      warn('alembic-unknown-revision', `down_revision names ${unknown.join(', ')}, which no revision file declares; taken as a root`, { file: r.file, line: r.line });
      r.down = r.down.filter((d) => byId.has(d));
    }
    if (r.down.length > 1) notes.push({ kind: 'migration-merge', message: `${r.id} merges ${r.down.join(' and ')}`, origin: { file: r.file, line: r.line } });
  }
  const children = new Map<string, Revision[]>();
  for (const r of unique) for (const d of r.down) children.set(d, [...(children.get(d) ?? []), r]);
  for (const [parent, kids] of children) {
    if (kids.length > 1) {
      const p = byId.get(parent)!;
      notes.push({ kind: 'migration-branch', message: `${parent} has ${kids.length} children (${kids.map((k) => k.id).join(', ')}): the history branches here`, origin: { file: p.file, line: p.line } });
    }
  }
  const done = new Set<string>();
  const ordered: Revision[] = [];
  let progress = true;
  while (ordered.length < unique.length && progress) {
    progress = false;
    for (const r of unique) {
      if (done.has(r.id) || !r.down.every((d) => done.has(d))) continue;
      done.add(r.id);
      ordered.push(r);
      progress = true;
      break;
    }
  }
  for (const r of unique) {
    if (!done.has(r.id)) {
      warn('alembic-revision-cycle', `revision ${r.id} is part of a cycle of down_revisions; not replayed`, { file: r.file, line: r.line });
    }
  }
  const heads = unique.filter((r) => !children.has(r.id)).map((r) => r.id);
  if (heads.length > 1) {
    for (const h of heads) {
      const r = byId.get(h)!;
      notes.push({
        kind: 'migration-conflict',
        message: `${heads.length} heads (${heads.join(', ')}): \`alembic upgrade head\` fails until they are merged (alembic merge heads)`,
        origin: { file: r.file, line: r.line },
      });
    }
  }
  return { ordered, heads };
}

interface Ctx {
  file: string;
  model: SchemaModel;
  ops: MigrationOperation[];
  enums?: EnumResolver;
  vars: Map<string, Node>;
}

/** Replays one revision's upgrade() and returns its graph node. */
export function replayRevision(rev: Revision, model: SchemaModel, enums?: EnumResolver): MigrationNode {
  const ops: MigrationOperation[] = [];
  const ctx: Ctx = { file: rev.file, model, ops, enums, vars: new Map() };
  if (rev.root.hasError) {
    model.warn('python-syntax', `Python syntax the parser could not read; the statements around it may be missing`, { file: rev.file, line: firstErrorLine(rev.root) });
  }
  if (!rev.upgrade) model.warn('alembic-no-upgrade', `revision ${rev.id} has no upgrade(); nothing replayed`, { file: rev.file, line: rev.line });
  else walk(named(rev.upgrade.childForFieldName('body')!), ctx, undefined);
  if (!rev.reversible) {
    model.notes.push({
      kind: 'irreversible-migration',
      message: `revision ${rev.id}: downgrade() ${rev.downgrade ? 'does nothing' : 'is missing'}, so it cannot be rolled back`,
      origin: { file: rev.file, line: rev.downgrade ? lineOf(rev.downgrade) : rev.line },
    });
  }
  for (const op of ops) op.reversible = rev.reversible;
  return {
    id: rev.id,
    file: rev.file,
    dependsOn: [...rev.down],
    operations: ops,
    reversible: rev.reversible,
    ...(model.dialect === 'postgres' ? { atomic: true } : {}),
    ...(rev.downgrade ? { downLine: lineOf(rev.downgrade) } : {}),
  };
}

function walk(stmts: Node[], ctx: Ctx, batch: { alias: string; table: string; schema?: string } | undefined): void {
  for (const stmt of stmts) {
    switch (stmt.type) {
      case 'expression_statement': {
        const e = named(stmt)[0];
        if (!e) break;
        if (e.type === 'assignment') {
          const left = e.childForFieldName('left');
          const right = e.childForFieldName('right');
          if (left?.type === 'identifier' && right) ctx.vars.set(left.text, right);
          if (right?.type === 'call') expression(right, ctx, batch, true);
        } else if (e.type === 'call') expression(e, ctx, batch, false);
        break;
      }
      case 'with_statement': {
        const items = stmt.descendantsOfType('with_item').filter((n): n is Node => !!n);
        let inner = batch;
        let autocommit = false;
        for (const item of items) {
          const value = item.childForFieldName('value');
          const pattern = value?.type === 'as_pattern' ? value : undefined;
          const call = asCall(pattern ? named(pattern)[0] : value);
          const alias = pattern ? pattern.childForFieldName('alias')?.text ?? named(pattern).find((n) => n.type === 'as_pattern_target')?.text : undefined;
          // `with op.get_context().autocommit_block():` runs its block outside the revision's transaction.
          if (call?.short === 'autocommit_block') autocommit = true;
          if (call?.short === 'batch_alter_table') {
            const table = stringValue(call.args[0] ?? call.kwargs.get('table_name'));
            if (!table || !alias) {
              ctx.model.warn('alembic-unread-operation', `batch_alter_table(${call.args[0]?.text ?? ''}) names no literal table; its block is not replayed`, { file: ctx.file, line: call.line });
              inner = undefined;
              continue;
            }
            inner = { alias, table, schema: stringValue(call.kwargs.get('schema')) };
          }
        }
        const body = stmt.childForFieldName('body');
        const before = ctx.ops.length;
        if (body) walk(named(body), ctx, inner);
        if (autocommit) for (const o of ctx.ops.slice(before)) o.outsideTransaction = true;
        break;
      }
      case 'if_statement': {
        const cond = stmt.childForFieldName('condition')?.text ?? '';
        if (stmt.text.includes('op.') || (batch && stmt.text.includes(batch.alias))) {
          ctx.model.limit('alembic-condition-assumed', `schema changes under \`if ${cond}\`, which cannot be answered from the revision; the first branch is replayed`, { file: ctx.file, line: lineOf(stmt) });
        }
        const body = stmt.childForFieldName('consequence');
        if (body) walk(named(body), ctx, batch);
        break;
      }
      case 'for_statement':
      case 'while_statement':
      case 'try_statement':
        if (stmt.type === 'for_statement' && literalLoop(stmt, ctx, batch)) break;
        if (stmt.text.includes('op.') || (batch && stmt.text.includes(`${batch.alias}.`))) {
          ctx.model.warn('alembic-unread-operation', `a \`${stmt.type.replace('_statement', '')}\` block with schema operations is not something the Alembic source replays; the schema may differ from what it builds`, { file: ctx.file, line: lineOf(stmt) });
        }
        break;
      default:
        break;
    }
  }
}

/**
 * `for table in ("invoices", "payments"):` over a literal list of strings: the body is replayed once per value, as
 * Python runs it, with the loop variable bound (f-strings that use it are read). Anything else is not replayed.
 */
function literalLoop(stmt: Node, ctx: Ctx, batch: { alias: string; table: string; schema?: string } | undefined): boolean {
  const left = stmt.childForFieldName('left');
  const right = deref(stmt.childForFieldName('right') ?? undefined, ctx);
  const body = stmt.childForFieldName('body');
  if (left?.type !== 'identifier' || !right || !body || !['tuple', 'list', 'expression_list'].includes(right.type)) return false;
  const items = named(right);
  if (!items.length || items.some((i) => stringValue(i) === undefined)) return false;
  const before = ctx.vars.get(left.text);
  for (const item of items) {
    ctx.vars.set(left.text, item);
    walk(named(body), ctx, batch);
  }
  if (before) ctx.vars.set(left.text, before);
  else ctx.vars.delete(left.text);
  return true;
}

/** An f-string whose every placeholder is a plain name bound to a literal string (a loop variable): its value. */
function fString(n: Node | undefined, ctx: Ctx): string | undefined {
  if (n?.type !== 'string') return undefined;
  let out = '';
  for (const part of named(n)) {
    if (part.type === 'string_start' || part.type === 'string_end') continue;
    if (part.type === 'string_content') out += part.text;
    else if (part.type === 'interpolation') {
      const inner = named(part);
      if (inner.length !== 1 || inner[0].type !== 'identifier') return undefined;
      const v = stringValue(ctx.vars.get(inner[0].text));
      if (v === undefined) return undefined;
      out += v;
    } else return undefined;
  }
  return out;
}

/** Strips a value down to what it names: variables assigned earlier in upgrade() are looked through. */
function deref(n: Node | undefined, ctx: Ctx): Node | undefined {
  if (n?.type === 'identifier' && ctx.vars.has(n.text)) return ctx.vars.get(n.text);
  return n;
}

function str(n: Node | undefined, ctx: Ctx): string | undefined {
  const d = deref(n, ctx);
  const call = asCall(d);
  // op.f("ix_name") marks a name as final; sa.text / quoted_name carry it too.
  if (call && (call.short === 'f' || call.short === 'quoted_name' || call.short === 'text')) return str(call.args[0], ctx);
  return stringValue(d) ?? fString(d, ctx);
}

function strs(n: Node | undefined, ctx: Ctx): string[] | undefined {
  const d = deref(n, ctx);
  return stringList(d);
}

const OP_KINDS: Record<string, string> = {
  create_table: 'create-table',
  drop_table: 'drop-table',
  rename_table: 'rename-table',
  add_column: 'add-column',
  drop_column: 'drop-column',
  alter_column: 'alter-column',
  create_index: 'create-index',
  drop_index: 'drop-index',
  create_foreign_key: 'create-foreign-key',
  drop_constraint: 'drop-constraint',
  create_unique_constraint: 'create-unique-constraint',
  create_check_constraint: 'create-check-constraint',
  create_primary_key: 'create-primary-key',
  execute: 'run-sql',
  bulk_insert: 'bulk-insert',
  create_table_comment: 'comment',
  create_exclude_constraint: 'create-exclude-constraint',
};

function expression(node: Node, ctx: Ctx, batch: { alias: string; table: string; schema?: string } | undefined, assigned: boolean): void {
  const call = asCall(node);
  if (!call) return;
  const parts = call.callee.split('.');
  const method = parts[parts.length - 1];
  const obj = parts.slice(0, -1).join('.');
  const origin = { file: ctx.file, line: call.line };
  if (batch && obj === batch.alias) {
    batchOp(method, call, ctx, batch);
    return;
  }
  if (obj !== 'op') {
    // `sa.Enum(...).create(op.get_bind())` / `postgresql.ENUM(...).create(bind)`: a type created on its own.
    if (method === 'create' && call.node.childForFieldName('function')?.childForFieldName('object')?.type === 'call') {
      const t = readType(call.node.childForFieldName('function')!.childForFieldName('object'), ctx.model.dialect, ctx.enums);
      if (t?.enumName) ctx.model.enums.set(t.enumName, { schema: ctx.model.defaultSchema, name: t.enumName, values: t.enumValues ?? [], origin });
    }
    return;
  }
  if (assigned && method === 'get_bind') return;
  const kind = OP_KINDS[method];
  const recorded: MigrationOperation | undefined = kind
    ? { kind, reversible: true, origin, ...(tableOf(method, call, ctx) ? { table: tableOf(method, call, ctx) } : {}), ...(concurrent(method, call) ? { concurrently: true } : {}) }
    : undefined;
  if (recorded) ctx.ops.push(recorded);
  applyOp(method, call, ctx, undefined, recorded);
}

/** op.create_index / op.drop_index with postgresql_concurrently=True. */
function concurrent(method: string, call: Call): boolean {
  return (method === 'create_index' || method === 'drop_index') && literal(call.kwargs.get('postgresql_concurrently')) === true;
}

function tableOf(method: string, call: Call, ctx: Ctx): string | undefined {
  switch (method) {
    case 'create_table':
    case 'drop_table':
    case 'add_column':
    case 'drop_column':
    case 'alter_column':
    case 'rename_table':
      return str(call.args[0] ?? call.kwargs.get('table_name'), ctx);
    case 'create_index':
    case 'create_unique_constraint':
    case 'create_check_constraint':
    case 'drop_constraint':
    case 'create_primary_key':
      return str(call.args[1] ?? call.kwargs.get('table_name'), ctx);
    case 'create_foreign_key':
      return str(call.args[1] ?? call.kwargs.get('source_table'), ctx);
    case 'drop_index':
      return str(call.args[1] ?? call.kwargs.get('table_name'), ctx);
    default:
      return undefined;
  }
}

function batchOp(method: string, call: Call, ctx: Ctx, batch: { alias: string; table: string; schema?: string }): void {
  const kind = OP_KINDS[method];
  const origin = { file: ctx.file, line: call.line };
  const recorded: MigrationOperation | undefined = kind ? { kind, reversible: true, origin, table: batch.table, ...(concurrent(method, call) ? { concurrently: true } : {}) } : undefined;
  if (recorded) ctx.ops.push(recorded);
  applyOp(method, call, ctx, batch, recorded);
}

/**
 * Applies one operation. With `batch`, the table is implied and the positional arguments shift left by one
 * (batch_op.add_column(col) vs op.add_column(table, col)). `recorded` is the operation's entry in the migration
 * graph, told what the operation turned out to do (the column op.add_column adds).
 */
function applyOp(method: string, call: Call, ctx: Ctx, batch: { table: string; schema?: string } | undefined, recorded?: MigrationOperation): void {
  const m = ctx.model;
  const origin = { file: ctx.file, line: call.line };
  const a = call.args;
  const kw = call.kwargs;
  const schema = batch ? batch.schema : str(kw.get('schema'), ctx);
  // Positional arguments once the table is taken out, for the ops whose table comes first.
  const tableFirst = () => (batch ? { table: batch.table, rest: a } : { table: str(a[0] ?? kw.get('table_name'), ctx), rest: a.slice(1) });
  const need = (table: string | undefined): Table | undefined => {
    if (!table) {
      m.warn('alembic-unread-operation', `op.${method}(…) names no literal table; not replayed`, origin);
      return undefined;
    }
    const t = m.get(table, schema);
    if (!t) m.warn('alembic-missing-table', `op.${method} on ${table}, which does not exist at this point of the history; not replayed`, origin);
    return t;
  };
  const warnCol = (msg: string, line: number) => m.warn('alembic-unknown-type', msg, { file: ctx.file, line });
  switch (method) {
    case 'create_table': {
      const name = str(a[0] ?? kw.get('table_name'), ctx);
      if (!name) return void m.warn('alembic-unread-operation', `op.create_table(…) names no literal table; not replayed`, origin);
      if (m.get(name, schema)) m.warn('alembic-duplicate-table', `op.create_table("${name}"), but ${name} already exists at this point; a fresh upgrade fails here`, origin);
      const t = m.createTable(name, schema, origin);
      createTableItems(t, a.slice(1), ctx);
      return;
    }
    case 'drop_table': {
      const name = str(a[0] ?? kw.get('table_name'), ctx);
      if (name && need(name)) m.tables.delete(m.key(name, schema));
      return;
    }
    case 'rename_table': {
      const from = str(a[0] ?? kw.get('old_table_name'), ctx);
      const to = str(a[1] ?? kw.get('new_table_name'), ctx);
      if (!from || !to || !m.renameTable(from, to, schema)) m.warn('alembic-missing-table', `op.rename_table(${from ?? '?'}, ${to ?? '?'}): no such table at this point; not replayed`, origin);
      return;
    }
    case 'add_column': {
      const { table, rest } = tableFirst();
      const t = need(table);
      const col = asCall(deref(rest[0] ?? kw.get('column'), ctx));
      if (!t) return;
      const def = col && col.short === 'Column' ? readColumnCall(col, undefined, m.dialect, ctx.enums, warnCol) : undefined;
      if (!def) return void m.warn('alembic-unread-operation', `op.add_column on ${t.name}: the column is not a literal sa.Column(…); not replayed`, origin);
      if (t.columns.some((c) => c.name === def.name)) m.warn('alembic-duplicate-column', `${t.name}.${def.name} already exists at this point; a fresh upgrade fails here`, origin);
      if (def.nullable === false && def.serverDefault === undefined && !def.primaryKey) {
        m.notes.push({ kind: 'not-null-without-default', message: `${t.name}.${def.name} is added NOT NULL without a server_default: the upgrade fails on a table that already has rows`, origin: { file: ctx.file, line: def.line } });
      }
      const added = m.addColumn(t, def, ctx.file);
      if (def.primaryKey) m.setPrimaryKey(t, [def.name], undefined, { file: ctx.file, line: def.line });
      // Only what the database does fills the rows already there: server_default, identity, computed, a serial key.
      // A Python-side default= is applied by SQLAlchemy on INSERT, never here.
      if (recorded) Object.assign(recorded, { column: def.name, nullable: added.nullable, hasDefault: added.default !== undefined || !!added.identity || !!added.generated });
      return;
    }
    case 'drop_column': {
      const { table, rest } = tableFirst();
      const t = need(table);
      const col = str(rest[0] ?? kw.get('column_name'), ctx);
      if (t && (!col || !m.dropColumn(t, col))) m.warn('alembic-missing-column', `op.drop_column(${t.name}, ${col ?? '?'}): no such column at this point; not replayed`, origin);
      return;
    }
    case 'alter_column': {
      const { table, rest } = tableFirst();
      const t = need(table);
      const colName = str(rest[0] ?? kw.get('column_name'), ctx);
      if (!t) return;
      const col = t.columns.find((c) => c.name === colName);
      if (!col) return void m.warn('alembic-missing-column', `op.alter_column(${t.name}, ${colName ?? '?'}): no such column at this point; not replayed`, origin);
      const nullable = literal(kw.get('nullable'));
      if (typeof nullable === 'boolean' && nullable !== col.nullable) {
        col.nullable = nullable;
        col.origin = origin;
      }
      const typeNode = kw.get('type_');
      if (typeNode) {
        const ty = readType(deref(typeNode, ctx), m.dialect, ctx.enums);
        if (!ty) warnCol(`alter_column ${t.name}.${col.name}: the type \`${typeNode.text}\` is not one the SQLAlchemy source knows; the type is left as it was`, call.line);
        else {
          col.dataType = ty.dataType;
          col.family = ty.family;
          delete col.length;
          delete col.precision;
          delete col.scale;
          if (ty.length !== undefined) col.length = ty.length;
          if (ty.precision !== undefined) col.precision = ty.precision;
          if (ty.scale !== undefined) col.scale = ty.scale;
          if (ty.enumValues) col.enumValues = ty.enumValues;
          col.origin = origin;
        }
      }
      if (kw.has('server_default')) {
        const v = kw.get('server_default')!;
        if (v.type === 'none' || v.type === 'false') delete col.default;
        else {
          const d = serverDefaultText(v);
          if (d !== undefined) col.default = d;
        }
      }
      const newName = str(kw.get('new_column_name'), ctx);
      if (newName) renameColumn(t, col.name, newName);
      const comment = kw.get('comment');
      if (comment) {
        const c = stringValue(comment);
        if (c) col.comment = c;
        else delete col.comment;
      }
      return;
    }
    case 'create_index': {
      const name = str(a[0] ?? kw.get('index_name'), ctx);
      const table = batch ? batch.table : str(a[1] ?? kw.get('table_name'), ctx);
      const colsNode = deref(batch ? (a[1] ?? kw.get('columns')) : (a[2] ?? kw.get('columns')), ctx);
      const t = need(table);
      if (!t) return;
      if (!name) return void m.warn('alembic-unread-operation', `op.create_index on ${t.name}: the index name \`${(a[0] ?? kw.get('index_name'))?.text ?? ''}\` is not a literal; not replayed`, origin);
      const keys = indexKeys(colsNode, ctx);
      if (!keys) return void m.warn('alembic-unread-operation', `op.create_index(${name}): the columns are not a literal list; not replayed`, origin);
      const missing = keys.columns.filter((c): c is string => !!c && !t.columns.some((x) => x.name === c));
      if (missing.length) return void m.warn('alembic-missing-column', `index ${name} on ${t.name}(${missing.join(', ')}): no such column at this point; not replayed`, origin);
      const where = kw.get(`${m.dialect === 'sqlite' ? 'sqlite' : 'postgresql'}_where`);
      const predicate = where ? str(where, ctx) ?? where.text : undefined;
      const using = str(kw.get('postgresql_using'), ctx);
      m.addIndex(t, name, keys.columns, { unique: literal(kw.get('unique')) === true, origin, keyParts: keys.keyParts, ...(predicate ? { predicate } : {}), ...(using ? { method: using } : {}) });
      return;
    }
    case 'drop_index': {
      const name = str(a[0] ?? kw.get('index_name'), ctx);
      const table = batch ? batch.table : str(a[1] ?? kw.get('table_name'), ctx);
      const candidates = table ? [m.get(table, schema)].filter((x): x is Table => !!x) : [...m.tables.values()];
      const t = candidates.find((x) => x.indexes.some((ix) => ix.name === name));
      if (!t) return void m.warn('alembic-missing-index', `op.drop_index(${name ?? '?'}): no such index at this point; not replayed`, origin);
      t.indexes = t.indexes.filter((ix) => ix.name !== name);
      return;
    }
    case 'create_foreign_key': {
      const name = str(a[0] ?? kw.get('constraint_name'), ctx);
      const [src, ref, local, remote] = batch
        ? [batch.table, str(a[1] ?? kw.get('referent_table'), ctx), strs(a[2] ?? kw.get('local_cols'), ctx), strs(a[3] ?? kw.get('remote_cols'), ctx)]
        : [str(a[1] ?? kw.get('source_table'), ctx), str(a[2] ?? kw.get('referent_table'), ctx), strs(a[3] ?? kw.get('local_cols'), ctx), strs(a[4] ?? kw.get('remote_cols'), ctx)];
      const t = need(src);
      if (!t) return;
      if (!ref || !local || !remote) return void m.warn('alembic-unread-operation', `op.create_foreign_key on ${t.name}: the referenced table or columns are not literals; not replayed`, origin);
      m.addForeignKey(t, {
        name,
        refTable: ref,
        refColumns: remote,
        columns: local,
        onDelete: str(kw.get('ondelete'), ctx),
        onUpdate: str(kw.get('onupdate'), ctx),
        deferrable: literal(kw.get('deferrable')) === true,
        line: call.line,
        ...(str(kw.get('referent_schema'), ctx) ? { refSchema: str(kw.get('referent_schema'), ctx) } : {}),
      }, ctx.file);
      return;
    }
    case 'drop_constraint': {
      const name = str(a[0] ?? kw.get('constraint_name'), ctx);
      const t = need(batch ? batch.table : str(a[1] ?? kw.get('table_name'), ctx));
      if (t && (!name || !m.dropConstraint(t, name))) m.warn('alembic-missing-constraint', `op.drop_constraint(${name ?? '?'}) on ${t.name}: no such constraint at this point; not replayed`, origin);
      return;
    }
    case 'create_unique_constraint': {
      const name = str(a[0] ?? kw.get('constraint_name'), ctx);
      const t = need(batch ? batch.table : str(a[1] ?? kw.get('table_name'), ctx));
      const cols = strs(batch ? (a[1] ?? kw.get('columns')) : (a[2] ?? kw.get('columns')), ctx);
      if (!t) return;
      if (!cols) return void m.warn('alembic-unread-operation', `op.create_unique_constraint on ${t.name}: the columns are not a literal list; not replayed`, origin);
      m.addUnique(t, name, cols, origin);
      return;
    }
    case 'create_primary_key': {
      const name = str(a[0] ?? kw.get('constraint_name'), ctx);
      const t = need(batch ? batch.table : str(a[1] ?? kw.get('table_name'), ctx));
      const cols = strs(batch ? (a[1] ?? kw.get('columns')) : (a[2] ?? kw.get('columns')), ctx);
      if (t && cols) m.setPrimaryKey(t, cols, name, origin, new Map(cols.map((c) => [c, false])));
      return;
    }
    case 'create_check_constraint': {
      const name = str(a[0] ?? kw.get('constraint_name'), ctx);
      const t = need(batch ? batch.table : str(a[1] ?? kw.get('table_name'), ctx));
      const cond = str(batch ? (a[1] ?? kw.get('condition')) : (a[2] ?? kw.get('condition')), ctx);
      if (!t) return;
      if (!cond) return void m.warn('alembic-unread-operation', `op.create_check_constraint on ${t.name}: the condition is not a literal string; not replayed`, origin);
      m.addCheck(t, name, cond, origin);
      return;
    }
    case 'execute': {
      const arg = deref(a[0] ?? kw.get('sqltext'), ctx);
      const strNode = asCall(arg)?.short === 'text' ? asCall(arg)!.args[0] : arg;
      const sql = stringValue(strNode);
      if (sql === undefined) return void m.warn('alembic-unread-sql', `op.execute(${(arg?.text ?? '').split('\n')[0].slice(0, 60)}) is not a literal SQL string; what it does to the schema is not known`, origin);
      runSql(sql, strNode!, ctx);
      return;
    }
    case 'bulk_insert':
    case 'get_bind':
    case 'get_context':
    case 'create_table_comment':
    case 'drop_table_comment':
    case 'inline_literal':
    case 'f':
      return;
    default:
      m.warn('alembic-unread-operation', `op.${method}(…) is not an operation the Alembic source replays; the schema may differ from what it builds`, origin);
  }
}

function renameColumn(t: Table, from: string, to: string): void {
  const col = t.columns.find((c) => c.name === from);
  if (!col) return;
  col.name = to;
  const sw = (c: string | null) => (c === from ? to : c);
  for (const ix of t.indexes) {
    ix.columns = ix.columns.map(sw);
    ix.keyParts = ix.keyParts.map((k) => (k === from ? to : k));
  }
  for (const u of t.uniques) u.columns = u.columns.map((c) => (c === from ? to : c));
  for (const f of t.foreignKeys) f.columns = f.columns.map((c) => (c === from ? to : c));
  for (const c of t.checks) c.columns = c.columns.map((x) => (x === from ? to : x));
  if (t.primaryKey) t.primaryKey.columns = t.primaryKey.columns.map((c) => (c === from ? to : c));
}

/** Index keys: column names, or `sa.text("lower(email)")` expressions. */
function indexKeys(n: Node | undefined, ctx: Ctx): { columns: (string | null)[]; keyParts: string[] } | undefined {
  if (!n) return undefined;
  const items = n.type === 'list' || n.type === 'tuple' ? named(n) : [n];
  const columns: (string | null)[] = [];
  const keyParts: string[] = [];
  for (const it of items) {
    const s = stringValue(it);
    if (s !== undefined) {
      columns.push(s);
      keyParts.push(s);
      continue;
    }
    const c = asCall(it);
    if (c?.short === 'text' || c?.short === 'literal_column') {
      const e = stringValue(c.args[0]);
      if (e === undefined) return undefined;
      columns.push(null);
      keyParts.push(e);
      continue;
    }
    if (c && (c.short === 'desc' || c.short === 'asc')) {
      const inner = str(c.args[0], ctx);
      if (inner === undefined) return undefined;
      columns.push(inner);
      keyParts.push(`${inner}${c.short === 'desc' ? ' DESC' : ''}`);
      continue;
    }
    return undefined;
  }
  return { columns, keyParts };
}

/** Items of op.create_table after its name: columns and table-level constraints. */
export function createTableItems(t: Table, items: Node[], ctx: { file: string; model: SchemaModel; enums?: EnumResolver }): void {
  const m = ctx.model;
  const pk: string[] = [];
  const autoinc = new Map<string, boolean | undefined>();
  let pkLine = 0;
  let pkName: string | undefined;
  const later: Call[] = [];
  const defs: ColumnDef[] = [];
  for (const item of items) {
    const c = asCall(item);
    if (!c) {
      m.warn('alembic-unread-operation', `\`${item.text.split('\n')[0].slice(0, 60)}\` in create_table(${t.name}) is not a column or constraint the source reads`, { file: ctx.file, line: lineOf(item) });
      continue;
    }
    if (c.short === 'Column') {
      const def = readColumnCall(c, undefined, m.dialect, ctx.enums, (msg, line) => m.warn('alembic-unknown-type', msg, { file: ctx.file, line }));
      if (!def) {
        m.warn('alembic-unread-operation', `a column of ${t.name} without a literal name; not replayed`, { file: ctx.file, line: c.line });
        continue;
      }
      defs.push(def);
      if (def.primaryKey) {
        pk.push(def.name);
        pkLine ||= def.line;
      }
      autoinc.set(def.name, def.autoincrement);
    } else later.push(c);
  }
  // Columns first (a constraint may come before the columns it names), then column-level FKs, then constraints.
  for (const def of defs) m.addColumn(t, { ...def, fks: [] }, ctx.file);
  for (const def of defs) for (const fk of def.fks) m.addForeignKey(t, fk, ctx.file);
  for (const c of later) {
    const origin = { file: ctx.file, line: c.line };
    const name = stringValue(c.kwargs.get('name'));
    const colArgs = () => c.args.map((x) => stringValue(x)).filter((x): x is string => x !== undefined);
    switch (c.short) {
      case 'PrimaryKeyConstraint':
        pk.splice(0, pk.length, ...colArgs());
        pkLine = c.line;
        pkName = name;
        break;
      case 'UniqueConstraint':
        m.addUnique(t, name, colArgs(), origin);
        break;
      case 'CheckConstraint': {
        const expr = stringValue(c.args[0]) ?? stringValue(asCall(c.args[0])?.args[0]);
        if (expr) m.addCheck(t, name, expr, origin);
        else m.warn('alembic-unread-operation', `CheckConstraint on ${t.name}: the condition is not a literal string; not replayed`, origin);
        break;
      }
      case 'ForeignKeyConstraint': {
        const local = stringList(c.args[0] ?? c.kwargs.get('columns'));
        const refs = stringList(c.args[1] ?? c.kwargs.get('refcolumns'));
        if (!local || !refs || !refs.length) {
          m.warn('alembic-unread-operation', `ForeignKeyConstraint on ${t.name}: the columns are not literal lists; not replayed`, origin);
          break;
        }
        const first = refs[0].split('.');
        const refColumns = refs.map((r) => r.split('.').pop()!);
        const fk = readForeignKey({ ...c, args: [c.args[1]] }, local[0]);
        m.addForeignKey(t, {
          name,
          columns: local,
          refTable: first.length >= 2 ? first[first.length - 2] : t.name,
          ...(first.length >= 3 ? { refSchema: first.slice(0, -2).join('.') } : {}),
          refColumns,
          onDelete: stringValue(c.kwargs.get('ondelete')),
          onUpdate: stringValue(c.kwargs.get('onupdate')),
          deferrable: fk?.deferrable,
          line: c.line,
        }, ctx.file);
        break;
      }
      case 'Index': {
        const ixName = stringValue(c.args[0]);
        const keys = c.args.slice(1).map((x) => stringValue(x));
        if (!ixName || keys.some((k) => k === undefined)) {
          m.warn('alembic-unread-operation', `Index in create_table(${t.name}) with non-literal name or columns; not replayed`, origin);
          break;
        }
        m.addIndex(t, ixName, keys as string[], { unique: literal(c.kwargs.get('unique')) === true, origin });
        break;
      }
      default:
        m.warn('alembic-unread-operation', `${c.callee}(…) in create_table(${t.name}) is not something the source reads`, origin);
    }
  }
  if (pk.length) m.setPrimaryKey(t, pk, pkName, { file: ctx.file, line: pkLine }, autoinc);
}

// ---- op.execute: SQL read with the PostgreSQL parser ------------------------------------------------------------

type PgNode = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FK_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Content of the parenthesis that follows `keyword` in `text` (e.g. the CHECK expression). */
function parenAfter(text: string, keyword: RegExp): string | undefined {
  const m = keyword.exec(text);
  if (!m) return undefined;
  let i = text.indexOf('(', m.index + m[0].length - 1);
  if (i < 0) return undefined;
  let depth = 0;
  const start = i;
  for (; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return text.slice(start + 1, i).trim();
    }
  }
  return undefined;
}

function runSql(sql: string, strNode: Node, ctx: Ctx): void {
  const m = ctx.model;
  const baseLine = lineOf(strNode);
  const bytes = Buffer.from(sql, 'utf8');
  const lineAt = (loc: number) => baseLine + (bytes.subarray(0, loc).toString('utf8').match(/\n/g)?.length ?? 0);
  let parsed: { stmts: { stmt: PgNode; stmt_location?: number; stmt_len?: number }[] };
  try {
    parsed = parseSync(sql) as typeof parsed;
  } catch (e) {
    m.warn('alembic-sql-syntax', `op.execute SQL the PostgreSQL parser cannot read (${(e as Error).message.split('\n')[0]}); not applied`, { file: ctx.file, line: baseLine });
    return;
  }
  for (const s of parsed.stmts ?? []) {
    const loc = s.stmt_location ?? 0;
    const text = bytes.subarray(loc, s.stmt_len ? loc + s.stmt_len : undefined).toString('utf8');
    const origin = { file: ctx.file, line: lineAt(loc) + (text.match(/^\s*/)?.[0].match(/\n/g)?.length ?? 0) };
    const [kind, body] = Object.entries(s.stmt)[0] as [string, PgNode];
    const tableOf = (rel: PgNode | undefined) => (rel?.relname ? m.get(rel.relname, rel.schemaname) : undefined);
    const unapplied = (what: string) => m.warn('alembic-unapplied-sql', `op.execute: ${what} is not applied to the model; the schema may differ from what it builds`, origin);
    switch (kind) {
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'SelectStmt':
      case 'CreateExtensionStmt':
      case 'CommentStmt':
      case 'GrantStmt':
      case 'VariableSetStmt':
      // A serial column's sequence is derived from the column's type (ALTER SEQUENCE … AS follows ALTER COLUMN … TYPE).
      case 'AlterSeqStmt':
        break;
      case 'IndexStmt': {
        const t = tableOf(body.relation);
        if (!t) {
          unapplied(`CREATE INDEX on ${body.relation?.relname}, a table that does not exist at this point,`);
          break;
        }
        const columns: (string | null)[] = [];
        const keyParts: string[] = [];
        for (const p of body.indexParams ?? []) {
          const el = p.IndexElem ?? {};
          if (el.name) {
            columns.push(el.name);
            keyParts.push(el.name + (el.ordering === 'SORTBY_DESC' ? ' DESC' : ''));
          } else {
            // The expression as written (`lower(email)`), read from where the parser says it starts.
            const loc = minLocation(el.expr);
            columns.push(null);
            keyParts.push(loc !== undefined ? exprText(bytes.subarray(loc).toString('utf8'), 0) : '(expression)');
          }
        }
        const whereIdx = body.whereClause ? text.search(/\bwhere\b/i) : -1;
        const predicate = whereIdx >= 0 ? text.slice(whereIdx + 5).replace(/;\s*$/, '').trim() : undefined;
        m.addIndex(t, body.idxname ?? `${t.name}_${columns.filter(Boolean).join('_')}_idx`, columns, {
          unique: !!body.unique,
          origin,
          keyParts,
          method: body.accessMethod ?? 'btree',
          ...(predicate ? { predicate } : {}),
        });
        ctx.ops.push({ kind: 'create-index', table: t.name, reversible: true, origin, ...(body.concurrent ? { concurrently: true } : {}) });
        break;
      }
      case 'CreateEnumStmt': {
        const name = (body.typeName ?? []).map((n: PgNode) => n.String?.sval).pop();
        const values = (body.vals ?? []).map((v: PgNode) => v.String?.sval).filter(Boolean);
        if (name) m.enums.set(name, { schema: m.defaultSchema, name, values, origin });
        break;
      }
      case 'AlterTableStmt': {
        const t = tableOf(body.relation);
        if (!t) {
          unapplied(`ALTER TABLE ${body.relation?.relname}, a table that does not exist at this point,`);
          break;
        }
        for (const c of body.cmds ?? []) {
          const cmd = c.AlterTableCmd ?? {};
          const col = cmd.name ? t.columns.find((x) => x.name === cmd.name) : undefined;
          switch (cmd.subtype) {
            case 'AT_SetNotNull':
              if (col) Object.assign(col, { nullable: false, origin });
              break;
            case 'AT_DropNotNull':
              if (col) Object.assign(col, { nullable: true, origin });
              break;
            case 'AT_EnableRowSecurity':
              t.rls = { ...t.rls, enabled: true, origin };
              break;
            case 'AT_ForceRowSecurity':
              t.rls = { ...t.rls, forced: true };
              break;
            case 'AT_AddConstraint': {
              const con = cmd.def?.Constraint ?? {};
              const keys = (con.keys ?? con.fk_attrs ?? []).map((k: PgNode) => k.String?.sval).filter(Boolean) as string[];
              if (con.indexname && (con.contype === 'CONSTR_UNIQUE' || con.contype === 'CONSTR_PRIMARY')) {
                if (!constraintUsingIndex(t, con, origin)) unapplied(`ALTER TABLE ${t.name} ADD CONSTRAINT … USING INDEX ${con.indexname} (an index this replay does not know, partial or on expressions)`);
              } else if (con.contype === 'CONSTR_CHECK') {
                const expr = parenAfter(text, /\bcheck\s*\(/i);
                if (expr) m.addCheck(t, con.conname, expr, origin);
                // NOT VALID: enforced on new rows only, until VALIDATE CONSTRAINT.
                if (expr && con.skip_validation) t.checks[t.checks.length - 1].validated = false;
              } else if (con.contype === 'CONSTR_UNIQUE') m.addUnique(t, con.conname, keys, origin);
              else if (con.contype === 'CONSTR_FOREIGN') {
                m.addForeignKey(t, {
                  name: con.conname,
                  columns: keys,
                  refTable: con.pktable?.relname,
                  ...(con.pktable?.schemaname ? { refSchema: con.pktable.schemaname } : {}),
                  refColumns: (con.pk_attrs ?? []).map((k: PgNode) => k.String?.sval),
                  onDelete: FK_ACTIONS[con.fk_del_action ?? 'a'],
                  onUpdate: FK_ACTIONS[con.fk_upd_action ?? 'a'],
                  line: origin.line,
                }, ctx.file);
                const fk = t.foreignKeys.find((f) => f.name === con.conname);
                if (fk && con.skip_validation) fk.validated = false;
              } else if (con.contype === 'CONSTR_PRIMARY') m.setPrimaryKey(t, keys, con.conname, origin);
              else unapplied(`ALTER TABLE ${t.name} ADD CONSTRAINT (${String(con.contype).replace('CONSTR_', '').toLowerCase()})`);
              break;
            }
            case 'AT_DropConstraint':
              m.dropConstraint(t, cmd.name);
              break;
            case 'AT_ValidateConstraint':
              validateConstraint(t, cmd.name);
              break;
            case 'AT_AlterColumnType':
              if (!alterColumnType(t, cmd)) unapplied(`ALTER TABLE ${t.name} ALTER COLUMN ${cmd.name} TYPE (a column or type this replay does not know)`);
              break;
            case 'AT_AddColumn':
              if (!addColumn(t, cmd, sql, origin)) unapplied(`ALTER TABLE ${t.name} ADD COLUMN (a type this replay does not know)`);
              break;
            case 'AT_ColumnDefault':
              if (!columnDefault(t, cmd, sql)) unapplied(`ALTER TABLE ${t.name} ALTER COLUMN ${cmd.name} DEFAULT (a column this replay does not know)`);
              break;
            default:
              unapplied(`ALTER TABLE ${t.name} (${String(cmd.subtype).replace('AT_', '')})`);
          }
        }
        break;
      }
      case 'CreatePolicyStmt': {
        const t = tableOf(body.table);
        if (!t) {
          unapplied(`CREATE POLICY on ${body.table?.relname}, a table that does not exist at this point,`);
          break;
        }
        const using = body.qual ? parenAfter(text, /\busing\s*\(/i) : undefined;
        const withCheck = body.with_check ? parenAfter(text, /\bwith\s+check\s*\(/i) : undefined;
        t.policies.push({
          name: body.policy_name,
          command: String(body.cmd_name ?? 'all').toUpperCase() as 'ALL',
          permissive: body.permissive !== false,
          roles: (body.roles ?? []).map((r: PgNode) => r.RoleSpec?.rolename ?? 'public'),
          ...(using ? { using } : {}),
          ...(withCheck ? { withCheck } : {}),
          origin,
        });
        break;
      }
      case 'DropStmt': {
        if (body.removeType === 'OBJECT_INDEX') {
          for (const o of body.objects ?? []) {
            const name = (o.List?.items ?? []).map((x: PgNode) => x.String?.sval).pop();
            for (const t of m.tables.values()) t.indexes = t.indexes.filter((ix) => ix.name !== name);
          }
        } else unapplied(`DROP ${String(body.removeType).replace('OBJECT_', '')}`);
        break;
      }
      default:
        unapplied(kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase());
    }
  }
}

