// Quoting for the PostgreSQL fix writer: identifiers written bare only when PostgreSQL would read
// them back unchanged, literals always escaped, and object names cut to the 63-byte limit the same
// way every time.
import { createHash } from 'node:crypto';

/**
 * PostgreSQL's keywords that are not "unreserved" (reserved, column-name and type-function-name
 * keywords): `SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'` on PostgreSQL 18. These are
 * exactly the keywords `quote_ident()` quotes. Older servers have fewer keywords; quoting one more
 * name than needed is harmless, while leaving a keyword bare is a syntax error.
 */
const KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast ' +
    'char character check coalesce collate collation column concurrently constraint create cross current_catalog ' +
    'current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable ' +
    'desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group ' +
    'grouping having ilike in initially inner inout int integer intersect interval into is isnull join json json_array ' +
    'json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value ' +
    'lateral leading least left like limit localtime localtimestamp merge_action national natural nchar none normalize ' +
    'not notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision ' +
    'primary real references returning right row select session_user setof similar smallint some substring symmetric ' +
    'system_user table tablesample then time timestamp to trailing treat trim true union unique user using values ' +
    'varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest ' +
    'xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

/** Whether `word` is a keyword PostgreSQL does not accept as a bare identifier everywhere. */
export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word);
}

/**
 * An identifier as PostgreSQL's `quote_ident()` writes it: bare when it is lower-case ASCII letters,
 * digits and `_` (not starting with a digit) and not a keyword; otherwise in double quotes with
 * inner double quotes doubled. `Order Items` → `"Order Items"`, `select` → `"select"`, `a"b` → `"a""b"`.
 */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, each part quoted; just the name when there is no schema. */
export function qualify(schema: string | undefined, name: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

/**
 * A string literal. Single quotes are doubled; a value with a backslash is written as an escape
 * string (`E'a\\b'`) so it means the same whatever `standard_conforming_strings` says.
 */
export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** The longest prefix of `text` that fits in `bytes` UTF-8 bytes without splitting a character. */
function clip(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** PostgreSQL's identifier limit (NAMEDATALEN − 1). */
export const MAX_IDENT_BYTES = 63;

/**
 * A name cut as PostgreSQL cuts it (63 bytes, on a character boundary). Used for names a rule
 * chose, so that the SQL shown is the name the server will store.
 */
export function clipName(name: string): string {
  return Buffer.byteLength(name) <= MAX_IDENT_BYTES ? name : clip(name, MAX_IDENT_BYTES);
}

/**
 * An object name made of parts and a suffix, PostgreSQL style (`orders_customer_id_idx`). When it
 * is longer than 63 bytes, the parts are cut and 8 hex digits of a hash of the full name are put
 * before the suffix, so two long names that share their beginning still differ, and the same input
 * always gives the same name.
 */
export function objectName(parts: string[], suffix: string): string {
  const full = [...parts.filter(Boolean), suffix].join('_');
  if (Buffer.byteLength(full) <= MAX_IDENT_BYTES) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8);
  const tail = `_${hash}_${suffix}`;
  const room = MAX_IDENT_BYTES - Buffer.byteLength(tail);
  if (room <= 0) return clip(`${hash}_${suffix}`, MAX_IDENT_BYTES);
  return `${clip(parts.filter(Boolean).join('_'), room).replace(/_+$/, '')}${tail}`;
}
