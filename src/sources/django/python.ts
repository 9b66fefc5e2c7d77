// Python, read with tree-sitter (web-tree-sitter 0.27.1 + tree-sitter-python 0.25.0): expressions become
// values this source can reason about (strings, numbers, lists, dicts, calls with their arguments, dotted
// names). Nothing is executed; anything else comes back as `code` with its text and line.
import { parserFor } from '../tree-sitter.js';
import type { Node, Parser } from 'web-tree-sitter';

export type { Node } from 'web-tree-sitter';

/** Node types of tree-sitter-python 0.25 this source reads, checked against the grammar when it loads. */
export const PY_NODE_TYPES = [
  'module',
  'class_definition',
  'function_definition',
  'decorated_definition',
  'block',
  'expression_statement',
  'assignment',
  'call',
  'argument_list',
  'keyword_argument',
  'attribute',
  'identifier',
  'string',
  'string_start',
  'string_content',
  'string_end',
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
  'set',
  'dictionary',
  'pair',
  'unary_operator',
  'parenthesized_expression',
  'comment',
  'import_from_statement',
  'dotted_name',
  'aliased_import',
] as const;

export type PyValue =
  | { k: 'str'; v: string; line: number }
  | { k: 'num'; v: number; text: string; line: number }
  | { k: 'bool'; v: boolean; line: number }
  | { k: 'none'; line: number }
  | { k: 'list'; items: PyValue[]; line: number }
  | { k: 'dict'; entries: [PyValue, PyValue][]; line: number }
  | { k: 'call'; func: string; args: PyValue[]; kwargs: [string, PyValue][]; line: number; text: string }
  /** A name or dotted name: `models.CASCADE`, `settings.AUTH_USER_MODEL`. */
  | { k: 'ref'; name: string; line: number }
  /** `~expr` */
  | { k: 'not'; v: PyValue; line: number }
  | { k: 'code'; text: string; line: number };

let ready: Promise<Parser> | undefined;

export function pythonParser(): Promise<Parser> {
  ready ??= parserFor('tree-sitter-python/tree-sitter-python.wasm', PY_NODE_TYPES, 'the Django source').then((p) => p.parser);
  return ready;
}

export const lineOf = (n: Node): number => n.startPosition.row + 1;

export function named(n: Node | null | undefined): Node[] {
  if (!n) return [];
  return n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** Evaluates an expression node into a PyValue. */
export function pyValue(n: Node): PyValue {
  const line = lineOf(n);
  switch (n.type) {
    case 'string': {
      let out = '';
      for (const part of named(n)) {
        if (part.type === 'string_content') out += part.text;
        else if (part.type === 'escape_sequence') out += unescape(part.text);
        else if (part.type === 'interpolation') return { k: 'code', text: n.text, line };
      }
      return { k: 'str', v: out, line };
    }
    case 'concatenated_string': {
      let out = '';
      for (const part of named(n)) {
        const v = pyValue(part);
        if (v.k !== 'str') return { k: 'code', text: n.text, line };
        out += v.v;
      }
      return { k: 'str', v: out, line };
    }
    case 'integer':
    case 'float': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { k: 'num', v, text: n.text, line } : { k: 'code', text: n.text, line };
    }
    case 'true':
      return { k: 'bool', v: true, line };
    case 'false':
      return { k: 'bool', v: false, line };
    case 'none':
      return { k: 'none', line };
    case 'list':
    case 'tuple':
    case 'set':
      return { k: 'list', items: named(n).map(pyValue), line };
    case 'dictionary': {
      const entries: [PyValue, PyValue][] = [];
      for (const p of named(n)) {
        if (p.type !== 'pair') continue;
        const key = p.childForFieldName('key');
        const value = p.childForFieldName('value');
        if (key && value) entries.push([pyValue(key), pyValue(value)]);
      }
      return { k: 'dict', entries, line };
    }
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      return inner ? pyValue(inner) : { k: 'code', text: n.text, line };
    }
    case 'unary_operator': {
      const arg = n.childForFieldName('argument');
      const op = n.child(0)?.text;
      if (!arg) return { k: 'code', text: n.text, line };
      const v = pyValue(arg);
      if (op === '-' && v.k === 'num') return { k: 'num', v: -v.v, text: `-${v.text}`, line };
      if (op === '~') return { k: 'not', v, line };
      return { k: 'code', text: n.text, line };
    }
    case 'identifier':
    case 'attribute':
      return dotted(n) ? { k: 'ref', name: n.text, line } : { k: 'code', text: n.text, line };
    case 'call': {
      const fn = n.childForFieldName('function');
      const argList = n.childForFieldName('arguments');
      if (!fn || !dotted(fn) || argList?.type !== 'argument_list') return { k: 'code', text: n.text, line };
      const args: PyValue[] = [];
      const kwargs: [string, PyValue][] = [];
      for (const a of named(argList)) {
        if (a.type === 'keyword_argument') {
          const name = a.childForFieldName('name');
          const value = a.childForFieldName('value');
          if (name && value) kwargs.push([name.text, pyValue(value)]);
        } else args.push(pyValue(a));
      }
      return { k: 'call', func: fn.text, args, kwargs, line, text: n.text };
    }
    default:
      return { k: 'code', text: n.text, line };
  }
}

