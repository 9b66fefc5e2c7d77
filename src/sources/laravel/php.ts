// PHP parsing for the Laravel source: tree-sitter's PHP grammar (tree-sitter-php 0.24.2) on web-tree-sitter 0.27.1.
// Node names change between grammar versions (0.22 calls a closure `anonymous_function_creation_expression`, 0.24
// `anonymous_function`), so every name this source relies on is listed in NODE_TYPES and checked against the loaded
// grammar at start-up: a grammar that lacks one fails loudly instead of silently finding nothing.
import { parserFor } from '../tree-sitter.js';
import { Query, type Language, type Node, type Parser } from 'web-tree-sitter';

export type { Node } from 'web-tree-sitter';

/** Named node types of tree-sitter-php 0.24 that the Laravel source reads. */
export const NODE_TYPES = [
  'program',
  'class_declaration',
  'trait_declaration',
  'anonymous_class',
  'object_creation_expression',
  'base_clause',
  'declaration_list',
  'method_declaration',
  'property_declaration',
  'property_element',
  'const_declaration',
  'const_element',
  'use_declaration',
  'attribute_list',
  'attribute',
  'compound_statement',
  'expression_statement',
  'if_statement',
  'else_clause',
  'else_if_clause',
  'foreach_statement',
  'try_statement',
  'return_statement',
  'parenthesized_expression',
  'unary_op_expression',
  'binary_expression',
  'assignment_expression',
  'scoped_call_expression',
  'member_call_expression',
  'nullsafe_member_call_expression',
  'member_access_expression',
  'function_call_expression',
  'class_constant_access_expression',
  'anonymous_function',
  'arrow_function',
  'arguments',
  'argument',
  'array_creation_expression',
  'array_element_initializer',
  'variable_name',
  'name',
  'qualified_name',
  'relative_scope',
  'string',
  'string_content',
  'encapsed_string',
  'escape_sequence',
  'integer',
  'float',
  'boolean',
  'null',
  'comment',
  'formal_parameters',
  'simple_parameter',
] as const;

/** Every `Schema::method(...)` call, with its method name (the query pinned by the tests). */
export const SCHEMA_CALL_QUERY = `(scoped_call_expression scope: (name) @cls (#eq? @cls "Schema") name: (name) @method arguments: (arguments) @args) @call`;
/** `->withoutGlobalScope(...)` / `->withoutGlobalScopes(...)` and their static forms. */
export const WITHOUT_SCOPE_QUERY = `[
  (member_call_expression name: (name) @method (#match? @method "^withoutGlobalScopes?$")) @call
  (nullsafe_member_call_expression name: (name) @method (#match? @method "^withoutGlobalScopes?$")) @call
  (scoped_call_expression name: (name) @method (#match? @method "^withoutGlobalScopes?$")) @call
]`;

interface Php {
  parser: Parser;
  language: Language;
  schemaCalls: Query;
  withoutScopes: Query;
}

let loading: Promise<Php> | undefined;

/** Loads the runtime and the PHP grammar once per process. */
export function loadPhp(): Promise<Php> {
  loading ??= (async () => {
    const { parser, language } = await parserFor('tree-sitter-php/tree-sitter-php.wasm', NODE_TYPES, 'the Laravel source');
    return {
      parser,
      language,
      schemaCalls: new Query(language, SCHEMA_CALL_QUERY),
      withoutScopes: new Query(language, WITHOUT_SCOPE_QUERY),
    };
  })();
  return loading;
}

/** 1-based line of a node. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

export function named(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
}

/** The argument expressions of an `arguments` node, with their PHP 8 names (`name: value`) where given. */
export function argumentsOf(args: Node | null): { name?: string; value: Node }[] {
  if (!args) return [];
  const out: { name?: string; value: Node }[] = [];
  for (const a of named(args)) {
    if (a.type !== 'argument') continue;
    const parts = named(a);
    const nameNode = a.childForFieldName('name');
    const value = parts[parts.length - 1];
    if (!value) continue;
    out.push(nameNode && nameNode !== value ? { name: nameNode.text, value } : { value });
  }
  return out;
}

/** A PHP value this source can know without running PHP. */
export type PhpValue = string | number | boolean | null | PhpValue[] | { [key: string]: PhpValue } | PhpClassRef;
/** `Foo::class`: the class name as written (last segment kept in `short`). */
export interface PhpClassRef {
  classRef: string;
  short: string;
}

export function isClassRef(v: unknown): v is PhpClassRef {
  return typeof v === 'object' && v !== null && 'classRef' in v;
}

