// Splits a MySQL / MariaDB script (mysqldump output or hand-written) into statements, the way the
// `mysql` client does: it honours `DELIMITER`, quotes ('…', "…", `…`), comments (`-- `, `#`,
// `/* … */`) and executable version comments (`/*!40101 … */`, MariaDB's `/*M!100100 … */`), whose
// content the server runs, so they are unwrapped into the statement. Every statement keeps its
// file:line. Comments become spaces in the statement text (offsets and line breaks stay put), and
// are collected on the side for inline `schemascope-ignore` directives.

export interface SqlComment {
  line: number;
  text: string;
}

export interface SplitStatement {
  file: string;
  /** Line of the statement's first word. */
  line: number;
  /** The statement's code: comments blanked, version-comment markers removed, no delimiter. */
  text: string;
  /** Line of an offset into `text`. */
  lineAt(offset: number): number;
  /** The statement as written (comments and version comments kept), without its delimiter. */
  raw: string;
  /** `/*!50100 PARTITION BY … *\/` clauses found in the statement (removed from `text`). */
  partitions: { line: number; text: string }[];
}

export interface SplitResult {
  statements: SplitStatement[];
  comments: SqlComment[];
}

/** Offsets of line starts, for offset → line lookups by binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Replaces every character but line breaks with spaces, so offsets and lines are kept. */
function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

export function splitMysql(text: string, file: string): SplitResult {
  const starts = lineStarts(text);
  const statements: SplitStatement[] = [];
  const comments: SqlComment[] = [];
  let delimiter = ';';
  let i = 0;
  const n = text.length;

  // The statement being built: `out` mirrors text[stmtStart..i) with comments blanked.
  let stmtStart = -1;
  let out = '';
  let partitions: SplitStatement['partitions'] = [];
  // Inside an executable comment: its `*/` ends it.
  let inVersion = false;

  const atLineStart = (pos: number) => {
    let j = pos - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    return j < 0 || text[j] === '\n';
  };

  const finish = () => {
    if (stmtStart >= 0 && out.trim()) {
      const base = stmtStart;
      const raw = text.slice(base, i);
      const first = out.search(/\S/);
      statements.push({
        file,
        line: lineOf(starts, base + first),
        text: out,
        raw,
        lineAt: (offset: number) => lineOf(starts, base + offset),
        partitions,
      });
    }
    stmtStart = -1;
    out = '';
    partitions = [];
  };
  const emit = (s: string, from: number) => {
    if (stmtStart < 0) stmtStart = from;
    out += s;
  };

  while (i < n) {
    const c = text[i];
    // A client command at the start of a statement: DELIMITER <string> (to the end of the line).
    if (!inVersion && (c === 'D' || c === 'd') && (stmtStart < 0 || !/\S/.test(out)) && atLineStart(i) && /^delimiter[ \t]/i.test(text.slice(i, i + 10))) {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      const arg = text.slice(i + 9, end).trim().split(/\s+/)[0];
      if (arg) delimiter = arg;
      stmtStart = -1;
      out = '';
      i = end;
      continue;
    }
    if (!inVersion && text.startsWith(delimiter, i)) {
      finish();
      i += delimiter.length;
      continue;
    }
    if (inVersion && c === '*' && text[i + 1] === '/') {
      inVersion = false;
      emit('  ', i);
      i += 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '\\' && c !== '`') {
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (text[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const end = Math.min(j + 1, n);
      emit(text.slice(i, end), i);
      i = end;
      continue;
    }
    if (c === '#' || (c === '-' && text[i + 1] === '-' && (i + 2 >= n || isSpace(text[i + 2])))) {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      comments.push({ line: lineOf(starts, i), text: text.slice(i, end) });
      if (stmtStart >= 0) out += blank(text.slice(i, end));
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const version = /^\/\*(M?)!(\d{5,6})?/.exec(text.slice(i, i + 10));
      // `/*!999999 … */` (MariaDB's "sandbox mode" line) is for no server version: a plain comment.
      if (version && !inVersion && version[2] !== '999999') {
        // Executable comment: its content is code. A PARTITION BY clause is kept aside as a note.
        const close = text.indexOf('*/', i + version[0].length);
        const end = close < 0 ? n : close;
        const body = text.slice(i + version[0].length, end);
        if (/^\s*partition\s+by\b/i.test(body)) {
          partitions.push({ line: lineOf(starts, i + version[0].length + body.search(/\S/)), text: body.trim().replace(/\s+/g, ' ') });
          if (stmtStart >= 0) out += blank(text.slice(i, Math.min(end + 2, n)));
          i = Math.min(end + 2, n);
          continue;
        }
        emit(blank(version[0]), i);
        i += version[0].length;
        inVersion = true;
        continue;
      }
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      comments.push({ line: lineOf(starts, i), text: text.slice(i, end) });
      if (stmtStart >= 0) out += blank(text.slice(i, end));
      i = end;
      continue;
    }
    if (stmtStart < 0 && isSpace(c)) {
      i++;
      continue;
    }
    emit(c, i);
    i++;
  }
  finish();
  return { statements, comments };
}

// ---- a small lexer over a statement's cleaned text ----

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Identifier (unquoted), string value, number or punctuation. */
  value: string;
  start: number;
  end: number;
}

/** Tokens of a statement's text (comments are already blanked by the splitter). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '`' || c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < n) {
        if (text[j] === '\\' && c !== '`') {
          value += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: c === '`' ? 'quoted' : 'string', value, start: i, end: Math.min(j + 1, n) });
      i = j + 1;
      continue;
    }
    const num = /^(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?(?![A-Za-z_$\u0080-\uffff])/i.exec(text.slice(i, i + 100));
    if (num && !(c === '.' && tokens.length && tokens[tokens.length - 1].kind !== 'punct')) {
      tokens.push({ kind: 'number', value: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(text.slice(i, i + 200));
    if (word) {
      const w = word[0];
      tokens.push({ kind: 'word', value: w, start: i, end: i + w.length });
      i += w.length;
      continue;
    }
    tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

/** An identifier token's name (quoted or not). */
export function identOf(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'quoted' || t.kind === 'word' || (t.kind === 'string' && t.value)) return t.value;
  return undefined;
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return !!t && t.kind === 'word' && words.some((w) => w.toLowerCase() === t.value.toLowerCase());
}

/** Splits tokens[from..to) at commas of nesting depth 0; each part is [first, end) token indexes. */
export function splitTopLevel(tokens: Token[], from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const v = tokens[k].kind === 'punct' ? tokens[k].value : '';
    if (v === '(') depth++;
    else if (v === ')') depth--;
    else if (v === ',' && depth === 0) {
      if (k > start) parts.push([start, k]);
      start = k + 1;
    }
  }
  if (to > start) parts.push([start, to]);
  return parts;
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function matchParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].kind !== 'punct') continue;
    if (tokens[k].value === '(') depth++;
    else if (tokens[k].value === ')') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}
