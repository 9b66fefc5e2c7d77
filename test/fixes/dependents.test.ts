// The PostgreSQL writer around what depends on a changed object, proved on the embedded engine with
// verifyPlanOnPostgres: views and rules re-created around a type change, an inherited column changed
// on its parent only, a partition key column left alone with the reason, and a partitioned table's new
// key and index attaching the partitions' own ones, which the rollback gives back.
import { describe, expect, it } from 'vitest';
import { loadPostgresDdlFiles } from '../../src/sources/postgres/ddl.js';
import { resolveConfig } from '../../src/config.js';
import { buildPlan } from '../../src/fixes/plan.js';
import { verifyPlanOnPostgres } from '../../src/fixes/verify.js';
import { postgresFixSql } from '../../src/fixes/postgres.js';
import type { FixOp } from '../../src/fixes/operations.js';
import type { Finding } from '../../src/rules/types.js';

const DDL = `
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, created_at timestamp NOT NULL DEFAULT now());
CREATE VIEW customer_names AS SELECT id, name FROM customers;
CREATE VIEW customer_name_lengths AS SELECT id, length(name) AS n FROM customer_names;
CREATE MATERIALIZED VIEW customer_ids AS SELECT id FROM customers;
CREATE UNIQUE INDEX customer_ids_id ON customer_ids (id);
CREATE TABLE log (id integer, at timestamp);
CREATE TABLE log_2024 () INHERITS (log);
CREATE TABLE log_archive (id integer, at timestamp);
CREATE RULE log_archive_copy AS ON INSERT TO log_2024 DO ALSO INSERT INTO log_archive VALUES (NEW.id, NEW.at);
CREATE TABLE payments (id bigint, paid_on date NOT NULL, customer_id integer, PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on);
CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payments_2025 PARTITION OF payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE payments_2024 ADD CONSTRAINT payments_2024_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
CREATE INDEX payments_2024_customer_id_idx ON payments_2024 (customer_id);
`;

function finding(ruleId: string, table: string, fix: FixOp[]): Finding {
  return { ruleId, category: 'types', severity: 'high', table, columns: [], message: ruleId, origin: { file: 'schema.sql', line: 1 }, key: `${ruleId}|${table}|${JSON.stringify(fix)}`, fix };
}

const files = [{ path: 'schema.sql', text: DDL }];

describe('the PostgreSQL writer around dependent objects', () => {
  it('re-creates views (and a materialized view with its index) around a type change, and rolls back', async () => {
    const catalog = await loadPostgresDdlFiles(files);
    const op: FixOp = { op: 'alter-type', schema: 'public', table: 'customers', column: 'id', from: 'integer', to: 'bigint' };
    const sql = postgresFixSql([op], catalog);
    expect(sql.forward[0]).toMatch(/^DROP (MATERIALIZED )?VIEW/);
    expect(sql.forward.join('\n')).toContain('CREATE UNIQUE INDEX customer_ids_id');
    // Readers are dropped before what they read, and created after it.
    const drops = sql.forward.filter((s) => s.startsWith('DROP'));
    expect(drops.indexOf('DROP VIEW public.customer_name_lengths;')).toBeLessThan(drops.indexOf('DROP VIEW public.customer_names;'));
    const plan = buildPlan([finding('keys/int32-key-overflow', 'public.customers', [op])], catalog);
    const v = await verifyPlanOnPostgres(files, plan, resolveConfig({}));
    expect(v.steps.map((s) => s.status)).toEqual(['applied']);
    expect(v.rollbackDifferences).toEqual([]);
  });

  it('changes an inherited column on its parent only, re-creating a child\'s rule; a child alone says why not', async () => {
    const catalog = await loadPostgresDdlFiles(files);
    const parentOp: FixOp = { op: 'alter-type', schema: 'public', table: 'log', column: 'at', from: 'timestamp without time zone', to: 'timestamp with time zone', using: "at AT TIME ZONE 'UTC'" };
    const childOp: FixOp = { ...parentOp, table: 'log_2024' };
    expect(postgresFixSql([childOp], catalog).unsupported?.[0]).toContain('inherited from public.log');
    const plan = buildPlan([finding('types/timestamp-without-tz', 'public.log', [parentOp]), finding('types/timestamp-without-tz', 'public.log_2024', [childOp])], catalog);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0].fixes).toHaveLength(2);
    expect(postgresFixSql(plan.steps[0].ops, catalog).forward.join('\n')).toContain('CREATE RULE log_archive_copy');
    const v = await verifyPlanOnPostgres(files, plan, resolveConfig({}));
    expect(v.steps.map((s) => s.status)).toEqual(['applied']);
    expect(v.rollbackDifferences).toEqual([]);
  });

  it('leaves a partition key column alone with the reason, and restores partitions\' own key and index after the rollback', async () => {
    const catalog = await loadPostgresDdlFiles(files);
    const keyOp: FixOp = { op: 'alter-type', schema: 'public', table: 'payments', column: 'paid_on', from: 'date', to: 'timestamp with time zone' };
    expect(postgresFixSql([keyOp], catalog).unsupported?.[0]).toContain('partition key');
    const fk: FixOp = { op: 'add-foreign-key', schema: 'public', table: 'payments', columns: ['customer_id'], refSchema: 'public', refTable: 'customers', refColumns: ['id'] };
    const index: FixOp = { op: 'add-index', schema: 'public', table: 'payments', columns: ['customer_id'] };
    const plan = buildPlan([finding('relations/missing-foreign-key', 'public.payments', [fk, index])], catalog);
    const v = await verifyPlanOnPostgres(files, plan, resolveConfig({}));
    expect(v.steps.map((s) => s.status)).toEqual(['applied']);
    expect(v.rollbackDifferences).toEqual([]);
  });
});
