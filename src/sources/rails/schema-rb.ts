// Reads a Rails `db/schema.rb` into the catalog. The file is parsed with tree-sitter (never executed),
// and each statement of the `ActiveRecord::Schema[x.y].define` block is replayed the way ActiveRecord
// would replay it against the database: `create_table` with its implicit `id` key, `t.references`
// with its index and foreign key, `t.timestamps`, `add_foreign_key` with Rails' derived column and
// name, and so on. Types, defaults and names follow the adapter of the dialect (see physical.ts), so
// what the rules see is the schema the database would hold. Every object keeps the line it came from.
import type {
  Catalog,
  CheckConstraint,
  Column,
  Dialect,
  EnumType,
  FkAction,
  ForeignKey,
  FunctionInfo,
  Index,
  LoadWarning,
  SequenceInfo,
  Suppression,
  Table,
} from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { quoteIdent } from '../../fixes/quote.js';
import { pluralize, singularize } from './inflect.js';
import {
  defaultExpression,
  identifiersIn,
  keyPartOf,
  pgObjectName,
  physicalType,
  railsCheckName,
  railsForeignKeyName,
  railsIndexName,
  railsUniqueName,
  splitKeyList,
  stripOuterParens,
  type TypeOptions,
} from './physical.js';
import type { AdapterHint } from './project.js';
import { hashGet, nameOf, numberOf, opt, show, truthy, type RCall, type RStatement, type RubyFile, type RValue } from './ruby.js';
import { emptyTableParts } from '../../catalog/build.js';

export interface SchemaRbOptions {
  /** The file as shown in origins. */
  file: string;
  /** Forces the dialect (otherwise: extensions, table options, database.yml, then PostgreSQL). */
  dialect?: Dialect;
  /** What `config/database.yml` says, when the application has one. */
  adapterHint?: AdapterHint;
  /** Only these schemas (PostgreSQL). */
  schemas?: string[];
  /** Shown as the source's location; defaults to the file. */
  location?: string;
}

/** How the dialect was decided, for the documentation and the tests. */
export interface DialectChoice {
  dialect: Dialect;
  reason: string;
}

type Opts = [string, RValue][];

interface PendingFk {
  from: TableState;
  to: string;
  columns?: string[];
  primaryKey?: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
  name?: string;
  deferrable: boolean;
  validated: boolean;
  line: number;
}

interface PendingCheck {
  table: TableState;
  expression: string;
  name?: string;
  validated: boolean;
  line: number;
}

interface TableState {
  table: Table;
  /** The name as schema.rb writes it (Rails derives index and constraint names from it). */
  written: string;
  line: number;
}

const FK_ACTIONS: Record<string, FkAction> = {
  cascade: 'cascade',
  nullify: 'set null',
  restrict: 'restrict',
  no_action: 'no action',
  set_default: 'set default',
};

/** Methods of `t` in a `create_table` block that are not column types. */
const TABLE_METHODS = new Set([
  'index',
  'references',
  'belongs_to',
  'timestamps',
  'check_constraint',
  'unique_constraint',
  'exclusion_constraint',
  'primary_key',
  'column',
  'virtual',
]);

/**
 * The database a schema.rb is for. Rails writes `enable_extension`, `create_enum` and `create_schema`
 * only for PostgreSQL, and `charset:`/`collation:`/`options: "ENGINE=…"` only for MySQL; without either,
 * the application's config/database.yml decides, and without that PostgreSQL is assumed.
 */
export function chooseDialect(define: RStatement[], opts: Pick<SchemaRbOptions, 'dialect' | 'adapterHint'>): DialectChoice {
  if (opts.dialect) return { dialect: opts.dialect, reason: 'given' };
  const calls = define.filter((s): s is { kind: 'call'; call: RCall } => s.kind === 'call').map((s) => s.call);
  const ext = calls.find((c) => c.method === 'enable_extension');
  if (ext) return { dialect: 'postgres', reason: `enable_extension ${show(ext.args[0] ?? { kind: 'nil' })} (line ${ext.line})` };
  const pgOnly = calls.find((c) => c.method === 'create_enum' || c.method === 'create_schema');
  if (pgOnly) return { dialect: 'postgres', reason: `${pgOnly.method} (line ${pgOnly.line})` };
  const mysql = calls.find(
    (c) => c.method === 'create_table' && (opt(c, 'charset') || opt(c, 'collation') || /ENGINE=/i.test(nameOf(opt(c, 'options')) ?? '')),
  );
  if (mysql) return { dialect: 'mysql', reason: `create_table with MySQL table options (line ${mysql.line})` };
  if (opts.adapterHint) return { dialect: opts.adapterHint.dialect, reason: `adapter: ${opts.adapterHint.adapter} in ${opts.adapterHint.file}:${opts.adapterHint.line}` };
  return { dialect: 'postgres', reason: 'no extension, MySQL table option or database.yml adapter says otherwise: PostgreSQL assumed' };
}

