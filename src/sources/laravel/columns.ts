// Laravel column types → the physical column each database grammar creates (Laravel 11/12 schema grammars:
// MySqlGrammar, MariaDbGrammar, PostgresGrammar, SQLiteGrammar). The catalog gets the type as the engine would
// print it, so a review of the migrations reads like a review of the database they build.
import type { Column, Dialect, TypeFamily } from '../../catalog/types.js';

/** The connection driver the migrations run against. */
export type Driver = 'mysql' | 'mariadb' | 'pgsql' | 'sqlite' | 'sqlsrv';

export function dialectOf(driver: Driver): Dialect {
  return driver === 'pgsql' ? 'postgres' : driver === 'sqlite' ? 'sqlite' : 'mysql';
}

/** A default as the migration gave it: a PHP literal, or raw SQL (`DB::raw`, `new Expression`, `useCurrent`). */
export type DefaultValue = { literal: string | number | boolean } | { raw: string };

/** A column as Blueprint describes it, before a grammar turns it into SQL. */
export interface ColumnSpec {
  name: string;
  /** Laravel's column type: bigInteger, string, uuid, enum, timestamp… */
  type: string;
  length?: number;
  total?: number;
  places?: number;
  precision?: number;
  allowed?: string[];
  unsigned?: boolean;
  autoIncrement?: boolean;
  nullable?: boolean;
  default?: DefaultValue;
  useCurrent?: boolean;
  useCurrentOnUpdate?: boolean;
  comment?: string;
  storedAs?: string;
  virtualAs?: string;
  fixed?: boolean;
  /** The uuid/ulid flavour of a foreign id or morph key, for the family. */
  subtype?: string;
}

/** What the catalog records for a column, without its name and origin. */
export type Physical = Omit<Column, 'name' | 'origin'> & {
  /** PostgreSQL and SQLite enums are varchar columns with a CHECK (col IN (…)). */
  check?: string;
};

const INTS: Record<string, { mysql: string; pg: string; family: TypeFamily }> = {
  tinyInteger: { mysql: 'tinyint', pg: 'smallint', family: 'smallint' },
  smallInteger: { mysql: 'smallint', pg: 'smallint', family: 'smallint' },
  mediumInteger: { mysql: 'mediumint', pg: 'integer', family: 'integer' },
  integer: { mysql: 'int', pg: 'integer', family: 'integer' },
  bigInteger: { mysql: 'bigint', pg: 'bigint', family: 'bigint' },
};

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The physical column a grammar creates for `spec`. */
export function physicalColumn(spec: ColumnSpec, driver: Driver, opts: { mariaDbUuid?: boolean } = {}): Physical {
  const dialect = dialectOf(driver);
  const p = dialect === 'postgres' ? postgresType(spec) : dialect === 'sqlite' ? sqliteType(spec) : mysqlType(spec, driver, opts);
  const nullable = spec.nullable === true;
  const out: Physical = {
    dataType: p.dataType,
    family: p.family,
    nullable,
    autoIncrement: !!spec.autoIncrement && spec.type in INTS,
    ...(p.length !== undefined ? { length: p.length } : {}),
    ...(p.precision !== undefined ? { precision: p.precision } : {}),
    ...(p.scale !== undefined ? { scale: p.scale } : {}),
    ...(spec.allowed && (spec.type === 'enum' || spec.type === 'set') ? { enumValues: [...spec.allowed] } : {}),
    ...(dialect === 'mysql' && spec.unsigned && (spec.type in INTS || ['decimal', 'float', 'double'].includes(spec.type)) ? { unsigned: true } : {}),
    ...(spec.comment !== undefined ? { comment: spec.comment } : {}),
    ...(spec.storedAs ?? spec.virtualAs ? { generated: (spec.storedAs ?? spec.virtualAs)! } : {}),
    ...(p.check ? { check: p.check } : {}),
  };
  const def = defaultText(spec, p.family, p.scale, dialect);
  if (def !== undefined) out.default = def;
  if (spec.useCurrentOnUpdate && dialect === 'mysql') out.onUpdate = 'CURRENT_TIMESTAMP';
  return out;
}

