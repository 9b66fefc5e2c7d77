import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/indexes/unused-index.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { runRules } from '../../../src/rules/engine.js';
import { resolveConfig } from '../../../src/config.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';

const sql = `CREATE TABLE customers (id bigint PRIMARY KEY, email text UNIQUE);
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  number text NOT NULL,
  status text NOT NULL,
  total numeric NOT NULL,
  period tstzrange,
  EXCLUDE USING gist (period WITH &&)
);
CREATE INDEX invoices_status ON invoices (status);
CREATE INDEX invoices_total ON invoices (total);
CREATE UNIQUE INDEX invoices_number ON invoices (number);
CREATE INDEX invoices_customer ON invoices (customer_id);
CREATE INDEX invoices_fresh ON invoices (status, total);
`;
const line = (needle: string) => `schema.sql:${sql.split('\n').findIndex((l) => l.includes(needle)) + 1}`;

/** Every index unscanned except invoices_total; sizes on some. */
function withStats(catalog: Catalog): Catalog {
  const copy: Catalog = structuredClone(catalog);
  copy.hasLiveStats = true;
  for (const t of copy.tables) {
    for (const ix of t.indexes) {
      ix.stats = { scans: ix.name === 'invoices_total' ? 42 : 0 };
      if (ix.name === 'invoices_status') ix.stats.sizeBytes = 3 * 1024 * 1024 + 512 * 1024;
    }
    const fresh = t.indexes.find((ix) => ix.name === 'invoices_fresh');
    if (fresh) fresh.stats = {}; // no statistics for this one: say nothing
  }
  return copy;
}

describe('indexes/unused-index', () => {
  it('flags unscanned indexes that enforce nothing, with their size, and is skipped without live statistics', async () => {
    const catalog = await catalogFromSql(sql);

    // Without live statistics the engine skips the rule and says so.
    const run = runRules(catalog, [rule], resolveConfig());
    expect(run.findings).toEqual([]);
    expect(run.skipped.map((s) => s.ruleId)).toEqual(['indexes/unused-index']);

    const findings = checkCatalog(rule, withStats(catalog));
    expect(findings.map((f) => f.object).sort()).toEqual(['invoices_customer', 'invoices_status']);

    const status = findings.find((f) => f.object === 'invoices_status')!;
    expect(status.ruleId).toBe('indexes/unused-index');
    expect(status.table).toBe('public.invoices');
    expect(status.columns).toEqual(['status']);
    expect(at(status)).toBe(line('invoices_status'));
    expect(status.message).toContain('invoices_status (3.5 MB)');
    expect(status.message).toContain('has not been scanned once');
    expect(status.fix).toEqual([
      {
        op: 'drop-index',
        schema: 'public',
        table: 'invoices',
        name: 'invoices_status',
        definition: 'CREATE INDEX invoices_status ON public.invoices USING btree (status)',
      },
    ]);

    // The only index behind a foreign key: reported with the risk spelled out, but no drop proposed.
    const fk = findings.find((f) => f.object === 'invoices_customer')!;
    expect(fk.message).toContain('only index serving foreign key invoices_customer_id_fkey');
    expect(fk.fix).toBeUndefined();
  });
});
