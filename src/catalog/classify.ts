// Classifications of catalog objects that reports (and later rules) share: how a primary key is
// generated, what family a type belongs to, what kind of CHECK a constraint is, whether a table is a
// pivot, which soft-delete style a table uses, which columns hold personal data or secrets, which
// subsystem a table belongs to. Small pure functions over plain catalog data; every pattern is
// documented in docs/report.md, and each one only says what a name or type shows, never more.
import type { CheckConstraint, Column, Dialect, ForeignKey, Table } from './types.js';

/** Words of an identifier, snake_case and camelCase both split, lower-cased: `lockVersion` → lock, version. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const STRING_FAMILIES = new Set(['text', 'varchar', 'char']);
const INTEGER_FAMILIES = new Set(['smallint', 'integer', 'bigint']);
const TEMPORAL_FAMILIES = new Set(['date', 'timestamp', 'timestamptz']);

/** Text-like: text, varchar, char, and citext (which the catalog files under `other`). */
export function isStringColumn(c: Column): boolean {
  return STRING_FAMILIES.has(c.family) || /^citext\b/i.test(c.dataType);
}

// ---- primary keys ----------------------------------------------------------------------------------

export type KeyGeneration =
  | 'identity always'
  | 'identity by default'
  | 'sequence default'
  | 'uuid default'
  | 'auto-increment'
  | 'other default'
  | 'application-generated'
  | 'none';

