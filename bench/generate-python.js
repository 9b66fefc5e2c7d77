// Realistic Python projects at the scale real teams have, for tests and `npm run bench`:
// - generateDjangoProject: dozens of apps, hundreds of migrations with cross-app dependencies, squashed
//   migrations (beside their originals in one app, instead of them in another), a custom field class, models
//   split into packages, Python 3.12 syntax, and a field built in a loop (which cannot be read statically).
// - generateAlembicProject: a long revision chain with branches and merges, batch ops and op.execute.
// Both return what they wrote, so tests can assert the counts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pad = (n) => String(n).padStart(4, '0');

function write(file, text) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

/**
 * A Django project of `apps` apps (`app_00`…), each with `migrationsPerApp` migrations (at least 4).
 * Each app has a model `Account` (created in 0001, with a MoneyField) and one `Entry<k>` model per later
 * create migration; AddField / AlterField / RunPython / RunSQL fill the others.
 * App 0 also holds `core/fields.py`'s MoneyField. App 1 has a squashed 0001_squashed_0003 beside its originals;
 * app 2 has only its squashed migration (originals deleted).
 */
export function generateDjangoProject(dir, { apps = 30, migrationsPerApp = 10 } = {}) {
  const perApp = Math.max(4, migrationsPerApp);
  const tables = [];
  const moneyColumns = [];
  const loopFields = [];
  let migrationFiles = 0;
  write(join(dir, 'manage.py'), `#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n`);
  const appNames = Array.from({ length: apps }, (_, i) => `app_${String(i).padStart(2, '0')}`);
  write(
    join(dir, 'project', 'settings.py'),
    `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = "not-a-secret"\nDEBUG = False\nUSE_TZ = True\nDEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"\n\nINSTALLED_APPS = [\n    "django.contrib.contenttypes",\n    "django.contrib.auth",\n    "core",\n${appNames.map((a) => `    "${a}",`).join('\n')}\n]\n\nDATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "bench",\n    }\n}\n`,
  );
  write(join(dir, 'project', '__init__.py'), '');
  // core: the custom field class, no models of its own.
  write(join(dir, 'core', '__init__.py'), '');
  write(join(dir, 'core', 'apps.py'), `from django.apps import AppConfig\n\n\nclass CoreConfig(AppConfig):\n    name = "core"\n`);
  write(
    join(dir, 'core', 'fields.py'),
    `from decimal import Decimal\n\nfrom django.db import models\n\n\nclass MoneyField(models.DecimalField):\n    """Amounts of money: 12 digits, 2 after the point, never a float."""\n\n    def __init__(self, *args, **kwargs):\n        kwargs.setdefault("max_digits", 12)\n        kwargs.setdefault("decimal_places", 2)\n        super().__init__(*args, **kwargs)\n\n    def from_db_value(self, value, expression, connection):\n        return value if value is None else Decimal(value)\n`,
  );

  appNames.forEach((app, a) => {
    const base = join(dir, app);
    write(join(base, '__init__.py'), '');
    write(join(base, 'apps.py'), `from django.apps import AppConfig\n\n\nclass ${camel(app)}Config(AppConfig):\n    default_auto_field = "django.db.models.BigAutoField"\n    name = "${app}"\n`);
    // Migrations: 0001 creates Account; 2k creates Entry<k>; others add/alter fields or run code.
    const entries = [];
    const mig = [];
    for (let i = 1; i <= perApp; i++) {
      const name = i === 1 ? '0001_initial' : `${pad(i)}_${i % 4 === 2 ? 'entry' : i % 4 === 3 ? 'add_note' : i % 4 === 0 ? 'alter_note' : 'data'}_${i}`;
      mig.push(name);
    }
    const deps = (i) => {
      const d = i === 1 ? [] : [`("${app}", "${mig[i - 2]}")`];
      // Every app after the first depends on the previous app's initial migration (a foreign key to it).
      if (i === 1 && a > 0) d.push(`("${appNames[a - 1]}", "0001_initial")`);
      if (i === 1) d.push('migrations.swappable_dependency(settings.AUTH_USER_MODEL)');
      return d;
    };
    const ops = (i) => {
      if (i === 1) {
        const fk = a > 0 ? `\n                ("parent", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="${appNames[a - 1]}.account")),` : '';
        return `        migrations.CreateModel(\n            name="Account",\n            fields=[\n                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),\n                ("name", models.CharField(max_length=200)),\n                ("balance", core.fields.MoneyField(decimal_places=2, default=0, max_digits=12)),\n                ("created_at", models.DateTimeField(auto_now_add=True)),${fk}\n            ],\n            options={"ordering": ["name"]},\n        ),`;
      }
      if (i % 4 === 2) {
        const k = i;
        entries.push(k);
        return `        migrations.CreateModel(\n            name="Entry${k}",\n            fields=[\n                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),\n                ("title", models.CharField(max_length=120)),\n                ("amount", core.fields.MoneyField(decimal_places=2, max_digits=12)),\n                ("account", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="entries_${k}", to="${app}.account")),\n            ],\n        ),\n        migrations.AddIndex(\n            model_name="entry${k}",\n            index=models.Index(fields=["title"], name="${app}_e${k}_title_idx"),\n        ),`;
      }
      if (i % 4 === 3) {
        const k = i - 1;
        return `        migrations.AddField(\n            model_name="entry${k}",\n            name="note",\n            field=models.CharField(blank=True, default="", max_length=50),\n            preserve_default=False,\n        ),`;
      }
      if (i % 4 === 0) {
        const k = i - 2;
        return `        migrations.AlterField(\n            model_name="entry${k}",\n            name="note",\n            field=models.TextField(blank=True, default=""),\n        ),\n        migrations.RunSQL(\n            sql="CREATE INDEX ${app}_entry${k}_note_idx ON ${app}_entry${k} (note);",\n            reverse_sql="DROP INDEX ${app}_entry${k}_note_idx;",\n        ),`;
      }
      return `        migrations.RunPython(backfill, migrations.RunPython.noop),`;
    };
    const migrationText = (i, extra = '') =>
      `# Generated by Django 5.1 on 2024-01-01 00:00\n\nimport django.db.models.deletion\nfrom django.conf import settings\nfrom django.db import migrations, models\n\nimport core.fields\n\n\ndef backfill(apps, schema_editor):\n    Account = apps.get_model("${app}", "Account")\n    for account in Account.objects.filter(name=""):\n        account.name = f"account {account.pk}"\n        account.save(update_fields=["name"])\n\n\nclass Migration(migrations.Migration):\n${extra}\n    dependencies = [\n${deps(i).map((d) => `        ${d},`).join('\n')}\n    ]\n\n    operations = [\n${ops(i)}\n    ]\n`;
    const texts = [];
    for (let i = 1; i <= perApp; i++) texts.push(migrationText(i));
    // Squashed 0001..0003: app 1 keeps its originals, app 2 has only the squash.
    const squash = a === 1 || a === 2;
    const squashName = `0001_squashed_0003_${mig[2].slice(5)}`;
    const squashText = () => {
      const body = [1, 2, 3].map((i) => ops(i)).join('\n');
      const d = deps(1);
      return `# Generated by Django 5.1 on 2024-02-01 00:00\n\nimport django.db.models.deletion\nfrom django.conf import settings\nfrom django.db import migrations, models\n\nimport core.fields\n\n\nclass Migration(migrations.Migration):\n\n    replaces = [\n${[0, 1, 2].map((i) => `        ("${app}", "${mig[i]}"),`).join('\n')}\n    ]\n\n    initial = True\n\n    dependencies = [\n${d.map((x) => `        ${x},`).join('\n')}\n    ]\n\n    operations = [\n${body}\n    ]\n`;
    };
    for (let i = 1; i <= perApp; i++) {
      if (a === 2 && i <= 3) continue;
      let text = texts[i - 1];
      if (a === 2 && i === 4) text = text.replace(`("${app}", "${mig[2]}")`, `("${app}", "${squashName}")`);
      write(join(base, 'migrations', `${mig[i - 1]}.py`), text);
      migrationFiles++;
    }
    if (squash) {
      write(join(base, 'migrations', `${squashName}.py`), squashText());
      migrationFiles++;
    }
    write(join(base, 'migrations', '__init__.py'), '');
    const uniqueEntries = [...new Set(entries)];
    tables.push(`${app}_account`, ...uniqueEntries.map((k) => `${app}_entry${k}`));
    moneyColumns.push(`${app}_account.balance`, ...uniqueEntries.map((k) => `${app}_entry${k}.amount`));

    // models/ package: __init__ re-exports split modules.
    const last = perApp;
    const noteType = (k) => {
      // note added at k+1, altered to TextField at k+2 when that migration exists
      if (k + 2 <= last) return 'models.TextField(blank=True, default="")';
      if (k + 1 <= last) return 'models.CharField(blank=True, default="", max_length=50)';
      return undefined;
    };
    write(
      join(base, 'models', '__init__.py'),
      `from .accounts import Account\nfrom .entries import ${uniqueEntries.map((k) => `Entry${k}`).join(', ')}\n\n__all__ = ["Account", ${uniqueEntries.map((k) => `"Entry${k}"`).join(', ')}]\n`,
    );
    const parentFk = a > 0 ? `    parent = models.ForeignKey("${appNames[a - 1]}.Account", null=True, on_delete=models.SET_NULL)\n` : '';
    write(
      join(base, 'models', 'accounts.py'),
      `from __future__ import annotations\n\nfrom django.db import models\n\nfrom core.fields import MoneyField\n\ntype AccountId = int\ntype Pair[T] = tuple[T, T]\n\n\ndef first[T](items: list[T]) -> T | None:\n    return items[0] if items else None\n\n\nclass Account(models.Model):\n    name = models.CharField(max_length=200)\n    balance = MoneyField(default=0)\n    created_at = models.DateTimeField(auto_now_add=True)\n${parentFk}\n    class Meta:\n        ordering = ["name"]\n\n    def __str__(self) -> str:\n        return f"{self.name} ({self.balance:.2f} {"EUR"})"\n\n    def label(self) -> str:\n        match self.balance:\n            case 0:\n                return "empty"\n            case b if b < 0:\n                return f'overdrawn by {-b} {"EUR"!r}'\n            case _:\n                return f"{self.name!s:>{20}}"\n`,
    );
    loopFields.push(`${app}/models/entries.py`);
    write(
      join(base, 'models', 'entries.py'),
      `from django.db import models\n\nfrom core.fields import MoneyField\n\nfrom .accounts import Account\n\n\nclass BaseEntry[T](models.Model):\n    title = models.CharField(max_length=120)\n    amount = MoneyField()\n\n    class Meta:\n        abstract = True\n\n    def pick[U: (int, str)](self, value: U) -> U:\n        return value\n\n\n${uniqueEntries
        .map((k) => {
          const nt = noteType(k);
          return `class Entry${k}(BaseEntry):\n    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="entries_${k}")\n${nt ? `    note = ${nt}\n` : ''}\n    class Meta:\n        indexes = [models.Index(fields=["title"], name="${app}_e${k}_title_idx")]\n`;
        })
        .join('\n\n')}\n\nclass Flags(models.Model):\n    """Built in a loop: not readable without running Python (and no migration creates it)."""\n\n    for flag in ["is_active", "is_archived", "is_hidden"]:\n        locals()[flag] = models.BooleanField(default=False)\n\n    class Meta:\n        managed = False\n\n\nfor _name in ["extra_a", "extra_b"]:\n    setattr(Account, _name, models.CharField(max_length=10, blank=True))\n`,
    );
  });
  return { tables: tables.sort(), moneyColumns: moneyColumns.sort(), migrationFiles, loopFields, apps: appNames };
}

