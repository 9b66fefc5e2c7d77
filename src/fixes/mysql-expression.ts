// Rules write the SQL pieces of a fix operation (a CHECK expression, a default, a USING cast, a type)
// in PostgreSQL's spelling: double-quoted identifiers, `::` casts, `now()`, `jsonb`. This module reads
// such a piece with the real PostgreSQL parser (libpg-query) and writes it again for MySQL/MariaDB,
// node by node; anything it does not know how to say in MySQL throws, with the reason, so the writer
// returns the operation as unsupported instead of SQL that would mean something else.
import { parseSync } from 'libpg-query';
import { loadParser } from '../sources/postgres/statements.js';
import { mysqlIdent, mysqlLiteral } from './mysql-quote.js';

// The writer is synchronous (like the PostgreSQL one); the parser's WebAssembly is loaded once here.
await loadParser();

export type MysqlFlavour = 'mysql' | 'mariadb';

/** Thrown for a piece of SQL that has no faithful MySQL spelling. */
export class UntranslatableSql extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

/** The single expression of `SELECT <text>`, as libpg-query's AST. */
function parseExpression(text: string): Node {
  let tree: Node;
  try {
    tree = parseSync(`SELECT ${text}`);
  } catch (e) {
    throw new UntranslatableSql(`${JSON.stringify(text)} does not parse as a PostgreSQL expression (${(e as Error).message})`);
  }
  const stmts = tree.stmts ?? [];
  const targets = stmts[0]?.stmt?.SelectStmt?.targetList ?? [];
  const select = stmts[0]?.stmt?.SelectStmt;
  if (stmts.length !== 1 || targets.length !== 1 || select.fromClause || select.whereClause) {
    throw new UntranslatableSql(`${JSON.stringify(text)} is not a single expression`);
  }
  return targets[0].ResTarget.val;
}

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%']);

/** Functions that exist with the same meaning in both engines, and PostgreSQL ones MySQL spells differently. */
const FUNCTIONS: Record<string, string> = {
  abs: 'abs',
  ceil: 'ceil',
  ceiling: 'ceiling',
  floor: 'floor',
  round: 'round',
  lower: 'lower',
  upper: 'upper',
  trim: 'trim',
  char_length: 'char_length',
  character_length: 'char_length',
  // PostgreSQL's length() counts characters; MySQL's counts bytes.
  length: 'char_length',
  greatest: 'greatest',
  least: 'least',
  now: 'current_timestamp',
  json_valid: 'json_valid',
};

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_TIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_LOCALTIME: 'CURRENT_TIME',
};

function constant(c: Node): string {
  if (c.isnull) return 'NULL';
  if (c.ival !== undefined) return String(c.ival.ival ?? 0);
  if (c.fval !== undefined) return String(c.fval.fval);
  if (c.boolval !== undefined) return c.boolval.boolval ? 'TRUE' : 'FALSE';
  if (c.sval !== undefined) return mysqlLiteral(c.sval.sval ?? '');
  throw new UntranslatableSql('a constant of a kind MySQL has no literal for (bit string)');
}

/** The target of a CAST in MySQL's CAST(… AS …) vocabulary, from a PostgreSQL type name node. */
function castTarget(typeName: Node): string {
  const names: string[] = (typeName.names ?? []).map((n: Node) => n.String.sval);
  const name = names[names.length - 1];
  const mods: number[] = (typeName.typmods ?? []).map((m: Node) => m.A_Const?.ival?.ival ?? 0);
  switch (name) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'integer':
    case 'bigint':
    case 'smallint':
      return 'SIGNED';
    case 'numeric':
    case 'decimal':
      return mods.length ? `DECIMAL(${mods.join(', ')})` : 'DECIMAL(65, 30)';
    case 'text':
    case 'varchar':
    case 'bpchar':
      return mods.length ? `CHAR(${mods[0]})` : 'CHAR';
    case 'date':
      return 'DATE';
    case 'timestamp':
    case 'timestamptz':
      return 'DATETIME';
    case 'float8':
      return 'DOUBLE';
    default:
      throw new UntranslatableSql(`a cast to ${names.join('.')} has no MySQL equivalent`);
  }
}

