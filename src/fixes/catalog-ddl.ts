// A catalog written back as PostgreSQL DDL: the schema a Django, Alembic, Prisma or Rails project
// defines, as statements the embedded PostgreSQL can load, so that a plan for such a project can be
// proved on a real engine like one for a DDL file (src/fixes/verify.ts). Only what the catalog holds
// is written: tables, columns, keys, constraints, indexes, enums, sequences, row-level security and
// policies, views, and functions and triggers where the source gave their definition (PostgreSQL DDL
// and live databases). Partitioning is not (the catalog has no bounds), and the output says so.
import type { Catalog, Column, ForeignKey, Index, Table } from '../catalog/types.js';
import { isDataTable } from '../catalog/lookup.js';
import { quoteIdent as ident } from './quote.js';

function rel(schema: string, name: string): string {
  return schema ? `${ident(schema)}.${ident(name)}` : ident(name);
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const ACTION: Record<string, string> = { 'no action': 'NO ACTION', restrict: 'RESTRICT', cascade: 'CASCADE', 'set null': 'SET NULL', 'set default': 'SET DEFAULT' };

/** Extensions a column type or default needs, so the engine can load the schema. */
const EXTENSION_FOR: [RegExp, string][] = [
  [/^citext\b/, 'citext'],
  [/^hstore\b/, 'hstore'],
  [/^ltree\b/, 'ltree'],
  [/^vector\b/, 'vector'],
  [/\buuid_generate_v\d/, 'uuid-ossp'],
  [/\bgen_random_bytes\b|\bcrypt\(/, 'pgcrypto'],
];

function columnDef(c: Column): string {
  const parts = [ident(c.name), c.dataType];
  if (c.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
  else if (c.identity) parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  else if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
  if (!c.nullable) parts.push('NOT NULL');
  return parts.join(' ');
}

function foreignKeyDef(t: Table, fk: ForeignKey): string {
  const actions = [
    fk.onDelete !== 'no action' ? ` ON DELETE ${ACTION[fk.onDelete]}` : '',
    fk.onUpdate !== 'no action' ? ` ON UPDATE ${ACTION[fk.onUpdate]}` : '',
    fk.deferrable ? ' DEFERRABLE' : '',
    fk.enforced === false ? ' NOT ENFORCED' : !fk.validated ? ' NOT VALID' : '',
  ].join('');
  return (
    `ALTER TABLE ${rel(t.schema, t.name)} ADD CONSTRAINT ${ident(fk.name)} FOREIGN KEY (${fk.columns.map(ident).join(', ')}) ` +
    `REFERENCES ${rel(fk.refSchema, fk.refTable)} (${fk.refColumns.map(ident).join(', ')})${actions};`
  );
}

/**
 * An index from its parts, its columns quoted (an ORM's printed definition may leave a mixed-case or
 * reserved name bare): a key part that starts with its column keeps what follows (an operator class, DESC).
 */
function indexDef(t: Table, ix: Index): string | undefined {
  if (ix.keyParts.length === 0) return undefined;
  const parts = ix.keyParts.map((part, i) => {
    const column = ix.columns[i];
    if (column === null || column === undefined) return part;
    for (const written of [column, `"${column.replace(/"/g, '""')}"`]) {
      if (part === written || part.startsWith(`${written} `)) return `${ident(column)}${part.slice(written.length)}`;
    }
    return ident(column);
  });
  return (
    `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${ident(ix.name)} ON ${rel(t.schema, t.name)} USING ${ix.method || 'btree'} (${parts.join(', ')})` +
    `${ix.includeColumns.length ? ` INCLUDE (${ix.includeColumns.map(ident).join(', ')})` : ''}${ix.predicate ? ` WHERE ${ix.predicate}` : ''};`
  );
}

/** The catalog as PostgreSQL DDL, in an order the engine accepts (types, tables, then keys between them). */
export function catalogToPostgresDdl(catalog: Catalog): string {
  const out: string[] = [`-- The schema of ${catalog.source.location} as schemascope's catalog holds it (source: ${catalog.source.kind}).`];
  const tables = catalog.tables.filter((t) => isDataTable(t) || t.kind === 'partitioned table');
  const texts = tables.flatMap((t) => t.columns.flatMap((c) => [c.dataType.toLowerCase(), c.default ?? '']));
  const extensions = new Set(EXTENSION_FOR.filter(([re]) => texts.some((x) => re.test(x))).map(([, e]) => e));
  for (const e of extensions) out.push(`CREATE EXTENSION IF NOT EXISTS ${ident(e)};`);
  for (const s of new Set([...tables.map((t) => t.schema), ...catalog.enums.map((e) => e.schema)])) {
    if (s && s !== 'public') out.push(`CREATE SCHEMA IF NOT EXISTS ${ident(s)};`);
  }
  for (const e of catalog.enums) out.push(`CREATE TYPE ${rel(e.schema, e.name)} AS ENUM (${e.values.map(literal).join(', ')});`);
  for (const s of catalog.sequences) out.push(`CREATE SEQUENCE IF NOT EXISTS ${rel(s.schema, s.name)} AS ${s.dataType};`);
  // Functions before the tables: a default, check or policy may call one (bodies are checked when called).
  for (const f of catalog.functions) if (f.definition) out.push(`${f.definition.trim().replace(/;?\s*$/, ';')}`);

  for (const t of tables) {
    const body = t.columns.map(columnDef);
    if (t.primaryKey) body.push(`CONSTRAINT ${ident(t.primaryKey.name)} PRIMARY KEY (${t.primaryKey.columns.map(ident).join(', ')})`);
    for (const u of t.uniques) body.push(`CONSTRAINT ${ident(u.name)} UNIQUE${u.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${u.columns.map(ident).join(', ')})`);
    for (const c of t.checks) body.push(`CONSTRAINT ${ident(c.name)} CHECK (${c.expression})${c.validated ? '' : ' NOT VALID'}`);
    if (t.kind === 'partitioned table') out.push(`-- ${rel(t.schema, t.name)} is partitioned; the catalog has no partition bounds, so it is created as a plain table.`);
    out.push(`CREATE TABLE ${rel(t.schema, t.name)} (\n  ${body.join(',\n  ')}\n);`);
  }
  for (const t of tables) {
    for (const ix of t.indexes) {
      if (ix.primary || (ix.constraint && (t.uniques.some((u) => u.name === ix.constraint) || t.primaryKey?.name === ix.constraint))) continue;
      const sql = indexDef(t, ix);
      if (sql) out.push(sql);
    }
  }
  for (const t of tables) for (const fk of t.foreignKeys) out.push(foreignKeyDef(t, fk));
  for (const t of tables) {
    if (t.rls.enabled) out.push(`ALTER TABLE ${rel(t.schema, t.name)} ENABLE ROW LEVEL SECURITY;`);
    if (t.rls.forced) out.push(`ALTER TABLE ${rel(t.schema, t.name)} FORCE ROW LEVEL SECURITY;`);
    for (const p of t.policies) {
      out.push(
        `CREATE POLICY ${ident(p.name)} ON ${rel(t.schema, t.name)} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command}` +
          `${p.roles.length ? ` TO ${p.roles.map((r) => (r === 'public' ? 'PUBLIC' : ident(r))).join(', ')}` : ''}` +
          `${p.using ? ` USING (${p.using})` : ''}${p.withCheck ? ` WITH CHECK (${p.withCheck})` : ''};`,
      );
    }
  }
  for (const t of tables) for (const tr of t.triggers) if (/^\s*CREATE\s/i.test(tr.definition)) out.push(`${tr.definition.trim().replace(/;?\s*$/, ';')}`);
  for (const v of catalog.tables) {
    if (!v.view) continue;
    const query = v.view.definition.trim().replace(/;\s*$/, '');
    out.push(`CREATE ${v.kind === 'materialized view' ? 'MATERIALIZED VIEW' : 'VIEW'} ${rel(v.schema, v.name)} AS\n${query};`);
  }
  const bodiless = catalog.functions.filter((f) => !f.definition).length;
  if (bodiless) out.push(`-- ${bodiless} function(s) are not written: the source gave no body for them.`);
  return `${out.join('\n\n')}\n`;
}
