// Pins the PHP grammar the Laravel source is written against: tree-sitter-php 0.24.2 on web-tree-sitter 0.27.1.
// Node names and fields differ between grammar versions (0.22 calls a closure anonymous_function_creation_expression),
// and a query naming a node the grammar lacks throws at compile time, so a grammar upgrade must fail here first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES, SCHEMA_CALL_QUERY, WITHOUT_SCOPE_QUERY, loadPhp } from '../../../src/sources/laravel/index.js';

const version = (pkg: string) => (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

describe('Laravel source: the PHP grammar it is written against', () => {
  it('runs on the pinned versions', () => {
    expect(version('tree-sitter-php')).toBe('0.24.2');
    expect(version('web-tree-sitter')).toBe('0.27.1');
  });

  it('has every node type the source reads', async () => {
    const { language } = await loadPhp();
    for (const t of NODE_TYPES) expect(language.idForNodeType(t, true), t).not.toBeNull();
    // the older grammar's name for a closure is not this grammar's
    expect(language.idForNodeType('anonymous_function_creation_expression', true)).toBeNull();
  });

  it('finds Schema:: calls and withoutGlobalScope(s) calls with its queries', async () => {
    const { parser, schemaCalls, withoutScopes } = await loadPhp();
    expect(SCHEMA_CALL_QUERY).toContain('scoped_call_expression');
    expect(WITHOUT_SCOPE_QUERY).toContain('withoutGlobalScopes?');
    const tree = parser.parse(`<?php
Schema::create('a', function (Blueprint $table) { $table->id(); });
\\Illuminate\\Support\\Facades\\DB::table('x');
Foo::query()->withoutGlobalScopes()->get();
Foo::withoutGlobalScope('company');
$q?->withoutGlobalScope(Scope::class);
`)!;
    const schema = schemaCalls.matches(tree.rootNode).map((m) => m.captures.find((c) => c.name === 'method')!.node.text);
    expect(schema).toEqual(['create']);
    const without = withoutScopes.matches(tree.rootNode).map((m) => m.captures.find((c) => c.name === 'call')!.node.startPosition.row + 1);
    expect(without).toEqual([4, 5, 6]);
    tree.delete();
  });

  it('exposes the fields the source walks by name', async () => {
    const { parser } = await loadPhp();
    const tree = parser.parse(`<?php
return new class extends Migration {
    protected $connection = 'tenant';
    public function up(): void {
        if (! Schema::hasTable('a') && $x === 'y') {
            Schema::create('a', fn (Blueprint $t) => $t->string(column: 'n', length: 5)->nullable());
        }
    }
};
`)!;
    const root = tree.rootNode;
    const method = root.descendantsOfType('method_declaration')[0]!;
    expect(method.childForFieldName('name')?.text).toBe('up');
    expect(method.childForFieldName('body')?.type).toBe('compound_statement');
    const ifs = root.descendantsOfType('if_statement')[0]!;
    const cond = ifs.childForFieldName('condition')!;
    expect(cond.type).toBe('parenthesized_expression');
    const and = cond.namedChildren[0]!;
    expect(and.type).toBe('binary_expression');
    expect(and.childForFieldName('operator')?.text).toBe('&&');
    expect(and.childForFieldName('left')?.type).toBe('unary_op_expression');
    expect(and.childForFieldName('right')?.type).toBe('binary_expression');
    const call = root.descendantsOfType('scoped_call_expression').find((n) => n!.childForFieldName('name')?.text === 'create')!;
    expect(call.childForFieldName('scope')?.text).toBe('Schema');
    const arrow = root.descendantsOfType('arrow_function')[0]!;
    expect(arrow.childForFieldName('parameters')?.type).toBe('formal_parameters');
    expect(arrow.childForFieldName('body')?.type).toBe('member_call_expression');
    const named = root.descendantsOfType('argument').filter((a) => a!.childForFieldName('name'));
    expect(named.map((a) => a!.childForFieldName('name')!.text)).toEqual(['column', 'length']);
    const prop = root.descendantsOfType('property_element')[0]!;
    expect(prop.childForFieldName('name')?.text).toBe('$connection');
    expect(prop.childForFieldName('default_value')?.type).toBe('string');
    tree.delete();
  });
});
