// Splits PostgreSQL DDL into statements with the real PostgreSQL parser (libpg-query), keeping the
// file:line of every statement and of every node location inside it.
//
// pg_dump and psql scripts are not pure SQL: they hold psql meta-commands (`\connect`, `\restrict`)
// and COPY … FROM stdin data blocks. When the whole file does not parse, we fall back to the
// PostgreSQL scanner to find statement boundaries, skip those psql-only parts, and parse each
// statement on its own, so one bad statement costs a warning, not the file.
import { loadModule, parseSync, scanSync, type ScanToken } from 'libpg-query';
import type { LoadWarning } from '../../catalog/types.js';

let loaded: Promise<void> | undefined;
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Maps UTF-8 byte offsets (what libpg-query reports) to 1-based line numbers. */
export class LineMap {
  private readonly newlines: number[] = [];
  constructor(readonly bytes: Buffer) {
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) this.newlines.push(i);
  }
  lineOf(byteOffset: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < byteOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}

export interface Statement {
  file: string;
  /** Line of the statement's first token. */
  line: number;
  /** Byte offset of the statement in its file; node `location`s inside `ast` are relative to the file. */
  start: number;
  text: string;
  /** Node type: CreateStmt, IndexStmt, AlterTableStmt, … */
  kind: string;
  // The parse tree is a large generated union; rules of access live in origins.ts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ast: any;
  lines: LineMap;
}

export interface SplitResult {
  statements: Statement[];
  warnings: LoadWarning[];
}

const SEMICOLON = 59;
const WHOLE_FILE_PARSE_LIMIT = 8 * 1024 * 1024;
/** Statements that carry rows, not schema: skipped unparsed in the statement-by-statement path. */
const DATA_KEYWORDS = new Set(['insert', 'update', 'delete']);

