// Replays Laravel migrations: each file's up() is walked statement by statement (Schema::create/table/drop/rename,
// the Blueprint calls inside their closures, guards, DB::statement), and applied to a schema held in catalog tables.
// A migration sequence is a program that builds a schema; replaying it, in the order the migrator runs it, gives the
// schema a fresh `php artisan migrate` would leave, with every column, key and index pointing at its line.
import { basename } from 'node:path';
import type {
  FkAction,
  ForeignKey,
  Index,
  LoadWarning,
  MigrationNode,
  MigrationOperation,
  Origin,
  Table,
} from '../../catalog/types.js';
import { dialectOf, physicalColumn, type ColumnSpec, type DefaultValue, type Driver } from './columns.js';
import { plural, tableForModel } from './inflect.js';
import {
  argumentsOf,
  closureParts,
  field,
  flattenChain,
  isClassRef,
  lineOf,
  literal,
  named,
  scopedCall,
  stringList,
  stringValue,
  type ChainCall,
  type Node,
  type PhpValue,
} from './php.js';
import { emptyTableParts } from '../../catalog/build.js';
import { replayMysqlSql } from './raw-sql.js';

export interface ReplayOptions {
  driver: Driver;
  /** `Schema::defaultStringLength`, 255 unless a service provider changes it. */
  defaultStringLength: number;
  /** Laravel ≤ 10 (doctrine/dbal): `->change()` keeps the attributes it does not restate. 11+ drops them. */
  changeKeepsAttributes: boolean;
  /** MariaDB ≥ 10.7 gets the native `uuid` type from Laravel's MariaDbGrammar. */
  mariaDbUuid: boolean;
  /** Schema name for the tables ('' for MySQL and SQLite, `public` for PostgreSQL). */
  schema: string;
}

export interface Note {
  kind: string;
  message: string;
  origin: Origin;
}

interface TableState {
  table: Table;
  specs: Map<string, ColumnSpec>;
}

/** The schema being built, shared by every migration in the run. */
export class SchemaState {
  readonly tables = new Map<string, TableState>();
  readonly notes: Note[] = [];
  readonly warnings: LoadWarning[] = [];
  constructor(readonly opts: ReplayOptions) {}

  get dialect() {
    return dialectOf(this.opts.driver);
  }

  note(kind: string, message: string, origin: Origin) {
    this.notes.push({ kind, message, origin });
  }

  warn(code: string, message: string, origin?: Origin) {
    this.warnings.push({ code, message, ...(origin ? { origin } : {}) });
  }

  /** A limit of the source that loses no part of the schema: listed, without calling the review incomplete. */
  limit(code: string, message: string, origin?: Origin) {
    this.warnings.push({ code, message, note: true, ...(origin ? { origin } : {}) });
  }

  /** Final tables; MySQL/MariaDB get the index InnoDB creates for each foreign key no index leads with. */
  finish(): Table[] {
    const out: Table[] = [];
    for (const { table } of this.tables.values()) {
      if (this.dialect === 'mysql') {
        for (const fk of table.foreignKeys) {
          const covered = table.indexes.some((ix) => fk.columns.every((c, i) => ix.columns[i] === c));
          if (!covered) table.indexes.push(makeIndex(this, table, fk.name, fk.columns, 'index', fk.origin));
        }
      }
      out.push(table);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Migration files

export interface ParsedMigration {
  node: MigrationNode;
}

interface FileCtx {
  file: string;
  /** The migration class, for `$this->property` lists. */
  cls?: Node;
  state: SchemaState;
  methods: Map<string, Node>;
  ops: MigrationOperation[];
  vars: Map<string, PhpValue>;
  depth: number;
}

/** Finds the migration class of a file: `return new class extends Migration {…}` or `class X extends Migration {…}`. */
export function migrationClass(root: Node): Node | undefined {
  // Top level only (a namespace block is walked into): no need to search the whole tree.
  const candidates: Node[] = [];
  const visit = (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.type === 'class_declaration') candidates.push(n);
      else if (n.type === 'namespace_definition' || n.type === 'compound_statement') visit(named(n));
      else if (n.type === 'return_statement' || n.type === 'expression_statement') {
        const expr = named(n)[0];
        const cls = expr?.type === 'object_creation_expression' ? named(expr).find((x) => x.type === 'anonymous_class') : undefined;
        if (cls) candidates.push(cls);
      }
    }
  };
  visit(named(root));
  const methodsOf = (c: Node) => {
    const body = field(c, 'body') ?? named(c).find((x) => x.type === 'declaration_list');
    return body ? named(body).filter((m) => m.type === 'method_declaration') : [];
  };
  return (
    candidates.find((c) => /\bMigration\b/.test(named(c).find((x) => x.type === 'base_clause')?.text ?? '')) ??
    candidates.find((c) => methodsOf(c).some((m) => field(m, 'name')?.text === 'up'))
  );
}

function classMethods(cls: Node): Map<string, Node> {
  const body = field(cls, 'body') ?? named(cls).find((x) => x.type === 'declaration_list');
  const out = new Map<string, Node>();
  if (!body) return out;
  for (const m of named(body)) {
    if (m.type !== 'method_declaration') continue;
    const name = field(m, 'name')?.text;
    if (name) out.set(name, m);
  }
  return out;
}

/** Whether a method body does something: has a statement other than comments. */
function hasStatements(method: Node | undefined): boolean {
  const body = method ? field(method, 'body') : null;
  return !!body && named(body).length > 0;
}

/** Replays one migration file's up() into `state` and returns its node of the migration graph. */
export function replayMigration(root: Node, file: string, state: SchemaState): MigrationNode {
  const id = basename(file, '.php');
  const cls = migrationClass(root);
  const ops: MigrationOperation[] = [];
  if (!cls) {
    state.warn('laravel-no-migration-class', `no migration class found (neither \`return new class extends Migration\` nor a class with up()); nothing replayed`, { file, line: 1 });
    return { id, file, dependsOn: [], operations: ops, reversible: false };
  }
  const methods = classMethods(cls);
  const up = methods.get('up');
  const down = methods.get('down');
  const reversible = hasStatements(down);
  // The Migrator wraps up() in a transaction unless `public $withinTransaction = false;`, and only where the grammar
  // has schema transactions (PostgreSQL, SQLite, SQL Server): MySQL and MariaDB commit each DDL statement implicitly.
  const withinTransaction = propertyValue(cls, 'withinTransaction')?.value !== false;
  const atomic = withinTransaction && state.opts.driver !== 'mysql' && state.opts.driver !== 'mariadb';
  if (!reversible && up && hasStatements(up)) {
    state.note(
      'irreversible-migration',
      `${id}: down() ${down ? 'is empty' : 'is missing'}, so it cannot be rolled back`,
      { file, line: down ? lineOf(down) : lineOf(cls) },
    );
  }
  if (cls.hasError || root.hasError) {
    const err = firstError(root);
    state.warn('laravel-php-syntax', `PHP syntax the parser could not read; the statements around it may be missing`, { file, line: err });
  }
  // A migration may run on another connection (`protected $connection = 'tenant'`): say so, it is replayed all the same.
  const connProp = propertyValue(cls, 'connection');
  if (typeof connProp?.value === 'string') {
    state.note('migration-connection', `${id} runs on the connection \`${connProp.value}\`; it is replayed into the same schema as the others`, { file, line: connProp.line });
  }
  if (!up) {
    state.warn('laravel-no-up', `the migration has no up() method; nothing replayed`, { file, line: lineOf(cls) });
  } else {
    const ctx: FileCtx = { file, cls, state, methods, ops, vars: new Map(), depth: 0 };
    walkStatements(bodyStatements(up), ctx, undefined);
  }
  for (const op of ops) op.reversible = reversible;
  // Data changes (backfills) in up(): a down() that changes no data cannot put the old values back.
  const downChangesData = dataChanges(down).length > 0;
  for (const change of dataChanges(up)) {
    ops.push({ kind: 'data-change', ...(change.table ? { table: change.table } : {}), reversible: downChangesData, origin: { file, line: change.line } });
    if (!downChangesData) {
      state.note(
        'irreversible-backfill',
        `${id} changes data in up() (${change.what}) and its down() ${down && hasStatements(down) ? 'changes no data' : 'does nothing'}: rolling it back leaves the changed rows as they are`,
        { file, line: change.line },
      );
    }
  }
  return {
    id,
    file,
    dependsOn: [],
    atomic,
    operations: ops,
    reversible: reversible && (ops.every((o) => o.reversible)),
    ...(down ? { downLine: lineOf(down) } : {}),
  };
}

/** Query-builder and Eloquent calls that write rows. */
const WRITES = new Set(['update', 'insert', 'insertOrIgnore', 'insertGetId', 'upsert', 'updateOrInsert', 'delete', 'increment', 'decrement', 'forceDelete', 'truncate']);

/**
 * Row writes inside a method body: `DB::table('t')->…->update(…)`, `Model::where(…)->update(…)`,
 * `DB::update('UPDATE …')` / `DB::statement('UPDATE …')` and the like.
 */
function dataChanges(method: Node | undefined): { line: number; table?: string; what: string }[] {
  const body = method ? field(method, 'body') : null;
  if (!body) return [];
  const found: { line: number; table?: string; what: string }[] = [];
  for (const expr of body.descendantsOfType(['member_call_expression', 'scoped_call_expression'])) {
    if (!expr) continue;
    // Only the outermost call of a chain counts once.
    const parent = expr.parent;
    if (parent && (parent.type === 'member_call_expression' || parent.type === 'nullsafe_member_call_expression') && field(parent, 'object')?.id === expr.id) continue;
    if (expr.type === 'scoped_call_expression') {
      const call = scopedCall(expr);
      if (call?.cls === 'DB' && ['update', 'insert', 'delete'].includes(call.method)) found.push({ line: lineOf(expr), what: `DB::${call.method}()` });
      else if (call?.cls === 'DB' && call.method === 'statement') {
        const sql = stringValue(call.args[0]?.value, new Map()) ?? '';
        if (/^\s*(update|insert|delete)\b/i.test(sql)) found.push({ line: lineOf(expr), what: `DB::statement('${sql.trim().split(/\s+/)[0].toUpperCase()} …')` });
      }
      continue;
    }
    const { base, calls } = flattenChain(expr);
    const last = calls[calls.length - 1];
    if (!last || !WRITES.has(last.name)) continue;
    const start = scopedCall(base);
    if (!start) continue;
    if (start.cls === 'DB' && start.method === 'table') {
      const table = stringValue(start.args[0]?.value, new Map());
      found.push({ line: lineOf(expr), ...(table ? { table } : {}), what: `DB::table(${table ? `'${table}'` : '…'})->${last.name}()` });
    } else if (start.cls !== 'Schema' && start.cls !== 'DB') {
      found.push({ line: lineOf(expr), what: `${start.cls}::${start.method}()->${last.name}()` });
    }
  }
  return found;
}

function firstError(root: Node): number {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.isError || n.isMissing) return lineOf(n);
    for (const c of n.children) if (c && c.hasError) stack.push(c);
    if (n.isMissing) return lineOf(n);
  }
  return lineOf(root);
}

