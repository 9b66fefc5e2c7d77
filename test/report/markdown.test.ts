import { describe, it, expect } from 'vitest';
import { renderMarkdown, escapeMd } from '../../src/report/markdown.js';
import { buildReview } from '../../src/review.js';
import { resolveConfig } from '../../src/config.js';
import type { Rule } from '../../src/rules/types.js';
import { catalog, col, finding, fk, review, rule, shop, table } from './factories.js';

const rules = [rule('relations/fk-missing-index'), rule('tenancy/nullable-tenant-key', 'high'), rule('keys/missing-primary-key', 'critical')];

function sections(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
}

/** Cells of a Markdown table row, splitting on pipes that are not escaped. */
function cells(line: string): string[] {
  return line.trim().slice(1, -1).split(/(?<!\\)\|/);
}

function sample() {
  return review(
    shop(),
    [
      finding('tenancy/nullable-tenant-key', 'high', 'customers', ['organization_id'], {
        fix: [{ op: 'set-not-null', schema: 'public', table: 'customers', column: 'organization_id' }],
      }),
      finding('relations/fk-missing-index', 'medium', 'order_items', ['order_id'], {
        message: 'foreign key a|b has no index <covering> it',
        fix: [{ op: 'add-index', schema: 'public', table: 'order_items', columns: ['order_id'] }],
      }),
      finding('relations/fk-missing-index', 'low', 'orders', ['customer_id']),
      finding('keys/missing-primary-key', 'info', 'orders'),
    ],
    rules,
    { ignored: [{ finding: finding('relations/fk-missing-index', 'medium', 'orders', ['x']), reason: 'lookup | table' }] },
  );
}

