// Reads the parts of MySQL DDL statements from their tokens: column definitions, keys, foreign keys,
// checks, ALTER TABLE specifications. The tokens keep what node-sql-parser's AST drops (the line of
// each part, prefix lengths of key parts, expressions as written), so values are read here, while
// node-sql-parser decides whether a statement is valid MySQL (see ddl.ts).
import type { Column, FkAction } from '../../catalog/types.js';
import { identOf, isWord, matchParen, splitTopLevel, type Token } from './split.js';
import { describeType } from './types.js';
import type { MIndexKind, MIndexPart } from './model.js';

export interface Ctx {
  text: string;
  tokens: Token[];
}

export const slice = (ctx: Ctx, from: number, to: number): string =>
  from >= to ? '' : ctx.text.slice(ctx.tokens[from].start, ctx.tokens[to - 1].end).trim().replace(/\s+/g, ' ');

const punct = (t: Token | undefined, v: string) => !!t && t.kind === 'punct' && t.value === v;

/** `db.name` or `name` at tokens[k]. */
export function readQualified(ctx: Ctx, k: number): { schema?: string; name: string; next: number } | undefined {
  const first = identOf(ctx.tokens[k]);
  if (first === undefined) return undefined;
  if (punct(ctx.tokens[k + 1], '.') && identOf(ctx.tokens[k + 2]) !== undefined) return { schema: first, name: identOf(ctx.tokens[k + 2])!, next: k + 3 };
  return { name: first, next: k + 1 };
}

export interface ColumnDef {
  column: Omit<Column, 'origin'>;
  primary: boolean;
  unique: boolean;
  checks: { name?: string; expression: string }[];
  references?: ForeignRef;
  /** Tokens the reader did not recognise. */
  unknown: string[];
}

export interface ForeignRef {
  schema?: string;
  table: string;
  columns: string[];
  onDelete?: FkAction;
  onUpdate?: FkAction;
}

const COLUMN_STOP = new Set([
  'not', 'null', 'default', 'auto_increment', 'primary', 'key', 'unique', 'comment', 'collate', 'character', 'charset',
  'generated', 'as', 'references', 'check', 'constraint', 'on', 'invisible', 'visible', 'column_format', 'storage',
  'srid', 'engine_attribute', 'secondary_engine_attribute', 'serial', 'first', 'after', 'binary', 'ascii', 'unicode',
  'compressed', 'persistent', 'stored', 'virtual', 'without', 'with', 'ref_system_id',
]);

/** A DEFAULT / ON UPDATE value at tokens[k], printed as MariaDB's information_schema does. */
function readValue(ctx: Ctx, k: number, end: number): { text?: string; next: number } {
  const t = ctx.tokens[k];
  if (!t || k >= end) return { next: k };
  if (punct(t, '(')) {
    const close = matchParen(ctx.tokens, k);
    return { text: slice(ctx, k, close + 1), next: close + 1 };
  }
  if (punct(t, '-') || punct(t, '+')) {
    const v = ctx.tokens[k + 1];
    return { text: `${t.value === '-' ? '-' : ''}${v?.value ?? ''}`, next: k + 2 };
  }
  if (t.kind === 'string') {
    // Charset introducers (_utf8mb4'x') and b'0101' / x'ff' literals keep their spelling.
    return { text: `'${t.value.replace(/'/g, "''")}'`, next: k + 1 };
  }
  if (t.kind === 'number') return { text: t.value, next: k + 1 };
  if (t.kind === 'word') {
    const w = t.value.toLowerCase();
    if (punct(ctx.tokens[k + 1], '(')) {
      const close = matchParen(ctx.tokens, k + 1);
      const args = slice(ctx, k + 2, close);
      return { text: `${w}(${args})`, next: close + 1 };
    }
    if (w === 'null') return { text: 'NULL', next: k + 1 };
    if (w === 'true') return { text: '1', next: k + 1 };
    if (w === 'false') return { text: '0', next: k + 1 };
    if (['current_timestamp', 'now', 'localtime', 'localtimestamp', 'current_date', 'current_time', 'curdate', 'curtime'].includes(w))
      return { text: `${w === 'now' || w === 'localtime' || w === 'localtimestamp' ? 'current_timestamp' : w}()`, next: k + 1 };
    if ((w === 'b' || w === 'x' || w.startsWith('_')) && ctx.tokens[k + 1]?.kind === 'string') return { text: slice(ctx, k, k + 2), next: k + 2 };
    return { text: t.value, next: k + 1 };
  }
  return { text: t.value, next: k + 1 };
}

