// Live MySQL / MariaDB source: reads information_schema over a mysql2 connection that is read-only
// (SET SESSION TRANSACTION READ ONLY, then START TRANSACTION READ ONLY), with a per-statement time
// limit in the server's own dialect (MariaDB max_statement_time in seconds, MySQL
// max_execution_time in milliseconds), a metadata-lock wait limit and a connect timeout. It never
// writes, and never shows a password: errors are one line naming the URL without it.
import mysql from 'mysql2/promise';
import type { Catalog, CheckConstraint, Column, ForeignKey, FkAction, LoadWarning, Table, TableKind } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { redactUrl } from '../postgres/live.js';
import { toCatalogIndex, type MIndex, type MIndexKind } from './model.js';
import { describeType, isJsonValidCheck } from './types.js';
import { normalizeEngine } from './ddl.js';
import { emptyTableParts } from '../../catalog/build.js';

export interface MysqlLiveOptions {
  /** Databases to read; default the URL's database, or every non-system database when it names none. */
  schemas?: string[];
  /** Per-statement limit in milliseconds (default 60 s). */
  statementTimeoutMs?: number;
  /** How long to wait for a metadata lock (default 5 s): we never queue behind DDL. */
  lockTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export function isMysqlUrl(target: string): boolean {
  return /^(mysql|mariadb):\/\//i.test(target);
}

const SYSTEM_DATABASES = ['mysql', 'information_schema', 'performance_schema', 'sys'];

/* eslint-disable @typescript-eslint/no-explicit-any -- rows come back untyped from the driver */

function connectionError(err: unknown, where: string): UsageError {
  const e = err as { code?: string; message?: string };
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the server running and listening there?)',
    ENOTFOUND: 'host not found',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ER_ACCESS_DENIED_ERROR: 'authentication failed (wrong user or password?)',
    ER_ACCESS_DENIED_NO_PASSWORD_ERROR: 'authentication failed (wrong user or password?)',
    ER_DBACCESS_DENIED_ERROR: 'this user may not use that database',
    ER_BAD_DB_ERROR: 'database does not exist',
    ER_HOST_NOT_PRIVILEGED: 'the server does not accept connections from this host',
  };
  const message = (e.message ?? String(err)).split('\n')[0];
  const reason = (e.code && reasons[e.code]) || (/^Access denied for user/i.test(message) ? reasons.ER_ACCESS_DENIED_ERROR : message);
  return new UsageError(`${where}: cannot connect: ${reason}`);
}

