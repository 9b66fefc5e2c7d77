import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPostgresDdlFiles, loadPostgresDdlPath } from '../../src/sources/postgres/ddl.js';
import { UsageError } from '../../src/errors.js';

const load = (text: string, path = 'schema.sql') => loadPostgresDdlFiles([{ path, text }]);

describe('PostgreSQL DDL source', () => {
  it('maps tables, columns, constraints, indexes, policies and functions to their lines', async () => {
    const c = await load(`-- header; with a semicolon in a comment
CREATE TABLE orgs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);

/* a block comment */
CREATE TABLE users (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  email text NOT NULL,
  CONSTRAINT users_email_uq UNIQUE (org_id, email),
  CHECK (email <> '')
);
ALTER TABLE ONLY users
    ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs(id);
CREATE INDEX ON users (lower(email));
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_org ON users USING (org_id = 1);
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ select 1; $$;
`);
    expect(c.warnings).toEqual([]);
    const users = c.tables.find((t) => t.name === 'users')!;
    expect(users.origin).toEqual({ file: 'schema.sql', line: 5 });
    expect(users.columns.find((col) => col.name === 'email')!.origin).toEqual({ file: 'schema.sql', line: 8 });
    expect(users.uniques[0].origin).toEqual({ file: 'schema.sql', line: 9 });
    expect(users.checks[0].origin).toEqual({ file: 'schema.sql', line: 10 });
    expect(users.foreignKeys[0].origin).toEqual({ file: 'schema.sql', line: 13 });
    expect(users.indexes.find((i) => i.columns[0] === null)!.origin).toEqual({ file: 'schema.sql', line: 14 });
    expect(users.rls.origin).toEqual({ file: 'schema.sql', line: 15 });
    expect(users.policies[0].origin).toEqual({ file: 'schema.sql', line: 16 });
    expect(c.functions[0].origin).toEqual({ file: 'schema.sql', line: 17 });
  });

  it('counts lines in bytes correctly after multi-byte characters', async () => {
    const c = await load(`-- Café ☃ straße
CREATE TABLE "tëst" (
  "naïve" text
);`);
    const t = c.tables[0];
    expect(t.name).toBe('tëst');
    expect(t.columns[0].origin).toEqual({ file: 'schema.sql', line: 3 });
  });

  it('reads pg_dump scripts: psql meta-commands and COPY data are skipped, search_path is followed', async () => {
    const c = await load(`\\restrict abc123
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE SCHEMA app;
CREATE TABLE app.items (id integer NOT NULL, note text);
COPY app.items (id, note) FROM stdin;
1	it's; not SQL
2	\\N
\\.
SET search_path TO app;
CREATE TABLE things (id int PRIMARY KEY);
\\connect other
ALTER TABLE ONLY app.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);
\\unrestrict abc123
`);
    expect(c.warnings).toEqual([]);
    expect(c.tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual(['app.items', 'app.things']);
    const items = c.tables.find((t) => t.name === 'items')!;
    expect(items.primaryKey?.origin).toEqual({ file: 'schema.sql', line: 13 });
    expect(c.tables.find((t) => t.name === 'things')!.origin).toEqual({ file: 'schema.sql', line: 11 });
  });

  it('keeps loading after a statement the engine cannot run, and says where', async () => {
    const c = await load(`CREATE TABLE a (id int PRIMARY KEY);
CREATE EXTENSION postgis;
CREATE TABLE places (id int PRIMARY KEY, geom geometry);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));
`);
    expect(c.tables.map((t) => t.name).sort()).toEqual(['a', 'b']);
    expect(c.warnings.map((w) => [w.code, 'file' in w.origin! ? w.origin.line : 0])).toEqual([
      ['extension-unavailable', 2],
      ['statement-failed', 3],
    ]);
    expect(c.warnings[1].message).toContain('CREATE TABLE places');
    expect(c.warnings[1].message).toContain('type "geometry" does not exist');
  });

  it('reports a syntax error with its line and loads the other statements', async () => {
    const c = await load(`CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE broken (id int PRIMARY KEY,, name text);
CREATE TABLE b (id int PRIMARY KEY);
`);
    expect(c.tables.map((t) => t.name).sort()).toEqual(['a', 'b']);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatchObject({ code: 'syntax-error', origin: { file: 'schema.sql', line: 2 } });
  });

  it('rejects a file with no SQL in one line naming file:line', async () => {
    const err = await load('this is not sql at all', 'notes.sql').catch((e: Error) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^notes\.sql:1: /);
  });

  it('creates roles a dump names (owners, policy roles) instead of failing', async () => {
    const c = await load(`CREATE TABLE a (id int PRIMARY KEY, org int);
ALTER TABLE a OWNER TO app_owner;
ALTER TABLE a ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON a TO authenticated USING (org = 1);
GRANT SELECT ON a TO reporting;
`);
    expect(c.warnings).toEqual([]);
    expect(c.tables[0].policies[0].roles).toEqual(['authenticated']);
  });

  it('does not leak one schema into the next load', async () => {
    await load('CREATE TABLE leaked (id int); CREATE SCHEMA extra; SET search_path TO extra;');
    const c = await load('CREATE TABLE fresh (id int);');
    expect(c.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['public.fresh']);
  });

  it('applies a folder of migrations in file-name order, with paths relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-mig-'));
    writeFileSync(join(dir, '002_add_fk.sql'), 'ALTER TABLE b ADD COLUMN a_id int REFERENCES a(id);\n');
    writeFileSync(join(dir, '001_init.sql'), 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY);\n');
    writeFileSync(join(dir, 'README.md'), '# not sql');
    const c = await loadPostgresDdlPath(dir);
    expect(c.warnings).toEqual([]);
    expect(c.source.files!.map((f) => f.split('/').pop())).toEqual(['001_init.sql', '002_add_fk.sql']);
    const b = c.tables.find((t) => t.name === 'b')!;
    expect(b.foreignKeys[0].origin).toMatchObject({ line: 1 });
    expect((b.foreignKeys[0].origin as { file: string }).file).toMatch(/002_add_fk\.sql$/);
  });

  it('says plainly when a path does not exist or holds no SQL', async () => {
    await expect(loadPostgresDdlPath('/no/such/place.sql')).rejects.toThrow('/no/such/place.sql: no such file or folder');
    const empty = mkdtempSync(join(tmpdir(), 'ss-empty-'));
    await expect(loadPostgresDdlPath(empty)).rejects.toThrow(`${empty}: no .sql files found`);
  });
});

