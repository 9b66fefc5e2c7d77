// Acceptance fixture: on a multi-tenant SaaS schema of a hundred tables with defects of every kind
// planted on purpose, every planted defect is found at its file:line, and the correct design choices
// next to them are not flagged. The schema and the list are in examples/saas/.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.js';
import { loadPostgresDdlPath } from '../../src/sources/postgres/ddl.js';
import { allRules } from '../../src/rules/index.js';
import { runRules, type RuleRun } from '../../src/rules/engine.js';
import { resolveConfig } from '../../src/config.js';
import type { Finding } from '../../src/rules/types.js';

interface Entry {
  ruleId: string;
  /** `schema.table`, or null for findings about no table (functions). */
  table: string | null;
  columns: string[];
  /** For findings about an object (a function signature), the object's name. */
  object?: string;
  why: string;
}
interface Defect extends Entry {
  line: number;
}
interface Expected {
  file: string;
  tables: number;
  views: number;
  defects: Defect[];
  correct: Entry[];
}

const SCHEMA = 'examples/saas/schema.sql';
const expected = JSON.parse(readFileSync('examples/saas/expected.json', 'utf8')) as Expected;

const sameColumns = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');

/** Findings of the entry's rule about the same table, columns (in any order) and object. */
function matching(findings: Finding[], e: Entry): Finding[] {
  return findings.filter(
    (f) =>
      f.ruleId === e.ruleId &&
      (f.table ?? null) === e.table &&
      sameColumns(f.columns, e.columns) &&
      (e.object === undefined || f.object === e.object),
  );
}

const label = (e: Entry) => `${e.ruleId} ${e.table ?? e.object ?? ''}${e.columns.length ? ` (${e.columns.join(', ')})` : ''}`;
const where = (f: Finding) => ('file' in f.origin ? `${f.origin.file}:${f.origin.line}` : f.origin.object);

let catalog: Catalog;
let run: RuleRun;

beforeAll(async () => {
  catalog = await loadPostgresDdlPath(SCHEMA);
  run = runRules(catalog, allRules, resolveConfig());
});

describe('examples/saas fixture', () => {
  it('loads with no warnings', () => {
    expect(catalog.warnings).toEqual([]);
  });

  it('holds the tables and views the schema declares', () => {
    const tables = catalog.tables.filter((t) => t.kind === 'table');
    const views = catalog.tables.filter((t) => t.kind === 'view');
    expect(tables).toHaveLength(100);
    expect(tables).toHaveLength(expected.tables);
    expect(views).toHaveLength(expected.views);
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set(['public', 'billing']));
  });

  it('names only rules that exist, and every one of them ran', () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    const ran = new Set(run.ran.map((m) => m.id));
    const named = [...new Set([...expected.defects, ...expected.correct].map((e) => e.ruleId))].sort();
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
    expect(named.filter((id) => !ran.has(id))).toEqual([]);
  });

  it('lists each planted defect once', () => {
    const keys = expected.defects.map((d) => `${label(d)}@${d.line}`);
    expect(keys.length).toBe(new Set(keys).size);
  });
});

describe('every planted defect is found at its line', () => {
  for (const d of expected.defects) {
    it(`${label(d)} at line ${d.line}`, () => {
      const found = matching(run.findings, d);
      expect(found.map(where), d.why).toContain(`${SCHEMA}:${d.line}`);
    });
  }
});

describe('no correct design choice is flagged', () => {
  for (const c of expected.correct) {
    it(`${label(c)} is not flagged`, () => {
      const found = matching(run.findings, c);
      expect(found.map((f) => `${where(f)}: ${f.message}`), c.why).toEqual([]);
    });
  }
});
