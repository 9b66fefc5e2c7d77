// What an AddField does to the rows already in the table, the way Django's schema editor runs it: the column is
// added with the field's *effective default* (BaseDatabaseSchemaEditor._effective_default) filling those rows, and
// that database default is then dropped again. So a NOT NULL field fails on a table with rows only when it has no
// effective default at all, which makemigrations never writes but a hand-written migration may.
import type { MigrationOperation } from '../../catalog/types.js';
import { columnName, fieldInfo, RELATION_TYPES } from './build.js';
import { kw, truthy, type PyValue } from './python.js';
import type { FieldDef } from './state.js';

/** Field classes whose empty_strings_allowed is False: blank=True gives them no "" default. */
const NO_EMPTY_STRINGS = new Set([
  'AutoField', 'BigAutoField', 'SmallAutoField', 'IntegerField', 'BigIntegerField', 'SmallIntegerField',
  'PositiveIntegerField', 'PositiveBigIntegerField', 'PositiveSmallIntegerField', 'BooleanField', 'NullBooleanField',
  'DateField', 'DateTimeField', 'TimeField', 'DurationField', 'DecimalField', 'FloatField', 'UUIDField', 'JSONField',
  'GenericIPAddressField', 'IPAddressField', 'ArrayField', 'HStoreField', ...RELATION_TYPES,
]);

const IDENTITY = new Set(['AutoField', 'BigAutoField', 'SmallAutoField']);

/** Whether existing rows get a value as Django adds the field: its effective default, a db_default, an identity. */
function fillsExistingRows(type: string, call: PyValue & { k: 'call' }): boolean {
  const def = kw(call, 'default');
  if (def && def.k !== 'none') return true;
  if (kw(call, 'db_default')) return true;
  if (IDENTITY.has(type) || type === 'GeneratedField') return true;
  // CharField/TextField/… with blank=True: Django fills "" (custom classes are given the benefit of the doubt).
  if (truthy(kw(call, 'blank')) === true && !NO_EMPTY_STRINGS.has(type)) return true;
  // auto_now / auto_now_add: Django fills the current date or time.
  if (truthy(kw(call, 'auto_now')) === true || truthy(kw(call, 'auto_now_add')) === true) return true;
  return false;
}

/** The column facts of an AddField, for the migration graph; undefined for a field without a column (ManyToManyField). */
export function addFieldFacts(def: FieldDef, preserveDefault: PyValue | undefined): Partial<MigrationOperation> | undefined {
  const fi = fieldInfo(def.value);
  if (!fi || fi.type === 'ManyToManyField') return undefined;
  const c = fi.call;
  const primary = truthy(kw(c, 'primary_key')) === true;
  const nullable = !primary && (truthy(kw(c, 'null')) ?? fi.type === 'NullBooleanField');
  return {
    column: columnName(def),
    nullable,
    hasDefault: fillsExistingRows(fi.type, c),
    ...(truthy(preserveDefault) === false ? { preserveDefault: false } : {}),
  };
}
