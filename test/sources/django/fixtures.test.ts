// Django fixtures that ship accounts or credentials: app facts (catalog.app.fixtures) and notes, at the line of
// each object in the JSON or YAML file.
import { describe, expect, it } from 'vitest';
import { loadProject, migration } from './helpers.js';

const USERS_JSON = `[
  {
    "model": "auth.user",
    "pk": 1,
    "fields": {
      "username": "admin",
      "password": "pbkdf2_sha256$600000$abcdefghijkl$0123456789abcdefghijklmnopqrstuvwxyzABCDE=",
      "is_superuser": true,
      "is_staff": true
    }
  },
  {"model": "auth.user", "pk": 2, "fields": {"username": "ghost", "password": "!unusable0123456789"}},
  {"model": "shop.order", "pk": 1, "fields": {"total": 3}},
  {"model": "shop.integration", "pk": 1, "fields": {"name": "stripe", "api_key": "sk_live_123", "token_type": "bearer"}},
  {"model": "shop.integration", "pk": 2, "fields": {"name": "unused", "api_key": ""}}
]
`;

const STAFF_YAML = `# demo staff
- model: accounts.member
  pk: 1
  fields:
    email: demo@example.com
    password: demo1234
- model: accounts.member
  pk: 2
  fields:
    email: other@example.com
    password: ''
`;

const project = (files: Record<string, string>) =>
  loadProject({
    'shop/__init__.py': '',
    'shop/migrations/__init__.py': '',
    'shop/migrations/0001_initial.py': migration('', '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True))]),'),
    'accounts/__init__.py': '',
    'accounts/models.py': 'from django.contrib.auth.models import AbstractUser\n\n\nclass Member(AbstractUser):\n    pass\n',
    'config/settings.py': 'AUTH_USER_MODEL = "accounts.Member"\n',
    ...files,
  });

describe('Django source: fixtures that ship users or credentials', () => {
  it('records users, password hashes and clear-text secrets of JSON and YAML fixtures at each object\'s line', async () => {
    const { catalog } = await project({ 'shop/fixtures/users.json': USERS_JSON, 'accounts/fixtures/staff.yaml': STAFF_YAML, 'shop/fixtures/readme.txt': 'password: x' });
    const facts = catalog.app!.fixtures!.map((f) => `${f.file.replace(/^.*?\/(\w+\/fixtures\/)/, '$1')}:${f.line} ${f.model} ${f.kind} ${f.fields.join(',')}`);
    expect(facts).toEqual([
      // AUTH_USER_MODEL counts as a user model; its empty password ships an account with no way in.
      'accounts/fixtures/staff.yaml:2 accounts.member plaintext-secret password',
      'accounts/fixtures/staff.yaml:7 accounts.member user ',
      'shop/fixtures/users.json:2 auth.user password-hash password',
      'shop/fixtures/users.json:12 auth.user user ',
      'shop/fixtures/users.json:14 shop.integration plaintext-secret api_key',
    ]);
    const notes = catalog.app!.notes.filter((n) => n.kind === 'fixture-ships-credentials');
    expect(notes).toHaveLength(5);
    const admin = notes.find((n) => n.message.includes('`admin`'))!;
    expect(admin.message).toContain('a superuser `admin` with a password hash (pbkdf2_sha256)');
    expect(notes.find((n) => n.message.includes('demo@example.com'))!.message).toContain('with password readable in the file');
  });

  it('warns about a fixture it cannot parse, at the line, and still reads what it can', async () => {
    const broken = '[\n  {"model": "auth.user", "fields": {"username": "a", "password": "secret"}},\n  {"model": "auth.user", "fields": {"username": \n]\n';
    const { catalog } = await project({ 'shop/fixtures/broken.json': broken });
    // The second object is cut short: what is left of it still names a user.
    expect(catalog.app!.fixtures!.map((f) => [f.line, f.kind])).toEqual([
      [2, 'plaintext-secret'],
      [3, 'user'],
    ]);
    const w = catalog.warnings.find((x) => x.code === 'django-fixture-unreadable')!;
    expect(w.origin).toMatchObject({ line: 4 });
  });

  it('has no fixture facts for a project whose fixtures hold no credentials', async () => {
    const { catalog } = await project({ 'shop/fixtures/orders.json': '[{"model": "shop.order", "pk": 1, "fields": {"total": 3}}]' });
    expect(catalog.app!.fixtures).toBeUndefined();
    expect(catalog.app!.notes.filter((n) => n.kind === 'fixture-ships-credentials')).toEqual([]);
  });
});
