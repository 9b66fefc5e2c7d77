// Proof that a plan does what it says, on the real engine: the schema is loaded into the embedded
// PostgreSQL exactly as written, every step's pre-flight, then forward, runs in plan order, the
// schema is reviewed again (the findings the plan fixes must be gone, and none may appear), then
// every rollback runs in reverse order and the catalog must be the one we started from.
import type { Catalog, LoadWarning } from '../catalog/types.js';
import { qualifiedName } from '../catalog/types.js';
import type { ResolvedConfig } from '../config.js';
import { runRules } from '../rules/engine.js';
import { allRules } from '../rules/index.js';
import type { Finding } from '../rules/types.js';
import { loadPostgresDdlFiles, type DdlFile } from '../sources/postgres/ddl.js';
import type { Plan } from './plan.js';
import { postgresFix, postgresFixContext } from './postgres.js';

export interface StepCheck {
  number: number;
  slug: string;
  status: 'applied' | 'failed' | 'not-written';
  /** Rows the pre-flight returned on the loaded schema (data statements of a dump are not loaded, so usually 0). */
  preflightRows: number;
  error?: string;
}

export interface PlanVerification {
  steps: StepCheck[];
  /** Keys of planned findings that a second review no longer reports. */
  fixed: string[];
  /** Planned findings still reported after every step applied, with the step meant to fix them. */
  remaining: { key: string; step: number }[];
  /** Findings the second review reports that the first did not. */
  introduced: Finding[];
  /**
   * Findings the first review made of an object the plan replaced, made again of its replacement (a
   * unique key that ignores soft-deleted rows, rebuilt with the tenant key: still ignoring them).
   */
  carried: Finding[];
  /** Differences between the catalog before the plan and after its rollback (empty: restored). */
  rollbackDifferences: string[];
  /** Statements of the schema itself that the engine could not load (the plan was proved on the rest). */
  loadWarnings: LoadWarning[];
  /** True when the schema loaded was written back from the catalog (an ORM project, a live database). */
  rebuiltFromCatalog?: boolean;
}

/** A comparable picture of a catalog: everything a plan may change, nothing about where it came from. */
export function catalogShape(catalog: Catalog): Map<string, string> {
  const shape = new Map<string, string>();
  for (const t of catalog.tables) {
    const name = qualifiedName(t);
    shape.set(`${name}`, JSON.stringify({ kind: t.kind, rls: [t.rls.enabled, t.rls.forced], pk: t.primaryKey ? [t.primaryKey.name, t.primaryKey.columns] : null }));
    for (const c of t.columns) shape.set(`${name}.${c.name}`, JSON.stringify([c.dataType, c.nullable, c.default ?? null, c.identity ?? null]));
    for (const fk of t.foreignKeys)
      shape.set(`${name} fk ${fk.name}`, JSON.stringify([fk.columns, fk.refSchema, fk.refTable, fk.refColumns, fk.onDelete, fk.onUpdate, fk.validated, fk.deferrable]));
    for (const u of t.uniques) shape.set(`${name} unique ${u.name}`, JSON.stringify([u.columns, u.nullsNotDistinct]));
    for (const c of t.checks) shape.set(`${name} check ${c.name}`, JSON.stringify([c.expression, c.validated]));
    for (const i of t.indexes) shape.set(`${name} index ${i.name}`, i.definition);
    for (const p of t.policies) shape.set(`${name} policy ${p.name}`, JSON.stringify([p.command, p.roles, p.using ?? null, p.withCheck ?? null]));
  }
  for (const f of catalog.functions) shape.set(`function ${f.schema}.${f.name}(${f.args})`, JSON.stringify([f.securityDefiner, f.config]));
  for (const s of catalog.sequences) shape.set(`sequence ${s.schema}.${s.name}`, s.dataType);
  return shape;
}

function shapeDifferences(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of before) {
    if (!after.has(k)) out.push(`${k}: missing after the rollback`);
    else if (after.get(k) !== v) out.push(`${k}: was ${v}, is ${after.get(k)}`);
  }
  for (const k of after.keys()) if (!before.has(k)) out.push(`${k}: left behind by the rollback`);
  return out;
}

/**
 * What a second review says about a plan: planned findings gone or still there, findings new, and
 * findings carried from a replaced object to its replacement. `appliedSteps` are the step numbers that
 * applied. Keys must be comparable (same schema naming on both sides).
 */
