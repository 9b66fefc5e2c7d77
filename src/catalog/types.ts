// The catalog: one normalized model of a schema, whatever source it came from.
// Plain data only (no classes) so it serializes to JSON and rules stay pure functions over it.

/** Where an object was declared: a line of the user's code, or an object of a live catalog. */
export type Origin = { file: string; line: number } | { object: string };

export type Dialect = 'postgres' | 'mysql' | 'sqlite';

/** A coarse type family, so rules can reason across dialects without parsing type names. */
export type TypeFamily =
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'numeric'
  | 'float'
  | 'money'
  | 'boolean'
  | 'uuid'
  | 'text'
  | 'varchar'
  | 'char'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'json'
  | 'enum'
  | 'bytea'
  | 'inet'
  | 'array'
  | 'other';

export interface Column {
  name: string;
  /** The type as the engine prints it, e.g. `character varying(255)`, `timestamp with time zone`. */
  dataType: string;
  family: TypeFamily;
  /** Declared length of varchar/char, when there is one. */
  length?: number;
  precision?: number;
  scale?: number;
  nullable: boolean;
  /** Default expression as the engine prints it. */
  default?: string;
  identity?: 'always' | 'by default';
  /** True for identity, serial (nextval default) and auto-increment columns. */
  autoIncrement: boolean;
  /** Expression of a generated (computed) column. */
  generated?: string;
  enumValues?: string[];
  /** MySQL/MariaDB: UNSIGNED integer or decimal. */
  unsigned?: boolean;
  /** MySQL/MariaDB: ON UPDATE CURRENT_TIMESTAMP and similar. */
  onUpdate?: string;
  /** PostgreSQL: the column comes from a parent table (INHERITS); changes to it are made on the parent. */
  inherited?: boolean;
  comment?: string;
  origin: Origin;
}

export type FkAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
  deferrable: boolean;
  /** False when added NOT VALID and never validated. */
  validated: boolean;
  /** False when declared NOT ENFORCED (PostgreSQL 18): the database never checks it. */
  enforced?: boolean;
  origin: Origin;
}

export interface PrimaryKey {
  name: string;
  columns: string[];
  origin: Origin;
}

export interface UniqueConstraint {
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
  origin: Origin;
}

export interface CheckConstraint {
  name: string;
  /** The CHECK expression as the engine prints it, without the `CHECK` keyword. */
  expression: string;
  /** Columns the expression mentions. */
  columns: string[];
  validated: boolean;
  origin: Origin;
}

export interface IndexStats {
  /** Number of index scans since statistics were reset (pg_stat_user_indexes.idx_scan). */
  scans?: number;
  sizeBytes?: number;
}

export interface Index {
  name: string;
  /** One entry per key part: the column name, or null where the key part is an expression. */
  columns: (string | null)[];
  /** One entry per key part, as the engine prints it (a column name or an expression). */
  keyParts: string[];
  includeColumns: string[];
  unique: boolean;
  primary: boolean;
  /** Access method: btree, gin, gist, brin, hash, … */
  method: string;
  /** WHERE predicate of a partial index. */
  predicate?: string;
  /** Name of the constraint (primary key, unique, exclusion) this index implements, if any. */
  constraint?: string;
  definition: string;
  stats?: IndexStats;
  origin: Origin;
}

export interface Policy {
  name: string;
  command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  permissive: boolean;
  roles: string[];
  using?: string;
  withCheck?: string;
  origin: Origin;
}

export interface Trigger {
  name: string;
  definition: string;
  functionName: string;
  origin: Origin;
}

export interface TableStats {
  /** Estimated live rows (pg_class.reltuples / n_live_tup). */
  rowEstimate?: number;
  totalBytes?: number;
  tableBytes?: number;
  indexBytes?: number;
}

export type TableKind = 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table';

