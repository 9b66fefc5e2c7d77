// The real MariaDB / MySQL server the live MySQL tests run against, as test/servers.ts does for
// PostgreSQL. On a newcomer's machine without one, those tests are skipped with a plain message;
// on CI (CI=true) a missing server fails the run.
import mysql from 'mysql2/promise';
import { splitMysql } from '../../../src/sources/mysql/split.js';

export const MYSQL_URL = process.env.SCHEMASCOPE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

function serverConfig(database?: string): mysql.ConnectionOptions {
  const u = new URL(MYSQL_URL);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    ...(database ? { database } : {}),
    connectTimeout: 3000,
  };
}

/** The server URL for one database, with the credentials of MYSQL_URL. */
export function mysqlUrlFor(database: string): string {
  const u = new URL(MYSQL_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function mysqlAvailable(): Promise<boolean> {
  try {
    const conn = await mysql.createConnection(serverConfig());
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Decides whether live MySQL/MariaDB tests run; says so plainly when they cannot. */
export async function requireMysql(): Promise<boolean> {
  if (await mysqlAvailable()) return true;
  const message = `MariaDB/MySQL is not reachable at ${MYSQL_URL.replace(/:[^:@/]*@/, '@')}; live MySQL tests need it (start it, or set SCHEMASCOPE_TEST_MYSQL_URL)`;
  if (process.env.CI) throw new Error(`${message}. CI never skips these tests.`);
  console.warn(`SKIPPED: ${message}`);
  return false;
}

/**
 * Creates a fresh database, runs the script `sql` in it statement by statement as the `mysql` client
 * would (DELIMITER and version comments honoured), and returns its name, URL and a cleanup.
 */
export async function scratchMysqlDatabase(sql: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `schemascope_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = await mysql.createConnection(serverConfig());
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const drop = async () => {
    const a = await mysql.createConnection(serverConfig());
    await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await a.end();
  };
  const db = await mysql.createConnection(serverConfig(name));
  try {
    for (const stmt of splitMysql(sql, 'fixture.sql').statements) {
      try {
        await db.query(stmt.raw);
      } catch (err) {
        await drop();
        throw new Error(`fixture.sql:${stmt.line}: ${(err as Error).message}`);
      }
    }
    await db.query('ANALYZE TABLE ' + ((await db.query('SHOW TABLES'))[0] as Record<string, string>[]).map((r) => `\`${Object.values(r)[0]}\``).join(', '));
  } finally {
    await db.end();
  }
  return { name, url: mysqlUrlFor(name), drop };
}