function camel(s) {
  return s.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase());
}

/**
 * An Alembic project of `revisions` revisions: a linear chain with a branch (two heads) every 50 revisions,
 * merged by the next; a table created every other revision, others add columns with batch ops or run SQL.
 */
export function generateAlembicProject(dir, { revisions = 200 } = {}) {
  write(
    join(dir, 'alembic.ini'),
    `[alembic]\nscript_location = migrations\nprepend_sys_path = .\nsqlalchemy.url = postgresql+psycopg://app@localhost/app\n\n[loggers]\nkeys = root\n\n[logger_root]\nlevel = WARN\nhandlers =\n`,
  );
  write(
    join(dir, 'migrations', 'env.py'),
    `from logging.config import fileConfig\n\nfrom alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\nconfig = context.config\nif config.config_file_name is not None:\n    fileConfig(config.config_file_name)\ntarget_metadata = None\n\n\ndef run_migrations_online() -> None:\n    connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)\n    with connectable.connect() as connection:\n        context.configure(connection=connection, target_metadata=target_metadata)\n        with context.begin_transaction():\n            context.run_migrations()\n\n\nrun_migrations_online()\n`,
  );
  write(join(dir, 'migrations', 'script.py.mako'), '"""${message}"""\n');
  const tables = [];
  const id = (i) => `r${String(i).padStart(4, '0')}abcdef`;
  let prev = [undefined];
  let created = 0;
  for (let i = 0; i < revisions; i++) {
    let down;
    let body;
    if (i > 0 && i % 50 === 48 && i + 2 < revisions) {
      // i and i+1 both branch off i-1
      down = prev[0];
    } else if (i > 0 && i % 50 === 49 && i + 1 < revisions) {
      down = prev[0];
    } else if (i > 0 && i % 50 === 0 && prev.length > 1) {
      down = prev;
    } else down = prev[0];
    const table = `table_${created}`;
    if (i % 50 === 0 && Array.isArray(down) && i > 0) {
      body = `    pass`;
    } else if (i % 2 === 0 || created === 0) {
      tables.push(table);
      created++;
      const fk = created > 1 ? `        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("table_${created - 2}.id", ondelete="CASCADE"), nullable=True),\n` : '';
      body = `    op.create_table(\n        "${table}",\n        sa.Column("id", sa.Integer(), primary_key=True),\n        sa.Column("name", sa.String(length=100), nullable=False),\n        sa.Column("price", sa.Numeric(10, 2), nullable=False, server_default="0"),\n${fk}        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),\n    )\n    op.create_index("ix_${table}_name", "${table}", ["name"], unique=False)`;
    } else if (i % 6 === 1) {
      const t = `table_${created - 1}`;
      body = `    with op.batch_alter_table("${t}", schema=None) as batch_op:\n        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))\n        batch_op.create_index(batch_op.f("ix_${t}_status"), ["status"], unique=False)`;
    } else if (i % 6 === 3) {
      const t = `table_${created - 1}`;
      body = `    op.add_column("${t}", sa.Column("meta", postgresql.JSONB(astext_type=sa.Text()), nullable=True))\n    op.execute("UPDATE ${t} SET meta = '{}'::jsonb WHERE meta IS NULL")`;
    } else {
      const t = `table_${created - 1}`;
      body = `    op.execute(sa.text("CREATE INDEX ix_${t}_created ON ${t} (created_at)"))\n    op.alter_column("${t}", "name", existing_type=sa.String(length=100), type_=sa.String(length=200))`;
    }
    const downStr = down === undefined ? 'None' : Array.isArray(down) ? `(${down.map((d) => `"${d}"`).join(', ')})` : `"${down}"`;
    write(
      join(dir, 'migrations', 'versions', `${id(i)}_rev_${i}.py`),
      `"""revision ${i}\n\nRevision ID: ${id(i)}\nRevises: ${Array.isArray(down) ? down.join(', ') : down ?? ''}\nCreate Date: 2024-01-01 00:00:00\n\n"""\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision: str = "${id(i)}"\ndown_revision: Union[str, Sequence[str], None] = ${downStr}\nbranch_labels: Union[str, Sequence[str], None] = None\ndepends_on: Union[str, Sequence[str], None] = None\n\n\ndef upgrade() -> None:\n${body}\n\n\ndef downgrade() -> None:\n    pass\n`,
    );
    if (i > 0 && i % 50 === 48 && i + 2 < revisions) prev = [prev[0]];
    // After i (first branch tip) and i+1 (second tip): the heads are both.
    if (i > 0 && i % 50 === 48 && i + 2 < revisions) prev = [prev[0], id(i)];
    else if (i > 0 && i % 50 === 49 && i + 1 < revisions && prev.length === 2) prev = [prev[1], id(i)];
    else prev = [id(i)];
  }
  return { tables: tables.sort(), revisions, merges: Math.max(0, Math.floor((revisions - 1) / 50)) };
}
