// The migration plan: the fixes a review proposes, merged where findings ask for the same change,
// ordered so that each step can apply (a column's type before the foreign key that needs it), and
// placed on a horizon (immediate / short term / long term) from the severity of what they fix.
// Writers (src/fixes/writers/) turn a plan into files: plain SQL, or a framework's migrations.
import type { Catalog, Table } from '../catalog/types.js';
import type { Finding, Severity } from '../rules/types.js';
import { SEVERITIES } from '../rules/types.js';
import type { FixOp } from './operations.js';
import { objectName } from './quote.js';

export const HORIZONS = ['immediate', 'short-term', 'long-term'] as const;
export type Horizon = (typeof HORIZONS)[number];
export const HORIZON_TITLES: Record<Horizon, string> = {
  immediate: 'Immediate (critical and high findings)',
  'short-term': 'Short term (medium findings)',
  'long-term': 'Long term (low findings)',
};

export type Risk = 'low' | 'medium' | 'high';

export interface PlanStep {
  /** Position in the plan, from 1. */
  number: number;
  /** File-name-safe summary: `add-index-orders-customer-id`. */
  slug: string;
  horizon: Horizon;
  risk: Risk;
  /** Why the step carries that risk, in a sentence. */
  riskReason: string;
  /** The most severe finding it fixes. */
  severity: Severity;
  ops: FixOp[];
  /** Findings the step fixes (every one proposed exactly these operations). */
  fixes: Finding[];
  /** Steps (by number) that must apply first. */
  after: number[];
  /** Why the step is there when no finding asked for it (an index another step makes redundant). */
  reason?: string;
}

export interface Plan {
  dialect: Catalog['source']['dialect'];
  steps: PlanStep[];
  /** Findings at low severity or above with no fix, or whose fix was left out, with the reason. */
  notPlanned: { finding: Finding; reason: string }[];
}

/** Order of kinds of change inside a horizon: what later steps rely on comes first. */
const PHASE: Record<FixOp['op'], number> = {
  'alter-type': 0,
  'add-column': 1,
  'add-primary-key': 2,
  'add-unique': 3,
  'replace-unique': 3,
  'set-not-null': 4,
  'drop-default': 4,
  'add-check': 5,
  'add-foreign-key': 6,
  'set-on-delete': 6,
  'add-index': 7,
  'drop-index': 8,
  'enable-rls': 9,
  'set-function-search-path': 9,
};

function horizonOf(severity: Severity): Horizon {
  if (severity === 'critical' || severity === 'high') return 'immediate';
  return severity === 'medium' ? 'short-term' : 'long-term';
}

const LARGE_TABLE_ROWS = 1_000_000;

/** Integer types by width, to widen a new foreign key's column to its key's type (never narrow it). */
const INT_WIDTH: Record<string, number> = { smallint: 2, integer: 4, int: 4, bigint: 8 };

