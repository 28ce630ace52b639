import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../closest.js';

/**
 * Which flags each command takes. A flag a command does not take is an error naming the command
 * that does (`audit --staged`), and a misspelt one names the closest valid flag (`--envv` → `--env`):
 * a silently ignored flag is a check that silently did something else.
 */

type Option = NonNullable<ParseArgsConfig['options']>[string];

const ALL = {
  env: { type: 'string', short: 'e' },
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  'max-warnings': { type: 'string' },
  baseline: { type: 'string' },
  now: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  offline: { type: 'boolean' },
  staged: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  changed: { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'link-base': { type: 'string' },
  force: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies Record<string, Option>;

export type Flag = keyof typeof ALL;

const GLOBAL: Flag[] = ['help', 'version', 'debug', 'color', 'no-color'];

/** Every command and the flags it takes besides the global ones. */
export const COMMAND_FLAGS: Record<string, Flag[]> = {
  check: [
    'env',
    'config',
    'format',
    'output',
    'max-warnings',
    'baseline',
    'now',
    'quiet',
    'verbose',
    'offline',
    'staged',
    'changed',
    'timeout',
    'concurrency',
    'cache-dir',
    'no-cache',
  ],
  explain: ['env', 'config', 'format', 'offline', 'timeout'],
  audit: ['config', 'format', 'output', 'offline', 'timeout', 'concurrency', 'now', 'link-base'],
  init: ['force'],
  chains: ['format', 'cache-dir', 'no-cache'],
  rules: ['format'],
};

export const COMMANDS = Object.keys(COMMAND_FLAGS);

export type FlagValues = {
  [K in Flag]?: (typeof ALL)[K] extends { multiple: true } ? string[] : (typeof ALL)[K] extends { type: 'string' } ? string : boolean;
};

export interface CommandLine {
  command: string;
  /** whether argv named the command (`concord --help` is the overview, `concord check --help` check's) */
  named: boolean;
  rest: string[];
  values: FlagValues;
}

/** The flags `command` accepts, global ones included. */
export function flagsOf(command: string): Flag[] {
  return [...GLOBAL, ...(COMMAND_FLAGS[command] ?? [])];
}

/** argv (after `--changed REF` is taken out) → the command, its positionals and its flags; or what is wrong. */
export function parseCommandLine(args: string[], isFolder: (name: string) => boolean = () => false): CommandLine | { error: string } {
  // A lenient pass finds the command; the strict pass then knows which flags are allowed.
  const loose = parseArgs({ args, allowPositionals: true, strict: false, tokens: true, options: ALL });
  const [first] = loose.positionals;
  const command = first !== undefined && COMMANDS.includes(first) ? first : 'check';
  const allowed = flagsOf(command);
  const options = (loose.tokens ?? []).filter((t) => t.kind === 'option');
  for (const t of options) {
    if (t.name in ALL) continue;
    // An unknown flag first: `--envv staging` would otherwise make "staging" look like a command.
    const near = closest(t.name, allowed) ?? closest(t.name, Object.keys(ALL));
    return { error: `unknown option ${t.rawName}${near ? `; did you mean --${near}?` : ''}` };
  }
  const wantsHelp = loose.values.help === true || loose.values.version === true;
  if (first !== undefined && !COMMANDS.includes(first) && !wantsHelp) {
    if (isFolder(first)) return { error: `unknown command "${first}"; to check that folder: concord check ${first}` };
    const near = closest(first, COMMANDS);
    return { error: `unknown command "${first}"${near ? `; did you mean "${near}"?` : ` (commands: ${COMMANDS.join(', ')})`}` };
  }
  for (const t of options) {
    const flag = t.name as Flag;
    if (allowed.includes(flag)) continue;
    const takers = COMMANDS.filter((c) => COMMAND_FLAGS[c]!.includes(flag));
    return { error: `${command} does not take ${t.rawName} (an option of ${takers.join(', ')})` };
  }
  try {
    const strict = Object.fromEntries(allowed.map((f) => [f, ALL[f]]));
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: strict });
    const named = first !== undefined && COMMANDS.includes(first);
    return { command, named, rest: named ? positionals.slice(1) : positionals, values: values as FlagValues };
  } catch (err) {
    // Node's own wording names the flag; only its advice about `--` is dropped.
    return { error: ((err as Error).message ?? 'bad arguments').replace(/ To specify a positional argument.*$/s, '') };
  }
}
