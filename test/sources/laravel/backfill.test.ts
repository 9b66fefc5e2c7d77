import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLaravel } from '../../../src/sources/laravel/index.js';

const migration = (up: string, down: string) => `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
${up}
    }

    public function down(): void
    {
${down}
    }
};
`;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ss-laravel-bf-'));
  mkdirSync(join(root, 'database', 'migrations'), { recursive: true });
  writeFileSync(join(root, 'artisan'), '<?php\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'database', 'migrations', name), text);
  return root;
}

describe('Laravel data backfills', () => {
  it('reports a backfill whose down() cannot restore the data, at the line of the write', async () => {
    const root = project({
      '2024_01_01_000000_create_services.php': migration(
        "        Schema::create('services', function (Blueprint $table) {\n            $table->id();\n            $table->string('status')->nullable();\n        });",
        "        Schema::dropIfExists('services');",
      ),
      '2024_01_02_000000_backfill_status.php': migration(
        "        DB::table('services')\n            ->whereNull('status')\n            ->update(['status' => 'active']);",
        "        Schema::table('services', function (Blueprint $table) {\n            $table->string('status')->nullable()->change();\n        });",
      ),
      '2024_01_03_000000_backfill_reversibly.php': migration(
        "        DB::table('services')->where('status', 'active')->update(['status' => 'enabled']);",
        "        DB::table('services')->where('status', 'enabled')->update(['status' => 'active']);",
      ),
    });
    const catalog = await loadLaravel(root, {});
    const node = catalog.migrations!.nodes.find((n) => n.id === '2024_01_02_000000_backfill_status')!;
    expect(node.reversible).toBe(false);
    expect(node.operations.find((o) => o.kind === 'data-change')).toMatchObject({ table: 'services', reversible: false, origin: { line: 12 } });
    const notes = catalog.app!.notes.filter((n) => n.kind === 'irreversible-backfill');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain("DB::table('services')->update()");
    expect(notes[0].origin).toMatchObject({ line: 12 });
    const reversibly = catalog.migrations!.nodes.find((n) => n.id === '2024_01_03_000000_backfill_reversibly')!;
    expect(reversibly.operations.find((o) => o.kind === 'data-change')?.reversible).toBe(true);
  });
});
