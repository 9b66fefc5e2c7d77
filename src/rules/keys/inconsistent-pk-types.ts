import type { Column, Table, TypeFamily } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { widenToBigint } from './widen.js';

/** Families that surrogate keys come in; a string key only counts when the column is called `id`. */
const SURROGATE_FAMILIES: TypeFamily[] = ['smallint', 'integer', 'bigint', 'uuid'];
const STRING_FAMILIES: TypeFamily[] = ['text', 'varchar', 'char'];

/** Tie-break order when two key types are equally common: the one a new table should use wins. */
const PREFERENCE: string[] = ['bigint', 'uuid', 'integer', 'smallint', 'text', 'varchar', 'char'];

function keyTypeLabel(col: Column): string {
  return STRING_FAMILIES.includes(col.family) ? 'string' : col.family;
}

const rule: Rule = {
  meta: {
    id: 'keys/inconsistent-pk-types',
    category: 'keys',
    severity: 'medium',
    summary: 'Surrogate primary keys use different types across the schema (uuid here, bigint there, integer elsewhere).',
    why:
      'Mixed key types make every new foreign key a guess, invite type-mismatched references (integer columns pointing at ' +
      'bigint keys), and leave the narrower keys to overflow first. One key type per schema is a decision, not an accident.',
  },
  check({ catalog, index, report }) {
    const keyed: { table: Table; column: Column; label: string }[] = [];
    for (const table of catalog.tables) {
      if (!isDataTable(table) || !table.primaryKey) continue;
      // Composite keys (join tables, tenant-scoped keys) follow the keys they combine.
      if (table.primaryKey.columns.length !== 1) continue;
      const column = index.column(table, table.primaryKey.columns[0]);
      if (!column) continue;
      const surrogate = SURROGATE_FAMILIES.includes(column.family) || (column.name === 'id' && STRING_FAMILIES.includes(column.family));
      if (!surrogate) continue; // natural keys (country code, currency code) are a separate, legitimate choice
      keyed.push({ table, column, label: keyTypeLabel(column) });
    }
    const counts = new Map<string, number>();
    for (const k of keyed) counts.set(k.label, (counts.get(k.label) ?? 0) + 1);
    if (counts.size < 2) return;
    const ranked = [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || PREFERENCE.indexOf(a[0]) - PREFERENCE.indexOf(b[0]),
    );
    const [majority, majorityCount] = ranked[0];
    const tie = ranked[1][1] === majorityCount;
    const tally = ranked.map(([label, n]) => `${label} ${n}`).join(', ');
    for (const { table, column, label } of keyed) {
      if (label === majority) continue;
      const name = qualifiedName(table);
      const fix: FixOp[] = [];
      // Widening an integer key to bigint is a type change; switching between integers and uuids is a data migration.
      if (majority === 'bigint' && (label === 'integer' || label === 'smallint')) fix.push(...widenToBigint(index, table, column));
      report({
        table,
        columns: [column.name],
        message:
          `the primary key ${name}.${column.name} is ${column.dataType} while the schema's keys are mostly ${majority}` +
          `${tie ? ` (tied with ${ranked[1][0]}; ${majority} is taken as the norm)` : ''} (single-column surrogate keys by type: ${tally}); ` +
          `foreign keys to ${name} must remember the exception, and mismatched references follow.`,
        fix,
      });
    }
  },
};

export default rule;
