/**
 * Typed errors with stable codes. Findings are data, never exceptions: these are for input the
 * tool cannot work with (exit 2). A source it could not reach (a secret manager) is not an
 * exception either: the report lists it as incomplete (exit 3).
 *
 * No error ever carries a configuration value in its message: messages are built from file
 * names, line numbers, keys and fixed sentences only.
 */
export type ErrorCode =
  | 'MANIFEST_NOT_FOUND'
  | 'MANIFEST_INVALID'
  | 'ENV_UNKNOWN'
  | 'PATH_ESCAPES_REPO'
  | 'FILE_NOT_FOUND'
  | 'FILE_TOO_LARGE'
  | 'GLOB_NO_MATCH'
  | 'PARSE_ERROR'
  | 'INTERPOLATION_CYCLE'
  | 'INTERPOLATION_LIMIT'
  | 'LIMIT_EXCEEDED'
  | 'UNKNOWN_SETTING'
  | 'SERVICE_NOT_FOUND'
  | 'USAGE'
  | 'RULE_CRASHED'
  | 'OUTPUT_FAILED';

export interface Problem {
  file?: string;
  line?: number;
  /** a sentence naming what is wrong; never a value */
  message: string;
}

export class ConcordError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  constructor(code: ErrorCode, problems: Problem[] | string, options?: { cause?: unknown }) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems;
    super(list.map(formatProblem).join('\n'), options);
    this.code = code;
    this.problems = list;
    this.name = new.target.name;
  }
}

/** The manifest or the invocation is wrong. */
export class ConfigError extends ConcordError {}
/** An input file is missing, unreadable, malformed or unsafe. */
export class SourceError extends ConcordError {}
/** A rule crashed; wraps the crash so one bad rule does not hide the others' findings. */
export class RuleError extends ConcordError {
  readonly ruleId: string;
  constructor(ruleId: string, problems: Problem[], options?: { cause?: unknown }) {
    super('RULE_CRASHED', problems, options);
    this.ruleId = ruleId;
  }
}

export function formatProblem(p: Problem): string {
  const where = p.file ? (p.line ? `${p.file}:${p.line}: ` : `${p.file}: `) : '';
  return where + p.message;
}

export const EXIT = { ok: 0, findings: 1, invalid: 2, incomplete: 3 } as const;

/**
 * Input it cannot work with ⇒ 2. An unexpected exception is concord's own failure, not the
 * input's: the run could not finish (3), never a verdict on the configuration.
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ConcordError) return EXIT.invalid;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') ? EXIT.invalid : EXIT.incomplete;
}

/**
 * The one way an unexpected exception becomes text: its type and system code, and with `stack`
 * the code locations it passed through. Never its message, which may quote input (a YAML token,
 * a regular expression built from values, a line of a file).
 */
export function describeCause(err: unknown, stack = false): string {
  const e = err as { name?: unknown; code?: unknown; stack?: unknown } | undefined;
  const name = typeof e?.name === 'string' && /^[\w.]{1,60}$/.test(e.name) ? e.name : 'Error';
  const code = typeof e?.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(e.code) ? ` ${e.code}` : '';
  if (!stack || typeof e?.stack !== 'string') return `${name}${code}`;
  const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
  return [`${name}${code}`, ...frames].join('\n');
}
