// How a plan is built from findings: merged where findings ask for the same change, ordered so each
// step can apply, placed on a horizon by severity, with a risk that grows with the table.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/fixes/plan.js';
import type { FixOp } from '../../src/fixes/operations.js';
import { catalog, col, finding, table } from '../report/factories.js';

const shop = () =>
  catalog([
    table('customers', [col('id'), col('email', 'text')]),
    table('orders', [col('id'), col('customer_id', 'integer')], { stats: { rowEstimate: 5_000_000 } }),
  ]);

const addFk: FixOp = { op: 'add-foreign-key', schema: 'public', table: 'orders', columns: ['customer_id'], refSchema: 'public', refTable: 'customers', refColumns: ['id'] };
const widen: FixOp = { op: 'alter-type', schema: 'public', table: 'orders', column: 'customer_id', from: 'integer', to: 'bigint' };
const index: FixOp = { op: 'add-index', schema: 'public', table: 'orders', columns: ['customer_id'] };

describe('buildPlan', () => {
  it('puts critical and high on the immediate horizon, medium short term, low long term; info is not planned', () => {
    const plan = buildPlan(
      [
        finding('a/low', 'low', 'public.orders', ['customer_id'], { fix: [index] }),
        finding('a/high', 'high', 'public.orders', ['customer_id'], { fix: [addFk] }),
        finding('a/info', 'info', 'public.orders', [], { fix: [{ op: 'drop-index', schema: 'public', table: 'orders', name: 'x', definition: 'CREATE INDEX x ON orders (id)' }] }),
        finding('a/medium', 'medium', 'public.customers', ['email'], { fix: [{ op: 'set-not-null', schema: 'public', table: 'customers', column: 'email' }] }),
      ],
      shop(),
    );
    expect(plan.steps.map((s) => [s.fixes[0].ruleId, s.horizon])).toEqual([
      ['a/high', 'immediate'],
      ['a/medium', 'short-term'],
      ['a/low', 'long-term'],
    ]);
    expect(plan.steps.map((s) => s.number)).toEqual([1, 2, 3]);
  });

  it('merges findings that ask for the same change into one step', () => {
    const plan = buildPlan(
      [finding('x/one', 'medium', 'public.orders', ['customer_id'], { fix: [index] }), finding('x/two', 'low', 'public.orders', ['customer_id'], { fix: [{ ...index }] })],
      shop(),
    );
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0].fixes.map((f) => f.ruleId)).toEqual(['x/one', 'x/two']);
    expect(plan.steps[0].horizon).toBe('short-term');
  });

  it('orders a type change before the foreign key that needs it, pulling it into the key\'s horizon', () => {
    const plan = buildPlan(
      [finding('k/type', 'low', 'public.orders', ['customer_id'], { fix: [widen] }), finding('k/fk', 'critical', 'public.orders', ['customer_id'], { fix: [addFk] })],
      shop(),
    );
    expect(plan.steps.map((s) => s.ops[0].op)).toEqual(['alter-type', 'add-foreign-key']);
    expect(plan.steps.map((s) => s.horizon)).toEqual(['immediate', 'immediate']);
    expect(plan.steps[1].after).toEqual([1]);
  });

  it('keeps the more severe of two type changes of one column and says why the other is left out', () => {
    const plan = buildPlan(
      [
        finding('t/money', 'high', 'public.orders', ['customer_id'], { fix: [{ ...widen, to: 'numeric(19,4)' }] }),
        finding('t/int', 'medium', 'public.orders', ['customer_id'], { fix: [widen] }),
      ],
      shop(),
    );
    expect(plan.steps).toHaveLength(1);
    expect(plan.notPlanned).toHaveLength(1);
    expect(plan.notPlanned[0].reason).toContain('numeric(19,4)');
  });

  it('raises the risk of a change on a large table, and lists findings without a fix as not planned', () => {
    const plan = buildPlan(
      [
        finding('i/orders', 'low', 'public.orders', ['customer_id'], { fix: [index] }),
        finding('i/customers', 'low', 'public.customers', ['email'], { fix: [{ op: 'add-index', schema: 'public', table: 'customers', columns: ['email'] }] }),
        finding('n/none', 'high', 'public.orders', []),
      ],
      shop(),
    );
    const risk = Object.fromEntries(plan.steps.map((s) => [s.fixes[0].ruleId, s.risk]));
    expect(risk).toEqual({ 'i/orders': 'medium', 'i/customers': 'low' });
    expect(plan.steps.find((s) => s.fixes[0].ruleId === 'i/orders')!.riskReason).toContain('5,000,000 rows');
    expect(plan.notPlanned.map((n) => n.finding.ruleId)).toEqual(['n/none']);
  });
});

describe('buildPlan, overlapping indexes', () => {
  it('does not add an index that a new composite unique already starts with', () => {
    const plan = buildPlan(
      [
        finding('fk/unindexed', 'medium', 'public.orders', ['customer_id'], { fix: [index] }),
        finding('tenancy/unique', 'high', 'public.orders', ['customer_id', 'id'], {
          fix: [{ op: 'replace-unique', schema: 'public', table: 'orders', constraint: 'orders_id_key', oldColumns: ['id'], columns: ['customer_id', 'id'] }],
        }),
      ],
      shop(),
    );
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0].ops[0].op).toBe('replace-unique');
    expect(plan.steps[0].fixes.map((f) => f.ruleId)).toEqual(['tenancy/unique', 'fk/unindexed']);
  });
});

