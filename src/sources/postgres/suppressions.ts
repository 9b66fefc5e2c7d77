// Inline suppressions: `-- schemascope-ignore <rule-id>: <reason>` in a comment silences that rule's
// finding on the comment's line or the line after. Comments are found with the PostgreSQL scanner,
// so the words inside a string literal never count; a directive without a reason silences nothing.
import { scanSync } from 'libpg-query';
import type { Suppression } from '../../catalog/types.js';
import type { Statement } from './statements.js';

const DIRECTIVE = 'schemascope-ignore';

export function findSuppressions(statements: Statement[], texts: Map<string, string>): Suppression[] {
  const out: Suppression[] = [];
  const seenFiles = new Set<string>();
  for (const stmt of statements) {
    const fileText = texts.get(stmt.file);
    if (!fileText?.includes(DIRECTIVE)) continue;
    // The parser leaves the comments before a file's first statement out of it: scan those too.
    const first = !seenFiles.has(stmt.file);
    seenFiles.add(stmt.file);
    if (first && stmt.start > 0) scanComments(stmt, Buffer.from(fileText, 'utf8').subarray(0, stmt.start).toString('utf8'), 0, out);
    if (stmt.text.includes(DIRECTIVE)) scanComments(stmt, stmt.text, stmt.start, out);
  }
  return out;
}

function scanComments(stmt: Statement, text: string, base: number, out: Suppression[]): void {
  let tokens;
  try {
    tokens = scanSync(text).tokens;
  } catch {
    return;
  }
  {
    // Token offsets are bytes of `text`, which starts at byte `base` of the file.
    for (const tok of tokens) {
      if (tok.tokenName !== 'SQL_COMMENT' && tok.tokenName !== 'C_COMMENT') continue;
      const body = tok.text.replace(/^--|^\/\*|\*\/$/g, '').trim();
      if (!body.startsWith(DIRECTIVE)) continue;
      const rest = body.slice(DIRECTIVE.length).trim();
      const colon = rest.indexOf(':');
      if (colon <= 0) continue;
      const ruleId = rest.slice(0, colon).trim();
      const reason = rest.slice(colon + 1).trim();
      if (!ruleId || !reason) continue;
      out.push({ file: stmt.file, line: stmt.lines.lineOf(base + tok.start), ruleId, reason });
    }
  }
}
