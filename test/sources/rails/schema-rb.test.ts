// The Rails schema.rb source on a multi-tenant application (fixtures/tenant-app): what the catalog
// holds and at which lines, that it matches what PostgreSQL itself makes of the same schema, and
// which findings the rules raise on it (and which correct designs they leave alone).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Table } from '../../../src/catalog/types.js';
import { loadRails } from '../../../src/sources/rails/index.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { resolveConfig } from '../../../src/config.js';
import { buildIndex } from '../../../src/catalog/lookup.js';
import type { Finding } from '../../../src/rules/types.js';
import { UsageError } from '../../../src/errors.js';
import { at, catalogFromSql } from '../../helpers.js';

const app = new URL('./fixtures/tenant-app/', import.meta.url).pathname;
const schemaPath = join(app, 'db', 'schema.rb');
const shown = relative(process.cwd(), schemaPath);
const lines = readFileSync(schemaPath, 'utf8').split('\n');

/**
 * `file:line` of the one line of the fixture that contains `snippet`, or with `after`, of the first
 * such line after the line that contains `after`.
 */
function lineOf(snippet: string, after?: string): string {
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  if (from < 0) throw new Error(`"${after}" is not in the fixture`);
  const hits = lines.map((l, i) => (i >= from && l.includes(snippet) ? i + 1 : 0)).filter(Boolean);
  if (hits.length === 0 || (!after && hits.length > 1)) throw new Error(`"${snippet}" is on ${hits.length} lines of the fixture`);
  return `${shown}:${hits[0]}`;
}

let catalog: Catalog;
let findings: Finding[];
const table = (name: string): Table => catalog.tables.find((t) => t.name === name)!;
const col = (t: string, c: string) => table(t).columns.find((x) => x.name === c)!;
const where = (o: { origin: Catalog['tables'][number]['origin'] }) => ('file' in o.origin ? `${o.origin.file}:${o.origin.line}` : o.origin.object);

beforeAll(async () => {
  catalog = await loadRails(app);
  findings = runRules(catalog, allRules, resolveConfig()).findings;
});

