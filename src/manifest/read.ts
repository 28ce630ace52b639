import { readFileSync, statSync } from 'node:fs';
import { ConfigError, type Problem } from '../errors.js';
import { DEFAULT_MAX_FILE_BYTES, readFailure } from '../sources/files.js';
import { backtrackRisk } from './safe-regex.js';

/** The manifest's text: only a readable regular file under the size limit (a FIFO or /dev/zero as --config must not hang). */
export function readManifestText(absFile: string, file: string): string {
  const bad = (message: string, cause?: unknown) => new ConfigError('MANIFEST_INVALID', [{ file, message }], { cause });
  let text: string;
  try {
    const st = statSync(absFile);
    if (!st.isFile()) throw bad('the manifest is not a regular file');
    if (st.size > DEFAULT_MAX_FILE_BYTES) throw bad('the manifest is over the size limit for a configuration file');
    text = readFileSync(absFile, 'utf8');
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw bad(`the manifest cannot be read: ${readFailure((cause as NodeJS.ErrnoException).code)}`, cause);
  }
  if (Buffer.byteLength(text) > DEFAULT_MAX_FILE_BYTES) throw bad('the manifest is over the size limit for a configuration file');
  return text;
}

/** `secretPatterns` that are not regular expressions, or that could backtrack catastrophically. */
export function checkSecretPatterns(patterns: string[], at: (i: number) => Omit<Problem, 'message'>): Problem[] {
  const problems: Problem[] = [];
  for (const [i, item] of patterns.entries()) {
    try {
      new RegExp(item, 'i');
    } catch {
      problems.push({ ...at(i), message: `secretPatterns[${i}] is not a valid regular expression` });
      continue;
    }
    const risk = backtrackRisk(item);
    if (risk) problems.push({ ...at(i), message: `secretPatterns[${i}] could take exponential time to match: ${risk}` });
  }
  return problems;
}
