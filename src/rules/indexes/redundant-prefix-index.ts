import type { Index } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { backsConstraint, declaredBefore, describeIndex, indexShape, keyText, leadingPartsMatch, type IndexShape } from './shape.js';

/**
 * Whether btree index `wide` serves every lookup `narrow` serves: same predicate, `narrow`'s key parts
 * (with operator class and collation; sort order as given or all reversed) are a strict left prefix of
 * `wide`'s, and `narrow`'s INCLUDE columns are all in `wide` (so index-only scans still work).
 */
function covers(wide: Index, ws: IndexShape, narrow: Index, ns: IndexShape): boolean {
  if (ws.method !== 'btree' || ws.predicate !== ns.predicate) return false;
  if (ns.parts.length >= ws.parts.length) return false;
  if (!leadingPartsMatch(ns.parts, ws.parts, 'btree')) return false;
  const inWide = new Set([...wide.columns.filter((c): c is string => c !== null), ...wide.includeColumns]);
  return narrow.includeColumns.every((c) => inWide.has(c));
}

const rule: Rule = {
  meta: {
    id: 'indexes/redundant-prefix-index',
    category: 'indexes',
    severity: 'low',
    summary: 'Non-unique btree index whose key is a left prefix of another btree index with the same predicate.',
    why:
      'A btree index on (a, b) already finds rows by a alone, in a order, so a separate index on (a) mostly duplicates it: ' +
      'it costs a write on every INSERT and UPDATE, disk, cache and vacuum time for little or no gain.',
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.indexes.length < 2) continue;
      const shapes = new Map(table.indexes.map((ix) => [ix, indexShape(ix)]));
      for (const ix of table.indexes) {
        // Unique and constraint indexes enforce something: they stay, whatever else covers their key.
        if (ix.unique || backsConstraint(ix)) continue;
        const shape = shapes.get(ix)!;
        if (shape.method !== 'btree') continue;
        const covering = table.indexes.filter((other) => other !== ix && covers(other, shapes.get(other)!, ix, shape));
        if (!covering.length) continue;
        // The narrowest covering index is the cheapest to use in its place.
        covering.sort((a, b) => shapes.get(a)!.parts.length - shapes.get(b)!.parts.length || (declaredBefore(table, a, b) ? -1 : 1));
        const wide = covering[0];
        const ws = shapes.get(wide)!;
        const name = qualifiedName(table);
        const where = shape.predicate ? ` (both WHERE ${shape.predicate})` : '';
        report({
          table,
          columns: ix.columns.filter((c): c is string => c !== null),
          object: ix.name,
          origin: ix.origin,
          message:
            `index ${ix.name} ${keyText(shape)} on ${name} is a left prefix of ${describeIndex(wide)} ${keyText(ws)}${where}: ` +
            `${wide.name} already serves lookups and ordering by ${keyText(shape)}, so ${ix.name} costs a write on every ` +
            `change for little gain; drop it unless a measured query needs the smaller index.`,
          fix: [{ op: 'drop-index', schema: table.schema, table: table.name, name: ix.name, definition: ix.definition }],
        });
      }
    }
  },
};

export default rule;
