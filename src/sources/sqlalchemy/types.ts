// SQLAlchemy column types → the column PostgreSQL (or MySQL / SQLite) creates for them, printed as the engine
// prints it, with the catalog's type family. `sa.String(50)` → `character varying(50)`, `sa.DateTime(timezone=True)`
// → `timestamp with time zone`, `sa.Enum('a', 'b', name='x')` → the enum type `x`.
import type { Dialect, TypeFamily } from '../../catalog/types.js';
import { asCall, literal, named, shortName, stringValue, type Node } from './python.js';

export interface SaType {
  dataType: string;
  family: TypeFamily;
  length?: number;
  precision?: number;
  scale?: number;
  enumValues?: string[];
  /** PostgreSQL enum type name (sa.Enum(..., name=)). */
  enumName?: string;
  /** EncryptedType / StringEncryptedType: the application encrypts the value. */
  encrypted?: boolean;
  /** The Python name of the type as written, for messages. */
  written: string;
}

/** Resolves a Python enum class to its member names (what sa.Enum(PyEnum) stores by default). */
export type EnumResolver = (className: string) => { values: string[]; line: number } | undefined;

function num(n: Node | undefined | null): number | undefined {
  const v = literal(n);
  return typeof v === 'number' ? v : undefined;
}

/** Reads a type expression: `sa.Integer`, `sa.Integer()`, `String(50)`, `postgresql.JSONB(astext_type=…)`, `sa.Enum(…)`. */
export function readType(node: Node | null | undefined, dialect: Dialect, enums?: EnumResolver): SaType | undefined {
  if (!node) return undefined;
  const call = asCall(node);
  const name = call ? call.short : node.type === 'identifier' || node.type === 'attribute' ? shortName(node.text) : undefined;
  if (!name) return undefined;
  const args = call?.args ?? [];
  const kw = call?.kwargs ?? new Map<string, Node>();
  const written = node.text.length > 60 ? name : node.text;
  const t = (dataType: string, family: TypeFamily, extra: Partial<SaType> = {}): SaType => ({ dataType, family, written, ...extra });
  const pg = dialect === 'postgres';
  const my = dialect === 'mysql';
  const str = (fixed: boolean): SaType => {
    const length = num(kw.get('length') ?? args[0]);
    if (pg) return t(fixed ? `character(${length ?? 1})` : length ? `character varying(${length})` : 'character varying', fixed ? 'char' : 'varchar', length !== undefined ? { length } : {});
    if (my) return t(`${fixed ? 'char' : 'varchar'}(${length ?? 255})`, fixed ? 'char' : 'varchar', { length: length ?? 255 });
    return t(fixed ? 'char' : 'varchar', fixed ? 'char' : 'varchar', length !== undefined ? { length } : {});
  };
  switch (name) {
    case 'String':
    case 'VARCHAR':
    case 'Unicode':
    case 'NVARCHAR':
    case 'CITEXT':
      if (name === 'CITEXT') return t('citext', 'text');
      return str(false);
    case 'CHAR':
    case 'NCHAR':
      return str(true);
    case 'Text':
    case 'TEXT':
    case 'UnicodeText':
      return t('text', 'text');
    case 'Integer':
    case 'INTEGER':
    case 'INT':
      return t(pg ? 'integer' : my ? 'int' : 'integer', 'integer');
    case 'BigInteger':
    case 'BIGINT':
      return t(pg ? 'bigint' : my ? 'bigint' : 'integer', 'bigint');
    case 'SmallInteger':
    case 'SMALLINT':
      return t('smallint', 'smallint');
    case 'Numeric':
    case 'NUMERIC':
    case 'DECIMAL': {
      const precision = num(kw.get('precision') ?? args[0]);
      const scale = num(kw.get('scale') ?? args[1]);
      const base = pg ? 'numeric' : my ? 'decimal' : 'numeric';
      const dt = precision !== undefined ? `${base}(${precision},${scale ?? 0})` : my ? 'decimal(10,0)' : base;
      return t(dt, 'numeric', { ...(precision !== undefined ? { precision, scale: scale ?? 0 } : {}) });
    }
    case 'Float':
    case 'FLOAT':
    case 'Double':
    case 'DOUBLE':
    case 'DOUBLE_PRECISION':
      return t(pg ? 'double precision' : my ? (name === 'Float' || name === 'FLOAT' ? 'float' : 'double') : 'float', 'float');
    case 'REAL':
      return t('real', 'float');
    case 'Boolean':
    case 'BOOLEAN':
      return t(pg ? 'boolean' : my ? 'tinyint(1)' : 'boolean', 'boolean');
    case 'DateTime':
    case 'DATETIME':
    case 'TIMESTAMP': {
      const tz = literal(kw.get('timezone') ?? args[0]) === true;
      if (pg) return tz ? t('timestamp with time zone', 'timestamptz') : t('timestamp without time zone', 'timestamp');
      if (my) return name === 'TIMESTAMP' ? t('timestamp', 'timestamptz') : t('datetime', 'timestamp');
      return t('datetime', 'timestamp');
    }
    case 'Date':
    case 'DATE':
      return t('date', 'date');
    case 'Time':
    case 'TIME': {
      const tz = literal(kw.get('timezone') ?? args[0]) === true;
      return t(pg ? (tz ? 'time with time zone' : 'time without time zone') : 'time', 'time');
    }
    case 'Interval':
    case 'INTERVAL':
      return t(pg ? 'interval' : 'datetime', pg ? 'interval' : 'timestamp');
    case 'JSON':
      return t(pg ? 'json' : my ? 'json' : 'json', 'json');
    case 'JSONB':
      return t(pg ? 'jsonb' : 'json', 'json');
    case 'UUID':
    case 'Uuid':
    case 'UUIDType':
      return t(pg ? 'uuid' : 'char(32)', 'uuid', pg ? {} : { length: 32 });
    case 'LargeBinary':
    case 'BYTEA':
    case 'BLOB':
    case 'LargeBinaryType':
      return t(pg ? 'bytea' : 'blob', 'bytea');
    case 'INET':
    case 'CIDR':
    case 'IPAddressType':
      return pg ? t(name === 'CIDR' ? 'cidr' : 'inet', 'inet') : t('varchar(50)', 'varchar', { length: 50 });
    case 'MACADDR':
      return t('macaddr', 'other');
    case 'TSVECTOR':
      return t('tsvector', 'other');
    case 'MONEY':
      return t('money', 'money');
    case 'ARRAY': {
      const inner = readType(kw.get('item_type') ?? args[0], dialect, enums);
      return t(`${inner?.dataType ?? 'text'}[]`, 'array');
    }
    case 'Enum':
    case 'ENUM': {
      let values: string[] | undefined = [];
      for (const a of args) {
        const s = stringValue(a);
        if (s !== undefined) values.push(s);
        else if (a.type === 'identifier' || a.type === 'attribute') {
          const e = enums?.(shortName(a.text));
          if (e) values.push(...e.values);
          else values = undefined;
          break;
        } else if (a.type === 'list_splat') {
          values = undefined;
          break;
        }
      }
      const enumName = stringValue(kw.get('name'));
      const native = literal(kw.get('native_enum')) !== false;
      if (!pg || !native) {
        const len = Math.max(1, ...(values ?? []).map((v) => v.length));
        if (my && native) return t(`enum(${(values ?? []).map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`, 'enum', values ? { enumValues: values } : {});
        return t(pg ? `character varying(${len})` : `varchar(${len})`, 'varchar', { length: len, ...(values ? { enumValues: values } : {}) });
      }
      return t(enumName ?? 'enum', 'enum', { ...(values ? { enumValues: values } : {}), ...(enumName ? { enumName } : {}) });
    }
    case 'EncryptedType':
    case 'StringEncryptedType':
    case 'AesEngine': {
      // sqlalchemy_utils: StringEncryptedType stores the ciphertext as a string, EncryptedType as binary.
      if (name === 'StringEncryptedType') {
        const length = num(kw.get('length'));
        return { ...t(pg ? (length ? `character varying(${length})` : 'character varying') : `varchar(${length ?? 255})`, 'varchar', length ? { length } : {}), encrypted: true };
      }
      return { ...t(pg ? 'bytea' : 'blob', 'bytea'), encrypted: true };
    }
    default:
      return undefined;
  }
}

