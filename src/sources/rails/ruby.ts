// Ruby, read with tree-sitter (web-tree-sitter 0.27.1 + the grammar shipped in tree-sitter-ruby 0.23.1):
// a file becomes a list of method calls with their arguments evaluated as Ruby literals. Nothing is
// executed; anything that is not a literal (a constant, a method call, an interpolated string) comes
// back as `code` with its text, so the reader decides what to do with it.
import { parserFor } from '../tree-sitter.js';
import type { Language, Node, Parser } from 'web-tree-sitter';

/**
 * The node types this reader relies on. Grammar versions rename nodes, so these are pinned to
 * tree-sitter-ruby 0.23.1 and a test checks that the grammar knows every one of them.
 */
export const RUBY_NODE_TYPES = [
  'program',
  'comment',
  'call',
  'identifier',
  'constant',
  'scope_resolution',
  'element_reference',
  'argument_list',
  'pair',
  'hash_key_symbol',
  'simple_symbol',
  'delimited_symbol',
  'string',
  'string_content',
  'escape_sequence',
  'interpolation',
  'string_array',
  'symbol_array',
  'bare_string',
  'bare_symbol',
  'integer',
  'float',
  'true',
  'false',
  'nil',
  'unary',
  'array',
  'hash',
  'lambda',
  'block',
  'block_body',
  'do_block',
  'body_statement',
  'block_parameters',
  'parenthesized_statements',
  'heredoc_body',
  'block_argument',
  'splat_argument',
  'hash_splat_argument',
] as const;
export type RubyNodeType = (typeof RUBY_NODE_TYPES)[number];

/** The field names the reader asks nodes for, pinned and tested like the node types. */
export const RUBY_FIELD_NAMES = ['method', 'receiver', 'arguments', 'block', 'parameters', 'body', 'key', 'value', 'operator', 'operand'] as const;

/** A Ruby literal, evaluated; `code` is anything else, kept as written. */
export type RValue =
  | { kind: 'str'; value: string }
  | { kind: 'sym'; value: string }
  | { kind: 'int'; value: number; text: string }
  | { kind: 'float'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'array'; items: RValue[] }
  | { kind: 'hash'; entries: [string, RValue][] }
  /** `-> { "now()" }`: `body` is the block's value when it is one literal. */
  | { kind: 'lambda'; body?: RValue; text: string }
  | { kind: 'code'; text: string };

/** One method call: `name args, key: value do |param| … end`, possibly at the end of a chain. */
export interface RCall {
  method: string;
  /** The receiver when it is a name (`t` in `t.string`, `ActiveRecord::Schema`), as written. */
  receiver?: string;
  /** The receiver when it is itself a call (`create_trigger(…).on("x").after(:insert)`). */
  receiverCall?: RCall;
  args: RValue[];
  /** Keyword arguments (`null: false`, `:name => "x"`), in order. */
  opts: [string, RValue][];
  /** The statements of the attached block, when there is one. */
  block?: RStatement[];
  /** Names of the block's parameters (`t` in `do |t|`). */
  blockParams?: string[];
  line: number;
  text: string;
}

/** A statement in a body: a call, or something else kept as text (an assignment, an `if`…). */
export type RStatement = { kind: 'call'; call: RCall } | { kind: 'other'; type: string; line: number; text: string };

export interface RComment {
  line: number;
  text: string;
}

export interface RubyFile {
  statements: RStatement[];
  comments: RComment[];
  /** Lines where the parser found a syntax error. */
  errorLines: number[];
}

let ready: Promise<Parser> | undefined;
let language: Language | undefined;

/** Loads the runtime and the Ruby grammar once per process. */
export function rubyParser(): Promise<Parser> {
  ready ??= parserFor('tree-sitter-ruby/tree-sitter-ruby.wasm', [], 'the Rails source').then((p) => {
    language = p.language;
    return p.parser;
  });
  return ready;
}

/** The loaded Ruby grammar (after `rubyParser()`), for checks on node names. */
export async function rubyLanguage(): Promise<Language> {
  await rubyParser();
  return language!;
}

const line = (n: Node) => n.startPosition.row + 1;

