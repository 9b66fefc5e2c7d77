import type { Rule } from '../types.js';

function advice(framework: string): string {
  switch (framework) {
    case 'django':
      return 'set `atomic = False` on the Migration class (and keep the concurrent operation in a migration of its own)';
    case 'alembic':
    case 'sqlalchemy':
      return 'put the operation inside `with op.get_context().autocommit_block():`';
    case 'laravel':
      return 'set `public $withinTransaction = false;` on the migration';
    default:
      return 'run it outside a transaction block';
  }
}

const rule: Rule = {
  meta: {
    id: 'migrations/concurrently-in-transaction',
    category: 'migrations',
    severity: 'high',
    summary: 'CREATE/DROP INDEX CONCURRENTLY inside a migration that runs in a transaction.',
    why:
      'PostgreSQL refuses CONCURRENTLY inside a transaction block ("cannot run CREATE INDEX CONCURRENTLY inside a transaction ' +
      'block"), so the migration fails at deploy time, and the index you meant to build without locks is not built.',
    dialects: ['postgres'],
  },
  check({ catalog, index, report }) {
    const graph = catalog.migrations;
    if (!graph) return;
    for (const node of graph.nodes) {
      // Only where the source says the migration is wrapped in a transaction (Django's default atomic = True, Alembic on PostgreSQL).
      if (node.atomic !== true) continue;
      let n = 0;
      for (const op of node.operations) {
        if (!op.concurrently) continue;
        n++;
        if (op.outsideTransaction) continue;
        const table = op.table ? index.find(op.table) : undefined;
        report({
          ...(table ? { table } : {}),
          object: `${node.id}#${n}`,
          origin: op.origin,
          message:
            `migration ${node.id} runs in a transaction, and this ${op.kind === 'run-sql' ? 'SQL' : 'operation'} uses CONCURRENTLY` +
            `${op.table ? ` on ${op.table}` : ''}: PostgreSQL refuses it inside a transaction block and the migration fails; ${advice(graph.framework)}.`,
        });
      }
    }
  },
};

export default rule;
