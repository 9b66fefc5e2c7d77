// What Rails makes of a schema.rb column in each database: the type the engine prints, its family,
// the default as the engine prints it, and the names Rails and the engine give to keys, sequences,
// indexes and constraints. These follow ActiveRecord's adapters (NATIVE_DATABASE_TYPES,
// type_to_sql, the schema dumper's precision rules) and PostgreSQL's own naming, so a table read
// from schema.rb looks as it would when read back from the database it creates.
import { createHash } from 'node:crypto';
import type { Column, Dialect, TypeFamily } from '../../catalog/types.js';
import type { RValue } from './ruby.js';

/** The options of a column that decide its physical type. */
export interface TypeOptions {
  limit?: number;
  /** A number, `null` for an explicit `precision: nil`, absent when not given. */
  precision?: number | null;
  scale?: number;
  array?: boolean;
  /** `t.enum … enum_type:` */
  enumType?: string;
  /** MySQL `unsigned: true`. */
  unsigned?: boolean;
  /** MySQL `size: :medium|:long` for text and binary. */
  size?: string;
}

export interface PhysicalType {
  dataType: string;
  family: TypeFamily;
  length?: number;
  precision?: number;
  scale?: number;
  unsigned?: boolean;
}

/**
 * `ActiveRecord::Schema[7.0]` and later give `datetime` a precision of 6 unless the dump says
 * `precision: nil`; schema.rb files from Rails 6.1 and before (no `[x.y]`) mean no precision.
 */
export function defaultDatetimePrecision(railsVersion: number | undefined): number | undefined {
  return railsVersion !== undefined && railsVersion >= 7 ? 6 : undefined;
}

export function physicalType(dialect: Dialect, type: string, o: TypeOptions, railsVersion: number | undefined): PhysicalType {
  const t = dialect === 'mysql' ? mysqlType(type, o, railsVersion) : dialect === 'sqlite' ? sqliteType(type, o, railsVersion) : postgresType(type, o, railsVersion);
  if (o.array && dialect === 'postgres') return { ...t, dataType: `${t.dataType}[]`, family: 'array' };
  return t;
}

function datetimePrecision(o: TypeOptions, railsVersion: number | undefined): number | undefined {
  if (o.precision === null) return undefined;
  return o.precision ?? defaultDatetimePrecision(railsVersion);
}

