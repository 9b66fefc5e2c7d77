import type { Rule } from '../types.js';
import duplicateRelationship from './duplicate-relationship.js';
import mutableDefault from './mutable-default.js';
import modelDrift from './model-drift.js';
import tenantBaseNotInherited from './tenant-base-not-inherited.js';

export const ormRules: Rule[] = [duplicateRelationship, mutableDefault, modelDrift, tenantBaseNotInherited];
