// Helpers for the Django source tests: the helpdesk fixture (loaded once), exact lines of snippets in its
// files, and throwaway Django projects written to a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Origin, Table } from '../../../src/catalog/types.js';
import { loadDjango } from '../../../src/sources/django/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const HELPDESK = join(FIXTURES, 'helpdesk');

let helpdesk: Promise<Catalog> | undefined;
export function loadHelpdesk(): Promise<Catalog> {
  helpdesk ??= loadDjango(HELPDESK);
  return helpdesk;
}

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

export const hat = (file: string, needle: string) => at(HELPDESK, file, needle);

export function where(origin: Origin | undefined): string {
  if (!origin) return '(none)';
  return 'file' in origin ? `${origin.file}:${origin.line}` : origin.object;
}

export function table(catalog: Catalog, name: string): Table {
  const t = catalog.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} (tables: ${catalog.tables.map((x) => x.name).join(', ')})`);
  return t;
}

export function column(catalog: Catalog, tableName: string, name: string) {
  const c = table(catalog, tableName).columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${tableName}.${name}`);
  return c;
}

/** Writes a project (manage.py + files) to a temporary folder, loads it, and removes it. */
export async function loadProject(files: Record<string, string>, opts: { manage?: boolean } = {}): Promise<{ catalog: Catalog; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'schemascope-django-'));
  try {
    if (opts.manage !== false) writeFileSync(join(root, 'manage.py'), 'import sys\n');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return { catalog: await loadDjango(root), root };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A migration file with the given dependencies and operations (Python source of the list items). */
export function migration(deps: string, ops: string, extra = ''): string {
  return `from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
${extra}
    dependencies = [${deps}]

    operations = [
${ops}
    ]
`;
}
