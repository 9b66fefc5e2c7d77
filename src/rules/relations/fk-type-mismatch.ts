import type { Column } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { intWidth } from './types-compat.js';
import { judgedForeignKeys } from './foreign-keys.js';

/** Why a referencing column narrower than its key is worse than one that is merely different. */
function narrower(child: Column, parent: Column): boolean {
  const a = intWidth(child.family);
  const b = intWidth(parent.family);
  if (a !== undefined && b !== undefined) return a < b;
  if (child.length !== undefined && parent.length === undefined && (parent.family === 'text' || parent.family === 'varchar')) return true;
  if (child.length !== undefined && parent.length !== undefined) return child.length < parent.length;
  if (child.precision !== undefined && parent.precision !== undefined) return child.precision < parent.precision;
  return false;
}

const rule: Rule = {
  meta: {
    id: 'relations/fk-type-mismatch',
    category: 'relations',
    severity: 'medium',
    summary: 'Foreign-key column whose type differs from the key it references.',
    why:
      'PostgreSQL accepts a foreign key between compatible but different types (integer → bigint, varchar(50) → varchar(100)). ' +
      'A narrower child cannot hold every key the parent can issue, so inserts start failing once the parent grows past it; ' +
      'any difference costs casts in joins and misleads code generated from the schema.',
  },
  check({ catalog, index, report }) {
    // SQLite stores by affinity: INT, INTEGER and BIGINT columns all hold the same 64-bit integers.
    const sameType = (a: Column, b: Column) =>
      catalog.source.dialect === 'sqlite' ? a.family === b.family || (intWidth(a.family) !== undefined && intWidth(b.family) !== undefined) : a.dataType === b.dataType;
    for (const { table, fk } of judgedForeignKeys(index)) {
      const parent = index.table(fk.refSchema, fk.refTable);
      if (!parent) continue;
      const pairs: { child: Column; key: Column }[] = [];
      fk.columns.forEach((name, i) => {
        const child = index.column(table, name);
        const key = index.column(parent, fk.refColumns[i]);
        if (child && key && !sameType(child, key)) pairs.push({ child, key });
      });
      if (!pairs.length) continue;
      const worse = pairs.some((p) => narrower(p.child, p.key));
      const detail = pairs
        .map((p) => `${table.name}.${p.child.name} is ${p.child.dataType} but ${parent.name}.${p.key.name} is ${p.key.dataType}`)
        .join('; ');
      const consequence = worse
        ? `the referencing column is narrower, so once ${qualifiedName(parent)} issues a key it cannot hold, inserts into ${qualifiedName(table)} fail`
        : `every join casts between the two types and code generated from the schema disagrees with itself`;
      const fix: FixOp[] = pairs.map((p) => ({
        op: 'alter-type',
        schema: table.schema,
        table: table.name,
        column: p.child.name,
        from: p.child.dataType,
        to: p.key.dataType,
      }));
      report({
        table,
        columns: pairs.map((p) => p.child.name),
        object: fk.name,
        message: `foreign key ${fk.name}: ${detail}; ${consequence}. Make the referencing column the same type as the key.`,
        severity: worse ? 'high' : undefined,
        fix,
      });
    }
  },
};

export default rule;
