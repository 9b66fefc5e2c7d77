// The SQLAlchemy + Alembic source. When the project has Alembic revisions, they define the physical schema: each
// upgrade() is replayed in graph order (down_revision links, merges) into catalog tables. The declarative models
// supply the application facts (models, relationships, encrypted columns, notes such as a relationship assigned twice
// or a mutable default) and the drift between models and migrations. Without revisions the models build the schema.
// Python is parsed with tree-sitter and never executed; what cannot be read is a warning at its file:line.
import { existsSync, readdirSync, readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { AppFacts, Catalog, Dialect, MigrationNode, Origin, SequenceInfo, Suppression } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { UsageError } from '../../errors.js';
import { orderRevisions, readRevision, replayRevision, type Revision } from './alembic.js';
import { appModels, buildTablesFromModels, driftNotes, enumResolver, readModel, readModule, type ModelInfo, type PyClass, type PyTable } from './models.js';
import { loadPython, suppressionComments, type Node } from './python.js';
import { loadSqlParser, SchemaModel, type Note } from './schema.js';

export interface SqlalchemyLoadOptions {
  schemas?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Replay for this dialect instead of the one alembic.ini's sqlalchemy.url names (default postgres). */
  dialect?: Dialect;
}

const SKIP_DIRS = new Set(['node_modules', 'venv', '.venv', 'env', '.env', 'site-packages', '__pycache__', '.git', '.tox', '.mypy_cache', 'build', 'dist', 'tests', 'test']);

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function head(file: string, bytes = 16384): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const n = readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

function pyFiles(dir: string, depth: number, out: string[] = [], skip?: Set<string>): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (skip?.has(p)) continue;
    if (e.endsWith('.py')) {
      out.push(p);
      continue;
    }
    if (depth > 0 && !SKIP_DIRS.has(e) && !e.startsWith('.') && isDir(p)) pyFiles(p, depth - 1, out, skip);
  }
  return out;
}

/** `script_location`, `version_locations` and `sqlalchemy.url` of alembic.ini's [alembic] section (an INI file). */
export function readAlembicIni(file: string): { scriptLocation?: string; versionLocations: string[]; url?: string } {
  const here = dirname(file);
  const out: { scriptLocation?: string; versionLocations: string[]; url?: string } = { versionLocations: [] };
  let section = '';
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      continue;
    }
    if (section !== 'alembic') continue;
    const eq = line.search(/[=:]/);
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim().replace(/%\(here\)s/g, here);
    if (key === 'script_location') out.scriptLocation = resolve(here, value.includes(':') && !value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value) ? value.split(':').pop()!.replace(/\./g, '/') : value);
    else if (key === 'version_locations') out.versionLocations = value.split(/[\s,;]+/).filter(Boolean).map((v) => resolve(here, v));
    else if (key === 'sqlalchemy.url') out.url = value;
  }
  return out;
}

function dialectFromUrl(url: string | undefined): Dialect | undefined {
  if (!url) return undefined;
  const scheme = url.split(':')[0].split('+')[0].toLowerCase();
  if (scheme === 'postgresql' || scheme === 'postgres') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  if (scheme === 'sqlite') return 'sqlite';
  return undefined;
}

/** Folders holding Alembic revision files under `root`. */
function versionFolders(root: string): { folders: string[]; ini?: string; url?: string } {
  if (basename(root) === 'versions' && isDir(root)) {
    const ini = [join(root, '..', '..', 'alembic.ini'), join(root, '..', 'alembic.ini')].find(existsSync);
    return { folders: [root], ...(ini ? { ini, url: readAlembicIni(ini).url } : {}) };
  }
  const ini = join(root, 'alembic.ini');
  if (existsSync(ini)) {
    const cfg = readAlembicIni(ini);
    const folders = cfg.versionLocations.length ? cfg.versionLocations : cfg.scriptLocation ? [join(cfg.scriptLocation, 'versions')] : [];
    const found = folders.filter(isDir);
    if (found.length) return { folders: found, ini, url: cfg.url };
  }
  for (const d of ['alembic', 'migrations', 'db/migrations', 'app/migrations', 'src/migrations', 'database/migrations']) {
    const v = join(root, d, 'versions');
    if (isDir(v) && existsSync(join(root, d, 'env.py'))) return { folders: [v] };
  }
  return { folders: [] };
}

