import { describe, it, expect } from 'vitest';
import rule from '../../../src/rules/migrations/irreversible.js';
import { at, catalogFromSql, checkCatalog } from '../../helpers.js';
import { bat, loadBooking, loadProject as loadLaravelProject, migration as laravelMigration } from '../../sources/laravel/helpers.js';
import { loadProject, migration } from '../../sources/django/helpers.js';
import { loadHelpdesk, loadSaas } from './helpers.js';

const rel = (s: string) => s.replace(/^.*fixtures\/[^/]+\//, '');

describe('migrations/irreversible', () => {
  it('flags Django RunPython without reverse_code at the operation', async () => {
    const findings = checkCatalog(rule, await loadHelpdesk());
    expect(findings.map((f) => rel(at(f)))).toEqual(['tickets/migrations/0004_backfill_ticket_numbers.py:19']);
    expect(findings[0].severity).toBe('low');
    expect(findings[0].message).toContain('reverse_code');
  });

  it('flags Django RunSQL without reverse_sql, and leaves alone RunSQL/RunPython with a reverse', async () => {
    const { catalog } = await loadProject({
      'shop/__init__.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration('', [
        '        migrations.CreateModel(name="Order", fields=[("id", models.BigAutoField(primary_key=True))]),',
        '        migrations.RunSQL("UPDATE shop_order SET id = id;"),',
        '        migrations.RunSQL("SELECT 1;", reverse_sql=migrations.RunSQL.noop),',
        '        migrations.RunPython(lambda a, s: None, migrations.RunPython.noop),',
      ].join('\n')),
    });
    const findings = checkCatalog(rule, catalog);
    expect(findings).toHaveLength(1);
    expect(at(findings[0])).toMatch(/0001_initial\.py:11$/);
    expect(findings[0].message).toContain('reverse_sql');
  });

  it('flags an empty Alembic downgrade() at `def downgrade`, not an empty merge revision', async () => {
    const findings = checkCatalog(rule, await loadSaas());
    expect(findings.map((f) => rel(at(f)))).toEqual(['alembic/versions/4d5e6f7a8b04_billing.py:56']);
  });

  it('flags Laravel migrations whose down() is missing or empty, once each: at the empty down(), else at the class', async () => {
    const findings = checkCatalog(rule, await loadBooking());
    expect(findings.map((f) => f.object).sort()).toEqual([
      '2024_02_15_120000_add_calcom_fields_to_staff_table',
      '2024_03_01_080000_create_calcom_event_mappings_table',
      '2024_04_02_000000_drop_legacy_imports_table',
    ]);
    const M = 'database/migrations';
    expect(findings.map(at).sort()).toEqual(
      [
        bat(`${M}/2024_02_15_120000_add_calcom_fields_to_staff_table.php`, 'public function down'),
        bat(`${M}/2024_03_01_080000_create_calcom_event_mappings_table.php`, 'return new class extends Migration'),
        bat(`${M}/2024_04_02_000000_drop_legacy_imports_table.php`, 'public function down'),
      ].sort(),
    );
    expect(findings[0].message).toContain('down() is missing or empty');
  });

  it('flags a Laravel backfill that down() does not undo at the backfill, not at down()', async () => {
    const up = ["        Schema::table('orders', function (Blueprint $table) {", "            $table->string('state')->nullable();", '        });', "        DB::table('orders')->update(['state' => 'new']);"].join('\n');
    const { catalog } = await loadLaravelProject({
      '2024_01_01_000000_create_orders_table': laravelMigration("        Schema::create('orders', function (Blueprint $table) {\n            $table->id();\n        });"),
      '2024_02_01_000000_backfill_orders': laravelMigration(up, "Schema::table('orders', fn (Blueprint $table) => $table->dropColumn('state'));"),
    });
    const findings = checkCatalog(rule, catalog);
    expect(findings.map((f) => at(f).replace(/^.*\//, ''))).toEqual(['2024_02_01_000000_backfill_orders.php:14']);
    expect(findings[0].message).toContain('changes rows that down() does not put back');
  });

  it('produces nothing on a DDL catalog', async () => {
    expect(checkCatalog(rule, await catalogFromSql('CREATE TABLE t (id bigint PRIMARY KEY);'))).toEqual([]);
  });
});
