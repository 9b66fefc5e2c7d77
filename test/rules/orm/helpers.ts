import type { AppModel, Catalog } from '../../../src/catalog/types.js';
import { loadDjango } from '../../../src/sources/django/index.js';
import { loadSqlalchemy } from '../../../src/sources/sqlalchemy/index.js';

let helpdesk: Promise<Catalog> | undefined;
export const loadHelpdesk = () => (helpdesk ??= loadDjango('test/sources/django/fixtures/helpdesk'));
let saas: Promise<Catalog> | undefined;
export const loadSaas = () => (saas ??= loadSqlalchemy('test/sources/sqlalchemy/fixtures/saas'));

export const rel = (s: string) => s.replace(/^.*fixtures\/[^/]+\//, '');

export function model(name: string, extra: Partial<AppModel> = {}): AppModel {
  return { framework: 'django', name, bases: ['models.Model'], relationships: [], hooks: [], scopes: [], encryptedColumns: [], origin: { file: 'app/models.py', line: 1 }, ...extra };
}
