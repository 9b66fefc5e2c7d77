// Rules know their dialect: what is a defect on PostgreSQL may be the only choice elsewhere.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/rules/engine.js';
import { ruleById } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import type { Catalog } from '../../src/catalog/types.js';
import { catalogFromSql } from '../helpers.js';

const asDialect = (catalog: Catalog, dialect: Catalog['source']['dialect']): Catalog => ({ ...catalog, source: { ...catalog.source, dialect } });

describe('dialect-aware rules', () => {
  it('timestamp-without-tz applies to PostgreSQL only', async () => {
    const catalog = await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);');
    const rule = ruleById('types/timestamp-without-tz')!;
    expect(runRules(catalog, [rule], resolveConfig()).findings).toHaveLength(1);
    expect(runRules(asDialect(catalog, 'mysql'), [rule], resolveConfig()).findings).toHaveLength(0);
    expect(runRules(asDialect(catalog, 'sqlite'), [rule], resolveConfig()).findings).toHaveLength(0);
  });

  it('int32-key-overflow counts the doubled range of an UNSIGNED MySQL key and names no sequence', async () => {
    const catalog = asDialect(await catalogFromSql('CREATE TABLE t (id serial PRIMARY KEY);'), 'mysql');
    catalog.tables[0].columns[0].unsigned = true;
    const [finding] = runRules(catalog, [ruleById('keys/int32-key-overflow')!], resolveConfig()).findings;
    expect(finding.message).toContain('4,294,967,295');
    expect(finding.message).not.toContain('SEQUENCE');
  });
});
