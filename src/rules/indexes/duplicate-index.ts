import type { Index, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { backsConstraint, declaredBefore, describeIndex, indexShape, keyText, sameShape, type IndexShape } from './shape.js';

/** Which of two identical indexes to keep: the one that enforces the most. */
function rank(ix: Index): number {
  if (ix.primary) return 3;
  if (ix.constraint) return 2;
  if (ix.unique) return 1;
  return 0;
}

/**
 * Whether `keep` makes `drop` unnecessary: same shape, and `drop` enforces nothing `keep` does not.
 * Two unique indexes that differ in NULLS NOT DISTINCT enforce different things and are left alone.
 */
function supersedes(table: Table, keep: Index, ks: IndexShape, drop: Index, ds: IndexShape): boolean {
  if (keep === drop || !sameShape(ks, ds)) return false;
  if (drop.unique && !keep.unique) return false;
  if (drop.unique && keep.unique && ks.nullsNotDistinct !== ds.nullsNotDistinct) return false;
  const r = rank(keep) - rank(drop);
  return r > 0 || (r === 0 && declaredBefore(table, keep, drop));
}

const rule: Rule = {
  meta: {
    id: 'indexes/duplicate-index',
    category: 'indexes',
    severity: 'medium',
    summary: 'Two indexes on the same table with the same key, predicate and method.',
    why:
      'Identical indexes give the planner nothing the first one does not, yet every INSERT, UPDATE and DELETE writes both, ' +
      'both take memory in the buffer cache, both are vacuumed, and both lengthen backups and replicas.',
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.indexes.length < 2) continue;
      const shapes = new Map(table.indexes.map((ix) => [ix, indexShape(ix)]));
      for (const ix of table.indexes) {
        const shape = shapes.get(ix)!;
        const keepers = table.indexes.filter((other) => supersedes(table, other, shapes.get(other)!, ix, shape));
        if (!keepers.length) continue;
        // Name the index that enforces the most, and among equals the first declared.
        keepers.sort((a, b) => rank(b) - rank(a) || (declaredBefore(table, a, b) ? -1 : 1));
        const keep = keepers[0];
        const name = qualifiedName(table);
        const same = [`key ${keyText(shape)}`, `method ${shape.method}`];
        if (shape.predicate) same.push(`predicate WHERE ${shape.predicate}`);
        if (shape.include.length) same.push(`INCLUDE (${shape.include.join(', ')})`);
        const columns = ix.columns.filter((c): c is string => c !== null);
        if (backsConstraint(ix)) {
          // Dropping it means dropping the constraint; a foreign key may depend on it, so no automatic fix.
          report({
            table,
            columns,
            object: ix.name,
            origin: ix.origin,
            message:
              `${describeIndex(ix)} on ${name} duplicates ${describeIndex(keep)} (same ${same.join(', ')}): ` +
              `both enforce the same thing and every write maintains both; drop constraint ${ix.constraint ?? ix.name} ` +
              `(after checking that no foreign key depends on it).`,
          });
          continue;
        }
        const extra = !ix.unique && keep.unique ? `, and ${keep.name} is unique as well` : '';
        report({
          table,
          columns,
          object: ix.name,
          origin: ix.origin,
          message:
            `${describeIndex(ix)} on ${name} duplicates ${describeIndex(keep)} (same ${same.join(', ')})${extra}: ` +
            `the planner never needs both, yet every write updates both; drop ${ix.name}.`,
          fix: [{ op: 'drop-index', schema: table.schema, table: table.name, name: ix.name, definition: ix.definition }],
        });
      }
    }
  },
};

export default rule;
