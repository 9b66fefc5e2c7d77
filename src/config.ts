import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SEVERITIES, type Severity } from './rules/types.js';
import { UsageError } from './errors.js';

const severity = z.enum(SEVERITIES);

const ruleSetting = z.union([
  z.literal('off'),
  severity,
  z.object({ severity: z.union([severity, z.literal('off')]).optional(), options: z.record(z.unknown()).optional() }).strict(),
]);

export const configSchema = z
  .object({
    /** Column names that carry the tenant, in order of preference. */
    tenantKeys: z.array(z.string().min(1)).optional(),
    /** The tenant root table (e.g. `public.organizations`); inferred when absent. */
    tenantRoot: z.string().optional(),
    /** Tables that are deliberately global (shared across tenants), by name or `schema.name`. */
    globalTables: z.array(z.string()).optional(),
    rules: z.record(ruleSetting).optional(),
    /** Findings to leave out, each with a reason. `table`, `column` and `object` (an index, constraint or function name) narrow the match. */
    ignore: z
      .array(
        z
          .object({ rule: z.string(), table: z.string().optional(), column: z.string().optional(), object: z.string().optional(), reason: z.string().min(1) })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type UserConfig = z.infer<typeof configSchema>;

export interface ResolvedConfig {
  tenantKeys: string[];
  tenantRoot?: string;
  globalTables: string[];
  rules: Record<string, { severity?: Severity | 'off'; options?: Record<string, unknown> }>;
  ignore: { rule: string; table?: string; column?: string; object?: string; reason: string }[];
}

export const DEFAULT_TENANT_KEYS = [
  'tenant_id',
  'organization_id',
  'organisation_id',
  'org_id',
  'company_id',
  'account_id',
  'workspace_id',
  'business_id',
  'team_id',
];

export function resolveConfig(user: UserConfig = {}): ResolvedConfig {
  const rules: ResolvedConfig['rules'] = {};
  for (const [id, setting] of Object.entries(user.rules ?? {})) {
    rules[id] = typeof setting === 'string' ? { severity: setting } : setting;
  }
  return {
    tenantKeys: user.tenantKeys ?? DEFAULT_TENANT_KEYS,
    tenantRoot: user.tenantRoot,
    globalTables: user.globalTables ?? [],
    rules,
    ignore: user.ignore ?? [],
  };
}

/** Reads and validates a JSON config file; any problem is a one-line UsageError naming the file. */
export function loadConfigFile(path: string): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${path}: cannot read the config file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return resolveConfig(parsed.data);
}
