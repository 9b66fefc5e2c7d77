// SQLite sources: a database file (read-only) and SQLite DDL (run in an in-memory database).
// better-sqlite3 is an optional dependency, loaded only when one of these runs (driver.ts).
export { detectSqliteFile, loadSqliteFile, type SqliteFileOptions } from './file.js';
export { loadSqliteDdl, loadSqliteDdlFiles, type SqliteDdlOptions } from './ddl.js';
