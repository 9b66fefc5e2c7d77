// Shared test helpers: build a catalog from SQL with the real embedded PostgreSQL, and run one rule.
import type { Catalog } from '../src/catalog/types.js';
import { loadPostgresDdlFiles } from '../src/sources/postgres/ddl.js';
import { runRules } from '../src/rules/engine.js';
import { resolveConfig, type UserConfig } from '../src/config.js';
import type { Finding, Rule } from '../src/rules/types.js';

/** Loads `sql` as if it were the file `schema.sql` (line numbers count from 1 in `sql`). */
export async function catalogFromSql(sql: string, file = 'schema.sql'): Promise<Catalog> {
  return loadPostgresDdlFiles([{ path: file, text: sql }]);
}

/** Runs one rule over the schema `sql` defines and returns its findings. */
export async function check(rule: Rule, sql: string, config: UserConfig = {}): Promise<Finding[]> {
  const catalog = await catalogFromSql(sql);
  return runRules(catalog, [rule], resolveConfig(config)).findings;
}

/** Runs one rule over an already built (possibly edited) catalog. */
export function checkCatalog(rule: Rule, catalog: Catalog, config: UserConfig = {}): Finding[] {
  return runRules(catalog, [rule], resolveConfig(config)).findings;
}

/** `file:line` of a finding, for readable assertions. */
export function at(f: Finding): string {
  return 'file' in f.origin ? `${f.origin.file}:${f.origin.line}` : f.origin.object;
}
