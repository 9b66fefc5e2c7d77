// A PostgreSQL type as libpg-query parses it (`TypeName`: names and modifiers) turned into the catalog's column
// type fields, printed the way the server prints it (format_type): `pg_catalog.int8` → `bigint`,
// `numeric(19,4)`, `character varying(20)`. Used by the sources that replay SQL text (Django RunSQL, Alembic
// op.execute) for ALTER COLUMN … TYPE and ADD COLUMN.
import type { Column } from '../../catalog/types.js';
import { typeFamily } from './introspect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type TypeNameNode = any;

/** How format_type prints a built-in type's internal name. */
const PRINTED: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
};

function modifiers(t: TypeNameNode): number[] | undefined {
  const mods: number[] = [];
  for (const m of t.typmods ?? []) {
    const c = m.A_Const;
    if (!c || !('ival' in c)) return undefined;
    mods.push(c.ival?.ival ?? 0);
  }
  return mods;
}

/** The column type fields of a parsed TypeName; undefined for what this does not print (arrays of, %TYPE…). */
export function columnType(t: TypeNameNode): Pick<Column, 'dataType' | 'family' | 'length' | 'precision' | 'scale'> | undefined {
  const names: string[] = (t?.names ?? []).map((n: TypeNameNode) => n.String?.sval).filter(Boolean);
  if (!names.length || t.pct_type) return undefined;
  const base = names[names.length - 1];
  const mods = modifiers(t);
  if (!mods) return undefined;
  const isArray = (t.arrayBounds ?? []).length > 0;
  const family = isArray ? 'array' : typeFamily(base, 'b', 'X');
  const printed = PRINTED[base] ?? (names.length > 1 && names[0] !== 'pg_catalog' ? names.join('.') : base);
  let dataType = printed;
  const out: Pick<Column, 'dataType' | 'family' | 'length' | 'precision' | 'scale'> = { dataType, family };
  if (mods.length) {
    if (base === 'timestamp' || base === 'timestamptz' || base === 'time' || base === 'timetz') {
      const [word, ...zone] = printed.split(' ');
      dataType = `${word}(${mods[0]}) ${zone.join(' ')}`;
    } else dataType = `${printed}(${mods.join(',')})`;
    if (family === 'varchar' || family === 'char') out.length = mods[0];
    if (family === 'numeric') {
      out.precision = mods[0];
      out.scale = mods[1] ?? 0;
    }
  }
  out.dataType = isArray ? `${dataType}[]` : dataType;
  return out;
}
