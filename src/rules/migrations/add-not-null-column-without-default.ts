import type { Dialect } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { bareTable, tablesCreatedIn } from './shared.js';

/** The two safe ways to add the column, in the framework's own words. */
function fixFor(framework: string, column: string): string {
  switch (framework) {
    case 'django':
      return (
        `give the field a default (makemigrations asks for a one-off value and writes preserve_default=False when the model keeps none), ` +
        `or add it with null=True, backfill it (RunPython), then AlterField it to null=False`
      );
    case 'alembic':
    case 'sqlalchemy':
      return (
        `pass server_default=… to sa.Column("${column}", …) (a Python-side default= fills nothing here: SQLAlchemy applies it on INSERT), ` +
        `or add it nullable=True, backfill it (op.execute("UPDATE …")), then op.alter_column(…, nullable=False)`
      );
    case 'laravel':
      return `add ->default(…) to the column, or add it ->nullable(), backfill it, then make it NOT NULL with ->change() in a later migration`;
    default:
      return 'add it with a DEFAULT, or add it nullable, backfill it, then SET NOT NULL';
  }
}

/** What happens to the rows already in the table, by engine. */
function consequence(dialect: Dialect): string {
  switch (dialect) {
    case 'mysql':
      return 'MySQL and MariaDB do not refuse it: they silently give every row already there the type\'s implicit value (0, \'\' or a zero date), which then reads as real data';
    case 'sqlite':
      return 'SQLite refuses it outright ("Cannot add a NOT NULL column with default value NULL"), rows or not';
    default:
      return 'PostgreSQL refuses it as soon as the table has a row ("column … contains null values"), so the migration fails at deploy time on every database but an empty one';
  }
}

const rule: Rule = {
  meta: {
    id: 'migrations/add-not-null-column-without-default',
    category: 'migrations',
    severity: 'high',
    summary: 'A migration adds a NOT NULL column without a default to a table an earlier migration created.',
    why:
      'The rows already in the table have no value for the new column. PostgreSQL then refuses the ALTER TABLE, so the ' +
      'deploy stops at this migration in production while it passed on every empty development and CI database; MySQL ' +
      'accepts it and fills the rows with zeros or empty strings nobody chose.',
  },
  check({ catalog, index, report }) {
    const graph = catalog.migrations;
    if (!graph) return;
    const dialect = catalog.source.dialect;
    for (const node of graph.nodes) {
      // A table this migration creates is empty when the column arrives.
      const created = tablesCreatedIn(node);
      for (const op of node.operations) {
        // Only where the source recorded what the column gets (Django AddField, op.add_column, Schema::table).
        if (op.nullable !== false || op.hasDefault !== false || !op.table || !op.column) continue;
        const name = bareTable(op.table)!;
        if (created.has(name)) continue;
        const table = index.find(op.table) ?? index.byName.get(name)?.[0];
        const still = table?.columns.some((c) => c.name === op.column);
        report({
          ...(table && still ? { table, columns: [op.column] } : {}),
          object: `${node.id} ${op.table}.${op.column}`,
          origin: op.origin,
          severity: dialect === 'mysql' ? 'medium' : 'high',
          message:
            `migration ${node.id} adds ${op.table}.${op.column} NOT NULL without a default to a table an earlier migration created: ` +
            `${consequence(dialect)}; ${fixFor(graph.framework, op.column)}.`,
        });
      }
    }
  },
};

export default rule;
