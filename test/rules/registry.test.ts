// The registry and its documentation stay in step: every rule is unique, sits in its category's
// folder, has its page in docs/rules/, and is listed in the index.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { CATEGORIES } from '../../src/rules/types.js';

const docs = (path: string) => new URL(`../../docs/rules/${path}`, import.meta.url);

describe('rule registry', () => {
  it('has at least 25 rules with unique ids of the form category/name', () => {
    const ids = allRules.map((r) => r.meta.id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of allRules) {
      expect(CATEGORIES).toContain(r.meta.category);
      expect(r.meta.id.startsWith(`${r.meta.category}/`)).toBe(true);
      expect(r.meta.summary.length).toBeGreaterThan(10);
      expect(r.meta.why.length).toBeGreaterThan(20);
    }
  });

  it.each(allRules.map((r) => [r.meta.id]))('%s has a docs page with an example, a fix and how to silence it', (id) => {
    expect(existsSync(docs(`${id}.md`))).toBe(true);
    const page = readFileSync(docs(`${id}.md`), 'utf8');
    expect(page).toContain(id);
    expect(page).toMatch(/```sql/);
    expect(page.toLowerCase()).toMatch(/silenc|turn (it )?off|"off"/);
  });

  it('the index lists every rule', () => {
    const index = readFileSync(docs('README.md'), 'utf8');
    for (const r of allRules) expect(index).toContain(`[\`${r.meta.id}\`](${r.meta.id}.md)`);
  });
});