/** Defaults that generate a UUID in the database. */
export const UUID_DEFAULT = /\b(gen_random_uuid|uuid_generate_v[1-7]\w*|uuidv[47]|uuid|newid|uuid_to_bin)\s*\(/i;

/** How the value of one key column is generated. */
export function columnGeneration(c: Column): Exclude<KeyGeneration, 'none'> {
  if (c.identity === 'always') return 'identity always';
  if (c.identity === 'by default') return 'identity by default';
  if (c.default && /\bnextval\s*\(/i.test(c.default)) return 'sequence default';
  if (c.default && UUID_DEFAULT.test(c.default)) return 'uuid default';
  if (c.autoIncrement) return 'auto-increment';
  if (c.default) return 'other default';
  return 'application-generated';
}

/**
 * How a table's primary key is generated: the generation of its one database-generated column
 * (composite keys are usually all copied from parents: application-generated), or `none` without a key.
 */
export function keyGeneration(table: Table): KeyGeneration {
  const pk = table.primaryKey;
  if (!pk) return 'none';
  const cols = pk.columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => !!c);
  const generated = cols.map(columnGeneration).filter((g) => g !== 'application-generated');
  return generated[0] ?? 'application-generated';
}

/** Spelled like MySQL says it when the dialect is MySQL (AUTO_INCREMENT) or SQLite (rowid). */
export function generationLabel(g: KeyGeneration, dialect: Dialect): string {
  if (g === 'auto-increment') return dialect === 'sqlite' ? 'auto-increment (rowid)' : 'auto-increment';
  return g;
}

// ---- data types ------------------------------------------------------------------------------------

export type TypeGroup = 'strings' | 'numerics' | 'booleans' | 'dates and times' | 'json' | 'specialised';

export function typeGroup(c: Column): TypeGroup {
  if (isStringColumn(c)) return 'strings';
  switch (c.family) {
    case 'smallint': case 'integer': case 'bigint': case 'numeric': case 'float': case 'money':
      return 'numerics';
    case 'boolean':
      return 'booleans';
    case 'date': case 'time': case 'timestamp': case 'timestamptz': case 'interval':
      return 'dates and times';
    case 'json':
      return 'json';
    default:
      return 'specialised';
  }
}

/** A short type label for counting: `varchar(255)`, `numeric(10,2)`, `jsonb`, `text[]`, `enum task_status`. */
export function typeLabel(c: Column): string {
  switch (c.family) {
    case 'varchar': return c.length !== undefined ? `varchar(${c.length})` : 'varchar';
    case 'char': return `char(${c.length ?? 1})`;
    case 'numeric': return c.precision !== undefined ? `numeric(${c.precision},${c.scale ?? 0})` : 'numeric';
    case 'timestamp': return 'timestamp';
    case 'timestamptz': return 'timestamptz';
    case 'json': return /jsonb/i.test(c.dataType) ? 'jsonb' : 'json';
    case 'enum': return c.dataType;
    default: return c.dataType.replace(/\s+/g, ' ').toLowerCase();
  }
}

// ---- CHECK constraints and enumerations --------------------------------------------------------------

export type CheckKind = 'in-list' | 'range' | 'other';

const IN_LIST = /\bIN\s*\(\s*'|=\s*ANY\s*\(\s*(\(\s*)?ARRAY\s*\[\s*'|=\s*ANY\s*\('\{/i;
const RANGE = /(>=|<=|<>|!=|>|<|\bBETWEEN\b)/i;

/**
 * `in-list`: the column must be one of listed string literals (`status IN ('a','b')`, PostgreSQL's
 * `status = ANY (ARRAY['a'::text, …])`); `range`: a comparison or BETWEEN (`amount >= 0`,
 * `ends_at > starts_at`, `char_length(x) <= 80`); `other`: anything else (regex, boolean logic…).
 */
export function checkKind(check: Pick<CheckConstraint, 'expression'>): CheckKind {
  if (IN_LIST.test(check.expression)) return 'in-list';
  if (RANGE.test(check.expression)) return 'range';
  return 'other';
}

/** The string literals of an IN-list CHECK, in order, without casts or duplicates. */
export function checkListValues(check: Pick<CheckConstraint, 'expression'>): string[] {
  const values: string[] = [];
  const body = check.expression.replace(/'\{([^']*)\}'/g, (_, inner: string) => inner.split(',').map((v) => `'${v.trim().replace(/^"|"$/g, '')}'`).join(','));
  for (const m of body.matchAll(/'((?:[^']|'')*)'/g)) {
    const v = m[1].replace(/''/g, "'");
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

// ---- relationships ---------------------------------------------------------------------------------

export interface Pivot {
  /** The two single-column foreign keys the key is made of. */
  left: ForeignKey;
  right: ForeignKey;
  /** Name of the primary key, unique constraint or unique index that covers them. */
  key: string;
}

/**
 * A many-to-many link table: its primary key, a unique constraint or a unique index covers exactly two
 * foreign-key columns (set equality, each the whole of a single-column foreign key), optionally after
 * leaving out the tenant key (`ignore`), e.g. task_labels PRIMARY KEY (task_id, label_id).
 */
export function pivotOf(table: Table, ignore: string[] = []): Pivot | undefined {
  const keys: { name: string; columns: string[] }[] = [];
  if (table.primaryKey) keys.push(table.primaryKey);
  keys.push(...table.uniques);
  for (const ix of table.indexes) if (ix.unique && !ix.primary && !ix.predicate && ix.columns.every((c) => c !== null)) keys.push({ name: ix.name, columns: ix.columns as string[] });
  // The key as declared first (memberships (organization_id, user_id) links organizations and users),
  // then without the tenant key (task_labels (organization_id, task_id, label_id) links tasks and labels).
  for (const drop of [[], ignore]) {
    for (const key of keys) {
      const cols = key.columns.filter((c) => !drop.includes(c));
      if (cols.length !== 2 || cols[0] === cols[1]) continue;
      const fks = cols.map((c) => table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === c));
      if (fks[0] && fks[1] && fks[0] !== fks[1]) return { left: fks[0], right: fks[1], key: key.name };
    }
  }
  return undefined;
}

// ---- soft delete, timestamps, history --------------------------------------------------------------

export type SoftDeleteStyle = 'deleted_at' | 'is_deleted' | 'is_active' | 'status';

export interface SoftDeleteMarker {
  style: SoftDeleteStyle;
  column: Column;
  /** For `status`: the allowed value that means the row is gone. */
  value?: string;
}

const DELETED_TIMESTAMPS = ['deleted_at', 'archived_at', 'discarded_at', 'deleted_on', 'removed_at'];
const DELETED_FLAGS = ['is_deleted', 'deleted', 'is_archived', 'archived', 'is_removed'];
const ACTIVE_FLAGS = ['is_active', 'active', 'is_enabled'];
const GONE_VALUES = ['deleted', 'archived', 'removed', 'discarded'];

