import { describe, it, expect, beforeAll } from 'vitest';
import rule from '../../../src/rules/indexes/redundant-prefix-index.js';
import type { Finding } from '../../../src/rules/types.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status text NOT NULL,
  placed_at timestamptz NOT NULL,
  code text NOT NULL,
  note text
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_customer_status ON orders (customer_id, status);
CREATE INDEX orders_customer_status_placed ON orders (customer_id, status, placed_at);
CREATE INDEX orders_open_customer ON orders (customer_id) WHERE status = 'open';
CREATE INDEX orders_open_customer_placed ON orders (customer_id, placed_at) WHERE status = 'open';
CREATE INDEX orders_placed_desc ON orders (placed_at DESC);
CREATE INDEX orders_placed_status ON orders (placed_at, status);
CREATE UNIQUE INDEX orders_code ON orders (code);
CREATE INDEX orders_code_status ON orders (code, status);
CREATE INDEX orders_status_shipped ON orders (status) WHERE status = 'shipped';
CREATE INDEX orders_status_placed ON orders (status, placed_at);
CREATE INDEX orders_note_brin ON orders USING brin (note);
CREATE INDEX orders_note_hash ON orders USING hash (note);
CREATE INDEX orders_note_code ON orders (note, code);
CREATE INDEX orders_lower_code ON orders (lower(code));
CREATE INDEX orders_id_status ON orders (id, status);
CREATE INDEX orders_note_incl ON orders (note) INCLUDE (placed_at);
CREATE INDEX orders_note_pattern ON orders (note text_pattern_ops);
CREATE INDEX orders_placed_mixed ON orders (placed_at DESC, status);
`;
const line = (needle: string) => `schema.sql:${sql.split('\n').findIndex((l) => l.includes(needle)) + 1}`;

describe('indexes/redundant-prefix-index', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = await check(rule, sql);
  });
  const byObject = (name: string) => findings.find((f) => f.object === name);

  it('flags a non-unique btree index that is a strict left prefix of another, naming the covering index', () => {
    expect(findings.map((f) => f.object).sort()).toEqual([
      'orders_customer',
      'orders_customer_status',
      'orders_open_customer',
      'orders_placed_desc',
    ]);
    const f = byObject('orders_customer')!;
    expect(f.ruleId).toBe('indexes/redundant-prefix-index');
    expect(f.table).toBe('public.orders');
    expect(f.columns).toEqual(['customer_id']);
    expect(at(f)).toBe(line('orders_customer ON'));
    // The narrowest covering index is named.
    expect(f.message).toContain('left prefix of index orders_customer_status (customer_id, status)');
    expect(f.fix).toEqual([
      {
        op: 'drop-index',
        schema: 'public',
        table: 'orders',
        name: 'orders_customer',
        definition: 'CREATE INDEX orders_customer ON public.orders USING btree (customer_id)',
      },
    ]);
    expect(byObject('orders_customer_status')!.message).toContain('orders_customer_status_placed');
  });

  it('compares partial indexes with the same predicate, and reads btrees backwards', () => {
    const partial = byObject('orders_open_customer')!;
    expect(partial.message).toContain('orders_open_customer_placed');
    expect(partial.message).toContain("WHERE status = 'open'");
    expect(at(partial)).toBe(line('orders_open_customer ON'));
    expect(byObject('orders_placed_desc')!.message).toContain('orders_placed_status');
  });

  it('leaves alone unique indexes, other predicates, other methods, expressions, uncovered INCLUDEs and operator classes', () => {
    for (const name of [
      'orders_code', // unique: it enforces something
      'orders_status_shipped', // predicate differs from orders_status_placed
      'orders_note_brin', // not btree
      'orders_note_hash',
      'orders_lower_code', // expression vs column
      'orders_note_incl', // orders_note_code does not include placed_at
      'orders_note_pattern', // text_pattern_ops vs default operator class
      'orders_pkey', // the primary key
      'orders_placed_mixed',
    ]) {
      expect(byObject(name), name).toBeUndefined();
    }
  });
});
