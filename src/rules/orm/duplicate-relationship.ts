import type { Rule } from '../types.js';
import { noteObject, notesOf, stripPeriod } from './shared.js';

const rule: Rule = {
  meta: {
    id: 'orm/duplicate-relationship',
    category: 'orm',
    severity: 'medium',
    summary: 'The same relationship name is assigned twice in one model class; the second silently replaces the first.',
    why:
      'Python (and PHP) keep only the last assignment of a class attribute, so the first relationship, with its foreign keys, ' +
      'back_populates, cascade and ordering, is gone without a warning, and code written against it quietly gets the other one.',
  },
  check({ catalog, report }) {
    for (const note of notesOf(catalog, 'duplicate-relationship')) {
      report({
        object: noteObject(note),
        origin: note.origin,
        message: `${stripPeriod(note.message)}; remove one, or give them distinct names if both are meant (e.g. with different foreign_keys or primaryjoin).`,
      });
    }
  },
};

export default rule;
