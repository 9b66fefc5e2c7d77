// Loading speed: every foreign key adds two triggers to the table it references, and PostgreSQL
// rebuilds that table's relation cache, reading all its triggers, before the next key is added. A
// tenant root referenced by thousands of keys makes loading quadratic (5,000 tables: a minute).
// The engine only has to remember the keys, not check them (it holds no data), so each foreign key
// is run as NOT ENFORCED (PostgreSQL 18), which records the same constraint without triggers. (The parse tree
// marks enforced keys with is_enforced: true; a false value is simply absent.)
// What the user declared (NOT VALID, NOT ENFORCED) is kept in the origin map and restored.
import { scanSync, type ScanToken } from 'libpg-query';
import type { Statement } from './statements.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- parse-tree nodes are walked structurally */

/** Byte locations (file-relative) of the foreign-key constraints of a statement, with where each column's next constraint starts. */
function foreignKeyLocations(stmt: Statement): { at: number; nextSibling?: number; enforcedAlready: boolean }[] {
  const out: { at: number; nextSibling?: number; enforcedAlready: boolean }[] = [];
  const fromList = (list: any[] | undefined) => {
    const cons = (list ?? []).map((c: any) => c.Constraint).filter(Boolean);
    cons.forEach((c: any, i: number) => {
      if (c.contype !== 'CONSTR_FOREIGN' || typeof c.location !== 'number') return;
      const next = cons.slice(i + 1).find((n: any) => typeof n.location === 'number');
      out.push({ at: c.location, nextSibling: next?.location, enforcedAlready: c.is_enforced !== true });
    });
  };
  if (stmt.kind === 'CreateStmt') {
    for (const elt of stmt.ast.tableElts ?? []) {
      if (elt.ColumnDef) fromList(elt.ColumnDef.constraints);
      else if (elt.Constraint) fromList([elt]);
    }
  } else if (stmt.kind === 'AlterTableStmt') {
    for (const cmd of stmt.ast.cmds ?? []) {
      const c = cmd.AlterTableCmd;
      if (c?.subtype === 'AT_AddConstraint') fromList([c.def]);
      else if (c?.subtype === 'AT_AddColumn') fromList(c.def?.ColumnDef?.constraints);
    }
  }
  return out.filter((f) => !f.enforcedAlready);
}

const SKIP = new Set(['SQL_COMMENT', 'C_COMMENT']);

/**
 * The statement's text with NOT ENFORCED after each foreign-key clause, or undefined when it has none.
 * A clause ends at the next comma or closing parenthesis at its own depth, or where the column's next
 * constraint starts.
 */
export function withUnenforcedForeignKeys(stmt: Statement): string | undefined {
  const fks = foreignKeyLocations(stmt);
  if (fks.length === 0) return undefined;
  const bytes = Buffer.from(stmt.text, 'utf8');
  let tokens: ScanToken[];
  try {
    tokens = scanSync(stmt.text).tokens.filter((t) => !SKIP.has(t.tokenName));
  } catch {
    return undefined;
  }
  const inserts: number[] = [];
  for (const fk of fks) {
    const start = fk.at - stmt.start;
    const stop = fk.nextSibling !== undefined ? fk.nextSibling - stmt.start : Infinity;
    let depth = 0;
    // Past the last token (not after a trailing comment, which would swallow the words).
    let end = tokens.length ? tokens[tokens.length - 1].end : bytes.length;
    for (const tok of tokens) {
      if (tok.start < start) continue;
      if (tok.start >= stop) {
        end = tok.start;
        break;
      }
      if (tok.text === '(') depth++;
      else if (tok.text === ')') {
        if (depth === 0) {
          end = tok.start;
          break;
        }
        depth--;
      } else if ((tok.text === ',' || tok.text === ';') && depth === 0) {
        end = tok.start;
        break;
      }
    }
    inserts.push(end);
  }
  const pieces: Buffer[] = [];
  let last = 0;
  for (const at of [...inserts].sort((a, b) => a - b)) {
    pieces.push(bytes.subarray(last, at), Buffer.from(' NOT ENFORCED '));
    last = at;
  }
  pieces.push(bytes.subarray(last));
  return Buffer.concat(pieces).toString('utf8');
}

/** VALIDATE CONSTRAINT on a key the engine holds as NOT ENFORCED would fail; it has nothing to check anyway. */
export function onlyValidatesConstraints(stmt: Statement): boolean {
  if (stmt.kind !== 'AlterTableStmt') return false;
  const cmds = stmt.ast.cmds ?? [];
  return cmds.length > 0 && cmds.every((c: any) => c.AlterTableCmd?.subtype === 'AT_ValidateConstraint');
}