function connectionConfig(url: string, opts: MysqlLiveOptions): mysql.ConnectionOptions & { database?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${redactUrl(url)}: not a valid connection URL`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined;
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : (u.searchParams.get('password') ?? undefined),
    database,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    supportBigNumbers: true,
    bigNumberStrings: false,
    dateStrings: true,
    multipleStatements: false,
    ...(u.searchParams.get('ssl') === 'true' || u.searchParams.get('sslmode') === 'require' ? { ssl: {} } : {}),
  };
}

export async function loadMysqlLive(url: string, opts: MysqlLiveOptions = {}): Promise<Catalog> {
  const where = redactUrl(url);
  const config = connectionConfig(url, opts);
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection(config);
  } catch (err) {
    throw connectionError(err, where);
  }
  // Errors emitted after connect (server gone…) must not crash the process with a stack trace.
  conn.on('error', () => undefined);
  const q = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => (await conn.query(sql, params))[0] as T[];
  try {
    const version = String((await q<{ v: string }>('SELECT VERSION() AS v'))[0]?.v ?? '');
    const mariadb = /mariadb/i.test(version);
    const timeoutMs = Math.max(1, Math.floor(opts.statementTimeoutMs ?? 60_000));
    await q('SET SESSION TRANSACTION READ ONLY');
    if (mariadb) await q(`SET SESSION max_statement_time = ${(timeoutMs / 1000).toFixed(3)}`);
    else await q(`SET SESSION max_execution_time = ${timeoutMs}`);
    await q(`SET SESSION lock_wait_timeout = ${Math.max(1, Math.ceil((opts.lockTimeoutMs ?? 5_000) / 1000))}`);
    await q('START TRANSACTION READ ONLY');

    let schemas = opts.schemas?.length ? opts.schemas : config.database ? [config.database] : [];
    if (!schemas.length) {
      schemas = (await q<{ s: string }>('SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME', [SYSTEM_DATABASES])).map(
        (r) => r.s,
      );
    }
    const found = schemas.length ? await introspect(q, schemas, mariadb) : { tables: [], warnings: [], hasLiveStats: false };
    await q('ROLLBACK');
    return {
      source: { kind: 'mysql-live', location: where, dialect: 'mysql', serverVersion: `${mariadb ? 'MariaDB' : 'MySQL'} ${version.replace(/-MariaDB.*$/i, '')}` },
      schemas,
      tables: found.tables,
      functions: [],
      enums: [],
      sequences: [],
      hasLiveStats: found.hasLiveStats,
      warnings: found.warnings,
    };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as { code?: string; errno?: number; message?: string };
    if (e.code === 'ER_STATEMENT_TIMEOUT' || e.code === 'ER_QUERY_TIMEOUT' || e.errno === 1969 || e.errno === 3024)
      throw new UsageError(`${where}: a catalog query exceeded the statement timeout; retry with a larger --statement-timeout`);
    if (e.code === 'ER_LOCK_WAIT_TIMEOUT') throw new UsageError(`${where}: a metadata lock could not be taken within the lock timeout (DDL running?); retry later`);
    throw new UsageError(`${where}: reading the catalog failed: ${(e.message ?? String(err)).split('\n')[0]}`);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

type Query = <T = any>(sql: string, params?: unknown[]) => Promise<T[]>;

const RULES: Record<string, FkAction> = { CASCADE: 'cascade', 'SET NULL': 'set null', 'SET DEFAULT': 'set default', RESTRICT: 'restrict', 'NO ACTION': 'no action' };

/** A default as information_schema shows it, spelled as MariaDB does (quoted literals, `fn()` calls). */
function liveDefault(raw: string | null, extra: string, column: Pick<Column, 'family'>, mariadb: boolean): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (mariadb) return raw === 'NULL' ? undefined : raw;
  // MySQL: literals unquoted, expressions marked DEFAULT_GENERATED.
  if (/DEFAULT_GENERATED/i.test(extra)) return normalizeCall(raw);
  if (['smallint', 'integer', 'bigint', 'numeric', 'float', 'boolean'].includes(column.family) && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw)) return raw;
  return `'${raw.replace(/'/g, "''")}'`;
}

/** `CURRENT_TIMESTAMP` / `CURRENT_TIMESTAMP(6)` / `now()` → `current_timestamp()` / `current_timestamp(6)`. */
function normalizeCall(expr: string): string {
  const m = /^(current_timestamp|now|localtimestamp|localtime)(\((\d*)\))?$/i.exec(expr.trim());
  return m ? `current_timestamp(${m[3] ?? ''})` : expr;
}

