import type { Column, Table } from '../../catalog/types.js';
import { qualifiedName } from '../../catalog/types.js';
import { effectiveOnDelete, tableNamesForStem } from '../../catalog/lookup.js';
import { judgedForeignKeys } from './foreign-keys.js';
import type { Rule } from '../types.js';

const NUMERIC_FAMILIES = new Set(['numeric', 'money', 'integer', 'bigint', 'float', 'smallint']);
const TIME_FAMILIES = new Set(['date', 'timestamp', 'timestamptz']);

interface Options {
  moneyWords: string[];
  statusColumns: string[];
  ignoredTimestamps: string[];
  historyTables: string[];
}

function strings(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fallback;
}

/** `*` matches any run of characters; everything else is literal. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** Why a table looks like it keeps history, in words; empty when it does not. */
function historySignals(table: Table, o: Options): { signals: string[]; money: boolean; strong: boolean } {
  const signals: string[] = [];
  let money = false;
  const named = o.historyTables.find((p) => globMatch(p, table.name));
  if (named) signals.push(`its name (${table.name}) says it keeps records`);
  const moneyCols: string[] = [];
  const statusCols: string[] = [];
  const eventCols: string[] = [];
  for (const c of table.columns) {
    const words = c.name.split('_');
    const counter = ['id', 'count'].includes(words[words.length - 1]);
    if (NUMERIC_FAMILIES.has(c.family) && !counter && words.some((w) => o.moneyWords.includes(w))) moneyCols.push(c.name);
    if (o.statusColumns.includes(c.name) || o.statusColumns.some((s) => c.name.endsWith(`_${s}`))) statusCols.push(c.name);
    if (isEventTimestamp(c, o)) eventCols.push(c.name);
  }
  if (moneyCols.length) {
    money = true;
    signals.push(`money column${moneyCols.length > 1 ? 's' : ''} ${moneyCols.join(', ')}`);
  }
  if (statusCols.length) signals.push(`status column ${statusCols.join(', ')}`);
  if (eventCols.length) signals.push(`event timestamp${eventCols.length > 1 ? 's' : ''} ${eventCols.join(', ')}`);
  // An event timestamp alone (a session's revoked_at, a checklist item's completed_at) marks state,
  // not a record of business: it backs the case but does not make it.
  const strong = !!named || moneyCols.length > 0 || statusCols.length > 0;
  return { signals, money, strong };
}

/**
 * A timestamp saying something happened: a past participle before `_at`/`_on` (paid_at, shipped_on, sent_at), or a
 * `<noun>_date` (order_date). Deadlines and validity bounds (due_on, expires_at, starts_at) are not events.
 */
const PAST_PARTICIPLE = /(ed|paid|sent|done|made|taken|held|given|won|lost|begun|run|built|bought|sold|spent|met|seen|shown|drawn|withdrawn|written)_(at|on)$/;

function isEventTimestamp(c: Column, o: Options): boolean {
  if (!TIME_FAMILIES.has(c.family)) return false;
  if (!PAST_PARTICIPLE.test(c.name) && !/_date$/.test(c.name)) return false;
  return !o.ignoredTimestamps.includes(c.name) && !c.name.startsWith('last_');
}

/** A join table: its primary key is two or more columns, all of them foreign-key columns. */
function pureDependent(table: Table): boolean {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length < 2) return false;
  const fkCols = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  return pk.every((c) => fkCols.has(c));
}

/** `order_items` under `orders`: a part of the parent's record rather than a record of its own. */
function partOf(child: Table, parent: Table): boolean {
  const words = child.name.split('_');
  for (let i = 1; i < words.length; i++) {
    if (tableNamesForStem(words.slice(0, i).join('_')).includes(parent.name)) return true;
  }
  return false;
}

