// Helpers for the Laravel source tests: the booking fixture (loaded once), exact lines of snippets in its files,
// and throwaway Laravel projects written to a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Origin, Table } from '../../../src/catalog/types.js';
import { loadLaravel, type LaravelLoadOptions } from '../../../src/sources/laravel/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const BOOKING = join(FIXTURES, 'booking');

let booking: Promise<Catalog> | undefined;
/** The booking fixture's catalog, loaded once per test file. */
export function loadBooking(): Promise<Catalog> {
  booking ??= loadLaravel(BOOKING);
  return booking;
}

/** A path as the source shows it (relative to the working directory). */
export function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** `file:line` of the one line of `file` (relative to `root`) that contains `needle`; fails unless exactly one does. */
export function at(root: string, file: string, needle: string): string {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} lines contain ${JSON.stringify(needle)}`);
  return `${shown(join(root, file))}:${hits[0]}`;
}

/** `at()` for a file of the booking fixture. */
export function bat(file: string, needle: string): string {
  return at(BOOKING, file, needle);
}

export function where(origin: Origin | undefined): string {
  if (!origin) return '(none)';
  return 'file' in origin ? `${origin.file}:${origin.line}` : origin.object;
}

export function table(catalog: Catalog, name: string): Table {
  const t = catalog.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in the catalog (tables: ${catalog.tables.map((x) => x.name).join(', ')})`);
  return t;
}

export function column(catalog: Catalog, tableName: string, name: string) {
  const c = table(catalog, tableName).columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${tableName}.${name}`);
  return c;
}

/** Writes a Laravel project (`artisan` + the given files) to a temporary folder; returns its path and a cleanup. */
export function project(files: Record<string, string>, opts: { artisan?: boolean } = {}): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'schemascope-laravel-'));
  if (opts.artisan !== false) writeFileSync(join(root, 'artisan'), '#!/usr/bin/env php\n<?php\n');
  mkdirSync(join(root, 'database', 'migrations'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A migration file: `return new class extends Migration` with `up` as the body of up() and `down` of down(). */
export function migration(up: string, down = "Schema::dropIfExists('x');"): string {
  return `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
${up}
    }

    public function down(): void
    {
        ${down}
    }
};
`;
}

/** Loads a throwaway project made of migrations (file name → up() body) and extra files. */
export async function loadProject(
  migrations: Record<string, string>,
  extra: Record<string, string> = {},
  opts: LaravelLoadOptions = {},
): Promise<{ catalog: Catalog; root: string }> {
  const files: Record<string, string> = { ...extra };
  for (const [name, up] of Object.entries(migrations)) files[`database/migrations/${name}.php`] = up.startsWith('<?php') ? up : migration(up);
  const p = project(files);
  try {
    return { catalog: await loadLaravel(p.root, opts), root: p.root };
  } finally {
    p.cleanup();
  }
}
