/**
 * The edge between concord and the world it runs in: what a run is given (working directory,
 * environment, terminal), what it gives back (exit code and output), and the one way it writes a
 * file. At the bottom so that commands and the CLI share it without importing each other.
 */
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { ConcordError, EXIT } from './errors.js';
import { escapeControls } from './printable.js';

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

export function usage(message: string): CliResult {
  return { exitCode: EXIT.invalid, stdout: '', stderr: `concord: ${escapeControls(message)}\nRun "concord --help" for usage.\n` };
}
