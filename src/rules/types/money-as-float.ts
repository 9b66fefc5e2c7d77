import type { Column } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, ident, stringList, stringOption, words } from './shared.js';

/** Words that make a column name money-like. `total` is handled apart: it is also used for counts and weights. */
const MONEY_WORDS = [
  'amount', 'amounts', 'price', 'prices', 'cost', 'costs', 'fee', 'fees', 'tax', 'taxes', 'subtotal', 'subtotals',
  'salary', 'salaries', 'revenue', 'revenues', 'balance', 'balances', 'cents',
];
/** Words that say the number is not a sum of money even next to a money word (`tax_rate`, `cost_ratio`). */
const NOT_MONEY_WORDS = [
  'rate', 'ratio', 'percent', 'percentage', 'pct', 'factor', 'multiplier', 'weight', 'score', 'count', 'qty', 'quantity',
  'index', 'id',
];

export function isMoneyName(name: string, moneyWords: string[], notMoneyWords: string[]): boolean {
  const w = words(name);
  if (w.some((x) => notMoneyWords.includes(x))) return false;
  if (w.some((x) => moneyWords.includes(x))) return true;
  // `total`, `order_total`, `grand_total` are sums of money; `total_weight`, `total_hours` are not.
  return w[w.length - 1] === 'total' || w[w.length - 1] === 'totals';
}

const rule: Rule = {
  meta: {
    id: 'types/money-as-float',
    category: 'types',
    severity: 'high',
    summary: 'Money-like column stored as a binary floating-point type (real / double precision).',
    why:
      'Binary floating point cannot represent most decimal fractions (0.1 + 0.2 <> 0.3), so sums, comparisons and rounding ' +
      'of amounts drift by fractions of a cent and totals stop matching invoices and ledgers.',
  },
  defaultOptions: {
    /** Words that make a column name money-like (matched against the words of snake_case / camelCase names). */
    moneyWords: MONEY_WORDS,
    /** Words that rule a name out even next to a money word. */
    notMoneyWords: NOT_MONEY_WORDS,
    /** The type the fix converts to. */
    targetType: 'numeric(19,4)',
  },
  check({ catalog, options, report }) {
    const moneyWords = stringList(options, 'moneyWords', MONEY_WORDS);
    const notMoneyWords = stringList(options, 'notMoneyWords', NOT_MONEY_WORDS);
    const target = stringOption(options, 'targetType', 'numeric(19,4)');
    for (const table of dataTables(catalog.tables)) {
      for (const column of table.columns) {
        if (column.family !== 'float' || column.generated) continue;
        if (!isMoneyName(column.name, moneyWords, notMoneyWords)) continue;
        const cents = words(column.name).includes('cents');
        const to = cents ? 'bigint' : target;
        report({
          table,
          columns: [column.name],
          message: message(qualifiedName(table), column, to, cents),
          fix: [
            {
              op: 'alter-type',
              schema: table.schema,
              table: table.name,
              column: column.name,
              from: column.dataType,
              to,
              using: cents ? `round(${ident(column.name)})::bigint` : `${ident(column.name)}::${to}`,
            },
          ],
        });
      }
    }
  },
};

function message(table: string, column: Column, to: string, cents: boolean): string {
  const base =
    `${table}.${column.name} looks like money but is stored as ${column.dataType}, a binary floating-point type: ` +
    `values such as 0.10 are stored approximately, so sums and comparisons drift by fractions of a cent.`;
  return cents
    ? `${base} A count of cents is a whole number: store it as ${to} (exact, and the usual type for minor units).`
    : `${base} Store it as ${to}, an exact decimal type${numericDetail(to)}.`;
}

/** What a numeric(p,s) target holds, and what converting to it does to the stored values. */
function numericDetail(type: string): string {
  const m = /^numeric\((\d+),\s*(\d+)\)$/i.exec(type.trim());
  if (!m) return '';
  const [p, s] = [Number(m[1]), Number(m[2])];
  return ` (${p - s} digits before the point and ${s} after${s >= 4 ? ', enough for unit prices and currency conversions' : ''}); ` +
    `the conversion rounds each stored value to ${s} decimal places`;
}

export default rule;
