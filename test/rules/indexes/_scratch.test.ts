import { it } from 'vitest';
import rule from '../../../src/rules/indexes/duplicate-index.js';
import { check } from '../../helpers.js';
import { readFileSync } from 'node:fs';
it('x', async () => {
  const src = readFileSync('test/rules/indexes/duplicate-index.test.ts', 'utf8');
  const sql = src.slice(src.indexOf('const sql = `') + 13, src.indexOf('`;\nconst line'));
  for (const f of await check(rule, sql)) console.log(f.message);
});
