// SQLite's lexical rules, in two pieces:
//  - `splitStatements`: statement boundaries by SQLite's own `sqlite3_complete()` state machine
//    (src/complete.c), ported line for line. better-sqlite3 does not expose sqlite3_complete, and its
//    `prepare()` refuses text holding more than one statement instead of reporting where the first
//    ends, so the boundaries are found the way the sqlite3 shell finds them: a semicolon ends a
//    statement unless it is inside a string, quoted identifier or comment, or inside the body of a
//    CREATE TRIGGER, which ends only at `; END;`.
//  - `tokenize`: the token classes of SQLite's tokenizer (src/tokenize.c): strings, the three kinds
//    of quoted identifiers ("x", `x`, [x]), blobs, numbers, variables, comments and operators, with
//    their offsets, for reading statements without mistaking a quoted word for a keyword.
//
// Offsets are JavaScript string indexes (UTF-16 code units). Both machines only look at ASCII
// characters and treat everything from U+0080 up as an identifier character, as SQLite does for
// the bytes of a UTF-8 sequence, so working on code units gives the same boundaries as SQLite.

/** Whether `ch` is an identifier character for SQLite: letters, digits, `_`, `$`, and anything non-ASCII. */
function isIdChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}

function isIdStart(ch: string | undefined): boolean {
  return isIdChar(ch) && !(ch! >= '0' && ch! <= '9') && ch !== '$';
}

const WS = new Set([' ', '\t', '\n', '\r', '\f']);

// ---- sqlite3_complete ----

const tkSEMI = 0;
const tkWS = 1;
const tkOTHER = 2;
const tkEXPLAIN = 3;
const tkCREATE = 4;
const tkTEMP = 5;
const tkTRIGGER = 6;
const tkEND = 7;

/**
 * complete.c's transition table. States: 0 INVALID (nothing seen yet), 1 START (between statements),
 * 2 NORMAL, 3 EXPLAIN, 4 CREATE, 5 TRIGGER (inside a trigger: only `; END ;` ends it), 6 SEMI, 7 END.
 */
const TRANS: readonly (readonly number[])[] = [
  /*               SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];

export interface RawStatement {
  /** Offset of the statement's first token. */
  start: number;
  /** Offset just past its terminating semicolon (or the end of the text). */
  end: number;
  text: string;
  /** False when the text ended before the statement did (no semicolon, or an open string or comment). */
  terminated: boolean;
}

/**
 * Splits SQL text into statements exactly where `sqlite3_complete()` would say a statement is
 * complete. Empty statements (`;;`) are dropped; a last statement without its semicolon is kept with
 * `terminated: false` (sqlite3_exec runs such a statement; a trigger cut short fails when prepared).
 * With `shellCommands`, sqlite3 shell dot-commands between statements are stepped over.
 */
export function splitStatements(sql: string, opts: { shellCommands?: boolean } = {}): RawStatement[] {
  return [...iterateStatements(sql, opts)];
}