export async function parseRuby(source: string): Promise<RubyFile> {
  const parser = await rubyParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const root = tree.rootNode;
    const comments: RComment[] = root
      .descendantsOfType('comment')
      .filter((c): c is Node => !!c)
      .map((c) => ({ line: line(c), text: c.text }));
    const errorLines: number[] = [];
    // Only subtrees that contain an error are walked.
    const walk = (n: Node) => {
      if (n.isError || n.isMissing) errorLines.push(line(n));
      if (!n.hasError) return;
      for (const c of n.children) if (c) walk(c);
    };
    walk(root);
    return { statements: statementsOf(root), comments, errorLines: [...new Set(errorLines)].sort((a, b) => a - b) };
  } finally {
    tree.delete();
  }
}

/** The statements directly inside a body node (program, body_statement, block_body). */
function statementsOf(body: Node | null): RStatement[] {
  if (!body) return [];
  const out: RStatement[] = [];
  for (const n of body.namedChildren) {
    if (!n || n.type === 'comment') continue;
    const call = asCall(n);
    if (call) out.push({ kind: 'call', call });
    else out.push({ kind: 'other', type: n.type, line: line(n), text: n.text });
  }
  return out;
}

/** A call node, or a bare identifier (a call without arguments or receiver, like `timestamps`). */
function asCall(n: Node): RCall | undefined {
  if (n.type === 'identifier') return { method: n.text, args: [], opts: [], line: line(n), text: n.text };
  if (n.type !== 'call') return undefined;
  const method = n.childForFieldName('method');
  if (!method) return undefined;
  const call: RCall = { method: method.text, args: [], opts: [], line: line(n), text: n.text };
  const receiver = n.childForFieldName('receiver');
  if (receiver) {
    const inner = receiver.type === 'call' ? asCall(receiver) : undefined;
    if (inner) call.receiverCall = inner;
    else call.receiver = receiver.text;
    // The line of a chained call is where its own method name is written.
    call.line = line(method);
  }
  const args = n.childForFieldName('arguments');
  if (args) {
    for (const a of args.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'pair') {
        const entry = pairEntry(a);
        if (entry) call.opts.push(entry);
      } else if (a.type === 'hash' && a === args.namedChildren[args.namedChildren.length - 1]) {
        // `t.index ["a"], { unique: true }`: a last-position hash literal is keyword arguments too.
        const h = evaluate(a);
        if (h.kind === 'hash') call.opts.push(...h.entries);
        else call.args.push(h);
      } else call.args.push(evaluate(a));
    }
  }
  const block = n.childForFieldName('block');
  if (block) {
    const params = block.childForFieldName('parameters');
    call.blockParams = params ? params.namedChildren.filter((p): p is Node => !!p && p.type === 'identifier').map((p) => p.text) : [];
    call.block = statementsOf(block.childForFieldName('body'));
  }
  return call;
}

function pairEntry(pair: Node): [string, RValue] | undefined {
  const key = pair.childForFieldName('key');
  const value = pair.childForFieldName('value');
  if (!key || !value) return undefined;
  let name: string;
  if (key.type === 'hash_key_symbol') name = key.text;
  else {
    const k = evaluate(key);
    if (k.kind === 'sym' || k.kind === 'str') name = k.value;
    else name = key.text;
  }
  return [name, evaluate(value)];
}

