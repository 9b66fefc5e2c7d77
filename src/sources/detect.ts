// Decides what a review target is (a live database, a DDL file, a folder of migrations, an ORM
// project) and loads it. Every command shares this one answer; `--source` overrides it.
import { statSync } from 'node:fs';
import type { Catalog } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { loadPostgresDdlPath } from './postgres/ddl.js';
import { isPostgresUrl, loadPostgresLive, redactUrl } from './postgres/live.js';
import { detectLaravel, loadLaravel } from './laravel/index.js';
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
    kind: 'mysql-ddl',
    label: 'MySQL/MariaDB DDL: a mysqldump or a .sql script',
    detect: detectMysqlDdl,
    load: (target, opts) => loadMysqlDdl(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
  {
    kind: 'postgres-ddl',
    label: 'PostgreSQL DDL: a .sql file or a folder of .sql migrations',
    detect: () => true,
    load: (target, opts) => loadPostgresDdlPath(target, { schemas: opts.schemas, onProgress: opts.onProgress }),
  },
];

export function sourceKinds(): string[] {
  return SOURCES.map((s) => s.kind);
}

export function detectSource(target: string, override?: string): SourceDef {
  if (override) {
    const chosen = SOURCES.find((s) => s.kind === override);
    if (!chosen) throw new UsageError(`--source: unknown source "${override}" (choose from ${sourceKinds().join(', ')})`);
    if (!chosen.url) assertExists(target);
    return chosen;
  }
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  if (isUrl) {
    const live = SOURCES.find((s) => s.url && s.detect(target));
    if (live) return live;
    throw new UsageError(`${redactUrl(target)}: unsupported database URL (supported: ${SOURCES.filter((s) => s.url).map((s) => s.label).join('; ')})`);
  }
  assertExists(target);
  return SOURCES.find((s) => !s.url && s.detect(target))!;
}

function assertExists(target: string): void {
  try {
    statSync(target);
  } catch {
    throw new UsageError(`${target}: no such file or folder`);
  }
}

export async function loadSource(target: string, opts: LoadOptions = {}, override?: string): Promise<Catalog> {
  return detectSource(target, override).load(target, opts);
}
