// Which files make up the Prisma schema a path names: a `.prisma` file, a folder of them (Prisma's
// multi-file schema, `prisma/schema/`), or a project folder holding `prisma/schema.prisma` or
// `prisma/schema/*.prisma`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { UsageError } from '../../errors.js';
import type { SchemaFile } from './syntax.js';

const SKIP_DIRS = new Set(['node_modules', 'migrations']);

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function holdsPrismaFiles(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() && e.name.endsWith('.prisma'));
  } catch {
    return false;
  }
}

/** Every .prisma file under `dir` (subfolders too, as Prisma reads a schema folder), in path order. */
function prismaFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.name.endsWith('.prisma')) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

/** The folder that is the schema, for a folder target: itself, `prisma/`, or `prisma/schema/`. */
function schemaFolder(dir: string): string | undefined {
  if (holdsPrismaFiles(dir)) return dir;
  if (holdsPrismaFiles(join(dir, 'prisma'))) return join(dir, 'prisma');
  if (holdsPrismaFiles(join(dir, 'prisma', 'schema'))) return join(dir, 'prisma', 'schema');
  return undefined;
}

/** True for a `.prisma` file, or a folder holding schema.prisma, prisma/schema.prisma or prisma/schema/*.prisma. */
export function detectPrisma(path: string): boolean {
  if (isFile(path)) return path.endsWith('.prisma');
  return isDir(path) && schemaFolder(path) !== undefined;
}

/** The schema's file paths on disk. */
export function collectPrismaFiles(path: string): string[] {
  if (isFile(path)) {
    if (!path.endsWith('.prisma')) throw new UsageError(`${path}: not a Prisma schema (.prisma) file`);
    // A file inside a `schema/` folder of several .prisma files is one part of a multi-file schema.
    const dir = dirname(path);
    if (basename(dir) === 'schema' && prismaFilesUnder(dir).length > 1) return prismaFilesUnder(dir);
    return [path];
  }
  if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder`);
  const folder = isDir(path) ? schemaFolder(path) : undefined;
  if (!folder) throw new UsageError(`${path}: no Prisma schema found (looked for *.prisma, prisma/schema.prisma and prisma/schema/*.prisma)`);
  return prismaFilesUnder(folder);
}

/** Reads the files, each with the path findings show: relative to the working directory when it is below it. */
export function readSchemaFiles(paths: string[]): SchemaFile[] {
  return paths.map((p) => {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      throw new UsageError(`${p}: cannot read the file`);
    }
    const shown = relative(process.cwd(), p) || p;
    return { path: shown.startsWith('..') ? p : shown, text };
  });
}
