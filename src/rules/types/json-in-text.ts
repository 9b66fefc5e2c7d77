import type { Column } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, ident, numberOption, stringList, words } from './shared.js';

const NAMES = ['json', 'metadata', 'settings', 'payload', 'data', 'config', 'attributes', 'extra', 'options', 'properties'];
const SUFFIX_WORDS = ['json', 'metadata', 'payload'];

/** A default that is a JSON object or array literal: `'{}'::text`, `'[]'::character varying`, `'{"a": 1}'::text`. */
export function jsonLiteralDefault(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^'((?:\{[\s\S]*\})|(?:\[[\s\S]*\]))'(?:::[a-z ]+(?:\(\d+\))?)?$/i.exec(value.trim());
  if (!m) return undefined;
  try {
    JSON.parse(m[1].replace(/''/g, "'"));
    return m[1];
  } catch {
    return undefined;
  }
}

/** Why the column looks like JSON, or undefined when it does not. */
function jsonEvidence(column: Column, names: string[], suffixWords: string[], minLength: number): string | undefined {
  const literal = jsonLiteralDefault(column.default);
  if (literal !== undefined) return `its default is the JSON literal '${literal}'`;
  // A short varchar cannot hold a document worth the name: `config varchar(20)` is a code, not JSON.
  if (column.family === 'varchar' && column.length !== undefined && column.length < minLength) return undefined;
  const lower = column.name.toLowerCase();
  if (names.includes(lower)) return `its name \`${column.name}\` is a usual name for a JSON document`;
  const w = words(column.name);
  if (w.length > 1 && suffixWords.includes(w[w.length - 1])) return `its name ends in \`${w[w.length - 1]}\``;
  return undefined;
}

const rule: Rule = {
  meta: {
    id: 'types/json-in-text',
    // SQLite has no JSON type to move to.
    dialects: ['postgres', 'mysql'],
    category: 'types',
    severity: 'medium',
    summary: 'Text or varchar column that holds JSON (by its name or its default).',
    why:
      'As text, nothing checks that the values are valid JSON, every read has to parse the document again, and the JSON ' +
      'operators and GIN indexes are out of reach. jsonb validates on write and stores the document parsed.',
  },
  defaultOptions: {
    /** Column names (whole name) that usually hold a JSON document. */
    names: NAMES,
    /** Last words of a name that say it holds JSON (`event_payload`, `user_metadata`, `rules_json`). */
    suffixWords: SUFFIX_WORDS,
    /** varchar(n) columns shorter than this are not reported on their name alone. */
    minLength: 32,
  },
  check({ catalog, options, report }) {
    const names = stringList(options, 'names', NAMES).map((n) => n.toLowerCase());
    const suffixWords = stringList(options, 'suffixWords', SUFFIX_WORDS).map((n) => n.toLowerCase());
    const minLength = numberOption(options, 'minLength', 32);
    for (const table of dataTables(catalog.tables)) {
      for (const column of table.columns) {
        if (column.family !== 'text' && column.family !== 'varchar') continue;
        if (column.generated) continue;
        const evidence = jsonEvidence(column, names, suffixWords, minLength);
        if (!evidence) continue;
        const name = `${qualifiedName(table)}.${column.name}`;
        const col = ident(column.name);
        // ALTER COLUMN … TYPE jsonb fails while a text default is set ("default cannot be cast automatically"),
        // and no fix operation sets a default back, so a column with a default gets the steps in words only.
        const steps = column.default
          ? ` Because it has a default (${column.default}), drop the default, convert with USING ${col}::jsonb, then set the ` +
            `default again as a jsonb value (e.g. ${jsonLiteralDefault(column.default) !== undefined ? `'${jsonLiteralDefault(column.default)}'::jsonb` : 'the same value cast to jsonb'}).`
          : '';
        report({
          table,
          columns: [column.name],
          message:
            `${name} is ${column.dataType}, but ${evidence}: stored as text, nothing checks that the values are valid JSON, ` +
            `every read parses them again, and the JSON operators (->, ->>, @>) and GIN indexes cannot be used. ` +
            `Store it as jsonb (the conversion fails if any row holds invalid JSON).${steps}`,
          fix: column.default
            ? undefined
            : [{ op: 'alter-type', schema: table.schema, table: table.name, column: column.name, from: column.dataType, to: 'jsonb', using: `${col}::jsonb` }],
        });
      }
    }
  },
};

export default rule;
