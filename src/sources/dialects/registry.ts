/**
 * The dotenv dialects concord knows, as data plus the one parse function each. `compose` and
 * `raw` are the compose readers in ../compose/env-file.ts.
 */
import { parseComposeEnvFile, parseRawEnvFile, type EnvFileResult } from '../compose/env-file.js';
import type { Lookup } from '../compose/template.js';
import { parseGoDotenv } from './go.js';
import { parseNodeNative } from './node-native.js';
import { parseNodeDotenv, parseNodeExpand } from './node.js';
import { parsePythonLoad } from './python.js';
import { parseRubyDotenv } from './ruby.js';
import { parseShell } from './shell.js';
import type { Dialect, DialectEntry, DialectId, DialectResult } from './types.js';

/** The compose readers report variables used; their entries get the raw text like the others. */
const fromCompose = (r: EnvFileResult): DialectResult => ({ ...r, entries: r.entries as DialectEntry[] });

export const DIALECTS: Record<DialectId, Omit<Dialect, 'id'>> = {
  node: {
    readers: 'npm dotenv (config, parse, import "dotenv/config")',
    comment: 'anywhere',
    interpolation: 'none',
    runsCommands: false,
    environmentWins: true,
    firstFileWins: true,
    corpus: ['npm dotenv 18 parse', 'npm dotenv 18 fast', 'npm dotenv 16.4.7'],
    read: (text) => parseNodeDotenv(text),
  },
  'node-native': {
    readers: "Node's own reader: node --env-file, process.loadEnvFile, util.parseEnv",
    comment: 'anywhere',
    interpolation: 'none',
    runsCommands: false,
    environmentWins: true,
    firstFileWins: false,
    corpus: ['node20 util.parseEnv', 'node20 loadEnvFile'],
    read: (text) => parseNodeNative(text),
  },
  'node-expand': {
    readers: 'npm dotenv + dotenv-expand',
    comment: 'anywhere',
    interpolation: 'full',
    runsCommands: false,
    environmentWins: true,
    firstFileWins: true,
    corpus: ['dotenv-expand 12.0.3'],
    read: (text, lookup) => parseNodeExpand(text, lookup),
  },
  compose: {
    readers: 'docker compose (env_file, the project .env)',
    comment: 'after-space',
    interpolation: 'full',
    runsCommands: false,
    environmentWins: true,
    firstFileWins: false,
    corpus: ['compose-go dotenv'],
    read: (text, lookup) => fromCompose(parseComposeEnvFile(text, lookup)),
  },
  raw: {
    readers: 'docker run --env-file, compose env_file format: raw, kubectl/kustomize envs:, ECS environmentFiles',
    comment: 'never',
    interpolation: 'none',
    runsCommands: false,
    environmentWins: false,
    firstFileWins: false,
    corpus: ['docker kvfile (raw)'],
    read: (text, lookup) => fromCompose(parseRawEnvFile(text, lookup)),
  },
  python: {
    readers: 'python-dotenv (load_dotenv), pydantic-settings (env_file)',
    comment: 'after-space',
    interpolation: 'braced-default',
    runsCommands: false,
    environmentWins: true,
    firstFileWins: true,
    corpus: ['python-dotenv load'],
    read: (text, lookup) => parsePythonLoad(text, lookup),
  },
  go: {
    readers: 'godotenv (Load, Read)',
    comment: 'after-space',
    interpolation: 'plain-and-braced',
    runsCommands: false,
    environmentWins: true,
    firstFileWins: true,
    corpus: ['godotenv 1.5.1'],
    read: (text) => parseGoDotenv(text),
  },
  ruby: {
    readers: 'Ruby dotenv gem (Dotenv.load, dotenv-rails)',
    comment: 'anywhere',
    interpolation: 'plain-and-braced',
    runsCommands: true,
    environmentWins: true,
    firstFileWins: true,
    corpus: ['ruby dotenv 3.2.0'],
    read: (text, lookup) => parseRubyDotenv(text, lookup),
  },
  shell: {
    readers: 'a shell: set -a; . ./file',
    comment: 'word-start',
    interpolation: 'shell',
    runsCommands: true,
    environmentWins: false,
    firstFileWins: false,
    corpus: ['bash set -a; source'],
    read: (text, lookup) => parseShell(text, lookup),
  },
};

export function dialect(id: DialectId): Dialect {
  return { id, ...DIALECTS[id] };
}

/** Reads `text` as `id` does; each entry also gets the raw text of its line after the `=`. */
export function readEnvText(id: DialectId, text: string, lookup?: Lookup): DialectResult {
  const r = DIALECTS[id].read(text, lookup);
  const lines = text.split('\n');
  for (const e of r.entries) e.rawText = rawAfterSeparator(lines[e.line - 1] ?? '');
  return r;
}

function rawAfterSeparator(line: string): string {
  const eq = line.indexOf('=');
  return eq < 0
    ? ''
    : line
        .slice(eq + 1)
        .replace(/\r$/, '')
        .trim();
}

/**
 * What the file itself says, read as `id` reads it with `lookup` as the process environment for
 * interpolation. A key the environment already holds keeps the file's own value here (python-dotenv,
 * Ruby dotenv and compose would keep the environment's): which one wins is the precedence of the
 * service's sources, not the file's reading, and a bare `KEY` adds nothing of the file's.
 */
export function readFileValues(id: DialectId, text: string, lookup?: Lookup): DialectResult {
  const r = readEnvText(id, text, lookup);
  if (!lookup || !r.entries.some((e) => e.inherited)) return r;
  const own = new Map(
    readEnvText(id, text)
      .entries.filter((e) => !e.inherited)
      .map((e) => [e.key, e]),
  );
  return { ...r, entries: r.entries.flatMap((e) => (!e.inherited ? [e] : own.has(e.key) ? [own.get(e.key)!] : [])) };
}
