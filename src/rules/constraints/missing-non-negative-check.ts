import type { Column, TypeFamily } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, hasCheckOn, ident, objectName, stringList, words } from '../types/shared.js';

export const NUMBER_FAMILIES: TypeFamily[] = ['smallint', 'integer', 'bigint', 'numeric', 'float', 'money'];

/** Words of names that hold amounts, prices and quantities, which are never negative. */
const WORDS = [
  'amount', 'amounts', 'price', 'prices', 'cost', 'costs', 'total', 'totals', 'subtotal', 'subtotals',
  'quantity', 'quantities', 'qty', 'fee', 'fees', 'cents', 'duration', 'durations',
];
/** Last words of names that hold a length of time in a unit (`timeout_seconds`, `duration_ms`). */
const UNIT_SUFFIXES = ['minutes', 'seconds', 'secs', 'ms', 'millis', 'milliseconds', 'hours'];
/**
 * Words that say the value may be negative: differences and signed results (`price_change`, `net_amount`,
 * `utc_offset_minutes`). `balance` is here on purpose: an account balance is negative when overdrawn.
 */
const SIGNED_WORDS = [
  'delta', 'change', 'diff', 'difference', 'adjustment', 'adjustments', 'net', 'balance', 'offset', 'variance',
  'profit', 'loss', 'gain', 'pnl', 'margin', 'correction', 'discrepancy', 'signed',
];

/**
 * Whether the column's type is a built-in number type. A domain (`price positive_amount`) prints under its own name,
 * and its CHECK lives on the domain, which the catalog does not carry: such columns are left alone.
 */
export function isBuiltinNumberType(dataType: string): boolean {
  // PostgreSQL's names as format_type prints them, and MySQL's (with a display width, UNSIGNED or ZEROFILL).
  return (
    /^(smallint|integer|bigint|real|double precision|money|numeric(\s*\(\d+(,\s*\d+)?\))?)$/i.test(dataType.trim()) ||
    /^(tinyint|smallint|mediumint|int|integer|bigint|float|double|real|decimal|numeric)(\s*\(\d+(,\s*\d+)?\))?(\s+(unsigned|zerofill))*$/i.test(dataType.trim())
  );
}

export function isNonNegativeName(name: string, wordList: string[], unitSuffixes: string[], signedWords: string[]): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  const last = w[w.length - 1];
  if (last === 'id' || last === 'ids' || last === 'uuid') return false; // a reference to a row, not an amount
  if (w.some((x) => signedWords.includes(x))) return false;
  return w.some((x) => wordList.includes(x)) || unitSuffixes.includes(last);
}

const rule: Rule = {
  meta: {
    id: 'constraints/missing-non-negative-check',
    category: 'constraints',
    severity: 'medium',
    summary: 'Amount, price, quantity or duration column without a CHECK that keeps it from going negative.',
    why:
      'A negative price, quantity or duration is always a bug, but without a CHECK the database stores it and the error ' +
      'shows up later as wrong totals, refunds that pay out, or stock that goes below zero.',
  },
  defaultOptions: {
    /** Words of names that hold a non-negative value. */
    words: WORDS,
    /** Last words of names that hold a length of time in a unit. */
    unitSuffixes: UNIT_SUFFIXES,
    /** Words that say the value may legitimately be negative; a name with one is left alone. */
    signedWords: SIGNED_WORDS,
  },
  check({ catalog, options, report }) {
    const wordList = stringList(options, 'words', WORDS);
    const unitSuffixes = stringList(options, 'unitSuffixes', UNIT_SUFFIXES);
    const signedWords = stringList(options, 'signedWords', SIGNED_WORDS);
    for (const table of dataTables(catalog.tables)) {
      for (const column of table.columns) {
        if (!NUMBER_FAMILIES.includes(column.family) || !isBuiltinNumberType(column.dataType)) continue;
        if (column.unsigned) continue; // MySQL's UNSIGNED already refuses negative values
        if (column.autoIncrement || column.identity || column.generated) continue;
        if (!isNonNegativeName(column.name, wordList, unitSuffixes, signedWords)) continue;
        if (hasCheckOn(table, [column.name])) continue;
        const expression = nonNegative(column);
        const what = kind(column.name);
        report({
          table,
          columns: [column.name],
          message:
            `${qualifiedName(table)}.${column.name} (${column.dataType}) holds ${what.noun} but no CHECK keeps it from ` +
            `going negative: a bug or a bad import can store -5 and it surfaces later as ${what.harm}. ` +
            `Add CHECK (${expression}); if negative values are meaningful here (${what.exception}), silence the rule for this column.`,
          fix: [{ op: 'add-check', schema: table.schema, table: table.name, name: objectName(table.name, column.name, 'non_negative'), expression }],
        });
      }
    }
  },
};

function nonNegative(column: Column): string {
  // money has no comparison with an integer literal; '0' is read as money.
  return column.family === 'money' ? `${ident(column.name)} >= '0'::money` : `${ident(column.name)} >= 0`;
}

function kind(name: string): { noun: string; harm: string; exception: string } {
  const w = words(name);
  if (w.some((x) => ['quantity', 'quantities', 'qty'].includes(x)))
    return { noun: 'a quantity', harm: 'stock below zero and order totals that turn into credits', exception: 'e.g. a stock movement that stores outgoing goods as negative quantities' };
  if (w.some((x) => ['duration', 'durations', 'minutes', 'seconds', 'secs', 'ms', 'millis', 'milliseconds', 'hours'].includes(x)))
    return { noun: 'a duration', harm: 'schedules that end before they start and time billed as negative', exception: 'e.g. a signed correction to a recorded time' };
  const noun = w.some((x) => ['price', 'prices'].includes(x)) ? 'a price' : w.some((x) => ['cost', 'costs', 'fee', 'fees'].includes(x)) ? 'a cost' : 'an amount';
  return { noun, harm: 'wrong totals, or a charge that pays the customer', exception: 'e.g. a ledger that stores debits as negative amounts' };
}

export default rule;