export interface Table {
  schema: string;
  name: string;
  kind: TableKind;
  columns: Column[];
  primaryKey?: PrimaryKey;
  foreignKeys: ForeignKey[];
  uniques: UniqueConstraint[];
  checks: CheckConstraint[];
  indexes: Index[];
  /** Row-level security; `origin` is where it was enabled. */
  rls: { enabled: boolean; forced: boolean; origin?: Origin };
  policies: Policy[];
  triggers: Trigger[];
  /** Qualified name of the parent when this table is a partition. */
  partitionOf?: string;
  /** Columns of a partitioned table's partition key (expression keys are left out). */
  partitionKey?: string[];
  /** Views and materialized views: the query (as the engine prints it), options, and the `schema.table.column`s it reads. */
  view?: { definition: string; options?: string[]; uses: string[] };
  /** Parents of a table that inherits (INHERITS, not declarative partitioning), qualified. */
  inherits?: string[];
  /** Rewrite rules on the table (CREATE RULE), with their definition and the `schema.table.column`s they read. */
  rules?: { name: string; definition: string; uses: string[] }[];
  comment?: string;
  /** MySQL/MariaDB storage engine (InnoDB, MyISAM…). */
  engine?: string;
  stats?: TableStats;
  origin: Origin;
}

export interface FunctionInfo {
  schema: string;
  name: string;
  /** Argument list as the engine prints it. */
  args: string;
  language: string;
  securityDefiner: boolean;
  /** Settings fixed on the function (`SET search_path = …`), as `name=value`. */
  config: string[];
  /** The whole CREATE FUNCTION statement, as the engine prints it (PostgreSQL sources). */
  definition?: string;
  origin: Origin;
}

export interface EnumType {
  schema: string;
  name: string;
  values: string[];
  origin: Origin;
}

export interface SequenceInfo {
  schema: string;
  name: string;
  dataType: string;
  maxValue: number;
  lastValue?: number;
  /** `schema.table.column` that owns the sequence (serial/identity), if any. */
  ownedBy?: string;
  origin: Origin;
}

/** Something that could not be read or checked: the review must say so rather than look clean. */
export interface LoadWarning {
  /** Machine-readable kind: statement-failed, extension-unavailable, stats-unreadable, … */
  code: string;
  message: string;
  origin?: Origin;
  /**
   * True for a limit of the source that loses no part of the schema (statistics a server does not
   * keep, partitioning not modelled): listed in the report, without calling the review incomplete.
   */
  note?: boolean;
}

export interface SourceInfo {
  /** ddl-file, ddl-folder, postgres-live, … */
  kind: string;
  /** The file, folder or URL (password removed) that was read. */
  location: string;
  dialect: Dialect;
  /** Server or embedded engine version. */
  serverVersion?: string;
  files?: string[];
  statements?: number;
  /** Hosted platform whose own objects were stood in for (e.g. Supabase's auth schema). */
  platform?: string;
}

export interface Catalog {
  source: SourceInfo;
  schemas: string[];
  tables: Table[];
  functions: FunctionInfo[];
  enums: EnumType[];
  sequences: SequenceInfo[];
  /** True when the catalog came from a live database with statistics. */
  hasLiveStats: boolean;
  warnings: LoadWarning[];
  /** Inline `schemascope-ignore <rule>: <reason>` comments found in the source. */
  suppressions?: Suppression[];
  /** What an ORM says beyond the physical schema (models, relationships, hooks, casts). */
  app?: AppFacts;
  /** The migration history, where the source is a sequence of migrations. */
  migrations?: MigrationGraph;
  /**
   * Facts about how the database will enforce the schema that the schema itself does not show:
   * `foreignKeysEnforced: false` for Prisma's relationMode = "prisma" or SQLite without
   * PRAGMA foreign_keys; `onDeleteEnforcedBy: 'application'` for Django.
   */
  enforcement?: { foreignKeysEnforced?: boolean; onDeleteEnforcedBy?: 'database' | 'application' };
}

// ---- application facts (ORM sources) ----

export type Framework = 'django' | 'sqlalchemy' | 'alembic' | 'laravel' | 'prisma' | 'rails';

export interface AppRelationship {
  name: string;
  kind: 'belongs-to' | 'has-one' | 'has-many' | 'many-to-many' | 'polymorphic';
  /** Model the relationship points at, as the source names it. */
  target: string;
  /** Foreign-key column(s) on the owning side, when the source says. */
  columns?: string[];
  /** ON DELETE behaviour as declared in the ORM (Django on_delete, Laravel cascadeOnDelete…). */
  onDelete?: string;
  /** Pivot or through table of a many-to-many. */
  through?: string;
  inverse?: string;
  origin: Origin;
}

export interface AppHook {
  /** save, clean, boot, booted, creating, saving, deleting, before_save… */
  name: string;
  origin: Origin;
}

