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
import { loadSource, sourceKinds } from '../sources/detect.js';
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

async function reviewCommand(target: string, opts: ReviewOptions): Promise<number> {
  const formats = parseFormats(opts.format);
  if (!opts.out && formats.length > 1) throw new UsageError('several formats need --out DIR (only one format can go to stdout)');
  const config = opts.config ? loadConfigFile(opts.config) : resolveConfig();
  const progress = progressReporter(opts.progress && !opts.quiet);
  let statementTimeoutMs: number | undefined;
  if (opts.statementTimeout !== undefined) {
    statementTimeoutMs = Number(opts.statementTimeout) * 1000;
    if (!Number.isFinite(statementTimeoutMs) || statementTimeoutMs <= 0) throw new UsageError('--statement-timeout: expected a number of seconds');
  }
  const catalog = await loadSource(target, {
    schemas: opts.schema?.length ? opts.schema : undefined,
    onProgress: progress.update,
    statementTimeoutMs,
  }, opts.source);
  progress.done();
  await closeEmbeddedPostgres();
  const review = buildReview(catalog, allRules, config);

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

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('schemascope')
    .description('Review a relational database schema like a senior database architect, with evidence for every finding.')
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('review')
    .description('review a schema: a PostgreSQL DDL file, a folder of .sql migrations, or a postgres:// URL')
    .argument('<target>', 'file, folder or postgres://user@host:port/db URL')
    .option('-f, --format <formats>', `report format(s), comma separated: ${FORMATS.join(', ')}`, 'md')
    .option('-o, --out <dir>', `write ${Object.values(FILE_NAMES).join(', ')} into this folder instead of stdout`)
    .addOption(new Option('--fail-on <severity>', 'exit with 1 when a finding is at or above this severity').choices([...SEVERITIES]))
    .option('-c, --config <file>', 'configuration file (JSON)')
    .option('-s, --schema <name...>', 'only review these schemas')
    .option('--source <kind>', `read the target as this kind of source instead of detecting it (${sourceKinds().join(', ')})`)
    .option('--statement-timeout <seconds>', 'live databases: limit for each catalog query (default 60)')
    .option('--no-progress', 'do not show progress')
    .option('-q, --quiet', 'print nothing but the report')
    .action(async (target: string, opts: ReviewOptions) => {
      process.exitCode = await reviewCommand(target, opts);
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
