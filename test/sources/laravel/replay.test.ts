// Replay semantics on small throwaway projects: connections and dialects, what ->change() keeps, guards, loops,
// helper methods, renames and drops, and every place the source must say it could not read something.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { runRules } from '../../../src/rules/engine.js';
import { resolveConfig } from '../../../src/config.js';
import { allRules } from '../../../src/rules/index.js';
import { loadLaravel, parseDotenv, plural, tableForModel } from '../../../src/sources/laravel/index.js';
import { column, loadProject, migration, project, table } from './helpers.js';

/** Line of the k-th line (1-based) of an up() body written with migration(). */
const up = (k: number) => 10 + k;
const line = (o: { origin: unknown }) => (o.origin as { line: number }).line;

const companies = `        Schema::create('companies', function (Blueprint $table) {
            $table->id();
            $table->string('name');
            $table->boolean('active')->default(true);
            $table->uuid('public_id')->unique();
            $table->enum('plan', ['free', 'pro'])->default('free');
            $table->timestamps();
        });
        Schema::create('projects', function (Blueprint $table) {
            $table->id();
            $table->foreignId('company_id')->constrained()->cascadeOnDelete();
            $table->string('title', 120);
        });`;

describe('Laravel source: connections and dialects', () => {
  it('replays for PostgreSQL when .env says pgsql', async () => {
    const { catalog } = await loadProject({ '2024_01_01_000000_create_companies': companies }, { '.env': 'DB_CONNECTION=pgsql\n' });
    expect(catalog.source.dialect).toBe('postgres');
    expect(catalog.schemas).toEqual(['public']);
    const t = table(catalog, 'companies');
    expect(t.schema).toBe('public');
    expect(t.engine).toBeUndefined();
    const c = (n: string) => {
      const x = column(catalog, 'companies', n);
      return [x.dataType, x.family, x.default];
    };
    expect(c('id')).toEqual(['bigint', 'bigint', "nextval('companies_id_seq'::regclass)"]);
    expect(c('name')).toEqual(['character varying(255)', 'varchar', undefined]);
    expect(c('active')).toEqual(['boolean', 'boolean', 'true']);
    expect(c('public_id')).toEqual(['uuid', 'uuid', undefined]);
    expect(c('plan')).toEqual(['character varying(255)', 'varchar', "'free'"]);
    expect(c('created_at')).toEqual(['timestamp(0) without time zone', 'timestamp', undefined]);
    expect(t.checks).toEqual([{ name: 'companies_plan_check', expression: `"plan" in ('free', 'pro')`, columns: ['plan'], validated: true, origin: column(catalog, 'companies', 'plan').origin }]);
    expect(t.primaryKey?.name).toBe('companies_pkey');
    expect(t.uniques.map((u) => u.name)).toEqual(['companies_public_id_unique']);
    // PostgreSQL indexes no foreign key by itself
    expect(table(catalog, 'projects').indexes.map((i) => i.name)).toEqual(['projects_pkey']);
    expect(table(catalog, 'projects').foreignKeys[0]).toMatchObject({ refSchema: 'public', refTable: 'companies' });
  });

  it('replays for SQLite when config/database.php defaults to it and no .env says otherwise', async () => {
    const config = `<?php\nreturn [\n    'default' => env('DB_CONNECTION', 'sqlite'),\n    'connections' => [],\n];\n`;
    const { catalog } = await loadProject({ '2024_01_01_000000_create_companies': companies }, { 'config/database.php': config });
    expect(catalog.source.dialect).toBe('sqlite');
    expect(column(catalog, 'companies', 'id')).toMatchObject({ dataType: 'integer', autoIncrement: true });
    expect(column(catalog, 'companies', 'created_at')).toMatchObject({ dataType: 'datetime', family: 'timestamp' });
    const note = catalog.app!.notes.find((n) => n.kind === 'connection')!;
    expect(note.origin).toMatchObject({ line: 3 });
    expect(note.message).toContain('config/database.php defaults to it');
  });

  it('resolves a custom connection name through config/database.php, and falls back to .env.example', async () => {
    const config = `<?php\nreturn [\n    'default' => env('DB_CONNECTION', 'mysql'),\n    'connections' => [\n        'tenant' => ['driver' => 'pgsql', 'database' => 'x'],\n    ],\n];\n`;
    const { catalog } = await loadProject({ '2024_01_01_000000_create_companies': companies }, { 'config/database.php': config, '.env.example': '# sample\nDB_CONNECTION=tenant\n' });
    expect(catalog.source.dialect).toBe('postgres');
    expect(catalog.app!.notes[0]).toMatchObject({ kind: 'connection', origin: { line: 2 } });
  });

  it('uses MariaDB’s native uuid type for the mariadb driver, and the driver given as an option over .env', async () => {
    const mariadb = await loadProject({ '2024_01_01_000000_create_companies': companies }, { '.env': 'DB_CONNECTION=mariadb' });
    expect(mariadb.catalog.source.dialect).toBe('mysql');
    expect(column(mariadb.catalog, 'companies', 'public_id')).toMatchObject({ dataType: 'uuid', family: 'uuid' });
    const forced = await loadProject({ '2024_01_01_000000_create_companies': companies }, { '.env': 'DB_CONNECTION=mariadb' }, { connection: 'mysql' });
    expect(column(forced.catalog, 'companies', 'public_id')).toMatchObject({ dataType: 'char(36)', family: 'uuid' });
  });

  it('defaults to MySQL with no .env and no config, and warns about a connection it cannot place', async () => {
    const none = await loadProject({ '2024_01_01_000000_create_companies': companies });
    expect(none.catalog.source.dialect).toBe('mysql');
    expect(none.catalog.app!.notes.some((n) => n.kind === 'connection')).toBe(false);
    const odd = await loadProject({ '2024_01_01_000000_create_companies': companies }, { '.env': 'DB_CONNECTION=oracle' });
    expect(odd.catalog.warnings.map((w) => w.code)).toEqual(['laravel-unknown-connection']);
  });

  it('reads .env as dotenv: comments, export, quotes', () => {
    const env = parseDotenv('# c\nexport DB_CONNECTION="pgsql" # inline\nDB_DATABASE=app # x\nEMPTY=\n');
    expect(env.get('DB_CONNECTION')).toEqual({ value: 'pgsql', line: 2 });
    expect(env.get('DB_DATABASE')?.value).toBe('app');
    expect(env.get('EMPTY')?.value).toBe('');
  });
});

