import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/migrations/add-not-null-column-without-default.js';
import type { Finding } from '../../../src/rules/types.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadProject as loadDjangoProject, migration } from '../../sources/django/helpers.js';
import { loadProject as loadLaravelProject } from '../../sources/laravel/helpers.js';
import { loadSqlalchemy } from '../../../src/sources/sqlalchemy/index.js';
import { cleanProjects, project } from '../../sources/sqlalchemy/helpers.js';
import { loadHelpdesk, loadSaas } from './helpers.js';
import { loadBooking } from '../../sources/laravel/helpers.js';

afterAll(cleanProjects);

const file = (f: Finding) => at(f).replace(/^.*\//, '');

describe('migrations/add-not-null-column-without-default: Django', () => {
  const shop = (ops: string[], sameMigration = false) =>
    loadDjangoProject({
      'shop/__init__.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration(
        '',
        [
          '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True))]),',
          ...(sameMigration ? ops : []),
        ].join('\n'),
      ),
      ...(sameMigration ? {} : { 'shop/migrations/0002_fields.py': migration('("shop", "0001_initial")', ops.join('\n')) }),
    });

  it('flags a hand-written AddField of a NOT NULL field without a default on an existing table, at the operation', async () => {
    const { catalog } = await shop([
      '        migrations.AddField(model_name="order", name="total", field=models.IntegerField()),',
      '        migrations.AddField(model_name="order", name="customer", field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="shop.order")),',
    ]);
    const findings = checkCatalog(rule, catalog);
    expect(findings.map(file)).toEqual(['0002_fields.py:10', '0002_fields.py:11']);
    expect(findings.map((f) => `${f.table}:${f.columns.join()}`)).toEqual(['public.shop_order:total', 'public.shop_order:customer_id']);
    expect(findings[0].severity).toBe('high');
    expect(findings[0].message).toContain('shop_order.total NOT NULL without a default');
    expect(findings[0].message).toContain('null=True, backfill');
  });

  it('leaves alone AddField with a default (Django fills the rows, then drops the database default), preserve_default=False, null=True, blank strings, auto_now', async () => {
    const { catalog } = await shop([
      '        migrations.AddField(model_name="order", name="status", field=models.CharField(default="new", max_length=20)),',
      '        migrations.AddField(model_name="order", name="total", field=models.IntegerField(default=0), preserve_default=False),',
      '        migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),',
      '        migrations.AddField(model_name="order", name="memo", field=models.CharField(blank=True, max_length=50)),',
      '        migrations.AddField(model_name="order", name="stamped", field=models.DateTimeField(auto_now_add=True)),',
      '        migrations.AddField(model_name="order", name="tags", field=models.ManyToManyField(to="shop.order")),',
    ]);
    expect(checkCatalog(rule, catalog)).toEqual([]);
    const ops = catalog.migrations!.nodes.find((n) => n.id === 'shop.0002_fields')!.operations;
    expect(ops[1]).toMatchObject({ column: 'total', nullable: false, hasDefault: true, preserveDefault: false });
    // The physical column ends with no default: Django dropped it. That is not a defect either.
    expect(catalog.tables.find((t) => t.name === 'shop_order')!.columns.find((c) => c.name === 'status')!.default).toBeUndefined();
    // makemigrations' own migrations in the helpdesk fixture (AddField with a default) are fine too.
    expect(checkCatalog(rule, await loadHelpdesk())).toEqual([]);
  });

  it('still flags blank=True on a field that allows no empty string, and default=None', async () => {
    const { catalog } = await shop([
      '        migrations.AddField(model_name="order", name="qty", field=models.IntegerField(blank=True)),',
      '        migrations.AddField(model_name="order", name="due", field=models.DateField(default=None)),',
    ]);
    expect(checkCatalog(rule, catalog).map((f) => f.columns.join())).toEqual(['qty', 'due']);
  });

  it('leaves alone a field added in the migration that created the table', async () => {
    const { catalog } = await shop(['        migrations.AddField(model_name="order", name="total", field=models.IntegerField()),'], true);
    expect(checkCatalog(rule, catalog)).toEqual([]);
  });
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

describe('migrations/add-not-null-column-without-default: Alembic', () => {
  it('flags op.add_column nullable=False without server_default (a Python default= does not count), and not the safe forms', async () => {
    const root = project({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/versions/a1_orders.py': revision(
        'a1',
        'None',
        [
          '    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True))',
          '    op.add_column("orders", sa.Column("created_in_same_revision", sa.Integer(), nullable=False))',
        ].join('\n'),
      ),
      'alembic/versions/b2_columns.py': revision(
        'b2',
        '"a1"',
        [
          '    op.add_column("orders", sa.Column("total", sa.Integer(), nullable=False))',
          '    op.add_column("orders", sa.Column("status", sa.String(20), nullable=False, default="new"))',
          '    op.add_column("orders", sa.Column("paid", sa.Boolean(), server_default=sa.false(), nullable=False))',
          '    op.add_column("orders", sa.Column("note", sa.Text()))',
          '    op.add_column("orders", sa.Column("ref", sa.Text(), nullable=True))',
          '    with op.batch_alter_table("orders") as batch_op:',
          '        batch_op.add_column(sa.Column("currency", sa.String(3), nullable=False))',
        ].join('\n'),
      ),
    });
    const findings = checkCatalog(rule, await loadSqlalchemy(root));
    expect(findings.map(file)).toEqual(['b2_columns.py:10', 'b2_columns.py:11', 'b2_columns.py:16']);
    expect(findings.map((f) => f.columns.join())).toEqual(['total', 'status', 'currency']);
    expect(findings[0].message).toContain('server_default=');
    expect(findings[0].message).toContain('PostgreSQL refuses it');
  });

  it('leaves the saas fixture alone (its NOT NULL column has a server_default)', async () => {
    expect(checkCatalog(rule, await loadSaas())).toEqual([]);
  });
});

const laravelMigration = (up: string) => `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
${up}
    }

    public function down(): void
    {
        Schema::dropIfExists('orders');
    }
};
`;

describe('migrations/add-not-null-column-without-default: Laravel', () => {
  const migrations = {
    '2024_01_01_000000_create_orders_table': laravelMigration(
      ["        Schema::create('orders', function (Blueprint $table) {", '            $table->id();', "            $table->string('code');", '        });'].join('\n'),
    ),
    '2024_02_01_000000_add_columns_to_orders_table': laravelMigration(
      [
        "        Schema::table('orders', function (Blueprint $table) {",
        "            $table->integer('total');",
        "            $table->foreignId('customer_id')->constrained();",
        "            $table->string('status')->default('new');",
        "            $table->text('note')->nullable();",
        "            $table->timestamp('placed_at')->useCurrent();",
        "            $table->string('code_upper')->storedAs('upper(code)');",
        '        });',
      ].join('\n'),
    ),
  };

  it('flags columns Schema::table adds without ->nullable() or ->default(), on PostgreSQL', async () => {
    const { catalog } = await loadLaravelProject(migrations, {}, { connection: 'pgsql' });
    const findings = checkCatalog(rule, catalog);
    expect(findings.map(file)).toEqual(['2024_02_01_000000_add_columns_to_orders_table.php:12', '2024_02_01_000000_add_columns_to_orders_table.php:13']);
    expect(findings.map((f) => f.columns.join())).toEqual(['total', 'customer_id']);
    expect(findings[0].severity).toBe('high');
    expect(findings[0].message).toContain('->nullable(), backfill it');
  });

  it('says MySQL fills zero values instead of failing (medium), and leaves Schema::create columns alone', async () => {
    const { catalog } = await loadLaravelProject(migrations, {}, { connection: 'mysql' });
    const findings = checkCatalog(rule, catalog);
    expect(findings.map((f) => f.columns.join())).toEqual(['total', 'customer_id']);
    expect(findings[0].severity).toBe('medium');
    expect(findings[0].message).toContain('implicit value');
    expect(checkCatalog(rule, await loadBooking())).toEqual([]);
  });

  it('produces nothing on a DDL catalog', async () => {
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY);\nALTER TABLE t ADD COLUMN a int NOT NULL;'))).toEqual([]);
  });
});
