// Laravel seeders that ship credentials: `database/seeders` (`database/seeds` before Laravel 8) read with tree-sitter.
// Every keyed array with a password, token, API key or secret key whose value is written in the file counts:
// `'password' => 'secret'`, `bcrypt('secret')`, `Hash::make('secret')` (hashed when it runs, but the password is in the
// repository), or a literal hash (`'$2y$10$…'`). Values taken from env(), config() or Str::random() do not.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppFixture, Origin } from '../../catalog/types.js';
import { classifyObject, hashScheme } from '../credentials.js';
import { argumentsOf, field, flattenChain, lineOf, literal, named, scopedCall, stringValue, type Node } from './php.js';
import { isDir } from './project.js';

/** The PHP files of the seeder folders, in name order, subfolders included. */
export function seederFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      if (e.endsWith('.php')) out.push(p);
      else if (!e.startsWith('.') && isDir(p)) walk(p);
    }
  };
  for (const folder of ['seeders', 'seeds']) walk(join(root, 'database', folder));
  return out;
}

/** Functions that hash their literal argument at run time: the argument is the password, written in the file. */
const HASHING_CALLS = new Set(['bcrypt', 'password_hash', 'Hash::make']);

/** What a credential's value says, without running PHP: the literal, the literal a hashing call gets, else nothing. */
function valueOf(n: Node): unknown {
  const v = literal(n);
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (n.type === 'function_call_expression') {
    const fn = field(n, 'function')?.text;
    const arg = argumentsOf(field(n, 'arguments'))[0]?.value;
    if (fn && HASHING_CALLS.has(fn) && arg) return stringValue(arg);
  }
  if (n.type === 'scoped_call_expression') {
    const call = scopedCall(n);
    if (call && HASHING_CALLS.has(`${call.cls}::${call.method}`)) return stringValue(call.args[0]?.value);
  }
  return undefined;
}

/** The model or table a seeded array goes to: `User::create([…])`, `User::factory()->create([…])`, `DB::table('users')->insert([…])`. */
function targetOf(array: Node): string {
  let n: Node | null = array.parent;
  for (let depth = 0; n && depth < 8; depth++, n = n.parent) {
    if (n.type !== 'member_call_expression' && n.type !== 'scoped_call_expression') continue;
    // The outermost call of the chain holds its base.
    let top: Node = n;
    while (top.parent && (top.parent.type === 'member_call_expression' || top.parent.type === 'nullsafe_member_call_expression') && field(top.parent, 'object')?.id === top.id) top = top.parent;
    const base = top.type === 'scoped_call_expression' ? top : flattenChain(top).base;
    const sc = base.type === 'scoped_call_expression' ? scopedCall(base) : undefined;
    if (!sc) continue;
    if (sc.cls === 'DB' && sc.method === 'table') return stringValue(sc.args[0]?.value) ?? 'a table';
    if (sc.cls !== 'Hash' && sc.cls !== 'Str') return sc.cls;
  }
  return 'an array';
}

/** Seeded arrays that ship a credential in one seeder file, with a note for each. */
export function readSeeder(root: Node, file: string): { fixtures: AppFixture[]; notes: { kind: string; message: string; origin: Origin }[] } {
  const fixtures: AppFixture[] = [];
  const notes: { kind: string; message: string; origin: Origin }[] = [];
  for (const array of root.descendantsOfType('array_creation_expression')) {
    if (!array) continue;
    const fields: Record<string, unknown> = {};
    for (const el of named(array)) {
      if (el.type !== 'array_element_initializer') continue;
      const parts = named(el);
      if (parts.length !== 2) continue;
      const key = stringValue(parts[0]);
      if (key !== undefined) fields[key] = valueOf(parts[1]);
    }
    const found = classifyObject(fields, false);
    if (!found) continue;
    const line = lineOf(array);
    const model = targetOf(array);
    fixtures.push({ file, line, model, fields: found.fields, kind: found.kind });
    const hash = fields[found.fields[0]];
    const message =
      found.kind === 'plaintext-secret'
        ? `${file} seeds ${model} with ${found.fields.join(', ')} written in the seeder: every \`db:seed\` creates this login or secret, and everyone who can read the repository holds it`
        : `${file} seeds ${model} with a literal password hash${typeof hash === 'string' ? ` (${hashScheme(hash)})` : ''}: every \`db:seed\` creates a login its author knows, and anyone with the repository can try to crack offline`;
    notes.push({ kind: 'fixture-ships-credentials', message, origin: { file, line } });
  }
  return { fixtures, notes };
}