/** Nodes that read as one unit anywhere (a column, a constant, a call): no parentheses needed around them. */
const ATOMS = new Set(['ColumnRef', 'A_Const', 'SQLValueFunction', 'CoalesceExpr', 'MinMaxExpr', 'TypeCast', 'FuncCall']);

/** A sub-expression, in parentheses unless it is an atom, so precedence never shifts between the engines. */
function operand(node: Node): string {
  const text = write(node);
  return ATOMS.has(Object.keys(node)[0]) ? text : `(${text})`;
}

/** `node` written as a MySQL expression. */
function write(node: Node): string {
  const [kind] = Object.keys(node);
  const n = node[kind];
  switch (kind) {
    case 'ColumnRef': {
      const fields: Node[] = n.fields;
      if (fields.some((f) => !f.String)) throw new UntranslatableSql('`*` in an expression');
      return fields.map((f) => mysqlIdent(f.String.sval)).join('.');
    }
    case 'A_Const':
      return constant(n);
    case 'SQLValueFunction': {
      const out = SQL_VALUE_FUNCTIONS[n.op];
      if (!out) throw new UntranslatableSql(`${n.op} has no MySQL equivalent`);
      return out;
    }
    case 'BoolExpr': {
      const args: string[] = n.args.map(operand);
      if (n.boolop === 'NOT_EXPR') return `NOT ${args[0]}`;
      return args.join(n.boolop === 'AND_EXPR' ? ' AND ' : ' OR ');
    }
    case 'NullTest':
      return `${operand(n.arg)} ${n.nulltesttype === 'IS_NULL' ? 'IS NULL' : 'IS NOT NULL'}`;
    case 'BooleanTest': {
      const tests: Record<string, string> = {
        IS_TRUE: 'IS TRUE',
        IS_NOT_TRUE: 'IS NOT TRUE',
        IS_FALSE: 'IS FALSE',
        IS_NOT_FALSE: 'IS NOT FALSE',
        IS_UNKNOWN: 'IS UNKNOWN',
        IS_NOT_UNKNOWN: 'IS NOT UNKNOWN',
      };
      return `${operand(n.arg)} ${tests[n.booltesttype]}`;
    }
    case 'CoalesceExpr':
      return `coalesce(${n.args.map(write).join(', ')})`;
    case 'MinMaxExpr':
      return `${n.op === 'IS_GREATEST' ? 'greatest' : 'least'}(${n.args.map(write).join(', ')})`;
    case 'TypeCast':
      return `CAST(${write(n.arg)} AS ${castTarget(n.typeName)})`;
    case 'FuncCall': {
      const names: string[] = n.funcname.map((f: Node) => f.String.sval);
      const name = names[names.length - 1];
      const fn = (names.length === 1 || names[0] === 'pg_catalog') && FUNCTIONS[name];
      if (!fn || n.agg_star || n.agg_distinct || n.over || n.agg_order || n.agg_filter) {
        throw new UntranslatableSql(`the function ${names.join('.')}() is not known to mean the same in MySQL`);
      }
      if (fn === 'current_timestamp') return 'CURRENT_TIMESTAMP';
      return `${fn}(${(n.args ?? []).map(write).join(', ')})`;
    }
    case 'A_Expr':
      return writeAExpr(n);
    default:
      throw new UntranslatableSql(`${kind} expressions are not translated to MySQL`);
  }
}

