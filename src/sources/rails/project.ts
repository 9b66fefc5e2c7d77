// Where a Rails application keeps its schema: `db/schema.rb` (the Ruby dump) or `db/structure.sql`
// (the SQL dump, for `config.active_record.schema_format = :sql`), and which database adapter
// `config/database.yml` names.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Dialect } from '../../catalog/types.js';

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};
const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** A target's Rails schema files: `schema.rb` and `structure.sql`, where they exist. */
export interface RailsLayout {
  /** The application's root (the folder holding `db/`), when the target lets us tell. */
  root?: string;
  schemaRb?: string;
  structureSql?: string;
}

/**
 * Reads a target the way a person would point at a Rails application: its root folder, its `db/`
 * folder, or one schema file. A `*schema.rb` file (`schema.rb`, `queue_schema.rb`…) is taken as it is.
 */
export function railsLayout(target: string): RailsLayout | undefined {
  if (isFile(target)) {
    const name = basename(target);
    const db = dirname(target);
    const root = basename(db) === 'db' ? dirname(db) : undefined;
    if (name.endsWith('schema.rb')) return { root, schemaRb: target };
    if (name === 'structure.sql' && root !== undefined) return { root, structureSql: target };
    return undefined;
  }
  if (!isDir(target)) return undefined;
  // The application's root, or its `db/` folder. Any other folder counts only with a schema.rb in it:
  // a structure.sql among other .sql files is more likely a folder of migrations than a Rails app.
  const isDbFolder = basename(target) === 'db';
  for (const [db, root, sqlCounts] of [
    [join(target, 'db'), target, true],
    [target, isDbFolder ? dirname(target) : undefined, isDbFolder],
  ] as const) {
    const schemaRb = join(db, 'schema.rb');
    const structureSql = join(db, 'structure.sql');
    const layout: RailsLayout = { root };
    if (isFile(schemaRb)) layout.schemaRb = schemaRb;
    if (isFile(structureSql) && (sqlCounts || layout.schemaRb)) layout.structureSql = structureSql;
    if (layout.schemaRb || layout.structureSql) return layout;
  }
  return undefined;
}

/** Whether the target is a Rails application, its `db/` folder, or a Rails schema file. */
export function detectRails(target: string): boolean {
  return railsLayout(target) !== undefined;
}

/**
 * The `structure.sql` to read when the application's schema lives there: the PostgreSQL DDL source
 * reads it. Undefined when `schema.rb` is the one to read, or there is no Rails schema.
 *
 * When both files exist, the one with the newer migration version is current (the other is a
 * leftover from before `schema_format` changed); on a tie, or when a version cannot be read,
 * `structure.sql` wins: it is what PostgreSQL itself dumped, with the views, functions and triggers
 * that `schema.rb` cannot express.
 */
export function railsStructureSql(target: string): string | undefined {
  const layout = railsLayout(target);
  if (!layout?.structureSql) return undefined;
  if (!layout.schemaRb) return layout.structureSql;
  const rb = schemaRbVersion(layout.schemaRb);
  const sql = structureSqlVersion(layout.structureSql);
  if (rb !== undefined && sql !== undefined && rb > sql) return undefined;
  return layout.structureSql;
}

function readHead(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function readTail(path: string, bytes: number): string {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Digits of a migration version (`2026_01_14_201315` → 20260114201315), read from `start`. */
function digitsFrom(text: string, start: number): bigint | undefined {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  let digits = '';
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (ch !== '_') break;
  }
  return digits ? BigInt(digits) : undefined;
}

/** The `version:` of `ActiveRecord::Schema[…].define(version: …)`, from the head of the file. */
export function schemaRbVersion(path: string): bigint | undefined {
  const head = readHead(path, 64 * 1024);
  const at = head.indexOf('.define(');
  if (at < 0) return undefined;
  const key = head.indexOf('version:', at);
  return key < 0 || key > at + 200 ? undefined : digitsFrom(head, key + 'version:'.length);
}

/** The newest version in the `INSERT INTO "schema_migrations"` that ends a `structure.sql`. */
export function structureSqlVersion(path: string): bigint | undefined {
  const tail = readTail(path, 4 * 1024 * 1024);
  const at = tail.lastIndexOf('schema_migrations');
  if (at < 0) return undefined;
  let best: bigint | undefined;
  for (let i = tail.indexOf("('", at); i >= 0; i = tail.indexOf("('", i + 2)) {
    const v = digitsFrom(tail, i + 2);
    if (v !== undefined && (best === undefined || v > best)) best = v;
  }
  return best;
}

// ---- config/database.yml ----

/** What `config/database.yml` says about the adapter, and where. */
export interface AdapterHint {
  dialect: Dialect;
  adapter: string;
  file: string;
  line: number;
}

const ADAPTERS: Record<string, Dialect> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  postgis: 'postgres',
  cockroachdb: 'postgres',
  mysql2: 'mysql',
  mysql: 'mysql',
  trilogy: 'mysql',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
};

/**
 * The dialect that `config/database.yml` names in its `adapter:` keys. The file is read as YAML lines
 * (indentation gives each key its section); values written with ERB (`<%= … %>`) are not known and
 * are passed over. When sections disagree, `production` decides, then `default`, then the first.
 */
export function databaseYmlAdapter(root: string): AdapterHint | undefined {
  const file = join(root, 'config', 'database.yml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const found: { section: string; hint: AdapterHint }[] = [];
  const stack: { indent: number; key: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const content = stripYamlComment(raw);
    if (!content.trim() || content.trimStart().startsWith('- ')) return;
    const indent = content.length - content.trimStart().length;
    const colon = keyColon(content);
    if (colon < 0) return;
    const key = unquote(content.slice(indent, colon).trim());
    const value = unquote(content.slice(colon + 1).trim());
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    stack.push({ indent, key });
    if (key !== 'adapter' || !value || value.includes('<%')) return;
    const dialect = ADAPTERS[value.toLowerCase()];
    if (!dialect) return;
    found.push({ section: stack[0].key, hint: { dialect, adapter: value, file, line: i + 1 } });
  });
  if (!found.length) return undefined;
  const dialects = new Set(found.map((f) => f.hint.dialect));
  if (dialects.size === 1) return found[0].hint;
  return (found.find((f) => f.section === 'production') ?? found.find((f) => f.section === 'default') ?? found[0]).hint;
}

/** A line without its `# comment` (a `#` inside quotes or glued to a word is not a comment). */
function stripYamlComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(0, i);
  }
  return line;
}

/** The colon that ends a mapping key (followed by a space or the end of the line), outside quotes. */
function keyColon(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ':' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) return i;
  }
  return -1;
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}
