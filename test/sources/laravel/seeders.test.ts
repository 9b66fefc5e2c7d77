// Laravel seeders that ship logins or secrets: app facts (catalog.app.fixtures) and notes at the line of each
// seeded array.
import { describe, expect, it } from 'vitest';
import { loadBooking, loadProject } from './helpers.js';

const SEEDER = `<?php

namespace Database\\Seeders;

use App\\Models\\User;
use Illuminate\\Database\\Seeder;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Hash;
use Illuminate\\Support\\Str;

class DatabaseSeeder extends Seeder
{
    public function run(): void
    {
        User::create([
            'name' => 'Admin',
            'email' => 'admin@example.com',
            'password' => bcrypt('secret'),
        ]);
        User::factory()->create(['email' => 'demo@example.com', 'password' => Hash::make('demo1234')]);
        DB::table('users')->insert([
            'email' => 'ops@example.com',
            'password' => '$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi',
        ]);
        DB::table('integrations')->insert(['name' => 'stripe', 'api_token' => 'tok_live_123']);
        User::create(['email' => 'env@example.com', 'password' => Hash::make(env('ADMIN_PASSWORD'))]);
        User::create(['email' => 'random@example.com', 'password' => bcrypt(Str::random(32))]);
        User::create(['email' => 'nopass@example.com']);
    }
}
`;

const line = (needle: string) => SEEDER.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('Laravel source: seeders that ship credentials', () => {
  it('records literal passwords (plain, bcrypt(), Hash::make()), literal hashes and secrets, with the model or table', async () => {
    const { catalog } = await loadProject(
      { '2024_01_01_000000_create_users_table': "        Schema::create('users', function (Blueprint $table) {\n            $table->id();\n        });" },
      { 'database/seeders/DatabaseSeeder.php': SEEDER },
    );
    expect(catalog.app!.fixtures!.map((f) => [f.line, f.model, f.kind, f.fields.join()])).toEqual([
      [line('User::create(['), 'User', 'plaintext-secret', 'password'],
      [line("User::factory()->create(['email' => 'demo"), 'User', 'plaintext-secret', 'password'],
      [line("DB::table('users')->insert(["), 'users', 'password-hash', 'password'],
      [line("DB::table('integrations')"), 'integrations', 'plaintext-secret', 'api_token'],
    ]);
    expect(catalog.app!.fixtures![0].file).toMatch(/database\/seeders\/DatabaseSeeder\.php$/);
    const notes = catalog.app!.notes.filter((n) => n.kind === 'fixture-ships-credentials');
    expect(notes.map((n) => ('file' in n.origin ? n.origin.line : 0))).toEqual(catalog.app!.fixtures!.map((f) => f.line));
    expect(notes[2].message).toContain('a literal password hash (bcrypt)');
  });

  it('has no fixture facts for a project without seeders (the booking fixture)', async () => {
    expect((await loadBooking()).app!.fixtures).toBeUndefined();
  });
});