describe('Rails schema.rb: catalog', () => {
  it('reads every table, in PostgreSQL (enable_extension), with no warning', () => {
    expect(catalog.warnings).toEqual([]);
    expect(catalog.source).toMatchObject({ kind: 'rails-schema-rb', dialect: 'postgres', files: [shown] });
    expect(catalog.schemas).toEqual(['public']);
    expect(catalog.tables.map((t) => t.name)).toEqual([
      'accounts', 'comments', 'customers', 'invoice_lines', 'invoices', 'products', 'projects', 'tasks', 'users',
    ]);
    expect(catalog.enums).toEqual([
      { schema: 'public', name: 'invoice_status', values: ['draft', 'open', 'paid', 'void'], origin: { file: shown, line: 21 } },
    ]);
  });

  it('puts tables on their create_table line and columns on their own lines', () => {
    expect(where(table('accounts'))).toBe(lineOf('create_table "accounts"'));
    expect(table('accounts').comment).toBe('Tenants: one row per customer organisation');
    expect(where(col('projects', 'account_id'))).toBe(lineOf('t.bigint "account_id"', 'create_table "projects"'));
    expect(where(col('invoices', 'status'))).toBe(lineOf('t.enum "status"'));
    // Columns Rails adds on its own are on the line that asks for them.
    expect(where(col('tasks', 'id'))).toBe(lineOf('create_table "tasks"'));
    expect(where(col('tasks', 'project_id'))).toBe(lineOf('t.references :project'));
    expect(where(col('comments', 'commentable_type'))).toBe(lineOf('t.references :commentable'));
    expect(where(col('comments', 'updated_at'))).toBe(lineOf('t.timestamps', 'create_table "comments"'));
  });

  it('gives every table Rails’ implicit bigserial id, or the key create_table asks for', () => {
    const accounts = table('accounts');
    expect(accounts.columns[0]).toMatchObject({
      name: 'id', dataType: 'bigint', family: 'bigint', nullable: false, autoIncrement: true,
      default: "nextval('accounts_id_seq'::regclass)",
    });
    expect(accounts.primaryKey).toEqual({ name: 'accounts_pkey', columns: ['id'], origin: { file: shown, line: 23 } });
    expect(accounts.indexes[0]).toMatchObject({ name: 'accounts_pkey', primary: true, unique: true, constraint: 'accounts_pkey' });
    expect(catalog.sequences.find((s) => s.name === 'accounts_id_seq')).toMatchObject({
      schema: 'public', dataType: 'bigint', ownedBy: 'public.accounts.id',
    });
    expect(table('tasks').columns[0]).toMatchObject({ name: 'id', dataType: 'uuid', default: 'gen_random_uuid()', autoIncrement: false });
    expect(catalog.sequences.some((s) => s.name === 'tasks_id_seq')).toBe(false);
  });

  it('maps Rails types to PostgreSQL’s as Rails 7.1 creates them', () => {
    expect(col('accounts', 'name')).toMatchObject({ dataType: 'character varying', family: 'varchar', nullable: false });
    expect(col('accounts', 'subdomain')).toMatchObject({ dataType: 'citext', family: 'text' });
    expect(col('accounts', 'plan')).toMatchObject({ default: "'free'::character varying" });
    expect(col('accounts', 'created_at')).toMatchObject({ dataType: 'timestamp(6) without time zone', family: 'timestamp' });
    expect(col('tasks', 'due_at')).toMatchObject({ dataType: 'timestamp without time zone', nullable: true });
    expect(col('invoices', 'number')).toMatchObject({ dataType: 'character varying(32)', length: 32 });
    expect(col('invoices', 'total')).toMatchObject({ dataType: 'numeric(12,2)', precision: 12, scale: 2, default: '0.0' });
    expect(col('invoices', 'status')).toMatchObject({
      dataType: 'invoice_status', family: 'enum', enumValues: ['draft', 'open', 'paid', 'void'], default: "'draft'::invoice_status",
    });
    expect(col('customers', 'settings')).toMatchObject({ dataType: 'jsonb', family: 'json', default: "'{}'::jsonb" });
    expect(col('products', 'tags')).toMatchObject({ dataType: 'character varying[]', family: 'array', default: "'{}'::character varying[]" });
    expect(col('tasks', 'position')).toMatchObject({ dataType: 'integer', default: '0' });
    expect(col('tasks', 'project_id')).toMatchObject({ dataType: 'bigint', nullable: false });
    expect(col('tasks', 'assignee_id')).toMatchObject({ dataType: 'bigint', nullable: true });
    expect(col('comments', 'commentable_type')).toMatchObject({ dataType: 'character varying', nullable: false });
  });

  it('derives foreign keys as Rails does: column from the table name, fk_rails_<sha256> names, actions', () => {
    const lines = table('invoice_lines').foreignKeys;
    expect(lines.map((fk) => [fk.columns.join(), fk.refTable, fk.onDelete, where(fk)])).toEqual([
      ['account_id', 'accounts', 'no action', lineOf('add_foreign_key "invoice_lines", "accounts"')],
      ['invoice_id', 'invoices', 'cascade', lineOf('add_foreign_key "invoice_lines", "invoices"')],
      ['product_id', 'products', 'cascade', lineOf('add_foreign_key "invoice_lines", "products"')],
    ]);
    // SHA-256("invoice_lines_product_id_fk")[0, 10], as ActiveRecord names it.
    expect(lines[2].name).toBe('fk_rails_697b5c9f81');
    expect(table('invoices').foreignKeys.find((fk) => fk.refTable === 'customers')!.onDelete).toBe('restrict');
    // t.references … foreign_key: { to_table: :users, on_delete: :nullify }
    const tasks = table('tasks').foreignKeys;
    expect(tasks.map((fk) => [fk.columns.join(), fk.refTable, fk.onDelete, where(fk)])).toEqual([
      ['account_id', 'accounts', 'no action', lineOf('t.references :account')],
      ['assignee_id', 'users', 'set null', lineOf('t.references :assignee')],
    ]);
    // No foreign key where t.references does not ask for one, nor on a polymorphic reference.
    expect(tasks.some((fk) => fk.columns.includes('project_id'))).toBe(false);
    expect(table('comments').foreignKeys.map((fk) => fk.columns.join())).toEqual(['author_id', 'account_id']);
  });

  it('reads indexes with their names, keys, order, predicates and lines; t.references adds its own', () => {
    const inv = table('invoices').indexes.find((i) => i.name === 'index_invoices_open_by_issue_date')!;
    expect(inv).toMatchObject({
      columns: ['account_id', 'issued_at'],
      keyParts: ['account_id', 'issued_at'],
      unique: false,
      method: 'btree',
      predicate: "status = 'open'::invoice_status",
      definition:
        "CREATE INDEX index_invoices_open_by_issue_date ON public.invoices USING btree (account_id, issued_at DESC) WHERE (status = 'open'::invoice_status)",
    });
    expect(where(inv)).toBe(lineOf('index_invoices_open_by_issue_date'));
    const sku = table('products').indexes.find((i) => i.name === 'index_products_on_sku')!;
    expect(sku).toMatchObject({ columns: ['sku'], unique: true });
    expect(where(sku)).toBe(lineOf('index_products_on_sku'));
    expect(table('tasks').indexes.map((i) => [i.name, i.columns.join(), where(i)])).toEqual([
      ['tasks_pkey', 'id', lineOf('create_table "tasks"')],
      ['index_tasks_on_account_id', 'account_id', lineOf('t.references :account')],
      ['index_tasks_on_project_id', 'project_id', lineOf('t.references :project')],
      ['index_tasks_on_assignee_id', 'assignee_id', lineOf('t.references :assignee')],
    ]);
    expect(table('comments').indexes.find((i) => i.columns.includes('commentable_id'))).toMatchObject({
      name: 'index_comments_on_commentable',
      columns: ['commentable_type', 'commentable_id'],
    });
  });

  it('reads check constraints with the columns they mention', () => {
    expect(table('invoice_lines').checks).toEqual([
      {
        name: 'invoice_lines_quantity_positive',
        expression: 'quantity > 0',
        columns: ['quantity'],
        validated: true,
        origin: { file: shown, line: Number(lineOf('t.check_constraint "quantity > 0"').split(':').pop()) },
      },
    ]);
  });

  it('finds the tenancy model: accounts is the root, account_id the key', () => {
    const index = buildIndex(catalog, resolveConfig());
    expect(index.tenancy.root?.name).toBe('accounts');
    for (const t of ['comments', 'customers', 'invoice_lines', 'invoices', 'products', 'projects', 'tasks', 'users'])
      expect(index.tenancy.keyOf.get(`public.${t}`)?.name, t).toBe('account_id');
  });
});

