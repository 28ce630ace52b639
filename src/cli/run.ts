import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConcordError, ConfigError, EXIT, exitCodeFor, formatProblem } from '../errors.js';
import type { Report } from '../report/types.js';
import { check, defaultCacheDir, exitCodeForReport } from '../engine/check.js';
import { audit } from '../engine/audit.js';
import { findChains } from '../code/find.js';
import { Fingerprinter } from '../fingerprint.js';
import { formatChains, maskChains } from '../report/chains.js';
import { explain } from '../engine/explain.js';
import { proposeSettings, renderManifest } from '../discover/init.js';
import { zeroConfigManifest } from '../discover/zero-config.js';
import { fileURLToPath } from 'node:url';
import { formatAuditHtml } from '../report/html.js';
import { formatExplanation } from '../report/explain.js';
import { findManifest } from '../manifest/find.js';
import { changedFiles } from '../vcs/git.js';
import { FORMATS, format, type Format } from '../report/index.js';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  /** whether stdout is a terminal: decides the default format and colours */
  stdoutIsTTY: boolean;
  /** live progress on a terminal's stderr (secret reads); absent in CI logs and tests */
  progress?: (line: string) => void;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const VERSION = '0.1.0';

const HELP = `concord — validate configuration consistency across services

Usage
  concord check [DIR] [options]             check one environment (the default command)
  concord explain SETTING [DIR] [options]   one setting across every service, link by link
  concord audit [DIR] [options]             every environment: an HTML report (or --format json)
  concord init [DIR] [--force]              write a commented concord.yaml from what is found in DIR
  concord chains [PATH...] [--format json]  every environment read in source code, with its fallbacks
  concord COMMAND --help                    options and examples of one command
  concord --version

Without a concord.yaml (in DIR, or found walking up), concord discovers the services from .env
folders, docker-compose files and Kubernetes manifests and applies rules/recommended.yaml.

Environment
  CONCORD_FINGERPRINT_KEY   key of the HMAC fingerprints; set it to compare fingerprints across runs
  NO_COLOR, FORCE_COLOR     colours off / on

Exit codes
  0  consistent (warnings allowed)   1  error-severity findings
  2  bad invocation, manifest or input file   3  could not finish (a secret could not be read)
`;

