// Access to the real database servers the live tests run against. On a newcomer's machine without
// them, those tests are skipped with a plain message; on CI (CI=true) a missing server fails the run.
import pg from 'pg';

export const POSTGRES_URL = process.env.SCHEMASCOPE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Decides whether live PostgreSQL tests run; says so plainly when they cannot. */
export async function requirePostgres(): Promise<boolean> {
  if (await postgresAvailable()) return true;
  const message = `PostgreSQL is not reachable at ${POSTGRES_URL.replace(/:[^:@/]*@/, '@')}; live PostgreSQL tests need it (start it, or set SCHEMASCOPE_TEST_PG_URL)`;
  if (process.env.CI) throw new Error(`${message}. CI never skips these tests.`);
  console.warn(`SKIPPED: ${message}`);
  return false;
}

/** Creates a fresh database for one test file, loads `sql` into it, and returns its URL and a cleanup. */
export async function scratchDatabase(sql: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `schemascope_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(sql);
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: POSTGRES_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
