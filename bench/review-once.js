// One review in a fresh process, printing its phases' times and the peak memory as JSON:
// node bench/review-once.js <target>
import { performance } from 'node:perf_hooks';
import { loadSource } from '../dist/sources/detect.js';
import { closeEmbeddedPostgres } from '../dist/sources/postgres/embedded.js';
import { buildReview } from '../dist/review.js';
import { allRules } from '../dist/rules/index.js';
import { resolveConfig } from '../dist/config.js';
import { renderJson } from '../dist/report/json.js';
import { renderMarkdown } from '../dist/report/markdown.js';
import { buildPlan } from '../dist/fixes/plan.js';
import { writeSqlPlan } from '../dist/fixes/writers/sql.js';
import { renderPlanMarkdown } from '../dist/report/plan.js';

const target = process.argv[2];
const t0 = performance.now();
const catalog = await loadSource(target, {});
const t1 = performance.now();
await closeEmbeddedPostgres();
const review = buildReview(catalog, allRules, resolveConfig());
const t2 = performance.now();
const json = renderJson(review);
const md = renderMarkdown(review);
const t3 = performance.now();
// The plan as `schemascope plan --out` builds it: steps, SQL files and PLAN.md.
const plan = buildPlan(review.findings, catalog);
const written = writeSqlPlan({ plan, catalog, now: new Date() });
const planMd = renderPlanMarkdown(plan, catalog, { written });
const t4 = performance.now();
process.stdout.write(
  JSON.stringify({
    tables: catalog.tables.length,
    findings: review.findings.length,
    warnings: catalog.warnings.length,
    loadMs: Math.round(t1 - t0),
    rulesMs: Math.round(t2 - t1),
    renderMs: Math.round(t3 - t2),
    totalMs: Math.round(t3 - t0),
    planSteps: plan.steps.length,
    planMs: Math.round(t4 - t3),
    planBytes: planMd.length + written.files.reduce((n, f) => n + f.content.length, 0),
    reportBytes: json.length + md.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