function dotted(n: Node): boolean {
  if (n.type === 'identifier') return true;
  if (n.type !== 'attribute') return false;
  const obj = n.childForFieldName('object');
  return !!obj && dotted(obj);
}

function unescape(seq: string): string {
  const map: Record<string, string> = { '\\n': '\n', '\\t': '\t', "\\'": "'", '\\"': '"', '\\\\': '\\' };
  return map[seq] ?? seq;
}

/** Last segment of a dotted name: `models.ForeignKey` → `ForeignKey`. */
export function lastName(name: string): string {
  return name.split('.').pop() ?? name;
}

export function kw(v: PyValue | undefined, name: string): PyValue | undefined {
  return v?.k === 'call' ? v.kwargs.find(([n]) => n === name)?.[1] : undefined;
}

export function str(v: PyValue | undefined): string | undefined {
  return v?.k === 'str' ? v.v : undefined;
}

export function num(v: PyValue | undefined): number | undefined {
  return v?.k === 'num' ? v.v : undefined;
}

export function truthy(v: PyValue | undefined): boolean | undefined {
  if (!v) return undefined;
  if (v.k === 'bool') return v.v;
  if (v.k === 'none') return false;
  if (v.k === 'num') return v.v !== 0;
  return undefined;
}

/** A string or a list of strings. */
export function strList(v: PyValue | undefined): string[] | undefined {
  if (!v) return undefined;
  if (v.k === 'str') return [v.v];
  if (v.k === 'list' && v.items.every((i) => i.k === 'str')) return v.items.map((i) => (i as { v: string }).v);
  return undefined;
}

/** Source text of a value, for messages. */
export function textOf(v: PyValue): string {
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'num':
      return v.text;
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.items.map(textOf).join(', ')}]`;
    case 'dict':
      return `{${v.entries.map(([a, b]) => `${textOf(a)}: ${textOf(b)}`).join(', ')}}`;
    case 'call':
      return v.text;
    case 'ref':
      return v.name;
    case 'not':
      return `~${textOf(v.v)}`;
    case 'code':
      return v.text;
  }
}

/** `# schemascope-ignore rule: reason` comments. */
export function suppressionComments(root: Node): { line: number; ruleId: string; reason: string }[] {
  const out: { line: number; ruleId: string; reason: string }[] = [];
  for (const c of root.descendantsOfType('comment')) {
    if (!c) continue;
    const body = c.text.replace(/^#+/, '').trim();
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

/** Lines of syntax errors in a tree (only subtrees with errors are walked). */
export function errorLines(root: Node): number[] {
  const out: number[] = [];
  const walk = (n: Node) => {
    if (n.isError || n.isMissing) out.push(lineOf(n));
    if (!n.hasError) return;
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Top-level class definitions (also inside decorated definitions) of a body. */
export function classesIn(body: Node): Node[] {
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

/** `name = value` statements directly in a class or module body. */
export function assignmentsIn(body: Node): { name: string; value: Node; line: number; node: Node }[] {
  const out: { name: string; value: Node; line: number; node: Node }[] = [];
  for (const s of named(body)) {
    if (s.type !== 'expression_statement') continue;
    const a = named(s)[0];
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type === 'identifier' && right) out.push({ name: left.text, value: right, line: lineOf(a), node: a });
  }
  return out;
}

/** Method definitions directly in a class body (decorated ones too). */
export function methodsIn(body: Node): { name: string; line: number; node: Node }[] {
  const out: { name: string; line: number; node: Node }[] = [];
  for (const s of named(body)) {
    const d = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    if (d?.type !== 'function_definition') continue;
    const name = d.childForFieldName('name');
    if (name) out.push({ name: name.text, line: lineOf(d), node: d });
  }
  return out;
}
