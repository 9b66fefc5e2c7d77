// The command line: parse arguments, load the source, review, write the reports, set the exit code.
// Exit codes: 0 done (no finding at or above --fail-on), 1 findings at or above --fail-on,
// 2 bad usage or unreadable input (one line on stderr), 3 internal error (a bug: one line, no stack).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadConfigFile, resolveConfig, type ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { allRules } from '../rules/index.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { buildReview, type Review } from '../review.js';
import { resolveSource, sourceKinds } from '../sources/detect.js';
import type { Catalog } from '../catalog/types.js';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildPlan } from '../fixes/plan.js';
import { verifyPlanOnPostgres, type PlanVerification } from '../fixes/verify.js';
import { collectSqlFiles, type DdlFile } from '../sources/postgres/ddl.js';
import { catalogToPostgresDdl } from '../fixes/catalog-ddl.js';
import { defaultPlanFormat, PLAN_WRITERS, planFormats } from '../fixes/writers/index.js';
import { renderPlanMarkdown, verificationPassed } from '../report/plan.js';
import { closeEmbeddedPostgres } from '../sources/postgres/embedded.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSummary } from '../report/terminal.js';
import { toolVersion } from '../report/version.js';
import { progressReporter } from './progress.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

const FORMATS = ['md', 'json'] as const;
type Format = (typeof FORMATS)[number];
const FILE_NAMES: Record<Format, string> = { md: 'report.md', json: 'report.json' };

interface ReviewOptions {
  format: string;
  out?: string;
  failOn?: Severity;
  config?: string;
  schema?: string[];
  progress: boolean;
  quiet?: boolean;
  statementTimeout?: string;
  source?: string;
}

function parseFormats(value: string): Format[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format: unknown format "${f}" (choose from ${FORMATS.join(', ')})`);
  }
  if (formats.length === 0) throw new UsageError('--format: no format given');
  return [...new Set(formats)] as Format[];
}

export function render(review: Review, format: Format, config: ResolvedConfig): string {
  return format === 'json' ? renderJson(review) : renderMarkdown(review, { config });
}

function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

type LoadOptionsFromCli = Pick<ReviewOptions, 'config' | 'progress' | 'quiet' | 'statementTimeout' | 'schema' | 'source'>;

/** What review and plan share: the config, the source (detected or --source), the catalog, the review. */
async function loadAndReview(target: string, opts: LoadOptionsFromCli): Promise<{ config: ResolvedConfig; catalog: Catalog; review: Review; sourceKind: string; resolvedTarget: string }> {
  const config = opts.config ? loadConfigFile(opts.config) : resolveConfig();
  const progress = progressReporter(opts.progress && !opts.quiet);
  let statementTimeoutMs: number | undefined;
  if (opts.statementTimeout !== undefined) {
    statementTimeoutMs = Number(opts.statementTimeout) * 1000;
    if (!Number.isFinite(statementTimeoutMs) || statementTimeoutMs <= 0) throw new UsageError('--statement-timeout: expected a number of seconds');
  }
  const resolved = resolveSource(target, opts.source);
  const catalog = await resolved.source.load(resolved.target, {
    schemas: opts.schema?.length ? opts.schema : undefined,
    onProgress: progress.update,
    statementTimeoutMs,
  });
  progress.done();
  await closeEmbeddedPostgres();
  return { config, catalog, review: buildReview(catalog, allRules, config), sourceKind: resolved.source.kind, resolvedTarget: resolved.target };
}

async function reviewCommand(target: string, opts: ReviewOptions): Promise<number> {
  const formats = parseFormats(opts.format);
  if (!opts.out && formats.length > 1) throw new UsageError('several formats need --out DIR (only one format can go to stdout)');
  const { config, review } = await loadAndReview(target, opts);

  if (opts.out) {
    try {
      mkdirSync(opts.out, { recursive: true });
      for (const f of formats) writeFileSync(join(opts.out, FILE_NAMES[f]), render(review, f, config));
    } catch (err) {
      throw new UsageError(`${opts.out}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else {
    process.stdout.write(render(review, formats[0], config));
  }
  if (!opts.quiet) {
    process.stderr.write(renderSummary(review, { color: !!process.stderr.isTTY && !process.env.NO_COLOR }));
    if (opts.out) process.stderr.write(`Wrote ${formats.map((f) => join(opts.out!, FILE_NAMES[f])).join(', ')}\n`);
  }
  if (opts.failOn && review.findings.some((f) => atOrAbove(f.severity, opts.failOn!))) return EXIT.findings;
  return EXIT.ok;
}

interface PlanOptions extends LoadOptionsFromCli {
  format?: string;
  out?: string;
  verify?: boolean;
}

/**
 * What a verification loads into the embedded PostgreSQL: the DDL files themselves for a PostgreSQL DDL
 * source; for another PostgreSQL-dialect source (a Django, Alembic, Prisma or Rails project, a live
 * database), the catalog written back as DDL. Undefined for MySQL and SQLite sources.
 */