function propertyValue(cls: Node, name: string): { value: PhpValue | undefined; line: number } | undefined {
  const body = field(cls, 'body') ?? named(cls).find((x) => x.type === 'declaration_list');
  for (const member of body ? named(body) : []) {
    if (member.type !== 'property_declaration') continue;
    for (const decl of named(member).filter((n) => n.type === 'property_element')) {
      const n = field(decl, 'name') ?? named(decl)[0];
      if (n?.text.replace(/^\$/, '') !== name) continue;
      const v = field(decl, 'default_value') ?? named(decl)[1];
      return { value: literal(v), line: lineOf(decl) };
    }
  }
  return undefined;
}

function bodyStatements(method: Node): Node[] {
  const body = field(method, 'body');
  return body ? named(body) : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Statements of up()

/** Statements of an if/else branch or loop body: a block or a single statement. */
function branchStatements(n: Node | null | undefined): Node[] {
  if (!n) return [];
  if (n.type === 'compound_statement') return named(n);
  if (n.type === 'else_clause' || n.type === 'else_if_clause') return branchStatements(field(n, 'body') ?? named(n).at(-1));
  return [n];
}

/** `bp` is the Blueprint being built when the statements are inside a Schema::create/table closure. */
function walkStatements(statements: Node[], ctx: FileCtx, bp: Blueprint | undefined): void {
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i];
    switch (stmt.type) {
      case 'expression_statement': {
        const expr = named(stmt)[0];
        if (expr) handleExpression(expr, ctx, bp);
        break;
      }
      case 'compound_statement':
        walkStatements(named(stmt), ctx, bp);
        break;
      case 'if_statement': {
        const stop = handleIf(stmt, ctx, bp);
        if (stop) return;
        break;
      }
      case 'foreach_statement':
        handleForeach(stmt, ctx, bp);
        break;
      case 'try_statement':
        walkStatements(branchStatements(field(stmt, 'body')), ctx, bp);
        break;
      case 'return_statement': {
        const expr = named(stmt)[0];
        if (expr) handleExpression(expr, ctx, bp);
        return;
      }
      default:
        if (mentionsSchema(stmt.text)) unread(stmt, ctx, bp);
    }
  }
}

function mentionsSchema(text: string): boolean {
  return /\bSchema::|\bDB::(statement|unprepared)|\$table->/.test(text);
}

function unread(node: Node, ctx: FileCtx, bp: Blueprint | undefined): void {
  const first = node.text.split('\n')[0].trim();
  ctx.state.warn(
    'laravel-unread-statement',
    `\`${first.length > 90 ? first.slice(0, 87) + '…' : first}\` is not something the Laravel source can replay` +
      (bp ? ` on ${bp.tableName}` : '') + '; the schema may differ from what it builds',
    { file: ctx.file, line: lineOf(node) },
  );
}

// ---- conditions: Schema::hasTable/hasColumn guards and driver checks -------------------------------------------

type Truth = { value: boolean | undefined; guard: boolean; driver: boolean };

function evalCondition(n: Node | null | undefined, ctx: FileCtx, bp: Blueprint | undefined): Truth {
  const unknown: Truth = { value: undefined, guard: false, driver: false };
  if (!n) return unknown;
  switch (n.type) {
    case 'parenthesized_expression':
      return evalCondition(named(n)[0], ctx, bp);
    case 'unary_op_expression': {
      if (n.child(0)?.text !== '!') return unknown;
      const inner = evalCondition(field(n, 'argument') ?? named(n)[0], ctx, bp);
      return { ...inner, value: inner.value === undefined ? undefined : !inner.value };
    }
    case 'binary_expression': {
      const op = field(n, 'operator')?.text ?? n.child(1)?.text ?? '';
      const left = field(n, 'left') ?? named(n)[0];
      const right = field(n, 'right') ?? named(n)[1];
      if (['&&', '||', 'and', 'or'].includes(op.toLowerCase())) {
        const a = evalCondition(left, ctx, bp);
        const b = evalCondition(right, ctx, bp);
        const and = op === '&&' || op.toLowerCase() === 'and';
        let value: boolean | undefined;
        if (and) value = a.value === false || b.value === false ? false : a.value === true && b.value === true ? true : undefined;
        else value = a.value === true || b.value === true ? true : a.value === false && b.value === false ? false : undefined;
        return { value, guard: a.guard || b.guard, driver: a.driver || b.driver };
      }
      if (['===', '==', '!==', '!=', '<>'].includes(op)) {
        const d = driverName(left) ?? driverName(right);
        const other = driverName(left) ? right : left;
        const s = stringValue(other, ctx.vars);
        if (d && s !== undefined) {
          const eq = s === ctx.state.opts.driver;
          return { value: op.startsWith('=') ? eq : !eq, guard: false, driver: true };
        }
      }
      return unknown;
    }
    case 'function_call_expression': {
      const fn = field(n, 'function')?.text;
      const args = argumentsOf(field(n, 'arguments'));
      if (fn === 'in_array' && args.length >= 2 && driverName(args[0].value)) {
        const list = stringList(args[1].value, ctx.vars);
        if (list) return { value: list.includes(ctx.state.opts.driver), guard: false, driver: true };
      }
      return unknown;
    }
    case 'scoped_call_expression': {
      const call = scopedCall(n);
      if (call && call.cls === 'Schema') return schemaQuery(call.method, call.args, ctx, bp);
      return unknown;
    }
    case 'member_call_expression': {
      // Schema::connection('x')->hasTable(…)
      const { base, calls } = flattenChain(n);
      const sc = scopedCall(base);
      if (sc?.cls === 'Schema' && sc.method === 'connection' && calls.length === 1) return schemaQuery(calls[0].name, calls[0].args, ctx, bp);
      return unknown;
    }
    default:
      return unknown;
  }
}

/** The answer a fresh `migrate` would get from Schema::hasTable / hasColumn / hasColumns / hasIndex at this point. */
function schemaQuery(method: string, args: ChainCall['args'], ctx: FileCtx, bp: Blueprint | undefined): Truth {
  const table = stringValue(args[0]?.value, ctx.vars);
  const t = table !== undefined ? ctx.state.tables.get(table) : undefined;
  // Inside a closure, the blueprint's own commands have not run yet when the closure asks.
  const columnsOf = (ts: TableState) => (bp && bp.tableName === table ? bp.columnsAtStart : new Set(ts.table.columns.map((c) => c.name)));
  switch (method) {
    case 'hasTable':
      return { value: table === undefined ? undefined : !!t, guard: true, driver: false };
    case 'hasColumn': {
      const col = stringValue(args[1]?.value, ctx.vars);
      if (table === undefined || col === undefined) return { value: undefined, guard: true, driver: false };
      return { value: !!t && columnsOf(t).has(col), guard: true, driver: false };
    }
    case 'hasColumns': {
      const cols = stringList(args[1]?.value, ctx.vars);
      if (table === undefined || !cols) return { value: undefined, guard: true, driver: false };
      return { value: !!t && cols.every((c) => columnsOf(t).has(c)), guard: true, driver: false };
    }
    case 'hasIndex': {
      const spec = literal(args[1]?.value, ctx.vars);
      if (!t || spec === undefined) return { value: table === undefined ? undefined : t ? undefined : false, guard: true, driver: false };
      const has =
        typeof spec === 'string'
          ? t.table.indexes.some((ix) => ix.name === spec)
          : Array.isArray(spec) && t.table.indexes.some((ix) => JSON.stringify(ix.columns) === JSON.stringify(spec));
      return { value: has, guard: true, driver: false };
    }
    default:
      return { value: undefined, guard: false, driver: false };
  }
}

