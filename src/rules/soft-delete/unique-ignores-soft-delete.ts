import type { Column, Origin, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { CatalogIndex } from '../../catalog/lookup.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { dataTables, mentionsColumn, objectName, stringList, words } from '../types/shared.js';
import { liveRowsPredicate, normal } from './shared.js';

/** Columns that mark a row as soft-deleted, in order of preference for the fix's predicate. */
const SOFT_DELETE_COLUMNS = ['deleted_at', 'is_deleted', 'deleted', 'discarded_at', 'archived_at'];
/** Names of surrogate key columns: a unique key that contains one is new for every row anyway. */
const SURROGATE_NAMES = ['id', 'uuid', 'guid', 'ulid', 'public_id'];
const GENERATED_DEFAULT = /\b(nextval|gen_random_uuid|uuid_generate_v[1-7]\w*|uuidv[47]|gen_random_ulid|generate_ulid)\s*\(/i;

interface UniqueKey {
  kind: 'unique constraint' | 'unique index';
  name: string;
  /** Key parts as written: column names, or expressions. */
  parts: string[];
  columns: string[];
  hasExpressions: boolean;
  predicate?: string;
  definition?: string;
  origin: Origin;
}

function uniqueKeys(table: Table): UniqueKey[] {
  const keys: UniqueKey[] = table.uniques.map((u) => ({
    kind: 'unique constraint',
    name: u.name,
    parts: u.columns,
    columns: u.columns,
    hasExpressions: false,
    origin: u.origin,
  }));
  for (const ix of table.indexes) {
    // Indexes behind a constraint are the constraint itself (listed above, or the primary key).
    if (!ix.unique || ix.primary || ix.constraint || table.uniques.some((u) => u.name === ix.name)) continue;
    keys.push({
      kind: 'unique index',
      name: ix.name,
      parts: ix.keyParts,
      columns: ix.columns.filter((c): c is string => c !== null),
      hasExpressions: ix.columns.some((c) => c === null),
      predicate: ix.predicate,
      definition: ix.definition,
      origin: ix.origin,
    });
  }
  return keys;
}

function isSurrogate(table: Table, column: Column | undefined, surrogateNames: string[]): boolean {
  if (!column) return false;
  const pk = table.primaryKey?.columns;
  if (pk && pk.length === 1 && pk[0] === column.name) return true;
  if (column.autoIncrement || column.identity) return true;
  if (column.default && GENERATED_DEFAULT.test(column.default)) return true;
  const w = words(column.name);
  return surrogateNames.includes(normal(column.name)) || w[w.length - 1] === 'uuid' || w[w.length - 1] === 'guid';
}

/** Foreign keys elsewhere that point at exactly these columns: they need the unique key to stay non-partial. */
function referencingKeys(index: CatalogIndex, table: Table, columns: string[]): string[] {
  return index
    .referencedBy(table)
    .filter(({ fk }) => fk.refColumns.length === columns.length && fk.refColumns.every((c) => columns.includes(c)))
    .map(({ table: t, fk }) => `${qualifiedName(t)}.${fk.name}`);
}

/** Column lists of the table's foreign keys that index `keyName` (on `columns`) alone leads with. */
function foreignKeysOnlyServedBy(table: Table, keyName: string, columns: string[]): string[][] {
  const out: string[][] = [];
  for (const fk of table.foreignKeys) {
    if (!fk.columns.every((c, i) => columns[i] === c)) continue;
    if (out.some((o) => o.join() === fk.columns.join())) continue;
    const other = table.indexes.some((ix) => ix.name !== keyName && !ix.predicate && fk.columns.every((c, i) => ix.columns[i] === c));
    if (!other) out.push(fk.columns);
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'soft-delete/unique-ignores-soft-delete',
    category: 'soft-delete',
    severity: 'medium',
    summary: 'Unique key on a soft-deleted table that also counts the deleted rows.',
    why:
      'A soft-deleted row keeps its values, so a unique key that does not exclude it still blocks them: a user who ' +
      'deleted an account cannot sign up again with the same email, a deleted slug or SKU can never be reused.',
  },
  defaultOptions: {
    /** Columns that mark a row as soft-deleted, in order of preference for the fix's predicate. */
    softDeleteColumns: SOFT_DELETE_COLUMNS,
    /** Surrogate key names: a unique key containing one is left alone. */
    surrogateNames: SURROGATE_NAMES,
  },
  check({ catalog, index, options, report }) {
    const markerNames = stringList(options, 'softDeleteColumns', SOFT_DELETE_COLUMNS).map(normal);
    const surrogateNames = stringList(options, 'surrogateNames', SURROGATE_NAMES).map(normal);
    for (const table of dataTables(catalog.tables)) {
      const markers = table.columns
        .filter((c) => markerNames.includes(normal(c.name)) && ['timestamp', 'timestamptz', 'date', 'boolean', 'smallint'].includes(c.family))
        .sort((a, b) => markerNames.indexOf(normal(a.name)) - markerNames.indexOf(normal(b.name)));
      if (!markers.length) continue;
      const marker = markers[0];
      const name = qualifiedName(table);

      for (const key of uniqueKeys(table)) {
        if (markers.some((m) => key.columns.includes(m.name) || key.parts.some((p) => mentionsColumn(p, m.name)))) continue;
        if (key.predicate && markers.some((m) => mentionsColumn(key.predicate!, m.name))) continue;
        if (key.columns.some((c) => isSurrogate(table, table.columns.find((col) => col.name === c), surrogateNames))) continue;

        const live = liveRowsPredicate(marker);
        const predicate = key.predicate ? `(${key.predicate}) AND ${live}` : live;
        const referencedBy = referencingKeys(index, table, key.columns);
        const keyText = `(${key.parts.join(', ')})`;
        let fix: FixOp[] | undefined;
        let how: string;
        if (referencedBy.length) {
          how =
            ` It cannot simply become partial: foreign key${referencedBy.length > 1 ? 's' : ''} ${referencedBy.join(', ')} reference${referencedBy.length > 1 ? '' : 's'} ` +
            `${keyText}, and a foreign key needs a unique key over all rows; point ${referencedBy.length > 1 ? 'them' : 'it'} at the primary key first, ` +
            `then replace ${key.name} with a partial unique index ${keyText} WHERE ${predicate}.`;
        } else if (key.kind === 'unique index' && !key.hasExpressions) {
          const replacement = objectName(table.name, ...key.columns, 'live', 'key');
          how = ` Replace it with a partial unique index ${keyText} WHERE ${predicate}.`;
          fix = [{ op: 'add-unique', schema: table.schema, table: table.name, columns: key.columns, name: replacement, predicate }];
          // A partial index serves no foreign key: one whose columns only this key led with keeps a plain index.
          for (const fkColumns of foreignKeysOnlyServedBy(table, key.name, key.columns)) {
            fix.push({ op: 'add-index', schema: table.schema, table: table.name, columns: fkColumns });
          }
          fix.push({ op: 'drop-index', schema: table.schema, table: table.name, name: key.name, definition: key.definition ?? '' });
        } else if (key.kind === 'unique constraint' && !key.hasExpressions) {
          // A constraint cannot have a WHERE: it is replaced by a partial unique index.
          const replacement = objectName(table.name, ...key.columns, 'live', 'key');
          how = ` Replace it with a partial unique index ${keyText} WHERE ${predicate} (a constraint cannot be partial).`;
          fix = [];
          for (const fkColumns of foreignKeysOnlyServedBy(table, key.name, key.columns)) {
            fix.push({ op: 'add-index', schema: table.schema, table: table.name, columns: fkColumns });
          }
          fix.push({ op: 'replace-unique', schema: table.schema, table: table.name, constraint: key.name, oldColumns: key.columns, columns: key.columns, predicate, name: replacement });
        } else {
          // An expression index: no fix operation rebuilds one with a predicate.
          how = ` Replace it with a partial unique index: CREATE UNIQUE INDEX ON ${name} ${keyText} WHERE ${predicate}, then drop ${key.name}.`;
        }
        const archivedOnly = normal(marker.name) === 'archived_at' || normal(marker.name) === 'is_archived';
        report({
          table,
          columns: key.columns,
          object: key.name,
          origin: key.origin,
          message:
            `${name} is soft-deleted through ${marker.name}, but ${key.kind} ${key.name} on ${keyText} also counts the ` +
            `${archivedOnly ? 'archived' : 'deleted'} rows: once a row is ${archivedOnly ? 'archived' : 'deleted'}, its ` +
            `${key.parts.join(', ')} can never be used again, and creating it anew fails with a duplicate-key error.${how}` +
            (archivedOnly ? ` If archived rows must keep their values reserved (so that restoring one cannot collide), silence the rule for this key.` : ''),
          fix,
        });
      }
    }
  },
};

export default rule;
