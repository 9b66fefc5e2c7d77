// Real Prisma schemas written by others (../shared/corpus/prisma, beside the project): each loads without a
// crash, every rule runs over it with findings inside its files, and facts counted by reading the files hold.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/types.js';
import { runRules } from '../../../src/rules/engine.js';
import { allRules } from '../../../src/rules/index.js';
import { resolveConfig } from '../../../src/config.js';
import { detectPrisma, loadPrisma } from '../../../src/sources/prisma/index.js';

const corpus = new URL('../../../../shared/corpus/prisma/', import.meta.url).pathname;
const present = existsSync(corpus);
if (!present) {
  const message = `the corpus of real Prisma schemas is not beside the project (${corpus}); these tests need it`;
  if (process.env.CI) throw new Error(`${message}. CI never skips them.`);
  console.warn(`SKIPPED: ${message}`);
}

/** Every schema folder in the corpus: a folder holding .prisma files directly. */
function schemaFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.prisma'))) out.push(d);
    for (const e of entries) if (e.isDirectory() && e.name !== 'migrations' && !e.name.startsWith('.')) walk(join(d, e.name));
  };
  walk(dir);
  return out.sort();
}

function lineCounts(catalog: Catalog): Map<string, number> {
  return new Map(catalog.source.files!.map((f) => [f, readFileSync(f, 'utf8').split('\n').length]));
}

