// Small catalogs with a migration graph, for the migration rules' tests.
import type { Catalog, MigrationGraph, MigrationNode, MigrationOperation } from '../../../src/catalog/types.js';
import { loadDjango } from '../../../src/sources/django/index.js';
import { loadSqlalchemy } from '../../../src/sources/sqlalchemy/index.js';

export function op(kind: string, line: number, extra: Partial<MigrationOperation> = {}, file = 'm.py'): MigrationOperation {
  return { kind, reversible: true, origin: { file, line }, ...extra };
}

export function node(id: string, operations: MigrationOperation[], extra: Partial<MigrationNode> = {}): MigrationNode {
  return { id, file: `${id}.py`, dependsOn: [], operations, reversible: operations.every((o) => o.reversible), ...extra };
}

export function graphCatalog(migrations: MigrationGraph | undefined, base: Partial<Catalog> = {}): Catalog {
  return {
    source: { kind: 'test', location: 'test', dialect: 'postgres' },
    schemas: ['public'],
    tables: [],
    functions: [],
    enums: [],
    sequences: [],
    hasLiveStats: false,
    warnings: [],
    ...(migrations ? { migrations } : {}),
    ...base,
  };
}

let helpdesk: Promise<Catalog> | undefined;
export const loadHelpdesk = () => (helpdesk ??= loadDjango('test/sources/django/fixtures/helpdesk'));
let saas: Promise<Catalog> | undefined;
export const loadSaas = () => (saas ??= loadSqlalchemy('test/sources/sqlalchemy/fixtures/saas'));
