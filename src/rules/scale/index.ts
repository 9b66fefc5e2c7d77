import type { Rule } from '../types.js';
import wideTable from './wide-table.js';
import nullableShare from './nullable-share.js';

export const scaleRules: Rule[] = [wideTable, nullableShare];
