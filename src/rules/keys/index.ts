import type { Rule } from '../types.js';
import noPrimaryKey from './no-primary-key.js';
import inconsistentPkTypes from './inconsistent-pk-types.js';
import int32KeyOverflow from './int32-key-overflow.js';

export const keysRules: Rule[] = [noPrimaryKey, inconsistentPkTypes, int32KeyOverflow];
