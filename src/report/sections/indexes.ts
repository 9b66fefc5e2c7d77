// Index inventory: counts by kind and method, the tables with the most indexes, and the index findings.
import { qualifiedName } from '../../catalog/types.js';
import { CATEGORY_TITLES } from '../text.js';
import type { SectionContext } from './context.js';
import { anchor, capped, code, ev, mdTable, moreLine, pct, tally } from './md.js';

/** Rules whose findings are about redundant or missing indexes. */
const INDEX_FINDING = /^indexes\/|^relations\/(unindexed-foreign-key|fk-missing-index)$/;

export function indexesSection(ctx: SectionContext): string[] {
  const all = ctx.tables.flatMap((t) => t.indexes.map((ix) => ({ t, ix })));
  if (!all.length) return [];
  const n = all.length;
  const count = (f: (x: (typeof all)[number]) => boolean) => all.filter(f).length;
  const out = ['### Index inventory', ''];
  const rows: [string, number][] = [
    ['Single key part', count(({ ix }) => ix.keyParts.length === 1)],
    ['Composite (2+ key parts)', count(({ ix }) => ix.keyParts.length > 1)],
    ['Unique (incl. primary key)', count(({ ix }) => ix.unique)],
    ['Partial (WHERE)', count(({ ix }) => !!ix.predicate)],
    ['Expression key part', count(({ ix }) => ix.columns.some((c) => c === null))],
    ['With INCLUDE columns', count(({ ix }) => ix.includeColumns.length > 0)],
  ];
  out.push(`${n} indexes on ${ctx.tables.filter((t) => t.indexes.length).length} of ${ctx.tables.length} tables.`, '');
  out.push(...mdTable(['Kind', 'Indexes', 'Share'], rows.map(([k, c]) => [k, String(c), pct(c, n)]), ['l', 'r', 'r']), '');
  out.push(`By method: ${tally(all.map(({ ix }) => ix.method)).map(([m, c]) => `${m} ×${c}`).join(', ')}.`, '');
  const per = [...ctx.tables].filter((t) => t.indexes.length).sort((a, b) => b.indexes.length - a.indexes.length || qualifiedName(a).localeCompare(qualifiedName(b))).slice(0, 10);
  out.push(`Tables with the most indexes (top ${per.length}):`, '');
  out.push(
    ...mdTable(
      ['Table', 'Indexes', 'Unique', 'Partial', 'Columns'],
      per.map((t) => [code(qualifiedName(t)), String(t.indexes.length), String(t.indexes.filter((i) => i.unique).length), String(t.indexes.filter((i) => i.predicate).length), String(t.columns.length)]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
    '',
  );
  const found = ctx.review.findings.filter((f) => INDEX_FINDING.test(f.ruleId));
  if (found.length) {
    const byRule = tally(found.map((f) => f.ruleId));
    const cats = [...new Set(found.map((f) => f.category))].map((c) => `[${CATEGORY_TITLES[c]}](${anchor(CATEGORY_TITLES[c])})`);
    out.push(`Redundant and missing indexes found: ${byRule.map(([r, c]) => `${code(r)} ×${c}`).join(', ')} (details in ${cats.join(' and ')}).`, '');
    const { shown, more } = capped(found, ctx.maxRows);
    out.push(...mdTable(['Rule', 'Table', 'Columns', 'Object', 'Evidence'], shown.map((f) => [code(f.ruleId), f.table ? code(f.table) : '–', f.columns.length ? f.columns.map(code).join(', ') : '–', f.object ? code(f.object) : '–', ev(f.origin)])), '', ...moreLine(more));
  }
  return out;
}
