// One schema for the three row-level-security rules: each flags one table and leaves the rest alone.
export const rlsSql = `CREATE TABLE organizations (id bigint PRIMARY KEY);
CREATE TABLE notes (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id));
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE TABLE docs (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id));
CREATE POLICY docs_tenant ON docs USING (organization_id = current_setting('app.org_id')::bigint);
CREATE TABLE tasks (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id));
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tasks_tenant ON tasks USING (organization_id = current_setting('app.org_id')::bigint);
CREATE TABLE files (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations (id));
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
ALTER TABLE files FORCE ROW LEVEL SECURITY;
CREATE POLICY files_read ON files FOR SELECT USING (organization_id = current_setting('app.org_id')::bigint);
CREATE POLICY files_write ON files FOR INSERT WITH CHECK (organization_id = current_setting('app.org_id')::bigint);
CREATE TABLE plain (id bigint PRIMARY KEY);
`;
