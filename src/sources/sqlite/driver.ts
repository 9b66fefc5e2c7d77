// better-sqlite3 is an optional dependency (it compiles native code at install, which may fail), so it
// is required lazily, only when a SQLite source is read, and a missing or broken build is one line
// telling the user what to install, not a stack trace.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { UsageError } from '../../errors.js';

export type SqliteDatabase = BetterSqlite3.Database;
type DatabaseConstructor = typeof BetterSqlite3;

const drivers = new Map<string, DatabaseConstructor>();

/**
 * The better-sqlite3 constructor. The native addon loads on the first `new Database()`, not on
 * `require`, so an in-memory database is opened once here to find a broken build early.
 * `moduleName` exists for tests.
 */
export function sqliteDriver(moduleName = 'better-sqlite3'): DatabaseConstructor {
  const known = drivers.get(moduleName);
  if (known) return known;
  let Database: DatabaseConstructor;
  try {
    Database = createRequire(import.meta.url)(moduleName) as DatabaseConstructor;
    new Database(':memory:').close();
  } catch (err) {
    const reason = ((err as Error).message ?? String(err)).split('\n')[0];
    throw new UsageError(
      `SQLite support needs the optional package better-sqlite3, which could not be loaded (${reason}): ` +
        `install it with \`npm install better-sqlite3\` (it builds from source when no prebuilt binary fits; that needs python3, make and a C++ compiler)`,
    );
  }
  drivers.set(moduleName, Database);
  return Database;
}
