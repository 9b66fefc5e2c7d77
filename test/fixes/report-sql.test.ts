// The fix SQL in the reports: every fix in report.json for PostgreSQL sources, the first ones in the Markdown plan.
import { describe, expect, it } from 'vitest';
import { parseJsonReport, renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { finding, review, rule, shop } from '../report/factories.js';

const rules = [rule('relations/fk-missing-index'), rule('tenancy/nullable-tenant-key', 'high')];

function sample(dialect: 'postgres' | 'sqlite' | 'mysql' = 'postgres') {
  const cat = shop();
  cat.source.dialect = dialect;
  return review(
    cat,
    [
      finding('tenancy/nullable-tenant-key', 'high', 'customers', ['organization_id'], {
        fix: [{ op: 'set-not-null', schema: 'public', table: 'customers', column: 'organization_id' }],
      }),
      finding('relations/fk-missing-index', 'medium', 'order_items', ['order_id'], {
        fix: [{ op: 'add-index', schema: 'public', table: 'order_items', columns: ['order_id'] }],
      }),
      finding('relations/fk-missing-index', 'low', 'orders', ['customer_id']),
    ],
    rules,
    {
      ignored: [
        {
          finding: finding('relations/fk-missing-index', 'medium', 'orders', ['x'], { fix: [{ op: 'add-index', schema: 'public', table: 'orders', columns: ['x'] }] }),
          reason: 'small table',
        },
      ],
    },
  );
}

describe('fixSql in the JSON report', () => {
  it('gives each finding with a fix its PostgreSQL: forward, rollback, pre-flight, lock impact', () => {
    const r = parseJsonReport(renderJson(sample()));
    const [notNull, index, none] = r.findings;
    expect(notNull.fixSql).toMatchObject({
      forward: [
        'ALTER TABLE public.customers ADD CONSTRAINT customers_organization_id_not_null_tmp CHECK (organization_id IS NOT NULL) NOT VALID;',
        'ALTER TABLE public.customers VALIDATE CONSTRAINT customers_organization_id_not_null_tmp;',
        'ALTER TABLE public.customers ALTER COLUMN organization_id SET NOT NULL;',
        'ALTER TABLE public.customers DROP CONSTRAINT customers_organization_id_not_null_tmp;',
      ],
      rollback: [
        'ALTER TABLE public.customers DROP CONSTRAINT IF EXISTS customers_organization_id_not_null_tmp;',
        'ALTER TABLE public.customers ALTER COLUMN organization_id DROP NOT NULL;',
      ],
      transactional: false,
    });
    expect(notNull.fixSql!.preflight).toContain('WHERE organization_id IS NULL');
    expect(notNull.fixSql!.lockImpact).toMatch(/ACCESS EXCLUSIVE/);
    expect(index.fixSql!.forward).toEqual(['CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_order_id_idx ON public.order_items (order_id);']);
    expect(none).not.toHaveProperty('fixSql');
    expect(r.ignored[0].finding.fixSql!.forward[0]).toContain('orders_x_idx');
  });

  it('writes fixSql in the source\'s dialect, with the operations it cannot express listed as unsupported', () => {
    const sqlite = parseJsonReport(renderJson(sample('sqlite')));
    const notNull = sqlite.findings.find((f) => f.fix?.[0].op === 'set-not-null')!;
    expect(notNull.fixSql!.forward).toEqual([]);
    expect((notNull.fixSql as { unsupported?: string[] }).unsupported?.[0]).toContain('table rebuild');
    const mysql = parseJsonReport(renderJson(sample('mysql')));
    expect(mysql.findings.find((f) => f.fix?.[0].op === 'set-not-null')!.fixSql!.forward[0]).toContain('ALGORITHM=INPLACE');
  });
});

describe('fix SQL in the Markdown plan', () => {
  it('puts pre-flight, forward and rollback in sql blocks under the finding, indented into its list item', () => {
    const md = renderMarkdown(sample());
    const plan = md.slice(md.indexOf('## Prioritised plan'));
    expect(plan).toContain('its PostgreSQL SQL: the pre-flight query to run first');
    expect(plan).toContain(
      '   ```sql\n   -- Forward\n   CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_order_id_idx ON public.order_items (order_id);\n   ```',
    );
    expect(plan).toContain('   ```sql\n   -- Rollback\n   DROP INDEX CONCURRENTLY IF EXISTS public.order_items_order_id_idx;\n   ```');
    expect(plan).toContain('   ```sql\n   SELECT count(*) AS null_rows\n   FROM public.customers');
    expect(plan).toContain('*Locks:* ADD CONSTRAINT … NOT VALID');
    // blocks open and close in pairs
    expect((plan.match(/^ *```sql$/gm) ?? []).length * 2).toBe((plan.match(/^ *```/gm) ?? []).length);
    expect(plan).not.toContain('in the JSON report');
  });

  it('shows the SQL of the first 40 fixes and says where the others are', () => {
    const cat = shop();
    const many = Array.from({ length: 45 }, (_, i) =>
      finding('relations/fk-missing-index', 'medium', 'orders', [`c${i}`], { fix: [{ op: 'add-index', schema: 'public', table: 'orders', columns: [`c${i}`] }] }),
    );
    const md = renderMarkdown(review(cat, many, rules));
    expect((md.match(/-- Forward/g) ?? []).length).toBe(40);
    expect(md).toContain('Under the first 40 fixes, its PostgreSQL SQL');
    expect(md).toContain('The SQL of 5 more fixes is in the JSON report (`fixSql` of each finding in report.json).');
    expect((renderMarkdown(review(cat, many, rules), { planMaxFixSql: 3 }).match(/-- Forward/g) ?? []).length).toBe(3);
  });

  it('writes MySQL/MariaDB SQL for a MySQL source: online ALTERs with backticks', () => {
    const md = renderMarkdown(sample('mysql'));
    expect(md).toContain('its MySQL/MariaDB SQL: the pre-flight query to run first');
    expect(md).toContain("ALTER TABLE `public`.`customers` MODIFY `organization_id` bigint NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;");
  });

  it('writes SQLite SQL where SQLite can, and says why not where it cannot', () => {
    const md = renderMarkdown(sample('sqlite'));
    expect(md).toContain('Fix: set public.customers.organization_id not null.');
    expect(md).toContain('its SQLite SQL');
    // SQLite cannot add NOT NULL to a table that exists: the plan says so instead of writing SQL.
    expect(md).toContain('*No SQL written:* SQLite cannot add this to a table that exists');
  });

  it('keeps a fence that backticks in an identifier cannot close', () => {
    const cat = shop();
    const md = renderMarkdown(
      review(cat, [finding('relations/fk-missing-index', 'medium', 'orders', ['a```b'], { fix: [{ op: 'add-index', schema: 'public', table: 'orders', columns: ['a```b'] }] })], rules),
    );
    expect(md).toContain('   ````sql\n   -- Forward\n   CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_a```b_idx" ON public.orders ("a```b");\n   ````');
  });
});