function postgresType(type: string, o: TypeOptions, railsVersion: number | undefined): PhysicalType {
  switch (type) {
    case 'string':
      return o.limit ? { dataType: `character varying(${o.limit})`, family: 'varchar', length: o.limit } : { dataType: 'character varying', family: 'varchar' };
    case 'char':
    case 'character':
      return { dataType: `character(${o.limit ?? 1})`, family: 'char', length: o.limit ?? 1 };
    case 'text':
      return { dataType: 'text', family: 'text' };
    case 'citext':
      return { dataType: 'citext', family: 'text' };
    case 'integer':
    case 'serial':
      if (o.limit !== undefined && o.limit <= 2) return { dataType: 'smallint', family: 'smallint' };
      if (o.limit !== undefined && o.limit > 4) return { dataType: 'bigint', family: 'bigint' };
      return { dataType: 'integer', family: 'integer' };
    case 'smallint':
    case 'smallserial':
      return { dataType: 'smallint', family: 'smallint' };
    case 'bigint':
    case 'bigserial':
    case 'primary_key':
      return { dataType: 'bigint', family: 'bigint' };
    case 'float':
      return o.limit !== undefined && o.limit <= 24 ? { dataType: 'real', family: 'float' } : { dataType: 'double precision', family: 'float' };
    case 'real':
      return { dataType: 'real', family: 'float' };
    case 'decimal':
    case 'numeric':
      if (o.precision !== undefined && o.precision !== null)
        return { dataType: `numeric(${o.precision},${o.scale ?? 0})`, family: 'numeric', precision: o.precision, scale: o.scale ?? 0 };
      return { dataType: 'numeric', family: 'numeric' };
    case 'money':
      return { dataType: 'money', family: 'money' };
    case 'boolean':
      return { dataType: 'boolean', family: 'boolean' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'datetime':
    case 'timestamp': {
      const p = datetimePrecision(o, railsVersion);
      return { dataType: p === undefined ? 'timestamp without time zone' : `timestamp(${p}) without time zone`, family: 'timestamp' };
    }
    case 'timestamptz': {
      const p = datetimePrecision(o, railsVersion);
      return { dataType: p === undefined ? 'timestamp with time zone' : `timestamp(${p}) with time zone`, family: 'timestamptz' };
    }
    case 'time': {
      const p = o.precision ?? undefined;
      return { dataType: p === undefined ? 'time without time zone' : `time(${p}) without time zone`, family: 'time' };
    }
    case 'timetz':
      return { dataType: o.precision ? `time(${o.precision}) with time zone` : 'time with time zone', family: 'time' };
    case 'interval':
      return { dataType: o.precision ? `interval(${o.precision})` : 'interval', family: 'interval' };
    case 'json':
      return { dataType: 'json', family: 'json' };
    case 'jsonb':
      return { dataType: 'jsonb', family: 'json' };
    case 'uuid':
      return { dataType: 'uuid', family: 'uuid' };
    case 'binary':
    case 'blob':
    case 'bytea':
      return { dataType: 'bytea', family: 'bytea' };
    case 'inet':
      return { dataType: 'inet', family: 'inet' };
    case 'cidr':
      return { dataType: 'cidr', family: 'inet' };
    case 'bit':
      return { dataType: `bit(${o.limit ?? 1})`, family: 'other' };
    case 'bit_varying':
      return { dataType: o.limit ? `bit varying(${o.limit})` : 'bit varying', family: 'other' };
    case 'vector':
      return { dataType: o.limit ? `vector(${o.limit})` : 'vector', family: 'other' };
    case 'enum':
      return { dataType: o.enumType ?? 'enum', family: 'enum' };
    default:
      // hstore, ltree, tsvector, xml, macaddr, oid, point, the range types…: printed under their own name.
      return { dataType: type, family: 'other' };
  }
}

function mysqlType(type: string, o: TypeOptions, railsVersion: number | undefined): PhysicalType {
  const unsigned = o.unsigned || type.startsWith('unsigned_');
  const base = type.replace(/^unsigned_/, '');
  const u = (t: PhysicalType): PhysicalType => (unsigned ? { ...t, dataType: `${t.dataType} unsigned`, unsigned: true } : t);
  switch (base) {
    case 'string': {
      const n = o.limit ?? 255;
      return { dataType: `varchar(${n})`, family: 'varchar', length: n };
    }
    case 'char':
      return { dataType: `char(${o.limit ?? 1})`, family: 'char', length: o.limit ?? 1 };
    case 'text': {
      const size = o.size ?? (o.limit === undefined ? undefined : o.limit <= 0xff ? 'tiny' : o.limit <= 0xffff ? undefined : o.limit <= 0xffffff ? 'medium' : 'long');
      return { dataType: `${size && size !== 'normal' ? size : ''}text`, family: 'text' };
    }
    case 'integer':
    case 'serial':
    case 'bigserial':
    case 'primary_key':
      if (base === 'primary_key' || base === 'bigserial') return u({ dataType: 'bigint', family: 'bigint' });
      if (o.limit === 1) return u({ dataType: 'tinyint', family: 'smallint' });
      if (o.limit === 2) return u({ dataType: 'smallint', family: 'smallint' });
      if (o.limit === 3) return u({ dataType: 'mediumint', family: 'integer' });
      if (o.limit !== undefined && o.limit > 4) return u({ dataType: 'bigint', family: 'bigint' });
      return u({ dataType: 'int', family: 'integer' });
    case 'bigint':
      return u({ dataType: 'bigint', family: 'bigint' });
    case 'float':
      return u(o.limit !== undefined && o.limit > 24 ? { dataType: 'double', family: 'float' } : { dataType: 'float', family: 'float' });
    case 'decimal': {
      const p = typeof o.precision === 'number' ? o.precision : 10;
      const s = o.scale ?? 0;
      return u({ dataType: `decimal(${p},${s})`, family: 'numeric', precision: p, scale: s });
    }
    case 'boolean':
      return { dataType: 'tinyint(1)', family: 'boolean' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'datetime':
    case 'timestamp': {
      const p = datetimePrecision(o, railsVersion);
      // DATETIME is a wall-clock reading; TIMESTAMP is kept in UTC and converted for the session: an instant.
      const name = base === 'timestamp' ? 'timestamp' : 'datetime';
      return { dataType: p ? `${name}(${p})` : name, family: base === 'timestamp' ? 'timestamptz' : 'timestamp' };
    }
    case 'time':
      return { dataType: typeof o.precision === 'number' && o.precision ? `time(${o.precision})` : 'time', family: 'time' };
    case 'json':
      return { dataType: 'json', family: 'json' };
    case 'binary':
    case 'blob': {
      if (base === 'binary' && o.limit !== undefined && o.limit <= 0xfff) return { dataType: `varbinary(${o.limit})`, family: 'bytea' };
      const size = o.size ?? (o.limit === undefined ? undefined : o.limit <= 0xff ? 'tiny' : o.limit <= 0xffff ? undefined : o.limit <= 0xffffff ? 'medium' : 'long');
      return { dataType: `${size && size !== 'normal' ? size : ''}blob`, family: 'bytea' };
    }
    case 'enum':
      return { dataType: 'enum', family: 'enum' };
    default:
      return { dataType: base, family: 'other' };
  }
}

function sqliteType(type: string, o: TypeOptions, railsVersion: number | undefined): PhysicalType {
  switch (type) {
    case 'string':
      return o.limit ? { dataType: `varchar(${o.limit})`, family: 'varchar', length: o.limit } : { dataType: 'varchar', family: 'varchar' };
    case 'text':
      return { dataType: 'text', family: 'text' };
    // An INTEGER PRIMARY KEY is the 64-bit rowid (family bigint); other integer columns are `integer`,
    // as the SQLite source reads them.
    case 'primary_key':
      return { dataType: 'integer', family: 'bigint' };
    case 'integer':
    case 'serial':
      return { dataType: 'integer', family: 'integer' };
    case 'bigint':
    case 'bigserial':
      return { dataType: 'bigint', family: 'bigint' };
    case 'float':
      return { dataType: 'float', family: 'float' };
    case 'decimal':
      return typeof o.precision === 'number'
        ? { dataType: `decimal(${o.precision},${o.scale ?? 0})`, family: 'numeric', precision: o.precision, scale: o.scale ?? 0 }
        : { dataType: 'decimal', family: 'numeric' };
    case 'boolean':
      return { dataType: 'boolean', family: 'boolean' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'datetime':
    case 'timestamp': {
      const p = datetimePrecision(o, railsVersion);
      return { dataType: p ? `datetime(${p})` : 'datetime', family: 'timestamp' };
    }
    case 'time':
      return { dataType: typeof o.precision === 'number' && o.precision ? `time(${o.precision})` : 'time', family: 'time' };
    case 'json':
      return { dataType: 'json', family: 'json' };
    case 'binary':
    case 'blob':
      return { dataType: 'blob', family: 'bytea' };
    default:
      return { dataType: type, family: 'other' };
  }
}

// ---- defaults ----

/** The type without its modifiers, as PostgreSQL writes it in a cast: `character varying(5)` → `character varying`. */
function castType(dataType: string): string {
  return dataType.replace(/\(\d+(,\d+)?\)/, '');
}

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A Ruby value as a PostgreSQL array literal body: `["a", "b"]` → `{a,b}`. */
function pgArrayBody(v: RValue): string | undefined {
  if (v.kind !== 'array') return undefined;
  const items: string[] = [];
  for (const item of v.items) {
    if (item.kind === 'array') {
      const inner = pgArrayBody(item);
      if (inner === undefined) return undefined;
      items.push(inner);
    } else if (item.kind === 'str' || item.kind === 'sym') {
      const s = item.value;
      items.push(s === '' || /[{},"\\\s]/.test(s) || s.toUpperCase() === 'NULL' ? `"${s.replace(/["\\]/g, '\\$&')}"` : s);
    } else if (item.kind === 'int' || item.kind === 'float') items.push(item.text);
    else if (item.kind === 'bool') items.push(item.value ? 't' : 'f');
    else if (item.kind === 'nil') items.push('NULL');
    else return undefined;
  }
  return `{${items.join(',')}}`;
}

/** A Ruby hash or array as JSON text, for json defaults; undefined when it holds code. */
function jsonOf(v: RValue): unknown {
  switch (v.kind) {
    case 'str':
    case 'sym':
      return v.value;
    case 'int':
    case 'float':
      return v.value;
    case 'bool':
      return v.value;
    case 'nil':
      return null;
    case 'array': {
      const items = v.items.map(jsonOf);
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case 'hash': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.entries) {
        const j = jsonOf(x);
        if (j === undefined) return undefined;
        out[k] = j;
      }
      return out;
    }
    default:
      return undefined;
  }
}

const NUMERIC = new Set<TypeFamily>(['smallint', 'integer', 'bigint', 'numeric', 'float', 'money']);

/**
 * The default as the engine prints it (`pg_get_expr` on PostgreSQL): `'draft'::character varying`,
 * `0`, `false`, `'{}'::jsonb`, or the SQL of a `-> { "now()" }` lambda as it is. Undefined for no default.
 */
export function defaultExpression(dialect: Dialect, value: RValue, column: Pick<Column, 'dataType' | 'family'>): string | undefined {
  if (value.kind === 'nil') return undefined;
  if (value.kind === 'lambda') return value.body && value.body.kind === 'str' ? value.body.value : value.text;
  if (value.kind === 'code') return value.text;
  const { dataType, family } = column;
  if (dialect !== 'postgres') {
    if (value.kind === 'bool') return value.value ? '1' : '0';
    if (value.kind === 'int' || value.kind === 'float') return value.text;
    if (value.kind === 'str' || value.kind === 'sym') return NUMERIC.has(family) && /^-?\d+(\.\d+)?$/.test(value.value) ? value.value : quoteLiteral(value.value);
    const j = jsonOf(value);
    return j === undefined ? undefined : quoteLiteral(JSON.stringify(j));
  }
  const cast = castType(dataType);
  if (family === 'array') {
    const body = pgArrayBody(value);
    return body === undefined ? undefined : `${quoteLiteral(body)}::${cast}`;
  }
  if (family === 'json' && (value.kind === 'hash' || value.kind === 'array')) {
    const j = jsonOf(value);
    return j === undefined ? undefined : `${quoteLiteral(JSON.stringify(j))}::${cast}`;
  }
  if (value.kind === 'bool') return family === 'boolean' ? String(value.value) : `${quoteLiteral(String(value.value))}::${cast}`;
  if (value.kind === 'int' || value.kind === 'float') {
    const text = value.text.replace(/^\+/, '');
    if (!NUMERIC.has(family)) return `${quoteLiteral(text)}::${cast}`;
    const tooBigForInt = value.kind === 'int' && Math.abs(value.value) > 2_147_483_647;
    return text.startsWith('-') || tooBigForInt ? `${quoteLiteral(text)}::${cast}` : text;
  }
  if (value.kind === 'str' || value.kind === 'sym') {
    const s = value.value;
    if (NUMERIC.has(family) && family !== 'money' && /^\d+(\.\d+)?$/.test(s)) return s;
    if (family === 'boolean' && /^(t|true|f|false)$/i.test(s)) return /^t/i.test(s) ? 'true' : 'false';
    return `${quoteLiteral(s)}::${cast}`;
  }
  return undefined;
}

// ---- names ----

const NAMEDATALEN = 64;

/**
 * PostgreSQL's makeObjectName: `name1_name2_label`, shortening the longer of the two names until the
 * whole fits in 63 bytes (how `accounts_id_seq` and `accounts_pkey` are chosen).
 */
export function pgObjectName(name1: string, name2: string | undefined, label: string): string {
  const overhead = (label ? label.length + 1 : 0) + (name2 ? 1 : 0);
  const avail = NAMEDATALEN - 1 - overhead;
  let n1 = Buffer.byteLength(name1);
  let n2 = name2 ? Buffer.byteLength(name2) : 0;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const clip = (s: string, bytes: number) => Buffer.from(s).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
  return `${clip(name1, n1)}${name2 ? `_${clip(name2, n2)}` : ''}${label ? `_${label}` : ''}`;
}

const sha10 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);

/** Rails' foreign key name when none is given: `fk_rails_` and 10 hex digits of SHA-256("<table>_<column>_fk"). */
export function railsForeignKeyName(table: string, columns: string[]): string {
  return `fk_rails_${sha10(`${table}_${columns.join('_and_')}_fk`)}`;
}

/** Rails' check constraint name when none is given: `chk_rails_` and SHA-256("<table>_<expression>_chk"). */
export function railsCheckName(table: string, expression: string): string {
  return `chk_rails_${sha10(`${table}_${expression}_chk`)}`;
}

/** Rails 7.1's unique constraint name when none is given. */
export function railsUniqueName(table: string, columns: string[]): string {
  return `uniq_rails_${sha10(`${table}_${columns.join('_and_')}_unique`)}`;
}

/**
 * Rails' index name when none is given: `index_<table>_on_<a>_and_<b>`; from Rails 7.1 a name over 62
 * bytes becomes `idx_on_<a>_<b>_<hash>`, cut to fit.
 */
export function railsIndexName(table: string, columns: string[] | string, railsVersion: number | undefined): string {
  const cols = Array.isArray(columns) ? columns : [columns];
  const name = `index_${table}_on_${cols.join('_and_')}`;
  if (railsVersion === undefined || railsVersion < 7.1 || Buffer.byteLength(name) <= 62) return name;
  const hashed = `_${sha10(name)}`;
  const short = `idx_on_${cols.join('_')}`;
  return `${Buffer.from(short).subarray(0, 62 - hashed.length).toString('utf8')}${hashed}`;
}

// ---- index key lists ----

/** Splits a key list at its top-level commas: `"account_id, lower((email)::text)"` → two parts. */
export function splitKeyList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

/**
 * One part of an index key list: a column (`email`, `"Email" DESC`, `name gin_trgm_ops`) or an
 * expression (`lower((name)::text) gin_trgm_ops`), without its operator class, collation and order.
 */
export function keyPartOf(part: string): { column: string | null; keyPart: string } {
  const s = part.trim();
  if (s.startsWith('"')) {
    let i = 1;
    let name = '';
    for (; i < s.length; i++) {
      if (s[i] === '"') {
        if (s[i + 1] === '"') {
          name += '"';
          i++;
        } else break;
      } else name += s[i];
    }
    return { column: name, keyPart: name };
  }
  let i = 0;
  while (i < s.length && /[A-Za-z0-9_$]/.test(s[i])) i++;
  const word = s.slice(0, i);
  let j = i;
  while (j < s.length && s[j] === ' ') j++;
  if (word && s[j] !== '(' && !/^\d/.test(word)) return { column: word, keyPart: word };
  // An expression: up to the parenthesis that closes the first one opened.
  let depth = 0;
  let quote = '';
  for (let k = 0; k < s.length; k++) {
    const ch = s[k];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return { column: null, keyPart: s.slice(0, k + 1) };
    }
  }
  return { column: null, keyPart: s };
}

/** `(domain IS NOT NULL)` → `domain IS NOT NULL`: PostgreSQL prints predicates without the outer parentheses. */
export function stripOuterParens(expr: string): string {
  let s = expr.trim();
  for (;;) {
    if (!s.startsWith('(') || !s.endsWith(')')) return s;
    let depth = 0;
    let quote = '';
    let closesAtEnd = true;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (quote) {
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '(') depth++;
      else if (ch === ')') {
        depth--;
        if (depth === 0 && i < s.length - 1) {
          closesAtEnd = false;
          break;
        }
      }
    }
    if (!closesAtEnd) return s;
    s = s.slice(1, -1).trim();
  }
}

/** Identifiers an SQL expression mentions outside string literals, in order, once each. */
export function identifiersIn(expr: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === "'" || ch === '"') {
      // A string literal ('…', '' inside) or a quoted identifier ("…", "" inside).
      let j = i + 1;
      let body = '';
      while (j < expr.length) {
        if (expr[j] === ch) {
          if (expr[j + 1] === ch) {
            body += ch;
            j += 2;
            continue;
          }
          break;
        }
        body += expr[j++];
      }
      if (ch === '"' && !out.includes(body)) out.push(body);
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < expr.length && /[A-Za-z0-9_$]/.test(expr[j])) j++;
      // Unquoted identifiers fold to lower case; `::text` is a cast, not a column.
      const word = expr.slice(i, j).toLowerCase();
      if (expr.slice(Math.max(0, i - 2), i) !== '::' && !out.includes(word)) out.push(word);
      i = j;
    } else i++;
  }
  return out;
}
