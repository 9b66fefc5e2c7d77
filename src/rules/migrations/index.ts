import type { Rule } from '../types.js';
import multipleHeads from './multiple-heads.js';
import irreversible from './irreversible.js';
import indexWithoutConcurrently from './index-without-concurrently.js';
import concurrentlyInTransaction from './concurrently-in-transaction.js';
import addNotNullColumnWithoutDefault from './add-not-null-column-without-default.js';

export const migrationsRules: Rule[] = [multipleHeads, irreversible, indexWithoutConcurrently, concurrentlyInTransaction, addNotNullColumnWithoutDefault];
