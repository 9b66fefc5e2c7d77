import type { Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, stringList } from '../types/shared.js';
import {
  ACTIVE_MARKERS,
  DELETED_STATUS_VALUES,
  FLAG_MARKERS,
  TIMESTAMP_MARKERS,
  activeMarkers,
  flagMarkers,
  normal,
  statusMarkers,
  timestampMarkers,
} from './shared.js';

type Style = 'timestamp' | 'flag' | 'status' | 'active';
/** Tie-break order when two styles are equally common: the first is the better convention. */
const ORDER: Style[] = ['timestamp', 'flag', 'status', 'active'];

const LABEL: Record<Style, string> = {
  timestamp: 'a deletion timestamp',
  flag: 'a boolean deleted flag',
  status: 'a deleted status value',
  active: 'a boolean active flag',
};

interface TableStyle {
  table: Table;
  styles: Map<Style, { columns: string[]; detail: string }>;
}

const rule: Rule = {
  meta: {
    id: 'soft-delete/mixed-styles',
    category: 'soft-delete',
    severity: 'low',
    summary: 'The schema marks deleted rows in more than one way (deleted_at, is_deleted, is_active, a status value).',
    why:
      'Every query, ORM scope, unique index and report has to know which convention each table follows; with several ' +
      'in use, someone eventually filters a table the wrong way and deleted rows come back into view.',
  },
  defaultOptions: {
    timestampColumns: TIMESTAMP_MARKERS,
    flagColumns: FLAG_MARKERS,
    /** is_active-like flags count as a soft-delete style only on tables that have no other soft-delete marker. */
    activeColumns: ACTIVE_MARKERS,
    deletedStatusValues: DELETED_STATUS_VALUES,
  },
  check({ catalog, options, report }) {
    const timestampNames = stringList(options, 'timestampColumns', TIMESTAMP_MARKERS).map(normal);
    const flagNames = stringList(options, 'flagColumns', FLAG_MARKERS).map(normal);
    const activeNames = stringList(options, 'activeColumns', ACTIVE_MARKERS).map(normal);
    const statusValues = stringList(options, 'deletedStatusValues', DELETED_STATUS_VALUES).map((v) => v.toLowerCase());

    const styled: TableStyle[] = [];
    for (const table of dataTables(catalog.tables)) {
      const styles: TableStyle['styles'] = new Map();
      const ts = timestampMarkers(table, timestampNames);
      if (ts.length) styles.set('timestamp', { columns: ts.map((c) => c.name), detail: ts.map((c) => c.name).join(', ') });
      const flags = flagMarkers(table, flagNames);
      if (flags.length) styles.set('flag', { columns: flags.map((c) => c.name), detail: flags.map((c) => c.name).join(', ') });
      const status = statusMarkers(table, statusValues);
      if (status.length) styles.set('status', { columns: status.map((s) => s.column.name), detail: status.map((s) => `${s.column.name} = '${s.value}'`).join(', ') });
      // is_active means "not deleted" only where nothing else marks deletion; next to deleted_at it is a business state.
      if (!styles.size) {
        const active = activeMarkers(table, activeNames);
        if (active.length) styles.set('active', { columns: active.map((c) => c.name), detail: active.map((c) => `${c.name} = false`).join(', ') });
      }
      if (styles.size) styled.push({ table, styles });
    }

    const tablesOf = new Map<Style, Table[]>();
    for (const s of styled) for (const style of s.styles.keys()) tablesOf.set(style, [...(tablesOf.get(style) ?? []), s.table]);
    if (tablesOf.size < 2) return;
    const ranked = [...tablesOf.entries()].sort((a, b) => b[1].length - a[1].length || ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
    const [majority, majorityTables] = ranked[0];
    const tied = ranked[1][1].length === majorityTables.length;
    const tally = ranked.map(([style, tables]) => `${tables.length} ${tables.length === 1 ? 'table uses' : 'tables use'} ${LABEL[style]}`).join(', ');

    for (const { table, styles } of styled) {
      if (styles.has(majority)) continue;
      const own = [...styles.entries()].sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
      const [style, { columns, detail }] = own[0];
      report({
        table,
        columns,
        message:
          `${qualifiedName(table)} marks deleted rows with ${LABEL[style]} (${detail}), while ` +
          `${tied ? 'as many tables' : 'most tables with soft delete'} use ${LABEL[majority]} ` +
          `(${examples(majorityTables)}); in all, ${tally}. With several conventions every query, ORM scope and unique ` +
          `index has to know which one a table follows, and a filter written the wrong way shows deleted rows. ` +
          `Move this table to ${LABEL[majority]}` +
          (style === 'active' ? `, or silence the rule for it if ${columns[0]} means something else than deleted (a suspended account, say)` : '') +
          '.',
      });
    }
  },
};

function examples(tables: Table[]): string {
  const names = tables.map((t) => qualifiedName(t));
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export default rule;