/** `splitStatements`, one statement at a time, so that a large dump is never held as a list. */
export function* iterateStatements(sql: string, opts: { shellCommands?: boolean } = {}): Generator<RawStatement> {
  let state = 0;
  let start = -1;
  let i = 0;
  const n = sql.length;
  /** The statement that ends at `end`, if one has begun. */
  const finish = (end: number, terminated: boolean): RawStatement[] => {
    const done = start >= 0 ? [{ start, end, text: sql.slice(start, end), terminated }] : [];
    start = -1;
    return done;
  };
  while (i < n) {
    const ch = sql[i];
    // The sqlite3 shell reads a line that starts with '.' between statements as a command of its own
    // (`.headers on`, `.read other.sql`), not SQL.
    if (opts.shellCommands && ch === '.' && state <= 1 && (i === 0 || sql[i - 1] === '\n')) {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    let token: number;
    const tokenStart = i;
    switch (ch) {
      case ';':
        token = tkSEMI;
        break;
      case ' ':
      case '\r':
      case '\t':
      case '\n':
      case '\f':
        token = tkWS;
        break;
      case '/': {
        if (sql[i + 1] !== '*') {
          token = tkOTHER;
          break;
        }
        const close = sql.indexOf('*/', i + 2);
        if (close < 0) {
          yield* finish(n, false); // an unterminated comment: complete.c answers "not complete"
          return;
        }
        i = close + 1;
        token = tkWS;
        break;
      }
      case '-': {
        if (sql[i + 1] !== '-') {
          token = tkOTHER;
          break;
        }
        const eol = sql.indexOf('\n', i);
        if (eol < 0) {
          yield* finish(n, false);
          return;
        }
        i = eol;
        token = tkWS;
        break;
      }
      case '[': {
        const close = sql.indexOf(']', i + 1);
        if (close < 0) {
          if (start < 0) start = tokenStart;
          yield* finish(n, false);
          return;
        }
        i = close;
        token = tkOTHER;
        break;
      }
      case '`':
      case '"':
      case "'": {
        // A doubled quote inside reads as two adjacent quoted tokens, which changes nothing here.
        const close = sql.indexOf(ch, i + 1);
        if (close < 0) {
          if (start < 0) start = tokenStart;
          yield* finish(n, false);
          return;
        }
        i = close;
        token = tkOTHER;
        break;
      }
      default: {
        if (isIdChar(ch)) {
          let j = i + 1;
          while (isIdChar(sql[j])) j++;
          const word = sql.slice(i, j).toLowerCase();
          token =
            word === 'create' ? tkCREATE
            : word === 'trigger' ? tkTRIGGER
            : word === 'temp' || word === 'temporary' ? tkTEMP
            : word === 'end' ? tkEND
            : word === 'explain' ? tkEXPLAIN
            : tkOTHER;
          i = j - 1;
        } else {
          token = tkOTHER;
        }
        break;
      }
    }
    if (token !== tkWS && token !== tkSEMI && start < 0) start = tokenStart;
    const next = TRANS[state][token];
    if (token === tkSEMI && next === 1) yield* finish(i + 1, true);
    state = next;
    i++;
  }
  yield* finish(n, false);
}

// ---- tokens ----

export type TokenKind =
  | 'ws'
  | 'comment'
  /** A bare word: keyword or unquoted identifier. */
  | 'id'
  /** "x", `x` or [x]. */
  | 'qid'
  | 'string'
  | 'blob'
  | 'number'
  | 'variable'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semi'
  | 'dot'
  | 'op'
  /** A character SQLite's tokenizer rejects, or an unterminated string / quoted identifier. */
  | 'illegal';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

/** The name a word or quoted identifier stands for: quotes removed, doubled quotes undone. */
export function identValue(tok: Token): string {
  if (tok.kind === 'qid' || tok.kind === 'string') {
    const q = tok.text[0];
    const inner = tok.text.slice(1, -1);
    if (q === '[') return inner;
    return inner.split(q + q).join(q);
  }
  return tok.text;
}

/** Upper-case text of a bare word, '' for any other token (so a quoted "end" is never the keyword END). */
export function keyword(tok: Token | undefined): string {
  return tok && tok.kind === 'id' ? tok.text.toUpperCase() : '';
}

const OPERATORS = ['->>', '->', '||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '<', '>', '=', '+', '-', '*', '/', '%', '&', '|', '~'];

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    out.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < n) {
    const ch = sql[i];
    if (WS.has(ch)) {
      let j = i + 1;
      while (j < n && WS.has(sql[j])) j++;
      push('ws', j);
    } else if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      push('comment', eol < 0 ? n : eol);
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      push('comment', close < 0 ? n : close + 2);
    } else if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      for (;;) {
        const close = sql.indexOf(ch, j);
        if (close < 0) {
          j = -1;
          break;
        }
        if (sql[close + 1] === ch) j = close + 2;
        else {
          j = close + 1;
          break;
        }
      }
      push(j < 0 ? 'illegal' : ch === "'" ? 'string' : 'qid', j < 0 ? n : j);
    } else if (ch === '[') {
      const close = sql.indexOf(']', i + 1);
      push(close < 0 ? 'illegal' : 'qid', close < 0 ? n : close + 1);
    } else if ((ch === 'x' || ch === 'X') && sql[i + 1] === "'") {
      const close = sql.indexOf("'", i + 2);
      push(close < 0 ? 'illegal' : 'blob', close < 0 ? n : close + 1);
    } else if ((ch >= '0' && ch <= '9') || (ch === '.' && sql[i + 1] >= '0' && sql[i + 1] <= '9')) {
      let j = i;
      if (ch === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
        j = i + 2;
        while (j < n && /[0-9a-fA-F_]/.test(sql[j])) j++;
      } else {
        while (j < n && /[0-9_]/.test(sql[j])) j++;
        if (sql[j] === '.') {
          j++;
          while (j < n && /[0-9_]/.test(sql[j])) j++;
        }
        if ((sql[j] === 'e' || sql[j] === 'E') && /[0-9]/.test(sql[j + 1] ?? '')) j += 2;
        else if ((sql[j] === 'e' || sql[j] === 'E') && /[+-]/.test(sql[j + 1] ?? '') && /[0-9]/.test(sql[j + 2] ?? '')) j += 3;
        while (j < n && /[0-9]/.test(sql[j])) j++;
      }
      // SQLite reads `12abc` as one illegal token; such text never reaches us from a stored schema.
      while (j < n && isIdChar(sql[j])) j++;
      push('number', j);
    } else if (ch === '?') {
      let j = i + 1;
      while (j < n && sql[j] >= '0' && sql[j] <= '9') j++;
      push('variable', j);
    } else if ((ch === ':' || ch === '@' || ch === '$' || ch === '#') && isIdChar(sql[i + 1])) {
      let j = i + 1;
      while (j < n && isIdChar(sql[j])) j++;
      push('variable', j);
    } else if (isIdStart(ch)) {
      let j = i + 1;
      while (j < n && isIdChar(sql[j])) j++;
      push('id', j);
    } else if (ch === '(') push('lparen', i + 1);
    else if (ch === ')') push('rparen', i + 1);
    else if (ch === ',') push('comma', i + 1);
    else if (ch === ';') push('semi', i + 1);
    else if (ch === '.') push('dot', i + 1);
    else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      push(op ? 'op' : 'illegal', i + (op ? op.length : 1));
    }
  }
  return out;
}

/** Tokens that carry meaning: no whitespace, no comments. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
}

/** Index (in `tokens`) of the parenthesis that closes the one at `open`, or -1. */
export function matchParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].kind === 'lparen') depth++;
    else if (tokens[i].kind === 'rparen' && --depth === 0) return i;
  }
  return -1;
}

/** Maps string offsets to 1-based line numbers. */
export class Lines {
  private readonly newlines: number[] = [];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.newlines.push(i);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}
