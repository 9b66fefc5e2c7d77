import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/migrations/index-without-concurrently.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadProject, migration } from '../../sources/django/helpers.js';
import { graphCatalog, loadHelpdesk, loadSaas, node, op } from './helpers.js';

const rel = (s: string) => s.replace(/^.*fixtures\/[^/]+\//, '');

describe('migrations/index-without-concurrently', () => {
  it('flags Django AddIndex on a table an earlier migration created, not RunSQL … CONCURRENTLY', async () => {
    const findings = checkCatalog(rule, await loadHelpdesk());
    expect(findings.map((f) => rel(at(f)))).toEqual(['tickets/migrations/0002_tickethistory_ticket_tickets_org_status_idx.py:49']);
    expect(findings[0].severity).toBe('medium');
    expect(findings[0].table).toBe('public.tickets_ticket');
    expect(findings[0].message).toContain('AddIndexConcurrently');
  });

  it('flags Alembic op.create_index on an existing table, not indexes on tables created in the same revision', async () => {
    const findings = checkCatalog(rule, await loadSaas());
    // The CREATE INDEX of an op.execute string (users), and the loop `for table in ("invoices", "payments")` once per table.
    expect(findings.map((f) => `${f.table} ${rel(at(f))}`).sort()).toEqual([
      'public.invoices alembic/versions/04dd353d03eb_sessions_conversations.py:64',
      'public.payments alembic/versions/04dd353d03eb_sessions_conversations.py:64',
      'public.users alembic/versions/04dd353d03eb_sessions_conversations.py:55',
    ]);
    expect(findings[0].message).toContain('postgresql_concurrently=True');
  });

  it('flags Django RunSQL CREATE INDEX without CONCURRENTLY, not AddIndexConcurrently', async () => {
    const { catalog } = await loadProject({
      'shop/__init__.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration('', '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True)), ("total", models.IntegerField())]),'),
      'shop/migrations/0002_indexes.py': migration(
        '("shop", "0001_initial")',
        [
          '        migrations.RunSQL("CREATE INDEX shop_order_total_idx ON shop_order (total);", "DROP INDEX shop_order_total_idx;"),',
          '        AddIndexConcurrently(model_name="order", index=models.Index(fields=["id", "total"], name="shop_order_id_total_idx")),',
        ].join('\n'),
        '    atomic = False',
      ).replace('import django.db.models.deletion', 'from django.contrib.postgres.operations import AddIndexConcurrently'),
    });
    const findings = checkCatalog(rule, catalog);
    expect(findings.map(at)).toHaveLength(1);
    expect(at(findings[0])).toMatch(/0002_indexes\.py:10$/);
    expect(findings[0].table).toBe('public.shop_order');
  });

  it('flags Laravel ->index() on an existing PostgreSQL table; produces nothing for MySQL or DDL catalogs', async () => {
    const graph = {
      framework: 'laravel' as const,
      nodes: [
        node('2024_01_01_create_orders', [op('create-table', 11, { table: 'orders' }), op('create-index', 14, { table: 'orders' })]),
        node('2024_02_01_add_status', [op('add-column', 12, { table: 'orders' }), op('create-index', 13, { table: 'orders' })]),
      ],
      heads: ['2024_02_01_add_status'],
    };
    const pg = checkCatalog(rule, graphCatalog(graph));
    expect(pg.map(at)).toEqual(['m.py:13']);
    expect(pg[0].message).toContain('withinTransaction');
    const mysql = graphCatalog(graph);
    mysql.source.dialect = 'mysql';
    expect(checkCatalog(rule, mysql)).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX t_a ON t (a);'))).toEqual([]);
  });
});