function defaultText(spec: ColumnSpec, family: TypeFamily, scale: number | undefined, dialect: Dialect): string | undefined {
  if (spec.useCurrent) return 'CURRENT_TIMESTAMP';
  const d = spec.default;
  if (!d) return undefined;
  if ('raw' in d) return d.raw;
  const v = d.literal;
  const numeric = ['smallint', 'integer', 'bigint', 'numeric', 'float', 'boolean'].includes(family);
  if (family === 'boolean' && dialect === 'postgres') return v === true || v === 1 || v === '1' || v === 'true' ? 'true' : 'false';
  if (typeof v === 'boolean') return numeric ? (v ? '1' : '0') : quote(v ? '1' : '0');
  if (numeric && (typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(v))) {
    const n = Number(v);
    return family === 'numeric' && scale !== undefined && dialect === 'mysql' ? n.toFixed(scale) : String(n);
  }
  return quote(String(v));
}

interface Typed {
  dataType: string;
  family: TypeFamily;
  length?: number;
  precision?: number;
  scale?: number;
  check?: string;
}

function stringFamily(spec: ColumnSpec): TypeFamily {
  return spec.subtype === 'uuid' ? 'uuid' : 'varchar';
}

function mysqlType(spec: ColumnSpec, driver: Driver, opts: { mariaDbUuid?: boolean }): Typed {
  const u = spec.unsigned ? ' unsigned' : '';
  const int = INTS[spec.type];
  if (int) return { dataType: int.mysql + u, family: int.family };
  switch (spec.type) {
    case 'string':
      return { dataType: `varchar(${spec.length})`, family: stringFamily(spec), length: spec.length };
    case 'char':
      return { dataType: `char(${spec.length})`, family: spec.subtype === 'uuid' ? 'uuid' : 'char', length: spec.length };
    case 'uuid':
      if (driver === 'mariadb' && opts.mariaDbUuid !== false) return { dataType: 'uuid', family: 'uuid' };
      return { dataType: 'char(36)', family: 'uuid', length: 36 };
    case 'tinyText':
      return { dataType: 'tinytext', family: 'text' };
    case 'text':
      return { dataType: 'text', family: 'text' };
    case 'mediumText':
      return { dataType: 'mediumtext', family: 'text' };
    case 'longText':
      return { dataType: 'longtext', family: 'text' };
    case 'json':
    case 'jsonb':
      return { dataType: 'json', family: 'json' };
    case 'enum':
      return { dataType: `enum(${(spec.allowed ?? []).map(quote).join(',')})`, family: 'enum' };
    case 'set':
      return { dataType: `set(${(spec.allowed ?? []).map(quote).join(',')})`, family: 'other' };
    case 'decimal':
      return { dataType: `decimal(${spec.total},${spec.places})${u}`, family: 'numeric', precision: spec.total, scale: spec.places };
    case 'float':
      // float(p) with p > 24 is a DOUBLE in MySQL and MariaDB; Laravel's default precision is 53.
      return { dataType: (spec.precision ?? 53) > 24 ? `double${u}` : `float${u}`, family: 'float' };
    case 'double':
      return { dataType: `double${u}`, family: 'float' };
    case 'boolean':
      return { dataType: 'tinyint(1)', family: 'boolean' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'dateTime':
    case 'dateTimeTz':
      return { dataType: withPrecision('datetime', spec.precision), family: 'timestamp' };
    case 'timestamp':
    case 'timestampTz':
      // MySQL converts TIMESTAMP values from the session time zone to UTC and back: it stores an instant.
      return { dataType: withPrecision('timestamp', spec.precision), family: 'timestamptz' };
    case 'time':
    case 'timeTz':
      return { dataType: withPrecision('time', spec.precision), family: 'time' };
    case 'year':
      return { dataType: 'year', family: 'smallint' };
    case 'binary':
      if (spec.length) return { dataType: `${spec.fixed ? 'binary' : 'varbinary'}(${spec.length})`, family: 'bytea', length: spec.length };
      return { dataType: 'blob', family: 'bytea' };
    case 'ipAddress':
      return { dataType: 'varchar(45)', family: 'varchar', length: 45 };
    case 'macAddress':
      return { dataType: 'varchar(17)', family: 'varchar', length: 17 };
    default:
      return { dataType: spec.type.toLowerCase(), family: 'other' };
  }
}

function withPrecision(base: string, precision: number | undefined): string {
  return precision ? `${base}(${precision})` : base;
}

function enumCheck(spec: ColumnSpec, quoteIdent: (s: string) => string): string {
  return `${quoteIdent(spec.name)} in (${(spec.allowed ?? []).map(quote).join(', ')})`;
}

function postgresType(spec: ColumnSpec): Typed {
  const int = INTS[spec.type];
  if (int) return { dataType: int.pg, family: int.family };
  const p = spec.precision;
  switch (spec.type) {
    case 'string':
      return { dataType: `character varying(${spec.length})`, family: stringFamily(spec), length: spec.length };
    case 'char':
      return { dataType: `character(${spec.length})`, family: spec.subtype === 'uuid' ? 'uuid' : 'char', length: spec.length };
    case 'uuid':
      return { dataType: 'uuid', family: 'uuid' };
    case 'tinyText':
    case 'text':
    case 'mediumText':
    case 'longText':
      return { dataType: 'text', family: 'text' };
    case 'json':
      return { dataType: 'json', family: 'json' };
    case 'jsonb':
      return { dataType: 'jsonb', family: 'json' };
    case 'enum':
      return { dataType: 'character varying(255)', family: 'varchar', length: 255, check: enumCheck(spec, (s) => `"${s}"`) };
    case 'decimal':
      return { dataType: `numeric(${spec.total},${spec.places})`, family: 'numeric', precision: spec.total, scale: spec.places };
    case 'float':
      return (spec.precision ?? 53) > 24 ? { dataType: 'double precision', family: 'float' } : { dataType: 'real', family: 'float' };
    case 'double':
      return { dataType: 'double precision', family: 'float' };
    case 'boolean':
      return { dataType: 'boolean', family: 'boolean' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'dateTime':
    case 'timestamp':
      return { dataType: `timestamp(${p ?? 0}) without time zone`, family: 'timestamp' };
    case 'dateTimeTz':
    case 'timestampTz':
      return { dataType: `timestamp(${p ?? 0}) with time zone`, family: 'timestamptz' };
    case 'time':
      return { dataType: `time(${p ?? 0}) without time zone`, family: 'time' };
    case 'timeTz':
      return { dataType: `time(${p ?? 0}) with time zone`, family: 'time' };
    case 'year':
      return { dataType: 'integer', family: 'integer' };
    case 'binary':
      return { dataType: 'bytea', family: 'bytea' };
    case 'ipAddress':
      return { dataType: 'inet', family: 'inet' };
    case 'macAddress':
      return { dataType: 'macaddr', family: 'other' };
    default:
      return { dataType: spec.type.toLowerCase(), family: 'other' };
  }
}

function sqliteType(spec: ColumnSpec): Typed {
  if (spec.type in INTS) return { dataType: 'integer', family: INTS[spec.type].family === 'bigint' ? 'bigint' : 'integer' };
  switch (spec.type) {
    case 'string':
    case 'char':
    case 'uuid':
      return { dataType: 'varchar', family: spec.type === 'uuid' || spec.subtype === 'uuid' ? 'uuid' : 'varchar', length: spec.length };
    case 'enum':
      return { dataType: 'varchar', family: 'varchar', check: enumCheck(spec, (s) => `"${s}"`) };
    case 'tinyText':
    case 'text':
    case 'mediumText':
    case 'longText':
      return { dataType: 'text', family: 'text' };
    case 'json':
    case 'jsonb':
      return { dataType: 'text', family: 'json' };
    case 'decimal':
      return { dataType: 'numeric', family: 'numeric', precision: spec.total, scale: spec.places };
    case 'float':
    case 'double':
      return { dataType: spec.type, family: 'float' };
    case 'boolean':
      return { dataType: 'tinyint(1)', family: 'boolean' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'dateTime':
    case 'dateTimeTz':
    case 'timestamp':
    case 'timestampTz':
      return { dataType: 'datetime', family: 'timestamp' };
    case 'time':
    case 'timeTz':
      return { dataType: 'time', family: 'time' };
    case 'year':
      return { dataType: 'integer', family: 'integer' };
    case 'binary':
      return { dataType: 'blob', family: 'bytea' };
    case 'ipAddress':
    case 'macAddress':
      return { dataType: 'varchar', family: 'varchar' };
    default:
      return { dataType: spec.type.toLowerCase(), family: 'other' };
  }
}
