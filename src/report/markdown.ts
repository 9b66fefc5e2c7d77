// The Markdown report: what a senior architect's review covers (summary, scorecard, one section per
// category, foreign keys, ERD, plan, statistics), but every sentence is built from findings and counts.
// A section appears only when the data supports it; nothing is said that the data did not say.
import { qualifiedName, type Table } from '../catalog/types.js';
import type { Finding, RuleMeta, Severity } from '../rules/types.js';
import { CATEGORIES } from '../rules/types.js';
import type { Review } from '../review.js';
import { baseTables, countCatalog, FK_ACTIONS, percent } from './facts.js';
import { DEFAULT_ERD_MAX_TABLES, erdGroups, renderMermaidErd, selectErdTables } from './mermaid.js';
import { CATEGORY_TITLES, describeFixes, evidence, plural, sortFindings } from './text.js';
import { toolVersion } from './version.js';
import { fixSql } from '../fixes/sql.js';
import { fixSqlLines } from './sections/fix-sql.js';
import { buildPlan } from '../fixes/plan.js';
import { planTable } from './plan.js';
import type { ResolvedConfig } from '../config.js';
import { code, escapeMd, mdTable } from './sections/md.js';
import { renderInventory } from './sections/inventory.js';
import { migrationsSection } from './sections/migrations.js';
import { modelsSection } from './sections/models.js';

export interface MarkdownOptions {
  /** Most tables in one ERD diagram (default 40); a larger schema gets one diagram per schema or connected group. */
  erdMaxTables?: number;
  /** Most ERD diagrams for a large schema (default 8); the other groups are named. */
  erdMaxDiagrams?: number;
  /** Most lines in each horizon of the prioritised plan before it refers to the category sections (default 100). */
  planMaxLines?: number;
  /** Most fixes of the prioritised plan shown with their SQL (PostgreSQL sources; default 40); the JSON report has them all. */
  planMaxFixSql?: number;
  /** Most steps in the migration plan table (default 40); `schemascope plan` has them all. */
  planMaxSteps?: number;
  /** The configuration the review ran with, for the inventory's tenancy model (defaults otherwise). */
  config?: ResolvedConfig;
  /** Most rows in each list of the schema inventory before "… and N more" (default 20). */
  inventoryMaxRows?: number;
  /** Leave out the schema inventory section (default: shown). */
  inventory?: boolean;
}

export { escapeMd, code };

const table = mdTable;