/** Allowed values of a column: its enum's values and the literals of IN-list CHECKs that mention it. */
export function allowedValues(table: Table, column: Column): string[] {
  const values = [...(column.enumValues ?? [])];
  for (const ck of table.checks) {
    if (checkKind(ck) !== 'in-list') continue;
    if (!ck.columns.includes(column.name) && !new RegExp(`\\b${column.name}\\b`).test(ck.expression)) continue;
    for (const v of checkListValues(ck)) if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** A `status`/`state` column (`status`, `order_status`, `state`), whatever its type. */
export function isStateColumn(c: Column): boolean {
  const w = nameWords(c.name);
  return ['status', 'state'].includes(w[w.length - 1]) && (isStringColumn(c) || c.family === 'enum' || INTEGER_FAMILIES.has(c.family));
}

/** Soft-delete markers of a table: `deleted_at`-style timestamps, `is_deleted` flags, `is_active` flags, status values. */
export function softDeleteMarkers(table: Table): SoftDeleteMarker[] {
  const out: SoftDeleteMarker[] = [];
  for (const c of table.columns) {
    const n = nameWords(c.name).join('_');
    if (DELETED_TIMESTAMPS.includes(n) && TEMPORAL_FAMILIES.has(c.family)) out.push({ style: 'deleted_at', column: c });
    else if (DELETED_FLAGS.includes(n) && (c.family === 'boolean' || c.family === 'smallint')) out.push({ style: 'is_deleted', column: c });
    else if (ACTIVE_FLAGS.includes(n) && c.family === 'boolean') out.push({ style: 'is_active', column: c });
    else if (isStateColumn(c)) {
      const value = allowedValues(table, c).find((v) => GONE_VALUES.includes(v.toLowerCase()));
      if (value) out.push({ style: 'status', column: c, value });
    }
  }
  return out;
}

export type TimestampRole = 'created' | 'updated';

const CREATED = ['created_at', 'created_on', 'inserted_at', 'creation_date', 'date_created', 'created', 'create_time', 'created_date'];
const UPDATED = ['updated_at', 'updated_on', 'modified_at', 'last_modified', 'date_modified', 'updated', 'update_time', 'modified', 'last_modified_at'];

/** `created` for created_at/inserted_at…, `updated` for updated_at/modified_at…, on a date or timestamp column. */
export function timestampRole(c: Column): TimestampRole | undefined {
  if (!TEMPORAL_FAMILIES.has(c.family)) return undefined;
  const n = nameWords(c.name).join('_');
  if (CREATED.includes(n)) return 'created';
  if (UPDATED.includes(n)) return 'updated';
  return undefined;
}

const HISTORY_SUFFIX = /_(history|histories|versions|revisions|audit|audits|audit_log|audit_logs|audit_trail|changes|change_log|changelog|snapshots)$/;
const HISTORY_NAMES = /^(audit|audits|audit_log|audit_logs|audit_trail|audit_events|activity_log|activity_logs|activity_events|change_log|changelog|versions|history|event_log|event_logs)$/;

/** A history or audit table by name: `*_history`, `*_versions`, `*_audit`, `audit_log`, `activity_log`, `versions`… */
export function isHistoryTable(name: string): boolean {
  const n = nameWords(name).join('_');
  return HISTORY_SUFFIX.test(n) || HISTORY_NAMES.test(n);
}

/** Singular of a snake_case table name, enough to match `orders` with `order_history`. */
export function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|us)$/.test(name)) return name;
  if (/(ches|shes|xes|ses|zes)$/.test(name)) return name.slice(0, -2);
  return name.replace(/s$/, '');
}

/** The history tables (by name) of a table: `<singular>_history`, `<name>_versions`, … among the given names. */
export function historyTablesFor(table: Pick<Table, 'name'>, names: string[]): string[] {
  const stems = new Set([table.name, singular(table.name)]);
  return names.filter((n) => n !== table.name && isHistoryTable(n) && [...stems].some((s) => n.startsWith(`${s}_`)));
}