describe('buildPlan, indexes the plan makes redundant', () => {
  it('drops an existing index that a new composite unique starts with, after building it', () => {
    const cat = shop();
    const orders = cat.tables.find((t) => t.name === 'orders')!;
    orders.indexes.push({ name: 'orders_customer_id_idx', columns: ['customer_id'], keyParts: ['customer_id'], includeColumns: [], unique: false, primary: false, method: 'btree', definition: 'CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)', origin: { file: 'schema.sql', line: 9 } });
    const plan = buildPlan(
      [finding('tenancy/unique', 'high', 'public.orders', ['id'], { fix: [{ op: 'replace-unique', schema: 'public', table: 'orders', constraint: 'orders_id_key', oldColumns: ['id'], columns: ['customer_id', 'id'] }] })],
      cat,
    );
    expect(plan.steps.map((s) => s.ops[0].op)).toEqual(['replace-unique', 'drop-index']);
    const drop = plan.steps[1];
    expect(drop).toMatchObject({ horizon: 'immediate', after: [1], fixes: [], ops: [{ name: 'orders_customer_id_idx' }] });
    expect(drop.reason).toContain('makes it redundant');
  });
});

describe('buildPlan, keys the plan adds', () => {
  it('widens a new foreign key\'s column with the key it references when another step widens that key', () => {
    const plan = buildPlan(
      [
        finding('keys/int32-key-overflow', 'high', 'public.customers', ['id'], { fix: [{ op: 'alter-type', schema: 'public', table: 'customers', column: 'id', from: 'integer', to: 'bigint' }] }),
        finding('relations/missing-foreign-key', 'medium', 'public.orders', ['customer_id'], { fix: [addFk] }),
      ],
      shop(),
    );
    const fkStep = plan.steps.find((s) => s.ops.some((o) => o.op === 'add-foreign-key'))!;
    expect(fkStep.ops.map((o) => o.op)).toEqual(['alter-type', 'add-foreign-key']);
    expect(fkStep.ops[0]).toMatchObject({ table: 'orders', column: 'customer_id', from: 'integer', to: 'bigint' });
    expect(fkStep.after).toEqual([plan.steps.find((s) => s.fixes[0].ruleId === 'keys/int32-key-overflow')!.number]);
  });
});

describe('buildPlan, unique keys a foreign key relied on', () => {
  it('keeps a plain index for a foreign key whose only index was the unique key a step widens', () => {
    const cat = shop();
    const orders = cat.tables.find((t) => t.name === 'orders')!;
    orders.foreignKeys.push({ name: 'orders_customer_id_fkey', columns: ['customer_id'], refSchema: 'public', refTable: 'customers', refColumns: ['id'], onDelete: 'no action', onUpdate: 'no action', deferrable: false, validated: true, origin: { file: 'schema.sql', line: 3 } });
    const plan = buildPlan(
      [finding('tenancy/unique-without-tenant-key', 'high', 'public.orders', ['customer_id'], { fix: [{ op: 'replace-unique', schema: 'public', table: 'orders', constraint: 'orders_customer_id_key', oldColumns: ['customer_id'], columns: ['id', 'customer_id'] }] })],
      cat,
    );
    expect(plan.steps[0].ops.map((o) => o.op)).toEqual(['add-index', 'replace-unique']);
    expect(plan.steps[0].ops[0]).toMatchObject({ op: 'add-index', columns: ['customer_id'] });
  });
});

describe('buildPlan, two changes to one unique key', () => {
  const tenant = finding('tenancy/unique-without-tenant-key', 'high', 'public.customers', ['email'], {
    fix: [{ op: 'replace-unique', schema: 'public', table: 'customers', constraint: 'customers_email_key', oldColumns: ['email'], columns: ['organization_id', 'email'] }],
  });
  const live = finding('soft-delete/unique-ignores-soft-delete', 'medium', 'public.customers', ['email'], {
    fix: [{ op: 'replace-unique', schema: 'public', table: 'customers', constraint: 'customers_email_key', oldColumns: ['email'], columns: ['email'], predicate: 'deleted_at IS NULL', name: 'customers_email_live_key' }],
  });

  it('makes one key of the tenant key and the live-rows predicate', () => {
    const plan = buildPlan([tenant, live], shop());
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0].ops).toEqual([
      { op: 'replace-unique', schema: 'public', table: 'customers', constraint: 'customers_email_key', oldColumns: ['email'], columns: ['organization_id', 'email'], predicate: 'deleted_at IS NULL', name: 'customers_organization_id_email_live_key' },
    ]);
    expect(plan.steps[0].fixes.map((f) => f.ruleId)).toEqual(['tenancy/unique-without-tenant-key', 'soft-delete/unique-ignores-soft-delete']);
  });

  it('keeps them apart on MySQL, which has no partial index to merge into', () => {
    const cat = shop();
    cat.source.dialect = 'mysql';
    expect(buildPlan([tenant, live], cat).steps).toHaveLength(2);
  });
});
