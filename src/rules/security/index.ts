import type { Rule } from '../types.js';
import plaintextSecret from './plaintext-secret.js';
import securityDefinerSearchPath from './security-definer-search-path.js';
import fixtureShipsCredentials from './fixture-ships-credentials.js';

export const securityRules: Rule[] = [plaintextSecret, securityDefinerSearchPath, fixtureShipsCredentials];