function schemaForVerification(sourceKind: string, catalog: Catalog, resolvedTarget: string): { files: DdlFile[]; rebuilt: boolean } | undefined {
  if (catalog.source.dialect !== 'postgres') return undefined;
  if ((sourceKind === 'postgres-ddl' || sourceKind === 'rails') && catalog.source.kind.startsWith('ddl')) {
    const path = sourceKind === 'rails' ? catalog.source.location : resolvedTarget;
    const files = collectSqlFiles(path).files.map((f) => {
      const shown = relative(process.cwd(), f) || f;
      return { path: shown.startsWith('..') ? f : shown, text: readFileSync(f, 'utf8') };
    });
    return { files, rebuilt: false };
  }
  return { files: [{ path: 'schema-from-catalog.sql', text: catalogToPostgresDdl(catalog) }], rebuilt: true };
}

async function planCommand(target: string, opts: PlanOptions): Promise<number> {
  const format = opts.format?.toLowerCase();
  if (format && !PLAN_WRITERS[format]) throw new UsageError(`--format: unknown plan format "${opts.format}" (choose from ${planFormats().join(', ')})`);
  const { config, catalog, review, sourceKind, resolvedTarget } = await loadAndReview(target, opts);
  const plan = buildPlan(review.findings, catalog);
  let verification: PlanVerification | undefined;
  if (opts.verify) {
    const schema = schemaForVerification(sourceKind, catalog, resolvedTarget);
    if (!schema) throw new UsageError(`--verify: only PostgreSQL schemas can be verified on the embedded PostgreSQL (this is ${catalog.source.dialect})`);
    verification = await verifyPlanOnPostgres(schema.files, plan, config, schema.rebuilt ? catalog : undefined);
    if (schema.rebuilt) verification.rebuiltFromCatalog = true;
    await closeEmbeddedPostgres();
  }
  const chosen = format ?? defaultPlanFormat(catalog);
  const written = opts.out ? PLAN_WRITERS[chosen]({ plan, catalog, now: new Date() }) : undefined;
  const markdown = renderPlanMarkdown(plan, catalog, { verification, written, outDir: opts.out });
  if (opts.out && written) {
    try {
      for (const f of [...written.files, { path: 'PLAN.md', content: markdown }]) {
        const path = join(opts.out, ...f.path.split('/'));
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, f.content);
      }
    } catch (err) {
      throw new UsageError(`${opts.out}: cannot write the plan (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (!opts.quiet) process.stderr.write(`Wrote ${join(opts.out, 'PLAN.md')} and ${written.files.length} ${chosen} file${written.files.length === 1 ? '' : 's'}\n`);
  } else {
    process.stdout.write(markdown);
  }
  if (!opts.quiet) {
    const fixes = plan.steps.reduce((n, s) => n + s.fixes.length, 0);
    process.stderr.write(`schemascope plan: ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'} fixing ${fixes} finding${fixes === 1 ? '' : 's'}; ${plan.notPlanned.length} not planned\n`);
    if (verification) process.stderr.write(`Verification: ${verificationPassed(verification) ? 'passed' : 'FAILED (see PLAN.md)'}\n`);
  }
  if (verification && !verificationPassed(verification)) return EXIT.findings;
  return EXIT.ok;
}

function addLoadOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'configuration file (JSON)')
    .option('-s, --schema <name...>', 'only review these schemas')
    .option('--source <kind>', `read the target as this kind of source instead of detecting it (${sourceKinds().join(', ')})`)
    .option('--statement-timeout <seconds>', 'live databases: limit for each catalog query (default 60)')
    .option('--no-progress', 'do not show progress')
    .option('-q, --quiet', 'print nothing but the report');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('schemascope')
    .description('Review a relational database schema like a senior database architect, with evidence for every finding.')
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const review = program
    .command('review')
    .description('review a schema: a PostgreSQL DDL file, a folder of .sql migrations, or a postgres:// URL')
    .argument('<target>', 'file, folder or postgres://user@host:port/db URL')
    .option('-f, --format <formats>', `report format(s), comma separated: ${FORMATS.join(', ')}`, 'md')
    .option('-o, --out <dir>', `write ${Object.values(FILE_NAMES).join(', ')} into this folder instead of stdout`)
    .addOption(new Option('--fail-on <severity>', 'exit with 1 when a finding is at or above this severity').choices([...SEVERITIES]));
  addLoadOptions(review).action(async (target: string, opts: ReviewOptions) => {
    process.exitCode = await reviewCommand(target, opts);
  });

  const plan = program
    .command('plan')
    .description('order the fixes of a review into a migration plan, and write it as migration files')
    .argument('<target>', 'file, folder or database URL, as for review')
    .option('-f, --format <format>', `migration files to write with --out: ${planFormats().join(', ')} (default: the project's own framework, else sql)`)
    .option('-o, --out <dir>', 'write PLAN.md and the migration files into this folder instead of printing the plan')
    .option('--verify', 'PostgreSQL schemas: apply the plan to the embedded PostgreSQL, review again, roll back, and report');
  addLoadOptions(plan).action(async (target: string, opts: PlanOptions) => {
    process.exitCode = await planCommand(target, opts);
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with code 0; commander already printed its message.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`schemascope: ${err.message}\n`);
      return EXIT.usage;
    }
    const message = (err as Error)?.message ?? String(err);
    process.stderr.write(`schemascope: internal error: ${message.split('\n')[0]} (set SCHEMASCOPE_DEBUG=1 for details)\n`);
    if (process.env.SCHEMASCOPE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
