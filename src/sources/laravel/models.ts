// Eloquent models: table, casts (encrypted / hashed), traits, boot()/booted() listeners, global scopes and
// relationships, each with its line. Traits found in the project (a BelongsToCompany-style trait with
// bootBelongsToCompany()) lend their hooks and scopes to the models that use them. Calls of withoutGlobalScope(s)
// anywhere in the application become notes: each is a place where tenant filtering is switched off.
import type { AppHook, AppModel, AppRelationship, Origin } from '../../catalog/types.js';
import { plural, snake, tableForModel } from './inflect.js';
import type { Note } from './migrations.js';
import {
  argumentsOf,
  field,
  flattenChain,
  isClassRef,
  lineOf,
  literal,
  named,
  scopedCall,
  shortName,
  stringValue,
  type Node,
  type PhpValue,
} from './php.js';

/** Base classes that make a class an Eloquent model. */
const MODEL_BASES = new Set(['Model', 'Authenticatable', 'User', 'Pivot', 'MorphPivot', 'Eloquent']);

const EVENTS = new Set([
  'creating', 'created', 'updating', 'updated', 'saving', 'saved', 'deleting', 'deleted', 'restoring', 'restored',
  'retrieved', 'forceDeleting', 'forceDeleted', 'replicating', 'trashed', 'observe',
]);

const ENCRYPTED_CASTS = /^(encrypted(:.*)?|hashed)$/;
const ENCRYPTED_CAST_CLASSES = new Set(['AsEncryptedArrayObject', 'AsEncryptedCollection']);

const RELATIONS: Record<string, AppRelationship['kind']> = {
  belongsTo: 'belongs-to',
  hasOne: 'has-one',
  hasMany: 'has-many',
  belongsToMany: 'many-to-many',
  hasOneThrough: 'has-one',
  hasManyThrough: 'has-many',
  morphTo: 'polymorphic',
  morphOne: 'polymorphic',
  morphMany: 'polymorphic',
  morphToMany: 'polymorphic',
  morphedByMany: 'polymorphic',
};

/** A class or trait as read from one file, before models are told apart. */
export interface PhpClass {
  kind: 'class' | 'trait';
  name: string;
  file: string;
  line: number;
  abstract: boolean;
  extends?: string;
  traits: { name: string; line: number }[];
  table?: string;
  deletedAtColumn?: string;
  encrypted: string[];
  hooks: AppHook[];
  scopes: { name: string; origin: Origin }[];
  relationships: AppRelationship[];
}

/** Reads every class and trait declared in a file. */
export function readClasses(root: Node, file: string): PhpClass[] {
  const out: PhpClass[] = [];
  for (const decl of root.descendantsOfType(['class_declaration', 'trait_declaration'])) {
    if (!decl) continue;
    const name = field(decl, 'name')?.text;
    if (!name) continue;
    const kind = decl.type === 'trait_declaration' ? 'trait' : 'class';
    const base = named(decl).find((n) => n.type === 'base_clause');
    const ext = base ? named(base).find((n) => n.type === 'name' || n.type === 'qualified_name')?.text : undefined;
    const cls: PhpClass = {
      kind,
      name,
      file,
      line: lineOf(decl),
      abstract: decl.children.some((c) => c?.type === 'abstract_modifier' || c?.text === 'abstract'),
      ...(ext ? { extends: shortName(ext) } : {}),
      traits: [],
      encrypted: [],
      hooks: [],
      scopes: [],
      relationships: [],
    };
    // #[ScopedBy([CompanyScope::class])], #[ObservedBy(...)]
    for (const attrList of named(decl).filter((n) => n.type === 'attribute_list')) {
      for (const attr of attrList.descendantsOfType('attribute')) {
        if (!attr) continue;
        const attrName = shortName(named(attr)[0]?.text ?? '');
        const args = argumentsOf(named(attr).find((n) => n.type === 'arguments') ?? null);
        const v = literal(args[0]?.value);
        const refs = (Array.isArray(v) ? v : v !== undefined ? [v] : []).filter(isClassRef).map((r) => r.short);
        if (attrName === 'ScopedBy') for (const r of refs) cls.scopes.push({ name: r, origin: { file, line: lineOf(attr) } });
        if (attrName === 'ObservedBy') for (const r of refs) cls.hooks.push({ name: `observer ${r}`, origin: { file, line: lineOf(attr) } });
      }
    }
    const body = field(decl, 'body') ?? named(decl).find((n) => n.type === 'declaration_list');
    for (const member of body ? named(body) : []) readMember(cls, member, file);
    out.push(cls);
  }
  return out;
}

