// What column type Prisma Migrate creates for a field, per provider: the scalar type's default mapping
// (String → text on PostgreSQL, varchar(191) on MySQL…) or the native type of `@db.X(…)`, printed the way
// the database itself prints it (PostgreSQL's format_type, MySQL's COLUMN_TYPE, SQLite's declared type),
// with the type family rules reason about. Also the default expression the database is given.
import type { Dialect, TypeFamily } from '../../catalog/types.js';
import { isKeyword } from '../../fixes/quote.js';

export interface PhysicalType {
  dataType: string;
  family: TypeFamily;
  length?: number;
  precision?: number;
  scale?: number;
  unsigned?: boolean;
}

/** DMMF's `nativeType`: `["VarChar", ["255"]]` for `@db.VarChar(255)`. */
export type NativeType = [string, string[]] | null | undefined;

export interface EnumRef {
  /** Database name of the enum type (after @@map). */
  name: string;
  schema?: string;
  /** Database values (after @map). */
  values: string[];
}

/** An identifier as PostgreSQL prints it: bare when it reads back unchanged, else double-quoted. */
export function pgIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !isKeyword(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function num(args: string[], i: number): number | undefined {
  const v = args[i];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

// ---- PostgreSQL (and CockroachDB, read as PostgreSQL) ----

const PG_DEFAULT: Record<string, PhysicalType> = {
  String: { dataType: 'text', family: 'text' },
  Boolean: { dataType: 'boolean', family: 'boolean' },
  Int: { dataType: 'integer', family: 'integer' },
  BigInt: { dataType: 'bigint', family: 'bigint' },
  Float: { dataType: 'double precision', family: 'float' },
  Decimal: { dataType: 'numeric(65,30)', family: 'numeric', precision: 65, scale: 30 },
  DateTime: { dataType: 'timestamp(3) without time zone', family: 'timestamp' },
  Json: { dataType: 'jsonb', family: 'json' },
  Bytes: { dataType: 'bytea', family: 'bytea' },
};

function pgNative(name: string, args: string[]): PhysicalType | undefined {
  const p = num(args, 0);
  const withP = (base: string, zone: string) => (p === undefined ? `${base} ${zone}` : `${base}(${p}) ${zone}`);
  switch (name) {
    case 'Text':
      return { dataType: 'text', family: 'text' };
    case 'Citext':
      return { dataType: 'citext', family: 'text' };
    case 'VarChar':
      return p === undefined ? { dataType: 'character varying', family: 'varchar' } : { dataType: `character varying(${p})`, family: 'varchar', length: p };
    case 'Char':
      return { dataType: `character(${p ?? 1})`, family: 'char', length: p ?? 1 };
    case 'Uuid':
      return { dataType: 'uuid', family: 'uuid' };
    case 'Xml':
      return { dataType: 'xml', family: 'other' };
    case 'Inet':
      return { dataType: 'inet', family: 'inet' };
    case 'Bit':
      return { dataType: `bit(${p ?? 1})`, family: 'other', length: p ?? 1 };
    case 'VarBit':
      return { dataType: p === undefined ? 'bit varying' : `bit varying(${p})`, family: 'other' };
    case 'Boolean':
      return { dataType: 'boolean', family: 'boolean' };
    case 'SmallInt':
      return { dataType: 'smallint', family: 'smallint' };
    case 'Integer':
      return { dataType: 'integer', family: 'integer' };
    case 'BigInt':
      return { dataType: 'bigint', family: 'bigint' };
    case 'Oid':
      return { dataType: 'oid', family: 'other' };
    case 'Real':
      return { dataType: 'real', family: 'float' };
    case 'DoublePrecision':
      return { dataType: 'double precision', family: 'float' };
    case 'Decimal': {
      const s = num(args, 1);
      if (p === undefined) return { dataType: 'numeric', family: 'numeric' };
      return { dataType: `numeric(${p},${s ?? 0})`, family: 'numeric', precision: p, scale: s ?? 0 };
    }
    case 'Money':
      return { dataType: 'money', family: 'money' };
    case 'Timestamp':
      return { dataType: withP('timestamp', 'without time zone'), family: 'timestamp' };
    case 'Timestamptz':
      return { dataType: withP('timestamp', 'with time zone'), family: 'timestamptz' };
    case 'Date':
      return { dataType: 'date', family: 'date' };
    case 'Time':
      return { dataType: withP('time', 'without time zone'), family: 'time' };
    case 'Timetz':
      return { dataType: withP('time', 'with time zone'), family: 'time' };
    case 'Json':
      return { dataType: 'json', family: 'json' };
    case 'JsonB':
      return { dataType: 'jsonb', family: 'json' };
    case 'ByteA':
      return { dataType: 'bytea', family: 'bytea' };
    default:
      return undefined;
  }
}

// ---- MySQL / MariaDB ----

const MYSQL_DEFAULT: Record<string, PhysicalType> = {
  String: { dataType: 'varchar(191)', family: 'varchar', length: 191 },
  Boolean: { dataType: 'tinyint(1)', family: 'boolean' },
  Int: { dataType: 'int', family: 'integer' },
  BigInt: { dataType: 'bigint', family: 'bigint' },
  Float: { dataType: 'double', family: 'float' },
  Decimal: { dataType: 'decimal(65,30)', family: 'numeric', precision: 65, scale: 30 },
  DateTime: { dataType: 'datetime(3)', family: 'timestamp' },
  Json: { dataType: 'json', family: 'json' },
  Bytes: { dataType: 'longblob', family: 'bytea' },
};

function mysqlNative(name: string, args: string[], scalar: string): PhysicalType | undefined {
  const p = num(args, 0);
  const sized = (base: string) => (p === undefined ? base : `${base}(${p})`);
  const int = (base: string, family: TypeFamily, unsigned: boolean): PhysicalType => ({
    dataType: unsigned ? `${base} unsigned` : base,
    family,
    ...(unsigned ? { unsigned: true } : {}),
  });
  switch (name) {
    case 'VarChar':
      return { dataType: `varchar(${p ?? 191})`, family: 'varchar', length: p ?? 191 };
    case 'Char':
      return { dataType: `char(${p ?? 1})`, family: 'char', length: p ?? 1 };
    case 'Text':
    case 'TinyText':
    case 'MediumText':
    case 'LongText':
      return { dataType: name.toLowerCase(), family: 'text' };
    case 'Bit':
      return { dataType: `bit(${p ?? 1})`, family: scalar === 'Boolean' || p === 1 ? 'boolean' : 'other' };
    case 'Binary':
      return { dataType: `binary(${p ?? 1})`, family: 'bytea' };
    case 'VarBinary':
      return { dataType: sized('varbinary'), family: 'bytea' };
    case 'TinyBlob':
    case 'Blob':
    case 'MediumBlob':
    case 'LongBlob':
      return { dataType: name.toLowerCase(), family: 'bytea' };
    case 'TinyInt':
      // Boolean @db.TinyInt(1) is MySQL's boolean; any other tinyint holds small numbers.
      if (scalar === 'Boolean') return { dataType: `tinyint(${p ?? 1})`, family: 'boolean' };
      return int('tinyint', 'smallint', false);
    case 'UnsignedTinyInt':
      return int('tinyint', 'smallint', true);
    case 'SmallInt':
      return int('smallint', 'smallint', false);
    case 'UnsignedSmallInt':
      return int('smallint', 'smallint', true);
    case 'MediumInt':
      return int('mediumint', 'integer', false);
    case 'UnsignedMediumInt':
      return int('mediumint', 'integer', true);
    case 'Int':
      return int('int', 'integer', false);
    case 'UnsignedInt':
      return int('int', 'integer', true);
    case 'BigInt':
      return int('bigint', 'bigint', false);
    case 'UnsignedBigInt':
      return int('bigint', 'bigint', true);
    case 'Decimal': {
      const s = num(args, 1);
      return { dataType: `decimal(${p ?? 10},${s ?? 0})`, family: 'numeric', precision: p ?? 10, scale: s ?? 0 };
    }
    case 'Float':
      return { dataType: 'float', family: 'float' };
    case 'Double':
      return { dataType: 'double', family: 'float' };
    case 'Date':
      return { dataType: 'date', family: 'date' };
    case 'Time':
      return { dataType: sized('time'), family: 'time' };
    case 'DateTime':
      return { dataType: sized('datetime'), family: 'timestamp' };
    case 'Timestamp':
      // MySQL stores TIMESTAMP as UTC and converts with the session time zone: an absolute instant.
      return { dataType: sized('timestamp'), family: 'timestamptz' };
    case 'Year':
      return { dataType: 'year', family: 'other' };
    case 'Json':
      return { dataType: 'json', family: 'json' };
    default:
      return undefined;
  }
}

// ---- SQLite ----

const SQLITE_DEFAULT: Record<string, PhysicalType> = {
  String: { dataType: 'TEXT', family: 'text' },
  Boolean: { dataType: 'BOOLEAN', family: 'boolean' },
  Int: { dataType: 'INTEGER', family: 'integer' },
  BigInt: { dataType: 'BIGINT', family: 'bigint' },
  Float: { dataType: 'REAL', family: 'float' },
  Decimal: { dataType: 'DECIMAL', family: 'numeric' },
  DateTime: { dataType: 'DATETIME', family: 'timestamp' },
  Json: { dataType: 'JSONB', family: 'json' },
  Bytes: { dataType: 'BLOB', family: 'bytea' },
};

export interface FieldTypeInput {
  /** Prisma scalar (String, Int…) or the enum's name. */
  type: string;
  kind: 'scalar' | 'enum' | 'unsupported';
  isList: boolean;
  nativeType?: NativeType;
  enumRef?: EnumRef;
}

/** The column type Prisma Migrate creates for a scalar or enum field. */
export function columnType(dialect: Dialect, field: FieldTypeInput): PhysicalType {
  let base: PhysicalType;
  if (field.kind === 'unsupported') base = unsupportedType(field.type);
  else if (field.kind === 'enum' && field.enumRef) base = enumType(dialect, field.enumRef);
  else {
    const native = field.nativeType ?? undefined;
    const fromNative = native
      ? dialect === 'postgres'
        ? pgNative(native[0], native[1] ?? [])
        : dialect === 'mysql'
          ? mysqlNative(native[0], native[1] ?? [], field.type)
          : undefined
      : undefined;
    const table = dialect === 'postgres' ? PG_DEFAULT : dialect === 'mysql' ? MYSQL_DEFAULT : SQLITE_DEFAULT;
    base = fromNative ?? table[field.type] ?? { dataType: field.type.toLowerCase(), family: 'other' };
  }
  if (field.isList) return { dataType: `${base.dataType}[]`, family: 'array' };
  return base;
}

function enumType(dialect: Dialect, e: EnumRef): PhysicalType {
  if (dialect === 'postgres') {
    const name = pgIdent(e.name);
    return { dataType: e.schema && e.schema !== 'public' ? `${pgIdent(e.schema)}.${name}` : name, family: 'enum' };
  }
  if (dialect === 'mysql') return { dataType: `enum(${e.values.map(sqlString).join(',')})`, family: 'enum' };
  return { dataType: 'TEXT', family: 'text' };
}

/** `Unsupported("tsvector")`: the database type as written, with the family its name suggests. */
function unsupportedType(raw: string): PhysicalType {
  const t = raw.trim().toLowerCase();
  const family: TypeFamily = /^(timestamptz|timestamp\b.*with time zone)/.test(t)
    ? 'timestamptz'
    : /^timestamp/.test(t)
      ? 'timestamp'
      : /^(int4|integer|int)\b/.test(t)
        ? 'integer'
        : /^(int8|bigint)\b/.test(t)
          ? 'bigint'
          : /^(citext|text)\b/.test(t)
            ? 'text'
            : /^(jsonb?)\b/.test(t)
              ? 'json'
              : /^(inet|cidr)\b/.test(t)
                ? 'inet'
                : /\[\]$/.test(t)
                  ? 'array'
                  : 'other';
  return { dataType: raw.trim(), family };
}

export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The cast PostgreSQL prints after a literal default: the type without its modifier (`character varying`). */
function pgCast(dataType: string): string {
  if (/^character\(/.test(dataType)) return 'bpchar';
  return dataType.replace(/\(\d+(,\d+)?\)/, '');
}

export type DmmfDefault =
  | string
  | number
  | boolean
  | null
  | { name: string; args: unknown[] }
  | DmmfDefault[];

export interface DefaultInput {
  dialect: Dialect;
  type: PhysicalType;
  /** Prisma scalar type, or the enum's name. */
  scalar: string;
  kind: 'scalar' | 'enum' | 'unsupported';
  value: DmmfDefault | undefined;
  /** Database value of an enum member, by its Prisma name. */
  enumValue?: (name: string) => string;
  /** PostgreSQL: the serial sequence's name, as `nextval` would print it. */
  sequence?: string;
}

export interface ColumnDefault {
  default?: string;
  autoIncrement: boolean;
}

/** The default the database holds for a field, as the database prints it, and whether it auto-increments. */
export function columnDefault(input: DefaultInput): ColumnDefault {
  const { dialect, value } = input;
  if (value === undefined || value === null) return { autoIncrement: false };
  if (Array.isArray(value)) {
    if (dialect !== 'postgres') return { autoIncrement: false };
    const items = value.map((v) => literal(input, v as DmmfDefault, false)).filter((v): v is string => v !== undefined);
    return { default: `ARRAY[${items.join(', ')}]::${pgCast(input.type.dataType.replace(/\[\]$/, ''))}[]`, autoIncrement: false };
  }
  if (typeof value === 'object') {
    const fn = value.name;
    if (fn === 'autoincrement' || fn === 'sequence') {
      if (dialect === 'postgres' && input.sequence) return { default: `nextval('${input.sequence.replace(/'/g, "''")}'::regclass)`, autoIncrement: true };
      return { autoIncrement: true };
    }
    if (fn === 'now') {
      if (dialect === 'mysql') {
        const p = /\((\d+)\)/.exec(input.type.dataType)?.[1];
        return { default: p ? `CURRENT_TIMESTAMP(${p})` : 'CURRENT_TIMESTAMP', autoIncrement: false };
      }
      return { default: 'CURRENT_TIMESTAMP', autoIncrement: false };
    }
    if (fn === 'dbgenerated') {
      const expr = value.args?.[0];
      return typeof expr === 'string' && expr ? { default: expr, autoIncrement: false } : { autoIncrement: false };
    }
    // uuid(), cuid(), nanoid(), ulid(): Prisma Client fills the value in; the database has no default.
    return { autoIncrement: false };
  }
  const text = literal(input, value, true);
  return text === undefined ? { autoIncrement: false } : { default: text, autoIncrement: false };
}

function literal(input: DefaultInput, value: DmmfDefault, cast: boolean): string | undefined {
  const { dialect, type } = input;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  if (input.kind === 'enum') {
    const db = input.enumValue ? input.enumValue(value) : value;
    return dialect === 'postgres' && cast ? `${sqlString(db)}::${type.dataType}` : sqlString(db);
  }
  if (['Int', 'BigInt', 'Float', 'Decimal'].includes(input.scalar) && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(value)) return value;
  if (input.scalar === 'Boolean') return value;
  return dialect === 'postgres' && cast ? `${sqlString(value)}::${pgCast(type.dataType)}` : sqlString(value);
}
