// Prisma's own reading of the schema (the DMMF from @prisma/get-dmmf, the engine's wasm build): resolved
// database names (@@map/@map), relations with their fields and referential actions, primary keys and
// indexes. It also validates the schema; its errors become one-line UsageErrors naming file:line.
import { createRequire } from 'node:module';
import type { DmmfDefault, NativeType } from './types.js';

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  isUpdatedAt?: boolean;
  type: string;
  nativeType?: NativeType;
  hasDefaultValue: boolean;
  default?: DmmfDefault;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  schema?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfIndexField {
  name: string;
  sortOrder?: 'asc' | 'desc';
  length?: number;
  operatorClass?: string;
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'normal' | 'unique' | 'fulltext';
  isDefinedOnField: boolean;
  name?: string;
  dbName?: string;
  algorithm?: string;
  clustered?: boolean;
  fields: DmmfIndexField[];
}

export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

/** A schema Prisma's engine refused, with its first error's place. */
export interface EngineError {
  message: string;
  file?: string;
  line?: number;
  count: number;
}

type GetDmmf = (options: { datamodel: string | [string, string][] }) => unknown;
let getDmmf: GetDmmf | undefined;

function engine(): GetDmmf {
  if (!getDmmf) {
    const require = createRequire(import.meta.url);
    getDmmf = (require('@prisma/get-dmmf') as { getDMMF: GetDmmf }).getDMMF;
  }
  return getDmmf;
}

/** Runs the engine over the files (`[path, text]`): the datamodel, or the engine's first error. */
export function readDatamodel(files: [string, string][]): { datamodel: Datamodel } | { error: EngineError } {
  let result: unknown;
  try {
    result = engine()({ datamodel: files });
  } catch (err) {
    return { error: parseEngineError((err as Error).message ?? String(err)) };
  }
  const r = result as { datamodel?: Datamodel; type?: string; reason?: string; error?: Error };
  if (r && r.datamodel) return { datamodel: r.datamodel };
  // get-dmmf returns (does not throw) { type: 'wasm-error' | 'parse-json', reason, error } on failure.
  return { error: parseEngineError(r?.error?.message ?? r?.reason ?? 'the Prisma engine could not read the schema') };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The engine's message is JSON (`{"error_code":"P1012","message":"error: …\n  -->  schema.prisma:42\n…"}`)
 * with ANSI colours; keep the first error's text and place, and how many there were.
 */
export function parseEngineError(raw: string): EngineError {
  let text = raw;
  try {
    const parsed = JSON.parse(raw) as { message?: string };
    if (typeof parsed.message === 'string') text = parsed.message;
  } catch {
    // not JSON: use as is
  }
  text = text.replace(ANSI, '');
  const first = /error:\s*([^\n]+)\n\s*-->\s*(.+?):(\d+)/.exec(text);
  const count = Number(/Validation Error Count:\s*(\d+)/.exec(text)?.[1] ?? 1);
  if (first) {
    const message = first[1].replace(/^Error validating( [^:]+)?:\s*/, '').replace(/^Error parsing attribute "([^"]+)":\s*/, '$1: ').trim();
    return { message, file: first[2].trim(), line: Number(first[3]), count };
  }
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return { message: line.replace(/^error:\s*/, '').trim(), count };
}