/** The `<value>_at` (or `<value>_on`) column recording when a row entered a state, e.g. paid → paid_at, canceled → canceled_at. */
export function stateTimestamp(table: Table, value: string): Column | undefined {
  const v = nameWords(value).join('_');
  const stems = [v, v.replace(/ed$/, ''), v.replace(/led$/, 'l'), v.replace(/ing$/, ''), v.replace(/ed$/, 'e')];
  return table.columns.find((c) => TEMPORAL_FAMILIES.has(c.family) && stems.some((s) => s && [`${s}_at`, `${s}_on`, `${s}ed_at`].includes(c.name.toLowerCase())));
}

// ---- personal data, secrets, consent -------------------------------------------------------------

export type PiiKind = 'email' | 'name' | 'phone' | 'address' | 'ip address' | 'birth date' | 'government id' | 'free text' | 'geolocation';

/** Tables of people, where a bare `name` is a person's name. */
const PERSON_TABLES = /^(users?|contacts?|customers?|members?|employees?|staff|people|persons?|patients?|leads?|candidates?|profiles?|accounts?|clients?|guests?|students?|teachers?|subscribers?|recipients?|applicants?|drivers?|authors?)$/;
/** Last words that make a column describe personal data rather than hold it (email_template_id, phone_verified_at). */
const PII_DESCRIPTORS = new Set(['id', 'ids', 'type', 'kind', 'count', 'status', 'template', 'verified', 'confirmed', 'enabled', 'format', 'provider', 'domain', 'at', 'on', 'label', 'country']);

/**
 * The kind of personal data a column holds, by its name and type (documented in docs/report.md):
 * strings named email, first/last/full/display name (or `name` on a table of people), phone/mobile,
 * address/street/postal code/zip, any `inet` column or one named ip/ip_address, a date named
 * birth/dob, ssn/passport/national id, latitude/longitude, and free text named note(s)/bio/remarks/transcript.
 */
export function piiKind(c: Column, tableName = ''): PiiKind | undefined {
  const w = nameWords(c.name);
  const last = w[w.length - 1];
  const str = isStringColumn(c);
  if (c.family === 'inet' || ((w.includes('ip') || c.name.toLowerCase() === 'remote_addr') && str)) return last === 'id' ? undefined : 'ip address';
  if (PII_DESCRIPTORS.has(last)) return undefined;
  if ((w.includes('birth') || w.includes('dob') || w.includes('birthday') || w.includes('birthdate')) && (TEMPORAL_FAMILIES.has(c.family) || str)) return 'birth date';
  if (!str && !(c.family === 'numeric' || c.family === 'float')) return undefined;
  if (c.family === 'numeric' || c.family === 'float') return w.includes('latitude') || w.includes('longitude') || w.includes('lat') || w.includes('lng') ? 'geolocation' : undefined;
  if (w.includes('email') || (w.includes('mail') && w.length === 1)) return 'email';
  // `to_address`, `from_address` on a table of e-mails: an e-mail address.
  if (last === 'address' && /e?mail/.test(tableName.toLowerCase())) return 'email';
  if (w.includes('phone') || w.includes('mobile') || w.includes('telephone') || w.includes('msisdn') || w.includes('fax')) return 'phone';
  if (w.includes('ssn') || w.includes('passport') || (w.includes('national') && w.includes('id')) || (w.includes('social') && w.includes('security'))) return 'government id';
  if (['address', 'street', 'postcode', 'zip', 'zipcode'].some((x) => w.includes(x)) || pair(w, 'postal', 'code') || pair(w, 'address', 'line')) return 'address';
  const n = w.join('_');
  if (['first_name', 'last_name', 'full_name', 'given_name', 'family_name', 'middle_name', 'surname', 'maiden_name', 'firstname', 'lastname', 'fullname', 'contact_name', 'customer_name'].includes(n)) return 'name';
  if ((n === 'name' || n === 'display_name' || n === 'legal_name') && PERSON_TABLES.test(tableName.toLowerCase())) return 'name';
  if (['note', 'notes', 'bio', 'remarks', 'transcript', 'private_notes', 'internal_notes'].includes(n) || last === 'notes') return 'free text';
  return undefined;
}

export type SecretKind = 'password' | 'token' | 'api key' | 'secret' | 'private key';

