import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/orm/mutable-default.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadHelpdesk, loadSaas, rel } from './helpers.js';

describe('orm/mutable-default', () => {
  it('flags default={} and default=[] at the field', async () => {
    const findings = checkCatalog(rule, await loadSaas());
    expect(findings.map((f) => rel(at(f))).sort()).toEqual(['app/models/product.py:22', 'app/models/product.py:23']);
    expect(findings.map((f) => f.message).join('\n')).toContain('default=dict');
    expect(findings.map((f) => f.message).join('\n')).toContain('default=list');
    expect(findings.every((f) => f.severity === 'medium')).toBe(true);
  });

  it('adds advice to a note that has none', async () => {
    const catalog = await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY);');
    catalog.app = { frameworks: ['django'], models: [], notes: [{ kind: 'mutable-default', message: 'Order.meta has default={}', origin: { file: 'shop/models.py', line: 7 } }] };
    const findings = checkCatalog(rule, catalog);
    expect(findings.map(at)).toEqual(['shop/models.py:7']);
    expect(findings[0].message).toContain('default=dict');
  });

  it('leaves alone projects without mutable defaults and DDL catalogs', async () => {
    expect(checkCatalog(rule, await loadHelpdesk())).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY, tags jsonb DEFAULT \'[]\');'))).toEqual([]);
  });
});