function readMember(cls: PhpClass, member: Node, file: string): void {
  switch (member.type) {
    case 'use_declaration':
      for (const n of named(member)) if (n.type === 'name' || n.type === 'qualified_name') cls.traits.push({ name: shortName(n.text), line: lineOf(n) });
      return;
    case 'property_declaration':
      for (const el of named(member).filter((n) => n.type === 'property_element')) {
        const prop = (field(el, 'name') ?? named(el)[0])?.text.replace(/^\$/, '');
        const value = field(el, 'default_value') ?? named(el)[1];
        if (prop === 'table') {
          const t = stringValue(value);
          if (t) cls.table = t;
        } else if (prop === 'casts') {
          readCasts(cls, value);
        }
      }
      return;
    case 'const_declaration':
      for (const el of named(member).filter((n) => n.type === 'const_element')) {
        const parts = named(el);
        if (parts[0]?.text === 'DELETED_AT') {
          const v = stringValue(parts[1]);
          if (v) cls.deletedAtColumn = v;
        }
      }
      return;
    case 'method_declaration':
      readMethod(cls, member, file);
      return;
    default:
      return;
  }
}

function readCasts(cls: PhpClass, value: Node | null | undefined): void {
  const v = literal(value);
  if (!v || typeof v !== 'object' || Array.isArray(v) || isClassRef(v)) return;
  for (const [column, cast] of Object.entries(v as Record<string, PhpValue>)) {
    const text = typeof cast === 'string' ? cast : isClassRef(cast) ? cast.short : undefined;
    if (!text) continue;
    if (ENCRYPTED_CASTS.test(text) || ENCRYPTED_CAST_CLASSES.has(text.split(':')[0])) {
      if (!cls.encrypted.includes(column)) cls.encrypted.push(column);
    }
  }
}