function fmtScore(n: number | null): string {
  return n === null ? 'n/a' : Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function fmtBytes(n: number | undefined): string {
  if (n === undefined) return '–';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

function fmtInt(n: number | undefined): string {
  return n === undefined ? '–' : Math.round(n).toLocaleString('en-US');
}

const VERDICT_TEXT: Record<string, string> = {
  'not-ready': 'Not ready for production',
  'ready-with-fixes': 'Ready once the high findings are fixed',
  incomplete: 'Incomplete: cannot be called ready',
  ready: 'Ready',
};

function severityCounts(counts: Record<Severity, number>): string {
  return (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => `${counts[s]} ${s}`).join(', ');
}

function findingCell(f: Finding): string {
  return escapeMd(f.message) + (f.object && !f.message.includes(f.object) ? ` (${code(f.object)})` : '');
}

export function renderMarkdown(review: Review, opts: MarkdownOptions = {}): string {
  const { catalog, scores } = review;
  const counts = countCatalog(catalog);
  const findings = sortFindings(review.findings);
  const out: string[] = [];
  const para = (...lines: string[]) => out.push(...lines, '');

  // Title ---------------------------------------------------------------------------------------------
  const src = catalog.source;
  para(`# Schema review: ${escapeMd(src.location)}`);
  const srcBits = [`${src.kind}`, `${src.dialect}${src.serverVersion ? ` ${src.serverVersion}` : ''}`];
  if (src.files?.length) srcBits.push(plural(src.files.length, 'file'));
  if (src.statements !== undefined) srcBits.push(plural(src.statements, 'statement'));
  para(
    `Source: ${code(src.location)} (${escapeMd(srcBits.join(', '))}). Generated ${review.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} by schemascope ${toolVersion()}; report format ${review.version}, scoring ${scores.formula}.`,
  );

  // Executive summary -----------------------------------------------------------------------------------
  para('## Executive summary');
  // A source read only in part is an incomplete review; checks that need what this kind of source
  // cannot give (live statistics from a DDL file) are listed as not run, without calling the review partial.
  const partial = review.incomplete || review.warnings.length > 0;
  if (partial) {
    const what: string[] = [];
    if (review.warnings.length) what.push(`${plural(review.warnings.length, 'load warning')} (parts of the source could not be read)`);
    if (review.skipped.length) what.push(`${plural(review.skipped.length, 'check')} could not run`);
    out.push(`> **⚠ Incomplete review.** ${what.join('; ')}. What follows covers only what was read and checked, so an absence of findings below is not an all-clear.`);
    for (const w of review.warnings) out.push(`> - Not read: ${escapeMd(w.message)}${w.origin ? ` (${code(evidence(w.origin))})` : ''}`);
    for (const s of review.skipped) out.push(`> - Not checked: ${code(s.ruleId)}: ${escapeMd(s.reason)}`);
    out.push('');
  } else if (review.skipped.length) {
    out.push(`> **Not checked here:** ${plural(review.skipped.length, 'check')} need${review.skipped.length === 1 ? 's' : ''} what this source cannot give.`);
    for (const s of review.skipped) out.push(`> - ${code(s.ruleId)}: ${escapeMd(s.reason)}`);
    out.push('');
  }
  para(
    ...table(
      ['Overall score', 'Grade', 'Verdict', 'Findings'],
      [[`**${fmtScore(scores.overall)}** / 100`, `**${scores.grade ?? 'n/a'}**`, `**${scores.verdict}**${scores.incomplete ? ' (incomplete)' : ''}`, String(scores.findings)]],
    ),
  );
  para(`${VERDICT_TEXT[scores.verdict] ?? scores.verdict}: ${escapeMd(scores.verdictReason)}.`);
  const sizeBits = [plural(counts.tables, 'table'), plural(counts.columns, 'column'), plural(counts.foreignKeys, 'foreign key'), plural(counts.indexes.total, 'index', 'indexes')];
  if (counts.views + counts.materializedViews) sizeBits.push(plural(counts.views + counts.materializedViews, 'view'));
  if (counts.partitions) sizeBits.push(plural(counts.partitions, 'partition'));
  const summaryLines = [
    `- **Scope:** ${plural(review.rulesRun.length, 'rule')} ran over ${plural(counts.schemas, 'schema')}: ${sizeBits.join(', ')}.`,
    `- **Findings:** ${severityCounts(scores.bySeverity)}.`,
  ];
  const fixable = findings.filter((f) => f.fix?.length).length;
  if (findings.length) summaryLines.push(`- **Fixes proposed:** ${fixable} of ${plural(findings.length, 'finding')} carry a fix.`);
  const worstCats = [...scores.categories].filter((c) => c.score < 100).sort((a, b) => a.score - b.score).slice(0, 3);
  if (worstCats.length) summaryLines.push(`- **Lowest categories:** ${worstCats.map((c) => `${CATEGORY_TITLES[c.category]} ${fmtScore(c.score)}`).join(', ')}.`);
  const worstTables = scores.tables.filter((t) => t.penalty > 0).slice(0, 3);
  if (worstTables.length) summaryLines.push(`- **Tables with the most penalty:** ${worstTables.map((t) => `${code(t.table)} (health ${t.health}, ${plural(t.findings, 'finding')})`).join(', ')}.`);
  if (review.ignored.length) summaryLines.push(`- **Ignored by configuration:** ${plural(review.ignored.length, 'finding')} (listed at the end with their reasons).`);
  para(...summaryLines);

  // Scorecard -----------------------------------------------------------------------------------------
  if (scores.categories.length) {
    para('## Scorecard');
    para(
      ...table(
        ['Category', 'Score', 'Findings', 'Critical', 'High', 'Medium', 'Low', 'Info', 'Penalty', 'Rules run'],
        scores.categories.map((c) => [
          CATEGORY_TITLES[c.category],
          fmtScore(c.score),
          String(c.findings),
          String(c.bySeverity.critical),
          String(c.bySeverity.high),
          String(c.bySeverity.medium),
          String(c.bySeverity.low),
          String(c.bySeverity.info),
          String(c.penalty),
          String(c.rulesRun),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    const w = scores.weights;
    para(
      `Each category scores 100 × max(0, 1 − penalty ÷ budget), where a finding's penalty is ${w.critical} (critical), ${w.high} (high), ${w.medium} (medium), ${w.low} (low) or ${w.info} (info) and the budget is ${scores.budgetPerTable} × ${Math.max(1, scores.tableCount)} tables = ${scores.budgetPerTable * Math.max(1, scores.tableCount)}. The overall score is the mean of the ${plural(scores.categories.length, 'scored category', 'scored categories')}. Grades: A ≥ ${scores.gradeThresholds.A}, B ≥ ${scores.gradeThresholds.B}, C ≥ ${scores.gradeThresholds.C}, D ≥ ${scores.gradeThresholds.D}, else F (docs/scoring.md).`,
    );
    if (scores.notScored.length) para(`Not scored (no rule of the category ran): ${scores.notScored.map((c) => CATEGORY_TITLES[c]).join(', ')}.`);
    if (scores.tables.length) {
      const worst = scores.tables.slice(0, 10);
      para(`### Table health`);
      para(
        `Health is 100 minus the penalty of the table's findings (floor 0). ${plural(scores.tables.length, 'table')} of ${counts.tables} ${scores.tables.length === 1 ? 'has' : 'have'} findings; ${worst.length < scores.tables.length ? `the ${worst.length} lowest are listed, ` : ''}every other table has health 100.`,
      );
      para(...table(['Table', 'Health', 'Penalty', 'Findings'], worst.map((t) => [code(t.table), String(t.health), String(t.penalty), String(t.findings)]), ['l', 'r', 'r', 'r']));
    }
  }

  // One section per category with findings ---------------------------------------------------------------
  const rulesById = new Map<string, RuleMeta>(review.rulesRun.map((r) => [r.id, r]));
  for (const category of CATEGORIES) {
    const own = findings.filter((f) => f.category === category);
    if (!own.length) continue;
    const score = scores.categories.find((c) => c.category === category);
    para(`## ${CATEGORY_TITLES[category]}`);
    const byRule = new Map<string, Finding[]>();
    for (const f of own) {
      const list = byRule.get(f.ruleId);
      if (list) list.push(f);
      else byRule.set(f.ruleId, [f]);
    }
    para(`${plural(own.length, 'finding')} from ${plural(byRule.size, 'rule')}${score ? `; category score ${fmtScore(score.score)} (penalty ${score.penalty} of ${score.budget})` : ''}.`);
    const ruleLines: string[] = [];
    for (const [id, list] of byRule) {
      const meta = rulesById.get(id);
      ruleLines.push(`- ${code(id)} (${plural(list.length, 'finding')})${meta ? `: ${escapeMd(meta.summary)}${meta.why ? ` ${escapeMd(meta.why)}` : ''}` : ''}`);
    }
    para(...ruleLines);
    const withFix = own.some((f) => f.fix?.length);
    const header = ['Severity', 'Table', 'Columns', 'Finding', 'Evidence', ...(withFix ? ['Proposed fix'] : [])];
    para(
      ...table(
        header,
        own.map((f) => [
          f.severity,
          f.table ? code(f.table) : 'schema-wide',
          f.columns.length ? f.columns.map(code).join(', ') : '–',
          findingCell(f),
          code(evidence(f.origin)),
          ...(withFix ? [f.fix?.length ? escapeMd(describeFixes(f.fix)) : '–'] : []),
        ]),
      ),
    );
  }

  // Foreign keys by ON DELETE action -------------------------------------------------------------------------
  if (counts.foreignKeys > 0) {
    para('## Foreign keys by ON DELETE action');
    const tablesWithFk = baseTables(catalog).filter((t) => t.foreignKeys.length > 0).length;
    para(`${plural(counts.foreignKeys, 'foreign key')} on ${plural(tablesWithFk, 'table')} (of ${counts.tables}), counted from the catalog.`);
    const rows = FK_ACTIONS.filter((a) => counts.foreignKeysByOnDelete[a] > 0)
      .sort((a, b) => counts.foreignKeysByOnDelete[b] - counts.foreignKeysByOnDelete[a])
      .map((a) => [
      a.toUpperCase(),
      String(counts.foreignKeysByOnDelete[a]),
      `${percent(counts.foreignKeysByOnDelete[a], counts.foreignKeys).toFixed(1)}%`,
    ]);
    para(...table(['ON DELETE', 'Foreign keys', 'Share'], rows, ['l', 'r', 'r']));
    const notValidated = baseTables(catalog).reduce((s, t) => s + t.foreignKeys.filter((fk) => !fk.validated).length, 0);
    if (notValidated) para(`${plural(notValidated, 'foreign key')} ${notValidated === 1 ? 'was' : 'were'} added NOT VALID and never validated.`);
  }

  // ERD: one diagram, or one per schema / connected group when the schema is large ------------------------
  if (counts.tables > 0) {
    const maxTables = opts.erdMaxTables ?? DEFAULT_ERD_MAX_TABLES;
    const maxDiagrams = opts.erdMaxDiagrams ?? 8;
    const { groups, unconnected } = erdGroups(catalog, maxTables);
    para('## Entity-relationship diagram');
    const legend =
      'Attributes shown are primary-key and foreign-key columns and the columns findings name; a comment on an attribute names the rules that reported it. A dotted line is a non-identifying relationship; an `o` at the parent end means the key columns are nullable.';
    const drawn = (sel: ReturnType<typeof selectErdTables>) =>
      sel.omitted > 0
        ? `${sel.tables.length} of ${sel.total} tables are drawn, those with the most foreign keys in and out; ${sel.omitted} ${sel.omitted === 1 ? 'is' : 'are'} left out.`
        : `All ${plural(sel.total, 'table')}.`;
    if (groups.length === 1 && !unconnected.length) {
      const sel = selectErdTables(catalog, review.findings, maxTables, groups[0].tables);
      para(`${drawn(sel)} ${legend}`);
      para('```mermaid', renderMermaidErd(catalog, review.findings, { maxTables, tables: groups[0].tables }).trimEnd(), '```');
    } else {
      const bySchema = groups[0]?.title.startsWith('schema ');
      para(
        `${plural(counts.tables, 'table')} are too many for one diagram: ` +
          (bySchema
            ? `one diagram per schema (${groups.length}).`
            : `one diagram per group of tables connected by foreign keys (${groups.length} group${groups.length === 1 ? '' : 's'}${unconnected.length ? `, and ${plural(unconnected.length, 'table')} with no foreign key in or out` : ''}).`) +
          ` ${legend}`,
      );
      for (const g of groups.slice(0, maxDiagrams)) {
        const sel = selectErdTables(catalog, review.findings, maxTables, g.tables);
        para(`### ERD: ${g.title} (${plural(g.tables.length, 'table')})`, '', drawn(sel));
        para('```mermaid', renderMermaidErd(catalog, review.findings, { maxTables, tables: g.tables }).trimEnd(), '```');
      }
      if (groups.length > maxDiagrams) {
        const rest = groups.slice(maxDiagrams);
        para(`${plural(rest.length, 'more group')} (${plural(rest.reduce((n, g) => n + g.tables.length, 0), 'table')}) not drawn: ${rest.slice(0, 20).map((g) => escapeMd(g.title)).join('; ')}${rest.length > 20 ? '; …' : ''}.`);
      }
      if (unconnected.length) {
        para(
          `Tables with no foreign key in or out (not drawn): ${unconnected.slice(0, 40).map((t) => code(qualifiedName(t))).join(', ')}${unconnected.length > 40 ? ` and ${unconnected.length - 40} more` : ''}.`,
        );
      }
    }
  }

  // Migration history (src/report/sections/migrations.ts) --------------------------------------------------
  const history = migrationsSection(review, opts.inventoryMaxRows ?? 20);
  if (history.length) para(...history);
  const appModels = modelsSection(review, opts.inventoryMaxRows ?? 20);
  if (appModels.length) para(...appModels);

  // Schema inventory (src/report/sections/) ----------------------------------------------------------------
  if (opts.inventory !== false) para(...renderInventory(review, { config: opts.config, maxRows: opts.inventoryMaxRows }));

  // Prioritised plan --------------------------------------------------------------------------------------
  const horizons: { title: string; sev: Severity[] }[] = [
    { title: 'Immediate: critical and high', sev: ['critical', 'high'] },
    { title: 'Short term: medium', sev: ['medium'] },
    { title: 'Long term: low', sev: ['low'] },
  ];
  const planned = findings.filter((f) => f.severity !== 'info');
  if (planned.length) {
    const maxLines = opts.planMaxLines ?? 100;
    // The first fixes carry their SQL in the source's dialect (src/fixes/); the JSON report has every one.
    const dialectName = { postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB', sqlite: 'SQLite' }[catalog.source.dialect];
    const maxFixSql = Math.max(0, opts.planMaxFixSql ?? 40);
    const plannedFixes = planned.filter((f) => f.fix?.length).length;
    let sqlShown = 0;
    para('## Prioritised plan');
    para(
      `${plural(planned.length, 'finding')} to act on, in order of severity. Each line gives the finding, its evidence and, where the rule proposes one, the fix.` +
        (plannedFixes && maxFixSql
          ? ` Under ${plannedFixes > maxFixSql ? `the first ${maxFixSql} fixes` : 'each fix'}, its ${dialectName} SQL: the pre-flight query to run first (no rows means the data allows the change), the forward statements, the rollback, and the locks they take (docs/fixes.md).`
          : ''),
    );
    for (const h of horizons) {
      const list = planned.filter((f) => h.sev.includes(f.severity));
      if (!list.length) continue;
      para(`### ${h.title} (${list.length})`);
      const lines = list.slice(0, maxLines).map((f, i) => {
        const fix = f.fix?.length ? ` Fix: ${escapeMd(describeFixes(f.fix))}.` : '';
        const marker = `${i + 1}. `;
        const head = `${marker}**${f.severity}** ${code(f.table ?? 'schema-wide')}${f.columns.length ? ` (${f.columns.map(code).join(', ')})` : ''}: ${escapeMd(f.message)} (${code(f.ruleId)}, ${code(evidence(f.origin))}).${fix}`;
        if (!f.fix?.length || sqlShown >= maxFixSql) return head;
        sqlShown++;
        return [head, ...fixSqlLines(fixSql(f.fix, catalog), ' '.repeat(marker.length))].join('\n');
      });
      if (list.length > maxLines) lines.push(`\n… and ${list.length - maxLines} more, listed in the category sections above.`);
      para(...lines);
    }
    if (plannedFixes > sqlShown && maxFixSql) {
      const more = plannedFixes - sqlShown;
      para(`The SQL of ${plural(more, 'more fix', 'more fixes')} is in the JSON report (\`fixSql\` of each finding in report.json).`);
    }
    const info = findings.length - planned.length;
    if (info) para(`${plural(info, 'informational finding')} ${info === 1 ? 'is' : 'are'} listed in ${info === 1 ? 'its' : 'their'} category section and not planned.`);
  }

  // Migration plan (src/fixes/plan.ts): the fixes as ordered steps; `schemascope plan` writes them out.
  const migrationPlan = buildPlan(findings, catalog);
  if (migrationPlan.steps.length) {
    const maxSteps = opts.planMaxSteps ?? 40;
    para('## Migration plan');
    para(
      `The fixes above as ${plural(migrationPlan.steps.length, 'step')} in the order they apply (a step another relies on comes first), ` +
        'each with its risk on a table in use, the locks it takes and whether it can be rolled back. ' +
        '`schemascope plan` prints each step\'s pre-flight, forward and rollback SQL, writes them as migration files (`--out`, in the project\'s own framework where it can), ' +
        'and for PostgreSQL DDL proves them on the embedded engine (`--verify`).',
    );
    para(...planTable(migrationPlan, catalog, maxSteps));
  }

  // Application notes --------------------------------------------------------------------------------------
  const appNotes = review.catalog.app?.notes ?? [];
  if (appNotes.length) {
    para('## Application notes');
    para(
      `What the application code says beyond the schema (${review.catalog.app!.frameworks.join(', ')}): facts to know, each with its evidence.`,
    );
    const shown = appNotes.slice(0, 60);
    para(...table(['Kind', 'Note', 'Evidence'], shown.map((n) => [code(n.kind), escapeMd(n.message), code(evidence(n.origin))])));
    if (appNotes.length > shown.length) para(`… and ${appNotes.length - shown.length} more in report.json.`);
  }

  // Checks not run -----------------------------------------------------------------------------------------
  if (review.skipped.length || review.warnings.length || review.notes.length) {
    para('## Checks not run');
    if (review.skipped.length) {
      para(`### Rules skipped (${review.skipped.length})`);
      para(...table(['Rule', 'Reason'], review.skipped.map((s) => [code(s.ruleId), escapeMd(s.reason)])));
    }
    if (review.notes.length) {
      para(`### Limits of this source (${review.notes.length})`);
      para(...table(['Code', 'What it means', 'Evidence'], review.notes.map((w) => [code(w.code), escapeMd(w.message), w.origin ? code(evidence(w.origin)) : '–'])));
    }
    if (review.warnings.length) {
      para(`### Source not fully read (${review.warnings.length})`);
      para(...table(['Code', 'Problem', 'Evidence'], review.warnings.map((w) => [code(w.code), escapeMd(w.message), w.origin ? code(evidence(w.origin)) : '–'])));
    }
  }

  // Statistics appendix --------------------------------------------------------------------------------------
  if (counts.tables > 0) {
    para('## Statistics appendix');
    const base = baseTables(catalog);
    const bySize = catalog.hasLiveStats && base.some((t) => t.stats?.totalBytes !== undefined);
    if (bySize) {
      const top = [...base].sort((a, b) => (b.stats?.totalBytes ?? -1) - (a.stats?.totalBytes ?? -1) || qualifiedName(a).localeCompare(qualifiedName(b))).slice(0, 10);
      para(`### Largest tables by total size (top ${top.length} of ${base.length})`);
      para(...table(['Table', 'Total size', 'Rows (estimate)', 'Columns', 'Indexes'], top.map((t) => [code(qualifiedName(t)), fmtBytes(t.stats?.totalBytes), fmtInt(t.stats?.rowEstimate), String(t.columns.length), String(t.indexes.length)]), ['l', 'r', 'r', 'r', 'r']));
    } else {
      const top = [...base].sort((a, b) => b.columns.length - a.columns.length || qualifiedName(a).localeCompare(qualifiedName(b))).slice(0, 10);
      para(`### Widest tables by column count (top ${top.length} of ${base.length})`);
      para(...table(['Table', 'Columns', 'Indexes', 'Foreign keys'], top.map((t: Table) => [code(qualifiedName(t)), String(t.columns.length), String(t.indexes.length), String(t.foreignKeys.length)]), ['l', 'r', 'r', 'r']));
    }
    para('### Indexes');
    const ix = counts.indexes;
    para(
      ...table(
        ['Indexes', 'Count', 'Share'],
        [
          ['Total', String(ix.total), ix.total ? '100.0%' : '–'],
          ['Primary key', String(ix.primary), `${percent(ix.primary, ix.total).toFixed(1)}%`],
          ['Unique (incl. primary key)', String(ix.unique), `${percent(ix.unique, ix.total).toFixed(1)}%`],
          ['Partial', String(ix.partial), `${percent(ix.partial, ix.total).toFixed(1)}%`],
          ['Expression', String(ix.expression), `${percent(ix.expression, ix.total).toFixed(1)}%`],
          ['Composite (2+ key parts)', String(ix.composite), `${percent(ix.composite, ix.total).toFixed(1)}%`],
        ],
        ['l', 'r', 'r'],
      ),
    );
    para('### Objects');
    const objects: [string, number][] = [
      ['Schemas', counts.schemas],
      ['Tables', counts.tables],
      ['Columns', counts.columns],
      ['Nullable columns', counts.nullableColumns],
      ['Tables with a primary key', counts.primaryKeys],
      ['Foreign keys', counts.foreignKeys],
      ['Unique constraints', counts.uniqueConstraints],
      ['Check constraints', counts.checkConstraints],
      ['Triggers', counts.triggers],
      ['Tables with row-level security', counts.rlsTables],
      ['Policies', counts.policies],
      ['Partitions', counts.partitions],
      ['Views', counts.views],
      ['Materialized views', counts.materializedViews],
      ['Functions', counts.functions],
      ['Enum types', counts.enums],
      ['Sequences', counts.sequences],
    ];
    para(...table(['Object', 'Count'], objects.filter(([name, n]) => n > 0 || ['Tables', 'Columns', 'Foreign keys'].includes(name)).map(([name, n]) => [name, String(n)]), ['l', 'r']));
    para(
      `Nullable share: ${counts.nullableColumns} of ${plural(counts.columns, 'column')} (${percent(counts.nullableColumns, counts.columns).toFixed(1)}%) allow NULL. ${counts.primaryKeys} of ${plural(counts.tables, 'table')} (${percent(counts.primaryKeys, counts.tables).toFixed(1)}%) have a primary key.`,
    );
  }

  // Ignored findings ------------------------------------------------------------------------------------------
  if (review.ignored.length) {
    para('## Ignored findings');
    para(`${plural(review.ignored.length, 'finding')} left out by \`ignore\` entries in the configuration; not scored.`);
    para(
      ...table(
        ['Rule', 'Severity', 'Table', 'Columns', 'Finding', 'Evidence', 'Reason'],
        review.ignored.map(({ finding: f, reason }) => [
          code(f.ruleId),
          f.severity,
          f.table ? code(f.table) : 'schema-wide',
          f.columns.length ? f.columns.map(code).join(', ') : '–',
          escapeMd(f.message),
          code(evidence(f.origin)),
          escapeMd(reason),
        ]),
      ),
    );
  }

  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