describe('inline suppressions', () => {
  it('a schemascope-ignore comment with a reason silences that rule on its line or the next, and is listed', async () => {
    const { runRules } = await import('../../src/rules/engine.js');
    const { allRules } = await import('../../src/rules/index.js');
    const { resolveConfig } = await import('../../src/config.js');
    const c = await load(`-- schemascope-ignore keys/no-primary-key: staging table, rows are copied and dropped hourly
CREATE TABLE staging (a int, b int);
CREATE TABLE notes (
  id bigint PRIMARY KEY,
  body text,
  api_key text, -- schemascope-ignore security/plaintext-secret: encrypted by the application with KMS
  -- schemascope-ignore types/timestamp-without-tz
  taken timestamp,
  note text DEFAULT '-- schemascope-ignore types/json-in-text: inside a string, not a comment'
);
`);
    const run = runRules(c, allRules, resolveConfig());
    const ids = (t: string) => run.findings.filter((f) => f.table === `public.${t}`).map((f) => f.ruleId);
    expect(ids('staging')).not.toContain('keys/no-primary-key');
    expect(ids('notes')).not.toContain('security/plaintext-secret');
    // No reason given: the directive silences nothing.
    expect(ids('notes')).toContain('types/timestamp-without-tz');
    expect(run.ignored.map((i) => [i.finding.ruleId, i.reason])).toEqual([
      ['keys/no-primary-key', 'staging table, rows are copied and dropped hourly (comment at schema.sql:1)'],
      ['security/plaintext-secret', 'encrypted by the application with KMS (comment at schema.sql:6)'],
    ]);
    expect(c.suppressions?.map((s) => s.ruleId)).toEqual(['keys/no-primary-key', 'security/plaintext-secret']);
  });
});

describe('foreign keys as declared', () => {
  it('keeps what the DDL says of each foreign key: actions, NOT VALID, later VALIDATE, NOT ENFORCED', async () => {
    const c = await load(`CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (
  id int PRIMARY KEY,
  p_id int REFERENCES p(id) ON DELETE CASCADE NOT NULL,
  p_code text REFERENCES p(code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED, -- a trailing comment, with (parens)
  q_id int, r_id int,
  CONSTRAINT c_q_fk FOREIGN KEY (q_id) REFERENCES p(id) ON DELETE SET NULL (q_id)
);
ALTER TABLE c ADD CONSTRAINT c_r_fk FOREIGN KEY (r_id) REFERENCES p(id) NOT VALID;
ALTER TABLE c ADD CONSTRAINT c_r2_fk FOREIGN KEY (r_id) REFERENCES p(id) NOT VALID;
ALTER TABLE c VALIDATE CONSTRAINT c_r2_fk;
ALTER TABLE c ADD CONSTRAINT c_ne_fk FOREIGN KEY (q_id) REFERENCES p(id) NOT ENFORCED;
CREATE TABLE d (id int PRIMARY KEY, p_id int REFERENCES p(id)) -- last statement, no semicolon`);
    expect(c.warnings).toEqual([]);
    const fks = Object.fromEntries(c.tables.flatMap((t) => t.foreignKeys.map((fk) => [fk.name, fk])));
    expect(fks.c_p_id_fkey).toMatchObject({ onDelete: 'cascade', validated: true, origin: { line: 4 } });
    expect(fks.c_p_id_fkey.enforced).toBeUndefined();
    expect(c.tables.find((t) => t.name === 'c')!.columns.find((col) => col.name === 'p_id')!.nullable).toBe(false);
    expect(fks.c_p_code_fkey).toMatchObject({ onUpdate: 'cascade', deferrable: true, validated: true });
    expect(fks.c_q_fk).toMatchObject({ onDelete: 'set null', validated: true });
    expect(fks.c_r_fk.validated).toBe(false);
    expect(fks.c_r2_fk.validated).toBe(true);
    expect(fks.c_ne_fk).toMatchObject({ enforced: false, validated: false });
    expect(fks.d_p_id_fkey).toMatchObject({ refTable: 'p', validated: true });
  });
});