/** The column type SQLAlchemy 2.0 derives from a `Mapped[...]` annotation's Python type (default type_annotation_map). */
export function typeFromAnnotation(pyType: string, dialect: Dialect, enums?: EnumResolver): SaType | undefined {
  const pg = dialect === 'postgres';
  const t = (dataType: string, family: TypeFamily): SaType => ({ dataType, family, written: pyType });
  switch (pyType) {
    case 'str':
      return t(pg ? 'character varying' : 'varchar(255)', 'varchar');
    case 'int':
      return t(pg ? 'integer' : 'int', 'integer');
    case 'float':
      return t(pg ? 'double precision' : 'float', 'float');
    case 'bool':
      return t(pg ? 'boolean' : 'tinyint(1)', 'boolean');
    case 'Decimal':
    case 'decimal.Decimal':
      return t('numeric', 'numeric');
    case 'datetime':
    case 'datetime.datetime':
      return t(pg ? 'timestamp without time zone' : 'datetime', 'timestamp');
    case 'date':
    case 'datetime.date':
      return t('date', 'date');
    case 'time':
    case 'datetime.time':
      return t(pg ? 'time without time zone' : 'time', 'time');
    case 'timedelta':
    case 'datetime.timedelta':
      return t(pg ? 'interval' : 'datetime', pg ? 'interval' : 'timestamp');
    case 'bytes':
      return t(pg ? 'bytea' : 'blob', 'bytea');
    case 'UUID':
    case 'uuid.UUID':
      return t(pg ? 'uuid' : 'char(32)', 'uuid');
    case 'dict':
    case 'list':
      return undefined;
    default: {
      const e = enums?.(shortName(pyType));
      if (e) {
        // SQLAlchemy names the type after the class, lowercased.
        const enumName = shortName(pyType).toLowerCase();
        return pg ? { dataType: enumName, family: 'enum', enumValues: e.values, enumName, written: pyType } : { dataType: 'varchar(255)', family: 'varchar', enumValues: e.values, written: pyType };
      }
      return undefined;
    }
  }
}

