// The plan writers by format, and the format a source's own framework uses.
import type { Catalog } from '../../catalog/types.js';
import { writeAlembicPlan } from './alembic.js';
import { writeDjangoPlan } from './django.js';
import { writeLaravelPlan } from './laravel.js';
import { writePrismaPlan } from './prisma.js';
import { writeSqlPlan } from './sql.js';
import type { PlanWriter } from './types.js';

export const PLAN_WRITERS: Record<string, PlanWriter> = {
  sql: writeSqlPlan,
  django: writeDjangoPlan,
  alembic: writeAlembicPlan,
  laravel: writeLaravelPlan,
  prisma: writePrismaPlan,
};

export function planFormats(): string[] {
  return Object.keys(PLAN_WRITERS);
}

/** The project's own migration format when schemascope can write it, else plain SQL. */
export function defaultPlanFormat(catalog: Catalog): string {
  const frameworks = catalog.app?.frameworks ?? [];
  const own = catalog.migrations?.framework;
  const candidates: string[] = [own, ...frameworks].filter((f): f is NonNullable<typeof f> => !!f && f !== 'sql');
  for (const c of candidates) {
    const format = c === 'sqlalchemy' ? 'alembic' : c;
    if (PLAN_WRITERS[format]) return format;
  }
  return 'sql';
}