export interface AppModel {
  framework: Framework;
  name: string;
  /** Physical table, schema-qualified where the source has schemas. */
  table?: string;
  abstract?: boolean;
  /** Base classes, mixins and traits (SoftDeletes, TenantAwareModel, BelongsToCompany…). */
  bases: string[];
  relationships: AppRelationship[];
  hooks: AppHook[];
  /** Global scopes and default filters (Laravel addGlobalScope, Django default managers). */
  scopes: { name: string; origin: Origin }[];
  /** Columns the application encrypts or hashes (Laravel `encrypted` cast, EncryptedType…). */
  encryptedColumns: string[];
  softDelete?: { style: string; column?: string; origin: Origin };
  origin: Origin;
}

export interface AppFacts {
  frameworks: Framework[];
  models: AppModel[];
  /** Other facts worth a report line (fixtures shipping users, withoutGlobalScope calls…), each with evidence. */
  notes: { kind: string; message: string; origin: Origin }[];
  /** Objects of data fixtures and seeders that ship an account or a credential, one entry per object. */
  fixtures?: AppFixture[];
}

/**
 * One object of a fixture (Django `fixtures/*.json|yaml`) or seeder (Laravel `database/seeders`) that ships credentials:
 * `plaintext-secret` a password or secret readable in the file, `password-hash` a password hash (a known login for whoever
 * knows or cracks the password), `user` a user account without a usable password.
 */
export interface AppFixture {
  file: string;
  /** Line of the object in the file. */
  line: number;
  /** The model as the file names it (`auth.user`, `User`, a table for DB::table inserts). */
  model: string;
  /** The fields that hold the credential (`password`, `api_key`…); empty for kind `user`. */
  fields: string[];
  kind: 'user' | 'password-hash' | 'plaintext-secret';
}

// ---- migration history ----

export interface MigrationOperation {
  /** create-table, add-column, run-sql, run-python, create-index… as the framework names them. */
  kind: string;
  table?: string;
  /** False when the operation cannot be undone (no reverse, empty down()). */
  reversible: boolean;
  /**
   * What a generic operation (run-sql) does, when the source could tell: `create-index` for RunSQL /
   * op.execute of a CREATE INDEX (then `table` is the indexed table).
   */
  detail?: string;
  /** The operation builds or drops an index CONCURRENTLY (AddIndexConcurrently, postgresql_concurrently=True, SQL). */
  concurrently?: boolean;
  /** The operation runs outside the migration's transaction (Alembic autocommit_block). */
  outsideTransaction?: boolean;
  /** add-column / add-field: the physical name of the column the operation adds. */
  column?: string;
  /** add-column / add-field: whether the added column accepts NULL. */
  nullable?: boolean;
  /**
   * add-column / add-field: whether the rows already there get a value as the column is added: a database default,
   * an identity or generated column, or Django's effective default (which Django sets, fills, then drops again).
   */
  hasDefault?: boolean;
  /** Django AddField: false for `preserve_default=False` (the default was a one-off value for the rows already there). */
  preserveDefault?: boolean;
  origin: Origin;
}

export interface MigrationNode {
  /** The framework's identity: `app.0003_auto`, an Alembic revision id, a Laravel file name. */
  id: string;
  file: string;
  dependsOn: string[];
  /** Whether the whole migration runs in one transaction (Django atomic, PostgreSQL DDL). */
  atomic?: boolean;
  operations: MigrationOperation[];
  /** Whether the migration can be rolled back (down()/downgrade()/reverse exist and do something). */
  reversible: boolean;
  /** Line of `down()` / `def downgrade` in `file`, when the migration declares one (empty or not). */
  downLine?: number;
}

export interface MigrationGraph {
  framework: Framework | 'sql';
  nodes: MigrationNode[];
  /** Nodes nothing depends on: more than one means diverging histories. */
  heads: string[];
}

/**
 * A comment in the user's source that silences one rule's finding on its own line or the next:
 * `-- schemascope-ignore security/plaintext-secret: encrypted by the application`.
 */
export interface Suppression {
  file: string;
  line: number;
  ruleId: string;
  reason: string;
}

export function qualifiedName(table: { schema: string; name: string }): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

export function originText(origin: Origin): string {
  return 'file' in origin ? `${origin.file}:${origin.line}` : origin.object;
}
