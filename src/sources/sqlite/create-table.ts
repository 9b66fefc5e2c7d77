// Reads what the SQLite pragmas do not say about a table from its CREATE TABLE text: CHECK
// constraints (expression and the columns it mentions), constraint names, generated-column
// expressions, foreign-key deferrability, the AUTOINCREMENT keyword, and where each column and
// constraint is written (for file:line origins).
//
// The text is parsed with the PostgreSQL parser (libpg-query). SQLite's CREATE TABLE is close to
// PostgreSQL's but has words PostgreSQL does not know, so before parsing those are rewritten, token
// by token (found with SQLite's own token classes, so nothing inside a string or quoted name is
// touched), into forms with the same structure:
//   - identifiers in name positions (table, columns, constraint names, key and reference lists) and
//     bare words in expressions that name a column of the table are double-quoted; `[x]` and `x`
//     in backquotes become "x";
//   - the declared type of each column (free-form in SQLite: `UNSIGNED BIG INT`, or none at all)
//     becomes a placeholder type: the type itself is read from the engine (pragma_table_xinfo);
//   - AUTOINCREMENT, ASC/DESC after PRIMARY KEY or in key lists, COLLATE in key lists, conflict
//     clauses (ON CONFLICT …) and table options after the closing parenthesis (WITHOUT ROWID,
//     STRICT) are dropped; a bare `AS (expr)` generated column gets its `GENERATED ALWAYS`;
//   - the SQLite-only operators GLOB, REGEXP and MATCH read as LIKE, and `IS x` / `IS NOT x` (x not
//     NULL, TRUE, FALSE or DISTINCT) as `=` / `<>`: only the structure of an expression is used (the
//     expression text itself is cut from the original SQL);
//   - comments become spaces (PostgreSQL nests /* */ comments, SQLite does not).
// Every rewritten piece keeps a map back to its offset in the original text. When the parser still
// refuses the text, the definition is marked unparsed: the caller must then say that the table's
// CHECK constraints are unknown rather than guess them.
import { parseSync } from 'libpg-query';
import { identValue, keyword, matchParen, significant, tokenize, type Token } from './lexer.js';

export interface ColumnDefinition {
  name: string;
  /** Offset (in the text given) of the column's name. */
  offset: number;
  /** The column carries the AUTOINCREMENT keyword. */
  autoincrement: boolean;
  /** Expression of a generated column, as written. */
  generated?: string;
}

export interface ConstraintDefinition {
  type: 'primary' | 'unique' | 'check' | 'foreign';
  name?: string;
  /** Key columns; for a CHECK, the columns its expression mentions. */
  columns: string[];
  /** The column whose definition holds the constraint (column constraints only). */
  column?: string;
  offset: number;
  /** CHECK expression as written, without `CHECK (` … `)`. */
  expression?: string;
  refTable?: string;
  refColumns?: string[];
  deferrable?: boolean;
}

export interface TableDefinition {
  /** False when the text could not be parsed: constraints are then unknown (columns still listed). */
  parsed: boolean;
  error?: string;
  /** Whether the CHECK keyword occurs (outside strings and quoted names): checks may exist. */
  mentionsCheck: boolean;
  columns: ColumnDefinition[];
  constraints: ConstraintDefinition[];
}

const CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT = new Set(['PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);
const IS_OPERAND_KEYWORDS = new Set(['NULL', 'TRUE', 'FALSE', 'DISTINCT', 'UNKNOWN', 'NOT', 'JSON']);

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const isName = (t: Token | undefined) => !!t && (t.kind === 'id' || t.kind === 'qid' || t.kind === 'string');

/** One column definition or table constraint: significant tokens between top-level commas. */
interface Element {
  tokens: Token[];
}

class Rewriter {
  readonly replace = new Map<Token, string>();
  readonly before = new Map<Token, string>();
  set(tok: Token, text: string) {
    this.replace.set(tok, text);
  }
  drop(tok: Token | undefined) {
    if (tok) this.replace.set(tok, '');
  }
  insertBefore(tok: Token, text: string) {
    this.before.set(tok, (this.before.get(tok) ?? '') + text);
  }
}

/** Splits `tokens[from, to)` (significant tokens) at commas outside parentheses. */
function splitElements(tokens: Token[], from: number, to: number): Element[] {
  const out: Element[] = [];
  let depth = 0;
  let current: Token[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === 'lparen') depth++;
    else if (t.kind === 'rparen') depth--;
    if (t.kind === 'comma' && depth === 0) {
      if (current.length) out.push({ tokens: current });
      current = [];
    } else current.push(t);
  }
  if (current.length) out.push({ tokens: current });
  return out;
}

function isTableConstraint(el: Element): boolean {
  const first = keyword(el.tokens[0]);
  if (first === 'CONSTRAINT') return TABLE_CONSTRAINT.has(keyword(el.tokens[2]));
  return TABLE_CONSTRAINT.has(first);
}

/** Rewrites an expression's tokens `toks[from, to)` (see the header comment). */
function rewriteExpression(rw: Rewriter, toks: Token[], from: number, to: number, columns: Set<string>) {
  for (let i = from; i < to; i++) {
    const t = toks[i];
    const kw = keyword(t);
    if (t.kind === 'qid') rw.set(t, quoteIdent(identValue(t)));
    else if (kw === 'GLOB' || kw === 'REGEXP' || kw === 'MATCH') rw.set(t, 'LIKE');
    else if (kw === 'IS') {
      const next = keyword(toks[i + 1]);
      if (next === 'NOT') {
        if (!IS_OPERAND_KEYWORDS.has(keyword(toks[i + 2]))) {
          rw.set(t, '<>');
          rw.drop(toks[i + 1]);
          i++;
        }
      } else if (!IS_OPERAND_KEYWORDS.has(next)) rw.set(t, '=');
    } else if (t.kind === 'id' && columns.has(t.text.toLowerCase()) && toks[i + 1]?.kind !== 'lparen' && toks[i - 1]?.kind !== 'dot') {
      rw.set(t, quoteIdent(t.text));
    }
  }
}

/** Rewrites a parenthesised list of key columns (`(a COLLATE NOCASE DESC, b)`) to quoted names. */
function rewriteKeyList(rw: Rewriter, toks: Token[], open: number): number {
  const close = matchParen(toks, open);
  if (close < 0) return toks.length;
  for (const item of splitElements(toks, open + 1, close)) {
    const [name, ...rest] = item.tokens;
    if (!isName(name)) continue;
    // Only a plain column with options: an expression is left for the parser to judge.
    const optionsOnly = rest.every((t, k) => {
      const kw = keyword(t);
      return kw === 'ASC' || kw === 'DESC' || kw === 'AUTOINCREMENT' || kw === 'COLLATE' || (keyword(rest[k - 1]) === 'COLLATE' && isName(t));
    });
    if (!optionsOnly) continue;
    rw.set(name, quoteIdent(identValue(name)));
    rest.forEach((t) => rw.drop(t));
  }
  return close;
}

/** Rewrites `REFERENCES name [(cols)]` starting at `at` (the REFERENCES token); returns the last index used. */
function rewriteReferences(rw: Rewriter, toks: Token[], at: number): number {
  let i = at + 1;
  if (isName(toks[i]) && toks[i + 1]?.kind === 'dot') i += 2; // SQLite refuses a schema here, but do not trip on it
  if (isName(toks[i])) rw.set(toks[i], quoteIdent(identValue(toks[i])));
  if (toks[i + 1]?.kind === 'lparen') return rewriteKeyList(rw, toks, i + 1);
  return i;
}

/** Rewrites the constraint clauses in `toks[from, end)` of one element. */
function rewriteConstraints(rw: Rewriter, toks: Token[], from: number, columns: Set<string>) {
  for (let i = from; i < toks.length; i++) {
    const t = toks[i];
    const kw = keyword(t);
    if (kw === 'CONSTRAINT' && isName(toks[i + 1])) {
      rw.set(toks[i + 1], quoteIdent(identValue(toks[i + 1])));
      i++;
    } else if (kw === 'PRIMARY' && keyword(toks[i + 1]) === 'KEY') {
      i++;
      if (toks[i + 1]?.kind === 'lparen') i = rewriteKeyList(rw, toks, i + 1);
      else if (keyword(toks[i + 1]) === 'ASC' || keyword(toks[i + 1]) === 'DESC') rw.drop(toks[++i]);
    } else if (kw === 'UNIQUE' && toks[i + 1]?.kind === 'lparen') {
      i = rewriteKeyList(rw, toks, i + 1);
    } else if (kw === 'FOREIGN' && keyword(toks[i + 1]) === 'KEY' && toks[i + 2]?.kind === 'lparen') {
      i = rewriteKeyList(rw, toks, i + 2);
    } else if (kw === 'REFERENCES') {
      i = rewriteReferences(rw, toks, i);
    } else if (kw === 'ON' && keyword(toks[i + 1]) === 'CONFLICT') {
      rw.drop(t);
      rw.drop(toks[i + 1]);
      rw.drop(toks[i + 2]);
      i += 2;
    } else if (kw === 'AUTOINCREMENT') {
      rw.drop(t);
    } else if (kw === 'COLLATE' && isName(toks[i + 1])) {
      rw.set(toks[i + 1], quoteIdent(identValue(toks[i + 1])));
      i++;
    } else if (kw === 'CHECK' && toks[i + 1]?.kind === 'lparen') {
      const close = matchParen(toks, i + 1);
      if (close < 0) return;
      rewriteExpression(rw, toks, i + 2, close, columns);
      i = close;
    } else if (kw === 'DEFAULT') {
      const v = toks[i + 1];
      if (v?.kind === 'lparen') {
        const close = matchParen(toks, i + 1);
        if (close < 0) return;
        rewriteExpression(rw, toks, i + 2, close, columns);
        i = close;
      } else if (v && (v.kind === 'id' || v.kind === 'qid') && !['NULL', 'TRUE', 'FALSE', 'CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP'].includes(keyword(v))) {
        // SQLite reads a bare word after DEFAULT as a string.
        rw.set(v, `'${identValue(v).replace(/'/g, "''")}'`);
        i++;
      }
    } else if (kw === 'AS' && toks[i + 1]?.kind === 'lparen') {
      if (keyword(toks[i - 1]) !== 'ALWAYS') rw.insertBefore(t, 'GENERATED ALWAYS ');
      const close = matchParen(toks, i + 1);
      if (close < 0) return;
      rewriteExpression(rw, toks, i + 2, close, columns);
      i = close;
    } else if (t.kind === 'qid') {
      rw.set(t, quoteIdent(identValue(t)));
    }
  }
}

/** Index of the first token of the declared type's end: after `name type-words [(n[, m])]`. */
function typeSpan(toks: Token[]): { from: number; to: number } {
  let i = 1;
  while (i < toks.length && isName(toks[i]) && !(toks[i].kind === 'id' && CONSTRAINT_START.has(keyword(toks[i])))) i++;
  if (i > 1 && toks[i]?.kind === 'lparen') {
    const close = matchParen(toks, i);
    if (close > 0) i = close + 1;
  }
  return { from: 1, to: i };
}

interface Rewritten {
  text: string;
  /** Maps an offset of `text` (in characters) back to the original. */
  toOriginal(offset: number): number;
}

/** Builds `prefix + rewritten tokens[from, to) + suffix` over all tokens (whitespace and comments included). */
function render(all: Token[], from: number, to: number, rw: Rewriter, prefix: string, suffix: string): Rewritten {
  const normStarts: number[] = [];
  const origStarts: number[] = [];
  const linear: boolean[] = [];
  let text = prefix;
  const origin = all[from]?.start ?? 0;
  normStarts.push(0);
  origStarts.push(origin);
  linear.push(false);
  for (let i = from; i < to; i++) {
    const t = all[i];
    const pre = rw.before.get(t);
    if (pre) {
      normStarts.push(text.length);
      origStarts.push(t.start);
      linear.push(false);
      text += pre;
    }
    const replaced = rw.replace.get(t);
    const out = replaced ?? (t.kind === 'comment' ? ' '.repeat(t.text.length) : t.text);
    normStarts.push(text.length);
    origStarts.push(t.start);
    linear.push(replaced === undefined);
    text += out;
  }
  normStarts.push(text.length);
  origStarts.push(all[to - 1]?.end ?? origin);
  linear.push(false);
  text += suffix;
  return {
    text,
    toOriginal(offset: number) {
      let lo = 0;
      let hi = normStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (normStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return linear[lo] ? origStarts[lo] + (offset - normStarts[lo]) : origStarts[lo];
    },
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- parse-tree nodes are walked structurally */
const sval = (node: any): string => node?.String?.sval ?? node?.sval ?? '';

function columnRefs(node: any, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) columnRefs(item, out);
  } else if (node && typeof node === 'object') {
    if (node.ColumnRef) {
      const fields = node.ColumnRef.fields ?? [];
      const last = fields[fields.length - 1];
      if (last?.String) out.push(last.String.sval);
      return;
    }
    for (const key of Object.keys(node)) columnRefs(node[key], out);
  }
}

/** Text inside the parentheses that follow the first `word` token at or after `offset`. */
function parenthesisedAfter(sql: string, toks: Token[], offset: number, word: string): string | undefined {
  const at = toks.findIndex((t) => t.start >= offset && keyword(t) === word);
  if (at < 0 || toks[at + 1]?.kind !== 'lparen') return undefined;
  const close = matchParen(toks, at + 1);
  if (close < 0) return undefined;
  return sql.slice(toks[at + 1].end, toks[close].start).trim();
}

/**
 * Reads the column definitions and table constraints in `sig[from, to)` of `sql`. `all` holds every
 * token of `sql` (for rendering), `sig` its significant ones.
 */
function readElements(sql: string, all: Token[], sig: Token[], from: number, to: number): TableDefinition {
  const elements = splitElements(sig, from, to);
  const mentionsCheck = sig.slice(from, to).some((t) => keyword(t) === 'CHECK');
  const columns: ColumnDefinition[] = [];
  for (const el of elements) {
    if (isTableConstraint(el) || !isName(el.tokens[0])) continue;
    columns.push({ name: identValue(el.tokens[0]), offset: el.tokens[0].start, autoincrement: el.tokens.some((t) => keyword(t) === 'AUTOINCREMENT') });
  }
  // `PRIMARY KEY (id AUTOINCREMENT)` is the table-constraint spelling of a column's AUTOINCREMENT.
  for (const el of elements) {
    if (!isTableConstraint(el)) continue;
    el.tokens.forEach((t, k) => {
      if (keyword(t) !== 'AUTOINCREMENT' || !isName(el.tokens[k - 1])) return;
      const col = columns.find((c) => c.name.toLowerCase() === identValue(el.tokens[k - 1]).toLowerCase());
      if (col) col.autoincrement = true;
    });
  }
  const columnSet = new Set(columns.map((c) => c.name.toLowerCase()));

  const rw = new Rewriter();
  for (const el of elements) {
    const toks = el.tokens;
    if (isTableConstraint(el)) {
      rewriteConstraints(rw, toks, 0, columnSet);
      continue;
    }
    if (!isName(toks[0])) continue;
    const span = typeSpan(toks);
    if (span.to > span.from) {
      rw.set(toks[span.from], 'x');
      for (let k = span.from + 1; k < span.to; k++) rw.drop(toks[k]);
      rw.set(toks[0], quoteIdent(identValue(toks[0])));
    } else {
      rw.set(toks[0], `${quoteIdent(identValue(toks[0]))} x`);
    }
    rewriteConstraints(rw, toks, span.to, columnSet);
  }
  const first = all.indexOf(sig[from]);
  const last = all.indexOf(sig[to - 1]);
  if (first < 0 || last < 0) return { parsed: false, error: 'empty definition', mentionsCheck, columns, constraints: [] };
  const rendered = render(all, first, last + 1, rw, 'CREATE TABLE t (', ')');

  let stmt: any;
  try {
    stmt = (parseSync(rendered.text).stmts?.[0]?.stmt as any)?.CreateStmt;
  } catch (err) {
    return { parsed: false, error: (err as Error).message, mentionsCheck, columns, constraints: [] };
  }
  if (!stmt) return { parsed: false, error: 'not a CREATE TABLE statement', mentionsCheck, columns, constraints: [] };

  const bytes = Buffer.from(rendered.text, 'utf8');
  const ascii = bytes.length === rendered.text.length;
  const at = (location: number | undefined, fallback: number): number => {
    if (location === undefined || location < 0) return fallback;
    const chars = ascii ? location : bytes.subarray(0, location).toString('utf8').length;
    return rendered.toOriginal(chars);
  };
  const canonical = (name: string) => columns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.name;

  const constraints: ConstraintDefinition[] = [];
  const parsedColumns: ColumnDefinition[] = [];
  const constraint = (con: any, column: ColumnDefinition | undefined, fallback: number): void => {
    const offset = at(con.location, fallback);
    const name: string | undefined = con.conname || undefined;
    switch (con.contype) {
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE': {
        const keys = column ? [column.name] : (con.keys ?? []).map(sval);
        constraints.push({ type: con.contype === 'CONSTR_PRIMARY' ? 'primary' : 'unique', name, columns: keys, column: column?.name, offset });
        break;
      }
      case 'CONSTR_CHECK': {
        const refs: string[] = [];
        columnRefs(con.raw_expr, refs);
        const mentioned = [...new Set(refs.map(canonical).filter((c): c is string => !!c))];
        if (column && !mentioned.includes(column.name)) mentioned.unshift(column.name);
        const expression = parenthesisedAfter(sql, sig, offset, 'CHECK') ?? '';
        constraints.push({ type: 'check', name, columns: mentioned, column: column?.name, offset, expression });
        break;
      }
      case 'CONSTR_FOREIGN': {
        const keys = column ? [column.name] : (con.fk_attrs ?? []).map(sval);
        constraints.push({
          type: 'foreign',
          name,
          columns: keys,
          column: column?.name,
          offset,
          refTable: con.pktable?.relname,
          refColumns: (con.pk_attrs ?? []).map(sval),
          deferrable: !!con.deferrable || !!con.initdeferred,
        });
        break;
      }
      case 'CONSTR_GENERATED':
        if (column) column.generated = parenthesisedAfter(sql, sig, offset, 'AS');
        break;
      default:
        break;
    }
  };
  for (const elt of stmt.tableElts ?? []) {
    if (elt.ColumnDef) {
      const def = elt.ColumnDef;
      const lexical = columns.find((c) => c.name === def.colname);
      const col: ColumnDefinition = { name: def.colname, offset: at(def.location, lexical?.offset ?? 0), autoincrement: lexical?.autoincrement ?? false };
      parsedColumns.push(col);
      for (const c of def.constraints ?? []) {
        const con = c.Constraint;
        if (!con) continue;
        // In a column definition, DEFERRABLE / INITIALLY DEFERRED are nodes of their own after the REFERENCES.
        const previous = constraints[constraints.length - 1];
        if (con.contype === 'CONSTR_ATTR_DEFERRABLE' || con.contype === 'CONSTR_ATTR_DEFERRED') {
          if (previous?.type === 'foreign' && previous.column === col.name) previous.deferrable = true;
        } else constraint(con, col, col.offset);
      }
    } else if (elt.Constraint) {
      constraint(elt.Constraint, undefined, sig[from].start);
    }
  }
  return { parsed: true, mentionsCheck, columns: parsedColumns, constraints };
}

/**
 * Reads a `CREATE [TEMP] TABLE … ( … ) [options]` statement. Offsets in the result are offsets of `sql`.
 * `CREATE TABLE … AS SELECT` has no definitions to read: it comes back parsed and empty.
 */
export function readCreateTable(sql: string): TableDefinition {
  const all = tokenize(sql);
  const sig = significant(all);
  const open = sig.findIndex((t) => t.kind === 'lparen');
  const asIndex = sig.findIndex((t) => keyword(t) === 'AS');
  if (asIndex >= 0 && (open < 0 || asIndex < open)) return { parsed: true, mentionsCheck: false, columns: [], constraints: [] };
  if (open < 0) return { parsed: false, error: 'no column list', mentionsCheck: false, columns: [], constraints: [] };
  const close = matchParen(sig, open);
  if (close < 0) return { parsed: false, error: 'unbalanced parentheses', mentionsCheck: false, columns: [], constraints: [] };
  return readElements(sql, all, sig, open + 1, close);
}

/**
 * Reads the column definition of `ALTER TABLE … ADD [COLUMN] <definition>`; offsets are offsets of `sql`.
 * Undefined when the statement is not an ADD COLUMN.
 */
export function readAddedColumn(sql: string): TableDefinition | undefined {
  const all = tokenize(sql);
  const sig = significant(all);
  const add = sig.findIndex((t) => keyword(t) === 'ADD');
  if (add < 0 || keyword(sig[0]) !== 'ALTER') return undefined;
  const from = keyword(sig[add + 1]) === 'COLUMN' ? add + 2 : add + 1;
  let to = sig.length;
  while (to > from && sig[to - 1].kind === 'semi') to--;
  if (to <= from) return undefined;
  return readElements(sql, all, sig, from, to);
}
