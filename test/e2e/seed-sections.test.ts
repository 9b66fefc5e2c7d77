// Each seed review in shared/seeds/ beside a schemascope report of a schema shaped like it: the
// report must have every section of the seed that the schema supports (docs/report.md maps them),
// and its tables must be counted from the catalog, not written once.
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/sources/detect.js';
import { buildReview } from '../../src/review.js';
import { allRules } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildPlan } from '../../src/fixes/plan.js';
import { baseTables } from '../../src/report/facts.js';

/** Sections every review of these fixtures has (the seeds' summary, keys, relations, types, constraints, indexes, tenancy, security, plan, appendix). */
const COMMON = [
  '## Executive summary',
  '## Scorecard',
  '## Entity-relationship diagram',
  '### Primary keys',
  '### Relationships',
  '### Data types by family',
  '### Constraints and enumerations',
  '### Index inventory',
  '### Multi-tenancy',
  '### Soft delete and audit',
  '### Security and privacy',
  '### Subsystems',
  '## Prioritised plan',
  '## Migration plan',
  '## Statistics appendix',
];

const FIXTURES: { seed: string; path: string; sections: string[] }[] = [
  // 000/001: Django helpdesk — migration files and rollbacks, model hooks, relationships with reverse names.
  { seed: '000/001 Django helpdesk', path: 'test/sources/django/fixtures/helpdesk', sections: ['## Migration history', '## Application models', '### Hooks', '## Application notes'] },
  // 002: SQLAlchemy + Alembic B2B — data isolation, RBAC and per-domain subsystems, migrations, sensitive data.
  { seed: '002 SQLAlchemy B2B', path: 'test/sources/sqlalchemy/fixtures/saas', sections: ['## Migration history', '## Application models', '## Application notes'] },
  // 003: Laravel booking on MariaDB — core tables, pivot tables, state machine and locking, migrations, GDPR.
  { seed: '003 Laravel booking', path: 'test/sources/laravel/fixtures/booking', sections: ['## Migration history', '## Application models', '### Optimistic locking and idempotency'] },
  // 004 (and 003's RLS parts): PostgreSQL with several schemas and row-level security.
  { seed: '004 PostgreSQL multi-schema with RLS', path: 'examples/saas/schema.sql', sections: ['### Optimistic locking and idempotency'] },
];

function headings(md: string): string[] {
  return md.split('\n').filter((l) => /^#{2,3} /.test(l)).map((l) => l.replace(/ \(\d+\)$/, ''));
}

/** The rows of the first Markdown table after `heading`. */
function tableAfter(md: string, heading: string, header: string): string[] {
  const from = md.indexOf(`${heading}\n`);
  const lines = md.slice(from).split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  const rows: string[] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l);
  }
  return rows;
}

describe('reports beside the seed reviews', () => {
  for (const f of FIXTURES) {
    it(`${f.seed}: every section the schema supports, counted`, async () => {
      const catalog = await loadSource(f.path);
      const review = buildReview(catalog, allRules, resolveConfig({}));
      const md = renderMarkdown(review, { inventoryMaxRows: 1000, planMaxSteps: 1000 });
      const found = headings(md);
      for (const s of [...COMMON, ...f.sections]) expect(found, `${f.seed}: ${s}`).toContain(s);

      const tables = baseTables(catalog);
      const keyed = tables.filter((t) => t.primaryKey);
      expect(tableAfter(md, '### Primary keys', '| Table | Key columns |')).toHaveLength(tables.length);
      expect(md).toContain(`${keyed.length} of ${tables.length} tables`);

      const plan = buildPlan(review.findings, catalog);
      expect(plan.steps.length).toBeGreaterThan(0);
      expect(tableAfter(md, '## Migration plan', '| # | Horizon |')).toHaveLength(plan.steps.length);
    });
  }
});