function readMethod(cls: PhpClass, method: Node, file: string): void {
  const name = field(method, 'name')?.text;
  const body = field(method, 'body');
  if (!name || !body) return;
  const origin = (n: Node): Origin => ({ file, line: lineOf(n) });
  if (name === 'casts') {
    // Laravel 11: protected function casts(): array { return [...]; }
    const ret = named(body).find((s) => s.type === 'return_statement');
    if (ret) readCasts(cls, named(ret)[0]);
    return;
  }
  const isBoot = name === 'boot' || name === 'booted' || (cls.kind === 'trait' && (name === `boot${cls.name}` || name === `initialize${cls.name}`));
  if (isBoot) {
    cls.hooks.push({ name, origin: origin(method) });
    for (const call of body.descendantsOfType('scoped_call_expression')) {
      if (!call) continue;
      const sc = scopedCall(call);
      if (!sc || !/^(static|self|parent)$/.test(sc.cls) && sc.cls !== cls.name) continue;
      if (EVENTS.has(sc.method)) cls.hooks.push({ name: sc.method, origin: origin(call) });
      else if (sc.method === 'addGlobalScope') {
        const first = sc.args[0]?.value;
        const v = literal(first);
        const scopeName =
          typeof v === 'string'
            ? v
            : isClassRef(v)
              ? v.short
              : first?.type === 'object_creation_expression'
                ? shortName(named(first).find((n) => n.type === 'name' || n.type === 'qualified_name')?.text ?? first.text)
                : first?.text ?? 'scope';
        cls.scopes.push({ name: scopeName, origin: origin(call) });
      }
    }
    return;
  }
  // A relationship: `return $this->belongsTo(Company::class, …)…;`
  for (const ret of body.descendantsOfType('return_statement')) {
    const expr = ret ? named(ret)[0] : undefined;
    if (!expr || (expr.type !== 'member_call_expression' && expr.type !== 'nullsafe_member_call_expression')) continue;
    const { base, calls } = flattenChain(expr);
    if (base.type !== 'variable_name' || base.text !== '$this' || !calls.length) continue;
    const head = calls[0];
    const kind = RELATIONS[head.name];
    if (!kind) continue;
    const arg = (i: number, argName?: string) => {
      const byName = argName ? head.args.find((a) => a.name === argName) : undefined;
      return (byName ?? head.args.filter((a) => !a.name)[i])?.value;
    };
    const str = (i: number, argName?: string) => stringValue(arg(i, argName));
    const relatedValue = literal(arg(0, 'related'));
    const target = isClassRef(relatedValue) ? relatedValue.short : typeof relatedValue === 'string' ? shortName(relatedValue) : head.name === 'morphTo' ? '*' : arg(0)?.text ?? '?';
    const rel: AppRelationship = { name, kind, target, origin: origin(head.node) };
    const self = snake(cls.name);
    switch (head.name) {
      case 'belongsTo':
        rel.columns = [str(1, 'foreignKey') ?? `${snake(name)}_id`];
        break;
      case 'hasOne':
      case 'hasMany':
        rel.columns = [str(1, 'foreignKey') ?? `${self}_id`];
        break;
      case 'belongsToMany': {
        const related = snake(target);
        rel.through = str(1, 'table') ?? [related, self].sort().join('_').toLowerCase();
        rel.columns = [str(2, 'foreignPivotKey') ?? `${self}_id`, str(3, 'relatedPivotKey') ?? `${related}_id`];
        break;
      }
      case 'hasOneThrough':
      case 'hasManyThrough': {
        const through = literal(arg(1, 'through'));
        rel.through = isClassRef(through) ? through.short : typeof through === 'string' ? shortName(through) : undefined;
        break;
      }
      case 'morphTo': {
        const morph = str(0, 'name') ?? snake(name);
        rel.columns = [str(1, 'type') ?? `${morph}_type`, str(2, 'id') ?? `${morph}_id`];
        break;
      }
      case 'morphOne':
      case 'morphMany': {
        const morph = str(1, 'name');
        if (morph) rel.columns = [`${morph}_type`, `${morph}_id`];
        break;
      }
      case 'morphToMany':
      case 'morphedByMany': {
        const morph = str(1, 'name');
        if (morph) rel.through = str(2, 'table') ?? plural(morph);
        break;
      }
    }
    cls.relationships.push(rel);
    break;
  }
}

/** Whether a class is an Eloquent model: it extends Model (or another model of the project). */
function isModel(cls: PhpClass, byName: Map<string, PhpClass>, seen = new Set<string>()): boolean {
  if (cls.kind !== 'class' || !cls.extends) return false;
  if (MODEL_BASES.has(cls.extends)) return true;
  if (seen.has(cls.name)) return false;
  seen.add(cls.name);
  const parent = byName.get(cls.extends);
  return !!parent && isModel(parent, byName, seen);
}

