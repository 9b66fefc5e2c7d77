// Type names in one spelling per dialect, so that `varchar(7)` and `character varying(7)`, `int4` and
// `integer` compare equal. Shared by the fix writers.
import type { Dialect } from '../catalog/types.js';

/** A type name in one spelling per dialect, so `varchar(7)` and `character varying(7)`, `int4` and `integer` compare equal. */
export function normalType(dialect: Dialect, type: string): string {
  let t = type.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')');
  if (dialect === 'postgres') {
    const alias: Record<string, string> = {
      int: 'integer',
      int4: 'integer',
      int2: 'smallint',
      int8: 'bigint',
      float8: 'double precision',
      float4: 'real',
      bool: 'boolean',
      timestamptz: 'timestamp with time zone',
      timestamp: 'timestamp without time zone',
      timetz: 'time with time zone',
      time: 'time without time zone',
      decimal: 'numeric',
    };
    if (alias[t]) return alias[t];
    t = t
      .replace(/^varchar\b/, 'character varying')
      .replace(/^char\b/, 'character')
      .replace(/^decimal\b/, 'numeric')
      .replace(/^timestamptz\((\d+)\)$/, 'timestamp($1) with time zone')
      .replace(/^timestamp\((\d+)\)$/, 'timestamp($1) without time zone')
      .replace(/^timetz\((\d+)\)$/, 'time($1) with time zone')
      .replace(/^time\((\d+)\)$/, 'time($1) without time zone');
    return t;
  }
  if (dialect === 'mysql') {
    // Display widths are not part of the type (MySQL 8.0.17+ drops them), but tinyint(1) is MySQL's boolean.
    return t === 'tinyint(1)' ? t : t.replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, '$1').replace(/^integer\b/, 'int').replace(/^boolean$|^bool$/, 'tinyint(1)');
  }
  return t;
}
