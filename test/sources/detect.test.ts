import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../../src/sources/detect.js';

const tree = (files: Record<string, string>) => {
  const root = mkdtempSync(join(tmpdir(), 'ss-detect-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
};

describe('source detection', () => {
  it('recognises URLs, projects and DDL, and finds a project nested in a monorepo', () => {
    expect(resolveSource('postgres://u@h/db').source.kind).toBe('postgres-live');
    expect(resolveSource('mysql://u@h/db').source.kind).toBe('mysql-live');
    const mono = tree({ 'packages/db/prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("X")\n}\n', 'README.md': '#' });
    const found = resolveSource(mono);
    expect(found.source.kind).toBe('prisma');
    expect(found.target).toBe(join(mono, 'packages', 'db'));
    const laravel = tree({ artisan: '<?php', 'database/migrations/2024_01_01_000000_create_x.php': '<?php' });
    expect(resolveSource(laravel).source.kind).toBe('laravel');
    const sql = tree({ 'schema.sql': 'CREATE TABLE a (id int);' });
    expect(resolveSource(join(sql, 'schema.sql')).source.kind).toBe('postgres-ddl');
  });

  it('refuses to guess between several projects, naming them', () => {
    const two = tree({ 'a/prisma/schema.prisma': '', 'b/db/schema.rb': '' });
    expect(() => resolveSource(two)).toThrow(/holds several schemas: .*\(prisma\).*\(rails\)|holds several schemas: .*\(rails\).*\(prisma\)/);
  });

  it('honours --source and rejects an unknown one', () => {
    const sql = tree({ 'x.sql': 'CREATE TABLE a (id int);' });
    expect(resolveSource(join(sql, 'x.sql'), 'mysql-ddl').source.kind).toBe('mysql-ddl');
    expect(() => resolveSource(join(sql, 'x.sql'), 'oracle')).toThrow(/unknown source "oracle"/);
  });
});
