import { describe, it, expect, beforeAll } from 'vitest';
import rule from '../../../src/rules/indexes/duplicate-index.js';
import type { Finding } from '../../../src/rules/types.js';
import { at, check } from '../../helpers.js';

const sql = `CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  CONSTRAINT accounts_email_key UNIQUE (email)
);
CREATE UNIQUE INDEX accounts_email_uidx ON accounts (email);
CREATE INDEX accounts_email_idx ON accounts (email);
CREATE INDEX accounts_id_idx ON accounts (id);
CREATE TABLE events (
  id bigint PRIMARY KEY,
  account_id bigint NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX events_account_a ON events (account_id, created_at);
CREATE INDEX events_account_b ON events (account_id, created_at);
CREATE INDEX events_account_back ON events (account_id DESC, created_at DESC);
CREATE INDEX events_account_mixed ON events (account_id, created_at DESC);
CREATE INDEX events_kind_open ON events (kind) WHERE kind <> 'noise';
CREATE INDEX events_kind_hash ON events USING hash (kind);
CREATE INDEX events_lower_kind ON events (lower(kind));
CREATE INDEX events_kind_pattern ON events (kind text_pattern_ops);
CREATE INDEX events_kind ON events (kind);
CREATE INDEX events_kind_covering ON events (kind) INCLUDE (created_at);
CREATE INDEX events_created_kind ON events (created_at) INCLUDE (kind);
CREATE INDEX events_created_account ON events (created_at) INCLUDE (account_id);
CREATE TABLE codes (
  id bigint PRIMARY KEY,
  code text
);
CREATE UNIQUE INDEX codes_code ON codes (code);
CREATE UNIQUE INDEX codes_code_nnd ON codes (code) NULLS NOT DISTINCT;
CREATE TABLE tags (name text PRIMARY KEY);
ALTER TABLE tags ADD CONSTRAINT tags_name_key UNIQUE (name);
`;
const line = (needle: string) => `schema.sql:${sql.split('\n').findIndex((l) => l.includes(needle)) + 1}`;

describe('indexes/duplicate-index', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = await check(rule, sql);
  });
  const byObject = (name: string) => findings.find((f) => f.object === name);

  it('flags the index that enforces less, naming the one it duplicates', () => {
    expect(findings.map((f) => f.object).sort()).toEqual([
      'accounts_email_idx',
      'accounts_email_uidx',
      'accounts_id_idx',
      'events_account_b',
      'events_account_back',
      'events_kind',
      'tags_name_key',
    ]);

    const uidx = byObject('accounts_email_uidx')!;
    expect(uidx.ruleId).toBe('indexes/duplicate-index');
    expect(uidx.table).toBe('public.accounts');
    expect(uidx.columns).toEqual(['email']);
    expect(at(uidx)).toBe(line('accounts_email_uidx'));
    expect(uidx.message).toContain('duplicates unique constraint accounts_email_key');
    expect(uidx.fix).toEqual([
      {
        op: 'drop-index',
        schema: 'public',
        table: 'accounts',
        name: 'accounts_email_uidx',
        definition: 'CREATE UNIQUE INDEX accounts_email_uidx ON public.accounts USING btree (email)',
      },
    ]);

    // A plain index duplicating a unique one.
    const plain = byObject('accounts_email_idx')!;
    expect(plain.message).toContain('accounts_email_key');
    expect(plain.message).toContain('being unique, accounts_email_key serves every query');
    expect(at(plain)).toBe(line('accounts_email_idx'));

    expect(byObject('accounts_id_idx')!.message).toContain('primary key index accounts_pkey');
  });

  it('reports a constraint duplicating another constraint without a drop-index fix', () => {
    const f = byObject('tags_name_key')!;
    expect(f.table).toBe('public.tags');
    expect(at(f)).toBe(line('tags_name_key'));
    expect(f.message).toContain('unique constraint tags_name_key on public.tags duplicates primary key index tags_pkey');
    expect(f.message).toContain('drop constraint tags_name_key');
    expect(f.fix).toBeUndefined();
  });

  it('keeps the first of two equal indexes and reports the later one', () => {
    const later = byObject('events_account_b')!;
    expect(later.table).toBe('public.events');
    expect(later.columns).toEqual(['account_id', 'created_at']);
    expect(at(later)).toBe(line('events_account_b'));
    expect(later.message).toContain('duplicates index events_account_a');
    // The same key with every direction reversed is the same btree read backwards.
    expect(byObject('events_account_back')!.message).toContain('read backwards');
  });

  it('treats an index with more INCLUDE columns as covering one with fewer', () => {
    const f = byObject('events_kind')!;
    expect(f.message).toContain('events_kind_covering');
    expect(f.message).toContain('INCLUDEs (created_at)');
  });

  it('leaves alone other predicates, methods, expressions, operator classes, mixed order, other INCLUDEs and NULLS NOT DISTINCT', () => {
    for (const name of [
      'events_account_a',
      'events_account_mixed',
      'events_kind_open',
      'events_kind_hash',
      'events_lower_kind',
      'events_kind_pattern',
      'events_kind_covering',
      'events_created_kind',
      'events_created_account',
      'codes_code',
      'codes_code_nnd',
      'accounts_email_key',
      'accounts_pkey',
    ]) {
      expect(byObject(name), name).toBeUndefined();
    }
  });
});