/** Last words that make a column describe a secret rather than hold it (token_type, api_key_prefix, secret_name). */
const SECRET_DESCRIPTORS = new Set([
  'id', 'ids', 'type', 'kind', 'name', 'label', 'prefix', 'suffix', 'last4', 'hint', 'scope', 'scopes', 'status',
  'count', 'version', 'length', 'expires', 'expiry', 'at', 'on', 'url', 'uri', 'endpoint', 'method', 'policy', 'algorithm', 'alg', 'required', 'enabled',
]);

/** What kind of secret the name says a column holds: password, token, api key, secret or private key. */
export function secretKind(c: Column): SecretKind | undefined {
  const w = nameWords(c.name);
  if (SECRET_DESCRIPTORS.has(w[w.length - 1])) return undefined;
  if (!(isStringColumn(c) || c.family === 'bytea' || c.family === 'uuid')) return undefined;
  const pair = (a: string, b: string) => w.some((x, i) => x === a && w[i + 1] === b);
  if (w.some((x) => ['password', 'passwd', 'passphrase', 'pwd'].includes(x))) return 'password';
  if (pair('api', 'key') || w.includes('apikey')) return 'api key';
  if (pair('private', 'key')) return 'private key';
  if (w.includes('token')) return 'token';
  if (w.includes('secret')) return 'secret';
  return undefined;
}

export type Protection = 'hashed' | 'encrypted' | 'binary (bytea)' | 'encrypted by the application';

/**
 * What the source says protects a column's value: its name (hash/digest/bcrypt/hmac → hashed;
 * encrypted/cipher/crypted/enc → encrypted), a binary type, or the ORM's encrypted columns
 * (`catalog.app` models' `encryptedColumns`). Undefined: nothing in the source says so.
 */
export function protection(c: Column, appEncrypted = false): Protection | undefined {
  const w = nameWords(c.name);
  if (w.some((x) => /hash|digest|bcrypt|argon|scrypt|pbkdf|hmac|sha\d*/.test(x))) return 'hashed';
  if (w.some((x) => /encrypt|cipher|crypted/.test(x) || x === 'enc' || x === 'kms')) return 'encrypted';
  if (appEncrypted) return 'encrypted by the application';
  if (c.family === 'bytea') return 'binary (bytea)';
  return undefined;
}

export type PrivacyFactKind = 'consent' | 'marketing opt-in' | 'retention' | 'anonymisation' | 'deletion request' | 'terms acceptance';

/** Columns recording consent, opt-in, retention, anonymisation and erasure requests (GDPR facts). */
export function privacyFactKind(c: Column): PrivacyFactKind | undefined {
  const w = nameWords(c.name);
  const n = w.join('_');
  if (w.some((x) => /^anonymi[sz]ed?$/.test(x) || /^pseudonymi[sz]ed$/.test(x))) return 'anonymisation';
  if (w.includes('retention') || w.includes('retain') || n === 'purge_after' || n === 'purge_at' || n === 'delete_after') return 'retention';
  if ((w.includes('deletion') || w.includes('erasure')) && (w.includes('requested') || w.includes('request') || w.includes('scheduled'))) return 'deletion request';
  if (w.includes('marketing') || pair(w, 'opt', 'in') || w.includes('optin') || pair(w, 'opted', 'in') || w.includes('newsletter')) return 'marketing opt-in';
  if (w.includes('consent') || w.includes('consented') || w.includes('gdpr')) return 'consent';
  if ((w.includes('terms') || w.includes('tos') || w.includes('privacy')) && (w.includes('accepted') || w.includes('agreed') || w.includes('version'))) return 'terms acceptance';
  return undefined;
}

function pair(w: string[], a: string, b: string): boolean {
  return w.some((x, i) => x === a && w[i + 1] === b);
}

// ---- optimistic locking and idempotency -------------------------------------------------------------

export type ConcurrencyKind = 'version counter' | 'lock token' | 'idempotency key';

/**
 * `version counter`: an integer named version/lock_version/row_version/record_version/revision;
 * `lock token`: lock_token/etag/concurrency_stamp/row_version as binary or text (SQL Server rowversion style);
 * `idempotency key`: idempotency_key/idempotency_token/dedup(lication)_key/request_key.
 */
