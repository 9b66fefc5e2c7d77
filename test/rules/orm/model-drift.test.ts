import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/orm/model-drift.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadBooking } from '../../sources/laravel/helpers.js';
import { loadHelpdesk, loadSaas, rel } from './helpers.js';

describe('orm/model-drift', () => {
  it('flags a Django model field no migration adds, at the field', async () => {
    const findings = checkCatalog(rule, await loadHelpdesk());
    expect(findings.map((f) => rel(at(f)))).toEqual(['tickets/models.py:42']);
    expect(findings[0].message).toContain('resolved_at');
    expect(findings[0].message).toContain('makemigrations');
  });

  it('flags SQLAlchemy columns no Alembic revision creates, one finding each', async () => {
    const findings = checkCatalog(rule, await loadSaas());
    expect(findings.map((f) => rel(at(f))).sort()).toEqual(['app/models/product.py:23', 'app/models/session.py:19', 'app/models/user.py:20']);
    expect(new Set(findings.map((f) => f.key)).size).toBe(3);
  });

  it('leaves alone projects whose models match their migrations, and DDL catalogs', async () => {
    expect(checkCatalog(rule, await loadBooking())).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY);'))).toEqual([]);
  });
});
