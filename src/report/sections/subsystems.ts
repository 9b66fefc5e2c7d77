// Subsystems recognised by table names, with their tables, and the building blocks looked for in each
// (found or not: information, never a defect).
import { BUILDING_BLOCKS, SUBSYSTEMS, subsystemsOf, type Subsystem } from '../../catalog/classify.js';
import { qualifiedName, type Table } from '../../catalog/types.js';
import type { SectionContext } from './context.js';
import { tcol } from './context.js';
import { code, inlineList, mdTable } from './md.js';

export function subsystemTables(tables: Table[]): Map<Subsystem, Table[]> {
  const m = new Map<Subsystem, Table[]>();
  for (const t of tables) for (const s of subsystemsOf(t)) m.set(s, [...(m.get(s) ?? []), t]);
  return m;
}

export function subsystemsSection(ctx: SectionContext): string[] {
  const bySub = subsystemTables(ctx.tables);
  if (!bySub.size) return [];
  const present = SUBSYSTEMS.filter((s) => bySub.has(s));
  const out = ['### Subsystems', ''];
  out.push(`Recognised by table names (patterns in docs/report.md): ${present.length} of ${SUBSYSTEMS.length}.`, '');
  out.push(...mdTable(['Subsystem', 'Tables', 'Which'], present.map((s) => [s, String(bySub.get(s)!.length), inlineList(bySub.get(s)!.map((t) => code(qualifiedName(t))), 8)]), ['l', 'r', 'l']), '');
  const absent = SUBSYSTEMS.filter((s) => !bySub.has(s));
  if (absent.length) out.push(`Not recognised: ${absent.join(', ')}.`, '');
  const rows: string[][] = [];
  for (const s of present) {
    for (const block of BUILDING_BLOCKS[s] ?? []) {
      const own = bySub.get(s)!;
      const hits = [
        ...(block.table ? own.filter((t) => block.table!.test(t.name.toLowerCase())).map((t) => code(qualifiedName(t))) : []),
        ...(block.column ? own.flatMap((t) => t.columns.filter((c) => block.column!.test(c.name.toLowerCase())).map((c) => code(tcol(t, c)))) : []),
      ];
      rows.push([s, block.label, hits.length ? `yes: ${inlineList(hits, 3)}` : 'not found']);
    }
  }
  if (rows.length) out.push('Building blocks looked for in each subsystem\'s tables, by column name (information, not findings):', '', ...mdTable(['Subsystem', 'Looked for', 'Found'], rows), '');
  return out;
}
