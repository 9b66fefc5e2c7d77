// Decides what a review target is (a live database, a DDL file, a folder of migrations, an ORM
// project) and loads it. Every command shares this one answer; `--source` overrides it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { loadPostgresDdlPath } from './postgres/ddl.js';
import { isPostgresUrl, loadPostgresLive, redactUrl } from './postgres/live.js';
import { detectLaravel, loadLaravel } from './laravel/index.js';
import { detectDjango, loadDjango } from './django/index.js';
import { detectPrisma, loadPrisma } from './prisma/index.js';
import { detectSqlalchemy, loadSqlalchemy } from './sqlalchemy/index.js';
import { detectSqliteFile, loadSqliteDdl, loadSqliteFile } from './sqlite/index.js';
import { detectRails, loadRails, railsStructureSql } from './rails/index.js';
import { detectMysqlDdl, isMysqlUrl, loadMysqlDdl, loadMysqlLive } from './mysql/index.js';

export interface LoadOptions {
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
  statementTimeoutMs?: number;
}

export interface SourceDef {
  /** The name `--source` takes. */
  kind: string;
  /** What it reads, for help and messages. */
  label: string;
  /** Cheap: looks at the target's name and, for folders, at which files exist. */
  detect(target: string): boolean;
  load(target: string, opts: LoadOptions): Promise<Catalog>;
  /** Targets that are URLs rather than paths. */
  url?: boolean;
}

/** In order of precedence: the first source whose detect() says yes reads the target. */
export const SOURCES: SourceDef[] = [
  {
    kind: 'postgres-live',
    label: 'a live PostgreSQL database (postgres://…)',
    url: true,
    detect: isPostgresUrl,
    load: (target, opts) => loadPostgresLive(target, { schemas: opts.schemas, statementTimeoutMs: opts.statementTimeoutMs }),
  },
  {
    kind: 'mysql-live',
    label: 'a live MySQL or MariaDB database (mysql://…)',
    url: true,
    detect: isMysqlUrl,
    load: (target, opts) => loadMysqlLive(target, { schemas: opts.schemas, statementTimeoutMs: opts.statementTimeoutMs }),
  },
  {
    kind: 'laravel',
    label: 'a Laravel project (artisan + database/migrations)',
    detect: detectLaravel,
    load: (target, opts) => loadLaravel(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
  {
    kind: 'django',
    label: 'a Django project (manage.py, apps with migrations/)',
    detect: detectDjango,
    load: (target, opts) => loadDjango(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
  {
    kind: 'sqlalchemy',
    label: 'a SQLAlchemy/Alembic project (alembic.ini, versions/, declarative models)',
    detect: detectSqlalchemy,
    load: (target, opts) => loadSqlalchemy(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
  {
    kind: 'prisma',
    label: 'a Prisma schema (schema.prisma, prisma/schema/)',
    detect: detectPrisma,
    load: (target, opts) => loadPrisma(target, { schemas: opts.schemas }),
  },
  {
    kind: 'rails',
    label: 'a Rails app (db/schema.rb, or db/structure.sql read as PostgreSQL DDL)',
    detect: detectRails,
    load: (target, opts) => {
      const structure = railsStructureSql(target);
      return structure
        ? loadPostgresDdlPath(structure, { schemas: opts.schemas, onProgress: opts.onProgress })
        : loadRails(target, { schemas: opts.schemas, onProgress: opts.onProgress });
    },
  },
  {
    kind: 'sqlite',
    label: 'a SQLite database file (read-only)',
    detect: detectSqliteFile,
    load: (target, opts) => loadSqliteFile(target, { schemas: opts.schemas }),
  },
  {
    kind: 'sqlite-ddl',
    label: 'SQLite DDL (.sql); only with --source sqlite-ddl',
    detect: () => false,
    load: (target, opts) => loadSqliteDdl(target, { schemas: opts.schemas }),
  },
  {
    kind: 'mysql-ddl',
    label: 'MySQL/MariaDB DDL: a mysqldump or a .sql script',
    detect: detectMysqlDdl,
    load: (target, opts) => loadMysqlDdl(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
  {
    kind: 'postgres-ddl',
    label: 'PostgreSQL DDL: a .sql file or a folder of .sql migrations',
    detect: () => true, // the fallback: whatever else is not recognised is read as PostgreSQL DDL
    load: (target, opts) => loadPostgresDdlPath(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
];

export function sourceKinds(): string[] {
  return SOURCES.map((s) => s.kind);
}

export interface ResolvedSource {
  source: SourceDef;
  /** The path or URL to read: the target, or the project found inside it. */
  target: string;
}

/** Folders never searched for a project: dependencies, build output, version control. */
const SKIPPED_DIRS = new Set(['node_modules', 'vendor', '.git', 'dist', 'build', '.venv', 'venv', '__pycache__', 'tmp', 'storage']);
const SEARCH_DEPTH = 4;
const SEARCH_LIMIT = 5000;

/**
 * Finds the projects a folder holds when the folder itself is not one (a monorepo with
 * `packages/prisma/schema.prisma`, say): breadth first, a few levels down, not inside a project found.
 */
function findProjects(root: string): ResolvedSource[] {
  const found: ResolvedSource[] = [];
  const projectSources = SOURCES.filter((s) => !s.url && s.kind !== FALLBACK);
  let level = [root];
  let visited = 0;
  for (let depth = 1; depth <= SEARCH_DEPTH && level.length && visited < SEARCH_LIMIT; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
        const sub = join(dir, entry.name);
        if (++visited > SEARCH_LIMIT) break;
        const source = projectSources.find((s) => s.detect(sub));
        if (source) found.push({ source, target: sub });
        else next.push(sub);
      }
    }
    if (found.length) break; // the shallowest projects win
    level = next;
  }
  return found;
}

const FALLBACK = 'postgres-ddl';

export function resolveSource(target: string, override?: string): ResolvedSource {
  if (override) {
    const chosen = SOURCES.find((s) => s.kind === override);
    if (!chosen) throw new UsageError(`--source: unknown source "${override}" (choose from ${sourceKinds().join(', ')})`);
    if (!chosen.url) assertExists(target);
    return { source: chosen, target };
  }
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  if (isUrl) {
    const live = SOURCES.find((s) => s.url && s.detect(target));
    if (live) return { source: live, target };
    throw new UsageError(`${redactUrl(target)}: unsupported database URL (supported: ${SOURCES.filter((s) => s.url).map((s) => s.label).join('; ')})`);
  }
  const isDir = assertExists(target);
  const direct = SOURCES.find((s) => !s.url && s.kind !== FALLBACK && s.detect(target));
  if (direct) return { source: direct, target };
  if (isDir) {
    const projects = findProjects(target);
    if (projects.length === 1) return projects[0];
    if (projects.length > 1) {
      const list = projects.slice(0, 5).map((p) => `${p.target} (${p.source.kind})`).join(', ');
      throw new UsageError(`${target}: holds several schemas: ${list}${projects.length > 5 ? ', …' : ''}; review one at a time`);
    }
  }
  return { source: SOURCES.find((s) => s.kind === FALLBACK)!, target };
}

/** Kept for callers that only need the source. */
export function detectSource(target: string, override?: string): SourceDef {
  return resolveSource(target, override).source;
}

/** Whether the target exists; throws a one-line error when it does not. */
function assertExists(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    throw new UsageError(`${target}: no such file or folder`);
  }
}

export async function loadSource(target: string, opts: LoadOptions = {}, override?: string): Promise<Catalog> {
  const resolved = resolveSource(target, override);
  return resolved.source.load(resolved.target, opts);
}
