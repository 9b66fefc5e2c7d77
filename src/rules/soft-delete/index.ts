import type { Rule } from '../types.js';
import mixedStyles from './mixed-styles.js';
import uniqueIgnoresSoftDelete from './unique-ignores-soft-delete.js';

export const softDeleteRules: Rule[] = [mixedStyles, uniqueIgnoresSoftDelete];