/** Whether an expression reads the connection's driver: DB::getDriverName(), DB::connection()->getDriverName(), config('database.default'). */
function driverName(n: Node | null | undefined): boolean {
  if (!n) return false;
  const t = n.text.replace(/\s+/g, '');
  return /getDriverName\(\)$/.test(t) || /^config\(['"]database\.default['"]\)$/.test(t);
}

/**
 * if/elseif/else. A guard on the schema (Schema::hasTable / hasColumn) is answered as a fresh `migrate` would answer it,
 * so a guarded block applies whenever it would on an empty database; a check of the driver is answered for the
 * connection in use; any other condition takes the first branch. Each decision is noted with its line.
 * Returns true when the rest of the statements must not run (`if (Schema::hasTable('x')) return;`).
 */
function handleIf(stmt: Node, ctx: FileCtx, bp: Blueprint | undefined): boolean {
  const state = ctx.state;
  const cond = field(stmt, 'condition');
  const body = field(stmt, 'body');
  const alternatives = named(stmt).filter((n) => n.type === 'else_if_clause' || n.type === 'else_clause');
  const truth = evalCondition(cond, ctx, bp);
  const where = { file: ctx.file, line: lineOf(stmt) };
  const condText = (cond?.text ?? '').replace(/\s+/g, ' ').replace(/^\((.*)\)$/, '$1');
  const returns = (n: Node | null) => branchStatements(n).some((s) => s.type === 'return_statement');
  let value = truth.value;
  if (truth.guard) {
    ctx.state.note(
      'guarded-migration',
      `guarded by \`${condText}\`; on a fresh migrate it is ${value === undefined ? 'undecidable, taken as true' : value ? 'true' : 'false'}` +
        `, so the ${value === false ? 'else branch (if any)' : 'guarded block'} is replayed`,
      where,
    );
    if (value === undefined) {
      value = true;
      state.limit('laravel-condition-assumed', `\`${condText}\` cannot be answered from the migrations; the guarded block is replayed`, where);
    }
  } else if (truth.driver) {
    ctx.state.note('driver-condition', `\`${condText}\` is ${value ? 'true' : 'false'} for the ${ctx.state.opts.driver} connection`, where);
  } else if (mentionsSchema(stmt.text)) {
    ctx.state.note('conditional-migration', `schema changes under \`${condText}\`, which the Laravel source cannot evaluate; the first branch is replayed`, where);
    ctx.state.limit('laravel-condition-assumed', `schema changes under \`${condText}\`, which cannot be answered from the migrations; the first branch is replayed`, where);
    value = true;
  } else {
    return false;
  }
  if (value) {
    walkStatements(branchStatements(body), ctx, bp);
    return returns(body);
  }
  for (const alt of alternatives) {
    if (alt.type === 'else_clause') {
      walkStatements(branchStatements(alt), ctx, bp);
      return returns(alt);
    }
    const t = evalCondition(field(alt, 'condition'), ctx, bp);
    if (t.value) {
      walkStatements(branchStatements(alt), ctx, bp);
      return returns(alt);
    }
  }
  return false;
}

/** foreach over a literal list (`foreach (['a', 'b'] as $t)`) runs once per value; anything else once, noted. */
function handleForeach(stmt: Node, ctx: FileCtx, bp: Blueprint | undefined): void {
  const parts = named(stmt);
  const body = field(stmt, 'body') ?? parts.at(-1);
  const iter = parts[0];
  const value = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  // `foreach ($this->tables as $t)` over a property of the migration class with a literal value
  const prop = iter?.type === 'member_access_expression' && field(iter, 'object')?.text === '$this' && ctx.cls ? propertyValue(ctx.cls, field(iter, 'name')?.text ?? '') : undefined;
  const list = prop ? prop.value : literal(iter, ctx.vars);
  const varNode = value?.type === 'variable_name' ? value : value?.type === 'pair' ? named(value).at(-1) : value;
  const varName = varNode?.type === 'variable_name' ? varNode.text.replace(/^\$/, '') : undefined;
  if (varName && list !== undefined && (Array.isArray(list) || (typeof list === 'object' && list !== null && !isClassRef(list)))) {
    const values = Array.isArray(list) ? list : Object.values(list);
    for (const v of values) {
      ctx.vars.set(varName, v);
      walkStatements(branchStatements(body), ctx, bp);
    }
    ctx.vars.delete(varName);
    return;
  }
  if (mentionsSchema(stmt.text)) unread(stmt, ctx, bp);
}

// ---- expressions -------------------------------------------------------------------------------------------------

function handleExpression(expr: Node, ctx: FileCtx, bp: Blueprint | undefined): void {
  if (expr.type === 'assignment_expression') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    if (bp && left?.type === 'member_access_expression' && field(left, 'object')?.text === `$${bp.param}`) {
      blueprintProperty(bp, field(left, 'name')?.text ?? '', right, ctx, lineOf(expr));
      return;
    }
    if (left?.type === 'variable_name') {
      const v = literal(right, ctx.vars);
      if (v !== undefined) ctx.vars.set(left.text.replace(/^\$/, ''), v);
      else if (right && mentionsSchema(right.text)) unread(expr, ctx, bp);
      return;
    }
    if (mentionsSchema(expr.text)) unread(expr, ctx, bp);
    return;
  }
  if (expr.type === 'scoped_call_expression') {
    const call = scopedCall(expr)!;
    if (call.cls === 'Schema') return schemaCall(call.method, call.args, expr, ctx, bp);
    if (call.cls === 'DB' && (call.method === 'statement' || call.method === 'unprepared')) return rawSql(call.args, expr, ctx);
    if (mentionsSchema(expr.text)) unread(expr, ctx, bp);
    return;
  }
  if (expr.type === 'member_call_expression' || expr.type === 'nullsafe_member_call_expression') {
    const { base, calls } = flattenChain(expr);
    // $table->… inside a Blueprint closure
    if (bp && base.type === 'variable_name' && base.text === `$${bp.param}`) return blueprintChain(bp, calls, ctx);
    // $this->helper() in the migration class
    if (base.type === 'variable_name' && base.text === '$this' && calls.length === 1) {
      const m = ctx.methods.get(calls[0].name);
      if (m && ctx.depth < 5) {
        ctx.depth++;
        walkStatements(bodyStatements(m), ctx, bp);
        ctx.depth--;
        return;
      }
    }
    const sc = scopedCall(base);
    if (sc?.cls === 'Schema' && sc.method === 'connection' && calls.length >= 1) {
      const last = calls[calls.length - 1];
      return schemaCall(last.name, last.args, expr, ctx, bp);
    }
    if (sc?.cls === 'DB' && sc.method === 'connection') {
      const last = calls[calls.length - 1];
      if (last && (last.name === 'statement' || last.name === 'unprepared')) return rawSql(last.args, expr, ctx);
    }
    if (mentionsSchema(expr.text)) unread(expr, ctx, bp);
    return;
  }
  if (mentionsSchema(expr.text)) unread(expr, ctx, bp);
}

function rawSql(args: ChainCall['args'], expr: Node, ctx: FileCtx): void {
  const sql = stringValue(args[0]?.value, ctx.vars);
  const line = lineOf(expr);
  const text = (sql ?? args[0]?.value.text ?? '').replace(/\s+/g, ' ').trim();
  const target = sql ? /\b(?:table|on|into|update|from)\s+[`"]?(\w+)[`"]?/i.exec(sql)?.[1] : undefined;
  ctx.ops.push({ kind: 'run-sql', ...(target ? { table: target } : {}), reversible: true, origin: { file: ctx.file, line } });
  const shown = text.length > 160 ? text.slice(0, 157) + '…' : text;
  // On MySQL / MariaDB the SQL is replayed by the MySQL DDL source's statement machinery (raw-sql.ts), which warns itself.
  const replays = sql !== undefined && ctx.state.dialect === 'mysql';
  const replayed = replays && replayMysqlSql(ctx.state, sql, { file: ctx.file, line: lineOf(args[0].value) });
  ctx.state.note('raw-sql', `raw SQL ${replayed ? 'replayed as MySQL DDL' : 'not replayed'}: ${shown}`, { file: ctx.file, line });
  // DDL the source does not replay leaves its change out of the catalog: the review must say it is incomplete.
  // Data statements (UPDATE, INSERT…) change no schema.
  if (!replays && (sql === undefined || /^\s*(create|alter|drop|rename|comment|truncate)\b/i.test(sql))) {
    ctx.state.warn('laravel-raw-sql', `raw SQL not replayed: ${shown}; whatever it changes in the schema is missing from this review`, { file: ctx.file, line });
  }
}

function schemaCall(method: string, args: ChainCall['args'], expr: Node, ctx: FileCtx, outer: Blueprint | undefined): void {
  const { state } = ctx;
  const line = lineOf(expr);
  const origin = { file: ctx.file, line };
  const tableArg = (i: number) => {
    const name = stringValue(args[i]?.value, ctx.vars);
    if (name === undefined) {
      state.warn('laravel-dynamic-table', `Schema::${method} with a table name computed at run time (\`${args[i]?.value.text ?? ''}\`); not replayed`, origin);
    }
    return name;
  };
  switch (method) {
    case 'create':
    case 'table': {
      const name = tableArg(0);
      if (name === undefined) return;
      const closure = args[1]?.value ? closureParts(args[1].value) : undefined;
      if (!closure) {
        state.warn('laravel-unread-statement', `Schema::${method}('${name}') without a closure the source can read; not replayed`, origin);
        return;
      }
      let ts = state.tables.get(name);
      if (method === 'create') {
        if (ts) {
          state.warn('laravel-table-exists', `Schema::create('${name}') but ${name} already exists at this point of the migrations (a fresh migrate fails here); replayed as a new table`, origin);
        }
        ts = { table: newTable(state, name, origin), specs: new Map() };
        state.tables.set(name, ts);
        ctx.ops.push({ kind: 'create-table', table: name, reversible: true, origin });
      } else if (!ts) {
        state.warn('laravel-missing-table', `Schema::table('${name}') but no migration before it creates ${name}; its changes are not replayed`, origin);
        return;
      }
      const bp = new Blueprint(ts, closure.param ?? 'table', method === 'create', ctx);
      if (closure.arrowBody) handleExpression(closure.arrowBody, ctx, bp);
      else walkStatements(closure.statements, ctx, bp);
      bp.apply();
      return;
    }
    case 'drop':
    case 'dropIfExists': {
      const name = tableArg(0);
      if (name === undefined) return;
      ctx.ops.push({ kind: 'drop-table', table: name, reversible: true, origin });
      if (!state.tables.has(name)) {
        if (method === 'drop') state.warn('laravel-missing-table', `Schema::drop('${name}') but ${name} does not exist at this point`, origin);
        return;
      }
      state.tables.delete(name);
      return;
    }
    case 'rename': {
      const from = tableArg(0);
      const to = tableArg(1);
      if (from === undefined || to === undefined) return;
      ctx.ops.push({ kind: 'rename-table', table: to, reversible: true, origin });
      renameTable(state, from, to, origin, ctx.file);
      return;
    }
    case 'dropColumns': {
      const name = tableArg(0);
      const cols = stringList(args[1]?.value, ctx.vars);
      const ts = name !== undefined ? state.tables.get(name) : undefined;
      if (!ts || !cols) return;
      ctx.ops.push({ kind: 'drop-column', table: name, reversible: true, origin });
      for (const c of cols) dropColumn(ts, c, origin, ctx);
      return;
    }
    case 'withoutForeignKeyConstraints': {
      const closure = args[0]?.value ? closureParts(args[0].value) : undefined;
      if (closure?.arrowBody) handleExpression(closure.arrowBody, ctx, outer);
      else if (closure) walkStatements(closure.statements, ctx, outer);
      return;
    }
    case 'hasTable':
    case 'hasColumn':
    case 'hasColumns':
    case 'hasIndex':
    case 'disableForeignKeyConstraints':
    case 'enableForeignKeyConstraints':
    case 'getColumnListing':
    case 'getColumns':
    case 'getIndexes':
    case 'getForeignKeys':
    case 'defaultStringLength':
      return;
    default:
      state.warn('laravel-unread-statement', `Schema::${method}(…) is not replayed`, origin);
  }
}

function newTable(state: SchemaState, name: string, origin: Origin): Table {
  return {
    schema: state.opts.schema,
    name,
    kind: 'table',
    ...emptyTableParts(),
    ...(state.dialect === 'mysql' ? { engine: 'InnoDB' } : {}),
    origin,
  };
}

function renameTable(state: SchemaState, from: string, to: string, origin: Origin, file: string): void {
  const ts = state.tables.get(from);
  if (!ts) {
    state.warn('laravel-missing-table', `rename of ${from}, which does not exist at this point`, origin);
    return;
  }
  // Keep the table's place in the list.
  const entries = [...state.tables.entries()].map(([k, v]) => (k === from ? ([to, v] as [string, TableState]) : ([k, v] as [string, TableState])));
  state.tables.clear();
  for (const [k, v] of entries) state.tables.set(k, v);
  ts.table.name = to;
  // Foreign keys elsewhere follow the table (MySQL and PostgreSQL both keep them pointing at it).
  for (const { table } of state.tables.values()) for (const fk of table.foreignKeys) if (fk.refTable === from) fk.refTable = to;
}

// ---------------------------------------------------------------------------------------------------------------
// Blueprint

interface PendingColumn {
  spec: ColumnSpec;
  line: number;
  change: boolean;
  after?: string;
  first?: boolean;
}

type IndexKind = 'primary' | 'unique' | 'index' | 'fulltext' | 'spatialindex';

type Command =
  | { kind: 'index'; type: IndexKind; columns: string[]; name?: string; line: number; fluent?: boolean; algorithm?: string }
  | { kind: 'foreign'; columns: string[]; refTable?: string; refColumns: string[]; onDelete: FkAction; onUpdate: FkAction; name?: string; line: number }
  | { kind: 'dropColumn'; columns: string[]; line: number }
  | { kind: 'renameColumn'; from: string; to: string; line: number }
  | { kind: 'dropIndex'; type: IndexKind | 'foreign'; target: string | string[]; line: number }
  | { kind: 'renameIndex'; from: string; to: string; line: number }
  | { kind: 'rename'; to: string; line: number }
  | { kind: 'drop'; line: number };

const ACTIONS: Record<string, FkAction> = {
  cascade: 'cascade',
  'set null': 'set null',
  restrict: 'restrict',
  'no action': 'no action',
  'set default': 'set default',
};

class Blueprint {
  readonly tableName: string;
  readonly columnsAtStart: Set<string>;
  readonly columns: PendingColumn[] = [];
  readonly commands: Command[] = [];
  /** Fluent indexes (->index(), ->unique() on a column): Laravel adds them after the other commands. */
  readonly fluent: Command[] = [];
  constructor(
    readonly ts: TableState,
    readonly param: string,
    readonly creating: boolean,
    readonly ctx: FileCtx,
  ) {
    this.tableName = ts.table.name;
    this.columnsAtStart = new Set(ts.table.columns.map((c) => c.name));
  }

  get state() {
    return this.ctx.state;
  }

  origin(line: number): Origin {
    return { file: this.ctx.file, line };
  }

  op(kind: string, line: number, facts: Partial<MigrationOperation> = {}) {
    this.ctx.ops.push({ kind, table: this.tableName, reversible: true, origin: this.origin(line), ...facts });
  }

  /** Runs the collected definition in Laravel's order: added and changed columns, then commands, then fluent indexes. */
  apply(): void {
    const { ts, state } = this;
    for (const col of this.columns) {
      if (col.change) {
        applyChange(ts, col, this);
        continue;
      }
      if (ts.specs.has(col.spec.name)) {
        state.warn('laravel-duplicate-column', `column ${this.tableName}.${col.spec.name} is added twice (a fresh migrate fails here); the later definition is kept`, this.origin(col.line));
        removeColumnOnly(ts, col.spec.name);
      }
      addColumn(ts, col, this);
      if (!this.creating) this.op('add-column', col.line, addedColumnFacts(col.spec));
      if (col.spec.autoIncrement && !ts.table.primaryKey) {
        setPrimary(ts, [col.spec.name], this, col.line, undefined);
      }
    }
    for (const cmd of [...this.commands, ...this.fluent]) applyCommand(ts, cmd, this);
  }
}

/** What the rows already in the table get when Schema::table adds this column: ->default(), useCurrent(), an auto-increment, a generated value. */
function addedColumnFacts(spec: ColumnSpec): Partial<MigrationOperation> {
  const hasDefault = spec.default !== undefined || !!spec.useCurrent || !!spec.autoIncrement || spec.storedAs !== undefined || spec.virtualAs !== undefined;
  return { column: spec.name, nullable: spec.nullable === true, hasDefault };
}

function blueprintProperty(bp: Blueprint, prop: string, value: Node | null, ctx: FileCtx, line: number): void {
  const v = literal(value, ctx.vars);
  if (prop === 'engine' && typeof v === 'string') bp.ts.table.engine = v;
  else if (prop === 'temporary') ctx.state.note('temporary-table', `${bp.tableName} is a temporary table`, { file: ctx.file, line });
  // charset, collation: not part of the catalog.
}

const INT_TYPES: Record<string, string> = {
  integer: 'integer',
  tinyInteger: 'tinyInteger',
  smallInteger: 'smallInteger',
  mediumInteger: 'mediumInteger',
  bigInteger: 'bigInteger',
  unsignedInteger: 'integer',
  unsignedTinyInteger: 'tinyInteger',
  unsignedSmallInteger: 'smallInteger',
  unsignedMediumInteger: 'mediumInteger',
  unsignedBigInteger: 'bigInteger',
};

const INCREMENTS: Record<string, string> = {
  increments: 'integer',
  tinyIncrements: 'tinyInteger',
  smallIncrements: 'smallInteger',
  mediumIncrements: 'mediumInteger',
  bigIncrements: 'bigInteger',
  integerIncrements: 'integer',
};

/** Interprets one `$table->…` chain. */
function blueprintChain(bp: Blueprint, calls: ChainCall[], ctx: FileCtx): void {
  if (!calls.length) return;
  const [head, ...mods] = calls;
  const vars = ctx.vars;
  const arg = (i: number, name = i === 0 ? 'column' : undefined): Node | undefined => {
    const byName = name ? head.args.find((a) => a.name === name) : undefined;
    if (byName) return byName.value;
    const positional = head.args.filter((a) => !a.name);
    return positional[i]?.value;
  };
  const str = (i: number, name?: string) => stringValue(arg(i, name), vars);
  const num = (i: number, name?: string) => {
    const v = literal(arg(i, name), vars);
    return typeof v === 'number' ? v : undefined;
  };
  const bool = (i: number, name?: string) => literal(arg(i, name), vars) === true;
  const line = head.line;
  const state = bp.state;

  const column = (spec: ColumnSpec, modifiers: ChainCall[] = mods) => defineColumn(bp, spec, line, modifiers, ctx);
  const m = head.name;

  // ---- column types
  if (m === 'id') return column({ name: str(0) ?? 'id', type: 'bigInteger', unsigned: true, autoIncrement: true });
  if (INCREMENTS[m]) return column({ name: str(0) ?? 'id', type: INCREMENTS[m], unsigned: true, autoIncrement: true });
  if (INT_TYPES[m]) {
    return column({
      name: str(0) ?? '',
      type: INT_TYPES[m],
      unsigned: m.startsWith('unsigned') || bool(2, 'unsigned'),
      autoIncrement: bool(1, 'autoIncrement'),
    });
  }
  if (m === 'foreignId') return foreignIdColumn(bp, { name: str(0) ?? '', type: 'bigInteger', unsigned: true }, head, mods, ctx);
  if (m === 'foreignUuid') return foreignIdColumn(bp, { name: str(0) ?? '', type: 'uuid' }, head, mods, ctx);
  if (m === 'foreignUlid') return foreignIdColumn(bp, { name: str(0) ?? '', type: 'char', length: num(1, 'length') ?? 26 }, head, mods, ctx);
  if (m === 'foreignIdFor') {
    const model = literal(arg(0), vars);
    const cls = isClassRef(model) ? model.short : typeof model === 'string' ? model.split('\\').pop()! : undefined;
    if (!cls) return unread(head.node, ctx, bp);
    const colName = str(1, 'column') ?? `${snakeCase(cls)}_id`;
    // A model with a uuid or ulid key is not visible from here; the default integer key is assumed.
    return foreignIdColumn(bp, { name: colName, type: 'bigInteger', unsigned: true }, head, mods, ctx, tableForModel(cls));
  }
  if (m === 'uuid') return column({ name: str(0) ?? 'uuid', type: 'uuid' });
  if (m === 'ulid') return column({ name: str(0) ?? 'ulid', type: 'char', length: num(1, 'length') ?? 26 });
  if (m === 'string') return column({ name: str(0) ?? '', type: 'string', length: num(1, 'length') ?? state.opts.defaultStringLength });
  if (m === 'char') return column({ name: str(0) ?? '', type: 'char', length: num(1, 'length') ?? state.opts.defaultStringLength });
  if (['text', 'tinyText', 'mediumText', 'longText', 'json', 'jsonb', 'boolean', 'date', 'year', 'geometry', 'point', 'multiPolygon', 'polygon', 'lineString', 'geography', 'vector'].includes(m)) {
    return column({ name: str(0) ?? '', type: m });
  }
  if (m === 'enum' || m === 'set') {
    const allowed = stringList(arg(1, 'allowed'), vars);
    if (!allowed) state.warn('laravel-unread-statement', `${m}('${str(0)}') values are not a literal list; the column is read without them`, bp.origin(line));
    return column({ name: str(0) ?? '', type: m, allowed: allowed ?? [] });
  }
  if (m === 'decimal' || m === 'unsignedDecimal') {
    return column({ name: str(0) ?? '', type: 'decimal', total: num(1, 'total') ?? 8, places: num(2, 'places') ?? 2, unsigned: m === 'unsignedDecimal' || bool(3, 'unsigned') });
  }
  if (m === 'float') return column({ name: str(0) ?? '', type: 'float', precision: num(1, 'precision') ?? 53 });
  if (m === 'double') return column({ name: str(0) ?? '', type: 'double' });
  if (['dateTime', 'dateTimeTz', 'time', 'timeTz', 'timestamp', 'timestampTz'].includes(m)) {
    return column({ name: str(0) ?? '', type: m, precision: num(1, 'precision') ?? 0 });
  }
  if (m === 'binary') return column({ name: str(0) ?? '', type: 'binary', length: num(1, 'length'), fixed: bool(2, 'fixed') });
  if (m === 'ipAddress') return column({ name: str(0) ?? 'ip_address', type: 'ipAddress' });
  if (m === 'macAddress') return column({ name: str(0) ?? 'mac_address', type: 'macAddress' });
  if (m === 'rememberToken') return column({ name: 'remember_token', type: 'string', length: 100, nullable: true });
  if (m === 'timestamps' || m === 'nullableTimestamps' || m === 'timestampsTz' || m === 'datetimes') {
    const type = m === 'timestampsTz' ? 'timestampTz' : m === 'datetimes' ? 'dateTime' : 'timestamp';
    const precision = num(0, 'precision') ?? 0;
    column({ name: 'created_at', type, precision, nullable: true }, []);
    column({ name: 'updated_at', type, precision, nullable: true }, []);
    return;
  }
  if (m === 'softDeletes' || m === 'softDeletesTz' || m === 'softDeletesDatetime') {
    const type = m === 'softDeletesTz' ? 'timestampTz' : m === 'softDeletesDatetime' ? 'dateTime' : 'timestamp';
    return column({ name: str(0) ?? 'deleted_at', type, precision: num(1, 'precision') ?? 0, nullable: true });
  }
  if (['morphs', 'nullableMorphs', 'uuidMorphs', 'nullableUuidMorphs', 'ulidMorphs', 'nullableUlidMorphs', 'numericMorphs', 'nullableNumericMorphs'].includes(m)) {
    const name = str(0) ?? '';
    const nullable = m.startsWith('nullable');
    const kind = /uuid/i.test(m) ? 'uuid' : /ulid/i.test(m) ? 'ulid' : 'int';
    column({ name: `${name}_type`, type: 'string', length: state.opts.defaultStringLength, nullable }, []);
    const idSpec: ColumnSpec =
      kind === 'uuid'
        ? { name: `${name}_id`, type: 'uuid', nullable }
        : kind === 'ulid'
          ? { name: `${name}_id`, type: 'char', length: 26, nullable }
          : { name: `${name}_id`, type: 'bigInteger', unsigned: true, nullable };
    column(idSpec, []);
    bp.commands.push({ kind: 'index', type: 'index', columns: [`${name}_type`, `${name}_id`], name: str(1, 'indexName'), line });
    return;
  }

  // ---- indexes and keys
  const indexTypes: Record<string, IndexKind> = { index: 'index', unique: 'unique', primary: 'primary', fullText: 'fulltext', fulltext: 'fulltext', spatialIndex: 'spatialindex' };
  if (indexTypes[m]) {
    const cols = stringList(arg(0, 'columns'), vars);
    if (!cols) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'index', type: indexTypes[m], columns: cols, name: str(1, 'name') ?? str(1, 'index'), line, algorithm: str(2, 'algorithm') });
    return;
  }
  if (m === 'foreign') {
    const cols = stringList(arg(0, 'columns'), vars);
    if (!cols) return unread(head.node, ctx, bp);
    const fk = foreignFromChain({ columns: cols, name: str(1, 'name'), line }, mods, ctx);
    bp.commands.push(fk);
    return;
  }

  // ---- drops and renames
  if (m === 'dropColumn' || m === 'removeColumn') {
    const cols = head.args.length > 1 ? head.args.map((a) => stringValue(a.value, vars)).filter((c): c is string => !!c) : stringList(arg(0), vars);
    if (!cols) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'dropColumn', columns: cols, line });
    return;
  }
  if (m === 'renameColumn') {
    const from = str(0, 'from');
    const to = str(1, 'to');
    if (!from || !to) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'renameColumn', from, to, line });
    return;
  }
  const dropIdx: Record<string, IndexKind | 'foreign'> = {
    dropIndex: 'index',
    dropUnique: 'unique',
    dropPrimary: 'primary',
    dropFullText: 'fulltext',
    dropSpatialIndex: 'spatialindex',
    dropForeign: 'foreign',
  };
  if (dropIdx[m]) {
    const target = literal(arg(0, 'index'), vars);
    const t = typeof target === 'string' ? target : Array.isArray(target) && target.every((x) => typeof x === 'string') ? (target as string[]) : m === 'dropPrimary' ? 'PRIMARY' : undefined;
    if (t === undefined) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'dropIndex', type: dropIdx[m], target: t, line });
    return;
  }
  if (m === 'dropConstrainedForeignId' || m === 'dropConstrainedForeignIdFor') {
    const col = m === 'dropConstrainedForeignIdFor' ? foreignIdForName(literal(arg(0), vars)) : str(0);
    if (!col) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'dropIndex', type: 'foreign', target: [col], line });
    bp.commands.push({ kind: 'dropColumn', columns: [col], line });
    return;
  }
  if (m === 'dropForeignIdFor') {
    const col = foreignIdForName(literal(arg(0), vars));
    if (!col) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'dropIndex', type: 'foreign', target: [col], line });
    return;
  }
  if (m === 'renameIndex') {
    const from = str(0, 'from');
    const to = str(1, 'to');
    if (!from || !to) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'renameIndex', from, to, line });
    return;
  }
  if (m === 'dropTimestamps' || m === 'dropTimestampsTz' || m === 'dropDatetimes') {
    bp.commands.push({ kind: 'dropColumn', columns: ['created_at', 'updated_at'], line });
    return;
  }
  if (m === 'dropSoftDeletes' || m === 'dropSoftDeletesTz' || m === 'dropSoftDeletesDatetime') {
    bp.commands.push({ kind: 'dropColumn', columns: [str(0) ?? 'deleted_at'], line });
    return;
  }
  if (m === 'dropRememberToken') {
    bp.commands.push({ kind: 'dropColumn', columns: ['remember_token'], line });
    return;
  }
  if (m === 'dropMorphs') {
    const name = str(0) ?? '';
    bp.commands.push({ kind: 'dropIndex', type: 'index', target: str(1, 'indexName') ?? [`${name}_type`, `${name}_id`], line });
    bp.commands.push({ kind: 'dropColumn', columns: [`${name}_type`, `${name}_id`], line });
    return;
  }
  if (m === 'rename') {
    const to = str(0, 'to');
    if (!to) return unread(head.node, ctx, bp);
    bp.commands.push({ kind: 'rename', to, line });
    return;
  }
  if (m === 'drop' || m === 'dropIfExists') {
    bp.commands.push({ kind: 'drop', line });
    return;
  }
  if (m === 'comment') {
    const c = str(0);
    if (c !== undefined) bp.ts.table.comment = c;
    return;
  }
  if (['engine', 'charset', 'collation', 'temporary', 'innoDb'].includes(m)) {
    if (m === 'engine' && str(0)) bp.ts.table.engine = str(0);
    if (m === 'innoDb') bp.ts.table.engine = 'InnoDB';
    return;
  }
  if (m === 'check') {
    state.warn('laravel-unread-statement', `${bp.tableName}: a check constraint (\`${head.node.text.slice(0, 80)}\`) is not replayed`, bp.origin(line));
    return;
  }
  state.warn('laravel-unknown-blueprint-method', `Blueprint method ${m}() on ${bp.tableName} is not known to the Laravel source; not replayed`, bp.origin(line));
}

