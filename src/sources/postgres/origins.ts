// Where each object of a DDL script was declared: walks the parse trees of the statements and
// records file:line per table, column, constraint, index, policy, function, type and trigger, so the
// catalog read back from the engine can point every object at the user's line.
import type { Origin } from '../../catalog/types.js';
import type { Statement } from './statements.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- parse-tree nodes are walked structurally */

export class OriginMap {
  private readonly map = new Map<string, Origin>();
  /** Unnamed table-level CHECKs per table, in declaration order, matched to the catalog's in order. */
  private readonly unnamedChecks = new Map<string, Origin[]>();

  set(key: string, origin: Origin): void {
    // The first declaration wins: a later ALTER that touches an object does not move its origin.
    if (!this.map.has(key)) this.map.set(key, origin);
  }
  get(key: string): Origin | undefined {
    return this.map.get(key);
  }
  addUnnamedCheck(table: string, origin: Origin): void {
    const list = this.unnamedChecks.get(table) ?? [];
    list.push(origin);
    this.unnamedChecks.set(table, list);
  }
  takeUnnamedCheck(table: string): Origin | undefined {
    return this.unnamedChecks.get(table)?.shift();
  }

  // Foreign keys run in the engine as NOT ENFORCED (see enforcement.ts), which PostgreSQL stores as
  // not validated; what the user declared is kept here and put back into the catalog.
  private readonly fkDeclared = new Map<string, { notValid: boolean; notEnforced: boolean }>();
  private readonly validatedLater = new Set<string>();
  declareForeignKey(key: string, notValid: boolean, notEnforced: boolean): void {
    if (!this.fkDeclared.has(key)) this.fkDeclared.set(key, { notValid, notEnforced });
  }
  markValidated(key: string): void {
    this.validatedLater.add(key);
  }
  /** What the user's DDL says of a foreign key, by its name key or its unnamed key. */
  foreignKeyState(nameKey: string, columnsKey: string): { validated: boolean; enforced: boolean } | undefined {
    const declared = this.fkDeclared.get(nameKey) ?? this.fkDeclared.get(columnsKey);
    if (!declared) return undefined;
    return { validated: !declared.notEnforced && (!declared.notValid || this.validatedLater.has(nameKey)), enforced: !declared.notEnforced };
  }
}

const sval = (node: any): string => node?.String?.sval ?? node?.sval ?? '';
const names = (list: any[] | undefined): string[] => (list ?? []).map(sval);

export const CONTYPE: Record<string, string> = {
  CONSTR_PRIMARY: 'p',
  CONSTR_FOREIGN: 'f',
  CONSTR_UNIQUE: 'u',
  CONSTR_CHECK: 'c',
  CONSTR_EXCLUSION: 'x',
};

/** Tracks the default schema as `SET search_path` / `set_config('search_path', …)` statements change it. */
export class SearchPath {
  current = 'public';
  observe(stmt: Statement): void {
    if (stmt.kind === 'VariableSetStmt' && stmt.ast.name === 'search_path') {
      const first = (stmt.ast.args ?? []).map((a: any) => a?.A_Const?.sval?.sval).find((s: string | undefined) => s && s !== '$user');
      this.current = first ?? 'public';
    } else if (stmt.kind === 'SelectStmt' && !stmt.ast.fromClause) {
      for (const target of stmt.ast.targetList ?? []) {
        const call = target?.ResTarget?.val?.FuncCall;
        if (!call || names(call.funcname).pop() !== 'set_config') continue;
        const [name, value] = (call.args ?? []).map((a: any) => a?.A_Const?.sval?.sval);
        if (name === 'search_path') {
          const first = String(value ?? '')
            .split(',')
            .map((s) => s.trim().replace(/^"|"$/g, ''))
            .find((s) => s && s !== '$user');
          this.current = first ?? 'public';
        }
      }
    }
  }
}

function qualify(rel: any, path: SearchPath): { schema: string; name: string } {
  return { schema: rel?.schemaname ?? path.current, name: rel?.relname ?? '' };
}

function qualifyNames(list: any[] | undefined, path: SearchPath): { schema: string; name: string } {
  const parts = names(list);
  return parts.length > 1 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] } : { schema: path.current, name: parts[0] ?? '' };
}

