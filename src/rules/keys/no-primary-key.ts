import type { Column, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

/** A column set that could become the primary key as it stands: unique, NOT NULL, no expressions, no predicate. */
function promotableKey(table: Table): { columns: string[]; via: string } | undefined {
  const col = (name: string): Column | undefined => table.columns.find((c) => c.name === name);
  const allNotNull = (cols: string[]) => cols.every((c) => col(c) && !col(c)!.nullable);
  const candidates: { columns: string[]; via: string }[] = [];
  for (const u of table.uniques) {
    if (u.columns.length && allNotNull(u.columns)) candidates.push({ columns: u.columns, via: `unique constraint ${u.name}` });
  }
  for (const ix of table.indexes) {
    if (!ix.unique || ix.predicate || ix.columns.some((c) => c === null)) continue;
    const cols = ix.columns as string[];
    if (cols.length && allNotNull(cols)) candidates.push({ columns: cols, via: `unique index ${ix.name}` });
  }
  // The narrowest key makes the cheapest primary key.
  candidates.sort((a, b) => a.columns.length - b.columns.length);
  return candidates[0];
}

const rule: Rule = {
  meta: {
    id: 'keys/no-primary-key',
    category: 'keys',
    severity: 'high',
    summary: 'Base table without a primary key.',
    why:
      'Without a primary key nothing stops duplicate rows, a single row cannot be addressed reliably (ORMs, admin tools, ' +
      'UPDATE/DELETE by key), and logical replication cannot replicate UPDATE or DELETE on the table.',
  },
  check({ catalog, report }) {
    for (const table of catalog.tables) {
      if (!isDataTable(table) || table.primaryKey) continue;
      const name = qualifiedName(table);
      const key = promotableKey(table);
      const id = table.columns.find((c) => c.name === 'id');
      let advice: string;
      let fixColumns: string[] | undefined;
      if (key) {
        fixColumns = key.columns;
        advice = `(${key.columns.join(', ')}) is already unique (${key.via}) and NOT NULL: promote it to the primary key`;
      } else if (id) {
        fixColumns = ['id'];
        advice = `it has an \`id\` column${id.nullable ? ' (nullable, and not declared unique)' : ' (not declared unique)'}: make it the primary key once it is checked for NULLs and duplicates`;
      } else {
        advice = 'no unique NOT NULL column set or `id` column exists to promote: add a surrogate key (e.g. `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`)';
      }
      report({
        table,
        message:
          `${name} has no primary key, so duplicate rows can creep in, rows cannot be addressed one by one, ` +
          `and logical replication cannot carry its UPDATEs and DELETEs; ${advice}.`,
        fix: fixColumns ? [{ op: 'add-primary-key', schema: table.schema, table: table.name, columns: fixColumns }] : undefined,
      });
    }
  },
};

export default rule;
