// What a field name and a literal value say about credentials, for data the project ships (Django fixtures,
// Laravel seeders): a field that holds a password or a secret, and whether its value is readable, a password
// hash, or nothing at all. Names are split into words the way security/plaintext-secret splits column names.
import type { AppFixture } from '../catalog/types.js';

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\s.-]+/)
    .filter(Boolean);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd']);
/** A last word that makes the field describe a secret rather than hold it (token_type, api_key_id, secret_expires_at). */
const DESCRIPTORS = new Set([
  'id', 'ids', 'type', 'kind', 'name', 'label', 'prefix', 'suffix', 'last4', 'hint', 'scope', 'scopes', 'status', 'count',
  'version', 'length', 'expires', 'expiry', 'at', 'on', 'url', 'uri', 'endpoint', 'method', 'policy', 'algorithm', 'alg',
  'required', 'changed', 'set', 'reset',
]);
/** Words saying a secret's value is a digest or ciphertext, not the secret. */
const PROTECTED = /hash|digest|encrypt|crypted|cipher|hmac/;

/** `password` for a password (or its hash), `secret` for a token, API key or secret; undefined otherwise. */
export function credentialField(name: string): 'password' | 'secret' | undefined {
  const ws = words(name);
  if (!ws.length || DESCRIPTORS.has(ws[ws.length - 1])) return undefined;
  if (ws.some((w) => PASSWORD_WORDS.has(w))) return 'password';
  if (PROTECTED.test(name.toLowerCase())) return undefined;
  const pair = (a: string, b: string) => ws.some((w, i) => w === a && ws[i + 1] === b);
  if (ws.some((w) => w === 'token' || w === 'secret' || w === 'apikey') || pair('api', 'key') || pair('private', 'key') || pair('access', 'key')) return 'secret';
  return undefined;
}

/** Django's hasher prefixes (`pbkdf2_sha256$…`) and the modular crypt formats ($2y$ bcrypt, $argon2id$…). */
const DJANGO_HASHERS = /^(pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5|unsalted_sha1|unsalted_md5|crypt)\$/;
const CRYPT = /^\$(2[abxy]?|argon2(id|i|d)|scrypt|5|6|y|7)\$/;
/** Hex digests of the lengths MD5, SHA-1, SHA-256 and SHA-512 give: unsalted, but not readable as they are. */
const HEX_DIGEST = /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;

/**
 * A password field's value: `none` when it gives no login (empty, null, Django's unusable `!…`), `hash` for a
 * password hash, `plaintext` for anything else, which is the password itself.
 */
export function passwordValue(value: unknown): 'none' | 'hash' | 'plaintext' {
  if (typeof value !== 'string' || value === '' || value.startsWith('!')) return typeof value === 'number' ? 'plaintext' : 'none';
  if (DJANGO_HASHERS.test(value) || CRYPT.test(value) || HEX_DIGEST.test(value)) return 'hash';
  return 'plaintext';
}

/** A secret field's value counts when it is a non-empty string (or number) that is not a placeholder of nothing. */
export function secretValue(value: unknown): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && value.trim() !== '';
}

/** The fixture entry for one object's fields, or undefined when it ships no credential (and is not a user). */
export function classifyObject(
  fields: Record<string, unknown>,
  isUser: boolean,
): { kind: AppFixture['kind']; fields: string[] } | undefined {
  const plaintext: string[] = [];
  const hashed: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const kind = credentialField(name);
    if (kind === 'password') {
      const v = passwordValue(value);
      if (v === 'plaintext') plaintext.push(name);
      else if (v === 'hash') hashed.push(name);
    } else if (kind === 'secret' && secretValue(value)) plaintext.push(name);
  }
  if (plaintext.length) return { kind: 'plaintext-secret', fields: [...plaintext, ...hashed] };
  if (hashed.length) return { kind: 'password-hash', fields: hashed };
  return isUser ? { kind: 'user', fields: [] } : undefined;
}

/** The hashing scheme a password hash names (`pbkdf2_sha256`, `bcrypt`), for messages. */
export function hashScheme(value: string): string {
  const django = DJANGO_HASHERS.exec(value)?.[1];
  if (django) return django;
  const crypt = CRYPT.exec(value)?.[1];
  if (crypt) return crypt.startsWith('2') ? 'bcrypt' : crypt.startsWith('argon2') ? crypt : crypt === 'scrypt' ? 'scrypt' : `crypt $${crypt}$`;
  return `unsalted ${value.length === 32 ? 'MD5' : value.length === 40 ? 'SHA-1' : value.length === 64 ? 'SHA-256' : 'SHA-512'} digest`;
}
