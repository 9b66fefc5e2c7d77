import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/relations/fk-type-mismatch.js';
import { at, check } from '../../helpers.js';

describe('relations/fk-type-mismatch', () => {
  it('flags referencing columns whose type differs from the key, narrower ones as high', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE accounts (id bigint PRIMARY KEY, code varchar(100) UNIQUE);
CREATE TABLE users (
  id bigint PRIMARY KEY,
  account_id integer REFERENCES accounts (id),
  account_code varchar(50) REFERENCES accounts (code)
);
CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE tags (id integer PRIMARY KEY);
CREATE TABLE post_tags (post_id bigint REFERENCES posts, tag_id bigint REFERENCES tags);
`,
    );
    const keys = findings.map((f) => `${f.table}.${f.columns.join(',')}`).sort();
    expect(keys).toEqual(['public.post_tags.tag_id', 'public.users.account_code', 'public.users.account_id']);

    const id = findings.find((f) => f.columns[0] === 'account_id')!;
    expect(id.ruleId).toBe('relations/fk-type-mismatch');
    expect(id.table).toBe('public.users');
    expect(at(id)).toBe('schema.sql:4');
    expect(id.severity).toBe('high');
    expect(id.message).toContain('users.account_id is integer but accounts.id is bigint');
    expect(id.fix).toEqual([{ op: 'alter-type', schema: 'public', table: 'users', column: 'account_id', from: 'integer', to: 'bigint' }]);

    const code = findings.find((f) => f.columns[0] === 'account_code')!;
    expect(at(code)).toBe('schema.sql:5');
    expect(code.severity).toBe('high');
    expect(code.fix?.[0]).toMatchObject({ from: 'character varying(50)', to: 'character varying(100)' });

    // Wider than the key: still a defect, but nothing fails.
    const tag = findings.find((f) => f.columns[0] === 'tag_id')!;
    expect(at(tag)).toBe('schema.sql:9');
    expect(tag.severity).toBe('medium');
  });

  it('leaves alone references whose types match exactly', async () => {
    const findings = await check(
      rule,
      `CREATE TABLE accounts (id uuid PRIMARY KEY, slug text UNIQUE);
CREATE TABLE users (id bigint PRIMARY KEY, account_id uuid REFERENCES accounts, account_slug text REFERENCES accounts (slug));
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE);
`,
    );
    expect(findings).toEqual([]);
  });
});
