import { existsSync } from 'node:fs';
import path from 'node:path';
import { check, exitCodeForReport } from '../commands/check.js';
import { ConcordError, ConfigError, describeCause, EXIT, exitCodeFor, formatProblem } from '../errors.js';
import { findManifest } from '../manifest/find.js';
import { FORMATS, format, type Format } from '../report/index.js';
import { changedFiles, stagedReader } from '../vcs/git.js';
import { runAudit, runChains, runExplain, runInit } from './commands.js';
import { parseCommandLine } from './flags.js';
import { runRules } from '../commands/rules.js';
import { COMMAND_HELP, HELP } from './help.js';
import { usage, write, type CliIo, type CliResult } from '../io.js';
import { VERSION } from '../version.js';
import { calendarDay, nonNegativeInt, positiveInt, printable, shownFolder, useColor } from './shared.js';
import { LIMITS } from '../limits.js';
import { escapeControls } from '../printable.js';
import { readBaseline } from './baseline.js';

export { VERSION } from '../version.js';
export type { CliIo, CliResult } from '../io.js';

/** The whole CLI as a function: argv in, exit code and output out. */
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
    if (values.help) return { exitCode: 0, stdout: (named ? COMMAND_HELP[command] : undefined) ?? HELP, stderr: '' };
    if (values.version) return { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' };
    if (command === 'explain') return await runExplain(rest, values, io);
    if (command === 'audit') return await runAudit(rest, values, io);
    if (command === 'init') return await runInit(rest, values, io);
    if (command === 'chains') return await runChains(rest, values, io);
    if (command === 'rules') return runRules(rest, values, io);
    if (rest.length > 1) return usage(`check takes at most one folder, got ${rest.length}`);
    const outputs = planOutputs(values.format ?? [], (values.output ?? []).map((f) => ({ shown: f, abs: path.resolve(io.cwd, f) })));
    if (typeof outputs === 'string') return usage(outputs);
    const maxWarnings = values['max-warnings'] === undefined ? undefined : nonNegativeInt(values['max-warnings'], '--max-warnings');
    if (typeof maxWarnings === 'string') return usage(maxWarnings);
    const timeoutMs = positiveInt(values.timeout, '--timeout', LIMITS.timeoutMs);
    const concurrency = positiveInt(values.concurrency, '--concurrency', LIMITS.concurrency);
    if (typeof timeoutMs === 'string') return usage(timeoutMs);
    if (typeof concurrency === 'string') return usage(concurrency);
    const now = calendarDay(values.now, '--now');
    if (typeof now === 'string') return usage(now);
    // A ref is never an option: `--changed=--output=x` must not reach git as one.
    if (changedRef !== undefined && (changedRef === '' || changedRef.startsWith('-'))) return usage(`--changed takes a git ref, not "${printable(changedRef)}"`);
    if (values.staged && values.changed) return usage('--staged and --changed do not go together');
    const manifestPath = findManifestOrDiscover(io.cwd, rest[0], values.config);
    const changed = values.staged ? changedFiles(io.cwd, { staged: true }) : values.changed ? changedFiles(io.cwd, { ref: changedRef ?? 'HEAD' }) : undefined;
    const staged = values.staged ? stagedReader(io.cwd) : undefined;
    const baseline = values.baseline === undefined ? undefined : await readBaseline(path.resolve(io.cwd, values.baseline), values.baseline);
    const started = Date.now();
    const report = await check({
      cwd: io.cwd,
      ...(manifestPath ? { config: manifestPath } : { dir: rest[0] ?? '.' }),
      environment: values.env,
      fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY,
      offline: values.offline === true,
      timeoutMs,
      concurrency,
      env: io.env,
      onProgress: io.progress && ((done, total) => io.progress!(`concord: reading secrets ${done}/${total}`)),
      baseline,
      now,
      changed,
      staged,
      cacheDir: values['no-cache'] ? false : values['cache-dir'] && path.resolve(io.cwd, values['cache-dir']),
    });
    let stderr = '';
    if (report.secrets && (report.secrets.fetched > 0 || report.secrets.failed > 0)) {
      const { fetched, failed } = report.secrets;
      stderr += `concord: read ${fetched} secret${fetched === 1 ? '' : 's'}${failed ? `, ${failed} could not be read` : ''} in ${Date.now() - started} ms\n`;
    }

    const options = {
      color: useColor(io, values['no-color'] === true ? false : values.color, false),
      quiet: values.quiet,
      verbose: values.verbose,
      columns: io.columns,
      pathPrefix: shownFolder(io.cwd, manifestPath ? path.dirname(manifestPath) : path.resolve(io.cwd, rest[0] ?? '.')),
      version: VERSION,
    };
    let stdout = '';
    for (const o of outputs) {
      if (!o.file) {
        stdout = format(report, o.format, options);
        continue;
      }
      write(path.resolve(io.cwd, o.file), format(report, o.format, { ...options, color: false }), o.file);
    }
    // In GitHub Actions, the job summary gets the markdown report without being asked.
    if (io.env.GITHUB_STEP_SUMMARY) write(io.env.GITHUB_STEP_SUMMARY, format(report, 'markdown', { ...options, color: false }), '$GITHUB_STEP_SUMMARY', true);

    let exitCode = exitCodeForReport(report);
    if (exitCode === EXIT.ok && maxWarnings !== undefined && report.summary.warnings > maxWarnings) {
      stderr += `concord: ${report.summary.warnings} warning${report.summary.warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings}\n`;
      exitCode = EXIT.findings;
    }
    return { exitCode, stdout, stderr };
  } catch (err) {
    return { exitCode: exitCodeFor(err), stdout: '', stderr: describe(err, debug) };
  }
}

/** The manifest's path, or undefined when there is none and the services are to be discovered. */
function findManifestOrDiscover(cwd: string, dir: string | undefined, config: string | undefined): string | undefined {
  try {
    return findManifest({ cwd, dir, config });
  } catch (err) {
    if (err instanceof ConfigError && err.code === 'MANIFEST_NOT_FOUND' && !config && existsSync(path.resolve(cwd, dir ?? '.'))) return undefined;
    throw err;
  }
}

/** `--changed main` names a ref when it is not a folder that exists. */
function looksLikeRef(a: string, cwd: string): boolean {
  return !existsSync(path.resolve(cwd, a));
}

/** Pairs each --format with the --output at the same position; one format may go to stdout. */
function planOutputs(formats: string[], files: { shown: string; abs: string }[]): { format: Format; file?: string }[] | string {
  const twice = files.find((f, i) => files.findIndex((g) => g.abs === f.abs) !== i);
  if (twice) return `--output "${printable(twice.shown)}" is given twice: each report needs a file of its own`;
  // People read the default, piped or not (as ESLint and Spectral do); machines ask with --format json.
  const list = formats.length > 0 ? formats : [files.length > 0 ? 'json' : 'pretty'];
  for (const f of list) if (!FORMATS.includes(f as Format)) return `unknown format "${f}" (known: ${FORMATS.join(', ')})`;
  if (files.length > list.length) return `${files.length} --output files for ${list.length} --format${list.length === 1 ? '' : 's'}: give each output its format`;
  if (list.length - files.length > 1) return `${list.length} formats but ${files.length} --output files: only one format can go to stdout`;
  return list.map((format, i) => ({ format: format as Format, file: files[i]?.shown }));
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
