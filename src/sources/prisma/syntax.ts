// The syntax side of a Prisma schema: prisma-ast parses each file with a parser that tracks locations
// (never the cwd config lookup prisma-ast does at import), so every model, field and attribute has its
// file:line. Also prepares the text handed to Prisma's engine (get-dmmf) without moving any line, and
// finds `// schemascope-ignore` comments.
import type {
  Attribute,
  AttributeArgument,
  BlockAttribute,
  Datasource,
  Enum,
  Field,
  Model,
  Schema,
  Value,
  View,
} from '@mrleebo/prisma-ast';
import type { Suppression } from '../../catalog/types.js';

export interface SchemaFile {
  /** Path as shown in findings. */
  path: string;
  text: string;
}

export interface ParsedFile {
  file: SchemaFile;
  ast: Schema;
}

export interface ModelSyntax {
  file: string;
  kind: 'model' | 'view';
  block: Model | View;
  line: number;
  fields: Map<string, Field>;
  /** Block attributes (`@@index`, `@@unique`, `@@id`, `@@map`…) in order. */
  attributes: BlockAttribute[];
}

export interface EnumSyntax {
  file: string;
  block: Enum;
  line: number;
}

export interface SchemaSyntax {
  files: ParsedFile[];
  models: Map<string, ModelSyntax>;
  enums: Map<string, EnumSyntax>;
  datasource?: { file: string; block: Datasource; line: number };
}

/** A syntax error prisma-ast reported, with where it is. */
export class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

type AstModule = typeof import('@mrleebo/prisma-ast');
let astModule: Promise<AstModule> | undefined;

/** prisma-ast builds its grammar at import (about 0.3 s): load it only when a Prisma schema is read. */
function loadAst(): Promise<AstModule> {
  astModule ??= import('@mrleebo/prisma-ast');
  return astModule;
}

export async function parseSchema(files: SchemaFile[]): Promise<SchemaSyntax> {
  const { getSchema, PrismaParser, VisitorClassFactory } = await loadAst();
  const parser = new PrismaParser({ nodeLocationTracking: 'full' });
  const Visitor = VisitorClassFactory(parser);
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    try {
      parsed.push({ file, ast: getSchema(file.text, { parser, visitor: new Visitor() }) });
    } catch (err) {
      const e = err as Error & { token?: { startLine?: number } };
      const first = (e.message ?? String(err)).split('\n')[0];
      throw new SyntaxFailure(first, file.path, e.token?.startLine);
    }
  }
  const models = new Map<string, ModelSyntax>();
  const enums = new Map<string, EnumSyntax>();
  let datasource: SchemaSyntax['datasource'];
  for (const { file, ast } of parsed) {
    for (const block of ast.list) {
      if (block.type === 'model' || block.type === 'view') {
        const fields = new Map<string, Field>();
        const attributes: BlockAttribute[] = [];
        for (const p of block.properties) {
          if (p.type === 'field') fields.set(p.name, p);
          else if (p.type === 'attribute') attributes.push(p as BlockAttribute);
        }
        models.set(block.name, { file: file.path, kind: block.type, block, line: lineOf(block), fields, attributes });
      } else if (block.type === 'enum') {
        enums.set(block.name, { file: file.path, block, line: lineOf(block) });
      } else if (block.type === 'datasource' && !datasource) {
        datasource = { file: file.path, block, line: lineOf(block) };
      }
    }
  }
  return { files: parsed, models, enums, datasource };
}

export function lineOf(node: { location?: { startLine?: number } } | undefined, fallback = 1): number {
  return node?.location?.startLine ?? fallback;
}

/** A string literal as prisma-ast keeps it (`"text"` with its quotes and escapes) → its value. */
export function unquote(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value.slice(1, -1);
  }
}

export function fieldAttribute(field: Field, name: string, group?: string): Attribute | undefined {
  return field.attributes?.find((a) => a.name === name && (a.group ?? undefined) === group);
}

/** The value of a named argument (`map: "x"`), or of the first positional one when `name` is undefined. */
export function argument(args: AttributeArgument[] | undefined, name?: string): Value | undefined {
  for (const a of args ?? []) {
    const v = a.value as unknown;
    const isKeyValue = typeof v === 'object' && v !== null && (v as { type?: string }).type === 'keyValue';
    if (name === undefined && !isKeyValue) return v as Value;
    if (name !== undefined && isKeyValue && (v as { key: string }).key === name) return (v as { value: Value }).value;
  }
  return undefined;
}

/** Field names an `@@index([a, b(sort: Desc)])`, `@@index(fields: [a])` or `@@index(a)` lists. */
export function attributeFields(attr: BlockAttribute): string[] {
  const v = argument(attr.args, 'fields') ?? argument(attr.args);
  const items: unknown[] =
    typeof v === 'object' && v !== null && (v as { type?: string }).type === 'array' ? ((v as { args?: unknown[] }).args ?? []) : v === undefined ? [] : [v];
  return items
    .map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item !== null ? (item as { name?: string }).name : undefined))
    .filter((n): n is string => typeof n === 'string');
}