function writeAExpr(n: Node): string {
  const op: string = n.name?.[0]?.String?.sval ?? '';
  const left = n.lexpr ? operand(n.lexpr) : '';
  const list = () => (n.rexpr.List.items as Node[]).map(write);
  switch (n.kind) {
    case 'AEXPR_OP':
      if (!COMPARISONS.has(op)) throw new UntranslatableSql(`the operator ${op} is not translated to MySQL`);
      if (!n.lexpr) {
        const arg = operand(n.rexpr);
        // `--` would start a comment in some clients: keep two minus signs apart.
        return arg.startsWith('-') ? `${op}(${arg})` : `${op}${arg}`;
      }
      return `${left} ${op === '!=' ? '<>' : op} ${operand(n.rexpr)}`;
    case 'AEXPR_IN':
      return `${left} ${op === '<>' ? 'NOT IN' : 'IN'} (${list().join(', ')})`;
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      const [lo, hi] = (n.rexpr.List.items as Node[]).map(operand);
      return `${left} ${n.kind === 'AEXPR_NOT_BETWEEN' ? 'NOT BETWEEN' : 'BETWEEN'} ${lo} AND ${hi}`;
    }
    case 'AEXPR_LIKE':
      // MySQL's LIKE follows the column's collation (often case-insensitive), PostgreSQL's is case-sensitive.
      throw new UntranslatableSql('LIKE compares by collation in MySQL (often case-insensitively), unlike PostgreSQL');
    case 'AEXPR_DISTINCT':
      return `NOT (${left} <=> ${operand(n.rexpr)})`;
    case 'AEXPR_NOT_DISTINCT':
      return `${left} <=> ${operand(n.rexpr)}`;
    case 'AEXPR_NULLIF':
      return `nullif(${write(n.lexpr)}, ${write(n.rexpr)})`;
    default:
      throw new UntranslatableSql(`${n.kind} is not translated to MySQL`);
  }
}

/** A PostgreSQL boolean expression (a CHECK, a predicate) written for MySQL. Throws UntranslatableSql. */
export function mysqlExpression(pgExpression: string): string {
  return write(parseExpression(pgExpression));
}

/** Whether a default, as MySQL prints it, can stand after DEFAULT as it is (a literal or CURRENT_TIMESTAMP); else it needs parentheses. */
function literalDefault(text: string): boolean {
  const t = text.trim();
  return (
    /^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(t) ||
    /^(_\w+\s*)?'(?:[^'\\]|''|\\.)*'$/s.test(t) ||
    /^[bx]'[0-9a-f]*'$/i.test(t) ||
    /^0x[0-9a-f]+$/i.test(t) ||
    /^(null|true|false)$/i.test(t) ||
    /^(current_timestamp|localtimestamp|localtime|now)(\(\d*\))?$/i.test(t) ||
    /^\(.*\)$/s.test(t)
  );
}

/** A default as the MySQL catalog has it (already MySQL SQL), ready to follow DEFAULT. */
export function mysqlNativeDefault(text: string): string {
  return literalDefault(text) ? text.trim() : `(${text.trim()})`;
}

/** A default a rule wrote in PostgreSQL's spelling (`now()`, `'{}'::jsonb`, `gen_random_uuid()`), for MySQL. */
export function mysqlDefault(pgDefault: string, flavour: MysqlFlavour | undefined): string {
  const node = parseExpression(pgDefault);
  const [kind] = Object.keys(node);
  const n = node[kind];
  if (kind === 'A_Const') return constant(n);
  // A constant cast to the column's type: MySQL converts the constant itself.
  if (kind === 'TypeCast' && n.arg.A_Const) return constant(n.arg.A_Const);
  if (kind === 'SQLValueFunction' && SQL_VALUE_FUNCTIONS[n.op] === 'CURRENT_TIMESTAMP') return 'CURRENT_TIMESTAMP';
  if (kind === 'FuncCall') {
    const name = n.funcname[n.funcname.length - 1].String.sval;
    if (name === 'now' || name === 'statement_timestamp' || name === 'transaction_timestamp') return 'CURRENT_TIMESTAMP';
    if (name === 'gen_random_uuid' || name === 'uuid_generate_v4') {
      if (flavour === 'mariadb') return '(uuid())';
      throw new UntranslatableSql('MySQL has no uuid type; a random UUID default would be (uuid()) on a char(36) column');
    }
  }
  return `(${write(node)})`;
}

/** Whether `using` only converts the column itself (`col::type`, `CAST(col AS type)`), which MODIFY does anyway. */
export function isPlainConversion(using: string, column: string): boolean {
  let node: Node;
  try {
    node = parseExpression(using);
  } catch {
    return false;
  }
  const fields: Node[] | undefined = node.TypeCast?.arg?.ColumnRef?.fields;
  return !!fields && fields.length === 1 && fields[0].String?.sval === column;
}

