import { describe, it, expect } from 'vitest';
import { mermaidEntityName, mermaidWord, renderMermaidErd, selectErdTables } from '../../src/report/mermaid.js';
import { catalog, col, finding, fk, shop, table } from './factories.js';

const ENTITY = String.raw`(?:[A-Za-z_][A-Za-z0-9_]*|"[^"%\r\n\\]+")`;
const WORD = String.raw`[A-Za-z][A-Za-z0-9_\-()[\]]*`;
const patterns = {
  header: /^erDiagram$/,
  comment: /^\s*%%.*$/,
  relationship: new RegExp(String.raw`^\s+(${ENTITY}) (?:\|o|\|\||\}o|\}\|)(?:--|\.\.)(?:o\||\|\||o\{|\|\{) (${ENTITY}) : "[^"]*"$`),
  open: new RegExp(String.raw`^\s+(${ENTITY}) \{$`),
  attribute: new RegExp(String.raw`^\s+${WORD} ${WORD}(?: (?:PK|FK|UK)(?:, (?:PK|FK|UK))*)?(?: "[^"]*")?$`),
  close: /^\s+\}$/,
  bare: new RegExp(String.raw`^\s+(${ENTITY})$`),
};

/** A line-by-line check of the erDiagram grammar subset we emit; returns the problems found. */
function lint(text: string): { problems: string[]; declared: Set<string>; related: Set<string> } {
  const problems: string[] = [];
  const declared = new Set<string>();
  const related = new Set<string>();
  const lines = text.trimEnd().split('\n');
  if (!patterns.header.test(lines[0])) problems.push(`first line: ${lines[0]}`);
  let inBlock = false;
  for (const line of lines.slice(1)) {
    if (patterns.comment.test(line)) continue;
    if (inBlock) {
      if (patterns.close.test(line)) inBlock = false;
      else if (!patterns.attribute.test(line)) problems.push(`attribute: ${line}`);
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = patterns.relationship.exec(line))) {
      related.add(m[1]);
      related.add(m[2]);
    } else if ((m = patterns.open.exec(line))) {
      declared.add(m[1]);
      inBlock = true;
    } else if ((m = patterns.bare.exec(line))) declared.add(m[1]);
    else problems.push(`line: ${line}`);
  }
  if (inBlock) problems.push('unclosed block');
  return { problems, declared, related };
}

describe('renderMermaidErd', () => {
  it('draws entities with key columns, relationships and defects', () => {
    const cat = shop();
    const text = renderMermaidErd(cat, [finding('relations/fk-missing-index', 'medium', 'orders', ['customer_id'])]);
    const { problems, declared, related } = lint(text);
    expect(problems).toEqual([]);
    expect([...declared].sort()).toEqual(['customers', 'order_items', 'orders', 'organizations']);
    for (const r of related) expect(declared.has(r)).toBe(true);
    expect(text).toMatch(/^erDiagram\n/);
    expect(text).toContain('orders }o..|| customers : "customer_id"');
    // nullable key: the parent end is zero-or-one
    expect(text).toContain('customers }o..o| organizations : "organization_id"');
    // key part of the primary key: identifying (solid) line
    expect(text).toContain('order_items }o--|| orders : "order_id"');
    expect(text).toContain('bigint customer_id FK "FK MISSING INDEX"');
    expect(text).toContain('bigint order_id PK, FK');
  });

  it('quotes schema-qualified and odd names and sanitises attribute words', () => {
    const users = table('users', [col('id'), col('display name', 'character varying(255)'), col('amount', 'numeric(10,2)'), col('at', 'timestamp with time zone')], {
      schema: 'auth',
      uniques: [{ name: 'u', columns: ['display name'], nullsNotDistinct: false, origin: { file: 'a.sql', line: 1 } }],
    });
    const orders = table('order%s', [col('id'), col('user_id')], { foreignKeys: [fk(['user_id'], 'users', { refSchema: 'auth' })] });
    const bad = table('we"ird', [col('id')], { schema: 'x' });
    const text = renderMermaidErd(catalog([users, orders, bad]), [finding('privacy/pii', 'low', 'auth.users', ['display name', 'amount', 'at'])]);
    const { problems, declared, related } = lint(text);
    expect(problems).toEqual([]);
    expect(declared).toContain('"auth.users"');
    expect(declared).toContain('"public.order_s"');
    expect(declared).toContain('"x.we_ird"');
    for (const r of related) expect(declared.has(r)).toBe(true);
    expect(text).toContain('"public.order_s" }o..|| "auth.users" : "user_id"');
    expect(text).toContain('character_varying(255) display_name UK "PII"');
    expect(text).toContain('numeric(10-2) amount "PII"');
    expect(text).toContain('timestamp_with_time_zone at "PII"');
  });

  it('keeps bare names for one schema and helpers behave', () => {
    expect(mermaidEntityName('orders')).toBe('orders');
    expect(mermaidEntityName('public.orders')).toBe('"public.orders"');
    expect(mermaidWord('_x')).toBe('x_x');
    expect(mermaidWord('double precision')).toBe('double_precision');
  });

  it('limits big schemas to the most connected tables and says how many were left out', () => {
    const hub = table('accounts', [col('id')]);
    const spokes = Array.from({ length: 59 }, (_, i) =>
      table(`t${String(i).padStart(2, '0')}`, [col('id'), col('account_id')], { foreignKeys: i < 30 ? [fk(['account_id'], 'accounts')] : [] }),
    );
    const cat = catalog([...spokes, hub]);
    const sel = selectErdTables(cat, [], 40);
    expect(sel.tables).toHaveLength(40);
    expect(sel.omitted).toBe(20);
    expect(sel.tables.map((t) => t.name)).toContain('accounts');
    // all 30 connected spokes are kept before any unconnected one
    expect(sel.tables.filter((t) => t.foreignKeys.length).length).toBe(30);
    const text = renderMermaidErd(cat, []);
    expect(text).toContain('%% 40 of 60 tables shown (the most connected); 20 left out');
    expect(lint(text).problems).toEqual([]);
    expect(lint(renderMermaidErd(cat, [], { maxTables: 5 })).declared.size).toBe(5);
  });

  it('leaves out relationships to tables not drawn and handles tables without columns', () => {
    const a = table('a', [], { foreignKeys: [] });
    const b = table('b', [col('id'), col('z_id')], { foreignKeys: [fk(['z_id'], 'z')] });
    const text = renderMermaidErd(catalog([a, b]), []);
    const { problems, related } = lint(text);
    expect(problems).toEqual([]);
    expect(related.size).toBe(0);
  });
});