/** Turns the classes of a project into models, lending them what their traits and parent models declare. */
export function buildModels(classes: PhpClass[]): AppModel[] {
  const byName = new Map<string, PhpClass>();
  for (const c of classes) if (!byName.has(c.name)) byName.set(c.name, c);
  const traits = new Map(classes.filter((c) => c.kind === 'trait').map((t) => [t.name, t]));
  const models: AppModel[] = [];
  for (const cls of classes) {
    if (!isModel(cls, byName)) continue;
    // Traits used by the model, by its parents, and by those traits in turn.
    const chain: PhpClass[] = [];
    for (let c: PhpClass | undefined = cls, i = 0; c && i < 10; c = c.extends ? byName.get(c.extends) : undefined, i++) chain.push(c);
    const usedTraits: { name: string; line: number; file: string }[] = [];
    const visit = (owner: PhpClass) => {
      for (const t of owner.traits) {
        if (usedTraits.some((u) => u.name === t.name)) continue;
        usedTraits.push({ ...t, file: owner.file });
        const def = traits.get(t.name);
        if (def) visit(def);
      }
    };
    chain.forEach(visit);
    const lent = [...chain, ...usedTraits.map((t) => traits.get(t.name)).filter((t): t is PhpClass => !!t)];
    const bases = [...chain.slice(1).map((c) => c.name), ...(chain.at(-1)?.extends ? [chain.at(-1)!.extends!] : []), ...usedTraits.map((t) => t.name)];
    const softUse = usedTraits.find((t) => t.name === 'SoftDeletes');
    const table = chain.find((c) => c.table)?.table ?? tableForModel(cls.name);
    const model: AppModel = {
      framework: 'laravel',
      name: cls.name,
      table,
      ...(cls.abstract ? { abstract: true } : {}),
      bases: [...new Set(bases)],
      // Copies: a trait lends the same declarations to many models, and each model's get their own facts.
      relationships: lent.flatMap((c) => c.relationships.map((r) => ({ ...r, ...(r.columns ? { columns: [...r.columns] } : {}) }))),
      hooks: lent.flatMap((c) => c.hooks.map((h) => ({ ...h }))),
      scopes: lent.flatMap((c) => c.scopes.map((x) => ({ ...x }))),
      encryptedColumns: [...new Set(lent.flatMap((c) => c.encrypted))],
      ...(softUse
        ? { softDelete: { style: 'laravel-soft-deletes', column: chain.find((c) => c.deletedAtColumn)?.deletedAtColumn ?? 'deleted_at', origin: { file: softUse.file, line: softUse.line } } }
        : {}),
      origin: { file: cls.file, line: cls.line },
    };
    models.push(model);
  }
  return models;
}

/** Calls of withoutGlobalScope / withoutGlobalScopes: each switches a scope (often the tenant filter) off. */
export function withoutScopeNotes(file: string, matches: { node: Node }[]): Note[] {
  const out: Note[] = [];
  for (const { node } of matches) {
    const name = field(node, 'name')?.text ?? '';
    const args = argumentsOf(field(node, 'arguments'));
    const v = literal(args[0]?.value);
    const what =
      args.length === 0
        ? 'every global scope'
        : typeof v === 'string'
          ? `the scope \`${v}\``
          : isClassRef(v)
            ? `the scope ${v.short}`
            : Array.isArray(v)
              ? `the scopes ${v.map((x) => (isClassRef(x) ? x.short : String(x))).join(', ')}`
              : `\`${args[0]?.value.text ?? ''}\``;
    // Which model it runs on: `Appointment::withoutGlobalScope(…)` or a chain starting at one.
    let receiver: string | undefined;
    if (node.type === 'scoped_call_expression') receiver = scopedCall(node)?.cls;
    else {
      const { base } = flattenChain(node);
      receiver = base.type === 'scoped_call_expression' ? scopedCall(base)?.cls : undefined;
    }
    const where = enclosing(node);
    out.push({
      kind: 'without-global-scope',
      message: `${name}() switches off ${what}${receiver ? ` on ${shortName(receiver)}` : ''}${where ? ` in ${where}` : ''}: queries here are not tenant-filtered by that scope`,
      origin: { file, line: lineOf(field(node, 'name') ?? node) },
    });
  }
  return out;
}

function enclosing(node: Node): string | undefined {
  let method: string | undefined;
  for (let p: Node | null = node.parent; p; p = p.parent) {
    if (!method && (p.type === 'method_declaration' || p.type === 'function_definition')) method = field(p, 'name')?.text;
    if (p.type === 'class_declaration' || p.type === 'trait_declaration') {
      const cls = field(p, 'name')?.text;
      return method ? `${cls}::${method}()` : cls;
    }
  }
  return method ? `${method}()` : undefined;
}
