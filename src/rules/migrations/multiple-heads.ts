import type { MigrationNode, Origin } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { fileOf, notesOf } from './shared.js';

const rule: Rule = {
  meta: {
    id: 'migrations/multiple-heads',
    category: 'migrations',
    severity: 'high',
    summary: 'The migration history diverges: two leaf migrations in one Django app, or several Alembic heads.',
    why:
      'Two branches were written against the same parent, usually on two git branches merged later. `migrate` refuses ' +
      'to run and `alembic upgrade head` fails until a merge migration joins them, so the next deploy stops at the migration step.',
  },
  check({ catalog, report }) {
    const graph = catalog.migrations;
    if (!graph || graph.heads.length < 2) return;
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const conflicts = notesOf(catalog, 'migration-conflict');
    // Django keeps one history per app (each app has its own leaf); other frameworks keep one history.
    const groups = new Map<string, string[]>();
    for (const head of graph.heads) {
      const group = graph.framework === 'django' ? head.split('.')[0] : '';
      groups.set(group, [...(groups.get(group) ?? []), head]);
    }
    for (const [group, heads] of groups) {
      if (heads.length < 2) continue;
      const nodes = heads.map((h) => byId.get(h)).filter((n): n is MigrationNode => !!n);
      // Evidence: the head a conflict note points at (Django names the later leaf), else the last head's first line.
      const noted = conflicts.find((c) => nodes.some((n) => n.file === fileOf(c.origin)));
      const last = nodes[nodes.length - 1];
      const origin: Origin = noted?.origin ?? last?.operations[0]?.origin ?? { file: last?.file ?? heads[heads.length - 1], line: 1 };
      const where = group ? `app ${group} has` : 'the history has';
      const merge = graph.framework === 'django'
        ? `run \`python manage.py makemigrations --merge${group ? ` ${group}` : ''}\``
        : graph.framework === 'alembic' || graph.framework === 'sqlalchemy'
          ? `run \`alembic merge heads -m "merge"\``
          : 'add a migration that depends on both';
      report({
        object: group ? `${group} heads` : 'heads',
        origin,
        message:
          `${where} ${heads.length} heads (${heads.join(', ')}): the migrations diverge, and the migrate step refuses to run ` +
          `until they are merged; ${merge} and check the two branches do not change the same tables in conflicting ways.`,
      });
    }
  },
};

export default rule;
