import path from 'node:path';
import { checkProject } from '../commands/check.js';
import { EXIT } from '../errors.js';
import { usage, write, type CliIo, type CliResult } from '../io.js';
import { exitCodeForReport } from '../present/index.js';
import { openProject } from '../project/open.js';
import { FORMATS, format, type Format } from '../report/index.js';
import { VERSION } from '../version.js';
import { changedFiles, stagedReader } from '../vcs/git.js';
import { readBaseline } from './baseline.js';
import type { FlagValues } from './flags.js';
import { colorOf, nonNegativeInt, printable, projectFlags, shownFolder } from './options.js';

/** `concord check [DIR]`: flags to options, the check, then each report where it was asked for. */
export async function runCheck(rest: string[], values: FlagValues, io: CliIo, changedRef: string | undefined): Promise<CliResult> {
  if (rest.length > 1) return usage(`check takes at most one folder, got ${rest.length}`);
  const outputs = planOutputs(
    values.format ?? [],
    (values.output ?? []).map((f) => ({ shown: f, abs: path.resolve(io.cwd, f) })),
  );
  if (typeof outputs === 'string') return usage(outputs);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : nonNegativeInt(values['max-warnings'], '--max-warnings');
  if (typeof maxWarnings === 'string') return usage(maxWarnings);
  const flags = projectFlags(rest[0], values, io);
  if (typeof flags === 'string') return usage(flags);
  // A ref is never an option: `--changed=--output=x` must not reach git as one.
  if (changedRef !== undefined && (changedRef === '' || changedRef.startsWith('-'))) return usage(`--changed takes a git ref, not "${printable(changedRef)}"`);
  if (values.staged && values.changed) return usage('--staged and --changed do not go together');
  const changed = values.staged ? changedFiles(io.cwd, { staged: true }) : values.changed ? changedFiles(io.cwd, { ref: changedRef ?? 'HEAD' }) : undefined;
  const baseline = values.baseline === undefined ? undefined : await readBaseline(path.resolve(io.cwd, values.baseline), values.baseline);
  const started = Date.now();
  const project = await openProject({
    ...flags,
    onProgress: io.progress && ((done, total) => io.progress!(`concord: reading secrets ${done}/${total}`)),
    changed,
    staged: values.staged ? stagedReader(io.cwd) : undefined,
    cacheDir: values['no-cache'] ? false : values['cache-dir'] && path.resolve(io.cwd, values['cache-dir']),
  });
  const report = await checkProject(project, { environment: values.env, baseline, now: flags.now });
  let stderr = '';
  if (report.secrets && (report.secrets.fetched > 0 || report.secrets.failed > 0)) {
    const { fetched, failed } = report.secrets;
    stderr += `concord: read ${fetched} secret${fetched === 1 ? '' : 's'}${failed ? `, ${failed} could not be read` : ''} in ${Date.now() - started} ms\n`;
  }

  const options = {
    color: colorOf(values, io),
    quiet: values.quiet,
    verbose: values.verbose,
    columns: io.columns,
    pathPrefix: shownFolder(io.cwd, project.manifest.root),
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
}

/** Pairs each --format with the --output at the same position; one format may go to stdout. */
function planOutputs(formats: string[], files: { shown: string; abs: string }[]): { format: Format; file?: string }[] | string {
  const twice = files.find((f, i) => files.findIndex((g) => g.abs === f.abs) !== i);
  if (twice) return `--output "${printable(twice.shown)}" is given twice: each report needs a file of its own`;
  // People read the default, piped or not (as ESLint and Spectral do); machines ask with --format json.
  const list = formats.length > 0 ? formats : [files.length > 0 ? 'json' : 'pretty'];
  for (const f of list) if (!FORMATS.includes(f as Format)) return `unknown format "${f}" (known: ${FORMATS.join(', ')})`;
  if (files.length > list.length)
    return `${files.length} --output files for ${list.length} --format${list.length === 1 ? '' : 's'}: give each output its format`;
  if (list.length - files.length > 1) return `${list.length} formats but ${files.length} --output files: only one format can go to stdout`;
  return list.map((format, i) => ({ format: format as Format, file: files[i]?.shown }));
}