const COMMAND_HELP: Record<string, string> = {
  check: `concord check [DIR] [options]

Loads every service's configuration for one environment, resolves each setting through its
fallback chain, runs the rules and reports who disagrees, where each value came from and which
link of the chain it took. Secrets are shown as keyed fingerprints, never as values.

Options
  -e, --env NAME        environment to check (default: the manifest's first)
  -c, --config FILE     manifest file (default: concord.yaml in DIR, or found walking up)
  -f, --format FORMAT   ${FORMATS.join(' | ')} (default: pretty on a terminal, json otherwise)
  -o, --output FILE     write the report to FILE; repeat both to write several:
                        --format json --output a.json --format sarif --output a.sarif --format github
      --max-warnings N  exit 1 when there are more than N warnings
      --baseline FILE   accept the findings of a previous JSON report while their values stay the same
      --now DATE        the day acceptances expire against (YYYY-MM-DD; default: today)
  -q, --quiet           report errors only
      --offline         no network: compare secret references by identity
      --staged          pre-commit: check only what the files in git's index touch (offline)
      --changed [REF]   check only what differs from REF (default HEAD), untracked files included (offline)
      --timeout MS      per-call timeout of secret manager reads (default 10000)
      --concurrency N   secret manager calls in flight at once (default 8)
      --cache-dir DIR   keep the parsed manifest there (default: node_modules/.cache/concord); --no-cache: none
      --no-color        no colours
      --debug           show stack traces of unexpected errors

Examples
  concord check --env staging examples/platform
  concord check --format sarif --output concord.sarif --format github
  concord check --staged                       # in a pre-commit hook
  concord check --baseline concord-baseline.json --max-warnings 0
`,
  explain: `concord explain SETTING [DIR] [options]

Shows one setting across every service that defines it: each link of each chain, whether it is
set, which one was taken, every file that defines it (the overridden ones too) and the value's
fingerprint. The quickest answer to "why does backend get a different secret?".

Options
  -e, --env NAME        environment (default: the manifest's first)
  -c, --config FILE     manifest file
  -f, --format FORMAT   pretty | json (default: pretty on a terminal)
      --offline         do not read secret managers

Examples
  concord explain jwt_secret --env staging examples/platform
`,
  audit: `concord audit [DIR] [options]

Checks every environment at once and writes one self-contained HTML page (no network, no
external assets): per environment a services × settings matrix where equal values share a colour
and the odd ones out stand out, the findings with file:line, and the secrets reused across
environments. --format json gives the same data.

Options
  -c, --config FILE     manifest file
  -f, --format FORMAT   html | json (default: html)
  -o, --output FILE     write the page to FILE (default: stdout)
      --offline         do not read secret managers

Examples
  concord audit examples/platform --output audit.html
`,
  chains: `concord chains [PATH...] [options]

Reads source code (Python, TypeScript/JavaScript, Go, Ruby) with tree-sitter and prints every
environment read with its fallback chain, in order: os.environ.get("A") or os.getenv("B", "x"),
process.env.A ?? process.env.B ?? 'x', cmp.Or(os.Getenv("A"), "x"), ENV.fetch("A") { "x" }…
A literal fallback of a secret-like variable is shown by its fingerprint and line, never its value.

Options
  -f, --format FORMAT   pretty | json (default: pretty on a terminal)
      --cache-dir DIR   where parsed chains are kept by content hash (default: node_modules/.cache/concord)
      --no-cache        parse everything again

Examples
  concord chains services/e2e
  concord chains src --format json
`,
  init: `concord init [DIR] [--force]

Discovers the services of DIR (folders with .env files, docker-compose services, Kubernetes
containers) and writes a commented concord.yaml with the $schema line for editors. Settings are
proposed by matching values across services: the same secret under different names in different
services is one setting with several names (found by fingerprint, never by showing values).

Options
      --force           replace an existing concord.yaml

Examples
  concord init && concord check
`,
};

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
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        env: { type: 'string', short: 'e' },
        config: { type: 'string', short: 'c' },
        format: { type: 'string', short: 'f', multiple: true },
        output: { type: 'string', short: 'o', multiple: true },
        'max-warnings': { type: 'string' },
        baseline: { type: 'string' },
        now: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        offline: { type: 'boolean' },
        staged: { type: 'boolean' },
        'cache-dir': { type: 'string' },
        'no-cache': { type: 'boolean' },
        changed: { type: 'boolean' },
        timeout: { type: 'string' },
        concurrency: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        debug: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    debug = values.debug === true;
    if (values.help) return { exitCode: 0, stdout: COMMAND_HELP[positionals[0] ?? ''] ?? HELP, stderr: '' };
    if (values.version) return { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' };
    const [command = 'check', ...rest] = positionals;
    if (command === 'explain') return await runExplain(rest, values, io);
    if (command === 'audit') return await runAudit(rest, values, io);
    if (command === 'init') return await runInit(rest, values, io);
    if (command === 'chains') return await runChains(rest, values, io);
    if (command !== 'check') return usage(`unknown command "${command}"`);
    if (rest.length > 1) return usage(`check takes at most one folder, got ${rest.length}`);
    const outputs = planOutputs(values.format ?? [], values.output ?? [], io.stdoutIsTTY);
    if (typeof outputs === 'string') return usage(outputs);
    const maxWarnings = values['max-warnings'] === undefined ? undefined : nonNegativeInt(values['max-warnings'], '--max-warnings');
    if (typeof maxWarnings === 'string') return usage(maxWarnings);
    const timeoutMs = positiveInt(values.timeout, '--timeout');
    const concurrency = positiveInt(values.concurrency, '--concurrency');
    if (typeof timeoutMs === 'string') return usage(timeoutMs);
    if (typeof concurrency === 'string') return usage(concurrency);

    if (values.now !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.now)) return usage(`--now takes a date as YYYY-MM-DD, not "${values.now}"`);
    if (values.staged && values.changed) return usage('--staged and --changed do not go together');
    const manifestPath = findManifestOrDiscover(io.cwd, rest[0], values.config);
    const changed = values.staged ? changedFiles(io.cwd, { staged: true }) : values.changed ? changedFiles(io.cwd, { ref: changedRef ?? 'HEAD' }) : undefined;
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
      now: values.now ? new Date(`${values.now}T00:00:00Z`) : undefined,
      changed,
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
      pathPrefix: path.relative(io.cwd, manifestPath ? path.dirname(manifestPath) : path.resolve(io.cwd, rest[0] ?? '.')).split(path.sep).join('/'),
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
      stderr += `concord: ${report.summary.warnings} warnings, more than --max-warnings ${maxWarnings}\n`;
      exitCode = EXIT.findings;
    }
    return { exitCode, stdout, stderr };
  } catch (err) {
    return { exitCode: exitCodeFor(err), stdout: '', stderr: describe(err, debug) };
  }
}

