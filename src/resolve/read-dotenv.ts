/**
 * A service's own dotenv file, read by the reader its code uses. dotenv and dotenv-expand keep
 * concord's strict dotenv scanner (a line dotenv would silently drop is an error) and its values
 * (the conformance corpus shows they are dotenv's); with dotenv-expand, `${…}` is expanded later
 * across the service's sources, as the process environment takes part. Every other reader's
 * values are final as read.
 */
import type { Entry } from '../model.js';
import { readFileValues } from '../sources/dialects/registry.js';
import type { DialectId } from '../sources/dialects/types.js';
import { parseDotenv } from '../sources/dotenv.js';
import { SourceError } from '../errors.js';
import type { Lookup } from '../sources/compose/template.js';
import type { FileRef, RepoFiles } from '../sources/files.js';

/** Parsed once per run per file and reader: two services may read one file differently. */
const cache = new WeakMap<RepoFiles, Map<string, Entry[]>>();

export function readDotenv(files: RepoFiles, ref: FileRef, dialect: DialectId, environment?: Lookup): Entry[] {
  const text = files.read(ref)!;
  // A reader that interpolates from the environment reads the file per service.
  if (environment && text.includes('$') && dialect !== 'node' && dialect !== 'node-expand') return parseAs(text, ref.rel, dialect, environment);
  let byKey = cache.get(files);
  if (!byKey) cache.set(files, (byKey = new Map()));
  const key = `${dialect}\0${ref.abs}`;
  let entries = byKey.get(key);
  if (!entries) byKey.set(key, (entries = parseAs(text, ref.rel, dialect)));
  return entries;
}

/** `aws-sm://…#KEY` / `gcp-sm://…#KEY` at the start of a value, quoted or not, as the line has it. */
const SECRET_REF = /^(["']?)((?:aws-sm|gcp-sm):\/\/[^\s#"']+#[^\s"'#]+)\1(?:\s|$)/;

function parseAs(text: string, file: string, dialect: DialectId, environment?: Lookup): Entry[] {
  let entries: Entry[];
  if (dialect === 'node' || dialect === 'node-expand') {
    // parseDotenv's entries are this call's own: marked in place (a large platform has many).
    entries = parseDotenv(text, file);
    for (const e of entries) {
      e.source.dialect = dialect;
      if (dialect === 'node') e.raw = true;
    }
  } else {
    const r = readFileValues(dialect, text, environment);
    if (r.error)
      throw new SourceError('PARSE_ERROR', [{ file, line: r.error.line, message: `${r.error.message} (the ${dialect} dotenv reader refuses this file)` }]);
    entries = r.entries
      .filter((e) => !e.noValue)
      .map((e) => ({ key: e.key, value: e.value, source: { kind: 'dotenv' as const, file, line: e.line, dialect }, raw: true }));
  }
  // A secret reference is concord's, recognised from the line before a reader cuts it at `#`
  // (that the service's own reader cuts it is a reader-disagreement finding).
  if (!text.includes('-sm://')) return entries;
  const lines = text.split('\n');
  for (const e of entries) {
    const raw = lines[(e.source.line ?? 0) - 1]?.replace(/^[^=]*=\s*/, '');
    const m = raw ? SECRET_REF.exec(raw) : null;
    if (m && m[2] !== e.value) e.value = m[2]!;
  }
  return entries;
}
