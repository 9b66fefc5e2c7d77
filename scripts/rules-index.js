// Writes docs/rules/README.md, the index of every rule, from the registry: npm run docs:rules
import { allRules } from '../dist/rules/index.js';
const lines = ['# Rules', '', 'Every rule schemascope runs, by category. Each page says what the rule reports, why it matters, an example, the fix, and how to silence it. Severities are defaults; the configuration can change them (see the README).', ''];
let cat = '';
for (const r of allRules) {
  if (r.meta.category !== cat) { cat = r.meta.category; lines.push('', `## ${cat}`, '', '| rule | severity | what it reports |', '| --- | --- | --- |'); }
  const needs = r.meta.requires?.includes('live-stats') ? ' (live databases only)' : '';
  lines.push(`| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.severity} | ${r.meta.summary.replace(/\|/g, '\\|')}${needs} |`);
}
console.log(lines.join('\n').replace(/\n\n\n/g, '\n\n'));
