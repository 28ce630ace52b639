import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { DEFAULT_MAX_FILE_BYTES, readFailure } from '../sources/files.js';
import { parseYaml } from '../sources/yaml-doc.js';
import { lineIndex } from './lines.js';

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

/**
 * The manifest's data and the line of each of its paths. Throws a SourceError for YAML that does
 * not parse, a ConfigError for more than one document.
 */
export function parseManifestText(text: string, file: string): { data: unknown; lines: Map<string, number> } {
  const y = parseYaml(text, file);
  if (y.docs.length !== 1) throw new ConfigError('MANIFEST_INVALID', [{ file, message: 'the manifest must hold exactly one YAML document' }]);
  const doc = y.docs[0]!;
  const lines = lineIndex(doc, (n) => y.line(n));
  // parseYaml's guard bounds what aliases expand to; yaml's own count (100) refused real manifests.
  return { data: doc.toJS({ maxAliasCount: -1 }), lines };
}