describe('Rails schema.rb: what PostgreSQL makes of the same schema', () => {
  // The statements ActiveRecord 7.1 runs for fixtures/tenant-app/db/schema.rb, written out by hand.
  const ddl = `
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
CREATE TABLE accounts (id bigserial primary key, name character varying NOT NULL, subdomain citext NOT NULL,
  plan character varying DEFAULT 'free' NOT NULL, created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE UNIQUE INDEX index_accounts_on_subdomain ON accounts (subdomain);
CREATE TABLE comments (id bigserial primary key, account_id bigint NOT NULL, commentable_type character varying NOT NULL,
  commentable_id bigint NOT NULL, author_id bigint NOT NULL, body text NOT NULL, created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL);
CREATE INDEX index_comments_on_commentable ON comments (commentable_type, commentable_id);
CREATE INDEX index_comments_on_author_id ON comments (author_id);
CREATE INDEX index_comments_on_account_id ON comments (account_id);
CREATE TABLE customers (id bigserial primary key, account_id bigint NOT NULL, name character varying NOT NULL, email citext,
  settings jsonb DEFAULT '{}' NOT NULL, created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE UNIQUE INDEX index_customers_on_account_id_and_email ON customers (account_id, email);
CREATE TABLE invoice_lines (id bigserial primary key, account_id bigint NOT NULL, invoice_id bigint NOT NULL,
  product_id bigint NOT NULL, quantity integer DEFAULT 1 NOT NULL, unit_price decimal(12,2) NOT NULL,
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL,
  CONSTRAINT invoice_lines_quantity_positive CHECK (quantity > 0));
CREATE INDEX index_invoice_lines_on_account_id ON invoice_lines (account_id);
CREATE INDEX index_invoice_lines_on_invoice_id ON invoice_lines (invoice_id);
CREATE INDEX index_invoice_lines_on_product_id ON invoice_lines (product_id);
CREATE TABLE invoices (id bigserial primary key, account_id bigint NOT NULL, customer_id bigint NOT NULL,
  number character varying(32) NOT NULL, status invoice_status DEFAULT 'draft' NOT NULL,
  total decimal(12,2) DEFAULT 0.0 NOT NULL, issued_at timestamp(6), created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL, CONSTRAINT invoices_total_non_negative CHECK (total >= (0)::numeric));
CREATE UNIQUE INDEX index_invoices_on_account_id_and_number ON invoices (account_id, number);
CREATE INDEX index_invoices_open_by_issue_date ON invoices (account_id, issued_at DESC) WHERE (status = 'open'::invoice_status);
CREATE INDEX index_invoices_on_customer_id ON invoices (customer_id);
CREATE TABLE products (id bigserial primary key, account_id bigint NOT NULL, sku character varying NOT NULL,
  name character varying NOT NULL, list_price decimal(12,2) NOT NULL, tags character varying[] DEFAULT '{}',
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL,
  CONSTRAINT products_list_price_non_negative CHECK (list_price >= (0)::numeric));
CREATE INDEX index_products_on_account_id ON products (account_id);
CREATE UNIQUE INDEX index_products_on_sku ON products (sku);
CREATE TABLE projects (id bigserial primary key, account_id bigint, name character varying NOT NULL, description text,
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE UNIQUE INDEX index_projects_on_account_id_and_name ON projects (account_id, name);
CREATE TABLE tasks (id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY, account_id bigint NOT NULL,
  project_id bigint NOT NULL, assignee_id bigint, title character varying NOT NULL, position integer DEFAULT 0 NOT NULL,
  due_at timestamp, created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL,
  CONSTRAINT fk_rails_43dfabfaca FOREIGN KEY (account_id) REFERENCES accounts (id));
CREATE INDEX index_tasks_on_account_id ON tasks (account_id);
CREATE INDEX index_tasks_on_project_id ON tasks (project_id);
CREATE INDEX index_tasks_on_assignee_id ON tasks (assignee_id);
CREATE TABLE users (id bigserial primary key, account_id bigint NOT NULL, email citext NOT NULL, name character varying,
  created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
CREATE UNIQUE INDEX index_users_on_account_id_and_email ON users (account_id, email);
ALTER TABLE comments ADD CONSTRAINT fk_rails_comments_author FOREIGN KEY (author_id) REFERENCES users (id);
ALTER TABLE tasks ADD CONSTRAINT fk_rails_tasks_assignee FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE comments ADD CONSTRAINT fk_rails_comments_account FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE customers ADD CONSTRAINT fk_rails_customers_account FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE invoice_lines ADD CONSTRAINT fk_rails_lines_account FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE invoice_lines ADD CONSTRAINT fk_rails_lines_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE;
ALTER TABLE invoice_lines ADD CONSTRAINT fk_rails_lines_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE;
ALTER TABLE invoices ADD CONSTRAINT fk_rails_invoices_account FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE invoices ADD CONSTRAINT fk_rails_invoices_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT;
ALTER TABLE products ADD CONSTRAINT fk_rails_products_account FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE projects ADD CONSTRAINT fk_rails_projects_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
ALTER TABLE users ADD CONSTRAINT fk_rails_users_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
`;

  it('has the same columns, types, defaults, keys, indexes and foreign key actions', async () => {
    const engine = await catalogFromSql(ddl);
    expect(engine.warnings).toEqual([]);
    for (const mine of catalog.tables) {
      const theirs = engine.tables.find((t) => t.name === mine.name)!;
      const cols = (t: Table) => t.columns.map((c) => ({
        name: c.name, dataType: c.dataType, family: c.family, nullable: c.nullable, default: c.default,
        autoIncrement: c.autoIncrement, length: c.length, precision: c.precision, scale: c.scale,
      }));
      expect(cols(mine), mine.name).toEqual(cols(theirs));
      expect(mine.primaryKey?.name, mine.name).toBe(theirs.primaryKey?.name);
      expect(mine.primaryKey?.columns, mine.name).toEqual(theirs.primaryKey?.columns);
      const ixs = (t: Table) =>
        t.indexes
          .map((i) => ({ name: i.name, columns: i.columns, keyParts: i.keyParts, unique: i.unique, primary: i.primary, method: i.method, predicate: i.predicate, definition: i.definition }))
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(ixs(mine), mine.name).toEqual(ixs(theirs));
      const fks = (t: Table) => t.foreignKeys.map((f) => [f.columns.join(), f.refTable, f.refColumns.join(), f.onDelete, f.onUpdate].join(' ')).sort();
      expect(fks(mine), mine.name).toEqual(fks(theirs));
      expect(mine.checks.map((c) => [c.name, c.columns]), mine.name).toEqual(theirs.checks.map((c) => [c.name, c.columns]));
    }
    const seqs = (c: Catalog) => c.sequences.map((s) => [s.name, s.dataType, s.maxValue, s.ownedBy].join(' ')).sort();
    expect(seqs(catalog)).toEqual(seqs(engine));
    // The one name the hand-written DDL took from Rails: t.references :account, foreign_key: true in tasks.
    expect(table('tasks').foreignKeys[0].name).toBe('fk_rails_43dfabfaca');
  });
});

