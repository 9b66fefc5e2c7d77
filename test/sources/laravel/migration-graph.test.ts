// The Laravel migration graph says what the Migrator does with each file: whether up() runs in one transaction
// (`$withinTransaction`, and only where the grammar has schema transactions) and where down() is.
import { describe, expect, it } from 'vitest';
import { loadProject, migration } from './helpers.js';

const create = "        Schema::create('orders', function (Blueprint $table) {\n            $table->id();\n        });";
const nonAtomic = migration("        DB::statement('CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id)');", "DB::statement('DROP INDEX orders_id_idx');").replace(
  '{\n    public function up(): void',
  '{\n    public $withinTransaction = false;\n\n    public function up(): void',
);
const noDown = `<?php

use Illuminate\\Database\\Migrations\\Migration;

return new class extends Migration
{
    public function up(): void
    {
        Schema::dropIfExists('orders');
    }
};
`;

const files = {
  '2024_01_01_000000_create_orders_table': migration(create, "Schema::dropIfExists('orders');"),
  '2024_02_01_000000_index_orders': nonAtomic,
  '2024_03_01_000000_drop_orders': noDown,
};

describe('Laravel source: the migration graph', () => {
  it('runs up() in a transaction on PostgreSQL unless $withinTransaction = false', async () => {
    const { catalog } = await loadProject(files, {}, { connection: 'pgsql' });
    expect(catalog.migrations!.nodes.map((n) => [n.id, n.atomic])).toEqual([
      ['2024_01_01_000000_create_orders_table', true],
      ['2024_02_01_000000_index_orders', false],
      ['2024_03_01_000000_drop_orders', true],
    ]);
  });

  it('never in one transaction on MySQL, whose DDL commits implicitly', async () => {
    const { catalog } = await loadProject(files, {}, { connection: 'mysql' });
    expect(catalog.migrations!.nodes.map((n) => n.atomic)).toEqual([false, false, false]);
  });

  it('records the line of down(), and notes a missing down() at the class', async () => {
    const { catalog } = await loadProject(files, {}, { connection: 'pgsql' });
    const [created, indexed, dropped] = catalog.migrations!.nodes;
    expect(created.downLine).toBe(migration(create).split('\n').findIndex((l) => l.includes('public function down')) + 1);
    expect(indexed.downLine).toBe(nonAtomic.split('\n').findIndex((l) => l.includes('public function down')) + 1);
    expect(dropped.downLine).toBeUndefined();
    const notes = catalog.app!.notes.filter((n) => n.kind === 'irreversible-migration');
    expect(notes.map((n) => [n.message, 'file' in n.origin ? n.origin.line : 0])).toEqual([['2024_03_01_000000_drop_orders: down() is missing, so it cannot be rolled back', 5]]);
  });
});
