// Data types by family: strings (with lengths), numerics, dates and times, JSON, specialised types.
import { typeGroup, typeLabel, type TypeGroup } from '../../catalog/classify.js';
import type { SectionContext } from './context.js';
import { tcol } from './context.js';
import { code, inlineList, mdTable, pct, tally } from './md.js';

const GROUPS: TypeGroup[] = ['strings', 'numerics', 'dates and times', 'booleans', 'json', 'specialised'];

export function dataTypesSection(ctx: SectionContext): string[] {
  const cols = ctx.tables.flatMap((t) => t.columns.map((c) => ({ t, c, group: typeGroup(c), label: typeLabel(c) })));
  if (!cols.length) return [];
  const out = ['### Data types by family', ''];
  const rows: string[][] = [];
  for (const g of GROUPS) {
    const own = cols.filter((x) => x.group === g);
    if (!own.length) continue;
    const types = tally(own.map((x) => x.label));
    const examples = types.slice(0, 3).map(([label]) => code(tcol(own.find((x) => x.label === label)!.t, own.find((x) => x.label === label)!.c)));
    rows.push([g, String(own.length), pct(own.length, cols.length), inlineList(types.map(([l, n]) => `${code(l)} ×${n}`), 8), examples.join(', ')]);
  }
  out.push(`${cols.length} columns on ${ctx.tables.length} tables, by family:`, '');
  out.push(...mdTable(['Family', 'Columns', 'Share', 'Types', 'Examples'], rows, ['l', 'r', 'r', 'l', 'l']), '');
  const varchar = cols.filter((x) => x.c.family === 'varchar');
  if (varchar.length) {
    const unbounded = varchar.filter((x) => x.c.length === undefined).length;
    out.push(
      `String lengths: ${varchar.length} varchar columns (${tally(varchar.filter((x) => x.c.length !== undefined).map((x) => String(x.c.length))).map(([l, n]) => `${l} ×${n}`).join(', ') || 'none with a length'}${unbounded ? `; ${unbounded} without a length` : ''}), ${cols.filter((x) => x.c.family === 'text').length} text, ${cols.filter((x) => x.c.family === 'char').length} char.`,
      '',
    );
  }
  const enums = cols.filter((x) => x.c.family === 'enum').length;
  const arrays = cols.filter((x) => x.c.family === 'array').length;
  const facts: string[] = [];
  if (enums) facts.push(`${enums} enum-typed columns over ${ctx.catalog.enums.length} enum types`);
  if (arrays) facts.push(`${arrays} array columns`);
  const generated = cols.filter((x) => x.c.generated).length;
  if (generated) facts.push(`${generated} generated (computed) columns`);
  if (facts.length) out.push(`Also: ${facts.join(', ')}.`, '');
  return out;
}