describe('Laravel source: ->change()', () => {
  const migrations = {
    '2024_01_01_000000_create_notes': `        Schema::create('notes', function (Blueprint $table) {
            $table->id();
            $table->string('title')->nullable()->default('untitled');
        });`,
    '2024_01_02_000000_widen_notes': `        Schema::table('notes', function (Blueprint $table) {
            $table->string('title', 500)->change();
        });`,
  };
  it('Laravel 11+: attributes the change does not restate are dropped', async () => {
    const { catalog } = await loadProject(migrations, { 'composer.json': '{"require": {"laravel/framework": "^11.0"}}' });
    expect(column(catalog, 'notes', 'title')).toMatchObject({ dataType: 'varchar(500)', nullable: false });
    expect(column(catalog, 'notes', 'title').default).toBeUndefined();
    expect(line(column(catalog, 'notes', 'title'))).toBe(up(2));
  });
  it('Laravel 10 (doctrine/dbal): they are kept', async () => {
    const { catalog } = await loadProject(migrations, { 'composer.json': '{"require": {"laravel/framework": "^10.10"}}' });
    expect(column(catalog, 'notes', 'title')).toMatchObject({ dataType: 'varchar(500)', nullable: true, default: "'untitled'" });
  });
});

describe('Laravel source: control flow in up()', () => {
  it('answers Schema::hasTable / hasColumn as a fresh migrate would, taking else branches and early returns', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_a': `        Schema::create('a', function (Blueprint $table) { $table->id(); });`,
      '2024_01_02_000000_b': `        if (! Schema::hasTable('a')) {
            Schema::create('a', function (Blueprint $table) { $table->id(); $table->string('dup'); });
        } else {
            Schema::table('a', function (Blueprint $table) { $table->string('added'); });
        }
        if (Schema::hasColumn('a', 'added') && ! Schema::hasColumn('a', 'other')) {
            Schema::table('a', function (Blueprint $table) { $table->string('other'); });
        }`,
      '2024_01_03_000000_c': `        if (Schema::hasTable('a')) {
            return;
        }
        Schema::create('never', function (Blueprint $table) { $table->id(); });`,
    });
    expect(table(catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'added', 'other']);
    expect(catalog.tables.map((t) => t.name)).toEqual(['a']);
    const guards = catalog.app!.notes.filter((n) => n.kind === 'guarded-migration');
    expect(guards).toHaveLength(3);
    expect(guards[0].message).toContain('it is false, so the else branch (if any) is replayed');
    expect(catalog.warnings).toEqual([]);
  });

  it('inside a closure, hasColumn sees the table as it was before the closure', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_a': `        Schema::create('a', function (Blueprint $table) {
            $table->id();
            $table->string('x');
            if (! Schema::hasColumn('a', 'x')) {
                $table->string('y');
            }
        });`,
    });
    expect(table(catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'x', 'y']);
  });

  it('runs a foreach over a literal list (or a literal property) once per value, inlines $this->helper(), follows Schema::connection()', async () => {
    const file = `<?php
