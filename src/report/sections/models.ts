// Application models: what the ORM code says that the schema does not — hooks (save/clean/boot),
// scopes, soft-delete methods, encrypted fields, base classes — each with its line, as seed 001 shows.
import type { AppModel } from '../../catalog/types.js';
import type { Review } from '../../review.js';
import { capped, code, ev, mdTable, moreLine } from './md.js';

export function modelsSection(review: Review, maxRows: number): string[] {
  const app = review.catalog.app;
  if (!app || app.models.length === 0) return [];
  const models = app.models;
  const concrete = models.filter((m) => !m.abstract);
  const out = ['## Application models', ''];
  const withHooks = models.filter((m) => m.hooks.length);
  const withScopes = models.filter((m) => m.scopes.length);
  const softDeleting = models.filter((m) => m.softDelete);
  const encrypting = models.filter((m) => m.encryptedColumns.length);
  out.push(
    `${models.length} model${models.length === 1 ? '' : 's'} (${app.frameworks.join(', ')}), ${concrete.length} with a table and ${models.length - concrete.length} abstract; ` +
      `${withHooks.length} with hooks, ${withScopes.length} with scopes or custom managers, ${softDeleting.length} soft-deleting, ${encrypting.length} encrypting or hashing columns.`,
    '',
  );
  const abstracts = models.filter((m) => m.abstract);
  if (abstracts.length) {
    out.push('### Base classes and mixins', '');
    const users = (base: AppModel) => concrete.filter((m) => m.bases.includes(base.name)).length;
    out.push(...mdTable(['Base', 'Models inheriting it directly', 'Evidence'], abstracts.map((b) => [code(b.name), String(users(b)), ev(b.origin)])), '');
  }
  const hookRows = withHooks.flatMap((m) => m.hooks.map((h) => ({ m, h })));
  if (hookRows.length) {
    out.push('### Hooks', '', 'Code that runs when rows are saved, validated or deleted: the schema does not show it, and bulk updates skip it.', '');
    const { shown, more } = capped(hookRows, maxRows);
    out.push(...mdTable(['Model', 'Table', 'Hook', 'Evidence'], shown.map(({ m, h }) => [code(m.name), m.table ? code(m.table) : '–', code(h.name), ev(h.origin)])), '', ...moreLine(more));
  }
  const scopeRows = withScopes.flatMap((m) => m.scopes.map((s) => ({ m, s })));
  if (scopeRows.length) {
    out.push('### Scopes and managers', '');
    const { shown, more } = capped(scopeRows, maxRows);
    out.push(...mdTable(['Model', 'Scope', 'Evidence'], shown.map(({ m, s }) => [code(m.name), code(s.name), ev(s.origin)])), '', ...moreLine(more));
  }
  if (softDeleting.length || encrypting.length) {
    out.push('### Soft delete and encryption in the application', '');
    const rows = [
      ...softDeleting.map((m) => [code(m.name), 'soft delete', `${m.softDelete!.style}${m.softDelete!.column ? ` (${code(m.softDelete!.column)})` : ''}`, ev(m.softDelete!.origin)]),
      ...encrypting.map((m) => [code(m.name), 'encrypted or hashed', m.encryptedColumns.map(code).join(', '), ev(m.origin)]),
    ];
    const { shown, more } = capped(rows, maxRows);
    out.push(...mdTable(['Model', 'What', 'Detail', 'Evidence'], shown), '', ...moreLine(more));
  }
  return out;
}
