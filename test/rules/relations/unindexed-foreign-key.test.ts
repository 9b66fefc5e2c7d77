import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/relations/unindexed-foreign-key.js';
import { at, check } from '../../helpers.js';

const partitioned = `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE payments (id bigint, paid_on date NOT NULL, customer_id bigint, PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on);
CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payments_2025 PARTITION OF payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE payments_2026 PARTITION OF payments FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE payments_2024 ADD CONSTRAINT payments_2024_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE payments_2025 ADD CONSTRAINT payments_2025_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;
CREATE INDEX ON payments_2025 (customer_id);
CREATE TABLE refunds (id bigint, made_on date, customer_id bigint REFERENCES customers, PRIMARY KEY (id, made_on)) PARTITION BY RANGE (made_on);
CREATE TABLE refunds_2024 PARTITION OF refunds FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX ON refunds (customer_id);
`;

describe('relations/unindexed-foreign-key', () => {
  it('flags foreign keys that no index leads with, naming what comes close', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE projects (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, UNIQUE (tenant_id, id));
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL,
  project_id bigint NOT NULL,
  created_at timestamptz,
  CONSTRAINT tasks_project_fk FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE INDEX tasks_created_project_idx ON tasks (created_at, project_id, tenant_id);
CREATE TABLE comments (
  id bigint PRIMARY KEY,
  task_id bigint REFERENCES tasks,
  deleted_at timestamptz
);
CREATE INDEX comments_live_task_idx ON comments (task_id) WHERE deleted_at IS NULL;
`,
    );
    expect(findings).toHaveLength(2);

    const tasks = findings.find((f) => f.table === 'public.tasks')!;
    expect(tasks.ruleId).toBe('relations/unindexed-foreign-key');
    expect(tasks.columns).toEqual(['tenant_id', 'project_id']);
    expect(tasks.object).toBe('tasks_project_fk');
    expect(at(tasks)).toBe('schema.sql:7');
    expect(tasks.message).toContain('no index starting with (tenant_id, project_id)');
    expect(tasks.message).toContain('a DELETE or key UPDATE on public.projects scans public.tasks');
    expect(tasks.message).toContain('tasks_created_project_idx');
    expect(tasks.fix).toEqual([{ op: 'add-index', schema: 'public', table: 'tasks', columns: ['tenant_id', 'project_id'] }]);

    const comments = findings.find((f) => f.table === 'public.comments')!;
    expect(comments.columns).toEqual(['task_id']);
    expect(at(comments)).toBe('schema.sql:12');
    expect(comments.message).toContain('comments_live_task_idx is partial');
  });

  it('accepts an index, primary key or unique constraint that leads with the columns in any order', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE projects (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, UNIQUE (tenant_id, id));
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL,
  project_id bigint NOT NULL,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE INDEX tasks_project_tenant_idx ON tasks (project_id, tenant_id, id);
CREATE TABLE labels (id bigint PRIMARY KEY);
CREATE TABLE task_labels (
  task_id bigint REFERENCES tasks,
  label_id bigint REFERENCES labels,
  PRIMARY KEY (task_id, label_id),
  UNIQUE (label_id, task_id)
);
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES tasks);
`,
    );
    expect(findings).toEqual([]);
  });

  it('applies to every dialect; on MySQL only to keys the database does not enforce (InnoDB indexes the others itself)', () => {
    expect(rule.meta.dialects).toBeUndefined();
  });

  it('judges foreign keys declared only on partitions once, on the partitioned table', async () => {
    const findings = await check(rule, partitioned);
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f.table).toBe('public.payments');
    expect(f.columns).toEqual(['customer_id']);
    expect(at(f)).toBe('schema.sql:6');
    expect(f.message).toContain('declared on partitions of public.payments: 1 partition of public.payments (payments_2024) has no index');
    expect(f.fix).toEqual([{ op: 'add-index', schema: 'public', table: 'payments', columns: ['customer_id'] }]);
  });
});
