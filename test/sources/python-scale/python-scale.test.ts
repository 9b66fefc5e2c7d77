// Python projects at the size real teams have (bench/generate-python.js): a Django project of 30 apps × 10
// migrations (squashed migrations, a custom field class, models split into packages, Python 3.12 syntax, fields
// built in a loop) and an Alembic project of 200 revisions (branches, merges, batch ops, op.execute) load without
// a crash, with the tables expected, and what cannot be read is a warning at its file:line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, LoadWarning } from '../../../src/catalog/types.js';
import { loadDjango } from '../../../src/sources/django/index.js';
import { loadSqlalchemy } from '../../../src/sources/sqlalchemy/index.js';

interface DjangoGen {
  tables: string[];
  moneyColumns: string[];
  migrationFiles: number;
  loopFields: string[];
  apps: string[];
}
interface AlembicGen {
  tables: string[];
  revisions: number;
  merges: number;
}
interface Generators {
  generateDjangoProject(dir: string, o: { apps: number; migrationsPerApp: number }): DjangoGen;
  generateAlembicProject(dir: string, o: { revisions: number }): AlembicGen;
}

const here = dirname(fileURLToPath(import.meta.url));
const generator = pathToFileURL(join(here, '..', '..', '..', 'bench', 'generate-python.js')).href;

let tmp: string;
let djangoDir: string;
let alembicDir: string;
let dj: DjangoGen;
let al: AlembicGen;
let django: Catalog;
let alembic: Catalog;
let djangoMs = 0;
let alembicMs = 0;

/** The warning's file resolved against the working directory, as the loaders write it (relative to cwd). */
const fileOf = (w: LoadWarning) => (w.origin && 'file' in w.origin ? resolve(w.origin.file) : undefined);
const lineOf = (w: LoadWarning) => (w.origin && 'line' in w.origin ? w.origin.line : undefined);

