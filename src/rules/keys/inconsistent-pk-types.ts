import type { Column, Table, TypeFamily } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { widenToBigint } from './widen.js';

/**
 * Families that generated surrogate keys come in. String keys are left out: they are natural keys (country codes) or
 * ids issued elsewhere (Stripe's `cus_…`), chosen per table for a reason.
 */
const SURROGATE_FAMILIES: TypeFamily[] = ['smallint', 'integer', 'bigint', 'uuid'];

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
    const keyed: { table: Table; column: Column }[] = [];
    for (const table of catalog.tables) {
      if (!isDataTable(table) || !table.primaryKey) continue;
      // Composite keys (join tables, tenant-scoped keys) follow the keys they combine.
      if (table.primaryKey.columns.length !== 1) continue;
      const column = index.column(table, table.primaryKey.columns[0]);
      if (column && SURROGATE_FAMILIES.includes(column.family)) keyed.push({ table, column });
    }
    const counts = new Map<string, number>();
    for (const k of keyed) counts.set(k.column.family, (counts.get(k.column.family) ?? 0) + 1);
    if (counts.size < 2) return;
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const [majority, majorityCount] = ranked[0];
    // An even split has no norm to measure the others against; say nothing rather than pick a side.
    if (ranked[1][1] === majorityCount) return;
    const tally = ranked.map(([family, n]) => `${family} ${n}`).join(', ');
    for (const { table, column } of keyed) {
      if (column.family === majority) continue;
      const name = qualifiedName(table);
      // Widening an integer key to bigint is a type change; switching between integers and uuids is a data migration.
      const fix: FixOp[] =
        majority === 'bigint' && (column.family === 'integer' || column.family === 'smallint') ? widenToBigint(index, table, column) : [];
      report({
        table,
        columns: [column.name],
        message:
          `the primary key ${name}.${column.name} is ${column.dataType} while the schema's keys are mostly ${majority} ` +
          `(single-column surrogate keys by type: ${tally}); foreign keys to ${name} must remember the exception, ` +
          `and mismatched references follow.`,
        fix,
      });
    }
  },
};

export default rule;
