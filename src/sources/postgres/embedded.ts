// The embedded PostgreSQL (PGlite): a real engine in-process, so DDL is understood by PostgreSQL
// itself. initdb in wasm takes 3–4 s, so the fresh cluster is saved once per PGlite version under the
// user's cache folder and later engines start from that copy (under a second).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PGlite, type Extension } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);

/** Extensions shipped with PGlite, by the name `CREATE EXTENSION` uses, to their module under contrib/. */
const CONTRIB: Record<string, string> = {
  amcheck: 'amcheck',
  bloom: 'bloom',
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
  citext: 'citext',
  cube: 'cube',
  dict_int: 'dict_int',
  dict_xsyn: 'dict_xsyn',
  earthdistance: 'earthdistance',
  fuzzystrmatch: 'fuzzystrmatch',
  hstore: 'hstore',
  intarray: 'intarray',
  isn: 'isn',
  lo: 'lo',
  ltree: 'ltree',
  moddatetime: 'moddatetime',
  pg_trgm: 'pg_trgm',
  pgcrypto: 'pgcrypto',
  seg: 'seg',
  tablefunc: 'tablefunc',
  tcn: 'tcn',
  tsm_system_rows: 'tsm_system_rows',
  tsm_system_time: 'tsm_system_time',
  unaccent: 'unaccent',
  'uuid-ossp': 'uuid_ossp',
  pg_stat_statements: 'pg_stat_statements',
};

/** Extensions the server has built in, which need no bundle. */
const BUILT_IN = new Set(['plpgsql']);

export function isExtensionAvailable(name: string): boolean {
  return BUILT_IN.has(name) || name in CONTRIB;
}

function pgliteVersion(): string {
  try {
    const pkgPath = join(require.resolve('@electric-sql/pglite').replace(/dist[\\/].*$/, ''), 'package.json');
    return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function cacheFile(): string {
  const base = process.env.SCHEMASCOPE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'schemascope');
  return join(base, `pglite-${pgliteVersion()}-cluster.tar.gz`);
}

async function loadExtensions(names: string[]): Promise<Record<string, Extension>> {
  const out: Record<string, Extension> = {};
  for (const name of names) {
    const mod = CONTRIB[name];
    if (!mod) continue;
    const imported = (await import(`@electric-sql/pglite/contrib/${mod}`)) as Record<string, Extension>;
    out[mod] = imported[mod];
  }
  return out;
}

/** Starts an embedded PostgreSQL with the given extensions available to CREATE EXTENSION. */
export async function startEmbeddedPostgres(extensionNames: string[] = []): Promise<PGlite> {
  const extensions = await loadExtensions(extensionNames);
  const file = cacheFile();
  let saved: Buffer | undefined;
  try {
    saved = readFileSync(file);
  } catch {
    saved = undefined;
  }
  if (saved) {
    try {
      return await PGlite.create({ extensions, loadDataDir: new Blob([new Uint8Array(saved)]), relaxedDurability: true });
    } catch {
      // A damaged cache: fall through and make a fresh cluster.
    }
  }
  // The engine holds a throwaway copy of the schema: durability buys nothing, and skipping the
  // flush after each query makes loading about a sixth faster.
  const db = await PGlite.create({ extensions, relaxedDurability: true });
  try {
    const dump = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    mkdirSync(join(file, '..'), { recursive: true });
    // Write then rename, so a concurrent reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch {
    // The cache is an optimisation only: an unwritable home folder just means slower starts.
  }
  return db;
}

// ---- one engine per process, reset between loads ----
// Starting an engine costs about a second; tests and batch runs load many schemas in one process,
// so the engine is kept and emptied between loads. Loads are serialised: one engine, one schema.

const RESET = `
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END $$;
CREATE SCHEMA public;
RESET ALL;`;

let shared: { db: PGlite; extensions: Set<string> } | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** Runs `work` with an empty embedded PostgreSQL that offers the given extensions. */
export function withEmbeddedPostgres<T>(extensionNames: string[], work: (db: PGlite) => Promise<T>): Promise<T> {
  const run = async () => {
    const wanted = extensionNames.filter((n) => n in CONTRIB);
    if (shared && !wanted.every((n) => shared!.extensions.has(n))) {
      const union = new Set([...shared.extensions, ...wanted]);
      await shared.db.close().catch(() => undefined);
      shared = { db: await startEmbeddedPostgres([...union]), extensions: union };
    }
    shared ??= { db: await startEmbeddedPostgres(wanted), extensions: new Set(wanted) };
    const { db } = shared;
    try {
      return await work(db);
    } finally {
      try {
        await db.exec(RESET);
      } catch {
        // An engine that cannot be emptied is not reused.
        shared = undefined;
        await db.close().catch(() => undefined);
      }
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** Closes the shared engine (at the end of a command) once pending loads are done. */
export async function closeEmbeddedPostgres(): Promise<void> {
  await queue;
  const current = shared;
  shared = undefined;
  await current?.db.close().catch(() => undefined);
}
