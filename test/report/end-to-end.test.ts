// From SQL through the embedded PostgreSQL, the engine and the scores to every renderer.
import { describe, it, expect } from 'vitest';
import { catalogFromSql } from '../helpers.js';
import { buildReview } from '../../src/review.js';
import { resolveConfig } from '../../src/config.js';
import type { Rule } from '../../src/rules/types.js';
import { renderJson, parseJsonReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSummary } from '../../src/report/terminal.js';

const sql = `CREATE SCHEMA billing;
CREATE TABLE organizations (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  organization_id bigint REFERENCES organizations(id) ON DELETE CASCADE,
  email text NOT NULL
);
CREATE TABLE billing.invoices (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
  note text
);
CREATE UNIQUE INDEX customers_email_lower ON customers (lower(email));
`;

/** A small rule: foreign keys whose columns allow NULL. */
const nullableFk: Rule = {
  meta: { id: 'relations/nullable-fk', category: 'relations', severity: 'medium', summary: 'Foreign key columns allow NULL.', why: 'A NULL key hides a missing parent.' },
  check(ctx) {
    for (const t of ctx.catalog.tables)
      for (const k of t.foreignKeys)
        if (k.columns.some((c) => ctx.index.column(t, c)?.nullable)) ctx.report({ table: t, columns: k.columns, message: `${k.columns.join(', ')} may be NULL`, fix: k.columns.map((column) => ({ op: 'set-not-null' as const, schema: t.schema, table: t.name, column })) });
  },
};

describe('end to end', () => {
  it('reviews a DDL file and renders JSON, Markdown and the terminal summary', async () => {
    const catalog = await catalogFromSql(sql);
    const review = buildReview(catalog, [nullableFk], resolveConfig(), new Date('2025-05-06T07:08:09Z'));
    expect(review.findings).toHaveLength(1);
    const f = review.findings[0];
    expect(f.table).toBe('public.customers');
    expect(f.origin).toEqual({ file: 'schema.sql', line: 5 });

    const json = parseJsonReport(renderJson(review));
    expect(json.summary).toMatchObject({ schemas: 2, tables: 3, foreignKeys: 2, foreignKeysByOnDelete: { cascade: 1, restrict: 1 } });
    expect(json.summary.indexes.expression).toBe(1);
    // 3 tables → budget 30; one medium (4) → relations 100 × (1 − 4/30) = 86.7
    expect(json.scores.categories).toEqual([expect.objectContaining({ category: 'relations', penalty: 4, budget: 30, score: 86.7 })]);
    expect(json.scores.overall).toBe(86.7);
    expect(review.incomplete).toBe(false);
    expect(json.scores.verdict).toBe('ready');

    const md = renderMarkdown(review);
    expect(md).toContain('| medium | `public.customers` | `organization_id` | organization_id may be NULL | `schema.sql:5` | set public.customers.organization_id not null |');
    expect(md).toContain('"billing.invoices" }o..|| "public.customers" : "customer_id"');
    expect(md).toContain('"public.customers" }o..o| "public.organizations" : "organization_id"');

    const term = renderSummary(review, { color: false });
    expect(term).toContain('schema.sql:5  relations/nullable-fk');
  });
});
