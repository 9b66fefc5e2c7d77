import type { Column } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { isDataTable } from '../../catalog/lookup.js';
import type { Rule } from '../types.js';

type SecretKind = 'password' | 'token' | 'secret';

/** Words of a column name: snake_case and camelCase both split, lower-cased. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\s-]+/)
    .filter(Boolean);
}

function hasPair(ws: string[], a: string, b: string): boolean {
  return ws.some((w, i) => w === a && ws[i + 1] === b);
}

/** What kind of secret the name says the column holds, if any. */
function secretKind(ws: string[]): SecretKind | undefined {
  if (ws.some((w) => w === 'password' || w === 'passwd' || w === 'passphrase' || w === 'pwd')) return 'password';
  if (ws.some((w) => w === 'token' || w === 'apikey') || hasPair(ws, 'api', 'key')) return 'token';
  if (ws.includes('secret') || hasPair(ws, 'private', 'key')) return 'secret';
  return undefined;
}

/** Words saying the value is already protected, or is not the secret itself. */
const PROTECTED = /hash|digest|encrypt|crypted|cipher|bcrypt|argon|scrypt|pbkdf|hmac/;
const PROTECTED_WORDS = new Set(['enc', 'salt', 'sha256', 'sha512', 'kms']);
/** A last word that makes the column describe a secret rather than hold it (token_type, api_key_prefix, secret_name). */
const DESCRIPTORS = new Set([
  'id', 'ids', 'type', 'kind', 'name', 'label', 'prefix', 'suffix', 'last4', 'hint', 'scope', 'scopes', 'status',
  'count', 'version', 'length', 'expires', 'expiry', 'at', 'on', 'url', 'uri', 'endpoint', 'method', 'policy', 'algorithm', 'alg',
]);

const ADVICE: Record<SecretKind, string> = {
  password: 'store only a slow salted hash (argon2id, bcrypt or scrypt) and name the column for it, e.g. password_hash',
  token: 'store a SHA-256 digest of the token and compare digests (e.g. token_digest); show the token once, at creation',
  secret: 'encrypt it (application-side with a key outside the database, or a KMS) and name the column for it, e.g. encrypted_secret',
};

const rule: Rule = {
  meta: {
    id: 'security/plaintext-secret',
    category: 'security',
    severity: 'high',
    summary: 'Text column named like a password, token, API key or secret, with nothing saying it is hashed or encrypted.',
    why:
      'Whoever can read the table (a replica, a backup, a support tool, an SQL injection, a leaked dump) can then log in as ' +
      'your users or call your integrations. Passwords and tokens only ever need to be compared, so a hash is enough; ' +
      'secrets that must be read back belong encrypted with a key kept outside the database.',
  },
  defaultOptions: {
    /** Declared lengths that fit a hash exactly (bcrypt 60, SHA-256 hex 64, SHA-512 hex or Django's 128). */
    hashLengths: [60, 64, 128],
  },
  check({ catalog, options, report }) {
    const hashLengths = Array.isArray(options.hashLengths) ? (options.hashLengths as unknown[]).filter((n): n is number => typeof n === 'number') : [60, 64, 128];
    const holdsHash = (c: Column) => (c.family === 'char' || c.family === 'varchar') && c.length !== undefined && hashLengths.includes(c.length);
    // Columns the application encrypts or hashes before they reach the table (Laravel's `encrypted` and
    // `hashed` casts, SQLAlchemy's EncryptedType…), by table.
    const protectedByApp = new Map<string, Set<string>>();
    for (const model of catalog.app?.models ?? []) {
      if (!model.table || model.encryptedColumns.length === 0) continue;
      const set = protectedByApp.get(model.table) ?? new Set<string>();
      model.encryptedColumns.forEach((c) => set.add(c));
      protectedByApp.set(model.table, set);
    }
    for (const table of catalog.tables) {
      if (!isDataTable(table)) continue;
      const appProtected = protectedByApp.get(qualifiedName(table)) ?? protectedByApp.get(table.name);
      for (const c of table.columns) {
        if (appProtected?.has(c.name)) continue;
        // bytea, booleans, timestamps, counters and ids are not where a clear-text secret sits.
        if (c.family !== 'text' && c.family !== 'varchar' && c.family !== 'char') continue;
        if (c.generated) continue;
        const ws = words(c.name);
        const kind = secretKind(ws);
        if (!kind) continue;
        if (PROTECTED.test(c.name.toLowerCase()) || ws.some((w) => PROTECTED_WORDS.has(w))) continue;
        if (DESCRIPTORS.has(ws[ws.length - 1])) continue;
        if (holdsHash(c)) continue;
        if (c.comment && /hash|digest|encrypt|bcrypt|argon|scrypt|pbkdf/i.test(c.comment)) continue;
        report({
          table,
          columns: [c.name],
          message:
            `${qualifiedName(table)}.${c.name} (${c.dataType}) is named like a ${kind === 'token' ? 'token or API key' : kind} ` +
            `and nothing in its name, type or length says it is hashed or encrypted, so anyone who can read the table or a ` +
            `backup of it reads the ${kind}; ${ADVICE[kind]}.`,
        });
      }
    }
  },
};

export default rule;
