import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/soft-delete/mixed-styles.js';
import { at, check } from '../../helpers.js';

const SQL = `CREATE TYPE doc_status AS ENUM ('draft', 'published', 'archived');
CREATE TABLE users (id bigint PRIMARY KEY, deleted_at timestamptz, is_active boolean NOT NULL DEFAULT true);
CREATE TABLE orders (id bigint PRIMARY KEY, deleted_at timestamptz);
CREATE TABLE invoices (id bigint PRIMARY KEY, archived_at timestamptz);
CREATE TABLE comments (id bigint PRIMARY KEY, is_deleted boolean NOT NULL DEFAULT false);
CREATE TABLE documents (id bigint PRIMARY KEY, status doc_status NOT NULL);
CREATE TABLE tickets (id bigint PRIMARY KEY, status varchar(20) NOT NULL CHECK (status IN ('open', 'closed', 'deleted')));
CREATE TABLE tags (id bigint PRIMARY KEY, active boolean NOT NULL DEFAULT true);
CREATE TABLE payments (id bigint PRIMARY KEY, status text CHECK (status IN ('pending', 'paid')));
`;

describe('soft-delete/mixed-styles', () => {
  it('flags the tables that do not follow the most common soft-delete style', async () => {
    const findings = await check(rule, SQL);
    expect(findings.map((f) => [f.ruleId, f.table, f.columns.join(','), at(f), f.severity])).toEqual([
      ['soft-delete/mixed-styles', 'public.comments', 'is_deleted', 'schema.sql:5', 'low'],
      ['soft-delete/mixed-styles', 'public.documents', 'status', 'schema.sql:6', 'low'],
      ['soft-delete/mixed-styles', 'public.tags', 'active', 'schema.sql:8', 'low'],
      ['soft-delete/mixed-styles', 'public.tickets', 'status', 'schema.sql:7', 'low'],
    ]);
    const comments = findings[0];
    expect(comments.message).toContain('public.comments marks deleted rows with a boolean deleted flag (is_deleted)');
    expect(comments.message).toContain('most tables with soft delete use a deletion timestamp');
    expect(comments.message).toContain('3 tables use a deletion timestamp');
    expect(findings[1].message).toContain("status = 'archived'");
    expect(findings[3].message).toContain("status = 'deleted'");
    expect(findings[2].message).toContain('something else than deleted');
  });

  it('says nothing when one style is used throughout (is_active next to deleted_at is not a second style)', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE a (id int PRIMARY KEY, deleted_at timestamptz);
CREATE TABLE b (id int PRIMARY KEY, deleted_at timestamptz, is_active boolean);
CREATE TABLE c (id int PRIMARY KEY, name text);`,
    );
    expect(findings).toEqual([]);
  });
});
