import type { Rule } from '../types.js';
import moneyAsFloat from './money-as-float.js';
import timestampWithoutTz from './timestamp-without-tz.js';
import jsonInText from './json-in-text.js';
import charN from './char-n.js';

export const typesRules: Rule[] = [moneyAsFloat, timestampWithoutTz, jsonInText, charN];
