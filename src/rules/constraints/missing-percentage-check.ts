import type { Column } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import type { Rule } from '../types.js';
import { dataTables, hasCheckOn, ident, objectName, stringList, words } from '../types/shared.js';
import { NUMBER_FAMILIES, isBuiltinNumberType } from './missing-non-negative-check.js';

/** Last words of percentage names: `discount_percent`, `vat_pct`, `completion_percentage`. */
const PERCENT_WORDS = ['percent', 'percentage', 'pct'];
/** Rates that are shares of a whole. `exchange_rate`, `hourly_rate` or `heart_rate` are not, so rates are listed by name. */
const RATE_NAMES = [
  'discount_rate', 'tax_rate', 'vat_rate', 'commission_rate', 'interest_rate', 'churn_rate', 'success_rate',
  'error_rate', 'failure_rate', 'bounce_rate', 'completion_rate', 'open_rate', 'click_rate', 'win_rate',
  'utilization_rate', 'occupancy_rate', 'retention_rate',
];
/** Words that make a percentage unbounded or signed: a markup of 150 %, a growth of -20 %. */
const UNBOUNDED_WORDS = ['markup', 'growth', 'change', 'delta', 'increase', 'decrease', 'diff', 'difference', 'variance', 'return', 'gain', 'loss', 'margin', 'yield'];

type Scale = { max: 100 | 1; reason: string };

/**
 * What the values are shares of: 100 for percentages, 1 for fractions. The declared numeric(p,s) decides when it can
 * (numeric(5,4) cannot hold 100, so the values are fractions; numeric(5,2) holds 100.00), else the name does.
 */
export function scaleOf(column: Column, isPercentName: boolean): Scale {
  const declared = /^numeric\s*\((\d+)(?:\s*,\s*(\d+))?\)/i.exec(column.dataType);
  const precision = column.precision ?? (declared ? Number(declared[1]) : undefined);
  const scale = column.scale ?? (declared?.[2] ? Number(declared[2]) : 0);
  if (column.family === 'numeric' && precision !== undefined) {
    const integerDigits = precision - scale;
    if (integerDigits <= 1) return { max: 1, reason: `${column.dataType} holds at most ${integerDigits <= 0 ? 'values below 1' : '9.' + '9'.repeat(scale)}, so the values are fractions of 1` };
    if (integerDigits >= 3) return { max: 100, reason: `${column.dataType} holds values up to 100 and beyond, so the values read as percentages` };
  }
  if (['smallint', 'integer', 'bigint'].includes(column.family)) return { max: 100, reason: 'a whole-number type cannot hold fractions of 1, so the values read as percentages' };
  return isPercentName
    ? { max: 100, reason: 'the name says percent' }
    : { max: 1, reason: 'rates are usually stored as fractions of 1 (0.2 for 20 %)' };
}

const rule: Rule = {
  meta: {
    id: 'constraints/missing-percentage-check',
    category: 'constraints',
    severity: 'medium',
    summary: 'Percentage or rate column without a CHECK that keeps it within its range (0..100 or 0..1).',
    why:
      'A discount of 150 % or a tax rate of -1 is accepted without a range check, and it turns into negative prices, ' +
      'refunds and reports that do not add up; mixing 20 and 0.2 for the same rate goes unnoticed too.',
  },
  defaultOptions: {
    /** Last words that mark a percentage. */
    percentWords: PERCENT_WORDS,
    /** Whole names (or name endings after `_`) of rates that are shares of a whole. */
    rateNames: RATE_NAMES,
    /** Words that make a percentage unbounded or signed; names with one are left alone. */
    unboundedWords: UNBOUNDED_WORDS,
  },
  check({ catalog, options, report }) {
    const percentWords = stringList(options, 'percentWords', PERCENT_WORDS);
    const rateNames = stringList(options, 'rateNames', RATE_NAMES);
    const unboundedWords = stringList(options, 'unboundedWords', UNBOUNDED_WORDS);
    for (const table of dataTables(catalog.tables)) {
      for (const column of table.columns) {
        if (!NUMBER_FAMILIES.includes(column.family) || column.family === 'money' || !isBuiltinNumberType(column.dataType)) continue;
        if (column.autoIncrement || column.generated) continue;
        const w = words(column.name);
        if (w.some((x) => unboundedWords.includes(x))) continue;
        const joined = w.join('_');
        const isPercent = percentWords.includes(w[w.length - 1]);
        const isRate = rateNames.some((r) => joined === r || joined.endsWith(`_${r}`));
        if (!isPercent && !isRate) continue;
        if (hasCheckOn(table, [column.name])) continue;
        const { max, reason } = scaleOf(column, isPercent);
        const col = ident(column.name);
        const expression = `${col} >= 0 AND ${col} <= ${max}`;
        const other = max === 100 ? 'if the values are stored as fractions (0.2 for 20 %), use 0..1 instead' : 'if the values are whole percentages (20 for 20 %), use 0..100 instead';
        report({
          table,
          columns: [column.name],
          message:
            `${qualifiedName(table)}.${column.name} (${column.dataType}) is a ${isPercent ? 'percentage' : 'rate'} with no CHECK on ` +
            `its range: a value such as ${max === 100 ? '150 or -5' : '1.5 or -0.1'} is accepted and turns into negative prices or ` +
            `totals that do not add up. Add CHECK (${expression}): ${reason}; ${other}.`,
          fix: [{ op: 'add-check', schema: table.schema, table: table.name, name: objectName(table.name, column.name, 'range'), expression }],
        });
      }
    }
  },
};

export default rule;