/** Risk of one operation: what can go wrong when it runs on a table in use, and whether it can be undone. */
function opRisk(op: FixOp, tables: Map<string, Table>): { risk: Risk; reason: string } {
  const table = 'table' in op ? tables.get(`${op.schema}.${op.table}`) : undefined;
  const rows = table?.stats?.rowEstimate;
  const large = rows !== undefined && rows >= LARGE_TABLE_ROWS;
  const base = ((): { risk: Risk; reason: string } => {
    switch (op.op) {
      case 'add-index':
        return op.unique
          ? { risk: 'medium', reason: 'a unique index fails on duplicate rows (the pre-flight finds them)' }
          : { risk: 'low', reason: 'an index build blocks no reads or writes when built online, and dropping it undoes it' };
      case 'drop-index':
        return { risk: 'medium', reason: 'a query that still uses the index slows down; the rollback rebuilds it' };
      case 'add-foreign-key':
        return { risk: 'medium', reason: 'orphan rows block it (the pre-flight finds them), and the application may delete rows in an order the key now refuses' };
      case 'set-on-delete':
        return { risk: 'medium', reason: 'deletes the application relies on change behaviour' };
      case 'set-not-null':
        return { risk: 'medium', reason: 'NULL rows block it (the pre-flight finds them), and code that writes NULL starts failing' };
      case 'drop-default':
        return { risk: 'medium', reason: 'inserts that relied on the default start failing or storing NULL' };
      case 'add-check':
        return { risk: 'medium', reason: 'violating rows block it (the pre-flight finds them), and writes that violate it start failing' };
      case 'add-primary-key':
        return { risk: 'high', reason: 'duplicates or NULLs block it, and building it locks the table' };
      case 'add-unique':
      case 'replace-unique':
        return { risk: 'medium', reason: 'duplicate rows block it (the pre-flight finds them), and writes that duplicate start failing' };
      case 'alter-type':
        return { risk: 'high', reason: 'changing a type rewrites the table under an exclusive lock, and dependent code may need to change' };
      case 'add-column':
        return { risk: 'low', reason: 'adding a column with a constant default or none touches no row' };
      case 'enable-rls':
        return { risk: 'high', reason: 'queries of roles without a matching policy return no rows once row-level security applies' };
      case 'set-function-search-path':
        return { risk: 'low', reason: 'the function body resolves names the same way when it qualifies them' };
    }
  })();
  if (large && base.risk !== 'high') {
    return { risk: base.risk === 'low' ? 'medium' : 'high', reason: `${base.reason}; the table holds about ${Math.round(rows!).toLocaleString('en-US')} rows` };
  }
  return base;
}

const RISK_ORDER: Risk[] = ['low', 'medium', 'high'];

function opKey(op: FixOp): string {
  return JSON.stringify(op, Object.keys(op).sort());
}

/** The columns an operation changes the type of, or that a new key or index needs: `schema.table.column`. */
function touchedColumns(op: FixOp): string[] {
  if (!('table' in op)) return [];
  const at = (c: string) => `${op.schema}.${op.table}.${c}`;
  switch (op.op) {
    case 'alter-type':
    case 'set-not-null':
    case 'add-column':
      return [at(op.column)];
    default:
      return [];
  }
}

/** Columns an operation relies on being as the plan leaves them: a foreign key needs both sides' types and the referenced key. */
function reliedOnColumns(op: FixOp): string[] {
  if (op.op === 'add-foreign-key' || op.op === 'set-on-delete') {
    return [
      ...op.columns.map((c) => `${op.schema}.${op.table}.${c}`),
      ...op.refColumns.map((c) => `${op.refSchema}.${op.refTable}.${c}`),
    ];
  }
  if (op.op === 'add-index' || op.op === 'add-unique' || op.op === 'add-primary-key' || op.op === 'replace-unique') {
    return op.columns.map((c) => `${op.schema}.${op.table}.${c}`);
  }
  return [];
}

/** Keys a referenced side needs: `schema.table(col,…)`. */
function providedKey(op: FixOp): string | undefined {
  if (op.op === 'add-primary-key' || (op.op === 'add-unique' && !op.predicate)) return `${op.schema}.${op.table}(${op.columns.join(',')})`;
  if (op.op === 'add-index' && op.unique && !op.predicate) return `${op.schema}.${op.table}(${op.columns.join(',')})`;
  return undefined;
}

function neededKey(op: FixOp): string | undefined {
  return op.op === 'add-foreign-key' ? `${op.refSchema}.${op.refTable}(${op.refColumns.join(',')})` : undefined;
}

/** The key columns of the index an operation builds, if it builds one that serves every row. */
function builtIndexColumns(op: FixOp): string[] | undefined {
  if ((op.op === 'add-index' || op.op === 'add-unique' || op.op === 'replace-unique') && !op.predicate) return op.columns;
  if (op.op === 'add-primary-key') return op.columns;
  return undefined;
}

/** Whether `op` builds an index whose leading columns are `index`'s columns. */
function coversIndex(op: FixOp, index: Extract<FixOp, { op: 'add-index' }>): boolean {
  if (!('table' in op) || op.schema !== index.schema || op.table !== index.table) return false;
  let columns: string[] | undefined;
  if (op.op === 'add-index' && !op.predicate) columns = op.columns;
  else if (op.op === 'add-unique' && !op.predicate) columns = op.columns;
  else if (op.op === 'replace-unique' && !op.predicate) columns = op.columns;
  else if (op.op === 'add-primary-key') columns = op.columns;
  if (!columns || columns.length <= index.columns.length) return false;
  return index.columns.every((c, i) => columns[i] === c);
}

