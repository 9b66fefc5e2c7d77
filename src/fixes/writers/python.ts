// Python for the Django and Alembic plan writers: string literals that mean exactly the SQL they hold, and a
// tree-sitter Python parser (loaded once, when this module is imported) to read the user's models and
// migrations: where a model declares a field, what a migration's imports are.
import { readFileSync } from 'node:fs';
import { loadModule } from 'libpg-query';
import type { Node, Parser } from 'web-tree-sitter';
import { parserFor } from '../../sources/tree-sitter.js';

/** Node types of tree-sitter-python these writers read (checked when the grammar loads). */
const NODE_TYPES = [
  'module',
  'class_definition',
  'decorated_definition',
  'block',
  'expression_statement',
  'assignment',
  'call',
  'argument_list',
  'keyword_argument',
  'identifier',
  'import_statement',
  'import_from_statement',
  'dotted_name',
  'aliased_import',
  'attribute',
  'future_import_statement',
  'comment',
] as const;

// Writers are synchronous (PlanWriter), so the grammar and the SQL parser load with the module.
const { parser } = await parserFor('tree-sitter-python/tree-sitter-python.wasm', NODE_TYPES, 'the plan writers');
await loadModule();

export type { Node } from 'web-tree-sitter';

/** The shared Python parser (parsers hold state: only use it synchronously, and delete the trees). */
export function pythonParser(): Parser {
  return parser;
}

/** Parses `text` and hands its root to `read`; the tree is freed afterwards. */
export function withPython<T>(text: string, read: (root: Node) => T): T {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Whether `text` parses as Python without an ERROR or MISSING node. */
export function parsesAsPython(text: string): boolean {
  return withPython(text, (root) => !root.hasError);
}

export function named(n: Node | null | undefined): Node[] {
  if (!n) return [];
  return n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

// ---------------------------------------------------------------------------------------------------
// String literals

/** Characters a Python string literal cannot hold as they are. */
function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      break;
  }
  if (ch === quote) return `\\${quote}`;
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  // A lone surrogate cannot be written to a UTF-8 file.
  if (code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return ch;
}

/** A one-line Python string literal, as `repr()` writes it: single quotes unless the text holds one and no double quote. */
export function pyRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of value) out += escapeChar(ch, quote);
  return `${quote}${out}${quote}`;
}

/**
 * A Python string literal that means exactly `value`. Multi-line text is written triple-quoted when that is
 * safe (no backslash, no `"""`, no other control character, and it does not end with `"`), for reading; anything
 * else goes through the escaper.
 */
export function pyString(value: string): string {
  const plainMultiLine =
    value.includes('\n') &&
    !value.includes('\\') &&
    !value.includes('"""') &&
    !value.endsWith('"') &&
    // eslint-disable-next-line no-control-regex
    !/[\x00-\x08\x0b-\x1f\x7f]/.test(value) &&
    ![...value].some((ch) => {
      const c = ch.codePointAt(0)!;
      return c >= 0xd800 && c <= 0xdfff;
    });
  return plainMultiLine ? `"""${value}"""` : pyRepr(value);
}

/** `# text` lines (each line of `text` commented), indented. */
export function pyComment(text: string, indent: string): string[] {
  return text.split('\n').map((l) => (l.trim() ? `${indent}# ${l}` : `${indent}#`));
}

// ---------------------------------------------------------------------------------------------------
// Reading the user's Python

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `a.b.c` of an identifier or a chain of attributes; undefined for anything else. */
function dotted(n: Node): string | undefined {
  if (n.type === 'identifier') return n.text;
  if (n.type !== 'attribute') return undefined;
  const obj = n.childForFieldName('object');
  const attr = n.childForFieldName('attribute');
  const left = obj ? dotted(obj) : undefined;
  return left && attr ? `${left}.${attr.text}` : undefined;
}

/** Dotted names (`django.db.models.deletion.CASCADE`, `settings`) an expression refers to. */
function referencedNames(code: string): string[] {
  return withPython(code, (root) => {
    const out: string[] = [];
    const walk = (n: Node) => {
      const name = dotted(n);
      if (name) out.push(name);
      // Keyword names are not references.
      for (const c of named(n)) if (!(n.type === 'keyword_argument' && c.id === n.childForFieldName('name')?.id)) walk(c);
    };
    walk(root);
    return out;
  });
}

/** Whether an import statement binds a name that `refs` uses. */
function importUsed(stmt: Node, refs: string[]): boolean {
  const uses = (bound: string, full = false) => refs.some((r) => r === bound || r.startsWith(`${bound}.`) || (full && r.split('.')[0] === bound));
  for (const c of named(stmt)) {
    if (stmt.type === 'import_from_statement' && c.id === stmt.childForFieldName('module_name')?.id) continue;
    if (c.type === 'dotted_name' && uses(stmt.type === 'import_statement' ? c.text : c.text.split('.')[0])) return true;
    if (c.type === 'aliased_import') {
      const alias = c.childForFieldName('alias')?.text;
      if (alias && uses(alias)) return true;
    }
  }
  return false;
}

/** The top-level imports of `file` that `code` (a definition copied out of that file) needs, as written. */
export function importsFor(file: string, code: string): string[] {
  const text = readText(file);
  if (text === undefined) return [];
  const refs = referencedNames(code);
  return withPython(text, (root) =>
    named(root)
      .filter((s) => (s.type === 'import_statement' || s.type === 'import_from_statement') && importUsed(s, refs))
      .map((s) => s.text),
  );
}

function classesIn(body: Node): Node[] {
  const out: Node[] = [];
  for (const s of named(body)) {
    if (s.type === 'class_definition') out.push(s);
    else if (s.type === 'decorated_definition') {
      const d = s.childForFieldName('definition');
      if (d?.type === 'class_definition') out.push(d);
    }
  }
  return out;
}

/**
 * The line where class `className` of `file` assigns `member` in its body (`name = …` or `name: T = …`), or whose
 * call names the column as its first argument (`Column("name", …)`); undefined when the class does not.
 */
export function memberLine(file: string, className: string, member: string): number | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  return withPython(text, (root) => {
    const cls = classesIn(root).find((c) => c.childForFieldName('name')?.text === className);
    const body = cls?.childForFieldName('body');
    if (!body) return undefined;
    for (const s of named(body)) {
      if (s.type !== 'expression_statement') continue;
      const a = named(s)[0];
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      const firstArg = right?.type === 'call' ? named(right.childForFieldName('arguments'))[0] : undefined;
      const firstString = firstArg?.type === 'string' ? named(firstArg).find((p) => p.type === 'string_content')?.text : undefined;
      if ((left?.type === 'identifier' && left.text === member) || firstString === member) return a.startPosition.row + 1;
    }
    return undefined;
  });
}
