// Relationships per table: many-to-one (its foreign keys), one-to-many (foreign keys pointing at it,
// with the ORM's reverse names when catalog.app gives them), many-to-many through pivot tables.
// Polymorphic associations (type + id column pairs) are listed apart: no foreign key can check them.
import { pivotOf, type Pivot } from '../../catalog/classify.js';
import { qualifiedName, type ForeignKey, type Origin, type Table } from '../../catalog/types.js';
import { modelsOf, type SectionContext } from './context.js';
import { capped, code, ev, inlineList, mdTable, moreLine } from './md.js';

const ref = (fk: ForeignKey) => (fk.refSchema ? `${fk.refSchema}.${fk.refTable}` : fk.refTable);
const action = (fk: ForeignKey) => fk.onDelete.toUpperCase();

/** The reverse (one-to-many) name the ORM gives a foreign key, from the parent's has-many or the child's inverse. */
export function reverseName(ctx: SectionContext, child: Table, fk: ForeignKey): string | undefined {
  const parent = ctx.index.table(fk.refSchema, fk.refTable);
  if (!parent || !ctx.catalog.app) return undefined;
  const childModels = modelsOf(ctx.catalog, child);
  for (const m of childModels) {
    const r = m.relationships.find((x) => x.kind === 'belongs-to' && x.inverse && (!x.columns || x.columns.join() === fk.columns.join()));
    if (r?.inverse) return r.inverse;
  }
  const childNames = new Set(childModels.map((m) => m.name));
  for (const m of modelsOf(ctx.catalog, parent)) {
    const r = m.relationships.find((x) => (x.kind === 'has-many' || x.kind === 'has-one') && (childNames.has(x.target) || x.target === child.name) && (!x.columns || x.columns.join() === fk.columns.join()));
    if (r) return r.name;
  }
  return undefined;
}

export interface Relations {
  out: Map<Table, ForeignKey[]>;
  into: Map<Table, { table: Table; fk: ForeignKey }[]>;
  pivots: { table: Table; pivot: Pivot }[];
  /** Per table, the pivots linking it to another table. */
  manyToMany: Map<Table, { pivot: Table; other: string }[]>;
}

export function relations(ctx: SectionContext): Relations {
  const out = new Map<Table, ForeignKey[]>();
  const into = new Map<Table, { table: Table; fk: ForeignKey }[]>();
  const manyToMany = new Map<Table, { pivot: Table; other: string }[]>();
  const pivots: { table: Table; pivot: Pivot }[] = [];
  for (const t of ctx.tables) {
    out.set(t, t.foreignKeys);
    into.set(t, ctx.index.referencedBy(t).filter((r) => ctx.tables.includes(r.table)));
  }
  for (const t of ctx.tables) {
    const key = ctx.index.tenancy.keyOf.get(qualifiedName(t));
    const pivot = pivotOf(t, key ? [key.name] : []);
    if (!pivot) continue;
    pivots.push({ table: t, pivot });
    const a = ctx.index.table(pivot.left.refSchema, pivot.left.refTable);
    const b = ctx.index.table(pivot.right.refSchema, pivot.right.refTable);
    if (a) manyToMany.set(a, [...(manyToMany.get(a) ?? []), { pivot: t, other: ref(pivot.right) }]);
    if (b && b !== a) manyToMany.set(b, [...(manyToMany.get(b) ?? []), { pivot: t, other: ref(pivot.left) }]);
  }
  return { out, into, pivots, manyToMany };
}

interface Polymorphic {
  table: Table;
  typeColumn: string;
  idColumn: string;
  /** The ORM relationship that declares it, when a model does. */
  declaredBy?: string;
  origin: Origin;
}

/**
 * Polymorphic associations: a `<name>_type` column beside `<name>_id` (Rails, Laravel `morphs()`), or
 * Django's generic relation (`content_type_id` beside `object_id`), where `<name>_id` has no foreign
 * key because it points at several tables. The database cannot check such a pair.
 */
function polymorphicPairs(ctx: SectionContext): Polymorphic[] {
  const out: Polymorphic[] = [];
  for (const t of ctx.tables) {
    const names = new Set(t.columns.map((c) => c.name));
    const keyed = new Set(t.foreignKeys.flatMap((fk) => (fk.columns.length === 1 ? fk.columns : [])));
    const declared = modelsOf(ctx.catalog, t).flatMap((m) => m.relationships.filter((r) => r.kind === 'polymorphic').map((r) => ({ m, r })));
    const pairs: [string, string][] = [];
    for (const c of t.columns) {
      if (c.name.endsWith('_type') && c.name.length > 5) {
        const stem = c.name.slice(0, -5);
        const id = [`${stem}_id`, `${stem}_uuid`].find((x) => names.has(x) && !keyed.has(x));
        if (id) pairs.push([c.name, id]);
      }
    }
    if (names.has('content_type_id') && names.has('object_id') && !keyed.has('object_id')) pairs.push(['content_type_id', 'object_id']);
    for (const [typeColumn, idColumn] of pairs) {
      const stem = typeColumn.replace(/_type$|_type_id$/, '');
      const match = declared.find(({ r }) => r.name === stem || r.columns?.includes(idColumn) || r.columns?.includes(typeColumn));
      out.push({
        table: t,
        typeColumn,
        idColumn,
        declaredBy: match ? `${match.m.name}.${match.r.name}` : undefined,
        origin: match ? match.r.origin : (t.columns.find((c) => c.name === typeColumn)?.origin ?? t.origin),
      });
    }
  }
  return out;
}

