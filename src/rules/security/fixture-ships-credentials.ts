import type { AppFixture, Catalog } from '../../catalog/types.js';
import type { Rule, Severity } from '../types.js';

const SEVERITY: Record<AppFixture['kind'], Severity> = {
  // The credential itself is in the repository.
  'plaintext-secret': 'high',
  // A login whose password its author knows, and that anyone with the repository can attack offline.
  'password-hash': 'medium',
  // An account, but no way in without another step.
  user: 'low',
};

/** Where the notes say why: the same words the source used, so a report reads one way. */
function messageFor(catalog: Catalog, f: AppFixture): string | undefined {
  return catalog.app?.notes.find((n) => n.kind === 'fixture-ships-credentials' && 'file' in n.origin && n.origin.file === f.file && n.origin.line === f.line)?.message;
}

function fixFor(catalog: Catalog): string {
  if (catalog.app?.frameworks.includes('laravel')) {
    return (
      "take the password from the environment (env('ADMIN_PASSWORD')) or generate it (Str::random()) and send a reset link, " +
      "and keep demo users in a seeder that only runs locally (app()->environment('local'))"
    );
  }
  return (
    'keep accounts out of fixtures: create them with `manage.py createsuperuser` or a management command that reads the password ' +
    'from the environment, build test users in the tests (User.objects.create_user / set_password), and where a fixture must ' +
    'hold a user, give it an unusable password ("!") and no secrets'
  );
}

const rule: Rule = {
  meta: {
    id: 'security/fixture-ships-credentials',
    category: 'security',
    severity: 'high',
    summary: 'A data fixture or seeder that creates a user, a password or a secret (Django fixtures/*.json|yaml, Laravel seeders).',
    why:
      'Fixtures and seeders are meant to be loaded, sometimes into staging or production: each load creates an account ' +
      'whose password is in the repository (or a hash of it anyone can crack offline), or stores an API key every clone ' +
      'of the repository holds. Such accounts are rarely rotated and are the first thing an attacker tries.',
  },
  check({ catalog, report }) {
    const count = new Map<string, number>();
    for (const f of catalog.app?.fixtures ?? []) {
      const n = (count.get(f.file) ?? 0) + 1;
      count.set(f.file, n);
      const what =
        messageFor(catalog, f) ??
        `${f.file} ships a ${f.model} object${f.fields.length ? ` with ${f.fields.join(', ')}` : ''} (${f.kind.replace('-', ' ')})`;
      report({
        // Stable without a line number: the file, the model and the object's place in it.
        object: `${f.file} ${f.model} #${n}`,
        origin: { file: f.file, line: f.line },
        severity: SEVERITY[f.kind],
        message: `${what.replace(/[.\s]+$/, '')}; ${fixFor(catalog)}.`,
      });
    }
  },
};

export default rule;
