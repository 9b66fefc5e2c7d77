// Django field definitions rewritten from their source text: the call makemigrations wrote (`models.FloatField(
// blank=True, null=True)`) with keyword arguments dropped or set and, for a type change, another field class.
// The text is parsed with tree-sitter, never patched as a string, and keyword arguments come out sorted as
// Django's migration writer sorts them.
import { named, pyRepr, withPython, type Node } from './python.js';
import type { Comparison } from './sql-read.js';

export interface FieldEdit {
  /** Keyword arguments to remove. */
  drop?: string[];
  /** Keyword arguments to set (Python source of the value). */
  set?: Record<string, string>;
  /** Another field class (`DecimalField`), keeping the module prefix (`models.`). */
  cls?: string;
}

/** Field classes that only wrap the real field (django_cryptography's encrypt()). */
const WRAPPERS = new Set(['encrypt']);

function lastName(name: string): string {
  return name.split('.').pop() ?? name;
}

function rewriteCall(call: Node, edit: FieldEdit): string | undefined {
  const func = call.childForFieldName('function')?.text;
  const args = named(call.childForFieldName('arguments'));
  if (!func || args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  if (WRAPPERS.has(lastName(func))) {
    if (positional[0]?.type !== 'call') return undefined;
    const inner = rewriteCall(positional[0], edit);
    if (!inner) return undefined;
    return `${func}(${[inner, ...args.slice(1).map((a) => a.text)].join(', ')})`;
  }
  const kwargs = new Map<string, string>();
  for (const a of args) {
    if (a.type !== 'keyword_argument') continue;
    const k = a.childForFieldName('name')?.text;
    const v = a.childForFieldName('value')?.text;
    if (!k || v === undefined) return undefined;
    kwargs.set(k, v);
  }
  for (const k of edit.drop ?? []) kwargs.delete(k);
  for (const [k, v] of Object.entries(edit.set ?? {})) kwargs.set(k, v);
  let newFunc = func;
  if (edit.cls) newFunc = func.includes('.') ? `${func.slice(0, func.lastIndexOf('.'))}.${edit.cls}` : `models.${edit.cls}`;
  const parts = [...positional.map((a) => a.text), ...[...kwargs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`)];
  return `${newFunc}(${parts.join(', ')})`;
}

/** The field call `text` with `edit` applied; undefined when it is not a plain call this can rewrite. */
export function rewriteField(text: string, edit: FieldEdit): string | undefined {
  return withPython(text, (root) => {
    const stmt = named(root);
    const expr = stmt.length === 1 && stmt[0].type === 'expression_statement' ? named(stmt[0])[0] : undefined;
    return expr?.type === 'call' ? rewriteCall(expr, edit) : undefined;
  });
}

/** The field class a definition uses (`FloatField`), looking through wrappers. */
export function fieldClass(text: string): string | undefined {
  return withPython(text, (root) => {
    let expr: Node | undefined = named(named(root)[0])[0];
    while (expr?.type === 'call') {
      const func = expr.childForFieldName('function')?.text ?? '';
      if (!WRAPPERS.has(lastName(func))) return lastName(func);
      expr = named(expr.childForFieldName('arguments'))[0];
    }
    return undefined;
  });
}

/** Whether the call sets keyword `name` to the literal `True`. */
export function hasTrueKeyword(text: string, name: string): boolean {
  return withPython(text, (root) => root.descendantsOfType('keyword_argument').some((k) => k?.childForFieldName('name')?.text === name && k.childForFieldName('value')?.type === 'true'));
}

/** A Python literal for a constant of a comparison. */
function pyValue(v: Comparison['value']): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyRepr(v);
  return `[${v.map(pyValue).join(', ')}]`;
}

/** `models.Q(hourly_cost__gte=0, deleted_at__isnull=True)`; undefined when a column has no field or repeats a lookup. */
export function qObject(list: Comparison[], fieldOfColumn: (column: string) => string | undefined): string | undefined {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const c of list) {
    const field = fieldOfColumn(c.column);
    if (!field) return undefined;
    const key = c.lookup === 'exact' ? field : `${field}__${c.lookup}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    parts.push(`${key}=${pyValue(c.value)}`);
  }
  return parts.length ? `models.Q(${parts.join(', ')})` : undefined;
}