describe('Rails schema.rb: findings', () => {
  const of = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

  it('flags the nullable tenant key at its column', () => {
    expect(of('tenancy/nullable-tenant-key').map(at)).toEqual([lineOf('t.bigint "account_id"', 'create_table "projects"')]);
    expect(of('tenancy/nullable-tenant-key')[0]).toMatchObject({ table: 'public.projects', columns: ['account_id'], severity: 'critical' });
  });

  it('flags the unique index without account_id at its t.index line, and not the per-tenant ones', () => {
    const f = of('tenancy/unique-without-tenant-key');
    expect(f.map((x) => [x.object, at(x)])).toEqual([['index_products_on_sku', lineOf('index_products_on_sku')]]);
  });

  it('flags the t.references without foreign_key at its line, and not the polymorphic reference', () => {
    const f = of('relations/missing-foreign-key');
    expect(f.map((x) => [x.table, x.columns.join(), at(x)])).toEqual([['public.tasks', 'project_id', lineOf('t.references :project')]]);
  });

  it('flags the cascade from the product catalog onto priced invoice lines at its add_foreign_key line', () => {
    const f = of('relations/cascade-erases-history');
    expect(f.map((x) => [x.object, x.severity, at(x)])).toEqual([
      ['fk_rails_697b5c9f81', 'high', lineOf('add_foreign_key "invoice_lines", "products"')],
    ]);
    // Invoice lines going with their invoice, and users with their account, are left alone.
    expect(f[0].message).toContain('unit_price');
  });

  it('reports Rails’ timestamp without time zone on PostgreSQL, at each datetime line', () => {
    const f = of('types/timestamp-without-tz');
    expect(f.find((x) => x.table === 'public.accounts' && x.columns[0] === 'created_at')!.message).toContain('timestamp(6) without time zone');
    expect(f.map(at)).toContain(lineOf('t.datetime "due_at"'));
    expect(f.map(at)).toContain(lineOf('t.timestamps', 'create_table "tasks"'));
  });

  it('raises nothing else on the correct parts of the design', () => {
    const expected = new Set([
      'tenancy/nullable-tenant-key',
      'tenancy/unique-without-tenant-key',
      'relations/missing-foreign-key',
      'relations/cascade-erases-history',
      'types/timestamp-without-tz',
      // True of the fixture as written: a price without a CHECK, and one uuid key among bigints.
      'constraints/missing-non-negative-check',
      'keys/inconsistent-pk-types',
    ]);
    expect(findings.filter((f) => !expected.has(f.ruleId)).map((f) => `${f.ruleId} ${at(f)}`)).toEqual([]);
    expect(of('constraints/missing-non-negative-check').map((f) => f.columns.join())).toEqual(['unit_price']);
    expect(of('keys/int32-key-overflow')).toEqual([]);
    expect(of('relations/unindexed-foreign-key')).toEqual([]);
    expect(of('tenancy/tenant-key-without-fk')).toEqual([]);
    // Every finding points inside schema.rb.
    for (const f of findings) expect('file' in f.origin && f.origin.file).toBe(shown);
  });
});

