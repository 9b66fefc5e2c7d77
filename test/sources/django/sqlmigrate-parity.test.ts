// Parity (issue: "the same schema from migrations and from the equivalent DDL gives the same physical findings"):
// fixtures/helpdesk.sqlmigrate.sql is what `manage.py sqlmigrate` prints on PostgreSQL for every migration of the
// helpdesk fixture, written by hand from the migration files. Loaded into the embedded PostgreSQL, it must give the
// catalog the Django replay builds, and the same findings, except those that need what only the Python says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Table } from '../../../src/catalog/types.js';
import { resolveConfig } from '../../../src/config.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/rules/types.js';
import { loadPostgresDdlFiles } from '../../../src/sources/postgres/ddl.js';
import { FIXTURES, loadHelpdesk } from './helpers.js';

const SQL = join(FIXTURES, 'helpdesk.sqlmigrate.sql');

let django: Catalog;
let ddl: Catalog;

beforeAll(async () => {
  django = await loadHelpdesk();
  ddl = await loadPostgresDdlFiles([{ path: 'helpdesk.sqlmigrate.sql', text: readFileSync(SQL, 'utf8') }]);
}, 60_000);

/** Tables of the fixture (the DDL also stands in for auth_group and auth_permission, which live outside it). */
const ours = (c: Catalog): Table[] => c.tables.filter((t) => !t.name.startsWith('auth_')).sort((a, b) => a.name.localeCompare(b.name));

/** PostgreSQL prints a literal compared with a numeric column with its cast (`0::numeric`); the replay writes `0`. */
const norm = (s: string) => s.replace(/"/g, '').replace(/\b(\d+(?:\.\d+)?)::[a-z]+/g, '$1').replace(/\s+/g, ' ').replace(/^\((.*)\)$/, '$1').trim();

function shape(t: Table) {
  return {
    columns: t.columns.map((c) => `${c.name}:${c.family}:${c.nullable ? 'null' : 'not null'}${c.identity ? ':identity' : ''}`).sort(),
    primaryKey: t.primaryKey?.columns,
    foreignKeys: t.foreignKeys.map((f) => `${f.name}:${f.columns.join(',')}->${f.refTable}(${f.refColumns.join(',')}) on delete ${f.onDelete}${f.deferrable ? ' deferrable' : ''}`).sort(),
    uniques: t.uniques.map((u) => `${u.name}:${u.columns.join(',')}`).sort(),
    indexes: t.indexes.map((i) => `${i.name}:${i.keyParts.map(norm).join(',')}${i.unique ? ':unique' : ''}${i.predicate ? ` where ${norm(i.predicate)}` : ''}`).sort(),
    checks: t.checks.map((k) => `${k.name}:${norm(k.expression)}`).sort(),
  };
}

/** Rules that read what only the Python says (catalog.app notes, models, the migration graph): the DDL cannot have them. */
const APPLICATION_RULES: Record<string, string> = {
  'security/plaintext-secret': 'trusts columns models.py encrypts (app.models[].encryptedColumns); in the DDL mfa_secret is just bytea, api_key just varchar',
  'orm/model-drift': 'reads app.notes of kind model-drift (a models.py field no migration adds)',
  'orm/tenant-base-not-inherited': 'reads app.models (bases, relationships) to see TicketAttachment skip TenantAwareModel',
  'orm/mutable-default': 'reads app.notes of kind mutable-default (a models.py default)',
  'orm/duplicate-relationship': 'reads app.notes of kind duplicate-relationship (a models.py class body)',
  'relations/cascade-erases-history':
    "reads the model's on_delete (catalog.app relationships, enforcement.onDeleteEnforcedBy = 'application'): the DDL's constraints are all NO ACTION",
  'migrations/index-without-concurrently': 'reads catalog.migrations (an AddIndex without AddIndexConcurrently); the DDL has no migration graph',
  'migrations/irreversible': 'reads catalog.migrations (RunPython without a reverse function)',
  'migrations/multiple-heads': 'reads catalog.migrations (leaf migrations per app)',
};

const key = (f: Finding) => `${f.ruleId}|${(f.table ?? '').replace(/^public\./, '')}|${f.columns.join(',')}`;
const inFixture = (f: Finding) => !/^(public\.)?auth_/.test(f.table ?? '');

describe('Django source: parity with the sqlmigrate DDL', () => {
  it('loads the DDL without warnings', () => {
    expect(ddl.warnings.filter((w) => !w.note)).toEqual([]);
  });

  it('has the same tables', () => {
    expect(ours(ddl).map((t) => t.name)).toEqual(ours(django).map((t) => t.name));
    expect(ours(django).map((t) => t.name)).toHaveLength(8);
  });

  it('has the same columns, keys, foreign keys, unique constraints, indexes and checks, with the same names', () => {
    for (const t of ours(ddl)) {
      const d = django.tables.find((x) => x.name === t.name)!;
      expect({ table: t.name, ...shape(d) }).toEqual({ table: t.name, ...shape(t) });
    }
  });

  it('has the _like pattern-ops indexes Django adds for unique varchar columns', () => {
    const like = (c: Catalog) => ours(c).flatMap((t) => t.indexes.filter((i) => i.name.endsWith('_like')).map((i) => `${t.name}.${i.name}`)).sort();
    expect(like(django)).toEqual([
      'accounts_user.accounts_user_username_6088629e_like',
      'organizations_organization.organizations_organization_slug_e36fd8f9_like',
      'tickets_ticket.tickets_ticket_ticket_number_d9b1511a_like',
    ]);
    expect(like(ddl)).toEqual(like(django));
    const definitions = (c: Catalog) => ours(c).flatMap((t) => t.indexes.filter((i) => i.name.endsWith('_like')).map((i) => i.definition)).sort();
    expect(definitions(django)).toEqual(definitions(ddl));
    expect(definitions(django)[0]).toBe('CREATE INDEX accounts_user_username_6088629e_like ON public.accounts_user USING btree (username varchar_pattern_ops)');
  });

  it('gives the same findings, except those of rules that read application facts', () => {
    const config = resolveConfig({});
    const fromDjango = runRules(django, allRules, config).findings.filter(inFixture);
    const fromDdl = runRules(ddl, allRules, config).findings.filter(inFixture);
    const physical = (fs: Finding[]) => [...new Set(fs.filter((f) => !(f.ruleId in APPLICATION_RULES)).map(key))].sort();
    expect(physical(fromDjango)).toEqual(physical(fromDdl));
    expect(physical(fromDjango).length).toBeGreaterThan(0);
    // The exclusions are real: each application rule fires on the replay and not on the DDL.
    const appOnly = [...new Set(fromDjango.filter((f) => f.ruleId in APPLICATION_RULES).map((f) => f.ruleId))].sort();
    expect(appOnly).toEqual([
      'migrations/index-without-concurrently',
      'migrations/irreversible',
      'orm/model-drift',
      'orm/tenant-base-not-inherited',
      'relations/cascade-erases-history',
      'security/plaintext-secret',
    ]);
    expect(fromDdl.filter((f) => f.ruleId in APPLICATION_RULES).map(key)).toEqual(['security/plaintext-secret|organizations_organization|api_key']);
    expect(fromDjango.filter((f) => f.ruleId === 'security/plaintext-secret').map(key)).toEqual(['security/plaintext-secret|organizations_organization|api_key']);
  });
});
