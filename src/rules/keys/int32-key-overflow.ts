import type { Catalog, Column, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';
import { narrowReferences, sequenceFor, widenToBigint } from './widen.js';

const CEILING: Record<string, number> = { smallint: 32_767, integer: 2_147_483_647 };

function percent(share: number): string {
  const p = share * 100;
  if (p > 0 && p < 0.01) return '<0.01%';
  return `${p < 10 ? p.toFixed(2) : p.toFixed(1)}%`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** What the live statistics say about how much of the key's range is used, as a sentence, and the share. */
function headroom(catalog: Catalog, table: Table, column: Column, ceiling: number): { text: string; share?: number } {
  if (!catalog.hasLiveStats) {
    return { text: 'headroom is unknown: the schema was read without live statistics (run against the live database to measure it)' };
  }
  const seq = sequenceFor(catalog, table, column);
  if (seq && seq.lastValue !== undefined) {
    const limit = Math.min(ceiling, seq.maxValue || ceiling);
    const share = seq.lastValue / limit;
    return {
      share,
      text:
        `sequence ${seq.schema}.${seq.name} is at ${count(seq.lastValue)} of ${count(limit)} ` +
        `(${percent(share)} of the range used, ${count(Math.max(0, limit - seq.lastValue))} values left)`,
    };
  }
  const rows = table.stats?.rowEstimate;
  if (rows !== undefined && rows >= 0) {
    const share = rows / ceiling;
    return {
      share,
      text:
        `the sequence position was not readable, but the table holds about ${count(rows)} rows, so at least ` +
        `${percent(share)} of the range is used (more if rows were deleted or inserts rolled back)`,
    };
  }
  return { text: 'headroom is unknown: neither the sequence position nor a row estimate was readable' };
}

const rule: Rule = {
  meta: {
    id: 'keys/int32-key-overflow',
    category: 'keys',
    severity: 'high',
    summary: 'Auto-incrementing primary key of 32 bits or fewer (serial, integer identity, smallint).',
    why:
      'An integer key stops at 2,147,483,647 (smallint at 32,767). When the sequence reaches it every INSERT fails, and ' +
      'widening the column then rewrites the table and every referencing column under an exclusive lock, during the outage.',
  },
  defaultOptions: {
    /** Share of the range used from which the finding is raised to critical (live statistics only). */
    criticalShare: 0.5,
  },
  check({ catalog, index, options, report }) {
    const criticalShare = typeof options.criticalShare === 'number' ? options.criticalShare : 0.5;
    for (const table of catalog.tables) {
      if (!isDataTable(table) || !table.primaryKey) continue;
      for (const name of table.primaryKey.columns) {
        const column = index.column(table, name);
        if (!column || !column.autoIncrement) continue;
        const signedCeiling = CEILING[column.family];
        if (signedCeiling === undefined) continue;
        // MySQL's UNSIGNED doubles the range (int unsigned stops at 4,294,967,295).
        const ceiling = column.unsigned ? signedCeiling * 2 + 1 : signedCeiling;
        const refs = narrowReferences(index, table, column).length;
        const room = headroom(catalog, table, column, ceiling);
        // An identity's sequence follows the column's new type; a serial's integer sequence keeps the old limit.
        const seq = column.identity ? undefined : sequenceFor(catalog, table, column);
        const also: string[] = [];
        if (refs) also.push(`the ${refs} column${refs === 1 ? '' : 's'} referencing it`);
        if (catalog.source.dialect === 'postgres' && !column.identity && (!seq || seq.dataType !== 'bigint')) {
          also.push(
            seq
              ? `its sequence (ALTER SEQUENCE ${seq.schema}.${seq.name} AS bigint; otherwise it keeps its ${seq.dataType} limit)`
              : `its sequence if that is not bigint already (ALTER SEQUENCE … AS bigint)`,
          );
        }
        const owner = `${qualifiedName(table)}.${name}`;
        report({
          table,
          columns: [name],
          message:
            `${owner} is an auto-incrementing ${column.dataType} primary key: inserts fail once it passes ${count(ceiling)}; ` +
            `${room.text}. Widen it to bigint${also.length ? `, with ${also.join(' and ')}` : ''}; the change rewrites the table ` +
            `under an exclusive lock, so plan it well before the key runs out.`,
          severity: room.share !== undefined && room.share >= criticalShare ? 'critical' : undefined,
          fix: widenToBigint(index, table, column),
        });
      }
    }
  },
};

export default rule;