function snakeCase(s: string): string {
  return s.replace(/(.)(?=[A-Z])/g, '$1_').toLowerCase();
}

function foreignIdForName(model: PhpValue | undefined): string | undefined {
  const cls = isClassRef(model) ? model.short : typeof model === 'string' ? model.split('\\').pop() : undefined;
  return cls ? `${snakeCase(cls)}_id` : undefined;
}

const COLUMN_MODIFIERS = new Set([
  'nullable', 'default', 'unsigned', 'autoIncrement', 'comment', 'useCurrent', 'useCurrentOnUpdate', 'change', 'after', 'first',
  'charset', 'collation', 'storedAs', 'virtualAs', 'index', 'unique', 'primary', 'fullText', 'spatialIndex', 'invisible', 'from',
  'startingValue', 'always', 'generatedAs', 'persisted', 'isGeometry', 'projection', 'srid', 'instant', 'lock',
]);

/** Applies column modifiers to a spec; fluent indexes become commands. Returns the unread modifiers. */
function defineColumn(bp: Blueprint, spec: ColumnSpec, line: number, mods: ChainCall[], ctx: FileCtx): void {
  const pending: PendingColumn = { spec, line, change: false };
  for (const mod of mods) applyModifier(bp, pending, mod, ctx);
  if (!spec.name) {
    bp.state.warn('laravel-unread-statement', `a column whose name is not a literal; not replayed`, bp.origin(line));
    return;
  }
  bp.columns.push(pending);
}

