import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/orm/tenant-base-not-inherited.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { loadHelpdesk, loadSaas, model, rel } from './helpers.js';

const SQL = `CREATE TABLE organizations (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE projects (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id));
CREATE TABLE tasks (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id), project_id bigint REFERENCES projects (id));
CREATE TABLE task_files (id bigint PRIMARY KEY, task_id bigint NOT NULL REFERENCES tasks (id));
CREATE TABLE countries (id bigint PRIMARY KEY, code text NOT NULL);
`;

async function project(taskBases: string[], fileBases: string[]) {
  const catalog = await catalogFromSql(SQL);
  const org = { kind: 'belongs-to' as const, name: 'organization', target: 'Organization', columns: ['organization_id'], origin: { file: 'app/models.py', line: 4 } };
  catalog.app = {
    frameworks: ['django'],
    notes: [],
    models: [
      model('Organization', { table: 'public.organizations' }),
      model('TenantAwareModel', { abstract: true, relationships: [org], origin: { file: 'app/models.py', line: 3 } }),
      model('Project', { table: 'public.projects', bases: ['TenantAwareModel'], relationships: [org] }),
      model('Task', { table: 'public.tasks', bases: taskBases, relationships: [org], origin: { file: 'app/models.py', line: 20 } }),
      model('TaskFile', { table: 'public.task_files', bases: fileBases, origin: { file: 'app/models.py', line: 30 } }),
      model('Country', { table: 'public.countries', origin: { file: 'app/models.py', line: 40 } }),
    ],
  };
  return catalog;
}

describe('orm/tenant-base-not-inherited', () => {
  it('flags tenant-data models that skip the tenant-aware base: one with its own tenant key, one referencing tenant rows', async () => {
    const findings = checkCatalog(rule, await project(['models.Model'], ['models.Model']));
    expect(findings.map((f) => `${f.object} ${at(f)}`).sort()).toEqual(['Task app/models.py:20', 'TaskFile app/models.py:30']);
    const task = findings.find((f) => f.object === 'Task')!;
    expect(task.severity).toBe('high');
    expect(task.message).toContain('organization_id');
    expect(findings.find((f) => f.object === 'TaskFile')!.message).toContain('references tasks');
  });

  it('leaves alone models that inherit the base, directly or through another base, and global tables', async () => {
    const catalog = await project(['TenantAwareModel'], ['TimestampedTenantModel']);
    catalog.app!.models.push(model('TimestampedTenantModel', { abstract: true, bases: ['TenantAwareModel'] }));
    expect(checkCatalog(rule, catalog)).toEqual([]);
  });

  it('flags the Django helpdesk models outside TenantAwareModel, not its subclasses', async () => {
    const findings = checkCatalog(rule, await loadHelpdesk());
    expect(findings.map((f) => `${f.object} ${rel(at(f))}`).sort()).toEqual(['TicketAttachment tickets/models.py:74', 'User accounts/models.py:8']);
  });

  it('flags SQLAlchemy models with tenant_id that do not use TenantMixin', async () => {
    const findings = checkCatalog(rule, await loadSaas());
    expect(findings.map((f) => f.object).sort()).toEqual(['ProductModel', 'SessionModel']);
    expect(findings.every((f) => f.message.includes('TenantMixin'))).toBe(true);
  });

  it('produces nothing without a tenant-aware base or without app facts', async () => {
    const catalog = await project(['models.Model'], ['models.Model']);
    catalog.app!.models = catalog.app!.models.filter((m) => m.name !== 'TenantAwareModel').map((m) => ({ ...m, bases: ['models.Model'] }));
    expect(checkCatalog(rule, catalog)).toEqual([]);
    expect(checkCatalog(rule, await catalogFromSql(SQL))).toEqual([]);
  });
});
