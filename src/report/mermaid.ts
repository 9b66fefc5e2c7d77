// Entity-relationship diagram in Mermaid `erDiagram` syntax, from the catalog, with the defects that
// findings report written as comments on the attributes they concern.
//
// Syntax kept to what Mermaid has accepted since 9.2 (the version GitHub and most viewers run or exceed):
// entity names quoted when they hold anything beyond letters, digits and `_` (schema dots); attribute
// types and names limited to [A-Za-z][A-Za-z0-9_\-()[\]]*; comments in double quotes without quotes.
import type { Catalog, Column, Table } from '../catalog/types.js';
import { qualifiedName } from '../catalog/types.js';
import type { Finding } from '../rules/types.js';
import { baseTables } from './facts.js';
import { SEVERITY_ORDER } from './text.js';

export interface ErdOptions {
  /** Most tables to draw; above it, the most connected tables are kept. Default 40. */
  maxTables?: number;
  /** Draw these tables (a group from erdGroups) instead of choosing among all of them. */
  tables?: Table[];
}

export interface ErdSelection {
  tables: Table[];
  /** Base tables left out of the diagram. */
  omitted: number;
  total: number;
}

export const DEFAULT_ERD_MAX_TABLES = 40;

function refKey(schema: string, table: string): string {
  return schema ? `${schema}.${table}` : table;
}

/**
 * The tables the diagram draws: every base table, or when there are more than `maxTables`, those with
 * the most foreign keys in and out (ties: more findings first, then by name).
 */
export function selectErdTables(catalog: Catalog, findings: readonly Finding[], maxTables = DEFAULT_ERD_MAX_TABLES, among?: Table[]): ErdSelection {
  const tables = among ?? baseTables(catalog);
  const limit = Math.max(1, Math.floor(maxTables));
  if (tables.length <= limit) return { tables, omitted: 0, total: tables.length };
  const names = new Set(tables.map(qualifiedName));
  const degree = new Map<string, number>();
  const bump = (n: string) => degree.set(n, (degree.get(n) ?? 0) + 1);
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const target = refKey(fk.refSchema, fk.refTable);
      if (!names.has(target)) continue;
      bump(qualifiedName(t));
      if (target !== qualifiedName(t)) bump(target);
    }
  }
  const findingCount = new Map<string, number>();
  for (const f of findings) if (f.table) findingCount.set(f.table, (findingCount.get(f.table) ?? 0) + 1);
  const ranked = [...tables].sort((a, b) => {
    const qa = qualifiedName(a);
    const qb = qualifiedName(b);
    return (degree.get(qb) ?? 0) - (degree.get(qa) ?? 0) || (findingCount.get(qb) ?? 0) - (findingCount.get(qa) ?? 0) || qa.localeCompare(qb);
  });
  const kept = new Set(ranked.slice(0, limit));
  // Keep the catalog's order for a stable, readable diagram.
  return { tables: tables.filter((t) => kept.has(t)), omitted: tables.length - limit, total: tables.length };
}

