// The SQL of a fix in the catalog's own dialect: the one place that picks the dialect's writer.
import type { Catalog } from '../catalog/types.js';
import type { FixOp } from './operations.js';
import { mysqlFixSql } from './mysql.js';
import { sqliteFixSql } from './sqlite.js';
import { postgresFixSql, type PostgresFixSql } from './postgres.js';

export type FixSql = PostgresFixSql;

/** The forward, rollback and pre-flight of `ops` for the catalog's dialect. */
export function fixSql(ops: FixOp[], catalog: Catalog): FixSql {
  switch (catalog.source.dialect) {
    case 'postgres':
      return postgresFixSql(ops, catalog);
    case 'mysql':
      return mysqlFixSql(ops, catalog);
    case 'sqlite':
      return sqliteFixSql(ops, catalog);
    default:
      return {
        forward: [],
        rollback: [],
        lockImpact: 'None: no SQL was written.',
        transactional: true,
        unsupported: ops.map(() => `no fix writer for ${catalog.source.dialect} yet`),
      };
  }
}