const rule: Rule = {
  meta: {
    id: 'relations/cascade-erases-history',
    category: 'relations',
    severity: 'medium',
    summary: 'ON DELETE CASCADE into a table that keeps history (payments, orders, logs), so deleting a parent silently erases records.',
    why:
      'Deleting one customer, product or project should not make invoices, payments or audit records disappear with it: ' +
      'they are facts about the past that accounting, support and the law expect to find. RESTRICT makes the deletion ' +
      'fail loudly, so the application archives, anonymises or soft-deletes the parent instead.',
  },
  defaultOptions: {
    moneyWords: ['amount', 'price', 'total', 'subtotal', 'cost', 'fee', 'fees', 'balance', 'tax', 'charge', 'revenue', 'refund', 'payout', 'salary', 'wage', 'cents'],
    statusColumns: ['status'],
    ignoredTimestamps: [
      'created_at', 'updated_at', 'modified_at', 'inserted_at', 'deleted_at', 'archived_at', 'created_on', 'updated_on',
      'expired_at', 'birth_date', 'start_date', 'end_date', 'due_date', 'expiry_date', 'expiration_date',
      // account bookkeeping on users and the like
      'confirmed_at', 'verified_at', 'email_verified_at', 'phone_verified_at', 'locked_at', 'confirmation_sent_at',
      'reset_password_sent_at', 'remember_created_at', 'password_changed_at',
    ],
    historyTables: ['payments', 'invoices', 'orders', 'transactions', 'events', 'refunds', 'charges', 'ledger', 'ledger_entries', '*_history', 'audit*', '*_audit', '*_log', '*_logs', '*_events', '*_transactions'],
  },
  check({ catalog, index, options, report }) {
    const defaults = rule.defaultOptions!;
    const o: Options = {
      moneyWords: strings(options.moneyWords, defaults.moneyWords as string[]),
      statusColumns: strings(options.statusColumns, defaults.statusColumns as string[]),
      ignoredTimestamps: strings(options.ignoredTimestamps, defaults.ignoredTimestamps as string[]),
      historyTables: strings(options.historyTables, defaults.historyTables as string[]),
    };
    for (const { table: child, fk, partitions } of judgedForeignKeys(index)) {
      // Django enforces on_delete itself: its CASCADE is in the model, not in the database.
      const effective = effectiveOnDelete(catalog, child, fk);
      if (effective.action !== 'cascade' || pureDependent(child)) continue;
      const { signals, money, strong } = historySignals(child, o);
      if (!strong) continue;
      const parent = index.table(fk.refSchema, fk.refTable);
      if (!parent || parent === child) continue;
      // Deleting a tenant is offboarding: its data going with it is the design, and retention of
      // its records is a policy question, not a key's.
      if (parent === index.tenancy.root) continue;
      // Line items of an order go with the order: the erasure to worry about is the order's, judged on its own FKs.
      if (partOf(child, parent) && historySignals(parent, o).strong) continue;
      const parentName = qualifiedName(parent);
      report({
        table: child,
        columns: fk.columns,
        object: fk.name,
        message:
          `foreign key ${fk.name} (${fk.columns.join(', ')}) → ${parentName} is ON DELETE CASCADE` +
          (effective.byApplication ? ' in the application (on_delete=CASCADE, which the ORM carries out row by row)' : '') +
          `, so deleting a row of ` +
          `${parent.name} silently deletes the ${child.name} rows that reference it, and ${child.name} keeps history ` +
          `(${signals.join('; ')}); use ${effective.byApplication ? 'on_delete=PROTECT' : 'ON DELETE RESTRICT'} and archive or anonymise the ${parent.name} row instead.`,
        origin: effective.origin,
        severity: money ? 'high' : undefined,
        // A key declared only on partitions is changed where it lives, on each partition.
        // An application-enforced cascade is changed in the model (on_delete=PROTECT), not with SQL.
        fix: effective.byApplication ? undefined : (partitions ?? [{ table: child, fk }]).map((p) => ({
          op: 'set-on-delete' as const,
          schema: p.table.schema,
          table: p.table.name,
          constraint: p.fk.name,
          columns: p.fk.columns,
          refSchema: p.fk.refSchema,
          refTable: p.fk.refTable,
          refColumns: p.fk.refColumns,
          from: 'cascade',
          to: 'restrict',
        })),
      });
    }
  },
};

export default rule;
