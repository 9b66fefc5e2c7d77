// The multi-tenant SQLite fixture both SQLite source tests read.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tenant-app.sql');
export const fixtureText = readFileSync(FIXTURE, 'utf8');
