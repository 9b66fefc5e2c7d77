import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/rules/engine.js';
import { allRules, ruleById } from '../../src/rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { catalogFromSql } from '../helpers.js';

const sql = `CREATE TABLE a (id bigint PRIMARY KEY, v int);
CREATE FUNCTION f1() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ select 1 $$;
CREATE FUNCTION f2() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ select 2 $$;
CREATE INDEX a_v_idx ON a (v);
`;

describe('rule engine', () => {
  it('applies config: rules off, severity overrides, and ignores narrowed by object', async () => {
    const catalog = await catalogFromSql(sql);
    const rule = ruleById('security/security-definer-search-path')!;
    const plain = runRules(catalog, [rule], resolveConfig());
    expect(plain.findings.map((f) => f.object?.replace(/\(.*$/, ''))).toEqual(['f1', 'f2'].map((n) => expect.stringContaining(n)));

    const object = plain.findings[0].object!;
    const configured = runRules(
      catalog,
      [rule],
      resolveConfig({
        rules: { 'security/security-definer-search-path': 'low' },
        ignore: [{ rule: rule.meta.id, object, reason: 'reviewed: reads only constants' }],
      }),
    );
    expect(configured.findings).toHaveLength(1);
    expect(configured.findings[0].severity).toBe('low');
    expect(configured.ignored).toEqual([{ finding: expect.objectContaining({ object }), reason: 'reviewed: reads only constants' }]);

    const off = runRules(catalog, [rule], resolveConfig({ rules: { 'security/security-definer-search-path': 'off' } }));
    expect(off.findings).toEqual([]);
    expect(off.ran).toEqual([]);
  });

  it('lists the rules that need live statistics as skipped on DDL, and gives every finding a stable key', async () => {
    const catalog = await catalogFromSql(sql);
    const run = runRules(catalog, allRules, resolveConfig());
    expect(run.skipped).toEqual([{ ruleId: 'indexes/unused-index', reason: expect.stringContaining('live') }]);
    const keys = run.findings.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of run.findings) expect(f.key).not.toMatch(/schema\.sql|:\d+$/);
  });
});
