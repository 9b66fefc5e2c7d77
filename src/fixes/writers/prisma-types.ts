// The Prisma spelling of a column type: which scalar (and `@db.X(…)` native type, when the scalar's default is not
// it) makes Prisma Migrate create a given database type. Found by asking the Prisma source's own mapping
// (src/sources/prisma/types.ts) every candidate, so that a schema edit reads back as exactly the type the SQL sets.
import type { Dialect } from '../../catalog/types.js';
import { columnType } from '../../sources/prisma/types.js';
import { normalType } from '../type-names.js';

export interface PrismaType {
  scalar: string;
  /** `@db.<name>(<args>)`, or undefined when the scalar's default mapping is the type. */
  native?: { name: string; args: string[] };
}

/** Native types and the scalars Prisma allows them on. */
const NATIVE: Record<'postgres' | 'mysql', Record<string, string[]>> = {
  postgres: {
    Text: ['String'],
    Citext: ['String'],
    VarChar: ['String'],
    Char: ['String'],
    Uuid: ['String'],
    Xml: ['String'],
    Inet: ['String'],
    Bit: ['String'],
    VarBit: ['String'],
    Boolean: ['Boolean'],
    SmallInt: ['Int'],
    Integer: ['Int'],
    Oid: ['Int'],
    BigInt: ['BigInt'],
    Real: ['Float'],
    DoublePrecision: ['Float'],
    Decimal: ['Decimal'],
    Money: ['Decimal'],
    Timestamp: ['DateTime'],
    Timestamptz: ['DateTime'],
    Date: ['DateTime'],
    Time: ['DateTime'],
    Timetz: ['DateTime'],
    Json: ['Json'],
    JsonB: ['Json'],
    ByteA: ['Bytes'],
  },
  mysql: {
    VarChar: ['String'],
    Char: ['String'],
    Text: ['String'],
    TinyText: ['String'],
    MediumText: ['String'],
    LongText: ['String'],
    Bit: ['Boolean', 'Bytes'],
    Binary: ['Bytes'],
    VarBinary: ['Bytes'],
    TinyBlob: ['Bytes'],
    Blob: ['Bytes'],
    MediumBlob: ['Bytes'],
    LongBlob: ['Bytes'],
    TinyInt: ['Boolean', 'Int'],
    UnsignedTinyInt: ['Int'],
    SmallInt: ['Int'],
    UnsignedSmallInt: ['Int'],
    MediumInt: ['Int'],
    UnsignedMediumInt: ['Int'],
    Int: ['Int'],
    UnsignedInt: ['Int'],
    BigInt: ['BigInt'],
    UnsignedBigInt: ['BigInt'],
    Decimal: ['Decimal'],
    Float: ['Float'],
    Double: ['Float'],
    Date: ['DateTime'],
    Time: ['DateTime'],
    DateTime: ['DateTime'],
    Timestamp: ['DateTime'],
    Year: ['Int'],
    Json: ['Json'],
  },
};

const SCALARS = ['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes'];


/**
 * The Prisma type that creates `dataType`, preferring the field's current scalar (its Prisma Client type stays) and
 * no native type over one. Undefined when no scalar and native type of the provider spells it.
 */
export function prismaTypeFor(dialect: Dialect, dataType: string, currentScalar?: string): PrismaType | undefined {
  if (dialect !== 'postgres' && dialect !== 'mysql') return undefined;
  const want = normalType(dialect, dataType);
  const args = /\(([^)]*)\)/.exec(want)?.[1]?.split(',').map((a) => a.trim()) ?? [];
  const scalars = currentScalar && SCALARS.includes(currentScalar) ? [currentScalar, ...SCALARS.filter((s) => s !== currentScalar)] : SCALARS;
  const matches = (scalar: string, native?: { name: string; args: string[] }) =>
    normalType(dialect, columnType(dialect, { type: scalar, kind: 'scalar', isList: false, nativeType: native ? [native.name, native.args] : null }).dataType) === want;
  for (const scalar of scalars) {
    if (matches(scalar)) return { scalar };
    for (const [name, allowed] of Object.entries(NATIVE[dialect])) {
      if (!allowed.includes(scalar)) continue;
      if (matches(scalar, { name, args: [] })) return { scalar, native: { name, args: [] } };
      if (args.length && matches(scalar, { name, args })) return { scalar, native: { name, args } };
    }
  }
  return undefined;
}
