// RunSQL: the SQL of a migration parsed with the PostgreSQL parser (libpg-query). CREATE INDEX and the simple
// ALTER TABLE commands (ADD CONSTRAINT CHECK/UNIQUE, SET/DROP NOT NULL) are applied to the built tables, at
// the line of the RunSQL string; anything else that changes the schema is a warning, data statements are silent.
import { loadModule, parseSync } from 'libpg-query';
import type { Table } from '../../catalog/types.js';
import { quoteIdent } from '../../fixes/quote.js';
import { addColumn, addForeignKey, alterColumnType, columnDefault, constraintUsingIndex, dropConstraint, dropIndexes, validateConstraint } from '../postgres/alter-table.js';
import type { ProjectState, SqlEffect } from './state.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type J = any;

/** The smallest `location` in a parse tree node: where its text starts in the SQL. */
export function minLocation(n: J): number | undefined {
  let best: number | undefined;
  const walk = (x: J) => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    for (const [k, v] of Object.entries(x)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) best = best === undefined ? v : Math.min(best, v);
      else walk(v);
    }
  };
  walk(n);
  return best;
}

function columnRefs(n: J, out: string[] = []): string[] {
  if (!n || typeof n !== 'object') return out;
  if (Array.isArray(n)) {
    n.forEach((x) => columnRefs(x, out));
    return out;
  }
  if (n.ColumnRef) {
    const fields = n.ColumnRef.fields ?? [];
    const last = fields[fields.length - 1]?.String?.sval;
    if (last && !out.includes(last)) out.push(last);
    return out;
  }
  for (const v of Object.values(n)) columnRefs(v, out);
  return out;
}

/** From `start`, up to the first top-level `,` or `)` (or the end). */
export function exprText(text: string, start: number): string {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return text.slice(start, i).trim();
      depth--;
    } else if (ch === ',' && depth === 0) return text.slice(start, i).trim();
  }
  return text.slice(start).trim().replace(/;$/, '');
}

/** The parenthesised expression after the first `CHECK` from `start`. */
function checkText(text: string, start: number): string | undefined {
  const i = text.toUpperCase().indexOf('CHECK', start);
  const open = i >= 0 ? text.indexOf('(', i) : -1;
  if (open < 0) return undefined;
  const inner = exprText(text, open + 1);
  return `(${inner})`;
}

const SCHEMA_STATEMENTS = new Set([
  'CreateStmt',
  'DropStmt',
  'RenameStmt',
  'CreateTrigStmt',
  'CreateFunctionStmt',
  'CreatePolicyStmt',
  'CreateEnumStmt',
  'ViewStmt',
  'CreateTableAsStmt',
  'CompositeTypeStmt',
  'CreateDomainStmt',
]);

