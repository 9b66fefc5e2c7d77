import type { Rule } from '../types.js';
import duplicateIndex from './duplicate-index.js';
import redundantPrefixIndex from './redundant-prefix-index.js';
import tooManyIndexes from './too-many-indexes.js';
import unusedIndex from './unused-index.js';

export const indexesRules: Rule[] = [duplicateIndex, redundantPrefixIndex, tooManyIndexes, unusedIndex];
