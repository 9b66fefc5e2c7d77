import type { Index, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { backsConstraint, declaredBefore, describeIndex, includesCovered, indexShape, keyText, sameKey, type IndexShape } from './shape.js';

/** Which of two identical indexes to keep: the one that enforces the most. */
function rank(ix: Index): number {
  if (ix.primary) return 3;
  if (ix.constraint) return 2;
  if (ix.unique) return 1;
  return 0;
}

/**
 * Whether `keep` makes `drop` unnecessary: same method, predicate and key, `keep` INCLUDEs at least what
 * `drop` does, and `drop` enforces nothing `keep` does not. Among equals, the first declared is kept.
 * Two unique indexes that differ in NULLS NOT DISTINCT enforce different things and are left alone.
 */
function supersedes(table: Table, keep: Index, ks: IndexShape, drop: Index, ds: IndexShape): boolean {
  if (keep === drop || !sameKey(ks, ds) || !includesCovered(ds, ks)) return false;
  if (drop.unique && !keep.unique) return false;
  if (drop.unique && ks.nullsNotDistinct !== ds.nullsNotDistinct) return false;
  const r = rank(keep) - rank(drop);
  if (ks.include.length > ds.include.length) return r >= 0; // keep also serves index-only scans drop serves
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
      const keepersOf = new Map<Index, Index[]>();
      for (const ix of table.indexes) {
        const keepers = table.indexes.filter((other) => supersedes(table, other, shapes.get(other)!, ix, shapes.get(ix)!));
        if (keepers.length) keepersOf.set(ix, keepers);
      }
      for (const [ix, keepers] of keepersOf) {
        // Name the index that stays: not itself redundant, enforcing the most, first declared.
        keepers.sort(
          (a, b) =>
            Number(keepersOf.has(a)) - Number(keepersOf.has(b)) || rank(b) - rank(a) || (declaredBefore(table, a, b) ? -1 : 1),
        );
        const keep = keepers[0];
        const shape = shapes.get(ix)!;
        const ks = shapes.get(keep)!;
        const name = qualifiedName(table);
        const reversed = shape.parts.some((p, i) => p !== ks.parts[i]);
        const same = [`key ${keyText(shape)}`, `method ${shape.method}`];
        if (shape.predicate) same.push(`predicate WHERE ${shape.predicate}`);
        if (shape.include.length) same.push(`INCLUDE (${shape.include.join(', ')})`);
        const notes: string[] = [];
        if (reversed) notes.push(`${keep.name} ${keyText(ks)} is the same btree read backwards`);
        if (ks.include.length > shape.include.length) notes.push(`${keep.name} also INCLUDEs (${ks.include.join(', ')})`);
        if (!ix.unique && keep.unique) notes.push(`being unique, ${keep.name} serves every query ${ix.name} serves`);
        const detail = `same ${same.join(', same ')}${notes.length ? `; ${notes.join('; ')}` : ''}`;
        const columns = ix.columns.filter((c): c is string => c !== null);
        if (backsConstraint(ix)) {
          // Dropping it means dropping the constraint, and a foreign key may depend on it: no automatic fix.
          report({
            table,
            columns,
            object: ix.name,
            origin: ix.origin,
            message:
              `${describeIndex(ix)} on ${name} duplicates ${describeIndex(keep)} (${detail}): ` +
              `both enforce the same thing and every write maintains both; drop constraint ${ix.constraint ?? ix.name} ` +
              `once no foreign key depends on it.`,
          });
          continue;
        }
        report({
          table,
          columns,
          object: ix.name,
          origin: ix.origin,
          message:
            `${describeIndex(ix)} on ${name} duplicates ${describeIndex(keep)} (${detail}): ` +
            `the planner never needs both, yet every write updates both; drop ${ix.name}.`,
          fix: [{ op: 'drop-index', schema: table.schema, table: table.name, name: ix.name, definition: ix.definition }],
        });
      }
    }
  },
};

export default rule;
