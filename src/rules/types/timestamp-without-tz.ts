import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, ident, stringOption, words } from './shared.js';

const rule: Rule = {
  meta: {
    id: 'types/timestamp-without-tz',
    // MySQL's DATETIME and SQLite's text dates have no zone-aware alternative worth proposing here.
    dialects: ['postgres'],
    category: 'types',
    severity: 'medium',
    summary: 'Column of type `timestamp without time zone`.',
    why:
      '`timestamp` stores a wall-clock reading with no time zone, so the same instant written from sessions in different ' +
      'zones is stored differently, comparisons with now() depend on the session TimeZone, and daylight-saving changes ' +
      'make values ambiguous. `timestamptz` stores an absolute instant.',
  },
  defaultOptions: {
    /**
     * The zone the existing values were written in, used by the fix's USING clause (`col AT TIME ZONE '<zone>'`).
     * `session` leaves USING out, so PostgreSQL reads them in the TimeZone of the session that runs the migration.
     */
    sourceTimeZone: 'UTC',
  },
  check({ catalog, options, report }) {
    const zone = stringOption(options, 'sourceTimeZone', 'UTC');
    for (const table of dataTables(catalog.tables)) {
      for (const column of table.columns) {
        if (column.family !== 'timestamp') continue;
        // A column that says it holds local wall-clock time (`local_start_time`, `starts_at_local`) is deliberate.
        if (words(column.name).includes('local')) continue;
        const name = `${qualifiedName(table)}.${column.name}`;
        const reading =
          zone === 'session'
            ? `the fix has no USING clause, so PostgreSQL reads the existing values in the TimeZone of the session that runs it: set that to the zone they were written in`
            : `the fix reads the existing values as ${zone} (USING ${ident(column.name)} AT TIME ZONE '${zone}'); if they were written in another zone, change the zone (option sourceTimeZone) before applying it`;
        report({
          table,
          columns: [column.name],
          message:
            `${name} is ${column.dataType}: it stores a wall-clock reading without its time zone, so the same instant ` +
            `written from sessions in different zones is stored differently and comparisons with now() depend on the ` +
            `session TimeZone. Use timestamptz, which stores the instant itself; ${reading}.` +
            (column.generated ? ' It is a generated column, so its expression must be changed with it.' : ''),
          fix: column.generated
            ? undefined
            : [
                {
                  op: 'alter-type',
                  schema: table.schema,
                  table: table.name,
                  column: column.name,
                  from: column.dataType,
                  to: withTimeZone(column.dataType),
                  ...(zone === 'session' ? {} : { using: `${ident(column.name)} AT TIME ZONE '${zone.replace(/'/g, "''")}'` }),
                },
              ],
        });
      }
    }
  },
};

/** `timestamp(3) without time zone` → `timestamp(3) with time zone`, keeping a declared precision. */
function withTimeZone(dataType: string): string {
  const precision = /^timestamp\s*\((\d+)\)/i.exec(dataType)?.[1];
  return precision ? `timestamp(${precision}) with time zone` : 'timestamp with time zone';
}

export default rule;
