// The command line as a user runs it: the compiled bin in a child process (npm test builds first).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseJsonReport } from '../../src/report/json.js';

const run = promisify(execFile);
const bin = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
const fixture = new URL('../fixtures/tenant-small.sql', import.meta.url).pathname;

async function cli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const scratch = () => mkdtempSync(join(tmpdir(), 'ss-cli-'));

describe('schemascope review', () => {
  it('prints the JSON report on stdout and the summary on stderr', async () => {
    const r = await cli(['review', fixture, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = parseJsonReport(r.stdout);
    expect(report.findings.length).toBeGreaterThan(5);
    const nullable = report.findings.find((f) => f.ruleId === 'tenancy/nullable-tenant-key');
    expect(nullable).toMatchObject({ table: 'public.users', columns: ['organization_id'], origin: { line: 11 } });
    expect(r.stderr).toContain('verdict not-ready');
  });

  it('writes report.md and report.json into --out', async () => {
    const out = scratch();
    const r = await cli(['review', fixture, '--format', 'md,json', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Executive summary');
    expect(parseJsonReport(readFileSync(join(out, 'report.json'), 'utf8')).version).toBeDefined();
  });

  it('--fail-on exits 1 when a finding is at or above the threshold, 0 otherwise', async () => {
    expect((await cli(['review', fixture, '--format', 'json', '--fail-on', 'critical', '-q'])).code).toBe(1);
    const clean = join(scratch(), 'clean.sql');
    writeFileSync(clean, 'CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);\n');
    expect((await cli(['review', clean, '--format', 'json', '--fail-on', 'high', '-q'])).code).toBe(0);
  });

  it('applies a config file: a rule turned off and an ignored finding', async () => {
    const dir = scratch();
    const config = join(dir, 'schemascope.json');
    writeFileSync(
      config,
      JSON.stringify({
        rules: { 'types/timestamp-without-tz': 'off' },
        ignore: [{ rule: 'security/plaintext-secret', table: 'public.users', reason: 'encrypted by the app' }],
      }),
    );
    const r = await cli(['review', fixture, '--format', 'json', '--config', config, '-q']);
    const report = parseJsonReport(r.stdout);
    expect(report.findings.some((f) => f.ruleId === 'types/timestamp-without-tz')).toBe(false);
    expect(report.findings.some((f) => f.ruleId === 'security/plaintext-secret')).toBe(false);
    expect(JSON.parse(r.stdout).ignored[0]).toMatchObject({ reason: 'encrypted by the app' });
  });

  it.each([
    [['review', '/no/such/schema.sql'], /^schemascope: \/no\/such\/schema\.sql: no such file or folder\n$/],
    [['review', 'FIXTURE', '--format', 'pdf'], /^schemascope: --format: unknown format "pdf"/],
    [['review', 'FIXTURE', '--format', 'md,json'], /several formats need --out/],
    [['review', 'FIXTURE', '--fail-on', 'bad'], /argument 'bad' is invalid/],
    [['review', 'oracle://scott@localhost/orcl'], /unsupported database URL/],
    [['review', 'postgres://u:hunter2@127.0.0.1:1/db'], /^schemascope: postgres:\/\/u@127\.0\.0\.1:1\/db: cannot connect: connection refused/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('bad usage %j exits 2 with one line and no stack trace', async (args, pattern) => {
    const r = await cli(args.map((a) => (a === 'FIXTURE' ? fixture : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stdout).toBe('');
  });

  it('a config with an unknown key is one line naming the file and the key', async () => {
    const config = join(scratch(), 'bad.json');
    writeFileSync(config, JSON.stringify({ tenantKey: ['x'] }));
    const r = await cli(['review', fixture, '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${config}: `);
    expect(r.stderr).toContain('tenantKey');
  });

  it('a file that is not SQL is one line naming file:line, exit 2', async () => {
    const notSql = join(scratch(), 'notes.sql');
    writeFileSync(notSql, 'Dear team,\nhere is the schema we discussed.\n');
    const r = await cli(['review', notSql]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^schemascope: .*notes\.sql:1: /);
  });

  it('a partly broken file is reviewed and marked incomplete, with the line of the broken statement', async () => {
    const partial = join(scratch(), 'partial.sql');
    writeFileSync(partial, 'CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id bigint PRIMARY KEY,, x int);\nCREATE TABLE c (id bigint PRIMARY KEY);\n');
    const r = await cli(['review', partial, '--format', 'json', '-q']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.incomplete).toBe(true);
    expect(report.warnings[0].origin.line).toBe(2);
    expect(report.summary.tables).toBe(2);
  });

  it('prints its version and help', async () => {
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    const h = await cli(['review', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--fail-on');
  });
});

describe('schemascope plan', () => {
  it('prints the plan: steps by horizon with risk, locks, pre-flight, forward and rollback SQL', async () => {
    const r = await cli(['plan', fixture]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Migration plan: /);
    expect(r.stdout).toContain('| # | Horizon | Change | Fixes | Risk | Locks | Rollback | After |');
    expect(r.stdout).toContain('## Immediate (critical and high findings)');
    expect(r.stdout).toContain('CREATE INDEX CONCURRENTLY');
    expect(r.stdout).toContain('-- Rollback');
    expect(r.stderr).toMatch(/schemascope plan: \d+ steps fixing \d+ findings/);
  });

  it('--out writes PLAN.md and numbered up/down SQL files with their pre-flights; --verify proves them', async () => {
    const out = scratch();
    const r = await cli(['plan', fixture, '--out', out, '--verify']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Verification: passed');
    const plan = readFileSync(join(out, 'PLAN.md'), 'utf8');
    expect(plan).toContain('## Verification on the embedded PostgreSQL');
    expect(plan).toContain('Every rollback then ran in reverse order, and the catalog was the one we started from.');
    const files = plan.split('\n').filter((l) => l.startsWith('- `')).map((l) => l.slice(3, -1));
    expect(files.some((f) => /^\d{3}_add-index-.*\.up\.sql$/.test(f))).toBe(true);
    for (const f of files) expect(readFileSync(join(out, f), 'utf8').length).toBeGreaterThan(0);
    const up = files.find((f) => f.endsWith('.up.sql'))!;
    expect(files).toContain(up.replace('.up.sql', '.down.sql'));
  });

  it('writes the project\'s own migrations by default: Django migrations for a Django project, Alembic revisions for Alembic', async () => {
    const django = new URL('../sources/django/fixtures/helpdesk', import.meta.url).pathname;
    const out = scratch();
    const d = await cli(['plan', django, '--out', out]);
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/Wrote .*PLAN\.md and \d+ django files/);
    const djangoFiles = readFileSync(join(out, 'PLAN.md'), 'utf8').split('\n').filter((l) => l.startsWith('- `')).map((l) => l.slice(3, -1));
    expect(djangoFiles.length).toBeGreaterThan(0);
    for (const f of djangoFiles) expect(f).toMatch(/^\w+\/migrations\/\d{4}_schemascope_\w+\.py$/);
    expect(readFileSync(join(out, djangoFiles[0]), 'utf8')).toContain('class Migration(migrations.Migration):');

    const alembic = new URL('../sources/sqlalchemy/fixtures/saas', import.meta.url).pathname;
    const out2 = scratch();
    const a = await cli(['plan', alembic, '--out', out2, '--format', 'alembic']);
    expect(a.code).toBe(0);
    const revisions = readFileSync(join(out2, 'PLAN.md'), 'utf8').split('\n').filter((l) => l.startsWith('- `')).map((l) => l.slice(3, -1));
    for (const f of revisions) expect(f).toMatch(/^alembic\/versions\/[0-9a-f]{12}_schemascope_\w+\.py$/);
    expect(readFileSync(join(out2, revisions[0]), 'utf8')).toMatch(/^down_revision = '[0-9a-f]+'$/m);
  });

  it('writes Laravel migrations for a Laravel project, and a schema edit with SQL migrations for Prisma', async () => {
    const laravel = new URL('../sources/laravel/fixtures/booking', import.meta.url).pathname;
    const out = scratch();
    const l = await cli(['plan', laravel, '--out', out]);
    expect(l.code).toBe(0);
    const laravelFiles = readFileSync(join(out, 'PLAN.md'), 'utf8').split('\n').filter((x) => x.startsWith('- `')).map((x) => x.slice(3, -1));
    expect(laravelFiles.length).toBeGreaterThan(0);
    for (const f of laravelFiles) expect(f).toMatch(/^database\/migrations\/\d{4}_\d{2}_\d{2}_\d{6}_schemascope_\w+\.php$/);
    expect(readFileSync(join(out, laravelFiles[0]), 'utf8')).toContain('return new class extends Migration');

    const prisma = new URL('../sources/prisma/fixtures/saas-postgres', import.meta.url).pathname;
    const out2 = scratch();
    const p = await cli(['plan', prisma, '--out', out2]);
    expect(p.code).toBe(0);
    const prismaFiles = readFileSync(join(out2, 'PLAN.md'), 'utf8').split('\n').filter((x) => x.startsWith('- `')).map((x) => x.slice(3, -1));
    expect(prismaFiles).toContain('prisma/schema.prisma');
    expect(prismaFiles.some((f) => /^prisma\/migrations\/\d{14}_schemascope_\w+\/migration\.sql$/.test(f))).toBe(true);
  });

  it('--verify proves the plan of a Django project on its schema written back as DDL', async () => {
    const django = new URL('../sources/django/fixtures/helpdesk', import.meta.url).pathname;
    const out = scratch();
    const r = await cli(['plan', django, '--verify', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Verification: passed');
    const plan = readFileSync(join(out, 'PLAN.md'), 'utf8');
    expect(plan).toContain('written back as PostgreSQL DDL, was loaded into the embedded PostgreSQL (your database is not touched)');
    expect(plan).toMatch(/\d+ of \d+ steps applied/);
    expect(plan).toContain('Every rollback then ran in reverse order, and the catalog was the one we started from.');
  });

  it('--verify on a source that is not PostgreSQL, and an unknown format, are usage errors (exit 2)', async () => {
    const laravel = new URL('../sources/laravel/fixtures/booking', import.meta.url).pathname;
    const v = await cli(['plan', laravel, '--verify']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/^schemascope: --verify: only PostgreSQL schemas can be verified .*\(this is mysql\)/);
    const f = await cli(['plan', fixture, '--format', 'liquibase', '--out', scratch()]);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('unknown plan format "liquibase"');
  });
});