function applyModifier(bp: Blueprint, col: PendingColumn, mod: ChainCall, ctx: FileCtx): void {
  const spec = col.spec;
  const a0 = mod.args[0]?.value;
  const v = literal(a0, ctx.vars);
  switch (mod.name) {
    case 'nullable':
      spec.nullable = a0 ? v !== false : true;
      return;
    case 'default':
      spec.default = defaultOf(a0, ctx);
      if (spec.default && 'raw' in spec.default && /^current_timestamp(\(\))?$/i.test(spec.default.raw)) {
        delete spec.default;
        spec.useCurrent = true;
      }
      return;
    case 'unsigned':
      spec.unsigned = true;
      return;
    case 'autoIncrement':
      spec.autoIncrement = true;
      return;
    case 'comment':
      if (typeof v === 'string') spec.comment = v;
      return;
    case 'useCurrent':
      spec.useCurrent = true;
      return;
    case 'useCurrentOnUpdate':
      spec.useCurrentOnUpdate = true;
      return;
    case 'change':
      col.change = true;
      return;
    case 'after':
      if (typeof v === 'string') col.after = v;
      return;
    case 'first':
      col.first = true;
      return;
    case 'storedAs':
    case 'virtualAs':
      if (typeof v === 'string') spec[mod.name] = v;
      else if (a0) spec[mod.name] = a0.text;
      return;
    case 'index':
    case 'unique':
    case 'primary':
    case 'fullText':
    case 'spatialIndex': {
      if (v === false) return;
      const type: IndexKind = mod.name === 'fullText' ? 'fulltext' : mod.name === 'spatialIndex' ? 'spatialindex' : (mod.name as IndexKind);
      bp.fluent.push({ kind: 'index', type, columns: [spec.name], name: typeof v === 'string' ? v : undefined, line: col.line, fluent: true });
      return;
    }
    default:
      if (COLUMN_MODIFIERS.has(mod.name)) return;
      bp.state.warn(
        'laravel-unknown-blueprint-method',
        `column modifier ${mod.name}() on ${bp.tableName}.${spec.name} is not known to the Laravel source; ignored`,
        bp.origin(mod.line),
      );
  }
}

