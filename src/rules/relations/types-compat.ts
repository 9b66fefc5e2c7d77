// Type compatibility between a referencing column and the key it points at, shared by the relations rules.
import type { Column, TypeFamily } from '../../catalog/types.js';

const INT_WIDTH: Partial<Record<TypeFamily, number>> = { smallint: 2, integer: 4, bigint: 8 };
const STRINGS: TypeFamily[] = ['text', 'varchar', 'char'];

/** Byte width of an integer family, undefined for anything else. */
export function intWidth(family: TypeFamily): number | undefined {
  return INT_WIDTH[family];
}

/**
 * Whether a foreign key from `from` to `to` can be declared as the columns stand: the same family, an integer
 * pointing at an integer key at least as wide, or strings pointing at strings.
 */
export function canReference(from: Column, to: Column): boolean {
  if (from.family === to.family) return from.family !== 'enum' || from.dataType === to.dataType;
  const a = intWidth(from.family);
  const b = intWidth(to.family);
  if (a !== undefined && b !== undefined) return a <= b;
  return STRINGS.includes(from.family) && STRINGS.includes(to.family);
}