/** Value of a literal expression (strings, numbers, booleans, null, arrays of those, `X::class`); undefined otherwise. */
export function literal(node: Node | null | undefined, vars?: Map<string, PhpValue>): PhpValue | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'string':
    case 'encapsed_string': {
      let out = '';
      for (const part of named(node)) {
        if (part.type === 'string_content') out += part.text;
        else if (part.type === 'escape_sequence') out += unescape(part.text, node.type === 'string');
        else return undefined; // interpolation
      }
      return out;
    }
    case 'integer': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'float':
      return Number(node.text.replace(/_/g, ''));
    case 'boolean':
      return node.text.toLowerCase() === 'true';
    case 'null':
      return null;
    case 'parenthesized_expression':
      return literal(named(node)[0], vars);
    case 'unary_op_expression': {
      const op = node.child(0)?.text;
      const v = literal(node.childForFieldName('argument') ?? named(node)[0], vars);
      if (typeof v === 'number' && (op === '-' || op === '+')) return op === '-' ? -v : v;
      if (op === '!' && v !== undefined && !Array.isArray(v) && typeof v !== 'object') return !v;
      return undefined;
    }
    case 'variable_name':
      return vars?.get(node.text.replace(/^\$/, ''));
    case 'class_constant_access_expression': {
      const parts = named(node);
      if (parts.length === 2 && parts[1].text === 'class') {
        const cls = parts[0].text.replace(/^\\/, '');
        return { classRef: cls, short: cls.split('\\').pop()! };
      }
      return undefined;
    }
    case 'array_creation_expression': {
      const elems = named(node).filter((e) => e.type === 'array_element_initializer');
      const keyed = elems.some((e) => named(e).length === 2);
      if (!keyed) {
        const list: PhpValue[] = [];
        for (const e of elems) {
          const v = literal(named(e)[0], vars);
          if (v === undefined) return undefined;
          list.push(v);
        }
        return list;
      }
      const obj: { [key: string]: PhpValue } = {};
      for (const e of elems) {
        const [k, v] = named(e);
        const key = literal(k, vars);
        const value = literal(v, vars);
        if ((typeof key !== 'string' && typeof key !== 'number') || value === undefined) continue;
        obj[String(key)] = value;
      }
      return obj;
    }
    default:
      return undefined;
  }
}

function unescape(seq: string, singleQuoted: boolean): string {
  if (singleQuoted) return seq === "\\'" ? "'" : seq === '\\\\' ? '\\' : seq;
  switch (seq) {
    case '\\n':
      return '\n';
    case '\\t':
      return '\t';
    case '\\"':
      return '"';
    case '\\\\':
      return '\\';
    case '\\$':
      return '$';
    default:
      return seq;
  }
}

/** A string literal's value, or undefined. */
export function stringValue(node: Node | null | undefined, vars?: Map<string, PhpValue>): string | undefined {
  const v = literal(node, vars);
  return typeof v === 'string' ? v : undefined;
}

/** A string or list of strings (`'a'` or `['a', 'b']`), or undefined. */
export function stringList(node: Node | null | undefined, vars?: Map<string, PhpValue>): string[] | undefined {
  const v = literal(node, vars);
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** One call of a fluent chain (`$table->string('x')->nullable()`), innermost first. */
export interface ChainCall {
  name: string;
  args: { name?: string; value: Node }[];
  line: number;
  node: Node;
}

/**
 * Flattens `base->a(...)->b(...)` into its base expression and the calls in order. Property reads
 * (`->foo` without a call) end the chain: the base is then the whole property read.
 */
export function flattenChain(expr: Node): { base: Node; calls: ChainCall[] } {
  const calls: ChainCall[] = [];
  let cur: Node = expr;
  while (cur.type === 'member_call_expression' || cur.type === 'nullsafe_member_call_expression') {
    const nameNode = cur.childForFieldName('name');
    const obj = cur.childForFieldName('object');
    if (!nameNode || !obj) break;
    calls.unshift({ name: nameNode.text, args: argumentsOf(cur.childForFieldName('arguments')), line: lineOf(nameNode), node: cur });
    cur = obj;
  }
  return { base: cur, calls };
}

/** `Cls::method(...)`: the class as written (without a leading backslash) and the method, or undefined. */
export function scopedCall(node: Node): { cls: string; method: string; args: { name?: string; value: Node }[] } | undefined {
  if (node.type !== 'scoped_call_expression') return undefined;
  const scope = node.childForFieldName('scope');
  const name = node.childForFieldName('name');
  if (!scope || !name) return undefined;
  return { cls: scope.text.replace(/^\\/, ''), method: name.text, args: argumentsOf(node.childForFieldName('arguments')) };
}

/** Last segment of a (possibly qualified) class name. */
export function shortName(name: string): string {
  return name.replace(/^\\/, '').split('\\').pop() ?? name;
}

/** The body statements of a closure or arrow function argument, and the name of its first parameter. */
export function closureParts(node: Node): { param?: string; statements: Node[]; arrowBody?: Node } | undefined {
  if (node.type !== 'anonymous_function' && node.type !== 'arrow_function') return undefined;
  const params = node.childForFieldName('parameters');
  const first = params ? named(params).find((p) => p.type === 'simple_parameter') : undefined;
  const param = first?.childForFieldName('name')?.text.replace(/^\$/, '');
  const body = node.childForFieldName('body');
  if (!body) return { param, statements: [] };
  if (node.type === 'arrow_function') return { param, statements: [], arrowBody: body };
  return { param, statements: named(body) };
}

/** `// schemascope-ignore rule: reason` and `# …` / `/* … *\/` comments in a PHP file. */
export function suppressionComments(root: Node): { line: number; ruleId: string; reason: string }[] {
  const out: { line: number; ruleId: string; reason: string }[] = [];
  for (const c of root.descendantsOfType('comment')) {
    if (!c) continue;
    const body = c.text.replace(/^(\/\/|#|\/\*+)/, '').replace(/\*\/$/, '').trim();
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
