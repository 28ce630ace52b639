import { createRequire } from 'node:module';
import { ChainCache } from './cache.js';
import { extractChains } from './extract.js';
import { SPECS } from './languages/index.js';
import type { CodeChain, CodeWarning, Language } from './types.js';

const require = createRequire(import.meta.url);

export const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.go': 'go',
  '.rb': 'ruby',
};

type Parser = import('web-tree-sitter').Parser;
let init: Promise<typeof import('web-tree-sitter')> | undefined;
const parsers = new Map<Language, Promise<Parser>>();

/** web-tree-sitter and each grammar are loaded on first use, only for languages actually present. */
function parserFor(language: Language): Promise<Parser> {
  let p = parsers.get(language);
  if (!p) {
    init ??= import('web-tree-sitter').then(async (ts) => {
      await ts.Parser.init();
      return ts;
    });
    p = init.then(async (ts) => {
      const grammar = await ts.Language.load(require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${language}.wasm`));
      const parser = new ts.Parser();
      parser.setLanguage(grammar);
      return parser;
    });
    parsers.set(language, p);
  }
  return p;
}

export function languageOf(file: string): Language | undefined {
  const m = /\.[a-z]+$/i.exec(file);
  return m ? LANGUAGE_BY_EXTENSION[m[0].toLowerCase()] : undefined;
}

/** A file that never names an environment API is not parsed at all. */
export function mentionsEnv(text: string, language: Language): boolean {
  return SPECS[language].mentionsEnv.test(text);
}

/** chainsOfSource through a cache keyed by the file's content. */
export async function cachedChainsOfSource(
  text: string,
  file: string,
  language: Language,
  cache: ChainCache | undefined,
): Promise<{ chains: CodeChain[]; warnings: CodeWarning[] }> {
  if (!mentionsEnv(text, language)) return { chains: [], warnings: [] };
  if (!cache) return chainsOfSource(text, file, language);
  const key = ChainCache.key(text, language);
  const hit = cache.get(key, file, text);
  if (hit) return hit;
  const r = await chainsOfSource(text, file, language);
  cache.set(key, text, r);
  return r;
}

/** The chains of one source file; a syntax error is a warning, and the parts that parse still count. */
export async function chainsOfSource(text: string, file: string, language: Language): Promise<{ chains: CodeChain[]; warnings: CodeWarning[] }> {
  if (!mentionsEnv(text, language)) return { chains: [], warnings: [] };
  const parser = await parserFor(language);
  const tree = parser.parse(text);
  if (!tree) return { chains: [], warnings: [{ file, message: 'could not be parsed' }] };
  try {
    const warnings: CodeWarning[] = [];
    if (tree.rootNode.hasError) {
      const err = findError(tree.rootNode);
      warnings.push({ file, line: err ? err.startPosition.row + 1 : undefined, message: `has a syntax error; chains are read from the parts that parse` });
    }
    return { chains: extractChains(tree, file, language), warnings };
  } catch (err) {
    // Expressions nested thousands deep exhaust the stack of the tree walk: said, not a crash.
    if (!(err instanceof RangeError)) throw err;
    return { chains: [], warnings: [{ file, message: 'is nested too deeply to read its chains; none are taken from it' }] };
  } finally {
    tree.delete();
  }
}

function findError(n: import('web-tree-sitter').Node): import('web-tree-sitter').Node | undefined {
  if (n.type === 'ERROR' || n.isMissing) return n;
  for (const c of n.children) {
    if (c && (c.hasError || c.type === 'ERROR' || c.isMissing)) {
      const found = findError(c);
      if (found) return found;
    }
  }
  return undefined;
}
