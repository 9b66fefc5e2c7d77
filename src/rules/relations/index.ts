import type { Rule } from '../types.js';
import unindexedForeignKey from './unindexed-foreign-key.js';
import missingForeignKey from './missing-foreign-key.js';
import fkTypeMismatch from './fk-type-mismatch.js';
import cascadeErasesHistory from './cascade-erases-history.js';

export const relationsRules: Rule[] = [unindexedForeignKey, missingForeignKey, fkTypeMismatch, cascadeErasesHistory];
