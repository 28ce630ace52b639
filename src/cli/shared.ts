import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConcordError, EXIT } from '../errors.js';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  /** whether stdout is a terminal: decides colours (the format is the human one either way) */
  stdoutIsTTY: boolean;
  /** the terminal's width, when stdout is one: the pretty report fits it */
  columns?: number;
  /** live progress on a terminal's stderr (secret reads); absent in CI logs and tests */
  progress?: (line: string) => void;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export { VERSION } from '../engine/version.js';

export function write(target: string, text: string, shown: string, append = false): void {
  try {
    if (append) appendFileSync(target, text);
    else writeFileSync(target, text);
  } catch (cause) {
    throw new ConcordError('OUTPUT_FAILED', `cannot write the report to "${shown}": ${(cause as NodeJS.ErrnoException).code ?? 'error'}`, { cause });
  }
}

export function nonNegativeInt(v: string, flag: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : `${flag} takes a whole number, not "${v}"`;
}

export function positiveInt(v: string | undefined, flag: string): number | undefined | string {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : `${flag} takes a positive whole number, not "${v}"`;
}

export function usage(message: string): CliResult {
  return { exitCode: EXIT.invalid, stdout: '', stderr: `concord: ${message}\nRun "concord --help" for usage.\n` };
}

export function useColor(io: CliIo, flag: boolean | undefined, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;

  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}

/** A folder as report paths start from it: relative to the working directory, absolute when outside it (no ../../). */
export function shownFolder(cwd: string, folder: string): string {
  const rel = path.relative(cwd, folder);
  const outside = rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  return (outside ? folder : rel).split(path.sep).join('/');
}
