import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/security/fixture-ships-credentials.js';
import type { Finding } from '../../../src/rules/types.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadHelpdesk, loadProject, migration } from '../../sources/django/helpers.js';
import { loadProject as loadLaravelProject } from '../../sources/laravel/helpers.js';

const FIXTURE = `[
  {"model": "auth.user", "pk": 1, "fields": {"username": "admin", "is_superuser": true, "password": "pbkdf2_sha256$600000$salt$hash="}},
  {"model": "auth.user", "pk": 2, "fields": {"username": "bob", "password": "hunter2"}},
  {"model": "auth.user", "pk": 3, "fields": {"username": "nologin", "password": "!"}},
  {"model": "billing.gateway", "pk": 1, "fields": {"client_secret": "cs_live_abc", "secret_expires_at": "2030-01-01"}},
  {"model": "billing.gateway", "pk": 2, "fields": {"client_secret_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}
]
`;

describe('security/fixture-ships-credentials', () => {
  it('flags Django fixture objects at their line: clear text high, a password hash medium, a user without password low', async () => {
    const { catalog } = await loadProject({
      'shop/__init__.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration('', '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True))]),'),
      'shop/fixtures/initial_data.json': FIXTURE,
    });
    const lineOf = (f: Finding) => Number(at(f).split(':').pop());
    const findings = checkCatalog(rule, catalog).sort((a, b) => lineOf(a) - lineOf(b));
    expect(findings.map((f) => `${at(f).replace(/^.*\//, '')} ${f.severity}`)).toEqual([
      'initial_data.json:2 medium',
      'initial_data.json:3 high',
      'initial_data.json:4 low',
      'initial_data.json:5 high',
    ]);
    expect(findings[0].message).toContain('a superuser `admin` with a password hash (pbkdf2_sha256)');
    expect(findings[1].message).toContain('with password readable in the file');
    expect(findings[1].message).toContain('createsuperuser');
    expect(findings[3].message).toContain('client_secret');
    // Stable identities, without line numbers.
    expect(new Set(findings.map((f) => f.object)).size).toBe(4);
    expect(findings.every((f) => !/:\d/.test(f.object ?? ''))).toBe(true);
  });

  it('flags a Laravel seeder with a literal password, with Laravel advice', async () => {
    const seeder = `<?php\n\nclass DatabaseSeeder extends Seeder\n{\n    public function run(): void\n    {\n        User::create(['email' => 'a@b.c', 'password' => Hash::make('password')]);\n    }\n}\n`;
    const { catalog } = await loadLaravelProject(
      { '2024_01_01_000000_create_users_table': "        Schema::create('users', function (Blueprint $table) {\n            $table->id();\n        });" },
      { 'database/seeders/DatabaseSeeder.php': seeder },
    );
    const findings = checkCatalog(rule, catalog);
    expect(findings.map((f) => `${at(f).replace(/^.*\//, '')} ${f.severity}`)).toEqual(['DatabaseSeeder.php:7 high']);
    expect(findings[0].message).toContain("env('ADMIN_PASSWORD')");
  });

  it('produces nothing for a project without such fixtures, or a DDL catalog', async () => {
    expect(checkCatalog(rule, await loadHelpdesk())).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql("CREATE TABLE users (id bigint PRIMARY KEY, password text);\nINSERT INTO users VALUES (1, 'secret');"))).toEqual([]);
  });
});
