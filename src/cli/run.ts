import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConcordError, describeCause, exitCodeFor, formatProblem } from '../errors.js';
import { usage, type CliIo, type CliResult } from '../io.js';
import { escapeControls } from '../printable.js';
import { VERSION } from '../version.js';
import { parseCommandLine } from './flags.js';

export { VERSION } from '../version.js';
export type { CliIo, CliResult } from '../io.js';

/**
 * The whole CLI as a function: argv in, exit code and output out. It parses argv and hands the
 * command its flags; each command's module is imported only when it runs, so `concord check`
 * never loads the audit page, the help text or zero-config's proposals.
 */
export async function run(argv: string[], io: CliIo): Promise<CliResult> {
  let debug = argv.includes('--debug');
  try {
    // `--changed` takes an optional REF (`--changed main`, `--changed=main`), which parseArgs cannot express.
    let changedRef: string | undefined;
    const args = argv.flatMap((a, i) => {
      if (a.startsWith('--changed=')) {
        changedRef = a.slice('--changed='.length);
        return ['--changed'];
      }
      if (i > 0 && argv[i - 1] === '--changed' && !a.startsWith('-') && looksLikeRef(a, io.cwd)) {
        changedRef = a;
        return [];
      }
      return [a];
    });
    const parsed = parseCommandLine(args, (name) => existsSync(path.resolve(io.cwd, name)));
    if ('error' in parsed) return usage(parsed.error);
    const { command, named, rest, values } = parsed;
    debug = values.debug === true;
    if (values.help) {
      const { COMMAND_HELP, HELP } = await import('./help.js');
      return { exitCode: 0, stdout: (named ? COMMAND_HELP[command] : undefined) ?? HELP, stderr: '' };
    }
    if (values.version) return { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' };
    switch (command) {
      case 'explain':
        return await (await import('./explain.js')).runExplain(rest, values, io);
      case 'audit':
        return await (await import('./audit.js')).runAudit(rest, values, io);
      case 'init':
        return await (await import('./init.js')).runInit(rest, values, io);
      case 'chains':
        return await (await import('./chains.js')).runChains(rest, values, io);
      case 'rules':
        return (await import('./rules.js')).runRules(rest, values, io);
      default:
        return await (await import('./check.js')).runCheck(rest, values, io, changedRef);
    }
  } catch (err) {
    return { exitCode: exitCodeFor(err), stdout: '', stderr: describe(err, debug) };
  }
}

/** `--changed main` names a ref when it is not a folder that exists. */
function looksLikeRef(a: string, cwd: string): boolean {
  return !existsSync(path.resolve(cwd, a));
}

function describe(err: unknown, debug: boolean): string {
  if (err instanceof ConcordError) {
    const lines = err.problems.map((p) => `  ${escapeControls(formatProblem(p))}`);
    const head = err.problems.length === 1 ? 'concord: error:' : `concord: ${err.problems.length} errors:`;
    return `${err.problems.length === 1 ? `${head} ${escapeControls(formatProblem(err.problems[0]!))}` : [head, ...lines].join('\n')}\n${debug ? `(${describeCause(err)})\n` : ''}`;
  }
  const code = (err as { code?: string })?.code;
  if (code?.startsWith('ERR_PARSE_ARGS')) return `concord: ${escapeControls((err as Error).message)}\nRun "concord --help" for usage.\n`;
  // An unexpected failure: its message may quote input, so only its type and, with --debug, where it happened.
  if (debug) return `concord: internal error\n${describeCause(err, true)}\n`;
  return `concord: internal error (${describeCause(err)}); run with --debug for details\n`;
}
