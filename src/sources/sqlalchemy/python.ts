// Python parsing for the SQLAlchemy + Alembic source: tree-sitter's Python grammar (tree-sitter-python 0.25) on
// web-tree-sitter 0.27.1. Nothing is executed: literals, calls and their keyword arguments are read from the tree.
import { parserFor } from '../tree-sitter.js';
import type { Language, Node, Parser } from 'web-tree-sitter';

export type { Node } from 'web-tree-sitter';

/** Named node types of tree-sitter-python 0.25 this source reads; checked at start-up. */
export const NODE_TYPES = [
  'module',
  'expression_statement',
  'assignment',
  'augmented_assignment',
  'function_definition',
  'decorated_definition',
  'class_definition',
  'block',
  'with_statement',
  'with_clause',
  'with_item',
  'as_pattern',
  'as_pattern_target',
  'if_statement',
  'for_statement',
  'pass_statement',
  'return_statement',
  'call',
  'attribute',
  'identifier',
  'argument_list',
  'keyword_argument',
  'list_splat',
  'dictionary_splat',
  'string',
  'string_content',
  'escape_sequence',
  'interpolation',
  'concatenated_string',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'list',
  'tuple',
  'dictionary',
  'pair',
  'set',
  'parenthesized_expression',
  'unary_operator',
  'binary_operator',
  'subscript',
  'generic_type',
  'type_parameter',
  'type',
  'comment',
  'import_from_statement',
  'dotted_name',
  'aliased_import',
] as const;

export interface Python {
  parser: Parser;
  language: Language;
}

let loading: Promise<Python> | undefined;

/** Loads the runtime and the Python grammar once per process. */
export function loadPython(): Promise<Python> {
  loading ??= parserFor('tree-sitter-python/tree-sitter-python.wasm', NODE_TYPES, 'the SQLAlchemy source');
  return loading;
}

export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

export function named(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
}

/** First line of the first syntax error under `root`. */
export function firstErrorLine(root: Node): number {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.isError || n.isMissing) return lineOf(n);
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) stack.push(c);
  }
  return lineOf(root);
}

/** A Python value known without running Python. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Value of a literal expression; undefined when it is not a literal (a name, a call, an f-string…). */
export function literal(node: Node | null | undefined): PyValue | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'string':
      return stringText(node);
    case 'concatenated_string': {
      let out = '';
      for (const s of named(node)) {
        const v = stringText(s);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    case 'integer': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'float':
      return Number(node.text.replace(/_/g, ''));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'parenthesized_expression':
      return literal(named(node)[0]);
    case 'unary_operator': {
      const v = literal(node.childForFieldName('argument'));
      const op = node.child(0)?.text;
      if (typeof v === 'number') return op === '-' ? -v : v;
      if (op === 'not' && typeof v === 'boolean') return !v;
      return undefined;
    }
    case 'list':
    case 'tuple':
    case 'set': {
      const out: PyValue[] = [];
      for (const e of named(node)) {
        const v = literal(e);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'dictionary': {
      const obj: { [key: string]: PyValue } = {};
      for (const p of named(node)) {
        if (p.type !== 'pair') return undefined;
        const k = literal(p.childForFieldName('key'));
        const v = literal(p.childForFieldName('value'));
        if ((typeof k !== 'string' && typeof k !== 'number') || v === undefined) return undefined;
        obj[String(k)] = v;
      }
      return obj;
    }
    default:
      return undefined;
  }
}

function stringText(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.children.find((c) => c?.type === 'string_start')?.text ?? '"';
  const raw = /r/i.test(start.replace(/['"]/g, ''));
  let out = '';
  for (const part of named(node)) {
    if (part.type === 'string_start' || part.type === 'string_end') continue;
    if (part.type === 'string_content') out += part.text;
    else if (part.type === 'escape_sequence') out += raw ? part.text : unescape(part.text);
    else if (part.type === 'interpolation') return undefined;
  }
  return out;
}

function unescape(seq: string): string {
  switch (seq) {
    case '\\n':
      return '\n';
    case '\\t':
      return '\t';
    case "\\'":
      return "'";
    case '\\"':
      return '"';
    case '\\\\':
      return '\\';
    default:
      return seq;
  }
}

export function stringValue(node: Node | null | undefined): string | undefined {
  const v = literal(node);
  return typeof v === 'string' ? v : undefined;
}

/** A string or a list/tuple of strings. */
export function stringList(node: Node | null | undefined): string[] | undefined {
  const v = literal(node);
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** A call with its callee as written (`sa.Column`), its last segment (`Column`), positional and keyword arguments. */
export interface Call {
  node: Node;
  callee: string;
  short: string;
  args: Node[];
  kwargs: Map<string, Node>;
  line: number;
}

export function asCall(node: Node | null | undefined): Call | undefined {
  if (!node || node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  if (!fn) return undefined;
  const callee = fn.text.replace(/\s+/g, '');
  const args: Node[] = [];
  const kwargs = new Map<string, Node>();
  for (const a of argList ? named(argList) : []) {
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name')?.text;
      const v = a.childForFieldName('value');
      if (k && v) kwargs.set(k, v);
    } else args.push(a);
  }
  return { node, callee, short: callee.split('.').pop() ?? callee, args, kwargs, line: lineOf(node) };
}

/** Last segment of a dotted name (`sa.Integer` → `Integer`). */
export function shortName(text: string): string {
  return text.replace(/\s+/g, '').split('.').pop() ?? text;
}

/** The statements of a block, without docstrings or `pass`. */
export function realStatements(block: Node | null | undefined): Node[] {
  if (!block) return [];
  return named(block).filter((s) => {
    if (s.type === 'pass_statement') return false;
    if (s.type === 'expression_statement') {
      const e = named(s)[0];
      if (e && (e.type === 'string' || e.type === 'concatenated_string')) return false;
    }
    return true;
  });
}

/** `# schemascope-ignore rule: reason` comments. */
export function suppressionComments(root: Node): { line: number; ruleId: string; reason: string }[] {
  const out: { line: number; ruleId: string; reason: string }[] = [];
  for (const c of root.descendantsOfType('comment')) {
    if (!c) continue;
    const body = c.text.replace(/^#/, '').trim();
    if (!body.startsWith('schemascope-ignore')) continue;
    const rest = body.slice('schemascope-ignore'.length).trim();
    const colon = rest.indexOf(':');
    if (colon <= 0) continue;
    const ruleId = rest.slice(0, colon).trim();
    const reason = rest.slice(colon + 1).trim();
    if (ruleId && reason) out.push({ line: lineOf(c), ruleId, reason });
  }
  return out;
}