/**
 * An Alembic project (alembic.ini, or an env.py beside a versions/ folder), a versions/ folder itself, or Python
 * files declaring `__tablename__` near the top of the target (decided by file names and a small read).
 */
export function detectSqlalchemy(path: string): boolean {
  try {
    const st = statSync(path);
    if (st.isFile()) return path.endsWith('.py') && head(path).includes('__tablename__');
    if (existsSync(join(path, 'alembic.ini'))) return true;
    if (existsSync(join(path, 'manage.py'))) return false; // a Django project
    if (basename(path) === 'versions') return pyFiles(path, 0).slice(0, 5).some((f) => /^\s*down_revision\b/m.test(head(f, 4096)));
    if (versionFolders(path).folders.length) return true;
    const files = pyFiles(path, 2).slice(0, 200);
    return files.some((f) => head(f).includes('__tablename__'));
  } catch {
    return false;
  }
}

const MODEL_TOKENS = ['__tablename__', 'Column(', 'mapped_column(', 'Table(', 'Enum', 'Mapped['];

export async function loadSqlalchemy(path: string, opts: SqlalchemyLoadOptions = {}): Promise<Catalog> {
  const root = resolve(path);
  if (!existsSync(root)) throw new UsageError(`${path}: no such file or folder`);
  const single = !isDir(root);
  const shown = (p: string) => relative(process.cwd(), p) || p;
  const { folders, url } = single ? { folders: [] as string[], url: undefined } : versionFolders(root);
  const dialect: Dialect = opts.dialect ?? dialectFromUrl(url) ?? 'postgres';
  const schema = dialect === 'postgres' ? 'public' : '';
  const model = new SchemaModel(dialect, schema);
  const warn = (code: string, message: string, origin?: Origin) => model.warn(code, message, origin);

  const revisionFiles = folders.flatMap((f) => pyFiles(f, 1)).filter((f) => !basename(f).startsWith('__'));
  const skip = new Set<string>(folders.map((f) => dirname(f)));
  const modelFiles = single ? [root] : pyFiles(root, 6, [], skip).filter((f) => !revisionFiles.includes(f));
  if (!revisionFiles.length && !modelFiles.length) throw new UsageError(`${path}: no Alembic revisions and no SQLAlchemy models found`);

  const [py] = await Promise.all([loadPython(), loadSqlParser()]);
  const trees: { delete(): void }[] = [];
  const suppressions: Suppression[] = [];
  const parse = (file: string): { root: Node; text: string } | undefined => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      warn('sqlalchemy-unreadable-file', `${shown(file)}: could not be read`, { file: shown(file), line: 1 });
      return undefined;
    }
    const tree = py.parser.parse(text);
    if (!tree) return undefined;
    trees.push(tree);
    if (text.includes('schemascope-ignore')) for (const s of suppressionComments(tree.rootNode)) suppressions.push({ file: shown(file), ...s });
    return { root: tree.rootNode, text };
  };

  try {
    // Models (and enum classes) first: revisions may name Python enums in sa.Enum(...).
    const classes: PyClass[] = [];
    const pyTables: PyTable[] = [];
    for (const file of modelFiles) {
      const h = head(file, 1 << 20);
      if (!MODEL_TOKENS.some((t) => h.includes(t))) continue;
      const parsed = parse(file);
      if (!parsed) continue;
      if (parsed.root.hasError && parsed.text.includes('__tablename__')) {
        warn('python-syntax', `Python syntax the parser could not read; the models around it may be missing`, { file: shown(file), line: firstError(parsed.root) });
      }
      readModule(parsed.root, shown(file), classes, pyTables);
    }
    const enums = enumResolver(classes);
    const byName = new Map<string, PyClass>();
    for (const c of classes) if (!byName.has(c.name)) byName.set(c.name, c);
    const notes: Note[] = [];
    const ctx = { dialect, enums, notes, warn: (code: string, msg: string, origin: Origin) => warn(code, msg, origin), classNames: new Set(classes.map((c) => c.name)) };
    const models: ModelInfo[] = [];
    for (const c of classes) {
      const mi = readModel(c, byName, ctx);
      if (mi) models.push(mi);
    }

    // Alembic revisions.
    const nodes: MigrationNode[] = [];
    let heads: string[] = [];
    const graphNotes: Note[] = [];
    if (revisionFiles.length) {
      const revs: Revision[] = [];
      for (const file of revisionFiles) {
        const parsed = parse(file);
        if (!parsed) continue;
        const rev = readRevision(parsed.root, shown(file), warn);
        if (rev) revs.push(rev);
        else if (parsed.text.includes('def upgrade')) warn('alembic-no-revision', `${shown(file)} has upgrade() but no literal \`revision = "…"\`; not replayed`, { file: shown(file), line: 1 });
      }
      const ordered = orderRevisions(revs, warn, graphNotes);
      heads = ordered.heads;
      ordered.ordered.forEach((rev, i) => {
        nodes.push(replayRevision(rev, model, enums));
        opts.onProgress?.(i + 1, ordered.ordered.length);
      });
    } else {
      buildTablesFromModels(models, pyTables, model, enums);
      opts.onProgress?.(1, 1);
    }

    let tables = model.finish();
    if (opts.schemas?.length && schema) tables = tables.filter((t) => opts.schemas!.includes(t.schema));
    const sequences: SequenceInfo[] = [];
    if (dialect === 'postgres') {
      for (const t of tables) {
        for (const c of t.columns) {
          const m = c.autoIncrement && !c.identity ? /^nextval\('([^']+)'::regclass\)$/.exec(c.default ?? '') : null;
          if (!m) continue;
          const big = c.family === 'bigint';
          sequences.push({ schema: t.schema, name: m[1], dataType: big ? 'bigint' : 'integer', maxValue: big ? 9223372036854775807 : 2147483647, ownedBy: `${qualifiedName(t)}.${c.name}`, origin: c.origin });
        }
      }
    }
    const drift = revisionFiles.length ? driftNotes(models, model) : [];
    const app: AppFacts = {
      frameworks: revisionFiles.length ? (models.length ? ['alembic', 'sqlalchemy'] : ['alembic']) : ['sqlalchemy'],
      models: appModels(models, tables, pyTables),
      notes: [...graphNotes, ...model.notes, ...notes, ...drift],
    };
    if (!revisionFiles.length && !models.length && !pyTables.length) {
      throw new UsageError(`${path}: no Alembic revisions and no SQLAlchemy models (classes with __tablename__) found`);
    }
    return {
      source: {
        kind: revisionFiles.length ? 'alembic' : 'sqlalchemy',
        location: shown(root),
        dialect,
        files: [...revisionFiles, ...modelFiles].map(shown),
        statements: nodes.reduce((n, x) => n + x.operations.length, 0),
      },
      schemas: schema ? [schema] : [],
      tables,
      functions: [],
      enums: [...model.enums.values()],
      sequences,
      hasLiveStats: false,
      warnings: model.warnings,
      ...(suppressions.length ? { suppressions } : {}),
      app,
      ...(revisionFiles.length ? { migrations: { framework: 'alembic' as const, nodes, heads } } : {}),
    };
  } finally {
    for (const t of trees) t.delete();
  }
}

function firstError(root: Node): number {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.isError || n.isMissing) return n.startPosition.row + 1;
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) stack.push(c);
  }
  return 1;
}
