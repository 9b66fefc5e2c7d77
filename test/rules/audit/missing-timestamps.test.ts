import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/audit/missing-timestamps.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE projects (id bigint PRIMARY KEY, name text);
CREATE TABLE notes (id bigint PRIMARY KEY, body text, "createdAt" timestamptz, modified_on timestamptz);
CREATE TABLE comments (id bigint PRIMARY KEY, body text, created_at timestamptz);
CREATE TABLE project_members (
  project_id bigint REFERENCES projects,
  user_id bigint REFERENCES users,
  role text,
  PRIMARY KEY (project_id, user_id)
);
CREATE TABLE login_events (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz);
CREATE TABLE audit_log (id bigint PRIMARY KEY, action text);
CREATE VIEW project_names AS SELECT id, name FROM projects;
CREATE TABLE ledger_entries (id bigint PRIMARY KEY, amount numeric NOT NULL, created_at timestamptz NOT NULL);
`;

describe('audit/missing-timestamps', () => {
  it('flags tables without creation or update timestamps, and leaves join tables, append-only tables, ledgers and views alone', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns, at(f), f.severity])).toEqual([
      ['audit/missing-timestamps', 'public.audit_log', [], 'schema.sql:12', 'low'],
      ['audit/missing-timestamps', 'public.comments', [], 'schema.sql:4', 'low'],
      ['audit/missing-timestamps', 'public.projects', [], 'schema.sql:2', 'low'],
    ]);
    const byTable = Object.fromEntries(findings.map((f) => [f.table!, f] as const));
    expect(byTable['public.projects'].message).toContain('neither a creation timestamp nor a last-update timestamp');
    expect(byTable['public.projects'].fix).toEqual([
      { op: 'add-column', schema: 'public', table: 'projects', column: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
      { op: 'add-column', schema: 'public', table: 'projects', column: 'updated_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
    ]);
    expect(byTable['public.comments'].message).toContain('no last-update timestamp');
    expect(byTable['public.comments'].message).toContain('though it has created_at');
    expect(byTable['public.comments'].fix?.map((op) => op.op === 'add-column' && op.column)).toEqual(['updated_at']);
    // An append-only log needs only a creation timestamp.
    expect(byTable['public.audit_log'].fix?.map((op) => op.op === 'add-column' && op.column)).toEqual(['created_at']);
  });
});
