// A Laravel project with `migrations` migration files: tables created, then altered by later ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateLaravelProject(dir, migrations) {
  mkdirSync(join(dir, 'database', 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'artisan'), '#!/usr/bin/env php\n<?php\n');
  writeFileSync(join(dir, '.env'), 'DB_CONNECTION=mysql\n');
  const tables = Math.max(1, Math.floor(migrations / 2));
  const file = (i, name, body) => {
    const stamp = `2024_01_01_${String(i).padStart(6, '0')}`;
    writeFileSync(
      join(dir, 'database', 'migrations', `${stamp}_${name}.php`),
      `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up(): void\n    {\n${body}\n    }\n\n    public function down(): void\n    {\n        //\n    }\n};\n`,
    );
  };
  let n = 0;
  file(n++, 'create_companies_table', "        Schema::create('companies', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n            $table->timestamps();\n        });");
  for (let t = 0; t < tables && n < migrations; t++) {
    file(n++, `create_items_${t}_table`, `        Schema::create('items_${t}', function (Blueprint $table) {\n            $table->id();\n            $table->foreignId('company_id')->constrained()->cascadeOnDelete();\n            $table->string('name');\n            $table->decimal('price', 10, 2);\n            $table->json('metadata')->nullable();\n            $table->timestamps();\n            $table->softDeletes();\n        });`);
    if (n < migrations) file(n++, `add_status_to_items_${t}_table`, `        Schema::table('items_${t}', function (Blueprint $table) {\n            $table->string('status')->default('active')->index();\n            $table->unique(['company_id', 'name']);\n        });`);
  }
}
