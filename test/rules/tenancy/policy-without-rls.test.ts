import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/policy-without-rls.js';
import { at, check } from '../../helpers.js';
import { rlsSql } from './rls-fixture.js';

describe('tenancy/policy-without-rls', () => {
  it('flags policies on a table whose RLS is off, pointing at the policy', async () => {
    const findings = await check(rule, rlsSql);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('tenancy/policy-without-rls');
    expect(f.severity).toBe('critical');
    expect(f.table).toBe('public.docs');
    expect(f.object).toBe('docs_tenant');
    expect(at(f)).toBe('schema.sql:5');
    expect(f.message).toContain('public.docs has policy docs_tenant but row-level security is not enabled');
    expect(f.fix).toEqual([{ op: 'enable-rls', schema: 'public', table: 'docs', force: true, alreadyEnabled: false }]);
  });
});
