import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/relations/missing-foreign-key.js';
import { at, check } from '../../helpers.js';

const partitioned = `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE payments (id bigint, paid_on date NOT NULL, customer_id bigint, PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on);
CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payments_2025 PARTITION OF payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE payments_2026 PARTITION OF payments FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE payments_2024 ADD CONSTRAINT payments_2024_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE payments_2025 ADD CONSTRAINT payments_2025_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;
CREATE INDEX ON payments_2025 (customer_id);
CREATE TABLE refunds (id bigint, made_on date, customer_id bigint REFERENCES customers, PRIMARY KEY (id, made_on)) PARTITION BY RANGE (made_on);
CREATE TABLE refunds_2024 PARTITION OF refunds FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX ON refunds (customer_id);
`;

describe('relations/missing-foreign-key', () => {
  it('flags <stem>_id columns naming a table without a foreign key, proposing one only when the types allow', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE users (user_id bigint PRIMARY KEY, customer_id bigint);
CREATE TABLE items (id bigint PRIMARY KEY);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id integer,
  customer_id uuid,
  item_id bigint,
  item_type text,
  stripe_customer_id text
);
CREATE TABLE order_notes (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL);
`,
    );
    const keys = findings.map((f) => `${f.table}.${f.columns.join(',')}`).sort();
    expect(keys).toEqual(['billing.invoices.customer_id', 'public.orders.customer_id', 'public.orders.user_id', 'public.users.customer_id']);

    const users = findings.find((f) => f.table === 'public.users')!;
    expect(users.ruleId).toBe('relations/missing-foreign-key');
    expect(at(users)).toBe('schema.sql:2');
    expect(users.message).toContain('public.users.customer_id looks like a reference to public.customers');
    // With the key comes the index it needs, since none leads with customer_id.
    expect(users.fix).toEqual([
      { op: 'add-foreign-key', schema: 'public', table: 'users', columns: ['customer_id'], refSchema: 'public', refTable: 'customers', refColumns: ['id'] },
      { op: 'add-index', schema: 'public', table: 'users', columns: ['customer_id'] },
    ]);

    // integer → bigint can be declared as it stands.
    const orderUser = findings.find((f) => f.table === 'public.orders' && f.columns[0] === 'user_id')!;
    expect(at(orderUser)).toBe('schema.sql:6');
    expect(orderUser.fix?.[0]).toMatchObject({ op: 'add-foreign-key', refTable: 'users', refColumns: ['user_id'] });

    // uuid → bigint cannot: reported, without a fix.
    const orderCompany = findings.find((f) => f.table === 'public.orders' && f.columns[0] === 'customer_id')!;
    expect(at(orderCompany)).toBe('schema.sql:7');
    expect(orderCompany.fix).toBeUndefined();
    expect(orderCompany.message).toContain('does not match public.customers.id (bigint)');

    // Another schema's table is found when its bare name is unique.
    const invoice = findings.find((f) => f.table === 'billing.invoices')!;
    expect(at(invoice)).toBe('schema.sql:14');
    expect(invoice.fix?.[0]).toMatchObject({ refSchema: 'public', refTable: 'customers' });
  });

  it('leaves alone own keys, columns already in a foreign key, polymorphic pairs, tenant keys, inheritance children and names of no table', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE tenants (id bigint PRIMARY KEY);
CREATE TABLE projects (project_id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants, UNIQUE (tenant_id, project_id));
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL,
  project_id bigint NOT NULL,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, project_id)
);
CREATE TABLE comments (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants,
  task_id bigint,
  task_type text,
  external_id text,
  parent_id bigint
);
CREATE TABLE notes (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, body text);
CREATE TABLE payment (payment_id bigint PRIMARY KEY, amount numeric);
CREATE TABLE payment_2007 () INHERITS (payment);
`,
    );
    expect(findings).toEqual([]);
  });

  it('reports a partitioned table whose reference is declared only on some partitions', async () => {
    const findings = await check(rule, partitioned);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.table).toBe('public.payments');
    expect(f.columns).toEqual(['customer_id']);
    expect(at(f)).toBe('schema.sql:6');
    expect(f.message).toContain('only through foreign keys on 2 of its 3 partitions (payments_2024, payments_2025)');
    expect(f.message).toContain('rows in the 1 partition without it, and partitions attached later');
    // Only one partition has an index on customer_id: the fix adds one on the partitioned table too.
    expect(f.fix).toEqual([
      { op: 'add-foreign-key', schema: 'public', table: 'payments', columns: ['customer_id'], refSchema: 'public', refTable: 'customers', refColumns: ['id'] },
      { op: 'add-index', schema: 'public', table: 'payments', columns: ['customer_id'] },
    ]);
  });
});