const ACTIONS: [string[], FkAction][] = [
  [['restrict'], 'restrict'],
  [['cascade'], 'cascade'],
  [['set', 'null'], 'set null'],
  [['set', 'default'], 'set default'],
  [['no', 'action'], 'no action'],
];

function readAction(ctx: Ctx, k: number): { action?: FkAction; next: number } {
  for (const [words, action] of ACTIONS) if (words.every((w, j) => isWord(ctx.tokens[k + j], w))) return { action, next: k + words.length };
  return { next: k + 1 };
}

/** `REFERENCES tbl (cols) [MATCH …] [ON DELETE a] [ON UPDATE a]` at tokens[k] (the REFERENCES word). */
export function readReferences(ctx: Ctx, k: number, end: number): { ref?: ForeignRef; next: number } {
  const q = readQualified(ctx, k + 1);
  if (!q) return { next: k + 1 };
  let j = q.next;
  let columns: string[] = [];
  if (punct(ctx.tokens[j], '(')) {
    const close = matchParen(ctx.tokens, j);
    columns = readParts(ctx, j, close).map((p) => p.column ?? p.expr);
    j = close + 1;
  }
  const ref: ForeignRef = { ...(q.schema ? { schema: q.schema } : {}), table: q.name, columns };
  while (j < end) {
    if (isWord(ctx.tokens[j], 'match')) j += 2;
    else if (isWord(ctx.tokens[j], 'on') && isWord(ctx.tokens[j + 1], 'delete')) {
      const a = readAction(ctx, j + 2);
      ref.onDelete = a.action;
      j = a.next;
    } else if (isWord(ctx.tokens[j], 'on') && isWord(ctx.tokens[j + 1], 'update')) {
      const a = readAction(ctx, j + 2);
      ref.onUpdate = a.action;
      j = a.next;
    } else break;
  }
  return { ref, next: j };
}

/** Key parts inside the parentheses tokens[open]..tokens[close]. */
export function readParts(ctx: Ctx, open: number, close: number): MIndexPart[] {
  const parts: MIndexPart[] = [];
  for (const [a, b] of splitTopLevel(ctx.tokens, open + 1, close)) {
    let end = b;
    let desc = false;
    if (isWord(ctx.tokens[end - 1], 'desc')) (desc = true), end--;
    else if (isWord(ctx.tokens[end - 1], 'asc')) end--;
    const name = identOf(ctx.tokens[a]);
    if (name !== undefined && ctx.tokens[a].kind !== 'string' && end === a + 1) parts.push({ column: name, expr: name, ...(desc ? { desc } : {}) });
    else if (name !== undefined && ctx.tokens[a].kind !== 'string' && end === a + 4 && punct(ctx.tokens[a + 1], '(') && ctx.tokens[a + 2].kind === 'number')
      parts.push({ column: name, expr: name, length: Number(ctx.tokens[a + 2].value), ...(desc ? { desc } : {}) });
    else {
      let expr = slice(ctx, a, end);
      if (expr.startsWith('(') && matchParen(ctx.tokens, a) === end - 1) expr = slice(ctx, a + 1, end - 1);
      parts.push({ column: null, expr, ...(desc ? { desc } : {}) });
    }
  }
  return parts;
}

