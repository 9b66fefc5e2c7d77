import type { Rule } from '../types.js';
import missingDateRangeCheck from './missing-date-range-check.js';
import missingNonNegativeCheck from './missing-non-negative-check.js';
import missingPercentageCheck from './missing-percentage-check.js';

export const constraintsRules: Rule[] = [missingDateRangeCheck, missingNonNegativeCheck, missingPercentageCheck];
