// Live PostgreSQL source: the same pg_catalog queries as the DDL source, over a real connection,
// inside a READ ONLY transaction with statement and lock timeouts. Never writes; never shows a password.
import pg from 'pg';
import type { Catalog } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { introspect, type Queryable } from './introspect.js';

export interface LiveOptions {
  schemas?: string[];
  /** Per-statement limit in milliseconds (default 60 s). */
  statementTimeoutMs?: number;
  /** How long to wait for a lock before giving up (default 5 s): we never queue behind DDL. */
  lockTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/** The URL with its password removed, safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    // Passwords may also travel as a query parameter.
    if (u.searchParams.has('password')) u.searchParams.delete('password');
    return u.toString().replace(/:@/, '@');
  } catch {
    return '<unparseable connection URL>';
  }
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

function connectionError(err: unknown, where: string): UsageError {
  const e = err as { code?: string; message?: string };
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the server running and listening there?)',
    ENOTFOUND: 'host not found',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    '28P01': 'authentication failed (wrong password?)',
    '28000': 'the server refused this user',
    '3D000': 'database does not exist',
  };
  const reason = (e.code && reasons[e.code]) || (e.message ?? String(err)).split('\n')[0];
  return new UsageError(`${where}: cannot connect: ${reason}`);
}

export async function loadPostgresLive(url: string, opts: LiveOptions = {}): Promise<Catalog> {
  const where = redactUrl(url);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    application_name: 'schemascope',
  });
  // Errors emitted after connect (server restart…) must not crash the process with a stack trace.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw connectionError(err, where);
  }
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.floor(opts.statementTimeoutMs ?? 60_000)}`);
    await client.query(`SET LOCAL lock_timeout = ${Math.floor(opts.lockTimeoutMs ?? 5_000)}`);
    const queryable: Queryable = {
      query: async <T>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[],
    };
    const found = await introspect(queryable, { schemas: opts.schemas, liveStats: true });
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
    await client.query('ROLLBACK');
    return {
      source: { kind: 'postgres-live', location: where, dialect: 'postgres', serverVersion: version ? `PostgreSQL ${version}` : undefined },
      schemas: found.schemas,
      tables: found.tables,
      functions: found.functions,
      enums: found.enums,
      sequences: found.sequences,
      hasLiveStats: found.hasLiveStats,
      warnings: found.warnings,
    };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as { code?: string; message?: string };
    if (e.code === '57014') throw new UsageError(`${where}: a catalog query exceeded the statement timeout; retry with a larger --statement-timeout`);
    if (e.code === '55P03') throw new UsageError(`${where}: a catalog lock could not be taken within the lock timeout (DDL running?); retry later`);
    throw new UsageError(`${where}: reading the catalog failed: ${(e.message ?? String(err)).split('\n')[0]}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
