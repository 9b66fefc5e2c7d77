// One way to load a tree-sitter grammar for every source that parses application code (PHP, Ruby,
// Python): the runtime is initialised once, each grammar once per process, and the node types a
// source relies on are checked up front, so a grammar upgrade fails loudly instead of reading nothing.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

/**
 * The grammar shipped as `wasm` (a module path such as `tree-sitter-python/tree-sitter-python.wasm`),
 * after checking it names every node type in `required`; `who` names the source in the error.
 */
export async function loadGrammar(wasm: string, required: readonly string[], who: string): Promise<Language> {
  runtime ??= Parser.init();
  await runtime;
  let language = languages.get(wasm);
  if (!language) {
    language = Language.load(require.resolve(wasm));
    languages.set(wasm, language);
  }
  const loaded = await language;
  const missing = required.filter((t) => loaded.idForNodeType(t, true) === null);
  if (missing.length) throw new Error(`${wasm} lacks node types ${who} needs: ${missing.join(', ')}`);
  return loaded;
}

/** A parser set to the grammar (parsers hold state: one per source). */
export async function parserFor(wasm: string, required: readonly string[], who: string): Promise<{ parser: Parser; language: Language }> {
  const language = await loadGrammar(wasm, required, who);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, language };
}
