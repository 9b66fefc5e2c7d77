// Parity (issue: "the same schema from migrations and from the equivalent DDL gives the same physical findings"):
// fixtures/saas.alembic-offline.sql is what `alembic upgrade head --sql` prints on PostgreSQL for the revisions of the
// saas fixture, written by hand from the revision files. Loaded into the embedded PostgreSQL, it must give the catalog
// the Alembic replay builds, and the same findings, except those that need what only the Python says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Table } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/rules/types.js';
import { loadPostgresDdlFiles } from '../../../src/sources/postgres/ddl.js';
import { FIXTURES, loadSaas } from './helpers.js';

const SQL = join(FIXTURES, 'saas.alembic-offline.sql');

let alembic: Catalog;
let ddl: Catalog;

beforeAll(async () => {
  alembic = await loadSaas();
  ddl = await loadPostgresDdlFiles([{ path: 'saas.alembic-offline.sql', text: readFileSync(SQL, 'utf8') }]);
}, 60_000);

/** Tables of the schema (the DDL also has Alembic's own alembic_version, which the replay leaves out). */
const ours = (c: Catalog): Table[] => c.tables.filter((t) => t.name !== 'alembic_version').sort((a, b) => a.name.localeCompare(b.name));

/**
 * PostgreSQL prints what the revisions write with casts (`'trial'::tenant_status`, `0::numeric`, `email::text`); the
 * replay keeps the text as written. Casts, quotes and outer parentheses aside, the two must say the same.
 */
const norm = (s: string | undefined) =>
  (s ?? '')
    .replace(/"/g, '')
    .replace(/::(character varying|double precision|timestamp with(out)? time zone|[a-z_][a-z0-9_]*)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^\((.*)\)$/, '$1')
    .trim();

function shape(t: Table) {
  return {
    columns: t.columns.map((c) => `${c.name}:${c.dataType}:${c.nullable ? 'null' : 'not null'}:${norm(c.default)}${c.autoIncrement ? ':auto' : ''}`).sort(),
    primaryKey: `${t.primaryKey?.name}:${t.primaryKey?.columns.join(',')}`,
    foreignKeys: t.foreignKeys.map((f) => `${f.name}:${f.columns.join(',')}->${f.refTable}(${f.refColumns.join(',')}) on delete ${f.onDelete}`).sort(),
    uniques: t.uniques.map((u) => `${u.name}:${u.columns.join(',')}`).sort(),
    indexes: t.indexes.map((i) => `${i.name}:${i.keyParts.map(norm).join(',')}${i.unique ? ':unique' : ''}${i.predicate ? ` where ${norm(i.predicate)}` : ''}`).sort(),
    checks: t.checks.map((k) => `${k.name}:${norm(k.expression)}`).sort(),
    rls: t.rls.enabled,
    policies: t.policies.map((p) => `${p.name}:${p.command}:${norm(p.using)}`).sort(),
  };
}

/** Rules that read what only the Python says (catalog.app models and notes, the migration graph): the DDL cannot have them. */
const APPLICATION_RULES: Record<string, string> = {
  'security/plaintext-secret':
    'trusts columns the revisions type as encrypted (StringEncryptedType → app.models[].encryptedColumns); in the DDL billing_profiles.api_secret is just varchar',
  'orm/duplicate-relationship': 'reads app.notes of kind duplicate-relationship (UserModel.conversations assigned twice)',
  'orm/mutable-default': 'reads app.notes of kind mutable-default (a model default={})',
  'orm/model-drift': 'reads app.notes of kind model-drift (ProductModel.tags and others: model columns no revision creates)',
  'orm/tenant-base-not-inherited': 'reads app.models (bases) to see ProductModel and SessionModel declare tenant_id without TenantMixin',
  'migrations/index-without-concurrently': 'reads catalog.migrations (op.create_index on a table an earlier revision created)',
  'migrations/irreversible': 'reads catalog.migrations (an empty downgrade())',
  'migrations/multiple-heads': 'reads catalog.migrations (heads)',
  'migrations/add-not-null-column-without-default': 'reads catalog.migrations (op.add_column)',
  'migrations/concurrently-in-transaction': 'reads catalog.migrations (atomic revisions)',
};

const key = (f: Finding) => `${f.ruleId}|${(f.table ?? '').replace(/^public\./, '')}|${f.columns.join(',')}`;
const inSchema = (f: Finding) => !/^(public\.)?alembic_version$/.test(f.table ?? '');

describe('SQLAlchemy source: parity of the Alembic replay with `alembic upgrade head --sql`', () => {
  it('loads the DDL without warnings', () => {
    expect(ddl.warnings.filter((w) => !w.note)).toEqual([]);
  });

  it('has the same tables and enum types', () => {
    expect(ours(ddl).map((t) => t.name)).toEqual(ours(alembic).map((t) => t.name));
    expect(ours(alembic)).toHaveLength(12);
    const enums = (c: Catalog) => c.enums.map((e) => `${e.name}(${e.values.join(',')})`).sort();
    expect(enums(alembic)).toEqual(enums(ddl));
  });

  it('has the same columns (type, nullability, default, serial), keys, foreign keys, uniques, indexes, checks and policies, with the same names', () => {
    for (const t of ours(ddl)) {
      const a = alembic.tables.find((x) => x.name === t.name)!;
      expect({ table: t.name, ...shape(a) }).toEqual({ table: t.name, ...shape(t) });
    }
    // What the comparison stands on: SERIAL keys, PostgreSQL's names for unnamed constraints, an expression index.
    const users = ours(alembic).find((t) => t.name === 'users')!;
    expect(users.columns.find((c) => c.name === 'id')!.default).toBe("nextval('users_id_seq'::regclass)");
    expect(users.indexes.find((i) => i.name === 'ix_users_email_lower_active')!.keyParts).toEqual(['lower(email)']);
    expect(ours(alembic).find((t) => t.name === 'tenants')!.uniques.map((u) => u.name)).toContain('tenants_public_id_key');
  });

  it('gives the same findings, except those of rules that read application facts', () => {
    const config = resolveConfig({});
    const fromAlembic = runRules(alembic, allRules, config).findings.filter(inSchema);
    const fromDdl = runRules(ddl, allRules, config).findings.filter(inSchema);
    const physical = (fs: Finding[]) => [...new Set(fs.filter((f) => !(f.ruleId in APPLICATION_RULES)).map(key))].sort();
    expect(physical(fromAlembic)).toEqual(physical(fromDdl));
    expect(physical(fromAlembic).length).toBeGreaterThan(10);
    // The exclusions are real: the application rules that fire here fire on the replay only.
    const appOnly = [...new Set(fromAlembic.filter((f) => f.ruleId in APPLICATION_RULES).map((f) => f.ruleId))].sort();
    expect(appOnly).toEqual([
      'migrations/index-without-concurrently',
      'migrations/irreversible',
      'orm/duplicate-relationship',
      'orm/model-drift',
      'orm/mutable-default',
      'orm/tenant-base-not-inherited',
      'security/plaintext-secret',
    ]);
    const secrets = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'security/plaintext-secret').map(key).sort();
    expect(secrets(fromDdl)).toEqual(['security/plaintext-secret|billing_profiles|api_secret', 'security/plaintext-secret|sessions|token']);
    expect(secrets(fromAlembic)).toEqual(['security/plaintext-secret|sessions|token']);
    expect(fromDdl.filter((f) => f.ruleId in APPLICATION_RULES && f.ruleId !== 'security/plaintext-secret')).toEqual([]);
  });
});
