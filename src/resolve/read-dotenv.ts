/**
 * A service's own dotenv file, read by the reader its code uses. dotenv and dotenv-expand keep
 * concord's strict dotenv scanner (a line dotenv would silently drop is an error) and its values
 * (the conformance corpus shows they are dotenv's); with dotenv-expand, `${…}` is expanded later
 * across the service's sources, as the process environment takes part. Every other reader's
 * values are final as read.
 */
import type { Entry } from '../model.js';
import { readEnvText } from '../sources/dialects/registry.js';
import type { DialectId } from '../sources/dialects/types.js';
import { parseDotenv } from '../sources/dotenv.js';
import { SourceError } from '../errors.js';
import type { FileRef, RepoFiles } from '../sources/files.js';

/** Parsed once per run per file and reader: two services may read one file differently. */
const cache = new WeakMap<RepoFiles, Map<string, Entry[]>>();

export function readDotenv(files: RepoFiles, ref: FileRef, dialect: DialectId): Entry[] {
  let byKey = cache.get(files);
  if (!byKey) cache.set(files, (byKey = new Map()));
  const key = `${dialect}\0${ref.abs}`;
  let entries = byKey.get(key);
  if (!entries) byKey.set(key, (entries = parseAs(files.read(ref)!, ref.rel, dialect)));
  return entries;
}

function parseAs(text: string, file: string, dialect: DialectId): Entry[] {
  if (dialect === 'node' || dialect === 'node-expand') {
    return parseDotenv(text, file).map((e) => ({ ...e, source: { ...e.source, dialect }, ...(dialect === 'node' ? { raw: true } : {}) }));
  }
  const r = readEnvText(dialect, text);
  if (r.error) throw new SourceError('PARSE_ERROR', [{ file, line: r.error.line, message: `${r.error.message} (the ${dialect} dotenv reader refuses this file)` }]);
  return r.entries
    .filter((e) => !e.noValue)
    .map((e) => ({ key: e.key, value: e.value, source: { kind: 'dotenv' as const, file, line: e.line, dialect }, raw: true }));
}