export function splitStatements(file: string, text: string): SplitResult {
  const bytes = Buffer.from(text, 'utf8');
  const lines = new LineMap(bytes);
  // A whole-file parse tree of a large dump (INSERTs of data) would take gigabytes; statement by
  // statement, data statements are recognised by their first keyword and never parsed.
  if (bytes.length > WHOLE_FILE_PARSE_LIMIT) return splitTolerant(file, text, bytes, lines);
  try {
    const parsed = parseSync(text);
    return { statements: toStatements(file, bytes, lines, parsed.stmts ?? [], 0, bytes.length), warnings: [] };
  } catch {
    return splitTolerant(file, text, bytes, lines);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toStatements(file: string, bytes: Buffer, lines: LineMap, stmts: any[], base: number, limit: number): Statement[] {
  const out: Statement[] = [];
  for (const raw of stmts) {
    const start = base + (raw.stmt_location ?? 0);
    const end = raw.stmt_len ? start + raw.stmt_len : limit;
    const kind = Object.keys(raw.stmt ?? {})[0];
    if (!kind) continue;
    // Offsets in the AST are relative to the parsed text; make them file-relative.
    if (base) shiftLocations(raw.stmt, base);
    const text = bytes.subarray(start, end).toString('utf8');
    out.push({ file, line: lines.lineOf(firstTokenOffset(bytes, start)), start, text, kind, ast: raw.stmt[kind], lines });
  }
  return out;
}

/**
 * A statement's range starts right after the previous semicolon, so it may begin with whitespace and
 * comments; its line is that of its first token.
 */
function firstTokenOffset(bytes: Buffer, start: number): number {
  let i = start;
  for (;;) {
    while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 9 || bytes[i] === 12)) i++;
    if (bytes[i] === 45 && bytes[i + 1] === 45) {
      const eol = bytes.indexOf(10, i);
      i = eol === -1 ? bytes.length : eol + 1;
    } else if (bytes[i] === 47 && bytes[i + 1] === 42) {
      const close = bytes.indexOf('*/', i + 2);
      i = close === -1 ? bytes.length : close + 2;
    } else return i;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function shiftLocations(node: any, by: number): void {
  if (Array.isArray(node)) {
    for (const item of node) shiftLocations(item, by);
  } else if (node && typeof node === 'object') {
    for (const key of Object.keys(node)) {
      if (key === 'location' && typeof node[key] === 'number' && node[key] >= 0) node[key] += by;
      else shiftLocations(node[key], by);
    }
  }
}

/**
 * Finds statement boundaries with the PostgreSQL scanner, one statement at a time: a semicolon ends
 * a statement only when the scanner sees it as a token (not inside a string, dollar quote or
 * comment). psql meta-commands and COPY … FROM stdin data, which are not SQL, are stepped over.
 */
function splitTolerant(file: string, _text: string, bytes: Buffer, lines: LineMap): SplitResult {
  const statements: Statement[] = [];
  const warnings: LoadWarning[] = [];
  let offset = firstTokenOffset(bytes, 0);
  while (offset < bytes.length) {
    if (bytes[offset] === 92 /* backslash: a psql meta-command, to the end of its line */) {
      const eol = bytes.indexOf(10, offset);
      offset = firstTokenOffset(bytes, eol === -1 ? bytes.length : eol + 1);
      continue;
    }
    const end = statementEnd(bytes, offset);
    if (DATA_KEYWORDS.has(firstKeyword(bytes, offset))) {
      offset = firstTokenOffset(bytes, Math.min(bytes.length, end + 1));
      continue;
    }
    const parsed = parseOne(file, bytes, lines, offset, end, warnings);
    statements.push(...parsed);
    let next = Math.min(bytes.length, end + 1);
    const last = parsed[parsed.length - 1];
    if (last?.kind === 'CopyStmt' && last.ast.is_from && !last.ast.filename) {
      // COPY … FROM stdin: the data that follows ends at a line holding only \.
      next = endOfCopyData(bytes, next);
    }
    offset = firstTokenOffset(bytes, next);
  }
  return { statements, warnings };
}

function firstKeyword(bytes: Buffer, start: number): string {
  try {
    return (scanSync(bytes.subarray(start, start + 16).toString('utf8')).tokens[0]?.text ?? '').toLowerCase();
  } catch {
    return '';
  }
}

/** Byte offset of the semicolon that ends the statement starting at `start` (or the end of the file). */
function statementEnd(bytes: Buffer, start: number): number {
  let candidate = bytes.indexOf(SEMICOLON, start);
  while (candidate !== -1) {
    const piece = bytes.subarray(start, candidate + 1).toString('utf8');
    let tokens: ScanToken[] | undefined;
    try {
      tokens = scanSync(piece).tokens;
    } catch {
      tokens = undefined; // an unterminated string or dollar quote: the semicolon is inside it
    }
    const lastToken = tokens?.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT').pop();
    if (lastToken && lastToken.tokenType === SEMICOLON && lastToken.end === Buffer.byteLength(piece)) return candidate;
    candidate = bytes.indexOf(SEMICOLON, candidate + 1);
  }
  return bytes.length;
}

function endOfCopyData(bytes: Buffer, from: number): number {
  const terminator = Buffer.from('\n\\.');
  const at = bytes.indexOf(terminator, from);
  if (at === -1) return bytes.length;
  const eol = bytes.indexOf(10, at + 1);
  return eol === -1 ? bytes.length : eol + 1;
}

function parseOne(file: string, bytes: Buffer, lines: LineMap, start: number, end: number, warnings: LoadWarning[]): Statement[] {
  const text = bytes.subarray(start, end).toString('utf8');
  try {
    const parsed = parseSync(text);
    return toStatements(file, bytes, lines, parsed.stmts ?? [], start, end);
  } catch (err) {
    const details = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const pos = details?.cursorPosition;
    // cursorPosition counts characters of the statement text; convert to bytes for the line map.
    const errByte = pos !== undefined ? start + Buffer.byteLength(text.slice(0, Math.max(0, pos - 1))) : start;
    warnings.push({
      code: 'syntax-error',
      message: `statement not understood by the PostgreSQL parser (${(err as Error).message}); skipped`,
      origin: { file, line: lines.lineOf(firstTokenOffset(bytes, errByte)) },
    });
    return [];
  }
}