function slugOf(ops: FixOp[]): string {
  const op = ops[0];
  const parts: string[] = [op.op];
  if ('table' in op) parts.push(op.table);
  else parts.push(op.name);
  if (op.op === 'add-check' || op.op === 'drop-index') parts.push(op.name);
  else if (op.op === 'set-on-delete') parts.push(...op.columns);
  else if ('column' in op) parts.push(op.column);
  else if ('columns' in op) parts.push(...op.columns);
  const slug = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 60).replace(/-+$/, '') || 'step';
}

function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Builds the plan of a review's findings. Informational findings are not planned. */
export function buildPlan(findings: Finding[], catalog: Catalog): Plan {
  const notPlanned: Plan['notPlanned'] = [];
  const tables = new Map(catalog.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const planned = findings.filter((f) => f.severity !== 'info');

  // Findings asking for the same operations become one step; an operation already asked for by an
  // earlier (more severe) step is not repeated.
  interface Draft {
    ops: FixOp[];
    fixes: Finding[];
    severity: Severity;
    /** For a step no finding asked for: the step it follows from. */
    followsFrom?: Draft;
  }
  const drafts: Draft[] = [];
  const byOps = new Map<string, Draft>();
  const seenOps = new Map<string, Draft>();
  const sorted = [...planned].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  for (const f of sorted) {
    if (!f.fix?.length) {
      notPlanned.push({ finding: f, reason: 'the rule proposes no schema change: it needs a decision about the data or the application' });
      continue;
    }
    const key = f.fix.map(opKey).join('|');
    const same = byOps.get(key);
    if (same) {
      same.fixes.push(f);
      continue;
    }
    const fresh = f.fix.filter((op) => !seenOps.has(opKey(op)));
    if (!fresh.length) {
      seenOps.get(opKey(f.fix[0]))!.fixes.push(f);
      continue;
    }
    const draft: Draft = { ops: fresh, fixes: [f], severity: f.severity };
    for (const op of fresh) seenOps.set(opKey(op), draft);
    byOps.set(key, draft);
    drafts.push(draft);
  }

  // Two steps replacing the same unique key (per tenant, and for live rows only) become one: the key
  // over the wider columns, with the predicate. Done apart, the second would find the key gone.
  const replacing = new Map<string, { draft: Draft; op: Extract<FixOp, { op: 'replace-unique' }> }>();
  const absorbed = new Set<Draft>();
  for (const d of drafts) {
    for (const op of [...d.ops]) {
      if (op.op !== 'replace-unique') continue;
      const key = `${op.schema}.${op.table}|${op.constraint}`;
      const first = replacing.get(key);
      if (!first) {
        replacing.set(key, { draft: d, op });
        continue;
      }
      // MySQL has no partial index: merged, the tenant key would be lost with the predicate. Kept apart,
      // the tenant key is written and the live-rows one is reported as not written.
      if (catalog.source.dialect === 'mysql' && !!op.predicate !== !!first.op.predicate) continue;
      const merged = { ...first.op };
      if (op.columns.length > merged.columns.length) merged.columns = op.columns;
      if (op.predicate && !merged.predicate) merged.predicate = op.predicate;
      // The merged key is named after its columns, and says it covers live rows when it has a predicate.
      merged.name = objectName([merged.table, ...merged.columns], merged.predicate ? 'live_key' : 'key');
      first.draft.ops = first.draft.ops.map((o) => (o === first.op ? merged : o));
      first.op = merged;
      d.ops = d.ops.filter((o) => o !== op);
      for (const o of d.ops) if (!first.draft.ops.some((x) => opKey(x) === opKey(o))) first.draft.ops.unshift(o);
      d.ops = [];
      first.draft.fixes.push(...d.fixes);
      if (severityRank(d.severity) < severityRank(first.draft.severity)) first.draft.severity = d.severity;
      absorbed.add(d);
    }
  }
  if (absorbed.size) drafts.splice(0, drafts.length, ...drafts.filter((d) => !absorbed.has(d)));

  // A unique key replaced by a wider one (the tenant key in front) may have been the only index a
  // foreign key used: the step keeps a plain index for that key, before the swap.
  for (const d of drafts) {
    const extra: FixOp[] = [];
    for (const op of d.ops) {
      if (op.op !== 'replace-unique') continue;
      const table = tables.get(`${op.schema}.${op.table}`);
      for (const fk of table?.foreignKeys ?? []) {
        const leads = (cols: (string | null)[]) => fk.columns.every((c, i) => cols[i] === c);
        // A partial key (soft delete) serves no foreign key, whatever its columns.
        if (!leads(op.oldColumns) || (leads(op.columns) && !op.predicate)) continue;
        const others = (table?.indexes ?? []).some((ix) => ix.name !== op.constraint && !ix.predicate && leads(ix.columns));
        const planned = [...extra, ...d.ops].some((o) => o.op === 'add-index' && !o.predicate && o.columns.join() === fk.columns.join());
        if (others || planned) continue;
        extra.push({ op: 'add-index', schema: op.schema, table: op.table, columns: fk.columns });
      }
    }
    if (extra.length) d.ops = [...extra, ...d.ops];
  }

  // An index the plan adds is not needed when another step creates an index that starts with the
  // same columns (a unique (tenant, email) serves lookups by tenant): the redundant-prefix rule would
  // report it next. Its findings move to the covering step.
  const byTable = new Map<string, Draft[]>();
  for (const d of drafts) {
    for (const op of d.ops) {
      if (!('table' in op)) continue;
      const k = `${op.schema}.${op.table}`;
      const list = byTable.get(k) ?? [];
      if (!list.includes(d)) list.push(d);
      byTable.set(k, list);
    }
  }
  const covered = new Set<Draft>();
  for (const d of drafts) {
    // A step that only adds the index moves its findings to the covering step; a step that adds it
    // with other changes (a foreign key and its index) keeps those and loses the index.
    const plain = d.ops.filter((o): o is Extract<FixOp, { op: 'add-index' }> => o.op === 'add-index' && !o.unique && !o.predicate);
    for (const op of plain) {
      const cover = byTable.get(`${op.schema}.${op.table}`)!.find((e) => e !== d && !covered.has(e) && e.ops.some((o) => coversIndex(o, op)));
      if (!cover) continue;
      if (d.ops.length === 1) {
        covered.add(d);
        cover.fixes.push(...d.fixes);
        if (severityRank(d.severity) < severityRank(cover.severity)) cover.severity = d.severity;
      } else {
        d.ops = d.ops.filter((o) => o !== op);
      }
    }
  }
  if (covered.size) drafts.splice(0, drafts.length, ...drafts.filter((d) => !covered.has(d)));

  // Two steps changing one column's type to different types cannot both apply: keep the more severe.
  const typeOf = new Map<string, { to: string; draft: Draft }>();
  const conflicting = new Set<Draft>();
  for (const d of drafts) {
    for (const op of d.ops) {
      if (op.op !== 'alter-type') continue;
      const col = `${op.schema}.${op.table}.${op.column}`;
      const first = typeOf.get(col);
      if (!first) typeOf.set(col, { to: op.to, draft: d });
      else if (first.to !== op.to && first.draft !== d) {
        conflicting.add(d);
        for (const f of d.fixes) notPlanned.push({ finding: f, reason: `it would change ${col} to ${op.to}, while a more severe fix changes it to ${first.to}` });
        break;
      }
    }
  }
  if (conflicting.size) drafts.splice(0, drafts.length, ...drafts.filter((d) => !conflicting.has(d)));

  // A child table (INHERITS) receives a column change made on its parent: the same change proposed for
  // the child is the parent's step (run on the child, it would fail or add the column twice).
  const inheritedInto = new Set<Draft>();
  const columnOps = (d: Draft) => d.ops.filter((o) => o.op === 'alter-type' || o.op === 'add-column' || o.op === 'set-not-null' || o.op === 'drop-default');
  const byColumnOp = new Map<string, Draft>();
  for (const d of drafts) for (const o of columnOps(d)) byColumnOp.set(JSON.stringify({ ...o, schema: '', table: '' }) + `@${o.schema}.${o.table}`, d);
  for (const d of drafts) {
    const ops = columnOps(d);
    if (!ops.length || ops.length !== d.ops.length) continue;
    const first = ops[0] as Extract<FixOp, { table: string }>;
    const parents = tables.get(`${first.schema}.${first.table}`)?.inherits ?? [];
    const parent = parents
      .map((p) => ops.map((o) => byColumnOp.get(JSON.stringify({ ...o, schema: '', table: '' }) + `@${p}`)))
      .find((found) => found.every((x) => x && x === found[0] && x !== d))?.[0];
    if (!parent) continue;
    inheritedInto.add(d);
    parent.fixes.push(...d.fixes);
    if (severityRank(d.severity) < severityRank(parent.severity)) parent.severity = d.severity;
  }
  if (inheritedInto.size) drafts.splice(0, drafts.length, ...drafts.filter((d) => !inheritedInto.has(d)));

  // An existing index that a new index makes a redundant prefix (a new unique (tenant, email) over an
  // index on (tenant)) is dropped after it: otherwise the next review reports it.
  const dropped = new Set(drafts.flatMap((d) => d.ops.flatMap((o) => (o.op === 'drop-index' ? [`${o.schema}.${o.name}`] : []))));
  const referencedColumns = new Set(catalog.tables.flatMap((t) => t.foreignKeys.map((fk) => `${fk.refSchema}.${fk.refTable}(${fk.refColumns.join(',')})`)));
  for (const d of [...drafts]) {
    for (const op of d.ops) {
      const made = builtIndexColumns(op);
      if (!made || !('table' in op)) continue;
      const table = tables.get(`${op.schema}.${op.table}`);
      for (const ix of table?.indexes ?? []) {
        if (ix.primary || ix.predicate || ix.constraint || ix.method !== 'btree' || ix.includeColumns.length) continue;
        const prefix = !ix.unique && ix.columns.length < made.length && ix.columns.every((c, i) => c !== null && made[i] === c);
        // A new primary or unique key on exactly an existing unique index's columns duplicates it (the
        // writer builds its own index), unless foreign keys elsewhere hang on the old one.
        const duplicate =
          ix.unique &&
          (op.op === 'add-primary-key' || op.op === 'add-unique') &&
          ix.columns.length === made.length &&
          ix.columns.every((c, i) => made[i] === c) &&
          !referencedColumns.has(`${op.schema}.${op.table}(${made.join(',')})`);
        if (!prefix && !duplicate) continue;
        if (dropped.has(`${op.schema}.${ix.name}`)) continue;
        dropped.add(`${op.schema}.${ix.name}`);
        drafts.push({
          ops: [{ op: 'drop-index', schema: op.schema, table: op.table, name: ix.name, definition: ix.definition }],
          fixes: [],
          severity: d.severity,
          followsFrom: d,
        });
      }
    }
  }

  // A foreign key the plan adds must match the referenced column's type as the plan leaves it: when
  // another step widens the referenced key (integer → bigint), the new key's column widens with it,
  // in the key's own step, before the key is added.
  const newTypeOf = new Map<string, { to: string }>();
  for (const d of drafts) for (const op of d.ops) if (op.op === 'alter-type') newTypeOf.set(`${op.schema}.${op.table}.${op.column}`, { to: op.to });
  for (const d of drafts) {
    const widened: FixOp[] = [];
    for (const op of d.ops) {
      if (op.op !== 'add-foreign-key') continue;
      op.columns.forEach((col, i) => {
        // The referenced column's type as the plan leaves it; an integer key pointing at a wider one
        // (integer → bigint) is widened too, which relations/fk-type-mismatch would report otherwise.
        const refColumn = tables.get(`${op.refSchema}.${op.refTable}`)?.columns.find((c) => c.name === op.refColumns[i]);
        const target = newTypeOf.get(`${op.refSchema}.${op.refTable}.${op.refColumns[i]}`) ?? (refColumn ? { to: refColumn.dataType } : undefined);
        const own = `${op.schema}.${op.table}.${col}`;
        const column = tables.get(`${op.schema}.${op.table}`)?.columns.find((c) => c.name === col);
        if (!target || !column || newTypeOf.has(own) || column.dataType === target.to) return;
        if (!INT_WIDTH[column.dataType] || !INT_WIDTH[target.to] || INT_WIDTH[column.dataType] >= INT_WIDTH[target.to]) return;
        widened.push({ op: 'alter-type', schema: op.schema, table: op.table, column: col, from: column.dataType, to: target.to });
        newTypeOf.set(own, target);
      });
    }
    if (widened.length) d.ops = [...widened, ...d.ops];
  }

  // An index is dropped as a duplicate or redundant prefix because another index serves its lookups.
  // When the plan also drops or narrows (to a partial index) that other one, nothing would: the drop
  // is left out, and its findings say why.
  const finalIndexes = new Map<string, { name?: string; columns: (string | null)[]; partial: boolean }[]>();
  const droppedNames = new Set<string>();
  for (const d of drafts) for (const op of d.ops) if (op.op === 'drop-index') droppedNames.add(`${op.schema}.${op.table}|${op.name}`);
  const indexesOf = (schema: string, table: string) => {
    const key = `${schema}.${table}`;
    let list = finalIndexes.get(key);
    if (!list) {
      const t = tables.get(key);
      list = (t?.indexes ?? [])
        .filter((ix) => !droppedNames.has(`${key}|${ix.name}`) && !(ix.constraint && replacedConstraints.has(`${key}|${ix.constraint}`)))
        .map((ix) => ({ name: ix.name, columns: ix.columns, partial: !!ix.predicate }));
      list.push(...(builtByTable.get(key) ?? []));
      finalIndexes.set(key, list);
    }
    return list;
  };
  const replacedConstraints = new Set(drafts.flatMap((d) => d.ops.flatMap((o) => (o.op === 'replace-unique' ? [`${o.schema}.${o.table}|${o.constraint}`] : []))));
  // The indexes the plan builds, by table (computed once: a per-table scan of every step is quadratic).
  const builtByTable = new Map<string, { columns: (string | null)[]; partial: boolean }[]>();
  for (const e of drafts) {
    for (const op of e.ops) {
      if (!('table' in op)) continue;
      const built =
        op.op === 'add-index' || op.op === 'add-unique'
          ? { columns: op.columns, partial: !!op.predicate }
          : op.op === 'replace-unique' || op.op === 'add-primary-key'
            ? { columns: op.columns, partial: op.op === 'replace-unique' && !!op.predicate }
            : undefined;
      if (!built) continue;
      const k = `${op.schema}.${op.table}`;
      builtByTable.set(k, [...(builtByTable.get(k) ?? []), built]);
    }
  }
  const unserved = new Set<Draft>();
  for (const d of drafts) {
    // Only steps that just drop: a step that builds a replacement (a partial unique for a full one) means to.
    if (d.followsFrom || d.ops.some((o) => o.op !== 'drop-index')) continue;
    for (const op of d.ops) {
      if (op.op !== 'drop-index') continue;
      const dropped = tables.get(`${op.schema}.${op.table}`)?.indexes.find((ix) => ix.name === op.name);
      if (!dropped || dropped.columns.some((c) => c === null)) continue;
      const served = indexesOf(op.schema, op.table).some(
        (ix) => !ix.partial && ix.name !== op.name && dropped.columns.every((c, i) => ix.columns[i] === c),
      );
      if (!served) unserved.add(d);
    }
  }
  for (const d of unserved) {
    for (const f of d.fixes) notPlanned.push({ finding: f, reason: 'another step drops or narrows the index that makes this one redundant, so this one must stay' });
  }
  if (unserved.size) drafts.splice(0, drafts.length, ...drafts.filter((d) => !unserved.has(d)));

  // Dependencies: a step relying on a column or key another step changes or creates comes after it,
  // and pulls that step up to its own horizon.
  const horizon = new Map<Draft, Horizon>(drafts.map((d) => [d, horizonOf(d.severity)]));
  const deps = new Map<Draft, Set<Draft>>(drafts.map((d) => [d, new Set(d.followsFrom ? [d.followsFrom] : [])]));
  const changers = new Map<string, Draft[]>();
  const keyMakers = new Map<string, Draft[]>();
  for (const d of drafts) {
    for (const op of d.ops) {
      for (const c of touchedColumns(op)) changers.set(c, [...(changers.get(c) ?? []), d]);
      const k = providedKey(op);
      if (k) keyMakers.set(k, [...(keyMakers.get(k) ?? []), d]);
    }
  }
  for (const d of drafts) {
    for (const op of d.ops) {
      const needs = [...reliedOnColumns(op).flatMap((c) => changers.get(c) ?? []), ...(keyMakers.get(neededKey(op) ?? '') ?? [])];
      for (const n of needs) if (n !== d && PHASE[n.ops[0].op] < PHASE[op.op]) deps.get(d)!.add(n);
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of drafts) {
      for (const n of deps.get(d)!) {
        if (HORIZONS.indexOf(horizon.get(n)!) > HORIZONS.indexOf(horizon.get(d)!)) {
          horizon.set(n, horizon.get(d)!);
          changed = true;
        }
      }
    }
  }

  const phase = (d: Draft) => Math.min(...d.ops.map((o) => PHASE[o.op]));
  const tableOf = (d: Draft) => {
    const op = d.ops[0];
    return 'table' in op ? `${op.schema}.${op.table}` : `${op.schema}.${op.name}`;
  };
  const bySortKey = [...drafts].sort(
    (a, b) =>
      HORIZONS.indexOf(horizon.get(a)!) - HORIZONS.indexOf(horizon.get(b)!) ||
      phase(a) - phase(b) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      tableOf(a).localeCompare(tableOf(b)) ||
      slugOf(a.ops).localeCompare(slugOf(b.ops)),
  );
  // The sort keeps most dependencies; a step that still comes before one it relies on (two steps of
  // the same kind) waits for it, keeping the sorted order otherwise.
  const ordered: Draft[] = [];
  const placed = new Set<Draft>();
  const blockedBy = new Map<Draft, Draft[]>();
  const missingCount = new Map<Draft, number>();
  const place = (d: Draft): void => {
    ordered.push(d);
    placed.add(d);
    for (const w of blockedBy.get(d) ?? []) {
      const left = missingCount.get(w)! - 1;
      missingCount.set(w, left);
      if (left === 0) place(w);
    }
  };
  for (const d of bySortKey) {
    const missing = [...deps.get(d)!].filter((n) => !placed.has(n));
    if (!missing.length) {
      place(d);
      continue;
    }
    missingCount.set(d, missing.length);
    for (const n of missing) blockedBy.set(n, [...(blockedBy.get(n) ?? []), d]);
  }
  for (const d of bySortKey) if (!placed.has(d)) place(d); // a cycle, which the phases rule out: keep sorted order
  const number = new Map<Draft, number>(ordered.map((d, i) => [d, i + 1]));
  const steps: PlanStep[] = ordered.map((d) => {
    const risks = d.ops.map((op) => opRisk(op, tables));
    const worst = risks.reduce((a, b) => (RISK_ORDER.indexOf(b.risk) > RISK_ORDER.indexOf(a.risk) ? b : a));
    return {
      number: number.get(d)!,
      slug: slugOf(d.ops),
      horizon: horizon.get(d)!,
      risk: worst.risk,
      riskReason: worst.reason,
      severity: d.severity,
      ops: d.ops,
      fixes: d.fixes,
      after: [...deps.get(d)!].map((n) => number.get(n)!).sort((a, b) => a - b),
      ...(d.followsFrom
        ? { reason: `the index step ${number.get(d.followsFrom)} builds covers this index's columns, which makes it redundant (indexes/redundant-prefix-index, indexes/duplicate-index)` }
        : {}),
    };
  });
  return { dialect: catalog.source.dialect, steps, notPlanned };
}
