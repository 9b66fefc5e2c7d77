import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/rls-not-forced.js';
import { at, check } from '../../helpers.js';
import { rlsSql } from './rls-fixture.js';

describe('tenancy/rls-not-forced', () => {
  it('flags RLS with policies that the owner bypasses, and leaves forced RLS alone', async () => {
    const findings = await check(rule, rlsSql);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('tenancy/rls-not-forced');
    expect(f.severity).toBe('medium');
    expect(f.table).toBe('public.tasks');
    expect(at(f)).toBe('schema.sql:7');
    expect(f.message).toContain('public.tasks has row-level security enabled with policy tasks_tenant but not forced');
    expect(f.fix).toEqual([{ op: 'enable-rls', schema: 'public', table: 'tasks', force: true, alreadyEnabled: true }]);
  });
});
