// The Ruby reader under the Rails source: the node names it relies on exist in the pinned grammar,
// literals evaluate as Ruby would, and ActiveSupport's inflections give Rails' table and column names.
import { describe, expect, it } from 'vitest';
import { parseRuby, RUBY_FIELD_NAMES, RUBY_NODE_TYPES, rubyLanguage, type RCall } from '../../../src/sources/rails/ruby.js';
import { pluralize, singularize } from '../../../src/sources/rails/inflect.js';

const firstCall = async (src: string): Promise<RCall> => {
  const file = await parseRuby(src);
  const s = file.statements[0];
  if (s.kind !== 'call') throw new Error(`not a call: ${s.text}`);
  return s.call;
};

describe('tree-sitter-ruby 0.23.1 grammar', () => {
  it('knows every node type the reader names', async () => {
    const lang = await rubyLanguage();
    const unknown = RUBY_NODE_TYPES.filter((t) => lang.idForNodeType(t, true) === null);
    expect(unknown).toEqual([]);
    // A misspelt name would be caught the same way.
    expect(lang.idForNodeType('anonymous_function_creation_expression', true)).toBeNull();
  });

  it('knows every field name the reader asks for', async () => {
    const lang = await rubyLanguage();
    expect(RUBY_FIELD_NAMES.filter((f) => lang.fieldIdForName(f) === null)).toEqual([]);
    expect(lang.fieldIdForName('no_such_field')).toBeNull();
  });
});

describe('Ruby literals', () => {
  it('evaluates strings, symbols, numbers, arrays, hashes and lambdas', async () => {
    const c = await firstCall(
      `t.foo "a\\"b\\n", 'it\\'s', :sym, :"q r", -1.5, 2_000, 0x1F, [1, "x"], %w[a b], nil, true, ` +
        `default: -> { "now()" }, :old => { on_delete: :cascade }, "quoted" => 1, code: Foo::BAR`,
    );
    expect(c.receiver).toBe('t');
    expect(c.method).toBe('foo');
    expect(c.args).toEqual([
      { kind: 'str', value: 'a"b\n' },
      { kind: 'str', value: "it's" },
      { kind: 'sym', value: 'sym' },
      { kind: 'sym', value: 'q r' },
      { kind: 'float', value: -1.5, text: '-1.5' },
      { kind: 'int', value: 2000, text: '2000' },
      { kind: 'int', value: 31, text: '0x1F' },
      { kind: 'array', items: [{ kind: 'int', value: 1, text: '1' }, { kind: 'str', value: 'x' }] },
      { kind: 'array', items: [{ kind: 'str', value: 'a' }, { kind: 'str', value: 'b' }] },
      { kind: 'nil' },
      { kind: 'bool', value: true },
    ]);
    expect(c.opts.map(([k]) => k)).toEqual(['default', 'old', 'quoted', 'code']);
    expect(c.opts[0][1]).toEqual({ kind: 'lambda', body: { kind: 'str', value: 'now()' }, text: '-> { "now()" }' });
    expect(c.opts[1][1]).toEqual({ kind: 'hash', entries: [['on_delete', { kind: 'sym', value: 'cascade' }]] });
    expect(c.opts[3][1]).toEqual({ kind: 'code', text: 'Foo::BAR' });
  });

  it('keeps an interpolated string as code: its value is not known without running Ruby', async () => {
    const c = await firstCall('t.string "#{prefix}_name"');
    expect(c.args[0]).toEqual({ kind: 'code', text: '"#{prefix}_name"' });
  });

  it('reads blocks, block parameters, call chains and comments with their lines', async () => {
    const file = await parseRuby(`create_table "x" do |t|
  t.string "a" # trailing comment
end
create_trigger("x_tr").
    on("x").
    after(:insert) do
  "SELECT 1;"
end
`);
    const [table, trigger] = file.statements.map((s) => (s.kind === 'call' ? s.call : undefined));
    expect(table?.blockParams).toEqual(['t']);
    expect(table?.block?.[0]).toMatchObject({ kind: 'call', call: { receiver: 't', method: 'string', line: 2 } });
    expect(trigger?.method).toBe('after');
    expect(trigger?.line).toBe(6);
    expect(trigger?.receiverCall?.method).toBe('on');
    expect(trigger?.receiverCall?.receiverCall).toMatchObject({ method: 'create_trigger', line: 4 });
    expect(file.comments).toEqual([{ line: 2, text: '# trailing comment' }]);
    expect(file.errorLines).toEqual([]);
  });

  it('reports the lines of syntax errors', async () => {
    const file = await parseRuby('create_table "x" do |t|\n  t.string "a",\nend\n');
    expect(file.errorLines.length).toBeGreaterThan(0);
  });
});

describe('ActiveSupport inflections', () => {
  it.each([
    ['portals', 'portal'],
    ['companies', 'company'],
    ['addresses', 'address'],
    ['statuses', 'status'],
    ['people', 'person'],
    ['line_items', 'line_item'],
    ['active_storage_blobs', 'active_storage_blob'],
    ['analyses', 'analysis'],
    ['matrices', 'matrix'],
    ['news', 'news'],
    ['equipment', 'equipment'],
    ['boxes', 'box'],
    ['wives', 'wife'],
  ])('%s ↔ %s', (plural, single) => {
    expect(singularize(plural)).toBe(single);
    if (plural !== 'news') expect(pluralize(single)).toBe(plural);
  });
});
