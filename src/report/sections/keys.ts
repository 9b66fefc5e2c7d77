// Primary keys: which tables have one, on what columns and types, and how its values are generated.
import { generationLabel, keyGeneration, typeLabel, type KeyGeneration } from '../../catalog/classify.js';
import { qualifiedName, type Table } from '../../catalog/types.js';
import type { SectionContext } from './context.js';
import { capped, code, ev, mdTable, moreLine, pct, tally } from './md.js';

export function keyType(t: Table): string {
  const pk = t.primaryKey;
  if (!pk) return '–';
  if (pk.columns.length > 1) return `composite (${pk.columns.length} columns)`;
  const c = t.columns.find((x) => x.name === pk.columns[0]);
  return c ? typeLabel(c) : '?';
}

export function primaryKeysSection(ctx: SectionContext): string[] {
  const { tables, catalog } = ctx;
  if (!tables.length) return [];
  const dialect = catalog.source.dialect;
  const rows = tables.map((t) => ({ t, gen: keyGeneration(t), type: keyType(t) }));
  const gens = tally(rows.map((r) => generationLabel(r.gen, dialect)));
  const types = tally(rows.filter((r) => r.t.primaryKey).map((r) => r.type));
  const withPk = rows.filter((r) => r.t.primaryKey).length;
  const out = ['### Primary keys', ''];
  out.push(`${withPk} of ${tables.length} tables (${pct(withPk, tables.length)}) have a primary key.`, '');
  out.push(...mdTable(['Generation', 'Tables', 'Share'], gens.map(([g, n]) => [g, String(n), pct(n, tables.length)]), ['l', 'r', 'r']), '');
  if (types.length) out.push(`Key types: ${types.map(([ty, n]) => `${code(ty)} ×${n}`).join(', ')}.`, '');
  // Rarest generation first: the exceptions to the schema's convention are what a reader looks for.
  const freq = new Map(gens.map(([g, n]) => [g, n]));
  const order = (g: KeyGeneration) => freq.get(generationLabel(g, dialect)) ?? 0;
  const sorted = [...rows].sort((a, b) => order(a.gen) - order(b.gen) || qualifiedName(a.t).localeCompare(qualifiedName(b.t)));
  const { shown, more } = capped(sorted, ctx.maxRows);
  if (sorted.length > ctx.maxRows) out.push(`The ${shown.length} tables listed are the least common generations first.`, '');
  out.push(
    ...mdTable(
      ['Table', 'Key columns', 'Type', 'Generation', 'Evidence'],
      shown.map(({ t, gen, type }) => [code(qualifiedName(t)), t.primaryKey ? t.primaryKey.columns.map(code).join(', ') : '–', type === '–' ? '–' : code(type), generationLabel(gen, dialect), ev(t.primaryKey?.origin ?? t.origin)]),
    ),
    '',
    ...moreLine(more),
  );
  return out;
}