/** A column definition: tokens[a] is the name. Also used for MODIFY / CHANGE / ADD COLUMN. */
export function readColumnDef(ctx: Ctx, a: number, b: number): { def: ColumnDef; position?: { first?: boolean; after?: string } } | undefined {
  const name = identOf(ctx.tokens[a]);
  if (name === undefined) return undefined;
  let k = a + 1;
  const typeStart = k;
  // The type: words up to the first attribute keyword, with their (arguments).
  while (k < b) {
    const t = ctx.tokens[k];
    if (t.kind === 'word' && COLUMN_STOP.has(t.value.toLowerCase()) && k > typeStart) break;
    if (t.kind === 'word' && t.value.toLowerCase() === 'serial' && k === typeStart) {
      k++;
      break;
    }
    if (punct(t, '(')) {
      k = matchParen(ctx.tokens, k) + 1;
      if (k <= 0) return undefined;
      continue;
    }
    if (t.kind !== 'word') break;
    k++;
  }
  const typeText = slice(ctx, typeStart, k);
  if (!typeText) return undefined;
  const isSerial = /^serial$/i.test(typeText);
  const info = describeType(isSerial ? 'bigint unsigned' : typeText);
  const def: ColumnDef = {
    column: { name, ...info, nullable: !isSerial, autoIncrement: isSerial },
    primary: false,
    unique: isSerial,
    checks: [],
    unknown: [],
  };
  const col = def.column;
  let position: { first?: boolean; after?: string } | undefined;
  let pendingConstraint: string | undefined;
  while (k < b) {
    const t = ctx.tokens[k];
    const w = t.kind === 'word' ? t.value.toLowerCase() : '';
    if (w === 'not' && isWord(ctx.tokens[k + 1], 'null')) (col.nullable = false), (k += 2);
    else if (w === 'null') (col.nullable = true), k++;
    else if (w === 'default') {
      const v = readValue(ctx, k + 1, b);
      if (v.text !== undefined && v.text !== 'NULL') col.default = v.text;
      else delete col.default;
      k = v.next;
    } else if (w === 'auto_increment') (col.autoIncrement = true), k++;
    else if (w === 'primary' && isWord(ctx.tokens[k + 1], 'key')) (def.primary = true), (k += 2);
    else if (w === 'key') (def.primary = true), k++;
    else if (w === 'unique') (def.unique = true), (k += isWord(ctx.tokens[k + 1], 'key') ? 2 : 1);
    else if (w === 'comment' && ctx.tokens[k + 1]?.kind === 'string') (col.comment = ctx.tokens[k + 1].value), (k += 2);
    else if ((w === 'collate' || w === 'charset') && k + 1 < b) k += punct(ctx.tokens[k + 1], '=') ? 3 : 2;
    else if (w === 'character' && isWord(ctx.tokens[k + 1], 'set')) k += 3;
    else if (w === 'on' && isWord(ctx.tokens[k + 1], 'update')) {
      const v = readValue(ctx, k + 2, b);
      if (v.text) col.onUpdate = v.text;
      k = v.next;
    } else if (w === 'generated' || w === 'as') {
      const open = ctx.tokens.findIndex((x, j) => j > k && j < b && punct(x, '('));
      if (open < 0) break;
      const close = matchParen(ctx.tokens, open);
      col.generated = slice(ctx, open + 1, close);
      k = close + 1;
    } else if (w === 'constraint') {
      pendingConstraint = isWord(ctx.tokens[k + 1], 'check') ? undefined : identOf(ctx.tokens[k + 1]);
      k += pendingConstraint !== undefined ? 2 : 1;
    } else if (w === 'check' && punct(ctx.tokens[k + 1], '(')) {
      const close = matchParen(ctx.tokens, k + 1);
      def.checks.push({ ...(pendingConstraint ? { name: pendingConstraint } : {}), expression: slice(ctx, k + 2, close) });
      pendingConstraint = undefined;
      k = close + 1;
    } else if (w === 'references') {
      const r = readReferences(ctx, k, b);
      def.references = r.ref;
      k = r.next;
    } else if (w === 'first') (position = { first: true }), k++;
    else if (w === 'after' && k + 1 < b) (position = { after: identOf(ctx.tokens[k + 1]) }), (k += 2);
    else if (['invisible', 'visible', 'virtual', 'stored', 'persistent', 'binary', 'ascii', 'unicode', 'compressed', 'enforced'].includes(w)) k++;
    else if ((w === 'column_format' || w === 'storage' || w === 'srid' || w === 'ref_system_id') && k + 1 < b) k += 2;
    else {
      def.unknown.push(t.value);
      k++;
    }
  }
  // A TIMESTAMP column without NULL/DEFAULT is NOT NULL only under explicit_defaults_for_timestamp=OFF;
  // both MySQL 8 and MariaDB 10.10+ default to ON, so nothing is implied here.
  if (def.primary) col.nullable = false;
  return { def, position };
}