/** The `ActiveRecord::Schema[x.y].define(…) do … end` call, and the Rails version in its brackets. */
export function findDefine(file: RubyFile): { call: RCall; railsVersion?: number } | undefined {
  for (const s of file.statements) {
    if (s.kind !== 'call' || s.call.method !== 'define' || !s.call.block) continue;
    const receiver = s.call.receiver ?? '';
    if (!/(^|::)Schema(\[|$)/.test(receiver)) continue;
    const v = /\[\s*(\d+(?:\.\d+)?)\s*\]/.exec(receiver)?.[1];
    return { call: s.call, ...(v ? { railsVersion: Number(v) } : {}) };
  }
  return undefined;
}

export function buildCatalog(file: RubyFile, opts: SchemaRbOptions): { catalog: Catalog; dialect: DialectChoice; railsVersion?: number } {
  const define = findDefine(file);
  if (!define) throw new UsageError(`${opts.file}: not a Rails schema (no ActiveRecord::Schema.define block)`);
  const statements = define.call.block ?? [];
  const choice = chooseDialect(statements, opts);
  const b = replay(statements, opts.file, choice.dialect, define.railsVersion);
  b.warnings.unshift(
    ...file.errorLines.map((line) => ({
      code: 'syntax-error',
      message: `Ruby syntax error near line ${line}; the statement there may be read in part or not at all`,
      origin: { file: opts.file, line },
    })),
  );

  let tables = b.tables.map((t) => t.table);
  let enums = b.enums;
  let sequences = b.sequences;
  let functions = b.functions;
  const schemas = new Set(b.schemas);
  if (opts.schemas?.length) {
    const keep = new Set(opts.schemas);
    tables = tables.filter((t) => keep.has(t.schema));
    enums = enums.filter((e) => keep.has(e.schema));
    sequences = sequences.filter((s) => keep.has(s.schema));
    functions = functions.filter((f) => keep.has(f.schema));
    for (const s of [...schemas]) if (!keep.has(s)) schemas.delete(s);
  }
  const catalog: Catalog = {
    source: {
      kind: 'rails-schema-rb',
      location: opts.location ?? opts.file,
      dialect: choice.dialect,
      files: [opts.file],
      statements: statements.length,
    },
    schemas: [...schemas],
    tables,
    functions,
    enums,
    sequences,
    hasLiveStats: false,
    warnings: b.warnings,
  };
  const suppressions = findSuppressions(file, opts.file);
  if (suppressions.length) catalog.suppressions = suppressions;
  return { catalog, dialect: choice, railsVersion: define.railsVersion };
}

const DIRECTIVE = 'schemascope-ignore';

/** `# schemascope-ignore <rule>: <reason>` comments, each silencing one finding on its line or the next. */
function findSuppressions(file: RubyFile, shown: string): Suppression[] {
  const out: Suppression[] = [];
  for (const c of file.comments) {
    const body = c.text.replace(/^#+/, '').trim();
    if (!body.startsWith(DIRECTIVE)) continue;
    const rest = body.slice(DIRECTIVE.length).trim();
    const colon = rest.indexOf(':');
    if (colon <= 0) continue;
    const ruleId = rest.slice(0, colon).trim();
    const reason = rest.slice(colon + 1).trim();
    if (ruleId && reason) out.push({ file: shown, line: c.line, ruleId, reason });
  }
  return out;
}

/** What replaying the statements produced. */
interface Replayed {
  tables: TableState[];
  enums: EnumType[];
  sequences: SequenceInfo[];
  functions: FunctionInfo[];
  warnings: LoadWarning[];
  schemas: string[];
}

/** Replays schema.rb statements into catalog objects, in order, as ActiveRecord would against the database. */
function replay(statements: RStatement[], file: string, dialect: Dialect, railsVersion: number | undefined): Replayed {
  let tables: TableState[] = [];
  const enums: EnumType[] = [];
  const sequences: SequenceInfo[] = [];
  const functions: FunctionInfo[] = [];
  const warnings: LoadWarning[] = [];
  const schemas: string[] = dialect === 'postgres' ? ['public'] : [];
  const byName = new Map<string, TableState>();
  const fks: PendingFk[] = [];
  const checks: PendingCheck[] = [];

  function warn(code: string, message: string, line?: number): void {
    warnings.push({ code, message, ...(line ? { origin: { file, line } } : {}) });
  }

  function origin(line: number) {
    return { file, line };
  }

  /** `"billing.invoices"` → schema billing; a bare name is in `public` on PostgreSQL, schemaless elsewhere. */
  function split(name: string): { schema: string; name: string } {
    const dot = name.indexOf('.');
    if (dialect === 'postgres' && dot > 0) return { schema: name.slice(0, dot), name: name.slice(dot + 1) };
    return { schema: dialect === 'postgres' ? 'public' : '', name };
  }

  function lookup(name: string): TableState | undefined {
    const { schema, name: bare } = split(name);
    return byName.get(`${schema}.${bare}`);
  }

  /** The name PostgreSQL prints for an object in `schema`: bare when the schema is on the search path. */
  function printed(schema: string, name: string): string {
    return !schema || schema === 'public' ? name : `${schema}.${name}`;
  }

  function statement(s: RStatement): void {
    if (s.kind !== 'call') {
      warn('statement-unsupported', `\`${firstLine(s.text)}\` is not a schema statement schemascope reads; skipped`, s.line);
      return;
    }
    const c = s.call;
    const root = chainRoot(c);
    if (root.method === 'create_trigger' && root !== c) return createTrigger(c);
    switch (c.method) {
      case 'enable_extension':
        return; // read only to choose the dialect (chooseDialect)
      case 'create_schema': {
        const name = nameOf(c.args[0]);
        if (name && !schemas.includes(name)) schemas.push(name);
        return;
      }
      case 'create_enum':
        return createEnum(c);
      case 'create_table':
        return createTable(c);
      case 'add_foreign_key':
        return addForeignKey(c);
      case 'add_index':
        return addIndexTopLevel(c);
      case 'add_check_constraint': {
        const ts = tableArg(c);
        const expr = nameOf(c.args[1]);
        if (ts && expr) checks.push({ table: ts, expression: expr, name: nameOf(opt(c, 'name')), validated: opt(c, 'validate')?.kind !== 'bool' || truthy(opt(c, 'validate')), line: c.line });
        return;
      }
      case 'add_reference':
      case 'add_belongs_to': {
        const ts = tableArg(c);
        const ref = nameOf(c.args[1]);
        if (ts && ref) reference(ts, ref, c.opts, c.line);
        return;
      }
      case 'add_column': {
        const ts = tableArg(c);
        const name = nameOf(c.args[1]);
        const type = nameOf(c.args[2]);
        if (ts && name && type) addColumn(ts, name, type, c.opts, c.line);
        return;
      }
      case 'add_timestamps': {
        const ts = tableArg(c);
        if (ts) timestamps(ts, c.opts, c.line);
        return;
      }
      case 'create_trigger':
        return createTrigger(c);
      default:
        warn(
          'statement-unsupported',
          `\`${c.method}\` is not read by schemascope (${c.method === 'execute' ? 'raw SQL in schema.rb' : 'not a schema statement it knows'}); what it defines is missing from the review`,
          c.line,
        );
    }
  }

  function tableArg(c: RCall): TableState | undefined {
    const name = nameOf(c.args[0]);
    if (!name) {
      warn('statement-unsupported', `\`${c.method}\` without a literal table name; skipped`, c.line);
      return undefined;
    }
    const ts = lookup(name);
    if (!ts) warn('statement-failed', `\`${c.method}\` on "${name}", a table schema.rb does not create; skipped`, c.line);
    return ts;
  }

  function createEnum(c: RCall): void {
    const name = nameOf(c.args[0]);
    const values = c.args[1]?.kind === 'array' ? c.args[1].items.map(nameOf) : [];
    if (!name || values.some((v) => v === undefined)) {
      warn('statement-unsupported', `\`create_enum\` without a literal name and values; skipped`, c.line);
      return;
    }
    const { schema, name: bare } = split(name);
    enums.push({ schema, name: bare, values: values as string[], origin: origin(c.line) });
  }

  function createTable(c: RCall): void {
    const written = nameOf(c.args[0]);
    if (!written) {
      warn('statement-unsupported', '`create_table` without a literal table name; skipped', c.line);
      return;
    }
    const { schema, name } = split(written);
    if (schema && !schemas.includes(schema)) schemas.push(schema);
    const comment = nameOf(opt(c, 'comment'));
    const engine = /ENGINE=(\w+)/i.exec(nameOf(opt(c, 'options')) ?? '')?.[1];
    const table: Table = {
      schema,
      name,
      kind: 'table',
      ...emptyTableParts(),
      ...(comment ? { comment } : {}),
      ...(engine ? { engine } : dialect === 'mysql' ? { engine: 'InnoDB' } : {}),
      origin: origin(c.line),
    };
    const ts: TableState = { table, written, line: c.line };
    const key = `${schema}.${name}`;
    if (byName.has(key)) {
      // `force: :cascade` drops and recreates: the later definition is the one that stands.
      const old = byName.get(key)!;
      tables = tables.filter((t) => t !== old);
      for (let i = sequences.length - 1; i >= 0; i--) if (sequences[i].ownedBy?.startsWith(`${key}.`)) sequences.splice(i, 1);
    }
    byName.set(key, ts);
    tables.push(ts);

    // The implicit primary key (`id`, unless `id: false`), created before the block's columns.
    const idOpt = opt(c, 'id');
    const pkOpt = opt(c, 'primary_key');
    let composite: string[] | undefined;
    if (idOpt === undefined || truthy(idOpt)) {
      let type = 'primary_key';
      // ActiveRecord's valid_primary_key_options (MySQL adds unsigned and auto_increment); `comment:` is the table's.
      const pkOpts: Opts = c.opts.filter(([k]) => ['limit', 'default', 'precision', 'unsigned', 'auto_increment'].includes(k));
      if (idOpt?.kind === 'hash') {
        type = nameOf(hashGet(idOpt, 'type')) ?? 'primary_key';
        for (const [k, v] of idOpt.entries) if (k !== 'type') pkOpts.push([k, v]);
      } else if (idOpt) type = nameOf(idOpt) ?? 'primary_key';
      if (pkOpt?.kind === 'array') composite = pkOpt.items.map(nameOf).filter((n): n is string => !!n);
      else {
        const pkName = nameOf(pkOpt) ?? 'id';
        addColumn(ts, pkName, type, pkOpts, c.line, { primaryKey: true });
      }
    }

    const param = c.blockParams?.[0];
    for (const s of c.block ?? []) tableStatement(ts, param, s);

    if (composite?.length) setPrimaryKey(ts, composite, c.line);
  }

  function setPrimaryKey(ts: TableState, columns: string[], line: number): void {
    const t = ts.table;
    const missing = columns.filter((n) => !t.columns.some((col) => col.name === n));
    if (missing.length) {
      warn('statement-failed', `primary key of ${qualifiedName(t)} names column(s) ${missing.join(', ')} that the table does not have; no primary key recorded`, line);
      return;
    }
    for (const col of t.columns) if (columns.includes(col.name)) col.nullable = false;
    const name = dialect === 'mysql' ? 'PRIMARY' : pgObjectName(t.name, undefined, 'pkey');
    t.primaryKey = { name, columns, origin: origin(line) };
    // SQLite keeps an INTEGER PRIMARY KEY as the rowid itself, with no index of its own.
    const rowid = dialect === 'sqlite' && columns.length === 1 && t.columns.find((col) => col.name === columns[0])?.dataType === 'integer';
    if (rowid) return;
    t.indexes.unshift({
      name: dialect === 'sqlite' ? `sqlite_autoindex_${t.name}_1` : name,
      columns,
      keyParts: columns,
      includeColumns: [],
      unique: true,
      primary: true,
      method: 'btree',
      constraint: name,
      definition: indexDefinition(t, dialect === 'sqlite' ? `sqlite_autoindex_${t.name}_1` : name, { unique: true, method: 'btree', parts: columns.map((n) => ident(n)) }),
      origin: origin(line),
    });
  }

  function tableStatement(ts: TableState, param: string | undefined, s: RStatement): void {
    if (s.kind !== 'call' || (param !== undefined && s.call.receiver !== param) || (param === undefined && s.call.receiver !== undefined)) {
      const text = s.kind === 'call' ? s.call.text : s.text;
      warn('statement-unsupported', `\`${firstLine(text)}\` in create_table "${ts.written}" is not read; skipped`, s.kind === 'call' ? s.call.line : s.line);
      return;
    }
    const c = s.call;
    switch (c.method) {
      case 'index':
        return addIndex(ts, c.args[0], c.opts, c.line);
      case 'references':
      case 'belongs_to':
        for (const a of c.args) {
          const ref = nameOf(a);
          if (ref) reference(ts, ref, c.opts, c.line);
        }
        return;
      case 'timestamps':
        return timestamps(ts, c.opts, c.line);
      case 'check_constraint': {
        const expr = nameOf(c.args[0]);
        if (expr) checks.push({ table: ts, expression: expr, name: nameOf(opt(c, 'name')), validated: !(opt(c, 'validate')?.kind === 'bool' && !truthy(opt(c, 'validate'))), line: c.line });
        return;
      }
      case 'unique_constraint':
        return uniqueConstraint(ts, c);
      case 'exclusion_constraint':
        warn('statement-unsupported', `exclusion constraint on ${qualifiedName(ts.table)} is not modelled by schemascope; skipped`, c.line);
        return;
      case 'primary_key': {
        const name = nameOf(c.args[0]);
        if (name) addColumn(ts, name, nameOf(c.args[1]) ?? 'primary_key', c.opts, c.line, { primaryKey: true });
        return;
      }
      case 'column': {
        const name = nameOf(c.args[0]);
        const type = nameOf(c.args[1]);
        if (name && type) addColumn(ts, name, type, c.opts, c.line);
        else warn('statement-unsupported', `\`${firstLine(c.text)}\` without a literal name and type; skipped`, c.line);
        return;
      }
      case 'virtual': {
        const name = nameOf(c.args[0]);
        if (name) addColumn(ts, name, 'virtual', c.opts, c.line);
        return;
      }
      default: {
        // Any other method is a column type (`t.string`, `t.jsonb`, PostGIS's `t.st_point`…), one column per name.
        const names = c.args.map(nameOf);
        if (!names.length || names.some((n) => n === undefined)) {
          warn('statement-unsupported', `\`${firstLine(c.text)}\` in create_table "${ts.written}" is not read; skipped`, c.line);
          return;
        }
        for (const n of names) addColumn(ts, n!, c.method, c.opts, c.line);
      }
    }
  }

  function ident(name: string): string {
    return dialect === 'postgres' ? quoteIdent(name) : dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
  }

  function addColumn(ts: TableState, name: string, railsType: string, o: Opts, line: number, flags: { primaryKey?: boolean } = {}): Column | undefined {
    const t = ts.table;
    if (t.columns.some((c) => c.name === name)) {
      warn('statement-failed', `column ${qualifiedName(t)}.${name} is defined twice; the second definition is skipped`, line);
      return undefined;
    }
    let type = railsType;
    let generated: string | undefined;
    if (type === 'virtual') {
      type = nameOf(opt({ opts: o }, 'type')) ?? 'string';
      generated = nameOf(opt({ opts: o }, 'as')) ?? '';
    }
    const get = (k: string) => opt({ opts: o }, k);
    const precisionOpt = get('precision');
    const typeOpts: TypeOptions = {
      ...(numberOf(get('limit')) !== undefined ? { limit: numberOf(get('limit')) } : {}),
      ...(precisionOpt ? { precision: precisionOpt.kind === 'nil' ? null : numberOf(precisionOpt) } : {}),
      ...(numberOf(get('scale')) !== undefined ? { scale: numberOf(get('scale')) } : {}),
      ...(truthy(get('array')) ? { array: true } : {}),
      ...(truthy(get('unsigned')) ? { unsigned: true } : {}),
      ...(nameOf(get('size')) ? { size: nameOf(get('size')) } : {}),
    };
    const primaryKey = flags.primaryKey || truthy(get('primary_key'));
    const hasDefault = o.some(([k]) => k === 'default');
    // Rails turns an integer key without a default into serial/bigserial (auto_increment elsewhere).
    let auto: 'smallint' | 'integer' | 'bigint' | undefined;
    if (type === 'primary_key') auto = 'bigint';
    else if (type === 'serial') auto = 'integer';
    else if (type === 'bigserial') auto = 'bigint';
    else if (type === 'smallserial') auto = 'smallint';
    else if (primaryKey && (type === 'integer' || type === 'bigint') && !hasDefault) {
      auto = type === 'bigint' || (typeOpts.limit ?? 4) > 4 ? 'bigint' : 'integer';
    } else if (dialect === 'mysql' && truthy(get('auto_increment'))) auto = 'bigint';

    let enumValues: string[] | undefined;
    if (type === 'enum') {
      const enumType = nameOf(get('enum_type')) ?? name;
      const { schema, name: bare } = split(enumType);
      const e = enums.find((x) => x.schema === schema && x.name === bare);
      if (dialect === 'postgres') {
        typeOpts.enumType = printed(schema, bare);
        if (e) enumValues = e.values;
        else warn('statement-failed', `column ${qualifiedName(t)}.${name} uses enum type "${enumType}", which schema.rb does not create`, line);
      } else {
        const limit = get('limit');
        if (limit?.kind === 'array') enumValues = limit.items.map(nameOf).filter((v): v is string => !!v);
      }
    }
    const phys = physicalType(dialect, type, typeOpts, railsVersion);
    if (auto && dialect === 'postgres') {
      phys.dataType = auto;
      phys.family = auto;
    }
    // SQLite: an auto-incrementing key is INTEGER PRIMARY KEY, and any INTEGER PRIMARY KEY is the 64-bit rowid.
    if (dialect === 'sqlite' && (auto || (primaryKey && phys.dataType === 'integer'))) {
      phys.dataType = 'integer';
      phys.family = 'bigint';
    }
    if (dialect === 'mysql' && type === 'enum' && enumValues) phys.dataType = `enum(${enumValues.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;

    const column: Column = {
      name,
      dataType: phys.dataType,
      family: phys.family,
      ...(phys.length !== undefined ? { length: phys.length } : {}),
      ...(phys.precision !== undefined ? { precision: phys.precision } : {}),
      ...(phys.scale !== undefined ? { scale: phys.scale } : {}),
      ...(phys.unsigned ? { unsigned: true } : {}),
      nullable: !primaryKey && !(get('null')?.kind === 'bool' && !truthy(get('null'))),
      autoIncrement: !!auto,
      ...(enumValues ? { enumValues } : {}),
      origin: origin(line),
    };
    const comment = nameOf(get('comment'));
    if (comment) column.comment = comment;
    if (generated !== undefined) {
      column.generated = generated;
      if (dialect === 'postgres' && !truthy(get('stored')))
        warn('statement-failed', `virtual column ${qualifiedName(t)}.${name} is not stored; PostgreSQL only has stored generated columns before version 18`, line);
    }

    const def = get('default');
    if (auto && dialect === 'postgres') {
      const seqName = pgObjectName(t.name, name, 'seq');
      column.default = `nextval('${printed(t.schema, seqName)}'::regclass)`;
      sequences.push({
        schema: t.schema,
        name: seqName,
        dataType: auto,
        // As the catalog reads pg_sequences.max_value (a bigint's maximum is rounded by JavaScript numbers).
        maxValue: auto === 'bigint' ? Number('9223372036854775807') : auto === 'integer' ? 2_147_483_647 : 32_767,
        ownedBy: `${t.schema}.${t.name}.${name}`,
        origin: origin(line),
      });
    } else if (def) {
      const expr = defaultExpression(dialect, def, column);
      if (expr !== undefined) column.default = expr;
    } else if (primaryKey && type === 'uuid' && dialect === 'postgres') {
      // The PostgreSQL adapter gives a uuid key gen_random_uuid() unless `default:` says otherwise.
      column.default = 'gen_random_uuid()';
    }

    t.columns.push(column);
    if (primaryKey && !t.primaryKey) setPrimaryKey(ts, [name], line);

    // `t.string "email", index: true` / `index: { unique: true }` adds an index on the column.
    const index = get('index');
    if (index && truthy(index)) addIndex(ts, { kind: 'array', items: [{ kind: 'str', value: name }] }, index.kind === 'hash' ? index.entries : [], line);
    return column;
  }

  function timestamps(ts: TableState, o: Opts, line: number): void {
    const nullOpt = opt({ opts: o }, 'null');
    // Since Rails 5 the timestamps are NOT NULL unless `null: true` says otherwise.
    const colOpts: Opts = [...o.filter(([k]) => k !== 'null'), ['null', nullOpt ?? { kind: 'bool', value: false }]];
    addColumn(ts, 'created_at', 'datetime', colOpts, line);
    addColumn(ts, 'updated_at', 'datetime', colOpts, line);
  }

  function reference(ts: TableState, ref: string, o: Opts, line: number): void {
    const get = (k: string) => opt({ opts: o }, k);
    const polymorphic = get('polymorphic');
    const type = nameOf(get('type')) ?? 'bigint';
    const passOn = o.filter(([k]) => !['index', 'foreign_key', 'polymorphic', 'type', 'to_table'].includes(k));
    const idColumn = `${ref}_id`;
    if (truthy(polymorphic)) {
      const typeOpts: Opts = polymorphic?.kind === 'hash' ? polymorphic.entries : passOn.filter(([k]) => k === 'null');
      addColumn(ts, `${ref}_type`, 'string', typeOpts, line);
    }
    addColumn(ts, idColumn, type, passOn, line);
    const index = get('index');
    if (index === undefined || truthy(index)) {
      const columns = truthy(polymorphic) ? [`${ref}_type`, idColumn] : [idColumn];
      const indexOpts: Opts = index?.kind === 'hash' ? [...index.entries] : [];
      // Rails 6.1+ names a polymorphic reference's index after the reference itself.
      if (truthy(polymorphic) && !indexOpts.some(([k]) => k === 'name') && (railsVersion === undefined || railsVersion >= 6.1))
        indexOpts.push(['name', { kind: 'str', value: `index_${ts.table.name}_on_${ref}` }]);
      addIndex(ts, { kind: 'array', items: columns.map((value) => ({ kind: 'str', value }) as RValue) }, indexOpts, line);
    }
    const fk = get('foreign_key');
    if (fk && truthy(fk)) {
      if (truthy(polymorphic)) {
        warn('statement-failed', `a polymorphic reference (${ref}) cannot have a foreign key; none recorded`, line);
        return;
      }
      const to = nameOf(hashGet(fk, 'to_table')) ?? pluralize(ref);
      fks.push({ from: ts, to, columns: [idColumn], ...fkOptions(fk.kind === 'hash' ? fk.entries : []), line });
    }
  }

  function fkOptions(o: Opts): Omit<PendingFk, 'from' | 'to' | 'columns' | 'line'> {
    const get = (k: string) => opt({ opts: o }, k);
    const action = (v: RValue | undefined): FkAction => FK_ACTIONS[nameOf(v) ?? ''] ?? 'no action';
    const pk = get('primary_key');
    const deferrable = get('deferrable');
    const validate = get('validate');
    return {
      ...(pk ? { primaryKey: pk.kind === 'array' ? pk.items.map(nameOf).filter((n): n is string => !!n) : [nameOf(pk) ?? 'id'] } : {}),
      onDelete: action(get('on_delete')),
      onUpdate: action(get('on_update')),
      ...(nameOf(get('name')) ? { name: nameOf(get('name')) } : {}),
      deferrable: !!deferrable && truthy(deferrable),
      validated: !(validate?.kind === 'bool' && !validate.value),
    };
  }

  function addForeignKey(c: RCall): void {
    const fromName = nameOf(c.args[0]);
    const to = nameOf(c.args[1]);
    if (!fromName || !to) {
      warn('statement-unsupported', '`add_foreign_key` without literal table names; skipped', c.line);
      return;
    }
    const from = lookup(fromName);
    if (!from) {
      warn('statement-failed', `\`add_foreign_key\` from "${fromName}", a table schema.rb does not create; skipped`, c.line);
      return;
    }
    const col = opt(c, 'column');
    const columns = col?.kind === 'array' ? col.items.map(nameOf).filter((n): n is string => !!n) : nameOf(col) ? [nameOf(col)!] : undefined;
    fks.push({ from, to, ...(columns ? { columns } : {}), ...fkOptions(c.opts), line: c.line });
  }

  function addIndexTopLevel(c: RCall): void {
    const ts = tableArg(c);
    if (ts) addIndex(ts, c.args[1], c.opts, c.line);
  }

  function addIndex(ts: TableState, colsValue: RValue | undefined, o: Opts, line: number): void {
    const t = ts.table;
    const get = (k: string) => opt({ opts: o }, k);
    let columns: (string | null)[];
    let keyParts: string[];
    let written: string[];
    let nameBasis: string[] | string;
    const listed = colsValue?.kind === 'array' ? colsValue.items.map(nameOf) : undefined;
    const single = nameOf(colsValue);
    if (listed && listed.every((n) => n !== undefined)) {
      columns = listed as string[];
      keyParts = [...(listed as string[])];
      written = [];
      nameBasis = listed as string[];
    } else if (single !== undefined && !/\W/.test(single)) {
      columns = [single];
      keyParts = [single];
      written = [];
      nameBasis = [single];
    } else if (single !== undefined) {
      // An expression index: Rails dumps its whole key list as one string, as PostgreSQL prints it.
      written = splitKeyList(single);
      const parts = written.map(keyPartOf);
      columns = parts.map((p) => p.column);
      keyParts = parts.map((p) => p.keyPart);
      nameBasis = single;
    } else {
      warn('statement-unsupported', `index on ${qualifiedName(t)} without literal columns; skipped`, line);
      return;
    }
    const missing = columns.filter((n): n is string => n !== null && !t.columns.some((col) => col.name === n));
    if (missing.length) {
      warn('statement-failed', `index on ${qualifiedName(t)} names column(s) ${missing.join(', ')} that the table does not have; skipped`, line);
      return;
    }
    const name = nameOf(get('name')) ?? railsIndexName(t.name, nameBasis, railsVersion);
    const unique = truthy(get('unique'));
    const where = nameOf(get('where'));
    const kind = nameOf(get('type')); // MySQL: fulltext, spatial
    const method = (nameOf(get('using')) ?? (kind && dialect === 'mysql' ? kind : 'btree')).toLowerCase();
    const include = get('include');
    const includeColumns = include?.kind === 'array' ? include.items.map(nameOf).filter((n): n is string => !!n) : nameOf(include) ? [nameOf(include)!] : [];
    const nullsNotDistinct = truthy(get('nulls_not_distinct'));

    // Key parts as the definition writes them, with operator classes, sort order and MySQL prefix lengths.
    const order = get('order');
    const opclass = get('opclass');
    const length = get('length');
    const per = (v: RValue | undefined, col: string): string | undefined => (v?.kind === 'hash' ? nameOf(hashGet(v, col)) : nameOf(v));
    const parts = written.length
      ? written
      : (columns as string[]).map((col) => {
          let s = ident(col);
          const len = length?.kind === 'hash' ? numberOf(hashGet(length, col)) : numberOf(length);
          if (len !== undefined && dialect === 'mysql') s += `(${len})`;
          const oc = per(opclass, col);
          if (oc && dialect === 'postgres') s += ` ${oc}`;
          const ord = per(order, col);
          if (ord) s += ` ${ord.toUpperCase()}`;
          return s;
        });
    const index: Index = {
      name,
      columns,
      keyParts,
      includeColumns,
      unique,
      primary: false,
      method,
      ...(where ? { predicate: stripOuterParens(where) } : {}),
      definition: indexDefinition(t, name, { unique, method, parts, includeColumns, nullsNotDistinct, where, kind }),
      origin: origin(line),
    };
    t.indexes.push(index);
  }

  function indexDefinition(
    t: Table,
    name: string,
    d: { unique: boolean; method: string; parts: string[]; includeColumns?: string[]; nullsNotDistinct?: boolean; where?: string; kind?: string },
  ): string {
    if (dialect === 'postgres') {
      const include = d.includeColumns?.length ? ` INCLUDE (${d.includeColumns.map((c) => ident(c)).join(', ')})` : '';
      const where = d.where ? ` WHERE ${d.where.trim().startsWith('(') ? d.where.trim() : `(${d.where.trim()})`}` : '';
      return `CREATE ${d.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} USING ${d.method} (${d.parts.join(', ')})${include}${d.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}${where}`;
    }
    const prefix = d.unique ? 'UNIQUE ' : d.kind && dialect === 'mysql' ? `${d.kind.toUpperCase()} ` : '';
    const where = d.where && dialect === 'sqlite' ? ` WHERE ${d.where}` : '';
    return `CREATE ${prefix}INDEX ${ident(name)} ON ${ident(t.name)} (${d.parts.join(', ')})${where}`;
  }

  function uniqueConstraint(ts: TableState, c: RCall): void {
    const t = ts.table;
    const v = c.args[0];
    const columns = v?.kind === 'array' ? v.items.map(nameOf).filter((n): n is string => !!n) : nameOf(v) ? [nameOf(v)!] : [];
    if (!columns.length) {
      warn('statement-unsupported', `unique constraint on ${qualifiedName(t)} without literal columns; skipped`, c.line);
      return;
    }
    const name = nameOf(opt(c, 'name')) ?? railsUniqueName(t.name, columns);
    const nullsNotDistinct = truthy(opt(c, 'nulls_not_distinct'));
    t.uniques.push({ name, columns, nullsNotDistinct, origin: origin(c.line) });
    t.indexes.push({
      name,
      columns,
      keyParts: columns,
      includeColumns: [],
      unique: true,
      primary: false,
      method: 'btree',
      constraint: name,
      definition: indexDefinition(t, name, { unique: true, method: 'btree', parts: columns.map((n) => ident(n)), nullsNotDistinct }),
      origin: origin(c.line),
    });
  }

  /** hair_trigger's `create_trigger("name").on("table").after(:insert).for_each(:row) do … end`. */
  function createTrigger(c: RCall): void {
    const chain: RCall[] = [];
    for (let x: RCall | undefined = c; x; x = x.receiverCall) chain.unshift(x);
    const head = chain[0];
    const arg = (m: string) => chain.find((x) => x.method === m);
    const tableName = nameOf(arg('on')?.args[0]);
    if (!tableName) {
      warn('statement-unsupported', '`create_trigger` without `.on("table")`; skipped', head.line);
      return;
    }
    const ts = lookup(tableName);
    if (!ts) {
      warn('statement-failed', `trigger on "${tableName}", a table schema.rb does not create; skipped`, head.line);
      return;
    }
    const timingCall = chain.find((x) => ['before', 'after', 'instead_of'].includes(x.method));
    const timing = timingCall ? timingCall.method.replace('_', ' ').toUpperCase() : 'AFTER';
    const events = (timingCall?.args ?? []).map(nameOf).filter((e): e is string => !!e);
    const forEach = (nameOf(arg('for_each')?.args[0]) ?? 'row').toUpperCase();
    const name =
      nameOf(arg('name')?.args[0]) ??
      nameOf(head.args[0]) ??
      `${ts.table.name}_${timing.toLowerCase().replace(' ', '_')}_${events.join('_or_')}_${forEach.toLowerCase()}_tr`;
    const when = nameOf(arg('where')?.args[0]);
    const t = ts.table;
    const fn = printed(t.schema, name);
    t.triggers.push({
      name,
      functionName: fn,
      definition: `CREATE TRIGGER ${quoteIdent(name)} ${timing} ${events.map((e) => e.toUpperCase()).join(' OR ')} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} FOR EACH ${forEach}${when ? ` WHEN (${when})` : ''} EXECUTE FUNCTION ${fn}()`,
      origin: origin(head.line),
    });
    const security = nameOf(arg('security')?.args[0]);
    functions.push({
      schema: t.schema,
      name,
      args: '',
      language: 'plpgsql',
      securityDefiner: security === 'definer',
      config: [],
      origin: origin(head.line),
    });
  }

  /** Foreign keys and check constraints are resolved once every table exists, as in a loaded database. */
  function finish(): void {
    for (const fk of fks) resolveForeignKey(fk);
    for (const ch of checks) {
      const t = ch.table.table;
      // The columns the expression mentions, in the order it mentions them.
      const columns = identifiersIn(ch.expression)
        .map((m) => t.columns.find((c) => c.name === m || c.name.toLowerCase() === m)?.name)
        .filter((n): n is string => !!n);
      const check: CheckConstraint = {
        name: ch.name ?? railsCheckName(ch.table.written, ch.expression),
        expression: ch.expression,
        columns: [...new Set(columns)],
        validated: ch.validated,
        origin: origin(ch.line),
      };
      t.checks.push(check);
    }
  }

  function resolveForeignKey(p: PendingFk): void {
    const from = p.from.table;
    const target = lookup(p.to);
    const toBare = p.to.includes('.') ? p.to.slice(p.to.lastIndexOf('.') + 1) : p.to;
    const columns = p.columns ?? [`${singularize(toBare)}_id`];
    if (!target) {
      warn('statement-failed', `foreign key ${qualifiedName(from)} (${columns.join(', ')}) references "${p.to}", a table schema.rb does not create; skipped`, p.line);
      return;
    }
    const refColumns = p.primaryKey ?? (target.table.primaryKey?.columns.length === columns.length ? target.table.primaryKey.columns : ['id']);
    const missingFrom = columns.filter((n) => !from.columns.some((c) => c.name === n));
    const missingTo = refColumns.filter((n) => !target.table.columns.some((c) => c.name === n));
    if (missingFrom.length || missingTo.length) {
      const what = [
        missingFrom.length ? `${qualifiedName(from)} has no column ${missingFrom.join(', ')}` : '',
        missingTo.length ? `${qualifiedName(target.table)} has no column ${missingTo.join(', ')}` : '',
      ].filter(Boolean);
      warn('statement-failed', `foreign key ${qualifiedName(from)} (${columns.join(', ')}) → ${qualifiedName(target.table)}: ${what.join(' and ')}; skipped`, p.line);
      return;
    }
    const fk: ForeignKey = {
      name: p.name ?? railsForeignKeyName(p.from.written, columns),
      columns,
      refSchema: target.table.schema,
      refTable: target.table.name,
      refColumns,
      onDelete: p.onDelete,
      onUpdate: p.onUpdate,
      deferrable: p.deferrable,
      validated: p.validated,
      origin: origin(p.line),
    };
    from.foreignKeys.push(fk);
  }

  for (const s of statements) statement(s);
  finish();
  return { tables, enums, sequences, functions, warnings, schemas };
}

function chainRoot(c: RCall): RCall {
  let x = c;
  while (x.receiverCall) x = x.receiverCall;
  return x;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