return new class extends Migration {
    private array $extra = ['notes'];

    public function up(): void
    {
        foreach ($this->extra as $t) {
            Schema::create($t, fn (Blueprint $table) => $table->id());
        }
        foreach (['tags', 'labels'] as $name) {
            Schema::create($name, function (Blueprint $table) {
                $table->id();
            });
        }
        $this->addSlug('tags');
        Schema::connection('mysql')->create('logs', fn (Blueprint $t) => $t->id());
    }

    private function addSlug(string $t): void
    {
        Schema::table('tags', function (Blueprint $table) {
            $table->string('slug')->unique();
        });
    }
};
`;
    const { catalog } = await loadProject({ '2024_01_01_000000_loop': file });
    expect(catalog.tables.map((t) => t.name)).toEqual(['notes', 'tags', 'labels', 'logs']);
    expect(table(catalog, 'tags').columns.map((c) => c.name)).toEqual(['id', 'slug']);
    expect(line(column(catalog, 'tags', 'slug'))).toBe(22);
    expect(catalog.warnings).toEqual([]);
  });

  it('replays the first branch of a condition it cannot answer, and says so without calling the review incomplete', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_a': `        Schema::create('a', function (Blueprint $table) { $table->id(); });
        if (config('features.billing')) {
            Schema::table('a', function (Blueprint $table) { $table->string('plan'); });
        } else {
            Schema::table('a', function (Blueprint $table) { $table->string('free'); });
        }
        DB::statement("UPDATE a SET plan = 'free'");
        DB::statement('CREATE INDEX a_plan ON a (plan)');`,
    });
    expect(table(catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'plan']);
    // the raw CREATE INDEX is replayed (MySQL connection), the UPDATE changes no schema
    expect(catalog.warnings.map((w) => [w.code, line(w as { origin: unknown }), !!w.note])).toEqual([['laravel-condition-assumed', up(2), true]]);
    expect(table(catalog, 'a').indexes.map((i) => i.name)).toEqual(['PRIMARY', 'a_plan']);
    expect(catalog.app!.notes.filter((n) => n.kind === 'raw-sql').map((n) => line(n))).toEqual([up(7), up(8)]);
    expect(catalog.migrations!.nodes[0].operations.filter((o) => o.kind === 'run-sql').map((o) => o.table)).toEqual(['a', 'a']);
  });

  it('answers driver checks for the connection in use', async () => {
    const body = `        Schema::create('a', function (Blueprint $table) { $table->id(); });
        if (DB::connection()->getDriverName() === 'sqlite') {
            Schema::table('a', function (Blueprint $table) { $table->string('lite'); });
        } elseif (in_array(DB::getDriverName(), ['mysql', 'mariadb'])) {
            Schema::table('a', function (Blueprint $table) { $table->string('my'); });
        }`;
    const mysqlRun = await loadProject({ '2024_01_01_000000_a': body });
    expect(table(mysqlRun.catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'my']);
    const sqliteRun = await loadProject({ '2024_01_01_000000_a': body }, {}, { connection: 'sqlite' });
    expect(table(sqliteRun.catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'lite']);
  });
});

describe('Laravel source: renames and drops', () => {
  it('renames tables (foreign keys follow), indexes and columns; drops keys, morphs, timestamps and constrained ids', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_create': `        Schema::create('teams', function (Blueprint $table) {
            $table->id();
        });
        Schema::create('members', function (Blueprint $table) {
            $table->id();
            $table->foreignId('team_id')->constrained()->cascadeOnDelete();
            $table->foreignIdFor(User::class)->nullable();
            $table->string('email');
            $table->string('nick');
            $table->morphs('owner');
            $table->timestamps();
            $table->softDeletes();
            $table->unique(['team_id', 'email', 'nick']);
            $table->index(['email', 'nick'], 'members_lookup');
        });`,
      '2024_01_02_000000_alter': `        Schema::rename('teams', 'squads');
        Schema::table('members', function (Blueprint $table) {
            $table->renameColumn('nick', 'handle');
            $table->renameIndex('members_lookup', 'members_contact_index');
            $table->dropColumn('email');
            $table->dropMorphs('owner');
            $table->dropTimestamps();
            $table->dropSoftDeletes();
            $table->dropConstrainedForeignId('team_id');
            $table->dropColumn('user_id');
        });`,
    });
    expect(catalog.tables.map((t) => t.name)).toEqual(['squads', 'members']);
    const m = table(catalog, 'members');
    expect(m.columns.map((c) => c.name)).toEqual(['id', 'handle']);
    expect(m.foreignKeys).toEqual([]);
    // a dropped column leaves the indexes it was part of, as in MySQL; an index left with no column goes
    expect(m.indexes.map((i) => `${i.name}(${i.columns.join(',')})`)).toEqual([
      'PRIMARY(id)',
      'members_team_id_email_nick_unique(handle)',
      'members_contact_index(handle)',
    ]);
    expect(catalog.warnings).toEqual([]);
  });

  it('keeps foreign keys pointing at a renamed table', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_create': `        Schema::create('teams', function (Blueprint $table) { $table->id(); });
        Schema::create('members', function (Blueprint $table) {
            $table->id();
            $table->foreignId('team_id')->constrained();
        });
        Schema::rename('teams', 'squads');`,
    });
    expect(table(catalog, 'members').foreignKeys[0]).toMatchObject({ name: 'members_team_id_foreign', refTable: 'squads' });
  });

  it('drops foreign keys, uniques and the primary key by name or by columns', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_create': `        Schema::create('a', function (Blueprint $table) { $table->id(); });
        Schema::create('b', function (Blueprint $table) {
            $table->unsignedBigInteger('a_id');
            $table->string('code');
            $table->primary(['a_id', 'code']);
            $table->foreign('a_id', 'b_a_fk')->references('id')->on('a');
            $table->unique('code');
        });
        Schema::table('b', function (Blueprint $table) {
            $table->dropForeign('b_a_fk');
            $table->dropUnique(['code']);
            $table->dropPrimary();
        });`,
    });
    const b = table(catalog, 'b');
    expect(b.foreignKeys).toEqual([]);
    expect(b.primaryKey).toBeUndefined();
    expect(b.indexes).toEqual([]);
    expect(b.uniques).toEqual([]);
  });
});

describe('Laravel source: what it reads beyond the basics', () => {
  it('Schema::defaultStringLength in a service provider, named arguments, raw defaults, useCurrentOnUpdate', async () => {
    const provider = `<?php
