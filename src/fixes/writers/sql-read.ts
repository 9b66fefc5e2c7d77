// Reading back the SQL a fix writes, with PostgreSQL's own parser (libpg-query, loaded by python.ts): the names
// of the indexes and constraints it creates (so a framework's state carries the very names the database gets),
// a type's parts, and a simple boolean expression as comparisons a framework can restate (a Django Q object).
import { parseSync } from 'libpg-query';
import type { Column } from '../../catalog/types.js';
import { columnType } from '../../sources/postgres/type-name.js';
import './python.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type J = any;

export interface CreatedObject {
  kind: 'index' | 'unique' | 'check' | 'foreign-key' | 'primary-key';
  name: string;
  table: string;
  /** Columns of a plain index or a unique/primary key written with its columns. */
  columns?: string[];
  unique?: boolean;
  predicate?: boolean;
}

function parse(sql: string): J | undefined {
  try {
    return parseSync(sql);
  } catch {
    return undefined;
  }
}

const CONSTRAINT_KINDS: Record<string, CreatedObject['kind']> = {
  CONSTR_UNIQUE: 'unique',
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_PRIMARY: 'primary-key',
};

/** The indexes and constraints `statements` create, in order. */
export function createdObjects(statements: string[]): CreatedObject[] {
  const out: CreatedObject[] = [];
  for (const sql of statements) {
    for (const s of parse(sql)?.stmts ?? []) {
      const [type, body] = Object.entries(s.stmt ?? {})[0] as [string, J];
      if (type === 'IndexStmt' && body.idxname) {
        const columns = (body.indexParams ?? []).map((p: J) => p.IndexElem?.name);
        out.push({
          kind: 'index',
          name: body.idxname,
          table: body.relation?.relname,
          ...(columns.every(Boolean) ? { columns } : {}),
          unique: !!body.unique,
          predicate: !!body.whereClause,
        });
      } else if (type === 'AlterTableStmt') {
        for (const c of body.cmds ?? []) {
          const con = c.AlterTableCmd?.def?.Constraint;
          if (c.AlterTableCmd?.subtype !== 'AT_AddConstraint' || !con?.conname || !CONSTRAINT_KINDS[con.contype]) continue;
          const keys = (con.keys ?? []).map((k: J) => k.String?.sval).filter(Boolean);
          out.push({ kind: CONSTRAINT_KINDS[con.contype], name: con.conname, table: body.relation?.relname, ...(keys.length ? { columns: keys } : {}) });
        }
      }
    }
  }
  return out;
}

/** A type written as SQL (`numeric(19,4)`, `timestamp with time zone`) in the catalog's terms. */
export function parseType(type: string): Pick<Column, 'dataType' | 'family' | 'length' | 'precision' | 'scale'> | undefined {
  const target = parse(`SELECT NULL::${type}`)?.stmts?.[0]?.stmt?.SelectStmt?.targetList?.[0]?.ResTarget?.val?.TypeCast?.typeName;
  return target ? columnType(target) : undefined;
}

/** One comparison of a column with a constant: `column lookup value`, as a Django lookup would say it. */
export interface Comparison {
  column: string;
  /** Django lookup names: exact, gt, gte, lt, lte, isnull, in. */
  lookup: 'exact' | 'gt' | 'gte' | 'lt' | 'lte' | 'isnull' | 'in';
  /** The constant(s): number, string, boolean, or null; a list for `in`. */
  value: number | string | boolean | null | (number | string | boolean)[];
}

const OPERATORS: Record<string, Comparison['lookup']> = { '=': 'exact', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };

function constant(n: J): { ok: true; value: number | string | boolean | null } | { ok: false } {
  if (n?.TypeCast) return constant(n.TypeCast.arg);
  const c = n?.A_Const;
  if (!c) return { ok: false };
  if (c.isnull) return { ok: true, value: null };
  if ('ival' in c) return { ok: true, value: c.ival?.ival ?? 0 };
  if ('fval' in c) return { ok: true, value: Number(c.fval?.fval) };
  if ('sval' in c) return { ok: true, value: c.sval?.sval ?? '' };
  if ('boolval' in c) return { ok: true, value: !!c.boolval?.boolval };
  return { ok: false };
}

function columnOf(n: J): string | undefined {
  const fields = n?.ColumnRef?.fields ?? [];
  return fields.length === 1 ? fields[0].String?.sval : undefined;
}

/**
 * `expression` (a CHECK or an index predicate) as a conjunction of comparisons of a column with constants;
 * undefined when it says anything else (OR, NOT, functions, two columns…).
 */
export function comparisons(expression: string): Comparison[] | undefined {
  const where = parse(`SELECT 1 WHERE ${expression}`)?.stmts?.[0]?.stmt?.SelectStmt?.whereClause;
  if (!where) return undefined;
  const out: Comparison[] = [];
  const visit = (n: J): boolean => {
    if (n.BoolExpr) return n.BoolExpr.boolop === 'AND_EXPR' && n.BoolExpr.args.every(visit);
    if (n.NullTest) {
      const column = columnOf(n.NullTest.arg);
      if (!column) return false;
      out.push({ column, lookup: 'isnull', value: n.NullTest.nulltesttype === 'IS_NULL' });
      return true;
    }
    const e = n.A_Expr;
    if (!e) return false;
    const column = columnOf(e.lexpr);
    if (!column) return false;
    const op = e.name?.[0]?.String?.sval;
    if (e.kind === 'AEXPR_IN' && op === '=') {
      const values: (number | string | boolean)[] = [];
      for (const item of e.rexpr?.List?.items ?? []) {
        const c = constant(item);
        if (!c.ok || c.value === null) return false;
        values.push(c.value);
      }
      out.push({ column, lookup: 'in', value: values });
      return true;
    }
    const lookup = OPERATORS[op];
    const c = constant(e.rexpr);
    if (e.kind !== 'AEXPR_OP' || !lookup || !c.ok || c.value === null) return false;
    out.push({ column, lookup, value: c.value });
    return true;
  };
  return visit(where) ? out : undefined;
}
