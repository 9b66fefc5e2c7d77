// Helpers for the SQLAlchemy source tests: the saas fixture (loaded once per file), exact lines of snippets in its
// files, and throwaway projects written to a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Origin } from '../../../src/catalog/types.js';
import { loadSqlalchemy } from '../../../src/sources/sqlalchemy/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const SAAS = join(FIXTURES, 'saas');
export const V = 'alembic/versions';

let saas: Promise<Catalog> | undefined;
export function loadSaas(): Promise<Catalog> {
  saas ??= loadSqlalchemy(SAAS);
  return saas;
}

let modelsOnly: Promise<Catalog> | undefined;
/** The same project's models without its Alembic revisions: the models build the schema. */
export function loadSaasModels(): Promise<Catalog> {
  modelsOnly ??= loadSqlalchemy(join(SAAS, 'app', 'models'));
  return modelsOnly;
}

export function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** `file:line` of the one line of `file` (relative to `root`) containing `needle`; fails unless exactly one does. */
export function at(root: string, file: string, needle: string): string {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} lines contain ${JSON.stringify(needle)}`);
  return `${shown(join(root, file))}:${hits[0]}`;
}

export function sat(file: string, needle: string): string {
  return at(SAAS, file, needle);
}

export function where(origin: Origin | undefined): string {
  if (!origin) return '(none)';
  return 'file' in origin ? `${origin.file}:${origin.line}` : origin.object;
}

/** Writes `files` (path → content) under a new temporary folder and returns it. */
const made: string[] = [];
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'schemascope-sa-'));
  made.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

/** Removes the folders `project()` wrote. */
export function cleanProjects(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}
