import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/security/plaintext-secret.js';
import { at, check } from '../../helpers.js';

describe('security/plaintext-secret', () => {
  it('flags text columns named like secrets with nothing saying they are protected', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  password text NOT NULL,
  api_key varchar(40),
  refresh_token text
);
CREATE TABLE integrations (
  id bigint PRIMARY KEY,
  client_secret text,
  "apiKey" text,
  private_key text
);
`,
    );
    const keys = findings.map((f) => `${f.table}.${f.columns.join(',')}`).sort();
    expect(keys).toEqual([
      'public.integrations.apiKey',
      'public.integrations.client_secret',
      'public.integrations.private_key',
      'public.users.api_key',
      'public.users.password',
      'public.users.refresh_token',
    ]);
    const password = findings.find((f) => f.columns[0] === 'password')!;
    expect(password.ruleId).toBe('security/plaintext-secret');
    expect(password.severity).toBe('high');
    expect(password.table).toBe('public.users');
    expect(at(password)).toBe('schema.sql:4');
    expect(password.message).toContain('password_hash');
    expect(at(findings.find((f) => f.columns[0] === 'api_key')!)).toBe('schema.sql:5');
    expect(at(findings.find((f) => f.columns[0] === 'client_secret')!)).toBe('schema.sql:10');
  });

  it('leaves alone hashed, encrypted, binary, hash-sized and non-text columns', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE users (
  id bigint PRIMARY KEY,
  password_hash text NOT NULL,
  hashed_password text,
  encrypted_password varchar(255),
  crypted_password varchar(255),
  encrypted_token text,
  token_digest text,
  api_key_enc text,
  secret_ciphertext text,
  totp_secret bytea,
  legacy_password character(60),
  reset_token char(64),
  invite_token varchar(64),
  password_salt text,
  password_changed_at timestamptz,
  token_expires_at timestamptz,
  password_reset_required boolean,
  failed_password_count integer,
  api_key_id bigint,
  api_key_prefix varchar(8),
  token_type text,
  session_token uuid
);
CREATE TABLE auth_user (id integer PRIMARY KEY, password varchar(128) NOT NULL);
`,
    );
    expect(findings).toEqual([]);
  });
});

describe('security/plaintext-secret and the application', () => {
  it('leaves alone columns the application encrypts or hashes (an ORM cast)', async () => {
    const { catalogFromSql, checkCatalog } = await import('../../helpers.js');
    const catalog = await catalogFromSql('CREATE TABLE companies (id bigint PRIMARY KEY, api_key text, webhook_secret text);');
    expect(checkCatalog(rule, catalog).map((f) => f.columns[0]).sort()).toEqual(['api_key', 'webhook_secret']);
    catalog.app = {
      frameworks: ['laravel'],
      notes: [],
      models: [
        {
          framework: 'laravel', name: 'Company', table: 'public.companies', bases: [], relationships: [], hooks: [], scopes: [],
          encryptedColumns: ['api_key'], origin: { file: 'app/Models/Company.php', line: 9 },
        },
      ],
    };
    expect(checkCatalog(rule, catalog).map((f) => f.columns[0])).toEqual(['webhook_secret']);
  });
});
