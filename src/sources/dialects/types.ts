/**
 * What a dotenv reader is, as data: how it treats comments, quotes, `export`, interpolation and
 * the environment. The parse itself is the one function that differs per reader; everything a
 * report says about a reader (its name, which programs use it, what it expands) comes from here.
 */
import type { EnvFileEntry, EnvFileError } from '../compose/env-file.js';
import type { Lookup } from '../compose/template.js';

export const DIALECT_IDS = ['node', 'node-native', 'node-expand', 'compose', 'raw', 'python', 'go', 'ruby', 'shell'] as const;
export type DialectId = (typeof DIALECT_IDS)[number];

export function isDialectId(s: string): s is DialectId {
  return (DIALECT_IDS as readonly string[]).includes(s);
}

export interface DialectEntry extends EnvFileEntry {
  /** the value text as the line holds it, before the reader cut, unquoted or expanded it */
  rawText: string;
  /** the reader runs a command (`$(cmd)`, backticks) or reads its PID (`$$`) here: concord never does, so the value is unknown */
  unknown?: 'command' | 'pid';
  /** the key is present without a value (python-dotenv's None for a bare `KEY`): no variable is set */
  noValue?: true;
  /** the reader took the value as final (single quotes): nothing further expands it */
  literal?: boolean;
}

export interface DialectResult {
  entries: DialectEntry[];
  unset: { name: string; line: number }[];
  error?: EnvFileError;
}

export interface Dialect {
  id: DialectId;
  /** the programs and libraries that read files this way */
  readers: string;
  /** where a `#` starts a comment in an unquoted value */
  comment: 'anywhere' | 'after-space' | 'never' | 'word-start';
  /** which `${…}` forms the reader expands in a value; 'none': the text stays literal */
  interpolation: 'none' | 'full' | 'braced-default' | 'plain-and-braced' | 'shell';
  /** the reader runs `$(cmd)` */
  runsCommands: boolean;
  /** a variable already in the process environment wins over the file */
  environmentWins: boolean;
  /** when a program loads several files, the first one that sets a key wins */
  firstFileWins: boolean;
  /** the rows of the conformance corpus this dialect reproduces exactly */
  corpus: string[];
  read(text: string, lookup?: Lookup): DialectResult;
}