describe('Rails schema.rb: conventions and edge cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schemascope-rails-'));
  let n = 0;
  /** Writes `schema` as <tmp>/appN/db/schema.rb (and database.yml when given) and loads it. */
  async function load(schema: string, databaseYml?: string): Promise<Catalog> {
    const root = join(dir, `app${++n}`);
    mkdirSync(join(root, 'db'), { recursive: true });
    writeFileSync(join(root, 'db', 'schema.rb'), schema);
    if (databaseYml !== undefined) {
      mkdirSync(join(root, 'config'), { recursive: true });
      writeFileSync(join(root, 'config', 'database.yml'), databaseYml);
    }
    return loadRails(root);
  }

  it('reads a Rails 6 schema (no [x.y]): datetime without precision, serial and composite keys', async () => {
    const c = await load(`ActiveRecord::Schema.define(version: 2020_01_01_000000) do
  create_table "legacy", id: :serial, force: :cascade do |t|
    t.datetime "created_at", null: false
    t.integer "small", limit: 2
    t.float "ratio"
  end
  create_table "memberships", primary_key: ["legacy_id", "user_id"], force: :cascade do |t|
    t.integer "legacy_id", null: false
    t.bigint "user_id", null: false
  end
  create_table "codes", primary_key: "code", id: :string, force: :cascade do |t|
    t.string "label"
  end
  create_table "plain", id: :bigint, default: nil, force: :cascade do |t|
  end
end
`);
    const legacy = c.tables[0];
    expect(legacy.columns.map((x) => [x.name, x.dataType])).toEqual([
      ['id', 'integer'], ['created_at', 'timestamp without time zone'], ['small', 'smallint'], ['ratio', 'double precision'],
    ]);
    expect(legacy.columns[0]).toMatchObject({ autoIncrement: true, default: "nextval('legacy_id_seq'::regclass)" });
    expect(c.sequences.find((s) => s.name === 'legacy_id_seq')).toMatchObject({ dataType: 'integer', maxValue: 2147483647 });
    expect(c.tables[1].primaryKey).toMatchObject({ name: 'memberships_pkey', columns: ['legacy_id', 'user_id'], origin: { line: 7 } });
    expect(c.tables[1].columns.map((x) => x.name)).toEqual(['legacy_id', 'user_id']);
    expect(c.tables[2].columns[0]).toMatchObject({ name: 'code', dataType: 'character varying', nullable: false, autoIncrement: false });
    expect(c.tables[2].primaryKey?.columns).toEqual(['code']);
    expect(c.tables[3].columns[0]).toMatchObject({ name: 'id', dataType: 'bigint', autoIncrement: false });
    expect(c.tables[3].columns[0].default).toBeUndefined();
    const int32 = runRules(c, allRules, resolveConfig()).findings.filter((f) => f.ruleId === 'keys/int32-key-overflow');
    expect(int32.map((f) => [f.table, at(f)])).toEqual([['public.legacy', `${c.source.files![0]}:2`]]);
  });

  it('reads expression indexes, operator classes, include, vectors and schema-qualified tables', async () => {
    const c = await load(`ActiveRecord::Schema[7.1].define(version: 1) do
  enable_extension "vector"
  create_schema "billing"
  create_table "billing.invoices", force: :cascade do |t|
    t.string "email"
    t.bigint "account_id"
    t.vector "embedding", limit: 1536
    t.index "account_id, lower((email)::text)", name: "index_invoices_on_lower_email", unique: true
    t.index ["email"], name: "index_invoices_on_email_trgm", opclass: :gin_trgm_ops, using: :gin
    t.index ["account_id"], include: ["email"], name: "index_invoices_covering"
    t.index ["embedding"], name: "index_invoices_on_embedding", using: :ivfflat
  end
  add_index "billing.invoices", ["email"], name: "index_invoices_on_email", where: "email IS NOT NULL"
end
`);
    expect(c.schemas).toEqual(['public', 'billing']);
    const t = c.tables[0];
    expect([t.schema, t.name]).toEqual(['billing', 'invoices']);
    expect(t.columns.find((x) => x.name === 'embedding')).toMatchObject({ dataType: 'vector(1536)', family: 'other' });
    expect(t.columns[0]).toMatchObject({ default: "nextval('billing.invoices_id_seq'::regclass)" });
    const ix = Object.fromEntries(t.indexes.map((i) => [i.name, i]));
    expect(ix.index_invoices_on_lower_email).toMatchObject({ columns: ['account_id', null], keyParts: ['account_id', 'lower((email)::text)'], unique: true });
    expect(ix.index_invoices_on_email_trgm.definition).toBe('CREATE INDEX index_invoices_on_email_trgm ON billing.invoices USING gin (email gin_trgm_ops)');
    expect(ix.index_invoices_covering).toMatchObject({ columns: ['account_id'], includeColumns: ['email'] });
    expect(ix.index_invoices_on_embedding.method).toBe('ivfflat');
    expect(ix.index_invoices_on_email).toMatchObject({ predicate: 'email IS NOT NULL', origin: { line: 13 } });
  });

  it('names what schema.rb leaves unnamed the way Rails does', async () => {
    const c = await load(`ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "people", force: :cascade do |t|
  end
  create_table "addresses", force: :cascade do |t|
    t.bigint "person_id"
    t.bigint "owner_id"
    t.integer "zip"
    t.index ["person_id", "zip"]
    t.check_constraint "zip > 0"
  end
  add_foreign_key "addresses", "people"
  add_foreign_key "addresses", "people", column: "owner_id", name: "addresses_owner_fk", on_delete: :nullify, validate: false
end
`);
    const t = c.tables[1];
    expect(t.indexes[1].name).toBe('index_addresses_on_person_id_and_zip');
    // SHA-256("<table>_<expression>_chk") and ("<table>_<column>_fk"), first 10 hex digits.
    expect(t.checks[0]).toMatchObject({ name: `chk_rails_${await sha10('addresses_zip > 0_chk')}`, columns: ['zip'] });
    expect(t.foreignKeys.map((fk) => [fk.name, fk.columns.join(), fk.refTable, fk.onDelete, fk.validated])).toEqual([
      ['fk_rails_' + (await sha10('addresses_person_id_fk')), 'person_id', 'people', 'no action', true],
      ['addresses_owner_fk', 'owner_id', 'people', 'set null', false],
    ]);
  });

  it('reads unique constraints, generated columns, column indexes and SECURITY DEFINER trigger functions', async () => {
    const c = await load(`ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "people", force: :cascade do |t|
    t.bigint "account_id", null: false
    t.string "first_name"
    t.string "last_name"
    t.virtual "full_name", type: :string, as: "((first_name)::text || (last_name)::text)", stored: true
    t.string "email", index: { unique: true }
    t.unique_constraint ["account_id", "first_name"], deferrable: :immediate
  end
  create_trigger("people_audit_tr").on("people").after(:update, :delete).for_each(:row).security(:definer) do
    "INSERT INTO audit_log DEFAULT VALUES;"
  end
end
`);
    const t = c.tables[0];
    expect(t.columns.find((x) => x.name === 'full_name')).toMatchObject({ dataType: 'character varying', generated: '((first_name)::text || (last_name)::text)' });
    expect(t.indexes.find((i) => i.columns[0] === 'email')).toMatchObject({ name: 'index_people_on_email', unique: true, origin: { line: 7 } });
    expect(t.uniques).toEqual([
      { name: `uniq_rails_${await sha10('people_account_id_and_first_name_unique')}`, columns: ['account_id', 'first_name'], nullsNotDistinct: false, origin: { file: c.source.files![0], line: 8 } },
    ]);
    expect(t.indexes.find((i) => i.constraint === t.uniques[0].name)).toMatchObject({ unique: true, columns: ['account_id', 'first_name'] });
    expect(t.triggers[0].definition).toBe(
      'CREATE TRIGGER people_audit_tr AFTER UPDATE OR DELETE ON public.people FOR EACH ROW EXECUTE FUNCTION people_audit_tr()',
    );
    expect(c.functions[0]).toMatchObject({ name: 'people_audit_tr', securityDefiner: true, origin: { line: 10 } });
    const run = runRules(c, allRules, resolveConfig());
    expect(run.findings.filter((f) => f.ruleId === 'security/security-definer-search-path').map(at)).toEqual([`${c.source.files![0]}:10`]);
  });

  it('takes the dialect from config/database.yml when schema.rb does not say, and maps MySQL types', async () => {
    const schema = `ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "users", force: :cascade do |t|
    t.string "email", null: false
    t.boolean "admin", default: false
    t.datetime "created_at", null: false
    t.text "bio"
  end
end
`;
    const mysql = await load(schema, `default: &default\n  adapter: mysql2 # local\n  encoding: utf8mb4\ndevelopment:\n  <<: *default\n`);
    expect(mysql.source.dialect).toBe('mysql');
    expect(mysql.schemas).toEqual([]);
    const users = mysql.tables[0];
    expect(users.schema).toBe('');
    expect(users.columns.map((x) => [x.name, x.dataType, x.family])).toEqual([
      ['id', 'bigint', 'bigint'],
      ['email', 'varchar(255)', 'varchar'],
      ['admin', 'tinyint(1)', 'boolean'],
      ['created_at', 'datetime(6)', 'timestamp'],
      ['bio', 'text', 'text'],
    ]);
    expect(users.columns[0].autoIncrement).toBe(true);
    expect(users.primaryKey?.name).toBe('PRIMARY');
    expect(mysql.sequences).toEqual([]);

    const sqlite = await load(schema, 'development:\n  adapter: sqlite3\n  database: storage/development.sqlite3\n');
    expect(sqlite.source.dialect).toBe('sqlite');
    expect(sqlite.tables[0].columns[0]).toMatchObject({ dataType: 'integer', family: 'bigint', autoIncrement: true });

    // ERB is not read; with nothing else to go by, PostgreSQL is assumed.
    const erb = await load(schema, 'default:\n  adapter: <%= ENV.fetch("DB_ADAPTER") { "mysql2" } %>\n');
    expect(erb.source.dialect).toBe('postgres');
    // MySQL table options in schema.rb itself say MySQL.
    const opts = await load(`ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "users", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", force: :cascade do |t|
    t.string "name"
  end
end
`);
    expect(opts.source.dialect).toBe('mysql');
  });

  it('reads hair_trigger triggers and lists what it cannot read as warnings at their lines', async () => {
    const c = await load(`ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "accounts", force: :cascade do |t|
    t.string "name"
    t.foo_bar
  end
  execute "CREATE VIEW v AS SELECT 1"
  add_index "missing", ["x"]
  add_foreign_key "accounts", "nowhere"
  create_trigger("accounts_after_insert_row_tr", :generated => true, :compatibility => 1).
      on("accounts").
      after(:insert).
      for_each(:row) do
    "SELECT 1;"
  end
end
`);
    expect(c.warnings.map((w) => [w.code, 'origin' in w && w.origin && 'line' in w.origin ? w.origin.line : 0])).toEqual([
      ['statement-unsupported', 4],
      ['statement-unsupported', 6],
      ['statement-failed', 7],
      ['statement-failed', 8],
    ]);
    expect(c.warnings[1].message).toContain('execute');
    expect(c.tables[0].triggers).toEqual([
      {
        name: 'accounts_after_insert_row_tr',
        functionName: 'accounts_after_insert_row_tr',
        definition:
          'CREATE TRIGGER accounts_after_insert_row_tr AFTER INSERT ON public.accounts FOR EACH ROW EXECUTE FUNCTION accounts_after_insert_row_tr()',
        origin: { file: c.source.files![0], line: 9 },
      },
    ]);
    expect(c.functions.map((f) => f.name)).toEqual(['accounts_after_insert_row_tr']);
  });

  it('honours # schemascope-ignore comments with a reason', async () => {
    const c = await load(`ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "accounts", force: :cascade do |t|
  end
  create_table "projects", force: :cascade do |t|
    # schemascope-ignore tenancy/nullable-tenant-key: legacy rows are backfilled by a job
    t.bigint "account_id"
    # schemascope-ignore relations/missing-foreign-key
    t.bigint "owner_id"
  end
  add_foreign_key "projects", "accounts"
end
`);
    expect(c.suppressions).toEqual([
      { file: c.source.files![0], line: 5, ruleId: 'tenancy/nullable-tenant-key', reason: 'legacy rows are backfilled by a job' },
    ]);
    const run = runRules(c, allRules, resolveConfig());
    expect(run.findings.filter((f) => f.ruleId === 'tenancy/nullable-tenant-key')).toEqual([]);
    expect(run.ignored.map((i) => i.finding.ruleId)).toContain('tenancy/nullable-tenant-key');
  });

  it('refuses a file that is not a Rails schema, with a one-line error', async () => {
    await expect(load('puts "hello"\n')).rejects.toThrow(UsageError);
    await expect(load('puts "hello"\n')).rejects.toThrow(/not a Rails schema/);
  });
});

async function sha10(s: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}
