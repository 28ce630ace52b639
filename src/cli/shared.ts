import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConcordError, EXIT } from '../errors.js';
import { escapeControls } from '../printable.js';

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

export { VERSION } from '../version.js';

export function write(target: string, text: string, shown: string, append = false): void {
  // Writing to a FIFO nobody reads blocks forever, and a device is nowhere to keep a report.
  let st;
  try {
    st = statSync(target);
  } catch {
    st = undefined;
  }
  if (st && !st.isFile()) throw new ConcordError('OUTPUT_FAILED', `cannot write the report to "${shown}": it is not a regular file`);
  try {
    if (append) appendFileSync(target, text);
    else writeFileSync(target, text);
  } catch (cause) {
    throw new ConcordError('OUTPUT_FAILED', `cannot write the report to "${shown}": ${(cause as NodeJS.ErrnoException).code ?? 'error'}`, { cause });
  }
}

export function nonNegativeInt(v: string, flag: string): number | string {
  return /^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : `${flag} takes a whole number, not "${printable(v)}"`;
}

export function positiveInt(v: string | undefined, flag: string, max: number = Number.MAX_SAFE_INTEGER): number | undefined | string {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) return `${flag} takes a positive whole number, not "${printable(v)}"`;
  return Number(v) <= max ? Number(v) : `${flag} takes a whole number up to ${max}, not "${printable(v)}"`;
}

/** `--now`: a real calendar day as YYYY-MM-DD (2026-99-99 is none). */
export function calendarDay(v: string | undefined, flag: string): Date | undefined | string {
  if (v === undefined) return undefined;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return `${flag} takes a date as YYYY-MM-DD, not "${printable(v)}"`;
  return d;
}

/** An argument echoed in a message, without control characters that could drive a terminal. */
export function printable(v: string): string {
  const s = v.length > 80 ? `${v.slice(0, 80)}…` : v;
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function usage(message: string): CliResult {
  return { exitCode: EXIT.invalid, stdout: '', stderr: `concord: ${escapeControls(message)}\nRun "concord --help" for usage.\n` };
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
