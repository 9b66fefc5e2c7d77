import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/rls-without-policy.js';
import { at, check } from '../../helpers.js';
import { rlsSql } from './rls-fixture.js';

describe('tenancy/rls-without-policy', () => {
  it('flags a table with RLS enabled and no policy, pointing at the ENABLE statement', async () => {
    const findings = await check(rule, rlsSql);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('tenancy/rls-without-policy');
    expect(f.severity).toBe('high');
    expect(f.table).toBe('public.notes');
    expect(f.columns).toEqual([]);
    expect(at(f)).toBe('schema.sql:3');
    expect(f.message).toContain('public.notes has row-level security enabled but no policy');
    expect(f.message).toContain('organization_id = current_setting');
  });
});
