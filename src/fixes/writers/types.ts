// What every plan writer produces: files to add to the user's project (paths relative to the
// project's root), and notes the user must read (what the writer could not express).
import type { Catalog } from '../../catalog/types.js';
import type { Plan } from '../plan.js';

export interface PlanFile {
  /** Relative to the project's root (or to the output folder for plain SQL), with `/` separators. */
  path: string;
  content: string;
}

export interface WrittenPlan {
  /** `sql`, `django`, `alembic`, `laravel`, `prisma`. */
  format: string;
  files: PlanFile[];
  /** Things to know before applying: steps left out and why, edits to make by hand. */
  notes: string[];
}

export interface WriterInput {
  plan: Plan;
  catalog: Catalog;
  /** Used for timestamps in file names and revision ids, so tests can fix it. */
  now: Date;
}

export type PlanWriter = (input: WriterInput) => WrittenPlan;
