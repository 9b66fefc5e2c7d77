// Throwaway projects: the operations and failure modes the helpdesk fixture does not show.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { djangoIndexName, loadDjango } from '../../../src/sources/django/index.js';
import { column, loadProject, migration, table } from './helpers.js';

const CREATE_A = `        migrations.CreateModel(
            name="Shop",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=80)),
                ("code", models.CharField(max_length=10)),
            ],
        ),`;

describe('Django source: replay details', () => {
  it('uses Django\'s index names (md5 digest, shortened to 63 characters)', () => {
    expect(djangoIndexName('tickets_ticket', ['customer_id'])).toMatch(/^tickets_ticket_customer_id_[0-9a-f]{8}$/);
    const long = djangoIndexName('tickets_ticketattachment', ['uploaded_by_id'], '_fk_accounts_user_id');
    expect(long.length).toBeLessThanOrEqual(63);
  });

  it('replays RenameModel, AlterUniqueTogether, AlterModelTable, SeparateDatabaseAndState; AutoField keys are integer', async () => {
    const { catalog: c } = await loadProject({
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration('', CREATE_A, '    initial = True\n'),
      'shop/migrations/0002_more.py': migration(
        '("shop", "0001_initial")',
        `        migrations.RenameModel(old_name="Shop", new_name="Store"),
        migrations.AlterUniqueTogether(name="store", unique_together={("name", "code")}),
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("store", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.store")),
                ("qty", models.PositiveSmallIntegerField()),
            ],
            options={"db_table": "shop_items"},
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(model_name="item", name="note", field=models.TextField(null=True)),
            ],
            state_operations=[],
        ),
        migrations.AlterModelTable(name="store", table="stores"),`,
      ),
    });
    const store = table(c, 'stores');
    expect(store.uniques[0].columns).toEqual(['name', 'code']);
    expect(column(c, 'stores', 'id')).toMatchObject({ dataType: 'integer', identity: 'by default' });
    expect(column(c, 'shop_items', 'store_id').dataType).toBe('integer');
    expect(table(c, 'shop_items').foreignKeys[0].refTable).toBe('stores');
    expect(column(c, 'shop_items', 'note').nullable).toBe(true);
    expect(table(c, 'shop_items').checks[0].expression).toBe('(qty >= 0)');
    expect(c.warnings.filter((w) => !w.note)).toEqual([]);
  });

  it('notes two leaf migrations in one app as a conflict', async () => {
    const { catalog: c } = await loadProject({
      'shop/migrations/0001_initial.py': migration('', CREATE_A),
      'shop/migrations/0002_a.py': migration('("shop", "0001_initial")', '        migrations.AddField(model_name="shop", name="a", field=models.IntegerField(null=True)),'),
      'shop/migrations/0002_b.py': migration('("shop", "0001_initial")', '        migrations.AddField(model_name="shop", name="b", field=models.IntegerField(null=True)),'),
    });
    expect(c.migrations!.heads.sort()).toEqual(['shop.0002_a', 'shop.0002_b']);
    const note = c.app!.notes.find((n) => n.kind === 'migration-conflict')!;
    expect(note.message).toContain('0002_a, 0002_b');
    expect(note.origin).toMatchObject({ line: 5 });
  });

  it('warns with file:line on unknown operations, unknown field types, unparsable RunSQL and syntax errors, and loads the rest', async () => {
    const { catalog: c } = await loadProject({
      'shop/migrations/0001_initial.py': migration(
        '',
        `${CREATE_A}
        migrations.AddField(model_name="shop", name="geo", field=fancy.fields.GeoPointField()),
        migrations.FrobnicateModel(name="shop"),
        migrations.RunSQL("CREATE INDEX ON WHAT"),
        migrations.RunSQL("UPDATE shop_shop SET name = upper(name)"),`,
      ),
      'shop/models.py': 'from django.db import models\n\nclass Shop(models.Model:\n    name = models.CharField(max_length=80)\n',
    });
    const codes = c.warnings.filter((w) => !w.note).map((w) => `${w.code}@${w.origin && 'line' in w.origin ? w.origin.line : '-'}`);
    expect(codes).toEqual(expect.arrayContaining(['django-unknown-operation@19', 'django-runsql-unparsed@20', 'django-unknown-field-type@18', 'django-syntax-error@3']));
    expect(column(c, 'shop_shop', 'geo').family).toBe('other');
    expect(column(c, 'shop_shop', 'name').dataType).toBe('character varying(80)');
  });

  it('builds the schema from models.py when there are no migrations (implicit id from apps.py default_auto_field)', async () => {
    const { catalog: c } = await loadProject({
      'blog/apps.py': 'from django.apps import AppConfig\n\nclass BlogConfig(AppConfig):\n    default_auto_field = "django.db.models.AutoField"\n    name = "blog"\n',
      'blog/models.py': `from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=120)
    tags = models.ManyToManyField("Tag", related_name="posts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["title"], condition=models.Q(is_draft=False), name="uniq_published_title"),
        ]


class Tag(models.Model):
    name = models.SlugField(unique=True)
`,
    });
    expect(column(c, 'blog_post', 'id')).toMatchObject({ dataType: 'integer', identity: 'by default' });
    expect(table(c, 'blog_post').indexes.find((i) => i.name === 'uniq_published_title')).toMatchObject({ unique: true, predicate: 'is_draft = false' });
    expect(table(c, 'blog_post_tags').columns.map((x) => x.name)).toEqual(['id', 'post_id', 'tag_id']);
    expect(c.migrations).toBeUndefined();
    expect(c.warnings.some((w) => w.code === 'django-no-migrations' && w.note)).toBe(true);
  });

  it('refuses a folder that is not a Django project with one line', async () => {
    await expect(loadDjango('/nonexistent/place')).rejects.toThrow(UsageError);
    await expect(loadProject({ 'README.md': 'hi' })).rejects.toThrow(/not a Django project/);
  });
});