async function runExplain(
  rest: string[],
  values: { env?: string; config?: string; format?: string[]; offline?: boolean; timeout?: string; color?: boolean; 'no-color'?: boolean },
  io: CliIo,
): Promise<CliResult> {
  const [setting, dir, ...extra] = rest;
  if (!setting) return usage('explain needs a setting: concord explain jwt_secret [DIR]');
  if (extra.length > 0) return usage(`explain takes a setting and at most one folder`);
  const fmt = values.format?.at(-1) ?? (io.stdoutIsTTY ? 'pretty' : 'json');
  if (fmt !== 'pretty' && fmt !== 'json') return usage(`explain writes pretty or json, not "${fmt}"`);
  const timeoutMs = positiveInt(values.timeout, '--timeout');
  if (typeof timeoutMs === 'string') return usage(timeoutMs);
  const e = await explain({
    cwd: io.cwd,
    dir,
    config: values.config,
    environment: values.env,
    setting,
    fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY,
    offline: values.offline === true,
    timeoutMs,
    env: io.env,
  });
  const color = useColor(io, values['no-color'] === true ? false : values.color, false);
  return { exitCode: EXIT.ok, stdout: fmt === 'json' ? `${JSON.stringify(e, null, 2)}\n` : formatExplanation(e, { color }), stderr: '' };
}

async function runAudit(
  rest: string[],
  values: { config?: string; format?: string[]; output?: string[]; offline?: boolean; timeout?: string; concurrency?: string; now?: string },
  io: CliIo,
): Promise<CliResult> {
  if (rest.length > 1) return usage(`audit takes at most one folder, got ${rest.length}`);
  const fmt = values.format?.at(-1) ?? 'html';
  if (fmt !== 'html' && fmt !== 'json') return usage(`audit writes html or json, not "${fmt}"`);
  const timeoutMs = positiveInt(values.timeout, '--timeout');
  const concurrency = positiveInt(values.concurrency, '--concurrency');
  if (typeof timeoutMs === 'string') return usage(timeoutMs);
  if (typeof concurrency === 'string') return usage(concurrency);
  const a = await audit({
    cwd: io.cwd,
    dir: rest[0],
    config: values.config,
    fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY,
    offline: values.offline === true,
    timeoutMs,
    concurrency,
    env: io.env,
    now: values.now ? new Date(`${values.now}T00:00:00Z`) : undefined,
  });
  const text = fmt === 'json' ? `${JSON.stringify(a, null, 2)}\n` : formatAuditHtml(a);
  const file = values.output?.at(-1);
  if (file) write(path.resolve(io.cwd, file), text, file);
  const exitCode = a.status === 'fail' ? EXIT.findings : a.status === 'incomplete' ? EXIT.incomplete : EXIT.ok;
  const summary = `concord audit: ${a.summary.errors} errors, ${a.summary.warnings} warnings in ${a.summary.environments} environments${file ? ` → ${file}` : ''}\n`;
  return { exitCode, stdout: file ? '' : text, stderr: file ? summary : '' };
}

async function runChains(rest: string[], values: { format?: string[]; 'cache-dir'?: string; 'no-cache'?: boolean }, io: CliIo): Promise<CliResult> {
  const fmt = values.format?.at(-1) ?? (io.stdoutIsTTY ? 'pretty' : 'json');
  if (fmt !== 'pretty' && fmt !== 'json') return usage(`chains writes pretty or json, not "${fmt}"`);
  const cacheDir = values['no-cache'] ? undefined : values['cache-dir'] ? path.resolve(io.cwd, values['cache-dir']) : defaultCacheDir(io.cwd);
  const { ChainCache } = await import('../code/cache.js');
  const found = await findChains(rest, io.cwd, new ChainCache(cacheDir, VERSION));
  const fp = new Fingerprinter(io.env.CONCORD_FINGERPRINT_KEY);
  const stdout =
    fmt === 'json'
      ? `${JSON.stringify({ files: found.files, chains: maskChains(found.chains, (v) => fp.fingerprint(v)), warnings: found.warnings }, null, 2)}\n`
      : formatChains(found, (v) => fp.fingerprint(v));
  const stderr = fmt === 'json' ? found.warnings.map((w) => `concord: warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`).join('') : '';
  return { exitCode: EXIT.ok, stdout, stderr };
}

