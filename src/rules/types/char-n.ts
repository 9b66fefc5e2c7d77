import type { Column } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { FixOp } from '../../fixes/operations.js';
import type { Rule } from '../types.js';
import { dataTables, ident, numberOption, stringList, words } from './shared.js';

/** Names of fixed-width code columns (ISO country, currency, language codes, US states) that char(2)/char(3) suits. */
const CODE_WORDS = ['code', 'country', 'currency', 'locale', 'lang', 'language', 'iso2', 'iso3', 'state'];
/** Words of hash / digest columns, whose values all have the same width. */
const HASH_WORDS = ['hash', 'digest', 'checksum', 'fingerprint', 'sha', 'sha1', 'sha256', 'sha512', 'md5', 'bcrypt', 'signature'];
/** Widths of common fixed-width digests: md5 / sha1 / sha256 / sha512 in hex, bcrypt. */
const HASH_WIDTHS = [32, 40, 60, 64, 128];

const rule: Rule = {
  meta: {
    id: 'types/char-n',
    category: 'types',
    severity: 'low',
    summary: '`char(n)` column (n > 1) holding values that are not all n characters wide.',
    why:
      'char(n) pads every value with spaces to n characters and ignores trailing spaces in comparisons, which surprises ' +
      'applications (values come back padded, = ignores the spaces but LIKE does not), and it is no faster than varchar ' +
      'or text in PostgreSQL.',
  },
  defaultOptions: {
    /** Last words of names that mark a fixed-width code column, left alone when n is at most `codeMaxLength`. */
    codeWords: CODE_WORDS,
    codeMaxLength: 3,
    /** Words of hash-like names, left alone when n is one of `hashWidths`. */
    hashWords: HASH_WORDS,
    hashWidths: HASH_WIDTHS,
  },
  check({ catalog, options, report }) {
    const codeWords = stringList(options, 'codeWords', CODE_WORDS);
    const codeMax = numberOption(options, 'codeMaxLength', 3);
    const hashWords = stringList(options, 'hashWords', HASH_WORDS);
    const hashWidthsOption = options.hashWidths;
    const hashWidths = Array.isArray(hashWidthsOption) && hashWidthsOption.every((n) => typeof n === 'number') ? (hashWidthsOption as number[]) : HASH_WIDTHS;
    for (const table of dataTables(catalog.tables)) {
      for (const column of table.columns) {
        if (column.family !== 'char' || column.generated) continue;
        const n = column.length ?? lengthOf(column.dataType);
        if (n === undefined || n <= 1) continue;
        const w = words(column.name);
        if (n >= 2 && n <= codeMax && codeWords.includes(w[w.length - 1])) continue;
        if (hashWidths.includes(n) && w.some((x) => hashWords.includes(x))) continue;
        const name = `${qualifiedName(table)}.${column.name}`;
        const col = ident(column.name);
        let message: string;
        let fix: FixOp[];
        if (n === 36) {
          message =
            `${name} is ${column.dataType}, the width of a UUID written as text: store it as uuid, which takes 16 bytes ` +
            `instead of 37, compares faster, and rejects values that are not UUIDs (the conversion fails if one is there).`;
          fix = [{ op: 'alter-type', schema: table.schema, table: table.name, column: column.name, from: column.dataType, to: 'uuid', using: `${col}::uuid` }];
        } else {
          message =
            `${name} is ${column.dataType}: values shorter than ${n} characters are padded with spaces, come back padded, ` +
            `and the padding is ignored by = but not by LIKE ('ab'::char(5) LIKE 'ab' is false), which surprises applications; ` +
            `char(n) is no faster than varchar in PostgreSQL. Use varchar(${n}) (or text); the conversion drops the padding.`;
          fix = [{ op: 'alter-type', schema: table.schema, table: table.name, column: column.name, from: column.dataType, to: `varchar(${n})` }];
        }
        report({ table, columns: [column.name], message, fix });
      }
    }
  },
};

/** `character(12)` → 12; bare `character` / `bpchar` is char(1) or unbounded. */
function lengthOf(dataType: Column['dataType']): number | undefined {
  const m = /^(?:character|char|bpchar)\s*\((\d+)\)/i.exec(dataType);
  return m ? Number(m[1]) : undefined;
}

export default rule;
