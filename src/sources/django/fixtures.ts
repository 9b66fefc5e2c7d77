// Django fixtures that ship accounts or credentials: `<app>/fixtures/*.json|yaml|yml`, the files `loaddata` reads
// by name. Each object of model auth.user (or AUTH_USER_MODEL), or with a password, token, API key or secret
// field holding a value, becomes an application fact at the line of the object in the file. JSON is read with
// jsonc-parser (offsets for every node), YAML with the yaml package (ranges, and a LineCounter for lines).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getNodeValue, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { AppFixture } from '../../catalog/types.js';
import { classifyObject, hashScheme } from '../credentials.js';
import type { ProjectState } from './state.js';

interface RawObject {
  value: unknown;
  line: number;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function jsonObjects(text: string, file: string, state: ProjectState): RawObject[] {
  const errors: ParseError[] = [];
  const root: JsonNode | undefined = parseTree(text, errors);
  if (errors.length) {
    const e = errors[0];
    state.warn('django-fixture-unreadable', `${file}: ${printParseErrorCode(e.error)} at line ${lineAt(text, e.offset)}; the objects around it may be missed`, { file, line: lineAt(text, e.offset) });
  }
  if (root?.type !== 'array') return [];
  // Lines in order of offset, counted once.
  const out: RawObject[] = [];
  let line = 1;
  let at = 0;
  for (const child of root.children ?? []) {
    for (; at < child.offset; at++) if (text.charCodeAt(at) === 10) line++;
    out.push({ value: getNodeValue(child), line });
  }
  return out;
}

function yamlObjects(text: string, file: string, state: ProjectState): RawObject[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    state.warn('django-fixture-unreadable', `${file}: ${e.message.split('\n')[0]}; the objects around it may be missed`, { file, line: e.linePos?.[0].line ?? 1 });
  }
  if (!isSeq(doc.contents)) return [];
  return doc.contents.items.filter(isMap).map((item) => ({ value: item.toJSON(), line: lineCounter.linePos(item.range?.[0] ?? 0).line }));
}

const FORMATS: Record<string, typeof jsonObjects> = { '.json': jsonObjects, '.yaml': yamlObjects, '.yml': yamlObjects };
/** Larger fixtures are bulk data (countries, catalogues), not where accounts are shipped. */
const MAX_BYTES = 20_000_000;
/** Words a credential field name contains (see credentials.ts). */
const CREDENTIAL_HINT = /passw|pwd|token|secret|api_?key|private_?key|access_?key/i;

function fixtureMessage(f: AppFixture, fields: Record<string, unknown>, isUser: boolean): string {
  const who = typeof fields.username === 'string' ? ` \`${fields.username}\`` : typeof fields.email === 'string' ? ` \`${fields.email}\`` : '';
  const role = fields.is_superuser === true ? 'a superuser' : fields.is_staff === true ? 'a staff user' : isUser ? 'a user' : `a ${f.model} object`;
  const loaded = '`loaddata` creates it on every database the fixture is loaded into';
  switch (f.kind) {
    case 'plaintext-secret':
      return `${f.file} ships ${role}${who} with ${f.fields.join(', ')} readable in the file: ${loaded}, and everyone who can read the repository holds the credential`;
    case 'password-hash': {
      const hash = fields[f.fields[0]];
      const scheme = typeof hash === 'string' ? ` (${hashScheme(hash)})` : '';
      return `${f.file} ships ${role}${who} with a password hash${scheme}: ${loaded}, with a login its author knows and anyone with the repository can try to crack offline`;
    }
    default:
      return `${f.file} ships ${role}${who} (no usable password): ${loaded}`;
  }
}

/** Reads the fixtures of each app's `fixtures/` folder; notes each object that ships an account or a credential. */
export function readFixtures(apps: { dir: string }[], authUserModel: string, shown: (p: string) => string, state: ProjectState): AppFixture[] {
  const userModel = authUserModel.toLowerCase();
  const out: AppFixture[] = [];
  for (const app of apps) {
    const dir = join(app.dir, 'fixtures');
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const ext = name.slice(name.lastIndexOf('.')).toLowerCase();
      const read = FORMATS[ext];
      if (!read) continue;
      const file = shown(join(dir, name));
      let text: string;
      try {
        if (statSync(join(dir, name)).size > MAX_BYTES) {
          state.warn('django-fixture-skipped', `${file}: a fixture over ${MAX_BYTES / 1e6} MB is data, not accounts; not read for credentials`, { file, line: 1 }, true);
          continue;
        }
        text = readFileSync(join(dir, name), 'utf8');
      } catch {
        continue;
      }
      // Cheap first look: a file that names no credential field and no user model has nothing to find.
      if (!CREDENTIAL_HINT.test(text) && !text.toLowerCase().includes(userModel) && !text.toLowerCase().includes('auth.user')) continue;
      for (const obj of read(text, file, state)) {
        const o = obj.value as { model?: unknown; fields?: unknown } | null;
        if (!o || typeof o !== 'object' || typeof o.model !== 'string') continue;
        const model = o.model.toLowerCase();
        const fields = o.fields && typeof o.fields === 'object' ? (o.fields as Record<string, unknown>) : {};
        const isUser = model === 'auth.user' || model === userModel;
        const found = classifyObject(fields, isUser);
        if (!found) continue;
        const f: AppFixture = { file, line: obj.line, model: o.model, fields: found.fields, kind: found.kind };
        out.push(f);
        state.note('fixture-ships-credentials', fixtureMessage(f, fields, isUser), { file, line: obj.line });
      }
    }
  }
  return out;
}
