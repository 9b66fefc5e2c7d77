import type { Rule } from '../types.js';
import { bareTable, buildsIndex, concurrentlyAdvice, tablesCreatedIn } from './shared.js';

const rule: Rule = {
  meta: {
    id: 'migrations/index-without-concurrently',
    category: 'migrations',
    severity: 'medium',
    summary: 'A migration builds an index on a table that already exists without CONCURRENTLY, locking writes while it builds.',
    why:
      'A plain CREATE INDEX takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits until the whole index is ' +
      'built, minutes on a large table, so the deploy is an outage for that table. CREATE INDEX CONCURRENTLY builds it without blocking writes.',
    dialects: ['postgres'],
  },
  check({ catalog, index, report }) {
    const graph = catalog.migrations;
    if (!graph) return;
    for (const node of graph.nodes) {
      const created = tablesCreatedIn(node);
      let n = 0;
      for (const op of node.operations) {
        if (!buildsIndex(op)) continue;
        n++;
        if (op.concurrently || !op.table) continue;
        const name = bareTable(op.table)!;
        // A table created by this same migration is empty: indexing it is instant.
        if (created.has(name)) continue;
        const table = index.find(op.table) ?? index.byName.get(name)?.[0];
        report({
          ...(table ? { table } : {}),
          object: `${node.id}#${n}`,
          origin: op.origin,
          message:
            `migration ${node.id} builds an index on ${op.table}, which an earlier migration created, without CONCURRENTLY: ` +
            `writes to ${op.table} block until the index is built; ${concurrentlyAdvice(graph.framework)}.`,
        });
      }
    }
  },
};

export default rule;
