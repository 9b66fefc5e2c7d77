// Constraints inventory: NOT NULL share, UNIQUE (single, composite, partial), CHECK by kind, and the
// enumerations the database enforces (enum types, IN-list CHECKs) versus those only the application knows.
import { allowedValues, checkKind, checkListValues, type CheckKind } from '../../catalog/classify.js';
import { qualifiedName, type Origin } from '../../catalog/types.js';
import type { SectionContext } from './context.js';
import { tcol } from './context.js';
import { capped, code, escapeMd, ev, inlineList, mdTable, moreLine, pct } from './md.js';

const KIND_TEXT: Record<CheckKind, string> = { 'in-list': 'IN-list enumerations', range: 'ranges and comparisons', other: 'other expressions' };

export function constraintsSection(ctx: SectionContext): string[] {
  const { tables } = ctx;
  const cols = tables.flatMap((t) => t.columns);
  if (!cols.length) return [];
  const out = ['### Constraints and enumerations', ''];
  const notNull = cols.filter((c) => !c.nullable).length;
  out.push(`NOT NULL: ${notNull} of ${cols.length} columns (${pct(notNull, cols.length)}).`, '');

  // UNIQUE: constraints, and unique indexes that are not behind a primary key or a unique constraint.
  const uniques: { columns: number; partial: boolean; nnd: boolean; expression: boolean }[] = [];
  for (const t of tables) {
    for (const u of t.uniques) uniques.push({ columns: u.columns.length, partial: false, nnd: u.nullsNotDistinct, expression: false });
    const constraintNames = new Set(t.uniques.map((u) => u.name));
    for (const ix of t.indexes) if (ix.unique && !ix.primary && !(ix.constraint && constraintNames.has(ix.constraint)) && !constraintNames.has(ix.name)) uniques.push({ columns: ix.keyParts.length, partial: !!ix.predicate, nnd: false, expression: ix.columns.some((c) => c === null) });
  }
  if (uniques.length) {
    const single = uniques.filter((u) => u.columns === 1).length;
    const bits = [`${single} single-column`, `${uniques.length - single} composite`, `${uniques.filter((u) => u.partial).length} partial`];
    const expr = uniques.filter((u) => u.expression).length;
    if (expr) bits.push(`${expr} on expressions`);
    const nnd = uniques.filter((u) => u.nnd).length;
    if (nnd) bits.push(`${nnd} NULLS NOT DISTINCT`);
    out.push(`UNIQUE: ${uniques.length} (unique constraints and unique indexes, primary keys aside): ${bits.join(', ')}.`, '');
  } else out.push('UNIQUE: none besides primary keys.', '');

  const checks = tables.flatMap((t) => t.checks.map((ck) => ({ t, ck, kind: checkKind(ck) })));
  if (checks.length) {
    const notValid = checks.filter((x) => !x.ck.validated).length;
    out.push(`CHECK: ${checks.length} constraints${notValid ? ` (${notValid} NOT VALID)` : ''}.`, '');
    out.push(
      ...mdTable(
        ['Kind', 'Count', 'Example', 'Evidence'],
        (['in-list', 'range', 'other'] as const)
          .map((k) => ({ k, own: checks.filter((x) => x.kind === k) }))
          .filter(({ own }) => own.length)
          .map(({ k, own }) => [KIND_TEXT[k], String(own.length), `${code(qualifiedName(own[0].t))}: ${code(own[0].ck.expression.length > 80 ? `${own[0].ck.expression.slice(0, 77)}...` : own[0].ck.expression)}`, ev(own[0].ck.origin)]),
        ['l', 'r', 'l', 'l'],
      ),
      '',
    );
  }

  // Enumerations: enforced by the database, or known only to the application.
  const enforced: { what: string; by: string; values: string[]; origin: Origin }[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      if (c.family === 'enum' || c.enumValues?.length) enforced.push({ what: tcol(t, c), by: `enum type ${code(c.dataType)}`, values: c.enumValues ?? [], origin: c.origin });
    }
    for (const ck of t.checks) {
      if (checkKind(ck) !== 'in-list') continue;
      const col = ck.columns.length === 1 ? ck.columns[0] : undefined;
      const column = col ? t.columns.find((c) => c.name === col) : undefined;
      enforced.push({ what: col ? tcol(t, col) : qualifiedName(t), by: `CHECK ${code(ck.name)}`, values: column ? allowedValues(t, column).filter((v) => checkListValues(ck).includes(v)) : checkListValues(ck), origin: ck.origin });
    }
  }
  const appOnly = (ctx.catalog.app?.notes ?? []).filter((n) => /choice|enum/i.test(n.kind));
  if (enforced.length || appOnly.length || ctx.catalog.app) {
    out.push(`Enumerations: ${enforced.length} enforced by the database (${enforced.filter((e) => e.by.startsWith('enum')).length} enum-typed columns, ${enforced.filter((e) => e.by.startsWith('CHECK')).length} IN-list CHECKs)${ctx.catalog.app ? `; ${appOnly.length} known only to the application (ORM choices with no database constraint)` : ''}.`, '');
    const rowsAll = [
      ...enforced.map((e) => [code(e.what), `database: ${e.by}`, inlineList(e.values.map(code), 8), ev(e.origin)]),
      ...appOnly.map((n) => ['–', 'application only', escapeMd(n.message), ev(n.origin)]),
    ];
    const { shown, more } = capped(rowsAll, ctx.maxRows);
    if (shown.length) out.push(...mdTable(['Column', 'Enforced by', 'Values', 'Evidence'], shown), '', ...moreLine(more));
  }
  if (!ctx.catalog.app) out.push('This source carries no application models (no ORM facts), so enumerations the application alone enforces (e.g. Django `choices`) cannot be seen here.', '');
  return out;
}
