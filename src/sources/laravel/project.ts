// What a Laravel project says about itself outside its migrations: which database connection it uses (`.env`, read
// as the dotenv key=value file it is, then config/database.php), which Laravel version it requires (composer.json),
// and where its migration folders are (the app's own, nwidart modules, local packages).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Driver } from './columns.js';

export interface EnvEntry {
  value: string;
  line: number;
}

/** Parses a dotenv file: `KEY=value`, `export KEY=value`, quotes, `#` comments. Values are never expanded. */
export function parseDotenv(text: string): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) return;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) value = value.slice(1, value.indexOf(q, 1));
    else value = value.replace(/\s+#.*$/, '').trim();
    out.set(m[1], { value, line: i + 1 });
  });
  return out;
}

const DRIVERS: Record<string, Driver> = {
  mysql: 'mysql',
  mariadb: 'mariadb',
  pgsql: 'pgsql',
  postgres: 'pgsql',
  postgresql: 'pgsql',
  sqlite: 'sqlite',
  sqlsrv: 'sqlsrv',
};

export interface ConnectionChoice {
  /** The connection name (`mysql`, `pgsql`, a custom one). */
  name: string;
  driver: Driver;
  /** Where the choice came from, for the report: `.env:12`, `config/database.php:19`, `default`. */
  from: { file: string; line: number } | 'default' | 'option';
  database?: string;
  /** DB_CONNECTION named a connection whose driver could not be told. */
  unknown?: string;
}

/** What config/database.php says (read with the PHP parser): the default's env fallback and each connection's driver. */
export interface DatabaseConfig {
  file: string;
  defaultName?: string;
  defaultLine?: number;
  drivers: Map<string, string>;
}

/**
 * The connection the migrations run on. `.env` decides as in Laravel; without one (it is rarely committed) the
 * `.env.example` the project ships, then the fallback of `'default' => env('DB_CONNECTION', '…')` in
 * config/database.php, then MySQL. A custom connection name is resolved through config/database.php's `'driver'`.
 */
export function chooseConnection(root: string, shown: (p: string) => string, config?: DatabaseConfig): ConnectionChoice {
  const driverOf = (name: string): Driver | undefined => {
    const configured = config?.drivers.get(name);
    if (configured) return DRIVERS[configured];
    return DRIVERS[name];
  };
  for (const file of ['.env', '.env.example']) {
    const text = readIf(join(root, file));
    if (!text) continue;
    const env = parseDotenv(text);
    const conn = env.get('DB_CONNECTION');
    if (!conn || !conn.value) continue;
    const driver = driverOf(conn.value);
    const database = env.get('DB_DATABASE')?.value || undefined;
    const from = { file: shown(join(root, file)), line: conn.line };
    if (!driver) return { name: conn.value, driver: 'mysql', from, database, unknown: conn.value };
    return { name: conn.value, driver, from, ...(database ? { database } : {}) };
  }
  if (config?.defaultName) {
    const driver = driverOf(config.defaultName);
    const from = { file: config.file, line: config.defaultLine ?? 1 };
    return driver ? { name: config.defaultName, driver, from } : { name: config.defaultName, driver: 'mysql', from, unknown: config.defaultName };
  }
  return { name: 'mysql', driver: 'mysql', from: 'default' };
}

/** The major version of laravel/framework that composer.json requires (the lowest one a constraint allows). */
export function laravelMajor(root: string): number | undefined {
  const text = readIf(join(root, 'composer.json'));
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as { require?: Record<string, string> };
    const c = json.require?.['laravel/framework'];
    const m = c ? /(\d+)/.exec(c) : null;
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Migration folders in the order Laravel's migrator would know them; the files are then run in file-name order across
 * all of them, as the migrator does. Modules (nwidart/laravel-modules: `Modules/*\/Database/Migrations`, or
 * `database/migrations` in v11) and local packages (`packages/*\/database/migrations`, `packages/vendor/name/…`).
 */
export function migrationFolders(root: string): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    if (isDir(p) && !out.includes(p)) out.push(p);
  };
  add(join(root, 'database', 'migrations'));
  for (const mod of subdirs(join(root, 'Modules'))) {
    add(join(mod, 'Database', 'Migrations'));
    add(join(mod, 'database', 'migrations'));
  }
  for (const pkg of subdirs(join(root, 'packages'))) {
    add(join(pkg, 'database', 'migrations'));
    for (const inner of subdirs(pkg)) add(join(inner, 'database', 'migrations'));
  }
  return out;
}

/** The migration files of those folders, sorted by file name as Laravel's migrator sorts them. */
export function migrationFiles(folders: string[]): string[] {
  const files: string[] = [];
  for (const dir of folders) {
    // Laravel's migrator globs `*_*.php` in each folder, without descending into subfolders.
    for (const f of readdirSync(dir)) if (/_.*\.php$/.test(f) && statSync(join(dir, f)).isFile()) files.push(join(dir, f));
  }
  return files.sort((a, b) => {
    const x = basename(a, '.php');
    const y = basename(b, '.php');
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** A squashed schema (`php artisan schema:dump`) that Laravel loads before running the remaining migrations. */
export function schemaDumps(root: string): string[] {
  const dir = join(root, 'database', 'schema');
  if (!isDir(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /-schema\.(sql|dump)$/.test(f))
    .map((f) => join(dir, f));
}

function subdirs(dir: string): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((f) => join(dir, f))
    .filter(isDir);
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function readIf(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