async function introspect(q: Query, schemas: string[], mariadb: boolean): Promise<{ tables: Table[]; warnings: LoadWarning[]; hasLiveStats: boolean }> {
  const warnings: LoadWarning[] = [];
  const tableRows = await q(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COMMENT AS comment,
            TABLE_ROWS AS row_count, DATA_LENGTH AS data_length, INDEX_LENGTH AS index_length, CREATE_OPTIONS AS options
       FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    [schemas],
  );
  const columnRows = await q(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_DEFAULT AS def, IS_NULLABLE AS nullable,
            COLUMN_TYPE AS type, EXTRA AS extra, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS gen
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    [schemas],
  );
  let indexRows: any[];
  const indexSql = (expression: boolean) =>
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
            COLUMN_NAME AS col, SUB_PART AS sub_part, INDEX_TYPE AS type, COLLATION AS coll${expression ? ', EXPRESSION AS expr' : ''}
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
  try {
    // MySQL 8 has functional key parts (STATISTICS.EXPRESSION); MariaDB has not.
    indexRows = await q(indexSql(!mariadb), [schemas]);
  } catch {
    indexRows = await q(indexSql(false), [schemas]);
  }
  const fkRows = await q(
    `SELECT k.TABLE_SCHEMA AS s, k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col,
            k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_col,
            r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA IN (?) AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [schemas],
  );
  let checkRows: any[] = [];
  try {
    // MariaDB names checks per table (CONSTRAINT_1 in many tables); MySQL per database.
    checkRows = await q(
      `SELECT tc.TABLE_SCHEMA AS s, tc.TABLE_NAME AS t, tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
         FROM information_schema.TABLE_CONSTRAINTS tc
         JOIN information_schema.CHECK_CONSTRAINTS cc
           ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME${mariadb ? ' AND cc.TABLE_NAME = tc.TABLE_NAME' : ''}
        WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA IN (?)
        ORDER BY tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME`,
      [schemas],
    );
  } catch {
    // MySQL before 8.0.16 has no CHECK_CONSTRAINTS (and does not enforce checks).
  }
  const triggerRows = await q(
    `SELECT EVENT_OBJECT_SCHEMA AS s, EVENT_OBJECT_TABLE AS t, TRIGGER_NAME AS name, EVENT_MANIPULATION AS event,
            ACTION_TIMING AS timing, ACTION_STATEMENT AS body
       FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN (?) ORDER BY EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, ACTION_ORDER`,
    [schemas],
  );

  const byName = new Map<string, Table>();
  const key = (s: string, t: string) => `${s}\u0000${t}`;
  const tables: Table[] = [];
  for (const r of tableRows) {
    const kind: TableKind = r.type === 'VIEW' || r.type === 'SYSTEM VIEW' ? 'view' : 'table';
    const qname = `${r.s}.${r.n}`;
    const table: Table = {
      schema: r.s,
      name: r.n,
      kind,
      ...emptyTableParts(),
      ...(kind === 'table' && r.comment ? { comment: r.comment } : {}),
      ...(r.engine ? { engine: normalizeEngine(r.engine) } : {}),
      origin: { object: `${kind} ${qname}` },
    };
    if (kind === 'table') {
      const tableBytes = Number(r.data_length ?? 0);
      const indexBytes = Number(r.index_length ?? 0);
      table.stats = {
        ...(r.row_count !== null && r.row_count !== undefined ? { rowEstimate: Number(r.row_count) } : {}),
        tableBytes,
        indexBytes,
        totalBytes: tableBytes + indexBytes,
      };
      if (/partitioned/i.test(r.options ?? ''))
        warnings.push({ code: 'partitioning-not-modelled', note: true, message: `${qname} is partitioned; partitions are not modelled, the table is reviewed as one`, origin: table.origin });
    }
    byName.set(key(r.s, r.n), table);
    tables.push(table);
  }

  for (const r of columnRows) {
    const table = byName.get(key(r.s, r.t));
    if (!table) continue;
    const info = describeType(String(r.type));
    const extra = String(r.extra ?? '');
    const gen = r.gen ? String(r.gen) : '';
    const generated = /\b(VIRTUAL|STORED|PERSISTENT)\b/i.test(extra) && gen ? gen : undefined;
    const onUpdate = /on update (\S+)/i.exec(extra)?.[1];
    const def = generated ? undefined : liveDefault(r.def, extra, info, mariadb);
    table.columns.push({
      name: r.name,
      ...info,
      nullable: r.nullable === 'YES',
      ...(def !== undefined ? { default: def } : {}),
      autoIncrement: /auto_increment/i.test(extra),
      ...(generated ? { generated } : {}),
      ...(onUpdate ? { onUpdate: normalizeCall(onUpdate) } : {}),
      ...(r.comment ? { comment: r.comment } : {}),
      origin: { object: `column ${r.s}.${r.t}.${r.name}` },
    });
  }

  for (const r of checkRows) {
    const table = byName.get(key(r.s, r.t));
    if (!table) continue;
    const clause = String(r.clause ?? '');
    // MariaDB's JSON: LONGTEXT with a column check json_valid(col) named after the column.
    const jsonColumn = table.columns.find((c) => c.name === r.name && isJsonValidCheck(clause, c.name));
    if (jsonColumn && jsonColumn.family === 'text') {
      jsonColumn.dataType = 'json';
      jsonColumn.family = 'json';
      continue;
    }
    const columns = table.columns
      .filter((c) => new RegExp(`(^|[^\\w$])\`?${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`?(?![\\w$])`, 'i').test(clause))
      .map((c) => c.name);
    const check: CheckConstraint = { name: r.name, expression: clause, columns, validated: true, origin: { object: `constraint ${r.s}.${r.t}.${r.name}` } };
    table.checks.push(check);
  }

  const indexes = new Map<string, MIndex>();
  for (const r of indexRows) {
    const table = byName.get(key(r.s, r.t));
    if (!table) continue;
    const k = `${r.s}\u0000${r.t}\u0000${r.name}`;
    let ix = indexes.get(k);
    if (!ix) {
      const type = String(r.type ?? 'BTREE').toLowerCase();
      const kind: MIndexKind = r.name === 'PRIMARY' ? 'primary' : Number(r.non_unique) === 0 ? 'unique' : type === 'fulltext' ? 'fulltext' : type === 'spatial' ? 'spatial' : 'key';
      ix = { name: r.name, kind, parts: [], method: type, origin: { object: `index ${r.s}.${r.t}.${r.name}` } };
      indexes.set(k, ix);
      (table as Table & { _ix?: MIndex[] })._ix = [...((table as Table & { _ix?: MIndex[] })._ix ?? []), ix];
    }
    const col = r.col === null || r.col === undefined ? null : String(r.col);
    ix.parts.push({
      column: col,
      expr: col ?? String(r.expr ?? '').replace(/^\((.*)\)$/s, '$1'),
      ...(r.sub_part !== null && r.sub_part !== undefined ? { length: Number(r.sub_part) } : {}),
      ...(r.coll === 'D' ? { desc: true } : {}),
    });
  }
  for (const table of tables) {
    const list = (table as Table & { _ix?: MIndex[] })._ix ?? [];
    delete (table as Table & { _ix?: MIndex[] })._ix;
    for (const ix of list) {
      const index = toCatalogIndex(ix);
      table.indexes.push(index);
      const columns = ix.parts.map((p) => p.column ?? p.expr);
      const constraintOrigin = { object: `constraint ${table.schema}.${table.name}.${ix.name}` };
      if (ix.kind === 'primary') table.primaryKey = { name: 'PRIMARY', columns, origin: constraintOrigin };
      else if (ix.kind === 'unique') table.uniques.push({ name: ix.name, columns, nullsNotDistinct: false, origin: constraintOrigin });
    }
  }

  const fks = new Map<string, ForeignKey>();
  for (const r of fkRows) {
    const table = byName.get(key(r.s, r.t));
    if (!table) continue;
    const k = `${r.s}\u0000${r.t}\u0000${r.name}`;
    let fk = fks.get(k);
    if (!fk) {
      fk = {
        name: r.name,
        columns: [],
        refSchema: r.ref_schema,
        refTable: r.ref_table,
        refColumns: [],
        onDelete: RULES[String(r.on_delete).toUpperCase()] ?? 'no action',
        onUpdate: RULES[String(r.on_update).toUpperCase()] ?? 'no action',
        deferrable: false,
        validated: true,
        origin: { object: `constraint ${r.s}.${r.t}.${r.name}` },
      };
      fks.set(k, fk);
      table.foreignKeys.push(fk);
    }
    fk.columns.push(r.col);
    fk.refColumns.push(r.ref_col);
  }

  for (const r of triggerRows) {
    const table = byName.get(key(r.s, r.t));
    if (!table) continue;
    table.triggers.push({
      name: r.name,
      definition: `CREATE TRIGGER ${r.name} ${r.timing} ${r.event} ON ${r.t} FOR EACH ROW ${String(r.body ?? '').trim()}`,
      functionName: '',
      origin: { object: `trigger ${r.name} on ${r.s}.${r.t}` },
    });
  }

  // Index usage counts come from performance_schema, when the server keeps it.
  try {
    const enabled = Number((await q<{ on: number }>('SELECT @@performance_schema AS `on`'))[0]?.on ?? 0) === 1;
    if (!enabled) {
      warnings.push({
        code: 'stats-unreadable',
        note: true,
        message: 'index usage counts need performance_schema, which is off on this server: unused indexes cannot be found',
      });
    } else {
      const usage = await q(
        `SELECT OBJECT_SCHEMA AS s, OBJECT_NAME AS t, INDEX_NAME AS name, COUNT_STAR AS scans
           FROM performance_schema.table_io_waits_summary_by_index_usage
          WHERE OBJECT_SCHEMA IN (?) AND INDEX_NAME IS NOT NULL`,
        [schemas],
      );
      for (const r of usage) {
        const ix = byName.get(key(r.s, r.t))?.indexes.find((i) => i.name === r.name);
        if (ix) ix.stats = { ...(ix.stats ?? {}), scans: Number(r.scans) };
      }
    }
  } catch (err) {
    warnings.push({ code: 'stats-unreadable', note: true, message: `index usage counts could not be read: ${(err as Error).message.split('\n')[0]}` });
  }
  tables.sort((a, b) => (a.schema === b.schema ? (a.name < b.name ? -1 : 1) : a.schema < b.schema ? -1 : 1));
  return { tables, warnings, hasLiveStats: true };
}
