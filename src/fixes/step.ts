// What a fix writer produces for one operation (a FixStep), and the steps of one finding joined in
// order. Shared by the dialect writers (postgres.ts, mysql.ts) so that every consumer reads one shape.

export interface FixStep {
  /** Statements that apply the change, in order, each ending with `;`. */
  forward: string[];
  /** Statements that undo it, in order. */
  rollback: string[];
  /** A read-only query to run first: no rows means the data lets the change apply. */
  preflight?: string;
  /** What a row of the pre-flight means, and what to do about it. */
  preflightMeaning?: string;
  /** A commented template for fixing what the pre-flight finds (every line starts with `--`). */
  backfill?: string;
  /** The locks the forward takes, how long, and what they block. */
  lockImpact: string;
  /**
   * Whether the forward may run inside one transaction block. False when a statement is CONCURRENTLY
   * (refused inside a transaction) or when the statements must commit one by one (NOT VALID, then
   * VALIDATE: in one transaction the first statement's strong lock would last through the validation).
   * Always false for MySQL/MariaDB, where every DDL statement commits on its own.
   */
  transactional: boolean;
  /** A read-only query for before the rollback: rows mean the rollback would fail on data written since. */
  rollbackPreflight?: string;
  /** Caveats to read before applying: what the rollback cannot restore, version requirements, … */
  notes?: string[];
  /** Set when no SQL was written for the operation, with the reason. */
  unsupported?: string;
}

/** The SQL of a finding's fix: its operations' steps joined in order (rollbacks in reverse). */
export type JoinedFixSql = Omit<FixStep, 'unsupported'> & {
  /** Operations no SQL was written for, with the reason. */
  unsupported?: string[];
};

/** Joins the steps of one finding: forwards in order, rollbacks in reverse order, texts deduplicated. */
export function joinFixSteps(steps: FixStep[]): JoinedFixSql {
  const joined = (pick: (s: FixStep) => string | undefined, sep: string) => {
    const parts = [...new Set(steps.map(pick).filter((x): x is string => !!x))];
    return parts.length ? parts.join(sep) : undefined;
  };
  const out: JoinedFixSql = {
    forward: steps.flatMap((s) => s.forward),
    rollback: [...steps].reverse().flatMap((s) => s.rollback),
    lockImpact: joined((s) => s.lockImpact, ' ') ?? '',
    transactional: steps.every((s) => s.transactional),
  };
  const preflight = joined((s) => s.preflight, '\n\n');
  if (preflight) out.preflight = preflight;
  const meaning = joined((s) => s.preflightMeaning, ' ');
  if (meaning) out.preflightMeaning = meaning;
  const backfill = joined((s) => s.backfill, '\n');
  if (backfill) out.backfill = backfill;
  const rollbackPreflight = joined((s) => s.rollbackPreflight, '\n\n');
  if (rollbackPreflight) out.rollbackPreflight = rollbackPreflight;
  const notes = [...new Set(steps.flatMap((s) => s.notes ?? []))];
  if (notes.length) out.notes = notes;
  const bad = steps.map((s) => s.unsupported).filter((x): x is string => !!x);
  if (bad.length) out.unsupported = bad;
  return out;
}