/** An entity name Mermaid accepts: bare when simple, otherwise in double quotes (no `"` or `%` inside). */
export function mermaidEntityName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  const cleaned = name.replace(/["%\r\n\v\b\\]/g, '_');
  return `"${cleaned || '_'}"`;
}

/** An attribute word (type or name) Mermaid accepts: other characters become `_`, a letter leads. */
export function mermaidWord(word: string): string {
  let w = word.trim().replace(/\s+/g, '_').replace(/,/g, '-').replace(/[^A-Za-z0-9_\-()[\]]/g, '_');
  if (!/^[A-Za-z]/.test(w)) w = `x${w}`;
  return w;
}

function mermaidComment(text: string): string {
  return `"${text.replace(/["\r\n]/g, (c) => (c === '"' ? "'" : ' '))}"`;
}

/** Short label for a rule: the part after the category, upper-cased: `fk-missing-index` → `FK MISSING INDEX`. */
function ruleLabel(ruleId: string): string {
  const name = ruleId.includes('/') ? ruleId.slice(ruleId.indexOf('/') + 1) : ruleId;
  return name.replace(/[-_]+/g, ' ').toUpperCase();
}

export interface ErdGroup {
  /** `schema billing`, or `tables connected to orders` for a connected group. */
  title: string;
  tables: Table[];
}

/**
 * How a large schema is drawn: one diagram when every table fits; otherwise one per schema when there
 * are several, else one per group of tables connected by foreign keys (largest first). Tables with no
 * foreign key in or out are left out of the groups and named apart.
 */
export function erdGroups(catalog: Catalog, maxTables = DEFAULT_ERD_MAX_TABLES): { groups: ErdGroup[]; unconnected: Table[] } {
  const tables = baseTables(catalog);
  if (tables.length <= maxTables) return { groups: [{ title: 'all tables', tables }], unconnected: [] };
  const schemas = [...new Set(tables.map((t) => t.schema))];
  if (schemas.length > 1) {
    const groups = schemas
      .map((schema) => ({ title: `schema ${schema || '(default)'}`, tables: tables.filter((t) => t.schema === schema) }))
      .sort((a, b) => b.tables.length - a.tables.length || a.title.localeCompare(b.title));
    return { groups, unconnected: [] };
  }
  // Connected groups through foreign keys (either direction), found with a union-find over table names.
  const parent = new Map<string, string>(tables.map((t) => [qualifiedName(t), qualifiedName(t)]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const target = refKey(fk.refSchema, fk.refTable);
      if (parent.has(target)) parent.set(find(qualifiedName(t)), find(target));
    }
  }
  const members = new Map<string, Table[]>();
  for (const t of tables) {
    const root = find(qualifiedName(t));
    members.set(root, [...(members.get(root) ?? []), t]);
  }
  const connected = [...members.values()].filter((m) => m.length > 1);
  const unconnected = [...members.values()].filter((m) => m.length === 1).flat();
  const degrees = new Map<string, number>();
  for (const t of tables) {
    degrees.set(qualifiedName(t), (degrees.get(qualifiedName(t)) ?? 0) + t.foreignKeys.length);
    for (const fk of t.foreignKeys) degrees.set(refKey(fk.refSchema, fk.refTable), (degrees.get(refKey(fk.refSchema, fk.refTable)) ?? 0) + 1);
  }
  const degree = (t: Table) => degrees.get(qualifiedName(t)) ?? 0;
  const groups = connected
    .sort((a, b) => b.length - a.length)
    .map((m) => {
      const hub = [...m].sort((a, b) => degree(b) - degree(a) || qualifiedName(a).localeCompare(qualifiedName(b)))[0];
      return { title: `tables connected to ${hub.name}`, tables: m };
    });
  return { groups, unconnected };
}

export function renderMermaidErd(catalog: Catalog, findings: readonly Finding[], opts: ErdOptions = {}): string {
  const selection = selectErdTables(catalog, findings, opts.maxTables ?? DEFAULT_ERD_MAX_TABLES, opts.tables);
  const shown = selection.tables;
  const shownNames = new Set(shown.map(qualifiedName));
  const schemas = new Set(shown.map((t) => t.schema));
  const display = (t: { schema: string; name: string }) => (schemas.size > 1 ? qualifiedName(t) : t.name);
  const displayRef = (schema: string, name: string) => (schemas.size > 1 ? refKey(schema, name) : name);

  // Defects per column: the rule labels of the findings that name it, worst severity first.
  const defects = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.table || !shownNames.has(f.table)) continue;
    for (const c of f.columns) {
      const k = `${f.table}\u0000${c}`;
      const list = defects.get(k) ?? [];
      list.push(f);
      defects.set(k, list);
    }
  }

  const lines: string[] = ['erDiagram'];
  if (selection.omitted > 0) {
    lines.push(`  %% ${shown.length} of ${selection.total} tables shown (the most connected); ${selection.omitted} left out`);
  }

  // Relationships: child }o--|| parent. The parent end is `|o` when the key columns are nullable; the
  // child end is `|o` when the key columns are unique on the child (one-to-one). Solid line when the key
  // is part of the child's primary key (identifying), dotted otherwise.
  for (const t of shown) {
    for (const fk of t.foreignKeys) {
      const target = refKey(fk.refSchema, fk.refTable);
      if (!shownNames.has(target)) continue;
      const cols = fk.columns.map((c) => t.columns.find((x) => x.name === c));
      const nullable = cols.some((c) => !c || c.nullable);
      const uniqueOnChild =
        sameSet(t.primaryKey?.columns ?? [], fk.columns) ||
        t.uniques.some((u) => sameSet(u.columns, fk.columns)) ||
        t.indexes.some((ix) => ix.unique && !ix.predicate && sameSet(ix.columns.filter((c): c is string => c !== null), fk.columns) && ix.columns.every((c) => c !== null));
      const identifying = fk.columns.every((c) => t.primaryKey?.columns.includes(c));
      const childEnd = uniqueOnChild ? '|o' : '}o';
      const parentEnd = nullable ? 'o|' : '||';
      const line = identifying ? '--' : '..';
      lines.push(
        `  ${mermaidEntityName(display(t))} ${childEnd}${line}${parentEnd} ${mermaidEntityName(displayRef(fk.refSchema, fk.refTable))} : ${mermaidComment(fk.columns.join(', '))}`,
      );
    }
  }

  for (const t of shown) {
    const q = qualifiedName(t);
    const pk = new Set(t.primaryKey?.columns ?? []);
    const fkCols = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
    const uk = new Set(t.uniques.filter((u) => u.columns.length === 1).flatMap((u) => u.columns));
    const withDefects = new Set(t.columns.filter((c) => defects.has(`${q}\u0000${c.name}`)).map((c) => c.name));
    const attrs = t.columns.filter((c) => pk.has(c.name) || fkCols.has(c.name) || withDefects.has(c.name));
    if (t.columns.length === 0) {
      lines.push(`  ${mermaidEntityName(display(t))}`);
      continue;
    }
    lines.push(`  ${mermaidEntityName(display(t))} {`);
    for (const c of attrs) lines.push(`    ${attribute(c, pk.has(c.name), fkCols.has(c.name), uk.has(c.name), defects.get(`${q}\u0000${c.name}`) ?? [])}`);
    if (attrs.length === 0) {
      // An entity block cannot be empty; show the first column so the table still appears.
      lines.push(`    ${attribute(t.columns[0], false, false, false, [])}`);
    }
    lines.push('  }');
  }
  return `${lines.join('\n')}\n`;
}

function attribute(c: Column, pk: boolean, fk: boolean, uk: boolean, found: Finding[]): string {
  const keys = [pk ? 'PK' : '', fk ? 'FK' : '', uk && !pk ? 'UK' : ''].filter(Boolean).join(', ');
  const labels = [...new Set([...found].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]).map((f) => ruleLabel(f.ruleId)))];
  const comment = labels.length ? ` ${mermaidComment(labels.join('; '))}` : '';
  return `${mermaidWord(c.dataType)} ${mermaidWord(c.name)}${keys ? ` ${keys}` : ''}${comment}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