describe.runIf(present)('real Prisma schemas from ../shared/corpus/prisma', () => {
  const folders = present ? schemaFolders(corpus) : [];

  it('finds the schemas', () => {
    expect(folders.map((f) => f.slice(corpus.length))).toEqual(['calcom__cal.com/packages/prisma', 'dubinc__dub/apps/web/prisma/schema']);
  });

  it.each(folders.map((f) => [f.slice(corpus.length), f]))('%s loads, every rule runs, every finding points inside its files', async (_name, folder) => {
    expect(detectPrisma(folder)).toBe(true);
    const catalog = await loadPrisma(folder);
    expect(catalog.warnings).toEqual([]);
    const lines = lineCounts(catalog);
    const inside = (o: { file: string; line: number } | { object: string }) => {
      expect('file' in o).toBe(true);
      if (!('file' in o)) return;
      expect(lines.get(o.file), `${o.file} is not one of the files read`).toBeDefined();
      expect(o.line).toBeGreaterThanOrEqual(1);
      expect(o.line).toBeLessThanOrEqual(lines.get(o.file)!);
    };
    for (const t of catalog.tables) {
      inside(t.origin);
      for (const c of t.columns) inside(c.origin);
      for (const i of t.indexes) inside(i.origin);
      for (const f of t.foreignKeys) inside(f.origin);
    }
    const run = runRules(catalog, allRules, resolveConfig());
    expect(run.findings.length).toBeGreaterThan(0);
    for (const f of run.findings) inside(f.origin);
  });

  describe('cal.com (PostgreSQL, one file)', async () => {
    const catalog = present ? await loadPrisma(join(corpus, 'calcom__cal.com/packages/prisma')) : undefined;
    const file = catalog?.source.files?.[0] ?? '';
    const text = present ? readFileSync(file, 'utf8').split('\n') : [];
    const lineOf = (pattern: RegExp) => text.findIndex((l) => pattern.test(l)) + 1;

    it('has its 84 models as tables, its 3 views as views, and the 2 implicit many-to-many tables', () => {
      const c = catalog!;
      expect(file.endsWith('calcom__cal.com/packages/prisma/schema.prisma')).toBe(true);
      expect(text.filter((l) => /^model /.test(l))).toHaveLength(84);
      expect(c.app!.models).toHaveLength(84);
      expect(c.tables.filter((t) => t.kind === 'view').map((t) => t.name).sort()).toEqual(['BookingTimeStatus', 'BookingTimeStatusDenormalized', 'RoutingFormResponse']);
      expect(c.tables.filter((t) => t.name.startsWith('_')).map((t) => t.name).sort()).toEqual(['_PlatformOAuthClientToUser', '_user_eventtype']);
      expect(c.tables).toHaveLength(84 + 3 + 2);
      expect(c.enums).toHaveLength(31);
      // 149 `@relation(fields: …)` in the file, plus two foreign keys per implicit many-to-many table.
      expect(text.filter((l) => /@relation\(.*fields:/.test(l))).toHaveLength(149);
      expect(c.tables.reduce((n, t) => n + t.foreignKeys.length, 0)).toBe(149 + 4);
    });

    it('maps User to users and Membership’s relations as written', () => {
      const c = catalog!;
      const users = c.tables.find((t) => t.name === 'users')!;
      expect(users.origin).toEqual({ file, line: lineOf(/^model User \{/) });
      const membership = c.tables.find((t) => t.name === 'Membership')!;
      const team = membership.foreignKeys.find((f) => f.name === 'Membership_teamId_fkey')!;
      expect(team).toMatchObject({ columns: ['teamId'], refTable: 'Team', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'cascade' });
      const modelLine = lineOf(/^model Membership \{/);
      expect(team.origin).toEqual({ file, line: modelLine + 6 }); // team Team @relation(fields: [teamId], …, onDelete: Cascade)
      expect(membership.indexes.find((i) => i.name === 'Membership_userId_teamId_key')).toMatchObject({ unique: true, columns: ['userId', 'teamId'], origin: { file, line: modelLine + 13 } });
      expect(membership.columns.find((c2) => c2.name === 'role')).toMatchObject({ dataType: '"MembershipRole"', family: 'enum', nullable: false });
      // VerificationToken.team is optional with no onDelete: Prisma's default is SET NULL.
      const token = c.tables.find((t) => t.name === 'VerificationToken')!;
      expect(token.foreignKeys.find((f) => f.columns[0] === 'teamId')).toMatchObject({ refTable: 'Team', onDelete: 'set null', onUpdate: 'cascade' });
    });
  });

  describe('dub (MySQL, multi-file, relationMode = "prisma")', async () => {
    const folder = join(corpus, 'dubinc__dub/apps/web');
    const catalog = present ? await loadPrisma(folder) : undefined;
    const schemaDir = join(folder, 'prisma/schema');
    const files = present ? readdirSync(schemaDir).filter((f) => f.endsWith('.prisma')) : [];
    const all = files.map((f) => readFileSync(join(schemaDir, f), 'utf8')).join('\n').split('\n');

    it('reads all its files, has no database foreign keys and says so', () => {
      const c = catalog!;
      expect(c.source.dialect).toBe('mysql');
      expect(c.source.files).toHaveLength(files.length);
      expect(all.filter((l) => /^model /.test(l))).toHaveLength(85);
      expect(c.tables).toHaveLength(85);
      expect(c.enforcement).toEqual({ foreignKeysEnforced: false });
      const relations = all.filter((l) => /@relation\(.*fields:/.test(l)).length;
      expect(relations).toBe(182);
      const fks = c.tables.flatMap((t) => t.foreignKeys);
      expect(fks).toHaveLength(relations);
      expect(fks.every((f) => f.enforced === false)).toBe(true);
      expect(c.app!.notes.map((n) => [n.kind, n.origin])).toEqual([['relation-mode-prisma', { file: c.source.files!.find((f) => f.endsWith('/schema.prisma')), line: 4 }]]);
    });

    it('places Link’s keys and indexes in link.prisma', () => {
      const c = catalog!;
      const linkFile = c.source.files!.find((f) => f.endsWith('/link.prisma'))!;
      const text = readFileSync(linkFile, 'utf8').split('\n');
      const lineOf = (pattern: RegExp) => text.findIndex((l) => pattern.test(l)) + 1;
      const link = c.tables.find((t) => t.name === 'Link')!;
      expect(link.origin).toEqual({ file: linkFile, line: lineOf(/^model Link \{/) });
      expect(link.columns.find((col) => col.name === 'url')).toMatchObject({ dataType: 'longtext', family: 'text' });
      expect(link.indexes.find((i) => i.name === 'Link_domain_key_key')).toMatchObject({ unique: true, origin: { file: linkFile, line: lineOf(/@@unique\(\[domain, key\]\)/) } });
      expect(link.indexes.find((i) => i.name === 'Link_projectId_url_idx')).toMatchObject({ keyParts: ['projectId', 'url(500)'] });
      const project = link.foreignKeys.find((f) => f.name === 'Link_projectId_fkey')!;
      expect(project).toMatchObject({ refTable: 'Project', onDelete: 'cascade', enforced: false, origin: { file: linkFile, line: lineOf(/^\s+project\s+Project\?\s+@relation/) } });
      const customer = c.tables.find((t) => t.name === 'Customer')!;
      expect(customer.indexes.find((i) => i.method === 'fulltext')).toMatchObject({ columns: ['email', 'name'] });
    });
  });
});
