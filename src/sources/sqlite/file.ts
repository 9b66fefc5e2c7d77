// SQLite database file source: opens the file read-only (it must exist: nothing is ever created or
// written) and reads its schema with introspect.ts. Every object is named by its catalog identity
// (`table main.users`), since a database file has no lines to point at.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Catalog } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { loadParser } from '../postgres/statements.js';
import { sqliteDriver, type SqliteDatabase } from './driver.js';
import { introspect } from './introspect.js';

/** The 16 bytes every SQLite 3 database file starts with. */
const HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const EXTENSIONS = new Set(['.sqlite', '.sqlite3', '.db', '.db3']);

export interface SqliteFileOptions {
  /** Review only these schemas (`main`). */
  schemas?: string[];
}

/** The first bytes of a file (fewer when it is shorter), or undefined when it cannot be read as a file. */
function head(path: string, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return undefined;
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether `path` is meant as a SQLite database: a file that starts with the SQLite header, or one
 * named `.sqlite`, `.sqlite3`, `.db` or `.db3` (loading such a file that is not SQLite then says so).
 */
export function detectSqliteFile(path: string): boolean {
  const bytes = head(path, HEADER.length);
  if (!bytes) return false;
  return bytes.equals(HEADER) || EXTENSIONS.has(extname(path).toLowerCase());
}

export async function loadSqliteFile(path: string, opts: SqliteFileOptions = {}): Promise<Catalog> {
  const bytes = head(path, HEADER.length);
  if (!bytes) throw new UsageError(`${path}: no such file`);
  if (bytes.length === 0) throw new UsageError(`${path}: the file is empty, not a SQLite database`);
  if (!bytes.equals(HEADER)) throw new UsageError(`${path}: not a SQLite database (the file does not start with "SQLite format 3")`);
  const Database = sqliteDriver();
  await loadParser();
  let db: SqliteDatabase;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new UsageError(`${path}: cannot open the SQLite database (${(err as Error).message})`);
  }
  try {
    // Read-only already; query_only also refuses writes through anything the connection runs.
    db.pragma('query_only = ON');
    const found = introspect(db, { schemas: opts.schemas });
    return {
      source: { kind: 'sqlite-file', location: path, dialect: 'sqlite', serverVersion: found.serverVersion, files: [path] },
      schemas: found.schemas,
      tables: found.tables,
      functions: [],
      enums: [],
      sequences: found.sequences,
      hasLiveStats: false,
      warnings: found.warnings,
      ...(found.app ? { app: found.app } : {}),
      enforcement: { foreignKeysEnforced: false },
    };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // A damaged file, or a schema this SQLite cannot read.
    const code = (err as { code?: string }).code;
    if (code && code.startsWith('SQLITE_')) throw new UsageError(`${path}: cannot read the SQLite database (${(err as Error).message})`);
    throw err;
  } finally {
    db.close();
  }
}