async function runInit(rest: string[], values: { force?: boolean }, io: CliIo): Promise<CliResult> {
  if (rest.length > 1) return usage(`init takes at most one folder, got ${rest.length}`);
  const root = path.resolve(io.cwd, rest[0] ?? '.');
  const target = path.join(root, 'concord.yaml');
  if (existsSync(target) && !values.force) return usage(`${path.relative(io.cwd, target) || 'concord.yaml'} exists already (--force replaces it)`);
  const { manifest, discovery } = await zeroConfigManifest(root);
  const proposals = await proposeSettings(manifest);
  // Editors resolve the schema relative to the manifest: the installed package's copy, else ours.
  const installed = path.join(root, 'node_modules/concord/schemas/concord.schema.json');
  const schema = existsSync(installed)
    ? 'node_modules/concord/schemas/concord.schema.json'
    : path.relative(root, fileURLToPath(new URL('../../schemas/concord.schema.json', import.meta.url))).split(path.sep).join('/');
  write(target, renderManifest(discovery, proposals, schema), 'concord.yaml');
  const drift = proposals.filter((p) => p.because.startsWith('one value'));
  return {
    exitCode: EXIT.ok,
    stdout: '',
    stderr: `concord init: wrote ${path.relative(io.cwd, target) || 'concord.yaml'}: ${discovery.services.length} services, ${discovery.environments.length} environment(s), ${proposals.length} settings${drift.length ? ` (${drift.length} found by matching values across names)` : ''}\n`,
  };
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

/** A previous `--format json` report, checked against its schema before it is trusted. */
async function readBaseline(abs: string, shown: string): Promise<Report> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigError('USAGE', [{ file: shown, message: code ? `cannot read the baseline (${code})` : 'the baseline is not JSON: write it with --format json' }], { cause });
  }
  const { validateReport } = await import('../generated/report-validator.js');
  if (!validateReport(data)) {
    throw new ConfigError('USAGE', [{ file: shown, message: 'the baseline is not a concord JSON report (write it with --format json)' }]);
  }
  return data as Report;
}

/** Pairs each --format with the --output at the same position; one format may go to stdout. */
function planOutputs(formats: string[], files: string[], tty: boolean): { format: Format; file?: string }[] | string {
  const list = formats.length > 0 ? formats : [files.length > 0 || !tty ? 'json' : 'pretty'];
  for (const f of list) if (!FORMATS.includes(f as Format)) return `unknown format "${f}" (known: ${FORMATS.join(', ')})`;
  if (files.length > list.length) return `${files.length} --output files for ${list.length} --format${list.length === 1 ? '' : 's'}: give each output its format`;
  if (list.length - files.length > 1) return `${list.length} formats but ${files.length} --output files: only one format can go to stdout`;
  return list.map((format, i) => ({ format: format as Format, file: files[i] }));
}

function write(target: string, text: string, shown: string, append = false): void {
  try {
    if (append) appendFileSync(target, text);
    else writeFileSync(target, text);
  } catch (cause) {
    throw new ConcordError('OUTPUT_FAILED', `cannot write the report to "${shown}": ${(cause as NodeJS.ErrnoException).code ?? 'error'}`, { cause });
  }
}

function nonNegativeInt(v: string, flag: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : `${flag} takes a whole number, not "${v}"`;
}

function positiveInt(v: string | undefined, flag: string): number | undefined | string {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : `${flag} takes a positive whole number, not "${v}"`;
}

function usage(message: string): CliResult {
  return { exitCode: EXIT.invalid, stdout: '', stderr: `concord: ${message}\nRun "concord --help" for usage.\n` };
}

function describe(err: unknown, debug: boolean): string {
  if (err instanceof ConcordError) {
    const lines = err.problems.map((p) => `  ${formatProblem(p)}`);
    const head = err.problems.length === 1 ? 'concord: error:' : `concord: ${err.problems.length} errors:`;
    return `${err.problems.length === 1 ? `${head} ${formatProblem(err.problems[0]!)}` : [head, ...lines].join('\n')}\n${debug && err.stack ? `${err.stack}\n` : ''}`;
  }
  const code = (err as { code?: string })?.code;
  if (code?.startsWith('ERR_PARSE_ARGS')) return `concord: ${(err as Error).message}\nRun "concord --help" for usage.\n`;
  // An unexpected failure: its message may quote input, so only the type is shown without --debug.
  if (debug) return `concord: internal error\n${(err as Error)?.stack ?? String(err)}\n`;
  return `concord: internal error (${(err as Error)?.name ?? 'Error'}); run with --debug for details\n`;
}

function useColor(io: CliIo, flag: boolean | undefined, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;

  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}