function polymorphicPart(ctx: SectionContext): string[] {
  const found = polymorphicPairs(ctx);
  if (!found.length) return [];
  const { shown, more } = capped(found, ctx.maxRows);
  return [
    `Polymorphic associations: ${found.length} (a type column naming the target table beside an id column with no foreign key; the database cannot check that the row exists):`,
    '',
    ...mdTable(
      ['Table', 'Type column', 'Id column', 'Declared by', 'Evidence'],
      shown.map((p) => [code(qualifiedName(p.table)), code(p.typeColumn), code(p.idColumn), p.declaredBy ? code(p.declaredBy) : 'columns only', ev(p.origin)]),
    ),
    '',
    ...moreLine(more),
  ];
}

export function relationshipsSection(ctx: SectionContext): string[] {
  const rel = relations(ctx);
  const fkCount = ctx.tables.reduce((s, t) => s + t.foreignKeys.length, 0);
  if (!fkCount) {
    const poly = polymorphicPart(ctx);
    return poly.length ? ['### Relationships', '', 'No foreign keys.', '', ...poly] : [];
  }
  const degree = (t: Table) => (rel.out.get(t)?.length ?? 0) + (rel.into.get(t)?.length ?? 0) + (rel.manyToMany.get(t)?.length ?? 0);
  const connected = ctx.tables.filter((t) => degree(t) > 0);
  const big = connected.length > ctx.maxRows;
  const top = big ? [...connected].sort((a, b) => degree(b) - degree(a) || qualifiedName(a).localeCompare(qualifiedName(b))).slice(0, 10) : connected;
  const out = ['### Relationships', ''];
  out.push(
    `${fkCount} foreign keys give ${fkCount} many-to-one relationships (and as many one-to-many in reverse) over ${connected.length} of ${ctx.tables.length} tables; ${rel.pivots.length} pivot table${rel.pivots.length === 1 ? '' : 's'} give many-to-many relationships.` +
      (ctx.catalog.app ? ' One-to-many names in brackets come from the ORM models.' : ''),
    '',
  );
  if (big) {
    out.push(`Top ${top.length} of ${connected.length} connected tables by degree (foreign keys out + in + many-to-many):`, '');
    out.push(
      ...mdTable(
        ['Table', 'Many-to-one', 'One-to-many', 'Many-to-many', 'Degree'],
        top.map((t) => [code(qualifiedName(t)), String(rel.out.get(t)?.length ?? 0), String(rel.into.get(t)?.length ?? 0), String(rel.manyToMany.get(t)?.length ?? 0), String(degree(t))]),
        ['l', 'r', 'r', 'r', 'r'],
      ),
      '',
    );
  }
  out.push(big ? `The same ${top.length} tables in detail (ON DELETE in brackets; at most 6 per cell):` : 'Per table (ON DELETE in brackets):', '');
  out.push(
    ...mdTable(
      ['Table', 'Many-to-one (its foreign keys)', 'One-to-many (referenced by)', 'Many-to-many (through)'],
      top.map((t) => [
        code(qualifiedName(t)),
        inlineList((rel.out.get(t) ?? []).map((fk) => `${code(fk.columns.join(', '))} → ${code(ref(fk))} (${action(fk)})`), 6),
        inlineList(
          (rel.into.get(t) ?? []).map(({ table, fk }) => {
            const name = reverseName(ctx, table, fk);
            return `${code(`${qualifiedName(table)}.${fk.columns.join(', ')}`)} (${action(fk)})${name ? ` [${code(name)}]` : ''}`;
          }),
          6,
        ),
        inlineList((rel.manyToMany.get(t) ?? []).map((m) => `${code(m.other)} via ${code(qualifiedName(m.pivot))}`), 6),
      ]),
    ),
    '',
  );
  if (rel.pivots.length) {
    const { shown, more } = capped(rel.pivots, ctx.maxRows);
    out.push('Pivot tables (a primary key or unique key of exactly two foreign-key columns, the tenant key aside):', '');
    out.push(
      ...mdTable(
        ['Pivot', 'Links', 'ON DELETE', 'Key', 'Evidence'],
        shown.map(({ table, pivot }) => [
          code(qualifiedName(table)),
          `${code(ref(pivot.left))} ↔ ${code(ref(pivot.right))}`,
          `${action(pivot.left)} / ${action(pivot.right)}`,
          code(pivot.key),
          ev(table.primaryKey?.name === pivot.key ? table.primaryKey.origin : table.origin),
        ]),
      ),
      '',
      ...moreLine(more),
    );
  }
  out.push(...polymorphicPart(ctx));
  return out;
}