let loaded: Promise<void> | undefined;
export async function loadSqlParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Applies the RunSQL statements to the tables (loadSqlParser() first). */
export function applySql(effects: SqlEffect[], tables: Table[], state: ProjectState): void {
  const find = (schema: string | undefined, name: string) => tables.find((t) => t.name === name && (!schema || t.schema === schema));
  for (const e of effects) {
    const origin = e.origin;
    let parsed: J;
    try {
      parsed = parseSync(e.sql);
    } catch (err) {
      state.warn('django-runsql-unparsed', `${origin.file}:${origin.line}: RunSQL that the PostgreSQL parser rejects (${(err as Error).message.split('\n')[0]}); its effect on the schema is unknown`, origin);
      continue;
    }
    const bytes = Buffer.from(e.sql);
    const slice = (from: number, to?: number) => bytes.subarray(from, to).toString('utf8');
    for (const s of parsed.stmts ?? []) {
      const [type, body] = Object.entries(s.stmt ?? {})[0] ?? [];
      const stmtStart = s.stmt_location ?? 0;
      const stmtText = slice(stmtStart, s.stmt_len ? stmtStart + s.stmt_len : undefined);
      const what = stmtText.trim().split('\n')[0].slice(0, 80);
      if (type === 'IndexStmt') {
        const b = body as J;
        if (e.op && b.relation?.relname && !e.op.detail) {
          e.op.detail = 'create-index';
          e.op.table = b.relation.relname;
          if (b.concurrent) e.op.concurrently = true;
        }
        const t = find(b.relation?.schemaname, b.relation?.relname);
        if (!t) {
          state.warn('django-runsql-unknown-table', `${origin.file}:${origin.line}: RunSQL \`${what}\` on \`${b.relation?.relname}\`, a table the migrations do not create; not applied`, origin);
          continue;
        }
        const columns: (string | null)[] = [];
        const keyParts: string[] = [];
        for (const p of b.indexParams ?? []) {
          const el = p.IndexElem;
          const desc = el.ordering === 'SORTBY_DESC' ? ' DESC' : '';
          if (el.name) {
            columns.push(el.name);
            keyParts.push(`${el.name}${desc}`);
          } else {
            const loc = minLocation(el.expr);
            columns.push(null);
            keyParts.push(loc !== undefined ? exprText(slice(0), loc) : 'expression');
          }
        }
        const whereLoc = b.whereClause ? minLocation(b.whereClause) : undefined;
        const predicate = whereLoc !== undefined ? exprText(slice(0), whereLoc).replace(/;\s*$/, '') : undefined;
        const include = (b.indexIncludingParams ?? []).map((p: J) => p.IndexElem?.name).filter(Boolean);
        const name = b.idxname ?? `${t.name}_${columns.map((c) => c ?? 'expr').join('_')}_idx`;
        if (t.indexes.some((x) => x.name === name)) continue;
        t.indexes.push({
          name,
          columns,
          keyParts,
          includeColumns: include,
          unique: !!b.unique,
          primary: false,
          method: b.accessMethod ?? 'btree',
          ...(predicate ? { predicate } : {}),
          definition: `CREATE ${b.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} USING ${b.accessMethod ?? 'btree'} (${keyParts.join(', ')})${predicate ? ` WHERE (${predicate})` : ''}`,
          origin,
        });
      } else if (type === 'AlterTableStmt') {
        const b = body as J;
        const t = find(b.relation?.schemaname, b.relation?.relname);
        if (!t) {
          state.warn('django-runsql-unknown-table', `${origin.file}:${origin.line}: RunSQL \`${what}\` on \`${b.relation?.relname}\`, a table the migrations do not create; not applied`, origin);
          continue;
        }
        for (const c of b.cmds ?? []) {
          const cmd = c.AlterTableCmd;
          const col = cmd.name ? t.columns.find((x) => x.name === cmd.name) : undefined;
          if (cmd.subtype === 'AT_SetNotNull' && col) col.nullable = false;
          else if (cmd.subtype === 'AT_DropNotNull' && col) col.nullable = true;
          else if (cmd.subtype === 'AT_DropConstraint') dropConstraint(t, cmd.name);
          else if (cmd.subtype === 'AT_ValidateConstraint') validateConstraint(t, cmd.name);
          else if (cmd.subtype === 'AT_AlterColumnType' && alterColumnType(t, cmd)) continue;
          else if (cmd.subtype === 'AT_AddColumn' && addColumn(t, cmd, e.sql, origin)) continue;
          else if (cmd.subtype === 'AT_ColumnDefault' && columnDefault(t, cmd, e.sql)) continue;
          else if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) {
            const k = cmd.def.Constraint;
            const name = k.conname ?? `${t.name}_check`;
            if (k.indexname && (k.contype === 'CONSTR_UNIQUE' || k.contype === 'CONSTR_PRIMARY')) {
              if (!constraintUsingIndex(t, k, origin)) state.warn('django-runsql-not-applied', `${origin.file}:${origin.line}: RunSQL \`${what}\`: the index ${k.indexname} is not known (or is partial or on expressions); not applied`, origin);
            } else if (k.contype === 'CONSTR_FOREIGN') {
              if (!addForeignKey(t, k, origin, t.schema)) state.warn('django-runsql-not-applied', `${origin.file}:${origin.line}: RunSQL \`${what}\`: the foreign key's columns are not known; not applied`, origin);
            } else if (k.contype === 'CONSTR_CHECK') {
              const loc = typeof k.location === 'number' ? k.location : minLocation(k.raw_expr) ?? 0;
              const expression = checkText(slice(0), loc) ?? 'unknown';
              t.checks.push({ name, expression, columns: columnRefs(k.raw_expr), validated: !k.skip_validation, origin });
            } else if (k.contype === 'CONSTR_UNIQUE') {
              const cols = (k.keys ?? []).map((x: J) => x.String?.sval).filter(Boolean);
              t.uniques.push({ name, columns: cols, nullsNotDistinct: !!k.nulls_not_distinct, origin });
              t.indexes.push({
                name,
                columns: cols,
                keyParts: cols,
                includeColumns: [],
                unique: true,
                primary: false,
                method: 'btree',
                constraint: name,
                definition: `CREATE UNIQUE INDEX ${quoteIdent(name)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.name)} USING btree (${cols.map(quoteIdent).join(', ')})`,
                origin,
              });
            } else {
              state.warn('django-runsql-not-applied', `${origin.file}:${origin.line}: RunSQL \`${what}\`: this constraint kind is not applied to the catalog`, origin);
            }
          } else if (cmd.subtype === 'AT_EnableRowSecurity') t.rls = { ...t.rls, enabled: true, origin };
          else if (cmd.subtype === 'AT_ForceRowSecurity') t.rls = { ...t.rls, forced: true, origin };
          else state.warn('django-runsql-not-applied', `${origin.file}:${origin.line}: RunSQL \`${what}\`: ${String(cmd.subtype).replace(/^AT_/, '')} is not applied to the catalog`, origin);
        }
      } else if (type === 'DropStmt' && (body as J).removeType === 'OBJECT_INDEX') {
        dropIndexes(tables, body);
      } else if (type && SCHEMA_STATEMENTS.has(type)) {
        state.warn('django-runsql-not-applied', `${origin.file}:${origin.line}: RunSQL \`${what}\` changes the schema in a way the Django source does not apply; review that SQL on its own`, origin);
      }
    }
  }
}
