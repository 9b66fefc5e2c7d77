// Declared SQLite column types → the catalog's type families.
//
// SQLite stores values by storage class (NULL, INTEGER, REAL, TEXT, BLOB), and a column's declared type
// only gives it an *affinity*, by the rules of https://sqlite.org/datatype3.html §3.1, in this order:
//   1. the type contains "INT"                    → INTEGER   (so "POINT" and "FLOATING POINT" are INTEGER)
//   2. it contains "CHAR", "CLOB" or "TEXT"       → TEXT
//   3. it contains "BLOB", or there is no type    → BLOB
//   4. it contains "REAL", "FLOA" or "DOUB"       → REAL
//   5. anything else                              → NUMERIC  (DECIMAL, BOOLEAN, DATETIME, and also "STRING")
// The family follows the affinity, refined where the declared name states an intent that the
// affinity stores faithfully: BOOLEAN (0/1 in a NUMERIC column), DATE/DATETIME/TIMESTAMP/TIME (text
// or numbers: SQLite has no date type), JSON (text), UUID.
import type { TypeFamily } from '../../catalog/types.js';

export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

export function affinityOf(declared: string): Affinity {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** The declared type's name without its size: `VARCHAR(255)` → `VARCHAR`, `unsigned big int` → `UNSIGNED BIG INT`. */
function baseName(declared: string): string {
  return declared.replace(/\(.*$/s, '').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** Families of date/time names; matched on the whole base name, before the affinity rules. */
const TEMPORAL: Record<string, TypeFamily> = {
  DATE: 'date',
  DATETIME: 'timestamp',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITHOUT TIME ZONE': 'timestamp',
  TIMESTAMPTZ: 'timestamptz',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  TIME: 'time',
};

/**
 * The family of a column's declared type. `rowidAlias` marks an INTEGER PRIMARY KEY of a rowid table:
 * the column *is* the 64-bit rowid, so it is `bigint`. Other integer columns are `integer` (SQLite
 * stores every integer in up to 8 bytes, whatever the declared name; a declared BIGINT or INT8 says
 * 64 bits and is `bigint`).
 */
export function familyOf(declared: string, rowidAlias = false): TypeFamily {
  if (rowidAlias) return 'bigint';
  const base = baseName(declared);
  if (base === 'BOOLEAN' || base === 'BOOL') return 'boolean';
  if (TEMPORAL[base]) return TEMPORAL[base];
  if (base === 'JSON' || base === 'JSONB') return 'json';
  if (base === 'UUID') return 'uuid';
  switch (affinityOf(declared)) {
    case 'INTEGER':
      return /\bBIGINT\b|\bINT8\b/.test(base) ? 'bigint' : 'integer';
    case 'TEXT':
      return 'text';
    case 'BLOB':
      return base === '' ? 'other' : 'bytea';
    case 'REAL':
      return 'float';
    case 'NUMERIC':
      return 'numeric';
  }
}

/** Whether the family stands for a date or time that SQLite actually keeps as TEXT, REAL or INTEGER. */
export function isTemporal(family: TypeFamily): boolean {
  return family === 'date' || family === 'time' || family === 'timestamp' || family === 'timestamptz';
}
