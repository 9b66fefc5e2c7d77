// Migration history: the graph the migrations form (order, dependencies, heads), what each does, and
// which cannot be rolled back — as seed reports show it, but read from the files.
import type { MigrationGraph } from '../../catalog/types.js';
import type { Review } from '../../review.js';
import { capped, code, ev, mdTable, moreLine, tally } from './md.js';

const MERMAID_NODES = 60;

/** A Mermaid-safe node id for a migration id. */
function nodeId(id: string, ids: Map<string, string>): string {
  let n = ids.get(id);
  if (!n) {
    n = `m${ids.size}`;
    ids.set(id, n);
  }
  return n;
}

function graphDiagram(graph: MigrationGraph): string[] {
  const nodes = graph.nodes.slice(-MERMAID_NODES);
  const shown = new Set(nodes.map((n) => n.id));
  const ids = new Map<string, string>();
  const lines = ['```mermaid', 'flowchart TD'];
  if (graph.nodes.length > nodes.length) lines.push(`  %% the last ${nodes.length} of ${graph.nodes.length} migrations`);
  for (const n of nodes) {
    const label = n.id.replace(/"/g, "'");
    const head = graph.heads.includes(n.id);
    lines.push(`  ${nodeId(n.id, ids)}["${label}${head ? ' (head)' : ''}"]`);
  }
  for (const n of nodes) for (const dep of n.dependsOn) if (shown.has(dep)) lines.push(`  ${nodeId(dep, ids)} --> ${nodeId(n.id, ids)}`);
  lines.push('```');
  return lines;
}

export function migrationsSection(review: Review, maxRows: number): string[] {
  const graph = review.catalog.migrations;
  if (!graph || graph.nodes.length === 0) return [];
  const out = ['## Migration history', ''];
  const ops = graph.nodes.flatMap((n) => n.operations);
  const irreversible = graph.nodes.filter((n) => !n.reversible);
  const nonAtomic = graph.nodes.filter((n) => n.atomic === false);
  out.push(
    `${graph.nodes.length} ${graph.framework} migration${graph.nodes.length === 1 ? '' : 's'} with ${ops.length} operation${ops.length === 1 ? '' : 's'}, ` +
      `read from the files and replayed in dependency order. Head${graph.heads.length === 1 ? '' : 's'}: ${graph.heads.map(code).join(', ') || 'none'}. ` +
      `${irreversible.length} cannot be rolled back${nonAtomic.length ? `; ${nonAtomic.length} run outside one transaction` : ''}.`,
    '',
  );
  out.push('Operations by kind: ' + tally(ops.map((o) => o.kind)).map(([k, n]) => `${code(k)} ×${n}`).join(', ') + '.', '');
  out.push(...graphDiagram(graph), '');
  if (irreversible.length) {
    out.push('### Migrations that cannot be rolled back', '');
    const { shown, more } = capped(irreversible, maxRows);
    out.push(
      ...mdTable(
        ['Migration', 'Irreversible operations', 'Evidence'],
        shown.map((n) => {
          const bad = n.operations.filter((o) => !o.reversible);
          return [code(n.id), bad.length ? bad.map((o) => `${o.kind}${o.table ? ` ${o.table}` : ''}`).join(', ') : 'no rollback written', ev(bad[0]?.origin ?? { file: n.file, line: 1 })];
        }),
      ),
      '',
      ...moreLine(more),
    );
  }
  return out;
}