describe('renderMarkdown', () => {
  it('has the sections the data supports, in order', () => {
    const md = renderMarkdown(sample());
    expect(md.startsWith('# Schema review: schema.sql\n')).toBe(true);
    expect(sections(md)).toEqual([
      'Executive summary',
      'Scorecard',
      'Keys',
      'Relations',
      'Tenancy',
      'Foreign keys by ON DELETE action',
      'Entity-relationship diagram',
      'Schema inventory',
      'Prioritised plan',
      'Migration plan',
      'Statistics appendix',
      'Ignored findings',
    ]);
    expect(md).toContain('2025-01-02');
    expect(md).toContain('| **87.5** / 100 | **B** | **ready-with-fixes** | 4 |');
  });

  it('counts foreign keys by ON DELETE action from the catalog', () => {
    const md = renderMarkdown(sample());
    expect(md).toContain('| CASCADE | 2 | 66.7% |');
    expect(md).toContain('| RESTRICT | 1 | 33.3% |');
    expect(md).toContain('3 foreign keys on 3 tables (of 4)');
  });

  it('puts evidence and fixes in the category tables and the plan', () => {
    const md = renderMarkdown(sample());
    const row = md.split('\n').find((l) => l.startsWith('| high |'))!;
    expect(cells(row).map((c) => c.trim())).toEqual([
      'high',
      '`public.customers`',
      '`organization_id`',
      'tenancy/nullable-tenant-key on public.customers (organization_id)',
      '`schema.sql:11`',
      'set public.customers.organization_id not null',
    ]);
    expect(md).toMatch(/### Immediate: critical and high \(1\)\n\n1\. \*\*high\*\* `public\.customers`/);
    expect(md).toContain('### Short term: medium (1)');
    expect(md).toContain('### Long term: low (1)');
    expect(md).toContain('1 informational finding is listed in its category section and not planned.');
    expect(md).toContain('```mermaid\nerDiagram\n');
  });

  it('escapes pipes in table cells so rows keep their columns', () => {
    const md = renderMarkdown(sample());
    const row = md.split('\n').find((l) => l.includes('foreign key a'))!;
    expect(row).toContain('foreign key a\\|b has no index &lt;covering&gt; it');
    expect(cells(row)).toHaveLength(6);
    const ignoredRow = md.split('\n').find((l) => l.includes('lookup'))!;
    expect(cells(ignoredRow)).toHaveLength(7);
    expect(ignoredRow).toContain('lookup \\| table');
    // every table row in the document has as many cells as its header
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\| (---|:?---)/.test(lines[i])) continue;
      const width = cells(lines[i - 1]).length;
      for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) expect(cells(lines[j])).toHaveLength(width);
    }
    expect(escapeMd('a|b\nc')).toBe('a|b c');
    // angle brackets become entities outside code spans only (an entity inside a code span shows as typed)
    expect(escapeMd('a <b> `<name>_id` c')).toBe('a &lt;b&gt; `<name>_id` c');
  });

  it('shows a loud incomplete notice with warnings and skipped checks, never a silent all-clear', () => {
    const cat = shop();
    cat.warnings = [{ code: 'statement-failed', message: 'syntax error at or near "FOO"', origin: { file: 'schema.sql', line: 7 } }];
    const r = review(cat, [], rules, { skipped: [{ ruleId: 'indexes/unused-index', reason: 'needs live statistics' }] });
    expect(r.scores.verdict).toBe('incomplete');
    const md = renderMarkdown(r);
    expect(md).toContain('**⚠ Incomplete review.**');
    expect(md).toContain('> - Not read: syntax error at or near "FOO" (`schema.sql:7`)');
    expect(md).toContain('> - Not checked: `indexes/unused-index`: needs live statistics');
    expect(md).toContain('**incomplete**');
    expect(md).not.toMatch(/\*\*ready\*\*/);
    expect(sections(md)).toContain('Checks not run');
    expect(md).toContain('| `statement-failed` | syntax error at or near "FOO" | `schema.sql:7` |');
    expect(md.indexOf('Incomplete review')).toBeLessThan(md.indexOf('## Scorecard'));
  });

  it('lists skipped checks up front without calling a fully read source incomplete', () => {
    const r = review(shop(), [], rules, { skipped: [{ ruleId: 'scale/bloat', reason: 'needs live statistics' }] });
    expect(r.incomplete).toBe(false);
    const md = renderMarkdown(r);
    expect(md).not.toContain('Incomplete review');
    expect(md).toContain('> - `scale/bloat`: needs live statistics');
    expect(md.indexOf('Not checked here')).toBeLessThan(md.indexOf('## Scorecard'));
    expect(renderMarkdown(review(shop(), [], rules))).not.toContain('Incomplete review');
  });

  it('omits sections with nothing to say', () => {
    const cat = catalog([table('lonely', [col('id'), col('name', 'text', { nullable: true })])]);
    const md = renderMarkdown(review(cat, [], rules));
    expect(sections(md)).toEqual(['Executive summary', 'Scorecard', 'Entity-relationship diagram', 'Schema inventory', 'Statistics appendix']);
    expect(md).toContain('Nullable share: 1 of 2 columns (50.0%) allow NULL.');
    expect(md).toContain('**ready**');
  });

  it('ranks tables by size when live statistics exist', () => {
    const cat = shop();
    cat.hasLiveStats = true;
    cat.tables[2].stats = { totalBytes: 5 * 1024 * 1024, rowEstimate: 120000 };
    cat.tables[0].stats = { totalBytes: 8192, rowEstimate: 3 };
    const md = renderMarkdown(review(cat, [], rules));
    expect(md).toContain('### Largest tables by total size (top 4 of 4)');
    expect(md).toMatch(/\| `public\.orders` \| 5\.0 MB \| 120,000 \|/);
  });

  it('draws a large schema as one diagram per connected group, capped, and names the unconnected tables', () => {
    // Two chains of 25 and 42 tables, and 3 tables on their own.
    const chain = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => table(`${prefix}${i}`, [col('id'), col('parent_id')], i ? { foreignKeys: [fk(['parent_id'], `${prefix}${i - 1}`)] } : {}));
    const alone = Array.from({ length: 3 }, (_, i) => table(`lonely${i}`, [col('id')]));
    const md = renderMarkdown(review(catalog([...chain('a', 25), ...chain('b', 42), ...alone]), [], rules));
    expect(md).toContain('70 tables are too many for one diagram: one diagram per group of tables connected by foreign keys (2 groups, and 3 tables with no foreign key in or out).');
    const titles = md.split('\n').filter((l) => l.startsWith('### ERD: '));
    expect(titles).toEqual(['### ERD: tables connected to b1 (42 tables)', '### ERD: tables connected to a1 (25 tables)']);
    expect(md).toContain('40 of 42 tables are drawn, those with the most foreign keys in and out; 2 are left out.');
    expect(md).toContain('Tables with no foreign key in or out (not drawn): `public.lonely0`, `public.lonely1`, `public.lonely2`.');
    expect((md.match(/```mermaid/g) ?? []).length).toBe(2);
  });

  it('draws one diagram per schema when a large schema has several', () => {
    const tables = [
      ...Array.from({ length: 30 }, (_, i) => table(`t${i}`, [col('id')])),
      ...Array.from({ length: 20 }, (_, i) => table(`b${i}`, [col('id')], { schema: 'billing' })),
    ];
    const md = renderMarkdown(review(catalog(tables), [], rules));
    expect(md).toContain('one diagram per schema (2).');
    expect(md.split('\n').filter((l) => l.startsWith('### ERD: '))).toEqual(['### ERD: schema public (30 tables)', '### ERD: schema billing (20 tables)']);
  });

  it('renders a review built by the engine from a real rule', () => {
    const nullableFk: Rule = {
      meta: { id: 'relations/nullable-fk', category: 'relations', severity: 'low', summary: 'Nullable foreign key.', why: 'Optional parents hide orphans.' },
      check(ctx) {
        for (const t of ctx.catalog.tables)
          for (const k of t.foreignKeys) if (k.columns.some((c) => t.columns.find((x) => x.name === c)?.nullable)) ctx.report({ table: t, columns: k.columns, message: `${k.name} is nullable` });
      },
    };
    const r = buildReview(shop(), [nullableFk], resolveConfig(), new Date('2025-03-04T05:06:07Z'));
    expect(r.findings).toHaveLength(1);
    const md = renderMarkdown(r);
    expect(md).toContain('`relations/nullable-fk` (1 finding): Nullable foreign key. Optional parents hide orphans.');
    expect(md).toContain('bigint organization_id FK "NULLABLE FK"');
    expect(r.scores.verdict).toBe('ready');
  });
});

describe('application notes', () => {
  it('lists what the application code says, with evidence', () => {
    const cat = shop();
    cat.app = { frameworks: ['laravel'], models: [], notes: [{ kind: 'without-global-scope', message: 'Company scope | bypassed', origin: { file: 'app/Http/Report.php', line: 12 } }] };
    const md = renderMarkdown(review(cat, [], rules));
    expect(md).toContain('## Application notes');
    expect(md).toContain('| `without-global-scope` | Company scope \\| bypassed | `app/Http/Report.php:12` |');
    expect(renderMarkdown(review(shop(), [], rules))).not.toContain('## Application notes');
  });
});

describe('migration history', () => {
  it('draws the graph, names the heads and lists what cannot be rolled back, with evidence', () => {
    const cat = shop();
    cat.migrations = {
      framework: 'django',
      heads: ['shop.0002_add_sku'],
      nodes: [
        { id: 'shop.0001_initial', file: 'shop/migrations/0001_initial.py', dependsOn: [], reversible: true, operations: [{ kind: 'create-model', table: 'shop_order', reversible: true, origin: { file: 'shop/migrations/0001_initial.py', line: 9 } }] },
        { id: 'shop.0002_add_sku', file: 'shop/migrations/0002_add_sku.py', dependsOn: ['shop.0001_initial'], reversible: false, operations: [{ kind: 'run-python', reversible: false, origin: { file: 'shop/migrations/0002_add_sku.py', line: 14 } }] },
      ],
    };
    const md = renderMarkdown(review(cat, [], rules));
    expect(md).toContain('## Migration history');
    expect(md).toContain('2 django migrations with 2 operations');
    expect(md).toContain('m0 --> m1');
    expect(md).toContain('"shop.0002_add_sku (head)"');
    expect(md).toContain('| `shop.0002_add_sku` | run-python | `shop/migrations/0002_add_sku.py:14` |');
    expect(renderMarkdown(review(shop(), [], rules))).not.toContain('## Migration history');
  });
});

describe('application models', () => {
  it('lists bases, hooks, scopes, soft delete and encryption from the ORM, with evidence', () => {
    const cat = shop();
    const at = (line: number) => ({ file: 'shop/models.py', line });
    cat.app = {
      frameworks: ['django'],
      notes: [],
      models: [
        { framework: 'django', name: 'TenantAware', abstract: true, bases: [], relationships: [], hooks: [], scopes: [], encryptedColumns: [], origin: at(3) },
        {
          framework: 'django', name: 'Order', table: 'public.orders', bases: ['TenantAware'], relationships: [],
          hooks: [{ name: 'save', origin: at(20) }], scopes: [{ name: 'objects = ActiveManager()', origin: at(15) }],
          encryptedColumns: ['card_token'], softDelete: { style: 'soft_delete() method', column: 'deleted_at', origin: at(25) }, origin: at(10),
        },
      ],
    };
    const md = renderMarkdown(review(cat, [], rules));
    expect(md).toContain('2 models (django), 1 with a table and 1 abstract; 1 with hooks, 1 with scopes or custom managers, 1 soft-deleting, 1 encrypting or hashing columns.');
    expect(md).toContain('| `TenantAware` | 1 | `shop/models.py:3` |');
    expect(md).toContain('| `Order` | `public.orders` | `save` | `shop/models.py:20` |');
    expect(md).toContain('| `Order` | soft delete | soft_delete() method (`deleted_at`) | `shop/models.py:25` |');
    expect(renderMarkdown(review(shop(), [], rules))).not.toContain('## Application models');
  });
});
