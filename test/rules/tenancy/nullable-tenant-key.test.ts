import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/tenancy/nullable-tenant-key.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE organizations (id bigint PRIMARY KEY, parent_id bigint REFERENCES organizations (id));
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  organization_id bigint REFERENCES organizations (id),
  name text NOT NULL
);
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id),
  project_id bigint REFERENCES projects (id)
);
CREATE TABLE templates (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations (id));
CREATE TABLE countries (code text PRIMARY KEY, name text);
CREATE VIEW project_names AS SELECT organization_id, name FROM projects;
`;

describe('tenancy/nullable-tenant-key', () => {
  it('flags a nullable tenant key, and leaves alone NOT NULL keys, the root, global tables, views and other nullable columns', async () => {
    const findings = await check(rule, sql, { globalTables: ['templates'] });
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.ruleId).toBe('tenancy/nullable-tenant-key');
    expect(f.severity).toBe('critical');
    expect(f.table).toBe('public.projects');
    expect(f.columns).toEqual(['organization_id']);
    expect(at(f)).toBe('schema.sql:4');
    expect(f.message).toContain('public.projects.organization_id is the tenant key but allows NULL');
    expect(f.fix).toEqual([{ op: 'set-not-null', schema: 'public', table: 'projects', column: 'organization_id' }]);
  });
});
