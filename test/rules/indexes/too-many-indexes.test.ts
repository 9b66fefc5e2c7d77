import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/indexes/too-many-indexes.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';

const columns = Array.from({ length: 11 }, (_, i) => `c${i} int`).join(', ');
const indexes = (table: string, n: number) =>
  Array.from({ length: n }, (_, i) => `CREATE INDEX ${table}_c${i} ON ${table} (c${i});`).join('\n');
// Line 1: busy (PK + 10 indexes = 11), line 13: calm (PK + 9 = 10).
const sql = `CREATE TABLE busy (id bigint PRIMARY KEY, ${columns});
${indexes('busy', 10)}
CREATE TABLE calm (id bigint PRIMARY KEY, ${columns});
${indexes('calm', 9)}
`;

describe('indexes/too-many-indexes', () => {
  it('flags tables with more indexes than the limit, counting the primary key, and honours maxIndexes', async () => {
    const catalog = await catalogFromSql(sql);

    const findings = checkCatalog(rule, catalog);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('indexes/too-many-indexes');
    expect(f.severity).toBe('low');
    expect(f.table).toBe('public.busy');
    expect(f.columns).toEqual([]);
    expect(at(f)).toBe('schema.sql:1');
    expect(f.message).toContain('public.busy has 11 indexes (limit 10)');
    expect(f.message).toContain('busy_pkey');

    // A table at the limit is fine; a lower limit catches it too.
    const strict = checkCatalog(rule, catalog, { rules: { 'indexes/too-many-indexes': { options: { maxIndexes: 9 } } } });
    expect(strict.map((x) => x.table).sort()).toEqual(['public.busy', 'public.calm']);
    const calm = strict.find((x) => x.table === 'public.calm')!;
    expect(at(calm)).toBe('schema.sql:12');
    expect(calm.message).toContain('has 10 indexes (limit 9)');

    const lax = checkCatalog(rule, catalog, { rules: { 'indexes/too-many-indexes': { options: { maxIndexes: 20 } } } });
    expect(lax).toEqual([]);
  });
});