function defaultOf(n: Node | undefined, ctx: FileCtx): DefaultValue | undefined {
  if (!n) return undefined;
  const v = literal(n, ctx.vars);
  if (v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { literal: v };
  // DB::raw('…') / new Expression('…')
  const raw =
    n.type === 'scoped_call_expression' && scopedCall(n)?.method === 'raw'
      ? stringValue(scopedCall(n)!.args[0]?.value, ctx.vars)
      : n.type === 'object_creation_expression' && /Expression/.test(n.text)
        ? stringValue(argumentsOf(named(n).find((x) => x.type === 'arguments') ?? null)[0]?.value, ctx.vars)
        : undefined;
  if (raw !== undefined) return { raw };
  // An enum case (`Status::Active->value`) or a constant: the value is not known here; keep the expression.
  return { raw: n.text };
}

/**
 * foreignId / foreignUuid / foreignUlid / foreignIdFor: the column takes the modifiers before `constrained()` or
 * `references()`; what follows belongs to the foreign key. A column modifier after `constrained()` changes nothing
 * in Laravel (it lands on the foreign key's definition), so it is noted.
 */
function foreignIdColumn(bp: Blueprint, spec: ColumnSpec, headCall: ChainCall, mods: ChainCall[], ctx: FileCtx, modelTable?: string): void {
  const line = headCall.line;
  const start = mods.findIndex((m) => m.name === 'constrained' || m.name === 'references');
  const colMods = start < 0 ? mods : mods.slice(0, start);
  if (!spec.name) return unread(headCall.node, ctx, bp);
  defineColumn(bp, spec, line, colMods, ctx);
  if (start < 0) return;
  const fkMods = mods.slice(start);
  const head = fkMods[0];
  let refTable: string | undefined;
  let refColumn = 'id';
  let indexName: string | undefined;
  let rest = fkMods;
  if (head.name === 'constrained') {
    const named0 = (i: number, name: string) => head.args.find((a) => a.name === name)?.value ?? head.args.filter((a) => !a.name)[i]?.value;
    refTable = stringValue(named0(0, 'table'), ctx.vars);
    refColumn = stringValue(named0(1, 'column'), ctx.vars) ?? 'id';
    indexName = stringValue(named0(2, 'indexName'), ctx.vars);
    // Laravel: the table is the plural of the column name without `_<column>` (company_id → companies).
    refTable ??= modelTable ?? plural(spec.name.endsWith(`_${refColumn}`) ? spec.name.slice(0, -(refColumn.length + 1)) : spec.name);
    rest = fkMods.slice(1);
  }
  const fk = foreignFromChain({ columns: [spec.name], name: indexName, line, refTable, refColumns: [refColumn] }, rest, ctx);
  for (const m of rest) {
    if (COLUMN_MODIFIERS.has(m.name) && !['references', 'on'].includes(m.name)) {
      bp.state.note(
        'modifier-after-constrained',
        `->${m.name}() after ->constrained() on ${bp.tableName}.${spec.name} applies to the foreign key, not the column, so it has no effect; put it before constrained()`,
        bp.origin(m.line),
      );
    }
  }
  bp.commands.push(fk);
}

function foreignFromChain(
  base: { columns: string[]; name?: string; line: number; refTable?: string; refColumns?: string[] },
  mods: ChainCall[],
  ctx: FileCtx,
): Command & { kind: 'foreign' } {
  const fk: Command & { kind: 'foreign' } = {
    kind: 'foreign',
    columns: base.columns,
    refTable: base.refTable,
    refColumns: base.refColumns ?? ['id'],
    // Unspecified: RESTRICT, which MariaDB reports as such and MySQL 8 as NO ACTION (the same in InnoDB).
    onDelete: ctx.state.opts.driver === 'mariadb' ? 'restrict' : 'no action',
    onUpdate: ctx.state.opts.driver === 'mariadb' ? 'restrict' : 'no action',
    name: base.name,
    line: base.line,
  };
  for (const m of mods) {
    const v = literal(m.args[0]?.value, ctx.vars);
    switch (m.name) {
      case 'references':
        if (typeof v === 'string') fk.refColumns = [v];
        else if (Array.isArray(v)) fk.refColumns = v.filter((x): x is string => typeof x === 'string');
        break;
      case 'on':
        if (typeof v === 'string') fk.refTable = v;
        break;
      case 'onDelete':
      case 'onUpdate':
        if (typeof v === 'string' && ACTIONS[v.toLowerCase()]) fk[m.name] = ACTIONS[v.toLowerCase()];
        break;
      case 'cascadeOnDelete':
        fk.onDelete = 'cascade';
        break;
      case 'restrictOnDelete':
        fk.onDelete = 'restrict';
        break;
      case 'nullOnDelete':
        fk.onDelete = 'set null';
        break;
      case 'noActionOnDelete':
        fk.onDelete = 'no action';
        break;
      case 'cascadeOnUpdate':
        fk.onUpdate = 'cascade';
        break;
      case 'restrictOnUpdate':
        fk.onUpdate = 'restrict';
        break;
      case 'nullOnUpdate':
        fk.onUpdate = 'set null';
        break;
      case 'noActionOnUpdate':
        fk.onUpdate = 'no action';
        break;
      default:
        break;
    }
  }
  return fk;
}

// ---- applying to the table ---------------------------------------------------------------------------------------

function addColumn(ts: TableState, col: PendingColumn, bp: Blueprint): void {
  const { state } = bp;
  const p = physicalColumn(col.spec, state.opts.driver, { mariaDbUuid: state.opts.mariaDbUuid });
  const { check, ...phys } = p;
  if (phys.autoIncrement && state.dialect === 'postgres') phys.default = `nextval('${ts.table.name}_${col.spec.name}_seq'::regclass)`;
  const column = { name: col.spec.name, ...phys, origin: bp.origin(col.line) };
  const cols = ts.table.columns;
  const afterIdx = col.after ? cols.findIndex((c) => c.name === col.after) : -1;
  if (col.first) cols.unshift(column);
  else if (afterIdx >= 0) cols.splice(afterIdx + 1, 0, column);
  else cols.push(column);
  ts.specs.set(col.spec.name, { ...col.spec });
  if (check) setEnumCheck(ts, col.spec.name, check, bp.origin(col.line), state);
}

function setEnumCheck(ts: TableState, column: string, expression: string, origin: Origin, state: SchemaState): void {
  const name = state.dialect === 'postgres' ? `${ts.table.name}_${column}_check` : `${column}_check`;
  ts.table.checks = ts.table.checks.filter((c) => c.name !== name);
  ts.table.checks.push({ name, expression, columns: [column], validated: true, origin });
}

function applyChange(ts: TableState, col: PendingColumn, bp: Blueprint): void {
  const existing = ts.specs.get(col.spec.name);
  const idx = ts.table.columns.findIndex((c) => c.name === col.spec.name);
  if (!existing || idx < 0) {
    bp.state.warn('laravel-missing-column', `->change() on ${bp.tableName}.${col.spec.name}, which does not exist at this point; not replayed`, bp.origin(col.line));
    return;
  }
  bp.op('change-column', col.line);
  let spec = col.spec;
  if (bp.state.opts.changeKeepsAttributes) {
    // Laravel ≤ 10: attributes the change does not restate stay as they were.
    spec = { ...existing, ...Object.fromEntries(Object.entries(col.spec).filter(([, v]) => v !== undefined)) } as ColumnSpec;
  }
  const { check, ...phys } = physicalColumn(spec, bp.state.opts.driver, { mariaDbUuid: bp.state.opts.mariaDbUuid });
  ts.table.columns[idx] = { name: spec.name, ...phys, origin: bp.origin(col.line) };
  ts.specs.set(spec.name, spec);
  if (check) setEnumCheck(ts, spec.name, check, bp.origin(col.line), bp.state);
}

function removeColumnOnly(ts: TableState, name: string): void {
  ts.table.columns = ts.table.columns.filter((c) => c.name !== name);
  ts.specs.delete(name);
}

/** Drops a column as MySQL does: it leaves every index (an index left with no column goes); its foreign keys go too. */
function dropColumn(ts: TableState, name: string, origin: Origin, ctx: FileCtx): void {
  const t = ts.table;
  if (!t.columns.some((c) => c.name === name)) {
    ctx.state.warn('laravel-missing-column', `dropColumn('${name}') on ${t.name}, which has no such column at this point`, origin);
    return;
  }
  removeColumnOnly(ts, name);
  const fks = t.foreignKeys.filter((fk) => fk.columns.includes(name));
  if (fks.length && ctx.state.dialect === 'mysql') {
    ctx.state.warn(
      'laravel-drop-column-with-foreign-key',
      `${t.name}.${name} is dropped while the foreign key ${fks.map((f) => f.name).join(', ')} still uses it (MySQL refuses this; drop the foreign key first); replayed as if it had been dropped`,
      origin,
    );
  }
  t.foreignKeys = t.foreignKeys.filter((fk) => !fk.columns.includes(name));
  t.indexes = t.indexes
    .map((ix) => (ix.columns.includes(name) ? { ...ix, columns: ix.columns.filter((c) => c !== name), keyParts: ix.keyParts.filter((k) => k !== name) } : ix))
    .filter((ix) => ix.columns.length > 0);
  t.uniques = t.uniques.map((u) => ({ ...u, columns: u.columns.filter((c) => c !== name) })).filter((u) => u.columns.length > 0);
  t.checks = t.checks.filter((c) => !c.columns.includes(name));
  if (t.primaryKey?.columns.includes(name)) {
    const rest = t.primaryKey.columns.filter((c) => c !== name);
    t.primaryKey = rest.length ? { ...t.primaryKey, columns: rest } : undefined;
  }
  // Keep definitions in step with the columns they now have.
  for (const ix of t.indexes) ix.definition = indexDefinition(ctx.state, t, ix.name, ix.columns as string[], kindOf(ix));
}

function kindOf(ix: Index): IndexKind {
  return ix.primary ? 'primary' : ix.unique ? 'unique' : ix.method === 'fulltext' ? 'fulltext' : ix.method === 'spatial' ? 'spatialindex' : 'index';
}

/** Laravel's default index name: `{table}_{columns}_{type}`, lower-cased, `-` and `.` replaced by `_`. */
export function laravelIndexName(table: string, columns: string[], type: string): string {
  return `${table}_${columns.join('_')}_${type}`.toLowerCase().replace(/[-.]/g, '_');
}

function indexDefinition(state: SchemaState, t: Table, name: string, columns: string[], type: IndexKind): string {
  if (state.dialect === 'mysql') {
    // As SHOW CREATE TABLE prints it: backticks inside a name doubled (fix writers reuse the definition as SQL).
    const q = (n: string) => `\`${n.replace(/`/g, '``')}\``;
    const cols = columns.map(q).join(',');
    if (type === 'primary') return `PRIMARY KEY (${cols})`;
    const kw = type === 'unique' ? 'UNIQUE KEY' : type === 'fulltext' ? 'FULLTEXT KEY' : type === 'spatialindex' ? 'SPATIAL KEY' : 'KEY';
    return `${kw} ${q(name)} (${cols})`;
  }
  const q = state.dialect === 'postgres' ? `${t.schema}.${t.name}` : t.name;
  if (type === 'primary') return `PRIMARY KEY (${columns.join(', ')})`;
  if (type === 'fulltext' && state.dialect === 'postgres') {
    return `CREATE INDEX ${name} ON ${q} USING gin (${columns.map((c) => `to_tsvector('english'::regconfig, ${c})`).join(' || ')})`;
  }
  return `CREATE ${type === 'unique' ? 'UNIQUE ' : ''}INDEX ${name} ON ${q}${state.dialect === 'postgres' ? ' USING btree' : ''} (${columns.join(', ')})`;
}

