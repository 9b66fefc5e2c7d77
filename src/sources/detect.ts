// Decides what a review target is (a live database, a DDL file, a folder of migrations) and loads it.
// Later sources (ORMs, other dialects) add their detection here, so every command shares one answer.
import { statSync } from 'node:fs';
import type { Catalog } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { loadPostgresDdlPath } from './postgres/ddl.js';
import { isPostgresUrl, loadPostgresLive } from './postgres/live.js';

export type SourceKind = 'postgres-live' | 'postgres-ddl';

export interface LoadOptions {
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
  statementTimeoutMs?: number;
}

export function detectSource(target: string): SourceKind {
  if (isPostgresUrl(target)) return 'postgres-live';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new UsageError(`${target.replace(/\/\/[^@/]*@/, '//')}: unsupported database URL (supported: postgres://, postgresql://)`);
  }
  try {
    statSync(target);
  } catch {
    throw new UsageError(`${target}: no such file or folder`);
  }
  return 'postgres-ddl';
}

export async function loadSource(target: string, opts: LoadOptions = {}): Promise<Catalog> {
  switch (detectSource(target)) {
    case 'postgres-live':
      return loadPostgresLive(target, { schemas: opts.schemas, statementTimeoutMs: opts.statementTimeoutMs });
    case 'postgres-ddl':
      return loadPostgresDdlPath(target, { schemas: opts.schemas, onProgress: opts.onProgress });
  }
}