namespace App\\Providers;
use Illuminate\\Support\\Facades\\Schema;
class AppServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        Schema::defaultStringLength(191);
    }
}
`;
    const { catalog } = await loadProject(
      {
        '2024_01_01_000000_a': `        Schema::create('a', function (Blueprint $table) {
            $table->id();
            $table->string('name');
            $table->string(column: 'code', length: 12);
            $table->timestamp('seen_at')->default(DB::raw('CURRENT_TIMESTAMP'))->useCurrentOnUpdate();
            $table->json('meta')->default(new Expression('(JSON_ARRAY())'));
        });`,
      },
      { 'app/Providers/AppServiceProvider.php': provider },
    );
    expect(column(catalog, 'a', 'name').dataType).toBe('varchar(191)');
    expect(column(catalog, 'a', 'code').dataType).toBe('varchar(12)');
    expect(column(catalog, 'a', 'seen_at')).toMatchObject({ default: 'CURRENT_TIMESTAMP', onUpdate: 'CURRENT_TIMESTAMP' });
    expect(column(catalog, 'a', 'meta').default).toBe('(JSON_ARRAY())');
    expect(catalog.app!.notes.find((n) => n.kind === 'default-string-length')).toMatchObject({ origin: { line: 8 } });
  });

  it('reads a schemascope-ignore comment in a migration as a suppression the rule engine honours', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_a': `        Schema::create('tokens', function (Blueprint $table) {
            $table->id();
            // schemascope-ignore security/plaintext-secret: encrypted by the model's encrypted cast
            $table->text('api_token');
        });`,
    });
    expect(catalog.suppressions).toEqual([
      { file: expect.stringMatching(/2024_01_01_000000_a\.php$/), line: up(3), ruleId: 'security/plaintext-secret', reason: "encrypted by the model's encrypted cast" },
    ]);
    const run = runRules(catalog, allRules, resolveConfig({}));
    expect(run.findings.filter((f) => f.ruleId === 'security/plaintext-secret')).toEqual([]);
    expect(run.ignored.map((i) => i.finding.ruleId)).toContain('security/plaintext-secret');
  });
});

describe('Laravel source: what it cannot read, it says, with the line', () => {
  it('warns about unknown Blueprint methods and modifiers, computed table names, missing tables and duplicate columns', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_a': `        Schema::create('a', function (Blueprint $table) {
            $table->id();
            $table->vectorish('embedding');
            $table->string('name')->sparkle();
            $table->string('name');
        });
        Schema::table($this->tableName(), function (Blueprint $table) {
            $table->string('x');
        });
        Schema::table('nowhere', function (Blueprint $table) {
            $table->string('x');
        });`,
    });
    expect(catalog.warnings.map((w) => `${w.code} ${line(w as { origin: unknown })}`)).toEqual([
      `laravel-unknown-blueprint-method ${up(3)}`,
      `laravel-unknown-blueprint-method ${up(4)}`,
      `laravel-duplicate-column ${up(5)}`,
      `laravel-dynamic-table ${up(7)}`,
      `laravel-missing-table ${up(10)}`,
    ]);
    // what could be read is still there
    expect(table(catalog, 'a').columns.map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('warns about PHP it cannot parse, files without a migration class, and a squashed schema it does not load', async () => {
    const { catalog } = await loadProject(
      {
        '2024_01_01_000000_broken': migration(`        Schema::create('a', function (Blueprint $table) {
            $table->id(;
        });`),
        '2024_01_02_000000_not_a_migration': '<?php\n\nfunction helper() { return 1; }\n',
      },
      { 'database/schema/mysql-schema.sql': 'CREATE TABLE x (id int);\n' },
    );
    const codes = catalog.warnings.map((w) => w.code);
    expect(codes).toContain('laravel-php-syntax');
    expect(codes).toContain('laravel-no-migration-class');
    expect(codes).toContain('laravel-schema-dump-not-loaded');
    expect(catalog.warnings.find((w) => w.code === 'laravel-php-syntax')?.origin).toMatchObject({ line: up(2) });
  });

  it('refuses a folder that is not a Laravel project', async () => {
    const p = project({}, { artisan: false });
    try {
      await expect(loadLaravel(`${p.root}/nope`)).rejects.toBeInstanceOf(UsageError);
    } finally {
      p.cleanup();
    }
  });
});

describe('Laravel source: naming conventions', () => {
  it('pluralizes as Laravel does (Doctrine Inflector English rules)', () => {
    const cases: Record<string, string> = {
      company: 'companies', staff: 'staff', branch: 'branches', status: 'statuses', person: 'people', child: 'children',
      address: 'addresses', category: 'categories', user: 'users', home_branch: 'home_branches', box: 'boxes',
      day: 'days', knife: 'knives', equipment: 'equipment', media: 'media', criterion: 'criteria', sms: 'sms', bus: 'buses',
    };
    for (const [one, many] of Object.entries(cases)) expect(plural(one), one).toBe(many);
  });
  it('derives a model’s table from its class name', () => {
    expect(tableForModel('Company')).toBe('companies');
    expect(tableForModel('ServiceStaff')).toBe('service_staff');
    expect(tableForModel('App\\Models\\CalcomEventMapping')).toBe('calcom_event_mappings');
    expect(tableForModel('Person')).toBe('people');
  });
});

describe('Laravel source: models beyond the booking fixture', () => {
  it('inherits from an abstract base model and its traits; reads morph relationships, #[ScopedBy] and DELETED_AT', async () => {
    const base = `<?php
namespace App\\Models;

abstract class TenantModel extends Model
{
    use BelongsToTeam;

    const DELETED_AT = 'removed_at';
}
`;
    const invoice = `<?php
namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Attributes\\ScopedBy;

#[ScopedBy([TeamScope::class])]
final class Invoice extends TenantModel
{
    use SoftDeletes;

    protected $casts = ['secret' => AsEncryptedCollection::class];

    public function lines()
    {
        return $this->morphMany(Line::class, 'owner');
    }

    public function tags()
    {
        return $this->morphToMany(Tag::class, 'taggable');
    }
}
`;
    const trait = `<?php
namespace App\\Concerns;

trait BelongsToTeam
{
    public static function bootBelongsToTeam(): void
    {
        static::addGlobalScope('team', fn ($q) => $q->where('team_id', 1));
        static::deleting(fn ($m) => null);
    }
}
`;
    const { catalog } = await loadProject(
      { '2024_01_01_000000_a': `        Schema::create('invoices', function (Blueprint $table) { $table->id(); });` },
      { 'app/Models/TenantModel.php': base, 'app/Models/Invoice.php': invoice, 'app/Concerns/BelongsToTeam.php': trait },
    );
    const models = catalog.app!.models;
    expect(models.map((m) => [m.name, m.abstract ?? false, m.table])).toEqual([
      ['Invoice', false, 'invoices'],
      ['TenantModel', true, 'tenant_models'],
    ]);
    const inv = models[0];
    expect(inv.bases).toEqual(['TenantModel', 'Model', 'SoftDeletes', 'BelongsToTeam']);
    expect(inv.softDelete).toMatchObject({ column: 'removed_at', origin: { line: 9 } });
    expect(inv.encryptedColumns).toEqual(['secret']);
    expect(inv.scopes.map((s) => [s.name, (s.origin as { line: number }).line])).toEqual([['TeamScope', 6], ['team', 8]]);
    expect(inv.hooks.map((h) => h.name)).toEqual(['bootBelongsToTeam', 'deleting']);
    expect(inv.relationships.map((r) => [r.name, r.kind, r.columns ?? null, r.through ?? null])).toEqual([
      ['lines', 'polymorphic', ['owner_type', 'owner_id'], null],
      ['tags', 'polymorphic', null, 'taggables'],
    ]);
  });
});