export type Element =
  | { kind: 'column'; def: ColumnDef }
  | { kind: 'index'; indexKind: MIndexKind; name?: string; constraint?: string; parts: MIndexPart[]; method?: string }
  | { kind: 'foreign'; name?: string; indexName?: string; columns: string[]; ref: ForeignRef }
  | { kind: 'check'; name?: string; expression: string }
  | { kind: 'other'; text: string };

const INDEX_WORDS = new Set(['primary', 'unique', 'key', 'index', 'fulltext', 'spatial', 'constraint', 'foreign', 'check', 'period']);

export function isConstraintStart(t: Token | undefined): boolean {
  return !!t && t.kind === 'word' && INDEX_WORDS.has(t.value.toLowerCase());
}

/** One element of a CREATE TABLE list or of ALTER TABLE … ADD: a column, key, foreign key or check. */
export function readElement(ctx: Ctx, a: number, b: number): Element | undefined {
  if (!isConstraintStart(ctx.tokens[a])) {
    const c = readColumnDef(ctx, a, b);
    return c ? { kind: 'column', def: c.def } : undefined;
  }
  let k = a;
  let constraint: string | undefined;
  if (isWord(ctx.tokens[k], 'constraint')) {
    k++;
    if (!isConstraintStart(ctx.tokens[k]) || ctx.tokens[k].kind === 'quoted') constraint = identOf(ctx.tokens[k++]);
  }
  const w = ctx.tokens[k]?.value.toLowerCase();
  if (w === 'check' && punct(ctx.tokens[k + 1], '(')) {
    const close = matchParen(ctx.tokens, k + 1);
    return { kind: 'check', ...(constraint ? { name: constraint } : {}), expression: slice(ctx, k + 2, close) };
  }
  if (w === 'foreign' && isWord(ctx.tokens[k + 1], 'key')) {
    k += 2;
    let indexName: string | undefined;
    if (!punct(ctx.tokens[k], '(')) indexName = identOf(ctx.tokens[k++]);
    if (!punct(ctx.tokens[k], '(')) return undefined;
    const close = matchParen(ctx.tokens, k);
    const columns = readParts(ctx, k, close).map((p) => p.column ?? p.expr);
    if (!isWord(ctx.tokens[close + 1], 'references')) return undefined;
    const r = readReferences(ctx, close + 1, b);
    if (!r.ref) return undefined;
    return { kind: 'foreign', ...(constraint ? { name: constraint } : {}), ...(indexName ? { indexName } : {}), columns, ref: r.ref };
  }
  let indexKind: MIndexKind;
  if (w === 'primary' && isWord(ctx.tokens[k + 1], 'key')) (indexKind = 'primary'), (k += 2);
  else if (w === 'unique') (indexKind = 'unique'), (k += isWord(ctx.tokens[k + 1], 'key', 'index') ? 2 : 1);
  else if (w === 'fulltext' || w === 'spatial') (indexKind = w), (k += isWord(ctx.tokens[k + 1], 'key', 'index') ? 2 : 1);
  else if (w === 'key' || w === 'index') (indexKind = 'key'), k++;
  else return { kind: 'other', text: slice(ctx, a, b) };
  let name: string | undefined;
  let method: string | undefined;
  while (k < b && !punct(ctx.tokens[k], '(')) {
    if (isWord(ctx.tokens[k], 'using', 'type')) (method = ctx.tokens[k + 1]?.value.toLowerCase()), (k += 2);
    else if (isWord(ctx.tokens[k], 'if') && isWord(ctx.tokens[k + 1], 'not')) k += 3;
    else name = identOf(ctx.tokens[k++]);
  }
  if (!punct(ctx.tokens[k], '(')) return undefined;
  const close = matchParen(ctx.tokens, k);
  const parts = readParts(ctx, k, close);
  for (let j = close + 1; j < b; j++) if (isWord(ctx.tokens[j], 'using')) method = ctx.tokens[j + 1]?.value.toLowerCase();
  // The name of an index is what follows the key word; with CONSTRAINT alone, the constraint names it.
  return { kind: 'index', indexKind, ...(name ?? constraint ? { name: name ?? constraint } : {}), parts, ...(method ? { method } : {}) };
}