export function assignment(block: Datasource | undefined, key: string): { value: unknown; line: number } | undefined {
  const a = block?.assignments.find((x) => x.type === 'assignment' && x.key === key) as { value: unknown; location?: { startLine: number } } | undefined;
  return a ? { value: a.value, line: lineOf(a) } : undefined;
}

// ---- the text handed to Prisma's engine ----

interface Edit {
  start: number;
  /** Exclusive. */
  end: number;
  text: string;
}

/** Blanks a range, keeping every newline so that line numbers do not move. */
function blank(text: string, start: number, end: number): Edit {
  return { start, end, text: text.slice(start, end).replace(/[^\n]/g, ' ') };
}

function lineRange(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: nl < 0 ? text.length : nl };
}

interface Located {
  location?: { startOffset: number; endOffset?: number };
}

/** Datasource properties that Prisma 7 rejects in schema files (they moved to prisma.config.ts). */
const CONNECTION_PROPERTIES = new Set(['url', 'directUrl', 'shadowDatabaseUrl']);

export interface EngineText {
  files: [string, string][];
  /** Whether `@ignore` / `@@ignore` were lifted so the engine describes those fields and models too. */
  ignoresLifted: boolean;
}

/**
 * The schema as given to get-dmmf 7, which is stricter than the Prisma versions real projects run:
 * connection URLs are left out of the datasource, `referentialIntegrity` (Prisma 3/4) is called
 * `relationMode`, views lose the `@id`/`@@id` Prisma 7 refuses on them, and, when `liftIgnores`,
 * `@ignore`/`@@ignore` are blanked (Prisma Migrate still creates ignored fields and models, but the
 * engine's description leaves them out). Every line stays where it was.
 */
export function engineText(syntax: SchemaSyntax, liftIgnores: boolean): EngineText {
  let lifted = false;
  const files = syntax.files.map(({ file, ast }): [string, string] => {
    const text = file.text;
    const edits: Edit[] = [];
    for (const block of ast.list) {
      if (block.type === 'datasource') {
        for (const a of block.assignments) {
          if (a.type !== 'assignment') continue;
          const loc = (a as Located).location;
          if (!loc) continue;
          if (CONNECTION_PROPERTIES.has(a.key)) {
            const r = lineRange(text, loc.startOffset);
            edits.push(blank(text, r.start, r.end));
          } else if (a.key === 'referentialIntegrity' && loc.endOffset !== undefined) {
            edits.push({ start: loc.startOffset, end: loc.endOffset + 1, text: 'relationMode' });
          }
        }
      }
      if (block.type !== 'model' && block.type !== 'view') continue;
      for (const p of block.properties) {
        if (p.type === 'field') {
          for (const attr of p.attributes ?? []) {
            const loc = (attr as Located).location;
            if (!loc || loc.endOffset === undefined || attr.group) continue;
            if ((block.type === 'view' && attr.name === 'id') || (liftIgnores && attr.name === 'ignore')) {
              edits.push(blank(text, loc.startOffset, loc.endOffset + 1));
              if (attr.name === 'ignore') lifted = true;
            }
          }
        } else if (p.type === 'attribute') {
          const loc = (p as Located).location;
          if (!loc) continue;
          if ((block.type === 'view' && p.name === 'id') || (liftIgnores && p.name === 'ignore')) {
            // `@@id([a, b])` spans to the end of its line; `@@ignore` has no arguments.
            const r = lineRange(text, loc.startOffset);
            edits.push(blank(text, loc.startOffset, r.end));
            if (p.name === 'ignore') lifted = true;
          }
        }
      }
    }
    edits.sort((a, b) => b.start - a.start);
    let out = text;
    for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return [file.path, out];
  });
  return { files, ignoresLifted: lifted };
}

// ---- inline suppressions ----

const DIRECTIVE = 'schemascope-ignore';

/**
 * `// schemascope-ignore <rule-id>: <reason>` silences that rule's finding on the comment's line or the
 * line after (a trailing comment on a field line covers the field). A directive without a reason
 * silences nothing. `//` inside a string literal is not a comment.
 */
export function findSuppressions(files: SchemaFile[]): Suppression[] {
  const out: Suppression[] = [];
  for (const file of files) {
    if (!file.text.includes(DIRECTIVE)) continue;
    file.text.split('\n').forEach((lineText, i) => {
      const comment = commentOf(lineText);
      if (comment === undefined) return;
      const body = comment.replace(/^\/+/, '').trim();
      if (!body.startsWith(DIRECTIVE)) return;
      const rest = body.slice(DIRECTIVE.length).trim();
      const colon = rest.indexOf(':');
      if (colon <= 0) return;
      const ruleId = rest.slice(0, colon).trim();
      const reason = rest.slice(colon + 1).trim();
      if (ruleId && reason) out.push({ file: file.path, line: i + 1, ruleId, reason });
    });
  }
  return out;
}

function commentOf(line: string): string | undefined {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '/' && line[i + 1] === '/') return line.slice(i);
  }
  return undefined;
}
