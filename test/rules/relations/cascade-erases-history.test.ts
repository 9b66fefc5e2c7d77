import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/relations/cascade-erases-history.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE customers (id bigint PRIMARY KEY, name text);
CREATE TABLE products (id bigint PRIMARY KEY, name text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
  total numeric(12,2) NOT NULL,
  created_at timestamptz
);
CREATE TABLE order_items (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES products ON DELETE CASCADE,
  price numeric(12,2) NOT NULL
);
CREATE TABLE shipments (
  id bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers ON DELETE CASCADE,
  shipped_at timestamptz, status text
);
CREATE TABLE customer_notes (
  id bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers ON DELETE CASCADE,
  body text,
  created_at timestamptz,
  updated_at timestamptz
);
CREATE TABLE favourites (
  customer_id bigint REFERENCES customers ON DELETE CASCADE,
  product_id bigint REFERENCES products ON DELETE CASCADE,
  status text,
  PRIMARY KEY (customer_id, product_id)
);
CREATE TABLE refunds (
  id bigint PRIMARY KEY,
  order_id bigint REFERENCES orders ON DELETE RESTRICT,
  amount numeric(12,2)
);
`;

describe('relations/cascade-erases-history', () => {
  it('flags cascades into tables that keep history, and names the signals', async () => {
    const findings = await check(rule, sql);
    const keys = findings.map((f) => `${f.table}.${f.columns.join(',')}`).sort();
    expect(keys).toEqual(['public.order_items.product_id', 'public.orders.customer_id', 'public.shipments.customer_id']);

    const orders = findings.find((f) => f.table === 'public.orders')!;
    expect(orders.ruleId).toBe('relations/cascade-erases-history');
    expect(orders.columns).toEqual(['customer_id']);
    expect(at(orders)).toBe('schema.sql:5');
    expect(orders.severity).toBe('high'); // money is involved
    expect(orders.message).toContain('deleting a row of customers silently deletes the orders rows that reference it');
    expect(orders.message).toContain('money column total');
    expect(orders.fix).toEqual([
      {
        op: 'set-on-delete',
        schema: 'public',
        table: 'orders',
        constraint: orders.object,
        columns: ['customer_id'],
        refSchema: 'public',
        refTable: 'customers',
        refColumns: ['id'],
        from: 'cascade',
        to: 'restrict',
      },
    ]);

    const items = findings.find((f) => f.table === 'public.order_items')!;
    expect(at(items)).toBe('schema.sql:12');
    expect(items.message).toContain('public.products');

    const shipments = findings.find((f) => f.table === 'public.shipments')!;
    expect(at(shipments)).toBe('schema.sql:17');
    expect(shipments.severity).toBe('medium');
    expect(shipments.message).toContain('event timestamp shipped_at');
  });

  it('does not take an event timestamp alone for history (session revocations, checklist completions)', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE tasks (id bigint PRIMARY KEY);
CREATE TABLE user_sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE, revoked_at timestamptz);
CREATE TABLE checklist_items (id bigint PRIMARY KEY, task_id bigint REFERENCES tasks ON DELETE CASCADE, completed_at timestamptz);
`,
    );
    expect(findings).toEqual([]);
  });

  it('follows its options: an ignored timestamp is no longer a signal', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE shipments (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers ON DELETE CASCADE, shipped_at timestamptz);
CREATE TABLE customer_events (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers ON DELETE CASCADE, kind text);
`,
      { rules: { 'relations/cascade-erases-history': { options: { ignoredTimestamps: ['shipped_at'], historyTables: [] } } } },
    );
    expect(findings).toEqual([]);
  });

  it('leaves alone account bookkeeping, deadlines and last-seen stamps, which are not history', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE organizations (id bigint PRIMARY KEY);
CREATE TABLE users (
  id bigint PRIMARY KEY,
  organization_id bigint REFERENCES organizations ON DELETE CASCADE,
  email_verified_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz
);
CREATE TABLE reminders (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE, due_on date, expires_at timestamptz);
`,
    );
    expect(findings).toEqual([]);
  });
});
