import type { MigrationNode, Origin } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { fileOf, notesOf } from './shared.js';

function reason(node: MigrationNode, framework: string, kind: string | undefined): string {
  if (kind === 'data-change') return 'up() changes rows that down() does not put back';
  if (kind === 'run-python') return 'RunPython has no reverse_code';
  if (kind === 'run-sql' && framework === 'django') return 'RunSQL has no reverse_sql';
  if (framework === 'alembic' || framework === 'sqlalchemy') return 'downgrade() is missing or does nothing';
  if (framework === 'laravel') return 'down() is missing or empty';
  return `${node.id} declares no way back`;
}

function fixFor(framework: string, kind: string | undefined): string {
  if (kind === 'data-change') return 'make down() restore the old values, or throw in down() saying why it cannot';
  if (kind === 'run-python') return 'pass reverse_code (migrations.RunPython.noop when undoing needs nothing)';
  if (kind === 'run-sql' && framework === 'django') return 'pass reverse_sql (migrations.RunSQL.noop when undoing needs nothing)';
  if (framework === 'alembic' || framework === 'sqlalchemy') return 'write downgrade() to undo upgrade(), or raise an explicit error saying why it cannot';
  if (framework === 'laravel') return 'write down() to undo up(), or throw saying why it cannot';
  return 'write the reverse step';
}

const rule: Rule = {
  meta: {
    id: 'migrations/irreversible',
    category: 'migrations',
    severity: 'low',
    summary: 'A migration that cannot be rolled back: RunPython/RunSQL without a reverse, an empty downgrade() or down().',
    why:
      'When a deploy goes wrong the quickest way back is to unapply the last migrations. One irreversible migration blocks ' +
      'every rollback past it, at the moment you need it most.',
  },
  check({ catalog, report }) {
    const graph = catalog.migrations;
    if (!graph) return;
    const irreversibleNotes = notesOf(catalog, 'irreversible-migration');
    for (const node of graph.nodes) {
      // An empty migration (an Alembic merge revision) has nothing to undo, whatever its downgrade() says.
      if (node.reversible || node.operations.length === 0) continue;
      const op = node.operations.find((o) => !o.reversible);
      const framework = graph.framework;
      const note = irreversibleNotes.find((n) => fileOf(n.origin) === node.file);
      let origin: Origin;
      let kind: string | undefined;
      if (framework === 'django') {
        // The operation without a reverse.
        origin = op?.origin ?? note?.origin ?? { file: node.file, line: 1 };
        kind = op?.kind;
      } else if (op && node.operations.some((o) => o.reversible)) {
        // down() undoes the schema but not everything: the operation it leaves behind (a Laravel backfill).
        origin = op.origin;
        kind = op.kind;
      } else {
        // The rollback does nothing: `down()` / `def downgrade` when it is written but empty, else what the source
        // noted (the class or the revision), else the first change.
        origin = (node.downLine ? { file: node.file, line: node.downLine } : undefined) ?? note?.origin ?? op?.origin ?? { file: node.file, line: 1 };
      }
      report({
        object: node.id,
        origin,
        message:
          `migration ${node.id} cannot be rolled back: ${reason(node, framework, kind)}, so neither it nor anything before it ` +
          `can be unapplied; ${fixFor(framework, kind)}.`,
      });
    }
  },
};

export default rule;