/** `Mapped[Optional[X]]`, `Mapped[X | None]`, `Mapped[X]` → the inner type text and whether None is allowed. */
export function unwrapMapped(annotation: Node | null | undefined): { inner?: string; optional: boolean; mapped: boolean } {
  if (!annotation) return { optional: false, mapped: false };
  let n: Node | null | undefined = annotation.type === 'type' ? named(annotation)[0] : annotation;
  if (!n) return { optional: false, mapped: false };
  let mapped = false;
  if (n.type === 'generic_type' || n.type === 'subscript') {
    const head = n.type === 'generic_type' ? named(n)[0]?.text : n.childForFieldName('value')?.text;
    if (head && shortName(head) === 'Mapped') {
      mapped = true;
      n = typeArgs(n)[0];
    }
  }
  let optional = false;
  const peel = (x: Node | undefined | null): Node | undefined | null => {
    if (!x) return x;
    if (x.type === 'type') return peel(named(x)[0]);
    if (x.type === 'generic_type' || x.type === 'subscript') {
      const head = x.type === 'generic_type' ? named(x)[0]?.text : x.childForFieldName('value')?.text;
      if (head && shortName(head) === 'Optional') {
        optional = true;
        return peel(typeArgs(x)[0]);
      }
      if (head && shortName(head) === 'Union') {
        const parts = typeArgs(x);
        const rest = parts.filter((p) => p.text !== 'None');
        if (rest.length < parts.length) optional = true;
        return peel(rest[0]);
      }
    }
    if (x.type === 'binary_operator') {
      const l = x.childForFieldName('left');
      const r = x.childForFieldName('right');
      if (r?.text === 'None') {
        optional = true;
        return peel(l);
      }
      if (l?.text === 'None') {
        optional = true;
        return peel(r);
      }
    }
    return x;
  };
  const inner = peel(n);
  const text = inner?.text.replace(/^["']|["']$/g, '');
  return { inner: text, optional, mapped };
}

function typeArgs(n: Node): Node[] {
  if (n.type === 'generic_type') {
    const tp = named(n).find((c) => c.type === 'type_parameter');
    return tp ? named(tp) : [];
  }
  const sub = n.childForFieldName('subscript');
  if (!sub) return [];
  return sub.type === 'tuple' ? named(sub) : [sub];
}
