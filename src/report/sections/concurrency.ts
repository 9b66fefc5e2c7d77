// Optimistic locking and idempotency: version counters, lock tokens and idempotency keys, and where.
import { concurrencyKind, typeLabel } from '../../catalog/classify.js';
import type { SectionContext } from './context.js';
import { tcol } from './context.js';
import { capped, code, ev, mdTable, moreLine, tally } from './md.js';

export function concurrencySection(ctx: SectionContext): string[] {
  const found = ctx.tables.flatMap((t) => t.columns.map((c) => ({ t, c, kind: concurrencyKind(c) }))).filter((x) => x.kind);
  if (!found.length) return [];
  const out = ['### Optimistic locking and idempotency', ''];
  out.push(`${found.length} column${found.length === 1 ? '' : 's'}: ${tally(found.map((x) => x.kind!)).map(([k, n]) => `${k} ×${n}`).join(', ')}. A column's name says what it is for; whether the application checks it on UPDATE is not in the schema.`, '');
  const unique = (x: (typeof found)[number]) => x.t.uniques.some((u) => u.columns.includes(x.c.name)) || x.t.indexes.some((i) => i.unique && i.columns.includes(x.c.name));
  const { shown, more } = capped(found, ctx.maxRows);
  out.push(...mdTable(['Column', 'Kind', 'Type', 'Unique', 'Evidence'], shown.map((x) => [code(tcol(x.t, x.c)), x.kind!, code(typeLabel(x.c)), unique(x) ? 'yes' : 'no', ev(x.c.origin)])), '', ...moreLine(more));
  return out;
}