function makeIndex(state: SchemaState, t: Table, name: string, columns: string[], type: IndexKind, origin: Origin): Index {
  const method = type === 'fulltext' ? (state.dialect === 'postgres' ? 'gin' : 'fulltext') : type === 'spatialindex' ? (state.dialect === 'postgres' ? 'gist' : 'spatial') : 'btree';
  const expression = type === 'fulltext' && state.dialect === 'postgres';
  return {
    name,
    columns: expression ? columns.map(() => null) : [...columns],
    keyParts: expression ? columns.map((c) => `to_tsvector('english'::regconfig, ${c})`) : [...columns],
    includeColumns: [],
    unique: type === 'unique' || type === 'primary',
    primary: type === 'primary',
    method,
    ...(type === 'primary' ? { constraint: name } : type === 'unique' && state.dialect !== 'sqlite' ? { constraint: name } : {}),
    definition: indexDefinition(state, t, name, columns, type),
    origin,
  };
}

function setPrimary(ts: TableState, columns: string[], bp: Blueprint, line: number, name: string | undefined): void {
  const t = ts.table;
  const { state } = bp;
  const pkName = state.dialect === 'mysql' ? 'PRIMARY' : state.dialect === 'postgres' ? name ?? `${t.name}_pkey` : name ?? `${t.name}_primary`;
  if (t.primaryKey) {
    state.warn('laravel-duplicate-primary-key', `${t.name} already has a primary key (${t.primaryKey.columns.join(', ')}); a fresh migrate fails here`, bp.origin(line));
    t.indexes = t.indexes.filter((ix) => !ix.primary);
  }
  t.primaryKey = { name: pkName, columns: [...columns], origin: bp.origin(line) };
  t.indexes.unshift(makeIndex(state, t, pkName, columns, 'primary', bp.origin(line)));
  // A primary key makes its columns NOT NULL.
  for (const c of t.columns) if (columns.includes(c.name)) c.nullable = false;
}

