import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/orm/duplicate-relationship.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadHelpdesk, loadSaas, rel } from './helpers.js';

describe('orm/duplicate-relationship', () => {
  it('flags a relationship assigned twice in one class, naming both lines, at the second', async () => {
    const findings = checkCatalog(rule, await loadSaas());
    expect(findings.map((f) => rel(at(f)))).toEqual(['app/models/user.py:27']);
    expect(findings[0].severity).toBe('medium');
    expect(findings[0].category).toBe('orm');
    expect(findings[0].message).toContain('UserModel.conversations');
    expect(findings[0].message).toContain('lines 26 and 27');
    expect(findings[0].object).not.toMatch(/\b2[67]\b/);
  });

  it('leaves alone projects without the note and DDL catalogs', async () => {
    expect(checkCatalog(rule, await loadHelpdesk())).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY);'))).toEqual([]);
  });

  it('is silenced by config', async () => {
    expect(checkCatalog(rule, await loadSaas(), { rules: { 'orm/duplicate-relationship': 'off' } })).toEqual([]);
  });
});
