import type { Catalog } from '../catalog/types.js';
import { qualifiedName } from '../catalog/types.js';
import { buildIndex } from '../catalog/lookup.js';
import { resolveConfig, type ResolvedConfig } from '../config.js';
import { columnOrigin, type Finding, type FindingInput, type Rule, type RuleMeta } from './types.js';

/** A check that could not run, and why: listed in every report so a partial review never looks clean. */
export interface SkippedCheck {
  ruleId: string;
  reason: string;
}

export interface RuleRun {
  findings: Finding[];
  /** Rules that ran (enabled and applicable). */
  ran: RuleMeta[];
  skipped: SkippedCheck[];
  /** Findings left out by `ignore` entries in the config, with their reasons. */
  ignored: { finding: Finding; reason: string }[];
}

export function findingKey(ruleId: string, table: string | undefined, columns: string[], object: string | undefined): string {
  return [ruleId, table ?? '*', columns.join(','), object ?? ''].join('|');
}

export function runRules(catalog: Catalog, rules: Rule[], config: ResolvedConfig = resolveConfig()): RuleRun {
  const index = buildIndex(catalog, config);
  const findings: Finding[] = [];
  const ran: RuleMeta[] = [];
  const skipped: SkippedCheck[] = [];
  const ignored: RuleRun['ignored'] = [];

  for (const rule of rules) {
    const { meta } = rule;
    const setting = config.rules[meta.id];
    if (setting?.severity === 'off') continue;
    if (meta.dialects && !meta.dialects.includes(catalog.source.dialect)) continue;
    if (meta.requires?.includes('live-stats') && !catalog.hasLiveStats) {
      skipped.push({ ruleId: meta.id, reason: 'needs live statistics, which only a live database connection gives' });
      continue;
    }
    const severity = setting?.severity ?? meta.severity;
    const options = { ...(rule.defaultOptions ?? {}), ...(setting?.options ?? {}) };
    const seen = new Set<string>();
    const report = (input: FindingInput) => {
      const table = input.table ? qualifiedName(input.table) : undefined;
      const columns = input.columns ?? [];
      const key = findingKey(meta.id, table, columns, input.object);
      if (seen.has(key)) return; // one finding per object, however many paths lead to it
      seen.add(key);
      const origin = input.origin ?? (input.table ? columnOrigin(input.table, columns[0]) : undefined);
      if (!origin) throw new Error(`rule ${meta.id} reported a finding without evidence: ${input.message}`);
      const finding: Finding = {
        ruleId: meta.id,
        category: meta.category,
        severity: input.severity && !setting?.severity ? input.severity : severity,
        ...(table ? { table } : {}),
        columns,
        ...(input.object ? { object: input.object } : {}),
        message: input.message,
        origin,
        key,
        ...(input.fix && input.fix.length ? { fix: input.fix } : {}),
      };
      const ignore = config.ignore.find(
        (i) =>
          i.rule === meta.id &&
          (!i.table || i.table === table || i.table === input.table?.name) &&
          (!i.column || columns.includes(i.column)) &&
          (!i.object || i.object === input.object),
      );
      const inline =
        'file' in origin
          ? catalog.suppressions?.find(
              (sup) => sup.ruleId === meta.id && sup.file === origin.file && (sup.line === origin.line || sup.line + 1 === origin.line),
            )
          : undefined;
      if (ignore) ignored.push({ finding, reason: ignore.reason });
      else if (inline) ignored.push({ finding, reason: `${inline.reason} (comment at ${inline.file}:${inline.line})` });
      else findings.push(finding);
    };
    rule.check({ catalog, index, config, options, report });
    ran.push(meta);
  }
  const order = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity] || (a.table ?? '').localeCompare(b.table ?? '') || a.ruleId.localeCompare(b.ruleId));
  return { findings, ran, skipped, ignored };
}
