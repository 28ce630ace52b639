// From flags to options: each command's flags are checked and mapped here once, and the few
// things every command shows (colours, the folder report paths start from) are decided once.
import path from 'node:path';
import type { CliIo } from '../io.js';
import { LIMITS } from '../limits.js';
import type { FlagValues } from './flags.js';

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

/** The flags every command that opens a project shares, as the options openProject takes. */
export interface ProjectFlags {
  cwd: string;
  dir?: string;
  config?: string;
  fingerprintKey?: string;
  offline: boolean;
  timeoutMs?: number;
  concurrency?: number;
  env: Record<string, string | undefined>;
  now?: Date;
}

/**
 * `--config`, `--offline`, `--timeout`, `--concurrency`, `--now` and the fingerprint key, mapped
 * once for check, explain and audit (each accepts only its own flags: parseCommandLine sees to
 * that). A string is what is wrong with them.
 */
export function projectFlags(dir: string | undefined, values: FlagValues, io: CliIo): ProjectFlags | string {
  const timeoutMs = positiveInt(values.timeout, '--timeout', LIMITS.timeoutMs);
  const concurrency = positiveInt(values.concurrency, '--concurrency', LIMITS.concurrency);
  if (typeof timeoutMs === 'string') return timeoutMs;
  if (typeof concurrency === 'string') return concurrency;
  const now = calendarDay(values.now, '--now');
  if (typeof now === 'string') return now;
  return {
    cwd: io.cwd,
    dir,
    config: values.config,
    fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY,
    offline: values.offline === true,
    timeoutMs,
    concurrency,
    env: io.env,
    now,
  };
}

/** `--format`'s last word when a command writes one of a few formats; a string when it is none of them. */
export function oneFormat<F extends string>(values: FlagValues, command: string, known: readonly F[], fallback: F): F | string {
  const fmt = values.format?.at(-1) ?? fallback;
  return known.includes(fmt as F) ? (fmt as F) : `${command} writes ${known.join(' or ')}, not "${fmt}"`;
}

/** `--color`/`--no-color`, else the terminal and NO_COLOR/FORCE_COLOR decide. */
export function colorOf(values: FlagValues, io: CliIo): boolean {
  return useColor(io, values['no-color'] === true ? false : values.color, false);
}
