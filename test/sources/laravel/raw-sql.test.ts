// Raw SQL in migrations (DB::statement / DB::unprepared) on a MySQL connection is replayed with the MySQL DDL
// source's statement machinery: what the Schema builder cannot say (checks, column changes, foreign keys with other
// actions) reaches the catalog at the line of the call, and what the machinery cannot read is warned at its line.
import { describe, expect, it } from 'vitest';
import { column, loadProject, table } from './helpers.js';

const up = (k: number) => 10 + k;
const line = (o: { origin: unknown }) => (o.origin as { line: number }).line;

const base = `        Schema::create('companies', function (Blueprint $table) {
            $table->id();
            $table->string('name');
        });
        Schema::create('orders', function (Blueprint $table) {
            $table->id();
            $table->foreignId('company_id')->nullable()->constrained()->cascadeOnDelete();
            $table->integer('total');
            $table->string('note')->nullable();
        });`;

describe('Laravel source: raw SQL on MySQL', () => {
  it('applies checks, column changes, foreign keys and indexes written as SQL, at the line of the call', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_base': base,
      '2024_01_02_000000_raw': `        DB::statement('ALTER TABLE orders ADD CONSTRAINT orders_total_non_negative CHECK (total >= 0)');
        DB::statement('ALTER TABLE \`orders\` MODIFY \`company_id\` bigint unsigned NOT NULL');
        DB::statement(
            'ALTER TABLE orders DROP FOREIGN KEY orders_company_id_foreign, ADD CONSTRAINT orders_company_id_foreign FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE RESTRICT'
        );
        DB::unprepared("CREATE INDEX orders_note_idx ON orders (note(20));
            ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'none'");`,
    });
    expect(catalog.warnings).toEqual([]);
    const orders = table(catalog, 'orders');
    const file = orders.checks[0] && (orders.checks[0].origin as { file: string }).file;
    expect(file).toMatch(/2024_01_02_000000_raw\.php$/);
    expect(orders.checks.map((c) => [c.name, c.expression, line(c)])).toEqual([['orders_total_non_negative', 'total >= 0', up(1)]]);
    expect(column(catalog, 'orders', 'company_id')).toMatchObject({ dataType: 'bigint unsigned', nullable: false });
    expect(line(column(catalog, 'orders', 'company_id'))).toBe(up(2));
    const fk = orders.foreignKeys.find((f) => f.name === 'orders_company_id_foreign')!;
    expect(fk).toMatchObject({ columns: ['company_id'], refTable: 'companies', refColumns: ['id'], onDelete: 'restrict' });
    // the string starts on the line after DB::statement(
    expect(line(fk)).toBe(up(4));
    const ix = orders.indexes.find((i) => i.name === 'orders_note_idx')!;
    expect(ix.keyParts).toEqual(['note(20)']);
    expect(line(ix)).toBe(up(6));
    expect(column(catalog, 'orders', 'note').default).toBe("'none'");
    // the foreign key's own index (InnoDB's, named after the constraint) is still there once
    expect(orders.indexes.filter((i) => i.columns[0] === 'company_id').map((i) => i.name)).toEqual(['orders_company_id_foreign']);
    expect(catalog.app!.notes.filter((n) => n.kind === 'raw-sql').map((n) => [line(n), n.message.startsWith('raw SQL replayed as MySQL DDL: ')])).toEqual([
      [up(1), true],
      [up(2), true],
      [up(3), true],
      [up(6), true],
    ]);
  });

  it('applies the statement of MariaDB\'s SET STATEMENT … FOR, and skips session settings', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_base': base,
      '2024_01_02_000000_fk': `        DB::statement('SET SESSION foreign_key_checks = 0');
        DB::statement('SET STATEMENT foreign_key_checks = 0, lock_wait_timeout = 5 FOR ALTER TABLE orders DROP FOREIGN KEY orders_company_id_foreign');
        DB::statement('SET SESSION foreign_key_checks = 1');`,
    });
    expect(catalog.warnings).toEqual([]);
    expect(table(catalog, 'orders').foreignKeys).toEqual([]);
  });

  it('keeps replaying the Schema builder after raw SQL: later migrations see the SQL changes', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_base': base,
      '2024_01_02_000000_rename': `        DB::statement('ALTER TABLE orders RENAME COLUMN note TO remark');
        DB::statement('RENAME TABLE orders TO purchases');`,
      '2024_01_03_000000_more': `        Schema::table('purchases', function (Blueprint $table) {
            $table->string('remark', 500)->nullable()->change();
            $table->index('remark');
        });`,
    });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.tables.map((t) => t.name)).toEqual(['companies', 'purchases']);
    expect(column(catalog, 'purchases', 'remark')).toMatchObject({ dataType: 'varchar(500)', nullable: true });
    expect(table(catalog, 'purchases').indexes.map((i) => i.name)).toContain('purchases_remark_index');
  });

  it('names identifiers with quotes and backticks as the server would read them', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_base': base,
      // PHP single-quoted strings: \' is a quote, \\ a backslash; MySQL backticks double a backtick and keep a backslash
      '2024_01_02_000000_odd':
        "        DB::statement('ALTER TABLE orders ADD COLUMN `it\\'s \\\\ odd` int NULL');\n" +
        "        DB::statement('CREATE INDEX `ix ``q``` ON orders (`it\\'s \\\\ odd`)');",
    });
    expect(catalog.warnings).toEqual([]);
    expect(column(catalog, 'orders', "it's \\ odd").dataType).toBe('int');
    expect(table(catalog, 'orders').indexes.find((i) => i.name === 'ix `q`')?.columns).toEqual(["it's \\ odd"]);
  });

  it('warns at the line of the call about SQL the MySQL machinery cannot apply, and leaves the schema as it was', async () => {
    const { catalog } = await loadProject({
      '2024_01_01_000000_base': base,
      '2024_01_02_000000_bad': `        DB::statement('ALTER TABLE nowhere ADD COLUMN x int');
        DB::statement($sql);`,
    });
    expect(catalog.warnings.map((w) => [w.code, line(w as { origin: unknown })])).toEqual([
      ['statement-failed', up(1)],
      ['laravel-raw-sql', up(2)],
    ]);
    expect(catalog.warnings[0].message).toContain('nowhere');
  });

  it('still only notes raw SQL on PostgreSQL, and says the review is incomplete when it is DDL', async () => {
    const { catalog } = await loadProject(
      { '2024_01_01_000000_base': base, '2024_01_02_000000_raw': `        DB::statement('ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0)');` },
      { '.env': 'DB_CONNECTION=pgsql\n' },
    );
    expect(table(catalog, 'orders').checks).toEqual([]);
    expect(catalog.warnings.map((w) => w.code)).toEqual(['laravel-raw-sql']);
  });
});
