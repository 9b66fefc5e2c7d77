// Soft delete and audit: soft-delete styles per table, created/updated timestamp coverage, history and
// audit tables, and state columns with no timestamp per state and no history table (information).
import { allowedValues, historyTablesFor, isHistoryTable, isStateColumn, softDeleteMarkers, stateTimestamp, timestampRole } from '../../catalog/classify.js';
import { qualifiedName } from '../../catalog/types.js';
import type { SectionContext } from './context.js';
import { tcol } from './context.js';
import { capped, code, ev, inlineList, mdTable, moreLine, pct, tally } from './md.js';

export function lifecycleSection(ctx: SectionContext): string[] {
  const { tables } = ctx;
  if (!tables.length) return [];
  const out = ['### Soft delete and audit', ''];
  const marked = tables.map((t) => ({ t, markers: softDeleteMarkers(t) })).filter((x) => x.markers.length);
  if (marked.length) {
    const styles = tally(marked.flatMap((x) => [...new Set(x.markers.map((m) => m.style))]));
    out.push(`Soft delete: ${marked.length} of ${tables.length} tables; styles ${styles.map(([s, n]) => `${code(s)} on ${n}`).join(', ')}.`, '');
    const { shown, more } = capped(marked, ctx.maxRows);
    out.push(...mdTable(['Table', 'Style', 'Column', 'Evidence'], shown.map(({ t, markers }) => [code(qualifiedName(t)), [...new Set(markers.map((m) => m.style))].join(', '), markers.map((m) => `${code(m.column.name)}${m.value ? ` = '${m.value}'` : ''}`).join(', '), ev(markers[0].column.origin)])), '', ...moreLine(more));
  } else out.push('Soft delete: no table has a deleted_at, is_deleted, is_active or deleted/archived status column.', '');

  const created = tables.filter((t) => t.columns.some((c) => timestampRole(c) === 'created'));
  const updated = tables.filter((t) => t.columns.some((c) => timestampRole(c) === 'updated'));
  const neither = tables.filter((t) => !created.includes(t) && !updated.includes(t));
  out.push(`Timestamps: created on ${created.length} of ${tables.length} tables (${pct(created.length, tables.length)}), updated on ${updated.length} (${pct(updated.length, tables.length)}); neither on ${neither.length}${neither.length ? `: ${inlineList(neither.map((t) => code(qualifiedName(t))), 8)}` : ''}.`, '');

  const history = tables.filter((t) => isHistoryTable(t.name));
  if (history.length) {
    out.push(`History and audit tables (by name): ${history.length}.`, '');
    out.push(...mdTable(['Table', 'Columns', 'Evidence'], history.slice(0, ctx.maxRows).map((t) => [code(qualifiedName(t)), inlineList(t.columns.map((c) => code(c.name)), 8), ev(t.origin)])), '', ...moreLine(history.length - ctx.maxRows));
  } else out.push('History and audit tables (by name): none.', '');

  const states = tables.flatMap((t) => t.columns.filter(isStateColumn).map((c) => ({ t, c, values: allowedValues(t, c) }))).filter((s) => s.values.length);
  if (states.length) {
    out.push(`State columns with a known set of values: ${states.length}. For each state, the \`<state>_at\` column recording when a row entered it, and a history table named after the table:`, '');
    const { shown, more } = capped(states, ctx.maxRows);
    out.push(
      ...mdTable(
        ['Column', 'States', 'States with a timestamp', 'History table', 'Evidence'],
        shown.map(({ t, c, values }) => {
          const stamped = values.map((v) => ({ v, col: stateTimestamp(t, v) })).filter((x) => x.col);
          const hist = historyTablesFor(t, ctx.names);
          return [code(tcol(t, c)), String(values.length), stamped.length ? `${stamped.length}: ${stamped.map((x) => code(x.col!.name)).join(', ')}` : 'none', hist.length ? hist.map(code).join(', ') : 'none', ev(c.origin)];
        }),
      ),
      '',
      ...moreLine(more),
    );
  }
  return out;
}
