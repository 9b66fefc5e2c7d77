// The Django source: a Django project read into the catalog by replaying its migrations across apps in the
// order of their dependency graph (as `manage.py migrate` applies them), with Django's physical conventions on
// PostgreSQL, plus what models.py says (relationships with on_delete, hooks, managers, encrypted fields, soft
// delete, fields no migration creates). Python is parsed with tree-sitter; nothing is imported or executed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { AppFacts, Catalog, MigrationGraph, MigrationNode, Suppression } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { buildTables, knownFieldType, type Settings } from './build.js';
import { parseMigration, replayMigration, type ParsedMigration } from './migrations.js';
import { appModels, customFieldBases, driftNotes, dynamicFieldWarnings, readModelClasses, resolveCustomFields, resolveModels, type PyClass, type Receiver } from './models.js';
import { assignmentsIn, classesIn, errorLines, lastName, pythonParser, pyValue, str, suppressionComments, truthy, type Node } from './python.js';
import { applySql, loadSqlParser } from './sql.js';
import { readFixtures } from './fixtures.js';
import { ProjectState } from './state.js';

export { djangoIndexName } from './build.js';
export { PY_NODE_TYPES, pythonParser } from './python.js';

export interface DjangoLoadOptions {
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', 'env', '.env', '__pycache__', 'site-packages', 'static', 'media', 'templates', 'dist', 'build', '.tox', '.mypy_cache']);

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function hasInitialMigration(dir: string): boolean {
  return list(join(dir, 'migrations')).some((f) => /^0001_.*\.py$/.test(f));
}

/** A Django project: a folder with manage.py, or apps whose migrations/ hold a 0001_*.py (cheap: names only). */
export function detectDjango(path: string): boolean {
  if (!isDir(path)) return false;
  if (existsSync(join(path, 'manage.py'))) return true;
  if (hasInitialMigration(path)) return true;
  return list(path).some((e) => !e.startsWith('.') && !SKIP_DIRS.has(e) && hasInitialMigration(join(path, e)));
}

interface App {
  label: string;
  dir: string;
  migrationFiles: string[];
  modelFiles: string[];
}

/** Modules that usually hold custom field classes: `fields.py` and `fields/*.py`, four levels deep. */
function fieldModules(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const e of list(dir)) {
      const p = join(dir, e);
      if (e === 'fields.py') out.push(p);
      else if (e.startsWith('.') || SKIP_DIRS.has(e) || e === 'migrations' || e === 'tests' || depth >= 4 || !isDir(p)) continue;
      else if (e === 'fields') out.push(...list(p).filter((f) => f.endsWith('.py') && f !== '__init__.py').map((f) => join(p, f)));
      else walk(p, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/** Folders that are Django apps: a migrations/ package, or a models.py / models/ package (three levels deep). */
function findApps(root: string): App[] {
  const apps: App[] = [];
  const walk = (dir: string, depth: number) => {
    const entries = list(dir);
    const migrations = entries.includes('migrations') && isDir(join(dir, 'migrations'))
      ? list(join(dir, 'migrations')).filter((f) => f.endsWith('.py') && !f.startsWith('_') && !f.startsWith('~')).map((f) => join(dir, 'migrations', f))
      : [];
    const modelFiles = entries.includes('models.py')
      ? [join(dir, 'models.py')]
      : entries.includes('models') && isDir(join(dir, 'models'))
        ? list(join(dir, 'models')).filter((f) => f.endsWith('.py')).map((f) => join(dir, 'models', f))
        : [];
    if (migrations.length || modelFiles.length) apps.push({ label: basename(dir), dir, migrationFiles: migrations, modelFiles });
    if (depth >= 3) return;
    for (const e of entries) {
      if (e.startsWith('.') || SKIP_DIRS.has(e) || e === 'migrations' || e === 'models' || e === 'tests') continue;
      const p = join(dir, e);
      if (isDir(p)) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  return apps;
}

function settingsFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const e of list(dir)) {
      const p = join(dir, e);
      if (e === 'settings.py') {
        out.push(p);
      } else if (e === 'settings' && isDir(p)) {
        for (const f of list(p)) if (f.endsWith('.py') && !f.startsWith('_')) out.push(join(p, f));
      } else if (depth < 2 && !e.startsWith('.') && !SKIP_DIRS.has(e) && isDir(p)) {
        walk(p, depth + 1);
      }
    }
  };
  walk(root, 0);
  // base/common settings first, so production/local overrides win
  return out.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function rank(p: string): number {
  const n = basename(p);
  return n === 'settings.py' || n === 'base.py' || n === 'common.py' ? 0 : n === 'production.py' || n === 'prod.py' ? 2 : 1;
}

export async function loadDjango(path: string, opts: DjangoLoadOptions = {}): Promise<Catalog> {
  const root = resolve(path);
  if (!isDir(root)) throw new UsageError(`${path}: not a folder (a Django project is a folder with manage.py or apps with migrations)`);
  const apps = findApps(root);
  if (!apps.some((a) => a.migrationFiles.length || a.modelFiles.length)) throw new UsageError(`${path}: not a Django project (no app with migrations/ or models.py)`);
  const parser = await pythonParser();
  await loadSqlParser();
  const shown = (p: string) => relative(process.cwd(), p) || p;
  const state = new ProjectState();
  const suppressions: Suppression[] = [];
  const parse = (file: string): { root: Node; done: () => void } | undefined => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      state.warn('django-unreadable-file', `${shown(file)}: could not be read`, { file: shown(file), line: 1 });
      return undefined;
    }
    const tree = parser.parse(text);
    if (!tree) return undefined;
    const rel = shown(file);
    const errs = errorLines(tree.rootNode);
    if (errs.length) state.warn('django-syntax-error', `${rel}:${errs[0]}: Python syntax error${errs.length > 1 ? ` (and at ${errs.length - 1} more lines)` : ''}; what parses around it is still read`, { file: rel, line: errs[0] });
    if (text.includes('schemascope-ignore')) for (const s of suppressionComments(tree.rootNode)) suppressions.push({ file: rel, ...s });
    return { root: tree.rootNode, done: () => tree.delete() };
  };

  // ---- settings ----
  const settings: Settings = { useTz: true, defaultAutoField: 'BigAutoField', appAutoField: new Map(), authUserModel: 'auth.User' };
  let autoFrom: { file: string; line: number } | undefined;
  let engine: { value: string; file: string; line: number } | undefined;
  let tzFrom: { file: string; line: number } | undefined;
  for (const f of settingsFiles(root)) {
    const p = parse(f);
    if (!p) continue;
    const rel = shown(f);
    for (const a of assignmentsIn(p.root)) {
      const v = pyValue(a.value);
      if (a.name === 'DEFAULT_AUTO_FIELD' && str(v)) {
        settings.defaultAutoField = lastName(str(v)!);
        autoFrom = { file: rel, line: a.line };
      } else if (a.name === 'USE_TZ' && truthy(v) !== undefined) {
        settings.useTz = truthy(v)!;
        tzFrom = { file: rel, line: a.line };
      } else if (a.name === 'AUTH_USER_MODEL' && str(v)) settings.authUserModel = str(v)!;
      else if (a.name === 'DATABASES' && v.k === 'dict') {
        const def = v.entries.find(([k]) => str(k) === 'default')?.[1];
        const e = def?.k === 'dict' ? def.entries.find(([k]) => str(k) === 'ENGINE')?.[1] : undefined;
        if (str(e)) engine = { value: str(e)!, file: rel, line: e!.line };
      }
    }
    p.done();
  }
  for (const app of apps) {
    const f = join(app.dir, 'apps.py');
    if (!existsSync(f)) continue;
    const p = parse(f);
    if (!p) continue;
    for (const cls of classesIn(p.root)) {
      const body = cls.childForFieldName('body');
      if (!body) continue;
      for (const a of assignmentsIn(body)) {
        const v = str(pyValue(a.value));
        if (a.name === 'default_auto_field' && v) settings.appAutoField.set(app.label, lastName(v));
        if (a.name === 'label' && v) app.label = v;
      }
    }
    p.done();
  }
  const authUserApp = settings.authUserModel.split('.')[0];
  if (autoFrom) state.note('default-auto-field', `DEFAULT_AUTO_FIELD = ${settings.defaultAutoField}: implicit \`id\` keys are ${settings.defaultAutoField === 'AutoField' ? 'integer' : settings.defaultAutoField === 'SmallAutoField' ? 'smallint' : 'bigint'} identity columns (GENERATED BY DEFAULT AS IDENTITY, Django 4.1+)`, autoFrom);
  else state.warn('django-default-auto-field', 'no DEFAULT_AUTO_FIELD in settings: implicit `id` keys are assumed to be BigAutoField (bigint identity), as startproject writes since Django 3.2', undefined, true);
  if (!tzFrom) state.warn('django-use-tz', 'no USE_TZ in settings: DateTimeField is assumed to be timestamp with time zone (USE_TZ defaults to True since Django 5.0)', undefined, true);
  else if (!settings.useTz) state.note('use-tz', 'USE_TZ = False: DateTimeField columns are timestamp without time zone', tzFrom);
  if (engine && !/postgres|postgis/.test(engine.value)) {
    state.warn('django-engine', `${engine.file}:${engine.line}: DATABASES ENGINE is ${engine.value}; the schema is replayed with Django's PostgreSQL types`, engine);
  }

  // ---- migrations ----
  const parsed: ParsedMigration[] = [];
  const allMigrationFiles = apps.flatMap((a) => a.migrationFiles.map((f) => ({ app: a, file: f })));
  const total = allMigrationFiles.length;
  for (const { app, file } of allMigrationFiles) {
    const p = parse(file);
    if (!p) continue;
    const m = parseMigration(p.root, shown(file), app.label, basename(file, '.py'), authUserApp, state);
    p.done();
    if (m) parsed.push(m);
  }
  const ordered = orderMigrations(parsed, state);
  const nodes: MigrationNode[] = [];
  ordered.forEach((m, i) => {
    const operations = replayMigration(m, state);
    nodes.push({
      id: m.id,
      file: m.file,
      dependsOn: m.resolvedDeps,
      atomic: m.atomic,
      operations,
      reversible: operations.every((o) => o.reversible),
    });
    opts.onProgress?.(i + 1, total);
  });
  const heads: string[] = [];
  for (const app of new Set(ordered.map((m) => m.app))) {
    const inApp = ordered.filter((m) => m.app === app);
    const leaves = inApp.filter((m) => !inApp.some((o) => o.resolvedDeps.includes(m.id)));
    heads.push(...leaves.map((m) => m.id));
    if (leaves.length > 1) {
      state.note(
        'migration-conflict',
        `app ${app} has ${leaves.length} leaf migrations (${leaves.map((l) => l.name).join(', ')}): conflicting histories that \`migrate\` refuses to apply until a merge migration (makemigrations --merge) joins them`,
        { file: leaves[1].file, line: leaves[1].line },
      );
    }
  }
  const graph: MigrationGraph | undefined = nodes.length ? { framework: 'django', nodes, heads } : undefined;

  // ---- models ----
  const classes: PyClass[] = [];
  const receivers: Receiver[] = [];
  const fieldBases = new Map<string, string>();
  for (const app of apps) {
    for (const f of app.modelFiles) {
      const p = parse(f);
      if (!p) continue;
      const r = readModelClasses(p.root, shown(f), app.label);
      classes.push(...r.classes);
      receivers.push(...r.receivers);
      customFieldBases(p.root, fieldBases);
      dynamicFieldWarnings(p.root, shown(f), state);
      p.done();
    }
  }
  const modelFileSet = new Set(apps.flatMap((a) => a.modelFiles));
  for (const f of fieldModules(root)) {
    if (modelFileSet.has(f)) continue;
    const p = parse(f);
    if (!p) continue;
    customFieldBases(p.root, fieldBases);
    p.done();
  }
  const customFields = resolveCustomFields(fieldBases, knownFieldType);
  if (customFields.size) settings.customFields = customFields;
  const modelsState = new ProjectState();
  const modelSet = resolveModels(classes, modelsState, settings);
  for (const c of modelSet.classes.values()) for (const n of c.notes) state.note(n.kind, n.message, n.origin);
  let physical: ProjectState = state;
  if (!nodes.length) {
    // No migrations: models.py is the schema.
    for (const m of modelSet.states) state.models.set(`${m.app}.${m.name.toLowerCase()}`, m);
    state.warn('django-no-migrations', 'no migrations found: the schema is built from models.py as `makemigrations` would create it', undefined, true);
    physical = state;
  } else {
    driftNotes(modelSet, state, new Set(apps.filter((a) => a.migrationFiles.length).map((a) => a.label)));
  }
  state.warnings.push(...modelsState.warnings);

  const built = buildTables(physical, settings);
  let tables = built.tables;
  applySql(state.sql, tables, state);
  if (opts.schemas?.length) tables = tables.filter((t) => opts.schemas!.includes(t.schema));

  const models = appModels(modelSet, receivers, modelsState, settings, physical);
  // Encrypted fields the migrations declare count even when models.py is missing.
  for (const [table, cols] of built.encrypted) {
    const m = models.find((x) => x.table === `public.${table}`);
    if (m) for (const c of cols) if (!m.encryptedColumns.includes(c)) m.encryptedColumns.push(c);
  }
  const fixtures = readFixtures(apps, settings.authUserModel, shown, state);
  const app: AppFacts = { frameworks: ['django'], models, notes: state.notes, ...(fixtures.length ? { fixtures } : {}) };
  return {
    source: {
      kind: 'django',
      location: shown(root),
      dialect: 'postgres',
      files: [...allMigrationFiles.map((x) => shown(x.file)), ...apps.flatMap((a) => a.modelFiles.map(shown))],
      statements: nodes.reduce((n, x) => n + x.operations.length, 0),
    },
    schemas: ['public'],
    tables,
    functions: [],
    enums: [],
    sequences: [],
    hasLiveStats: false,
    warnings: state.warnings,
    ...(suppressions.length ? { suppressions } : {}),
    app,
    ...(graph ? { migrations: graph } : {}),
    enforcement: { onDeleteEnforcedBy: 'application' },
  };
}

type Ordered = ParsedMigration & { resolvedDeps: string[] };

/** Orders migrations so each comes after its dependencies (Kahn's algorithm, ties by app then name). */
function orderMigrations(all: ParsedMigration[], state: ProjectState): Ordered[] {
  const byId = new Map(all.map((m) => [m.id, m]));
  // A squashed migration stands in for the ones it replaces only when they are gone.
  const replacedPresent = (m: ParsedMigration) => m.replaces.some((r) => byId.has(`${r.app}.${r.name}`));
  const used = all.filter((m) => !(m.replaces.length && replacedPresent(m)));
  for (const m of all) if (m.replaces.length && replacedPresent(m)) state.warn('django-squashed', `${m.file}: squashed migration not replayed; the migrations it replaces are still present and are replayed instead`, { file: m.file, line: m.line }, true);
  const alias = new Map<string, string>();
  for (const m of used) for (const r of m.replaces) alias.set(`${r.app}.${r.name}`, m.id);
  const usedIds = new Set(used.map((m) => m.id));
  const appsKnown = new Set(all.map((m) => m.app));
  const firstOf = (app: string) => used.filter((m) => m.app === app && !m.dependencies.some((d) => d.app === app)).map((m) => m.id).sort()[0];
  const leafOf = (app: string) => {
    const inApp = used.filter((m) => m.app === app);
    return inApp.filter((m) => !inApp.some((o) => o.dependencies.some((d) => d.app === app && d.name === m.name))).map((m) => m.id).sort().pop();
  };
  const out: Ordered[] = used.map((m) => ({ ...m, resolvedDeps: [] }));
  for (const m of out) {
    for (const d of m.dependencies) {
      let id = d.name === '__first__' ? firstOf(d.app) : d.name === '__latest__' ? leafOf(d.app) : `${d.app}.${d.name}`;
      if (id && alias.has(id)) id = alias.get(id);
      if (!id || !usedIds.has(id)) {
        const ext = `${d.app}.${d.name}`;
        if (appsKnown.has(d.app)) state.warn('django-missing-dependency', `${m.file}:${d.line}: depends on ${ext}, which does not exist in the project`, { file: m.file, line: d.line });
        m.resolvedDeps.push(id ?? ext);
        continue;
      }
      if (id !== m.id && !m.resolvedDeps.includes(id)) m.resolvedDeps.push(id);
    }
  }
  const pending = new Map(out.map((m) => [m.id, m]));
  const done = new Set<string>();
  const result: Ordered[] = [];
  const ready = (m: Ordered) => m.resolvedDeps.every((d) => done.has(d) || !pending.has(d) && !usedIds.has(d));
  while (pending.size) {
    const next = [...pending.values()].filter(ready).sort((a, b) => a.id.localeCompare(b.id))[0];
    if (!next) {
      const stuck = [...pending.values()].sort((a, b) => a.id.localeCompare(b.id));
      state.warn('django-dependency-cycle', `migrations ${stuck.map((m) => m.id).join(', ')} depend on each other in a cycle; replayed in name order`, { file: stuck[0].file, line: stuck[0].line });
      for (const m of stuck) {
        result.push(m);
        pending.delete(m.id);
      }
      break;
    }
    result.push(next);
    done.add(next.id);
    pending.delete(next.id);
  }
  return result;
}