export function concurrencyKind(c: Column): ConcurrencyKind | undefined {
  const n = nameWords(c.name).join('_');
  if (/^(idempotency_(key|token)|idempotence_key|dedup(e|lication)?_key|request_key)$/.test(n)) return 'idempotency key';
  if (/^(lock_version|row_version|record_version|version|optimistic_lock|revision|version_number|rowversion)$/.test(n) && INTEGER_FAMILIES.has(c.family)) return 'version counter';
  if (/^(lock_token|etag|concurrency_stamp|concurrency_token|row_version|rowversion)$/.test(n)) return 'lock token';
  return undefined;
}

// ---- subsystems ------------------------------------------------------------------------------------

export type Subsystem =
  | 'tenancy and membership'
  | 'RBAC'
  | 'billing and payments'
  | 'subscriptions'
  | 'audit and history'
  | 'sessions'
  | 'API keys'
  | 'webhooks'
  | 'feature flags'
  | 'notifications'
  | 'files and attachments';

export const SUBSYSTEMS: readonly Subsystem[] = [
  'tenancy and membership', 'RBAC', 'billing and payments', 'subscriptions', 'audit and history', 'sessions',
  'API keys', 'webhooks', 'feature flags', 'notifications', 'files and attachments',
];

/** Table-name patterns per subsystem, matched on the whole snake_case name (documented in docs/report.md). */
export const SUBSYSTEM_PATTERNS: Readonly<Record<Subsystem, RegExp>> = {
  'tenancy and membership': /^(tenants?|organi[sz]ations?|orgs?|workspaces?|companies|company|accounts?|teams?)$|(^|_)(memberships?|members|invitations?|invites?)$|^(tenant|organi[sz]ation|workspace|team)_(users|members|settings)$/,
  RBAC: /(^|_)(roles?|permissions?|grants?|acls?|access_control|privileges?|permission_overrides?|role_assignments?|user_roles|policies)$/,
  'billing and payments': /(^|_)(invoices?|invoice_(items|lines)|payments?|payment_(methods|intents)|refunds?|charges?|credit_notes?|payouts?|ledger(_entries)?|transactions?|tax_rates?|coupons?|coupon_redemptions|discounts?|discount_rules|billing_\w+|prices?|price_lists?|price_list_entries|orders?|order_items|carts?|cart_items|receipts?|currencies|exchange_rates)$/,
  subscriptions: /(^|_)(subscriptions?|subscription_items|plans?|plan_features|usage_records?|usage_events|metered_usage|trials?|entitlements?)$/,
  'audit and history': /$^/, // decided by isHistoryTable
  sessions: /(^|_)(sessions?|refresh_tokens?|login_attempts?|logins?|devices?|remember_tokens?)$/,
  'API keys': /(^|_)(api_keys?|api_tokens?|access_tokens?|personal_access_tokens|service_tokens?|client_credentials)$/,
  webhooks: /(^|_)(webhooks?|webhook_\w+|hooks?|event_subscriptions)$/,
  'feature flags': /(^|_)(feature_flags?|feature_toggles?|feature_overrides?)$|^(flags|features|experiments?|rollouts?)$/,
  notifications: /(^|_)(notifications?|notification_\w+|push_tokens?|alerts?|inbox_items?|outbound_emails?|email_deliveries|messages_outbox)$/,
  'files and attachments': /(^|_)(attachments?|files?|uploads?|documents?|document_versions|media|assets?|blobs?|images?|avatars?)$/,
};

/** The subsystems a table's name places it in (none, one, or several: `webhook_deliveries` is webhooks only). */
export function subsystemsOf(table: Pick<Table, 'name'>): Subsystem[] {
  const n = nameWords(table.name).join('_');
  const out = SUBSYSTEMS.filter((s) => s !== 'audit and history' && SUBSYSTEM_PATTERNS[s].test(n));
  if (isHistoryTable(table.name)) out.push('audit and history');
  return out;
}

/**
 * Building blocks looked for in a subsystem's tables: a label and the column-name pattern that shows it.
 * Information, never a defect: a schema may keep these elsewhere.
 */
export interface BuildingBlock {
  label: string;
  /** A column of one of the subsystem's tables whose name matches shows it. */
  column?: RegExp;
  /** A table of the subsystem whose name matches shows it. */
  table?: RegExp;
}

