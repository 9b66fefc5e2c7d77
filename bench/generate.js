// Generates a multi-tenant PostgreSQL schema of about `tables` tables for benchmarks: one tenant
// root and repeated blocks of ten related tables with foreign keys, indexes, checks, RLS and
// policies, the kind of DDL pg_dump writes.
export function generateSchema(tables) {
  return generateBlocks(tables).join('\n');
}

/** The schema as blocks of statements, to load into a server a block at a time. */
export function generateBlocks(tables) {
  const out = [];
  out.push(`CREATE TABLE organizations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);`);
  const blocks = Math.max(1, Math.round((tables - 1) / 10));
  for (let b = 0; b < blocks; b++) {
    const s = `_${b}`;
    out.push(`
CREATE TABLE users${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  email text NOT NULL,
  password_hash text NOT NULL,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT users${s}_org_email_key UNIQUE (organization_id, email)
);
CREATE TABLE projects${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  owner_id bigint REFERENCES users${s}(id),
  name text NOT NULL,
  budget double precision,
  starts_at timestamptz,
  ends_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects${s}_org_idx ON projects${s} (organization_id);
CREATE INDEX projects${s}_org_name_idx ON projects${s} (organization_id, name);
CREATE TABLE tasks${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  project_id bigint NOT NULL REFERENCES projects${s}(id) ON DELETE CASCADE,
  assignee_id bigint REFERENCES users${s}(id) ON DELETE SET NULL,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  due_at timestamp,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks${s}_org_project_idx ON tasks${s} (organization_id, project_id);
CREATE INDEX tasks${s}_open_idx ON tasks${s} (project_id) WHERE status = 'open';
CREATE TABLE comments${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  task_id bigint NOT NULL REFERENCES tasks${s}(id) ON DELETE CASCADE,
  author_id bigint REFERENCES users${s}(id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments${s}_task_idx ON comments${s} (task_id);
CREATE TABLE products${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  sku text NOT NULL,
  price numeric(12,2) NOT NULL CHECK (price >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, sku)
);
CREATE TABLE orders${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  customer_email text NOT NULL,
  total numeric(12,2) NOT NULL,
  metadata text DEFAULT '{}',
  placed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders${s}_org_placed_idx ON orders${s} (organization_id, placed_at);
CREATE TABLE order_items${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  order_id bigint NOT NULL REFERENCES orders${s}(id) ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES products${s}(id) ON DELETE CASCADE,
  quantity integer NOT NULL,
  unit_price numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_items${s}_order_idx ON order_items${s} (order_id);
CREATE TABLE api_keys${s} (
  id serial PRIMARY KEY,
  organization_id bigint REFERENCES organizations(id),
  key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE audit_log${s} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  actor_id bigint REFERENCES users${s}(id),
  action text NOT NULL,
  payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log${s}_org_created_idx ON audit_log${s} (organization_id, created_at);
CREATE TABLE tags${s} (
  organization_id bigint NOT NULL REFERENCES organizations(id),
  task_id bigint NOT NULL REFERENCES tasks${s}(id) ON DELETE CASCADE,
  label text NOT NULL
);
ALTER TABLE tasks${s} ENABLE ROW LEVEL SECURITY;
CREATE POLICY tasks${s}_by_org ON tasks${s} USING (organization_id = current_setting('app.org')::bigint);`);
  }
  return out;
}