/** Records the origins declared by one statement. `path` must already reflect earlier statements. */
export function recordOrigins(stmt: Statement, path: SearchPath, origins: OriginMap): void {
  const at = (location: number | undefined): Origin => ({
    file: stmt.file,
    line: location !== undefined && location >= 0 ? stmt.lines.lineOf(location) : stmt.line,
  });
  const here: Origin = { file: stmt.file, line: stmt.line };
  const ast = stmt.ast;

  const recordConstraint = (table: string, con: any, columns: string[], fallback: Origin) => {
    const type = CONTYPE[con.contype];
    if (!type) return;
    const origin = con.location !== undefined ? at(con.location) : fallback;
    if (type === 'f') {
      const key = con.conname ? `con:${table}.${con.conname}` : `con:${table}|f|${columns.join(',')}`;
      origins.declareForeignKey(key, con.skip_validation === true || con.initially_valid === false, con.is_enforced !== true);
    }
    if (con.conname) origins.set(`con:${table}.${con.conname}`, origin);
    else if (type === 'c' && columns.length === 0) origins.addUnnamedCheck(table, origin);
    else origins.set(`con:${table}|${type}|${columns.join(',')}`, origin);
  };

  switch (stmt.kind) {
    case 'CreateStmt':
    case 'CreateForeignTableStmt': {
      const create = stmt.kind === 'CreateStmt' ? ast : ast.base;
      const t = qualify(create.relation, path);
      const table = `${t.schema}.${t.name}`;
      origins.set(`table:${table}`, at(create.relation?.location));
      for (const elt of create.tableElts ?? []) {
        if (elt.ColumnDef) {
          const col = elt.ColumnDef;
          const colOrigin = at(col.location);
          origins.set(`column:${table}.${col.colname}`, colOrigin);
          for (const c of col.constraints ?? []) {
            if (c.Constraint) recordConstraint(table, c.Constraint, [col.colname], colOrigin);
          }
        } else if (elt.Constraint) {
          const con = elt.Constraint;
          recordConstraint(table, con, names(con.fk_attrs?.length ? con.fk_attrs : con.keys), here);
        }
      }
      break;
    }
    case 'AlterTableStmt': {
      const t = qualify(ast.relation, path);
      const table = `${t.schema}.${t.name}`;
      for (const cmd of ast.cmds ?? []) {
        const c = cmd.AlterTableCmd;
        if (!c) continue;
        if (c.subtype === 'AT_AddColumn' && c.def?.ColumnDef) {
          const col = c.def.ColumnDef;
          const colOrigin = at(col.location);
          origins.set(`column:${table}.${col.colname}`, colOrigin);
          for (const k of col.constraints ?? []) if (k.Constraint) recordConstraint(table, k.Constraint, [col.colname], colOrigin);
        } else if (c.subtype === 'AT_AddConstraint' && c.def?.Constraint) {
          const con = c.def.Constraint;
          recordConstraint(table, con, names(con.fk_attrs?.length ? con.fk_attrs : con.keys), here);
          // ADD CONSTRAINT … UNIQUE USING INDEX / PRIMARY KEY USING INDEX: the index keeps its name.
        } else if (c.subtype === 'AT_ValidateConstraint' && c.name) {
          origins.markValidated(`con:${table}.${c.name}`);
        } else if (c.subtype === 'AT_EnableRowSecurity' || c.subtype === 'AT_ForceRowSecurity') {
          origins.set(`rls:${table}`, here);
        }
      }
      break;
    }
    case 'IndexStmt': {
      const t = qualify(ast.relation, path);
      const cols = (ast.indexParams ?? []).map((p: any) => p.IndexElem?.name ?? '?');
      if (ast.idxname) origins.set(`index:${t.schema}.${ast.idxname}`, here);
      origins.set(`index:${t.schema}.${t.name}|${cols.join(',')}`, here);
      break;
    }
    case 'ViewStmt': {
      const t = qualify(ast.view, path);
      origins.set(`table:${t.schema}.${t.name}`, here);
      break;
    }
    case 'CreateTableAsStmt': {
      const t = qualify(ast.into?.rel, path);
      origins.set(`table:${t.schema}.${t.name}`, here);
      break;
    }
    case 'CreatePolicyStmt': {
      const t = qualify(ast.table, path);
      origins.set(`policy:${t.schema}.${t.name}.${ast.policy_name}`, here);
      break;
    }
    case 'CreateFunctionStmt': {
      const f = qualifyNames(ast.funcname, path);
      origins.set(`function:${f.schema}.${f.name}`, here);
      break;
    }
    case 'CreateEnumStmt':
    case 'CompositeTypeStmt':
    case 'CreateDomainStmt': {
      const list = stmt.kind === 'CompositeTypeStmt' ? [ast.typevar?.schemaname, ast.typevar?.relname].filter(Boolean).map((s: string) => ({ sval: s })) : stmt.kind === 'CreateDomainStmt' ? ast.domainname : ast.typeName;
      const ty = qualifyNames(list, path);
      origins.set(`type:${ty.schema}.${ty.name}`, here);
      break;
    }
    case 'CreateTrigStmt': {
      const t = qualify(ast.relation, path);
      origins.set(`trigger:${t.schema}.${t.name}.${ast.trigname}`, here);
      break;
    }
    case 'CreateSeqStmt': {
      const t = qualify(ast.sequence, path);
      origins.set(`seq:${t.schema}.${t.name}`, here);
      break;
    }
    default:
      break;
  }
}
