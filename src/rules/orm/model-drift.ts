import type { Rule } from '../types.js';
import { noteObject, notesOf, stripPeriod } from './shared.js';

function command(framework: string | undefined): string {
  if (framework === 'django') return '`python manage.py makemigrations`';
  if (framework === 'alembic' || framework === 'sqlalchemy') return '`alembic revision --autogenerate`';
  if (framework === 'laravel') return 'a new migration';
  return 'a new migration';
}

const rule: Rule = {
  meta: {
    id: 'orm/model-drift',
    category: 'orm',
    severity: 'medium',
    summary: 'A model declares a field or table that no migration creates (or the migrations create one the model dropped).',
    why:
      'The database is built from the migrations, not the models: the application queries a column or table that does not ' +
      'exist in production and fails at the first request that touches it, while tests built from the models pass.',
  },
  check({ catalog, report }) {
    const framework = catalog.migrations?.framework ?? catalog.app?.frameworks[0];
    for (const note of notesOf(catalog, 'model-drift')) {
      const advised = /makemigrations|autogenerate/.test(note.message);
      report({
        object: noteObject(note),
        origin: note.origin,
        message: `${stripPeriod(note.message)}${advised ? '' : `; generate the missing migration with ${command(framework)} and review it`}.`,
      });
    }
  },
};

export default rule;
