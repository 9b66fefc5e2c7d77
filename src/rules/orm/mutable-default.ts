import type { Rule } from '../types.js';
import { noteObject, notesOf, stripPeriod } from './shared.js';

const rule: Rule = {
  meta: {
    id: 'orm/mutable-default',
    category: 'orm',
    severity: 'medium',
    summary: 'A model field whose default is a mutable literal (`default={}` or `default=[]`).',
    why:
      'The literal is evaluated once, when the class is defined, and the same object becomes the default of every new row: ' +
      'appending to one row\'s list changes the default every later row starts with, until the process restarts.',
  },
  check({ catalog, report }) {
    for (const note of notesOf(catalog, 'mutable-default')) {
      const advised = /use default=/.test(note.message);
      report({
        object: noteObject(note),
        origin: note.origin,
        message: `${stripPeriod(note.message)}${advised ? '' : '; pass the callable (default=dict or default=list) instead of the literal'}.`,
      });
    }
  },
};

export default rule;