export function compareFindings(
  before: Finding[],
  after: Finding[],
  plan: Plan,
  appliedSteps: Set<number>,
): Pick<PlanVerification, 'fixed' | 'remaining' | 'introduced' | 'carried'> {
  const afterKeys = new Set(after.map((f) => f.key));
  const beforeKeys = new Set(before.map((f) => f.key));
  const fixed: string[] = [];
  const remaining: PlanVerification['remaining'] = [];
  const replaced = new Set<string>();
  for (const step of plan.steps) {
    if (!appliedSteps.has(step.number)) continue;
    for (const f of step.fixes) {
      if (afterKeys.has(f.key)) remaining.push({ key: f.key, step: step.number });
      else fixed.push(f.key);
    }
    for (const op of step.ops) {
      if (op.op === 'replace-unique') replaced.add(`${op.table}|${op.constraint}`);
      if (op.op === 'drop-index') replaced.add(`${op.table}|${op.name}`);
    }
  }
  const bareTable = (t: string | undefined) => (t ?? '').split('.').pop()!;
  const wasOnReplaced = new Set(
    before.filter((f) => f.object && replaced.has(`${bareTable(f.table)}|${f.object}`)).map((f) => `${f.ruleId}|${f.table}`),
  );
  const introduced: Finding[] = [];
  const carried: Finding[] = [];
  for (const f of after) {
    if (beforeKeys.has(f.key)) continue;
    (wasOnReplaced.has(`${f.ruleId}|${f.table}`) ? carried : introduced).push(f);
  }
  return { fixed, remaining, introduced, carried };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * Loads `files` into the embedded PostgreSQL and checks `plan` (built from a review of the same
 * files) against it. PostgreSQL sources only: the SQL is the PostgreSQL writer's.
 */
export async function verifyPlanOnPostgres(files: DdlFile[], plan: Plan, config: ResolvedConfig, original?: Catalog): Promise<PlanVerification> {
  let result: PlanVerification | undefined;
  // For a schema rebuilt from an ORM's catalog (catalogToPostgresDdl), what the application says
  // (models, on_delete enforced by Django, the migration history) is not in the DDL: carry it over so
  // the rules judge the same facts before and after.
  const withFacts = (c: Catalog): Catalog =>
    original ? { ...c, ...(original.app ? { app: original.app } : {}), ...(original.enforcement ? { enforcement: original.enforcement } : {}), ...(original.migrations ? { migrations: original.migrations } : {}) } : c;
  await loadPostgresDdlFiles(files, {
    faithful: true,
    inEngine: async ({ db, catalog: loaded, reintrospect: again }) => {
      const catalog = withFacts(loaded);
      const reintrospect = async () => withFacts(await again());
      const before = runRules(catalog, allRules, config).findings;
      const shapeBefore = catalogShape(catalog);
      const steps: StepCheck[] = [];
      const applied: { number: number; rollback: string[] }[] = [];
      for (const step of plan.steps) {
        const parts = step.ops.map((op) => postgresFix(op, postgresFixContext(op, catalog)));
        const check: StepCheck = { number: step.number, slug: step.slug, status: 'applied', preflightRows: 0 };
        steps.push(check);
        const unsupported = parts.map((p) => p.unsupported).filter(Boolean);
        if (unsupported.length) {
          check.status = 'not-written';
          check.error = unsupported.join('; ');
          continue;
        }
        // Statements run as the plan says to run them: a step that may share a transaction runs in one
        // (a failure leaves nothing behind); the others one by one, a failure undone with what had applied.
        const inTransaction = parts.every((p) => p.transactional);
        const done: string[][] = [];
        try {
          for (const part of parts) {
            if (part.preflight) {
              const results = await db.exec(part.preflight);
              check.preflightRows += results.reduce((n, r) => n + r.rows.length, 0);
            }
          }
          if (inTransaction) await db.exec('BEGIN');
          for (const part of parts) {
            for (const stmt of part.forward) await db.exec(stmt);
            done.push(part.rollback);
          }
          if (inTransaction) await db.exec('COMMIT');
          applied.push({ number: step.number, rollback: [...done].reverse().flat() });
        } catch (err) {
          check.status = 'failed';
          check.error = firstLine((err as Error).message);
          if (inTransaction) await db.exec('ROLLBACK').catch(() => undefined);
          else for (const rollback of [...done].reverse()) for (const stmt of rollback) await db.exec(stmt).catch(() => undefined);
        }
      }

      const after = runRules(await reintrospect(), allRules, config).findings;
      const appliedSteps = new Set(steps.filter((s) => s.status === 'applied').map((s) => s.number));
      const { fixed, remaining, introduced, carried } = compareFindings(before, after, plan, appliedSteps);

      const rollbackErrors: string[] = [];
      for (const a of [...applied].reverse()) {
        for (const stmt of a.rollback) {
          try {
            await db.exec(stmt);
          } catch (err) {
            rollbackErrors.push(`step ${a.number} rollback: ${firstLine((err as Error).message)}`);
            break;
          }
        }
      }
      const rollbackDifferences = [...rollbackErrors, ...shapeDifferences(shapeBefore, catalogShape(await reintrospect()))];
      result = { steps, fixed, remaining, introduced, carried, rollbackDifferences, loadWarnings: loaded.warnings.filter((w) => !w.note) };
    },
  });
  return result!;
}
