// The rule registry: every rule schemascope runs, grouped by category.
import type { Rule } from './types.js';
import { keysRules } from './keys/index.js';
import { relationsRules } from './relations/index.js';
import { typesRules } from './types/index.js';
import { constraintsRules } from './constraints/index.js';
import { indexesRules } from './indexes/index.js';
import { tenancyRules } from './tenancy/index.js';
import { securityRules } from './security/index.js';
import { auditRules } from './audit/index.js';
import { softDeleteRules } from './soft-delete/index.js';
import { scaleRules } from './scale/index.js';
import { migrationsRules } from './migrations/index.js';
import { ormRules } from './orm/index.js';

export const allRules: Rule[] = [
  ...keysRules,
  ...relationsRules,
  ...typesRules,
  ...constraintsRules,
  ...indexesRules,
  ...tenancyRules,
  ...securityRules,
  ...auditRules,
  ...softDeleteRules,
  ...scaleRules,
  ...migrationsRules,
  ...ormRules,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
