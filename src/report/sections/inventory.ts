// The "Schema inventory" section of the Markdown report: what the schema contains, counted and
// classified from the catalog (src/catalog/classify.ts). Information, not findings: nothing here is scored.
import type { ResolvedConfig } from '../../config.js';
import type { Review } from '../../review.js';
import { concurrencySection } from './concurrency.js';
import { constraintsSection } from './constraints.js';
import { sectionContext } from './context.js';
import { indexesSection } from './indexes.js';
import { primaryKeysSection } from './keys.js';
import { lifecycleSection } from './lifecycle.js';
import { privacySection } from './privacy.js';
import { relationshipsSection } from './relationships.js';
import { subsystemsSection } from './subsystems.js';
import { tenancySection } from './tenancy.js';
import { dataTypesSection } from './types.js';

export interface InventoryOptions {
  /** The configuration the review ran with (tenant keys, root, global tables); defaults otherwise. */
  config?: ResolvedConfig;
  /** Most rows in each list before "… and N more" (default 20). */
  maxRows?: number;
}

export const INVENTORY_SECTIONS = [
  primaryKeysSection,
  relationshipsSection,
  dataTypesSection,
  constraintsSection,
  indexesSection,
  tenancySection,
  lifecycleSection,
  privacySection,
  concurrencySection,
  subsystemsSection,
] as const;

/** The inventory's lines (heading included), or none when the catalog has no base table. */
export function renderInventory(review: Review, opts: InventoryOptions = {}): string[] {
  const ctx = sectionContext(review, opts.config, opts.maxRows ?? 20);
  if (!ctx.tables.length) return [];
  const body = INVENTORY_SECTIONS.flatMap((s) => s(ctx));
  if (!body.length) return [];
  return [
    '## Schema inventory',
    '',
    'What the schema contains, counted and classified from the catalog by names and types (patterns in docs/report.md). Information, not findings: nothing in this section is scored.',
    '',
    ...body,
  ];
}
