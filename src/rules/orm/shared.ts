import type { Catalog, Origin } from '../../catalog/types.js';

export type Note = { kind: string; message: string; origin: Origin };

export function notesOf(catalog: Catalog, kind: string): Note[] {
  return (catalog.app?.notes ?? []).filter((n) => n.kind === kind);
}

/** A stable identity for a note's finding: its message without line numbers (baselines never key on lines). */
export function noteObject(note: Note): string {
  const file = 'file' in note.origin ? note.origin.file : note.origin.object;
  return `${file} ${note.message.replace(/\(?\blines? \d+(?:(?:,| and) \d+)*\)?/g, '').replace(/\s+/g, ' ').trim()}`;
}

/** The note's message without its closing full stop, so advice can follow. */
export function stripPeriod(message: string): string {
  return message.replace(/[.\s]+$/, '');
}
