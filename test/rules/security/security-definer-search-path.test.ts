import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/security/security-definer-search-path.js';
import { at, check } from '../../helpers.js';

describe('security/security-definer-search-path', () => {
  it('flags SECURITY DEFINER functions without a pinned search_path and leaves the others alone', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE members (user_id bigint, role text);
CREATE FUNCTION public.is_admin(uid bigint) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER
  AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = uid AND role = 'admin') $$;
CREATE FUNCTION public.is_member(uid bigint) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = uid) $$;
CREATE FUNCTION public.member_count() RETURNS bigint
  LANGUAGE sql SECURITY DEFINER SET search_path = ''
  AS $$ SELECT count(*) FROM public.members $$;
CREATE FUNCTION public.add_one(x integer) RETURNS integer
  LANGUAGE sql
  AS $$ SELECT x + 1 $$;
`,
    );
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('security/security-definer-search-path');
    expect(f.severity).toBe('high');
    expect(f.table).toBeUndefined();
    expect(f.object).toBe('public.is_admin(uid bigint)');
    expect(at(f)).toBe('schema.sql:2');
    expect(f.message).toContain('SET search_path = public, pg_temp');
    expect(f.fix).toEqual([{ op: 'set-function-search-path', schema: 'public', name: 'is_admin', args: 'uid bigint' }]);
  });
});