beforeAll(async () => {
  const gen = (await import(generator)) as Generators;
  tmp = mkdtempSync(join(tmpdir(), 'schemascope-pyscale-'));
  djangoDir = join(tmp, 'django');
  alembicDir = join(tmp, 'alembic');
  dj = gen.generateDjangoProject(djangoDir, { apps: 30, migrationsPerApp: 10 });
  al = gen.generateAlembicProject(alembicDir, { revisions: 200 });
  let t = performance.now();
  django = await loadDjango(djangoDir);
  djangoMs = performance.now() - t;
  t = performance.now();
  alembic = await loadSqlalchemy(alembicDir);
  alembicMs = performance.now() - t;
}, 60_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Django at scale (30 apps × 10 migrations)', () => {
  it('loads every table the migrations create, each once', () => {
    expect(dj.tables.length).toBe(120);
    // 30 × 10 files, minus app_02's three replaced originals, plus two squashed migrations
    expect(dj.migrationFiles).toBe(299);
    const names = django.tables.map((t) => t.name).sort();
    expect(names).toEqual(dj.tables);
    expect(new Set(names).size).toBe(names.length);
    expect(django.migrations?.nodes.length).toBe(298); // app_01's squash is set aside: its originals are present
    expect(djangoMs).toBeLessThan(8000);
  });

  it('uses a squashed migration only where its originals are gone', () => {
    const ids = new Set(django.migrations!.nodes.map((n) => n.id));
    expect(ids.has('app_01.0001_initial')).toBe(true);
    expect(ids.has('app_01.0001_squashed_0003_add_note_3')).toBe(false);
    expect(ids.has('app_02.0001_squashed_0003_add_note_3')).toBe(true);
    expect(ids.has('app_02.0001_initial')).toBe(false);
    // app_03 depended on app_02.0001_initial, which the squash replaces
    expect(django.migrations!.nodes.find((n) => n.id === 'app_03.0001_initial')!.dependsOn).toContain('app_02.0001_squashed_0003_add_note_3');
    const squashed = django.warnings.filter((w) => w.code === 'django-squashed');
    expect(squashed).toHaveLength(1);
    expect(fileOf(squashed[0])).toBe(join(djangoDir, 'app_01', 'migrations', '0001_squashed_0003_add_note_3.py'));
    for (const app of ['app_01', 'app_02']) {
      const entry = django.tables.find((t) => t.name === `${app}_entry2`)!;
      expect(entry.columns.map((c) => c.name)).toEqual(['id', 'title', 'amount', 'account_id', 'note']);
      expect(entry.columns.find((c) => c.name === 'note')!.dataType).toBe('text');
    }
    expect(django.warnings.filter((w) => w.code === 'django-missing-dependency')).toEqual([]);
  });

  it('types a custom field class (MoneyField extends DecimalField) as its base: numeric', () => {
    expect(dj.moneyColumns.length).toBe(120);
    for (const qc of dj.moneyColumns) {
      const [t, c] = qc.split('.');
      const col = django.tables.find((x) => x.name === t)!.columns.find((x) => x.name === c)!;
      expect(col.family, qc).toBe('numeric');
      expect(col.dataType).toBe('numeric(12,2)');
    }
    expect(django.warnings.filter((w) => w.code === 'django-unknown-field-type')).toEqual([]);
  });

  it('warns at file:line for fields built in a loop, and for nothing it reads fine', () => {
    const dyn = django.warnings.filter((w) => w.code === 'django-dynamic-field');
    expect(dyn).toHaveLength(2 * dj.apps.length);
    for (const w of dyn) {
      expect(fileOf(w)!.startsWith(djangoDir + '/')).toBe(true);
      expect(fileOf(w)!.endsWith(join('models', 'entries.py'))).toBe(true);
      expect(lineOf(w)!).toBeGreaterThanOrEqual(1);
      expect(w.message).toContain(`:${lineOf(w)}:`);
    }
    expect(dyn.some((w) => w.message.includes('in class Flags') && w.message.includes('for flag in'))).toBe(true);
    // Python 3.12 syntax (type aliases, PEP 695 generics, match, nested f-string quotes) parses cleanly.
    expect(django.warnings.filter((w) => w.code === 'django-syntax-error')).toEqual([]);
    // Every other warning is either a note or has a file:line inside the project.
    for (const w of django.warnings.filter((x) => !x.note)) {
      expect(fileOf(w), w.message).toBeDefined();
      expect(fileOf(w)!.startsWith(djangoDir + '/'), w.message).toBe(true);
      expect(lineOf(w)!).toBeGreaterThanOrEqual(1);
    }
    // models and migrations agree: no drift notes
    expect((django.app?.notes ?? []).filter((n) => /drift|not in|no migration/.test(n.kind))).toEqual([]);
  });

  it('applies RunSQL indexes and the foreign keys across apps', () => {
    const e = django.tables.find((t) => t.name === 'app_10_entry2')!;
    expect(e.indexes.map((i) => i.name)).toContain('app_10_entry2_note_idx');
    const acc = django.tables.find((t) => t.name === 'app_10_account')!;
    expect(acc.foreignKeys.map((f) => f.refTable)).toContain('app_09_account');
  });
});

describe('Alembic at scale (200 revisions)', () => {
  it('loads every table, with branches and merges, and no warnings', () => {
    expect(al.tables.length).toBe(97);
    expect(alembic.tables.map((t) => t.name).sort()).toEqual(al.tables);
    expect(alembic.migrations?.nodes.length).toBe(200);
    expect(alembic.migrations?.heads).toEqual(['r0199abcdef']);
    expect(alembic.migrations!.nodes.filter((n) => n.dependsOn.length === 2)).toHaveLength(al.merges);
    expect(alembic.warnings.filter((w) => !w.note)).toEqual([]);
    expect(alembicMs).toBeLessThan(8000);
  });

  it('replays batch ops, op.execute and alter_column', () => {
    const cols = (name: string) => Object.fromEntries(alembic.tables.find((x) => x.name === name)!.columns.map((c) => [c.name, c.dataType]));
    const indexes = (name: string) => alembic.tables.find((x) => x.name === name)!.indexes.map((i) => i.name);
    expect(cols('table_0').status).toBe('character varying(20)'); // batch_op.add_column (revision 1)
    expect(indexes('table_0')).toEqual(expect.arrayContaining(['ix_table_0_name', 'ix_table_0_status']));
    expect(cols('table_1').meta).toBe('jsonb'); // op.add_column + op.execute (revision 3)
    expect(cols('table_2').name).toBe('character varying(200)'); // alter_column (revision 5)
    expect(indexes('table_2')).toContain('ix_table_2_created'); // op.execute(sa.text("CREATE INDEX …"))
    expect(alembic.tables.find((x) => x.name === 'table_5')!.foreignKeys.map((f) => f.refTable)).toEqual(['table_4']);
  });
});
