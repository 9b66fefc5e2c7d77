import type { Rule } from '../types.js';
import missingTimestamps from './missing-timestamps.js';

export const auditRules: Rule[] = [missingTimestamps];
