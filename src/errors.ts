/**
 * Typed errors with stable codes. Findings are data, never exceptions: these are for input the
 * tool cannot work with (exit 2) or sources it could not reach (exit 3).
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
  | 'UNKNOWN_SETTING'
  | 'SETTING_CYCLE'
  | 'SERVICE_NOT_FOUND'
  | 'USAGE'
  | 'RULE_CRASHED'
  | 'PROVIDER_FAILED'
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
/** A secret manager could not be reached. Never holds a secret value. */
export class ProviderError extends ConcordError {}
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

/** Could not reach a source ⇒ could not finish (3); anything else the input's fault (2). */
export function exitCodeFor(err: unknown): number {
  return err instanceof ProviderError ? EXIT.incomplete : EXIT.invalid;
}
