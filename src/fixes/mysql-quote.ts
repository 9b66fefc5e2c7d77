// Quoting for the MySQL / MariaDB fix writer. Identifiers are always written in backticks (as SHOW
// CREATE TABLE does), so reserved words, spaces and mixed case never need a keyword list; literals
// are single-quoted.

/** An identifier in backticks, inner backticks doubled: `Order Items` → `` `Order Items` ``, a`b → `` `a``b` ``. */
export function mysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** `db`.`name`; just `name` when the database is not known (the statement then runs in the current one). */
export function mysqlQualify(schema: string | undefined, name: string): string {
  return schema ? `${mysqlIdent(schema)}.${mysqlIdent(name)}` : mysqlIdent(name);
}

/**
 * A string literal: single quotes doubled and backslashes doubled, which reads back unchanged under
 * the default sql_mode (backslash is an escape character unless NO_BACKSLASH_ESCAPES is set).
 */
export function mysqlLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** MySQL's identifier limit: 64 characters (not bytes). */
export const MYSQL_MAX_IDENT_CHARS = 64;

/** A name cut to 64 characters, as the server would refuse a longer one. */
export function mysqlClipName(name: string): string {
  const chars = [...name];
  return chars.length <= MYSQL_MAX_IDENT_CHARS ? name : chars.slice(0, MYSQL_MAX_IDENT_CHARS).join('');
}