// ---------------------------------------------------------------------------------------------------
// Types

/** Type names MySQL/MariaDB know: a type written with one of these is passed through as it is. */
const MYSQL_TYPES = new Set(
  (
    'tinyint smallint mediumint int integer bigint decimal dec numeric fixed float double real bit bool boolean serial ' +
    'char varchar binary varbinary tinytext text mediumtext longtext tinyblob blob mediumblob longblob enum set ' +
    'date time datetime timestamp year json geometry point linestring polygon multipoint multilinestring multipolygon geometrycollection'
  ).split(' '),
);
const MARIADB_TYPES = new Set(['uuid', 'inet4', 'inet6']);

/**
 * A column type for MySQL/MariaDB. PostgreSQL spellings a rule may write (`timestamp with time zone`,
 * `character varying(40)`, `jsonb`, `uuid`, `boolean`) are mapped; MySQL's own names pass through.
 * Throws UntranslatableSql for a type with no equivalent (money, interval, arrays, uuid on MySQL).
 */
export function mysqlType(type: string, flavour: MysqlFlavour | undefined): string {
  const t = type.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  if (lower.endsWith('[]')) throw new UntranslatableSql(`MySQL has no array types (${type})`);
  const tz = /^timestamp(?:\s*\((\d+)\))?\s+with(out)?\s+time\s+zone$/.exec(lower) ?? /^timestamptz(?:\s*\((\d+)\))?$/.exec(lower);
  if (tz) return `${tz[2] ? 'datetime' : 'timestamp'}${tz[1] ? `(${tz[1]})` : ''}`;
  const time = /^time(?:\s*\((\d+)\))?\s+with(out)?\s+time\s+zone$/.exec(lower);
  if (time) {
    if (!time[2]) throw new UntranslatableSql('MySQL has no time with time zone');
    return `time${time[1] ? `(${time[1]})` : ''}`;
  }
  const varying = /^(?:character varying|char varying)\s*(?:\((\d+)\))?$/.exec(lower);
  if (varying) {
    if (!varying[1]) throw new UntranslatableSql('a MySQL varchar needs a length; character varying has none here');
    return `varchar(${varying[1]})`;
  }
  const fixed = /^(?:character|bpchar)\s*(?:\((\d+)\))?$/.exec(lower);
  if (fixed) return `char(${fixed[1] ?? 1})`;
  const simple: Record<string, string> = {
    int2: 'smallint',
    int4: 'int',
    int8: 'bigint',
    bool: 'tinyint(1)',
    boolean: 'tinyint(1)',
    'double precision': 'double',
    float8: 'double',
    float4: 'float',
    // MySQL reads REAL as DOUBLE unless REAL_AS_FLOAT is set; PostgreSQL's real is 4 bytes.
    real: 'float',
    jsonb: 'json',
    bytea: 'longblob',
  };
  if (simple[lower]) return simple[lower];
  if (/^numeric$|^decimal$/.test(lower)) throw new UntranslatableSql('numeric without a precision has no MySQL equivalent (DECIMAL alone is DECIMAL(10,0))');
  if (lower === 'uuid') {
    if (flavour === 'mariadb') return 'uuid';
    throw new UntranslatableSql(
      flavour === 'mysql'
        ? 'MySQL has no uuid type: keep char(36), or use binary(16) with UUID_TO_BIN()/BIN_TO_UUID() in every query (an application change)'
        : 'uuid exists only on MariaDB (10.7+), and the server flavour is not known',
    );
  }
  if (lower === 'inet') {
    if (flavour === 'mariadb') return 'inet6';
    throw new UntranslatableSql('MySQL has no inet type (MariaDB 10.5+ has inet6)');
  }
  const base = /^([a-z]+)/.exec(lower)?.[1] ?? '';
  if (MYSQL_TYPES.has(base) && base !== 'serial') return t;
  if (MARIADB_TYPES.has(base) && flavour === 'mariadb') return t;
  throw new UntranslatableSql(`${type} has no MySQL/MariaDB equivalent`);
}
