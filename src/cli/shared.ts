import path from 'node:path';
import type { CliIo } from '../io.js';

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