function applyCommand(ts: TableState, cmd: Command, bp: Blueprint): void {
  const t = ts.table;
  const { state } = bp;
  const origin = bp.origin(cmd.line);
  const file = bp.ctx.file;
  switch (cmd.kind) {
    case 'index': {
      const missing = cmd.columns.filter((c) => !t.columns.some((x) => x.name === c));
      if (missing.length) {
        state.warn('laravel-missing-column', `${cmd.type} on ${t.name}(${cmd.columns.join(', ')}), but ${missing.join(', ')} does not exist at this point; not replayed`, origin);
        return;
      }
      if (cmd.type === 'primary') {
        bp.op('add-primary-key', cmd.line);
        setPrimary(ts, cmd.columns, bp, cmd.line, cmd.name);
        return;
      }
      const name = cmd.name ?? laravelIndexName(t.name, cmd.columns, cmd.type);
      bp.op(cmd.type === 'unique' ? 'add-unique' : 'create-index', cmd.line);
      if (t.indexes.some((ix) => ix.name === name)) {
        state.warn('laravel-duplicate-index', `index ${name} already exists on ${t.name} (a fresh migrate fails here)`, origin);
        return;
      }
      t.indexes.push(makeIndex(state, t, name, cmd.columns, cmd.type, origin));
      if (cmd.type === 'unique' && state.dialect !== 'sqlite') t.uniques.push({ name, columns: [...cmd.columns], nullsNotDistinct: false, origin });
      return;
    }
    case 'foreign': {
      const name = cmd.name ?? laravelIndexName(t.name, cmd.columns, 'foreign');
      bp.op('add-foreign-key', cmd.line);
      if (!cmd.refTable) {
        state.warn('laravel-unread-statement', `foreign key ${name} on ${t.name} names no table (->on(…) missing); not replayed`, origin);
        return;
      }
      const missing = cmd.columns.filter((c) => !t.columns.some((x) => x.name === c));
      if (missing.length) {
        state.warn('laravel-missing-column', `foreign key ${name} on ${t.name}(${cmd.columns.join(', ')}), but ${missing.join(', ')} does not exist at this point; not replayed`, origin);
        return;
      }
      if (!state.tables.has(cmd.refTable) && cmd.refTable !== t.name) {
        state.limit(
          'laravel-missing-table',
          `foreign key ${name} references ${cmd.refTable}, which no earlier migration creates (a fresh migrate fails here on MySQL and PostgreSQL); kept as declared`,
          origin,
        );
      }
      const fk: ForeignKey = {
        name,
        columns: [...cmd.columns],
        refSchema: state.opts.schema,
        refTable: cmd.refTable,
        refColumns: [...cmd.refColumns],
        onDelete: cmd.onDelete,
        onUpdate: cmd.onUpdate,
        deferrable: false,
        validated: true,
        origin,
      };
      t.foreignKeys = t.foreignKeys.filter((f) => f.name !== name);
      t.foreignKeys.push(fk);
      return;
    }
    case 'dropColumn':
      bp.op('drop-column', cmd.line);
      for (const c of cmd.columns) dropColumn(ts, c, origin, bp.ctx);
      return;
    case 'renameColumn': {
      bp.op('rename-column', cmd.line);
      const col = t.columns.find((c) => c.name === cmd.from);
      if (!col) {
        state.warn('laravel-missing-column', `renameColumn('${cmd.from}') on ${t.name}, which has no such column at this point`, origin);
        return;
      }
      col.name = cmd.to;
      const spec = ts.specs.get(cmd.from);
      ts.specs.delete(cmd.from);
      if (spec) ts.specs.set(cmd.to, { ...spec, name: cmd.to });
      const rn = (c: string | null) => (c === cmd.from ? cmd.to : c);
      for (const ix of t.indexes) {
        ix.columns = ix.columns.map(rn);
        ix.keyParts = ix.keyParts.map((k) => (k === cmd.from ? cmd.to : k));
        if (ix.columns.every((c) => c !== null)) ix.definition = indexDefinition(state, t, ix.name, ix.columns as string[], kindOf(ix));
      }
      for (const u of t.uniques) u.columns = u.columns.map((c) => rn(c)!);
      for (const fk of t.foreignKeys) fk.columns = fk.columns.map((c) => rn(c)!);
      if (t.primaryKey) t.primaryKey.columns = t.primaryKey.columns.map((c) => rn(c)!);
      for (const other of state.tables.values())
        for (const fk of other.table.foreignKeys) if (fk.refTable === t.name) fk.refColumns = fk.refColumns.map((c) => rn(c)!);
      return;
    }
    case 'dropIndex': {
      const kind = cmd.type;
      if (kind === 'foreign') {
        const name = typeof cmd.target === 'string' ? cmd.target : laravelIndexName(t.name, cmd.target, 'foreign');
        bp.op('drop-foreign-key', cmd.line);
        if (!t.foreignKeys.some((f) => f.name === name)) {
          state.warn('laravel-missing-index', `dropForeign(${JSON.stringify(cmd.target)}) on ${t.name}: no foreign key ${name} at this point`, origin);
          return;
        }
        t.foreignKeys = t.foreignKeys.filter((f) => f.name !== name);
        return;
      }
      if (kind === 'primary') {
        bp.op('drop-primary-key', cmd.line);
        t.primaryKey = undefined;
        t.indexes = t.indexes.filter((ix) => !ix.primary);
        return;
      }
      const name = typeof cmd.target === 'string' ? cmd.target : laravelIndexName(t.name, cmd.target, kind);
      bp.op(kind === 'unique' ? 'drop-unique' : 'drop-index', cmd.line);
      if (!t.indexes.some((ix) => ix.name === name)) {
        state.warn('laravel-missing-index', `drop of index ${name} on ${t.name}, which does not exist at this point`, origin);
        return;
      }
      t.indexes = t.indexes.filter((ix) => ix.name !== name);
      t.uniques = t.uniques.filter((u) => u.name !== name);
      return;
    }
    case 'renameIndex': {
      bp.op('rename-index', cmd.line);
      const ix = t.indexes.find((i) => i.name === cmd.from);
      if (!ix) {
        state.warn('laravel-missing-index', `renameIndex('${cmd.from}') on ${t.name}, which has no such index at this point`, origin);
        return;
      }
      ix.name = cmd.to;
      if (ix.constraint === cmd.from) ix.constraint = cmd.to;
      for (const u of t.uniques) if (u.name === cmd.from) u.name = cmd.to;
      if (ix.columns.every((c) => c !== null)) ix.definition = indexDefinition(state, t, ix.name, ix.columns as string[], kindOf(ix));
      return;
    }
    case 'rename':
      bp.op('rename-table', cmd.line);
      renameTable(state, t.name, cmd.to, origin, file);
      return;
    case 'drop':
      bp.op('drop-table', cmd.line);
      state.tables.delete(t.name);
      return;
  }
}
