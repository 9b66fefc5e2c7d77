import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/migrations/concurrently-in-transaction.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadProject, migration } from '../../sources/django/helpers.js';
import { loadSqlalchemy } from '../../../src/sources/sqlalchemy/index.js';
import { cleanProjects, project } from '../../sources/sqlalchemy/helpers.js';
import { afterAll } from 'vitest';
import { loadHelpdesk } from './helpers.js';

afterAll(cleanProjects);

const djangoProject = (atomic: string) =>
  loadProject({
    'shop/__init__.py': '',
    'shop/migrations/__init__.py': '',
    'shop/migrations/0001_initial.py': migration('', '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True)), ("total", models.IntegerField())]),'),
    'shop/migrations/0002_indexes.py': migration(
      '("shop", "0001_initial")',
      [
        '        migrations.RunSQL("CREATE INDEX CONCURRENTLY shop_order_total_idx ON shop_order (total);", "DROP INDEX shop_order_total_idx;"),',
        '        AddIndexConcurrently(model_name="order", index=models.Index(fields=["id", "total"], name="shop_order_id_total_idx")),',
      ].join('\n'),
      atomic,
    ).replace('import django.db.models.deletion', 'from django.contrib.postgres.operations import AddIndexConcurrently'),
  });

const revision = (rev: string, down: string, body: string) => `"""r"""
from alembic import op
import sqlalchemy as sa

revision = "${rev}"
down_revision = ${down}


def upgrade():
${body}


def downgrade():
    op.drop_table("orders")
`;

describe('migrations/concurrently-in-transaction', () => {
  it('flags RunSQL CONCURRENTLY and AddIndexConcurrently in an atomic Django migration', async () => {
    const { catalog } = await djangoProject('');
    const findings = checkCatalog(rule, catalog);
    expect(findings.map((f) => at(f).replace(/^.*\//, ''))).toEqual(['0002_indexes.py:10', '0002_indexes.py:11']);
    expect(findings[0].severity).toBe('high');
    expect(findings[0].message).toContain('atomic = False');
  });

  it('leaves alone the same operations with atomic = False (and the helpdesk fixture)', async () => {
    const { catalog } = await djangoProject('    atomic = False');
    expect(checkCatalog(rule, catalog)).toEqual([]);
    expect(checkCatalog(rule, await loadHelpdesk())).toEqual([]);
  });

  it('flags Alembic postgresql_concurrently=True outside autocommit_block, not inside it', async () => {
    const root = project({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/versions/a1_orders.py': revision('a1', 'None', '    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("total", sa.Integer()))'),
      'alembic/versions/b2_index.py': revision(
        'b2',
        '"a1"',
        [
          '    op.create_index("orders_total_idx", "orders", ["total"], postgresql_concurrently=True)',
          '    with op.get_context().autocommit_block():',
          '        op.create_index("orders_id_total_idx", "orders", ["id", "total"], postgresql_concurrently=True)',
          '        op.execute("CREATE INDEX CONCURRENTLY orders_total2_idx ON orders (total)")',
          '    op.execute("CREATE INDEX CONCURRENTLY orders_total3_idx ON orders (total)")',
        ].join('\n'),
      ),
    });
    const catalog = await loadSqlalchemy(root);
    const findings = checkCatalog(rule, catalog);
    expect(findings.map((f) => at(f).replace(/^.*\//, ''))).toEqual(['b2_index.py:10', 'b2_index.py:14']);
    expect(findings[0].message).toContain('autocommit_block');
  });

  it('produces nothing on a DDL catalog', async () => {
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);'))).toEqual([]);
  });
});
