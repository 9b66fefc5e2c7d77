import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/scale/nullable-share.js';
import { at, check } from '../../helpers.js';

describe('scale/nullable-share', () => {
  it('flags tables where most columns are nullable, and leaves small or mostly required tables alone', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE settings (id bigint PRIMARY KEY, user_id bigint NOT NULL, a text, b text, c text, d text, e text, f text, g text, h text);
CREATE TABLE small (id bigint PRIMARY KEY, a text, b text, c text, d text, e text, f text);
CREATE TABLE balanced (id bigint PRIMARY KEY, x text NOT NULL, y text NOT NULL, z text NOT NULL, a text, b text, c text, d text, e text, f text);
`,
    );
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('scale/nullable-share');
    expect(f.table).toBe('public.settings');
    expect(f.columns).toEqual([]);
    expect(at(f)).toBe('schema.sql:1');
    expect(f.message).toContain('8 of the 10 columns of public.settings (80%, limit 60%)');
  });

  it('takes its thresholds from options', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE small (id bigint PRIMARY KEY, a text, b text, c text, d text, e text, f text);`,
      { rules: { 'scale/nullable-share': { options: { minColumns: 5, maxShare: 0.5 } } } },
    );
    expect(findings.map((f) => f.table)).toEqual(['public.small']);
  });
});
