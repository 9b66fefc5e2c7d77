// MySQL / MariaDB column types: one canonical spelling and a type family, shared by the DDL and the
// live source so both describe a column the same way. The canonical spelling is MySQL 8's
// (`bigint unsigned`, not MariaDB's `bigint(20) unsigned`: integer display widths are dropped,
// except tinyint(1), the conventional boolean).
import type { Column, TypeFamily } from '../../catalog/types.js';

export type TypeInfo = Pick<Column, 'dataType' | 'family' | 'length' | 'precision' | 'scale' | 'unsigned' | 'enumValues'>;

const ALIASES: Record<string, string> = {
  integer: 'int',
  int4: 'int',
  int1: 'tinyint',
  int2: 'smallint',
  int3: 'mediumint',
  middleint: 'mediumint',
  int8: 'bigint',
  bool: 'tinyint',
  boolean: 'tinyint',
  dec: 'decimal',
  numeric: 'decimal',
  fixed: 'decimal',
  real: 'double',
  float4: 'float',
  float8: 'double',
  'double precision': 'double',
  'character varying': 'varchar',
  'char varying': 'varchar',
  'national varchar': 'varchar',
  'national char': 'char',
  nvarchar: 'varchar',
  nchar: 'char',
  character: 'char',
  'long varchar': 'mediumtext',
  long: 'mediumtext',
  'long varbinary': 'mediumblob',
};

const INTEGERS = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);

/** Splits `enum('a','b''c')` arguments into values. */
export function enumValuesOf(args: string): string[] {
  const values: string[] = [];
  const re = /'((?:[^'\\]|\\.|'')*)'|"((?:[^"\\]|\\.|"")*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(args))) {
    const raw = m[1] ?? m[2];
    values.push(raw.replace(/''/g, "'").replace(/""/g, '"').replace(/\\(.)/g, '$1'));
  }
  return values;
}

const quoteValue = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Describes a column type written as MySQL prints it in information_schema.COLUMNS.COLUMN_TYPE or as
 * a DDL spells it: `int(11) unsigned`, `tinyint(1)`, `enum('a','b')`, `decimal(12,2)`, `json`.
 */
export function describeType(raw: string): TypeInfo {
  const text = raw.trim();
  const m = /^([A-Za-z][A-Za-z0-9_]*(?:\s+(?:precision|varying|varchar|char|varbinary))?)\s*(\((.*)\))?\s*(.*)$/is.exec(text);
  if (!m) return { dataType: text.toLowerCase(), family: 'other' };
  let base = m[1].toLowerCase().replace(/\s+/g, ' ');
  const args = m[3];
  const rest = (m[4] ?? '').toLowerCase();
  const wasBool = base === 'bool' || base === 'boolean';
  base = ALIASES[base] ?? base;
  const unsigned = /\bunsigned\b/.test(rest);
  const zerofill = /\bzerofill\b/.test(rest);
  const suffix = `${unsigned || zerofill ? ' unsigned' : ''}${zerofill ? ' zerofill' : ''}`;

  if (base === 'enum' || base === 'set') {
    const values = enumValuesOf(args ?? '');
    const dataType = `${base}(${values.map(quoteValue).join(',')})`;
    return base === 'enum' ? { dataType, family: 'enum', enumValues: values } : { dataType, family: 'other' };
  }
  const nums = (args ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d+$/.test(s))
    .map(Number);

  if (INTEGERS.has(base)) {
    const width = wasBool ? 1 : nums[0];
    if (base === 'tinyint' && width === 1 && !unsigned && !zerofill) return { dataType: 'tinyint(1)', family: 'boolean' };
    const family: TypeFamily = base === 'bigint' ? 'bigint' : base === 'int' || base === 'mediumint' ? 'integer' : 'smallint';
    return { dataType: `${base}${suffix}`, family, ...(unsigned || zerofill ? { unsigned: true } : {}) };
  }
  if (base === 'decimal') {
    const precision = nums[0] ?? 10;
    const scale = nums[1] ?? 0;
    return { dataType: `decimal(${precision},${scale})${suffix}`, family: 'numeric', precision, scale, ...(unsigned || zerofill ? { unsigned: true } : {}) };
  }
  if (base === 'float' || base === 'double') {
    // float(p) with p > 24 is a double.
    const b = base === 'float' && nums.length === 1 && nums[0] > 24 ? 'double' : base;
    const a = nums.length === 2 ? `(${nums[0]},${nums[1]})` : '';
    return { dataType: `${b}${a}${suffix}`, family: 'float', ...(unsigned || zerofill ? { unsigned: true } : {}) };
  }
  if (base === 'char' || base === 'varchar') {
    const length = nums[0] ?? (base === 'char' ? 1 : undefined);
    return { dataType: length !== undefined ? `${base}(${length})` : base, family: base, ...(length !== undefined ? { length } : {}) };
  }
  if (base === 'binary' || base === 'varbinary') {
    const length = nums[0] ?? (base === 'binary' ? 1 : undefined);
    return { dataType: length !== undefined ? `${base}(${length})` : base, family: 'bytea', ...(length !== undefined ? { length } : {}) };
  }
  if (base === 'bit') {
    const width = nums[0] ?? 1;
    return { dataType: `bit(${width})`, family: width === 1 ? 'boolean' : 'other' };
  }
  const withArgs = (b: string) => (nums.length ? `${b}(${nums.join(',')})` : b);
  switch (base) {
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return { dataType: base, family: 'text' };
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return { dataType: base, family: 'bytea' };
    case 'date':
      return { dataType: 'date', family: 'date' };
    case 'time':
      return { dataType: withArgs('time'), family: 'time' };
    // DATETIME is a wall-clock reading; TIMESTAMP is stored in UTC and converted to and from the
    // session time zone: an instant.
    case 'datetime':
      return { dataType: withArgs('datetime'), family: 'timestamp' };
    case 'timestamp':
      return { dataType: withArgs('timestamp'), family: 'timestamptz' };
    case 'year':
      return { dataType: 'year', family: 'other' };
    case 'json':
      return { dataType: 'json', family: 'json' };
    case 'uuid':
      return { dataType: 'uuid', family: 'uuid' };
    case 'inet4':
    case 'inet6':
      return { dataType: base, family: 'inet' };
    default:
      return { dataType: withArgs(base) + suffix, family: 'other' };
  }
}

/** MariaDB stores JSON as LONGTEXT with a column check `json_valid(col)`: this is that check. */
export function isJsonValidCheck(expression: string, column: string): boolean {
  const e = expression.replace(/\s+/g, '').toLowerCase();
  const c = column.toLowerCase();
  return e === `json_valid(\`${c}\`)` || e === `json_valid(${c})` || e === `(json_valid(\`${c}\`))` || e === `(json_valid(${c}))`;
}