/** Evaluates a literal node; anything else comes back as `code`. */
export function evaluate(n: Node): RValue {
  switch (n.type) {
    case 'string':
    case 'bare_string': {
      const s = stringValue(n);
      return s === undefined ? { kind: 'code', text: n.text } : { kind: 'str', value: s };
    }
    case 'simple_symbol':
      return { kind: 'sym', value: n.text.replace(/^:/, '') };
    case 'hash_key_symbol':
      return { kind: 'sym', value: n.text };
    case 'delimited_symbol':
    case 'bare_symbol': {
      const s = stringValue(n);
      return s === undefined ? { kind: 'code', text: n.text } : { kind: 'sym', value: s };
    }
    case 'integer': {
      const text = n.text.replace(/_/g, '');
      const value = /^0[xX]/.test(text) ? parseInt(text.slice(2), 16) : /^0[bB]/.test(text) ? parseInt(text.slice(2), 2) : /^0[oO]?[0-7]+$/.test(text) && text.length > 1 ? parseInt(text.replace(/^0[oO]?/, ''), 8) : Number(text);
      return { kind: 'int', value, text };
    }
    case 'float':
      return { kind: 'float', value: Number(n.text.replace(/_/g, '')), text: n.text.replace(/_/g, '') };
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'nil':
      return { kind: 'nil' };
    case 'unary': {
      const op = n.childForFieldName('operator')?.text;
      const operand = n.childForFieldName('operand');
      const v = operand ? evaluate(operand) : undefined;
      if (op === '-' && v && (v.kind === 'int' || v.kind === 'float')) return { ...v, value: -v.value, text: `-${v.text}` };
      if (op === '+' && v && (v.kind === 'int' || v.kind === 'float')) return v;
      return { kind: 'code', text: n.text };
    }
    case 'array':
    case 'string_array':
    case 'symbol_array':
      return { kind: 'array', items: n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map(evaluate) };
    case 'hash': {
      const entries: [string, RValue][] = [];
      for (const c of n.namedChildren) {
        if (!c || c.type !== 'pair') continue;
        const e = pairEntry(c);
        if (e) entries.push(e);
      }
      return { kind: 'hash', entries };
    }
    case 'lambda': {
      const block = n.childForFieldName('body');
      const body = block?.childForFieldName('body') ?? null;
      const stmts = body ? body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
      return { kind: 'lambda', ...(stmts.length === 1 ? { body: evaluate(stmts[0]) } : {}), text: n.text };
    }
    case 'parenthesized_statements': {
      const inner = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      return inner.length === 1 ? evaluate(inner[0]) : { kind: 'code', text: n.text };
    }
    default:
      return { kind: 'code', text: n.text };
  }
}

/** The value of a string-like node, or undefined when it interpolates (`"#{x}"`): its value is not known. */
function stringValue(n: Node): string | undefined {
  const single = n.text.startsWith("'") || /^%q/.test(n.text) || n.type === 'bare_string' && n.parent?.text.startsWith('%w');
  let out = '';
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'interpolation') return undefined;
    if (c.type === 'string_content') out += single ? c.text.replace(/\\([\\'])/g, '$1') : c.text;
    else if (c.type === 'escape_sequence') out += unescape(c.text);
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v', 0: '\0' };

function unescape(seq: string): string {
  const body = seq.slice(1);
  if (body.length === 1 && SIMPLE_ESCAPES[body] !== undefined) return SIMPLE_ESCAPES[body];
  if (/^u\{[0-9a-fA-F ]+\}$/.test(body))
    return body.slice(2, -1).trim().split(/\s+/).map((h) => String.fromCodePoint(parseInt(h, 16))).join('');
  if (/^u[0-9a-fA-F]{4}$/.test(body)) return String.fromCodePoint(parseInt(body.slice(1), 16));
  if (/^x[0-9a-fA-F]{1,2}$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16));
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8));
  return body; // \" \\ \# and any other character stand for themselves
}

// ---- helpers over evaluated values ----

/** The text of a string or symbol value. */
export function nameOf(v: RValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'sym') ? v.value : undefined;
}

export function opt(call: RCall | { opts: [string, RValue][] }, key: string): RValue | undefined {
  for (const [k, v] of call.opts) if (k === key) return v;
  return undefined;
}

export function hashGet(v: RValue | undefined, key: string): RValue | undefined {
  if (!v || v.kind !== 'hash') return undefined;
  for (const [k, value] of v.entries) if (k === key) return value;
  return undefined;
}

export function truthy(v: RValue | undefined): boolean {
  return !!v && !(v.kind === 'nil' || (v.kind === 'bool' && !v.value));
}

export function numberOf(v: RValue | undefined): number | undefined {
  return v && (v.kind === 'int' || v.kind === 'float') ? v.value : undefined;
}

/** Ruby's `inspect`-like text of a value, for messages. */
export function show(v: RValue): string {
  switch (v.kind) {
    case 'str':
      return JSON.stringify(v.value);
    case 'sym':
      return `:${v.value}`;
    case 'int':
    case 'float':
      return v.text;
    case 'bool':
      return String(v.value);
    case 'nil':
      return 'nil';
    case 'array':
      return `[${v.items.map(show).join(', ')}]`;
    case 'hash':
      return `{ ${v.entries.map(([k, x]) => `${k}: ${show(x)}`).join(', ')} }`;
    case 'lambda':
    case 'code':
      return v.text;
  }
}