const HASHED_TOKEN = /(token|key|code|secret)_?(hash|digest)|(hash|digest)_?(of_)?(token|key|code)|^(hash|digest|token_hash|token_digest)$/;

export const BUILDING_BLOCKS: Readonly<Partial<Record<Subsystem, readonly BuildingBlock[]>>> = {
  'API keys': [
    { label: 'stores a hash of the key', column: HASHED_TOKEN },
    { label: 'shows a prefix to identify it', column: /prefix|last4|hint/ },
    { label: 'scopes', column: /scopes?|permissions/ },
    { label: 'expiry', column: /expires?_at|expiry|valid_until/ },
    { label: 'revocation', column: /revoked_at|revoked|disabled_at/ },
    { label: 'last use', column: /last_used/ },
  ],
  webhooks: [
    { label: 'signing secret', column: /secret|signing_key/ },
    { label: 'event selection', column: /^events?$|event_types?/ },
    { label: 'enabled flag', column: /^(enabled|is_enabled|active|is_active|disabled_at)$/ },
    { label: 'delivery log table', table: /deliveries|delivery_attempts|webhook_events|webhook_logs/ },
    { label: 'delivery attempts', column: /attempts?|attempt_count/ },
    { label: 'response status of deliveries', column: /response_(status|code)|status_code/ },
  ],
  'audit and history': [
    { label: 'who (actor)', column: /^(actor|user|performed_by|changed_by|created_by|author)(_id)?$/ },
    { label: 'what (action)', column: /^(action|event|operation|verb|event_type|activity)$/ },
    { label: 'which record', column: /^(subject|entity|resource|record|object|auditable|target|item)_(id|type)$|^(table_name|record_id)$/ },
    { label: 'when', column: /^(created_at|occurred_at|changed_at|timestamp|performed_at|logged_at)$/ },
    { label: 'before/after values', column: /^(changes|diff|old_values|new_values|before|after|old_data|new_data|previous|changeset|delta)$/ },
    { label: 'client IP or user agent', column: /ip|user_agent/ },
  ],
  sessions: [
    { label: 'token stored as a hash', column: HASHED_TOKEN },
    { label: 'expiry', column: /expires?_at|expiry/ },
    { label: 'revocation', column: /revoked_at|ended_at|logged_out_at/ },
    { label: 'client IP or user agent', column: /ip|user_agent/ },
  ],
  subscriptions: [
    { label: 'status', column: /^status$|_status$/ },
    { label: 'current period', column: /current_period|period_(start|end)/ },
    { label: 'cancellation', column: /cancel/ },
    { label: 'trial end', column: /trial/ },
  ],
  'billing and payments': [
    { label: 'currency', column: /currency/ },
    { label: 'payment provider reference', column: /^(provider|external|stripe|gateway|processor)_\w*(id|ref|reference)$/ },
    { label: 'idempotency key', column: /idempotency/ },
    { label: 'refunds', table: /refunds?$/ },
  ],
  'feature flags': [
    { label: 'rollout percentage', column: /rollout|percent/ },
    { label: 'per-tenant or per-user override', column: /^(organization|organisation|tenant|account|workspace|user|company)_id$/ },
  ],
  notifications: [
    { label: 'read marker', column: /read_at|is_read|seen_at/ },
    { label: 'channel', column: /channel|medium/ },
    { label: 'delivery time', column: /(sent|delivered)_at/ },
  ],
  'files and attachments': [
    { label: 'size', column: /size|bytes/ },
    { label: 'content type', column: /content_type|mime|media_type/ },
    { label: 'checksum', column: /checksum|sha\d*|md5|etag|hash/ },
    { label: 'storage location', column: /storage|object_key|s3_key|path|url|bucket/ },
  ],
  'tenancy and membership': [
    { label: 'membership role', column: /^role(_id)?$/ },
    { label: 'invitation token hashed', column: HASHED_TOKEN },
    { label: 'invitation expiry', column: /expires?_at/ },
  ],
  RBAC: [
    { label: 'permission code', column: /^(code|key|name|action)$/ },
    { label: 'role-to-permission link', column: /^permission_id$/ },
    { label: 'deny or override', column: /effect|allow|deny|granted|override/ },
  ],
};
