// Helpers shared by the migration rules: where a migration's evidence is, which operations build an index.
import type { Catalog, MigrationNode, MigrationOperation, Origin } from '../../catalog/types.js';

/** The notes of one kind, from the application facts of an ORM source (none for plain DDL). */
export function notesOf(catalog: Catalog, kind: string): { kind: string; message: string; origin: Origin }[] {
  return (catalog.app?.notes ?? []).filter((n) => n.kind === kind);
}

export function fileOf(origin: Origin): string | undefined {
  return 'file' in origin ? origin.file : undefined;
}

/** A line of the migration to point at: a note about it, else its first operation, else the file's first line. */
export function nodeOrigin(catalog: Catalog, node: MigrationNode, noteKinds: string[]): Origin {
  const note = (catalog.app?.notes ?? []).find((n) => noteKinds.includes(n.kind) && fileOf(n.origin) === node.file);
  if (note) return note.origin;
  return node.operations[0]?.origin ?? { file: node.file, line: 1 };
}

/** Operations that create a table: an index on it in the same migration is built while it is empty. */
const CREATES_TABLE = new Set(['create-table', 'create-model']);
export function createsTable(op: MigrationOperation): boolean {
  return CREATES_TABLE.has(op.kind);
}

/** Operations that build an index: AddIndex(Concurrently), op.create_index, ->index(), RunSQL CREATE INDEX. */
export function buildsIndex(op: MigrationOperation): boolean {
  return op.kind === 'add-index' || op.kind === 'create-index' || op.detail === 'create-index';
}

/** Bare table name (`public.tickets` → `tickets`), lower-cased, for matching operations to each other. */
export function bareTable(name: string | undefined): string | undefined {
  return name ? name.split('.').pop()!.replace(/"/g, '').toLowerCase() : undefined;
}

/** Tables a migration creates itself. */
export function tablesCreatedIn(node: MigrationNode): Set<string> {
  const out = new Set<string>();
  for (const op of node.operations) if (createsTable(op) && op.table) out.add(bareTable(op.table)!);
  return out;
}

/** How the framework names the way to build the index without locking writes. */
export function concurrentlyAdvice(framework: string): string {
  switch (framework) {
    case 'django':
      return 'use AddIndexConcurrently (django.contrib.postgres.operations) in a migration with atomic = False';
    case 'alembic':
    case 'sqlalchemy':
      return 'pass postgresql_concurrently=True to op.create_index inside `with op.get_context().autocommit_block():`';
    case 'laravel':
      return 'run DB::statement(\'CREATE INDEX CONCURRENTLY …\') in a migration with `public $withinTransaction = false;`';
    default:
      return 'use CREATE INDEX CONCURRENTLY outside a transaction';
  }
}
