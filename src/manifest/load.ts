import path from 'node:path';
import { ConfigError, SourceError } from '../errors.js';
import { readCachedManifest, writeCachedManifest } from './cache.js';
import { type LineOf, lineLookup } from './lines.js';
import { normaliseAccept, normaliseServices } from './normalise.js';
import { parseManifestText, readManifestText } from './read.js';
import { checkRule } from './rules.js';
import { loadRecommended, type RuleSource, ruleSpecs } from './rulesets.js';
import type { Manifest } from './types.js';
import { checkAccept, checkSchema, checkSecretPatterns, checkServices } from './validate.js';

export { KNOWN_RULES } from './rules.js';
export { loadRecommendedRules } from './rulesets.js';

/**
 * Reads, parses and validates a manifest; every problem is reported at once.
 * @param cacheDir where a parsed copy of the manifest may be kept, keyed by its content hash: YAML
 *   parsing is most of a pre-commit run on a large platform. Only the manifest (a committed file)
 *   is cached, never anything read from .env files or secret stores.
 */
export function loadManifest(absFile: string, cacheDir?: string, staged?: (abs: string) => string | null | undefined): Manifest {
  const root = path.dirname(absFile);
  const file = path.basename(absFile);
  // A pre-commit run judges the manifest the commit holds.
  const text = staged?.(absFile) ?? readManifestText(absFile, file);
  const cached = readCachedManifest(cacheDir, text);
  if (cached) return buildManifest(root, file, cached.data, lineLookup(new Map(cached.lines)));
  try {
    const { data, lines } = parseManifestText(text, file);
    const manifest = buildManifest(root, file, data, lineLookup(lines));
    // Only a manifest that holds together is kept: a broken one is read again, and reported again.
    writeCachedManifest(cacheDir, text, { data, lines: [...lines] });
    return manifest;
  } catch (err) {
    if (err instanceof SourceError) throw new ConfigError('MANIFEST_INVALID', err.problems, { cause: err });
    throw err;
  }
}

/** A Manifest from the manifest's data: validated, normalised, with its rules (rules/recommended.yaml when it lists none). */
export function buildManifest(root: string, file: string, data: unknown, lineOf: LineOf, rulesetLoader: () => RuleSource = loadRecommended): Manifest {
  checkSchema(data, file, lineOf);
  const raw = data;
  const environments = raw.environments ?? ['default'];
  const services = normaliseServices(raw, lineOf);
  const byName = new Map(services.map((s) => [s.name, s]));

  const problems = [
    ...checkServices(services, root, file, lineOf),
    ...checkSecretPatterns(raw.secretPatterns ?? [], (i) => ({ file, line: lineOf(['secretPatterns', i]) })),
  ];
  const ruleSource = raw.rules === undefined ? rulesetLoader() : { rules: raw.rules, file, lineOf };
  const rules = ruleSpecs(ruleSource);
  for (const r of rules) problems.push(...checkRule(r, ruleSource.lineOf, environments, byName));
  problems.push(...checkAccept(raw.accept ?? [], byName, file, lineOf));
  if (problems.length > 0) throw new ConfigError('MANIFEST_INVALID', problems);

  return {
    root,
    file,
    environments,
    services,
    rules,
    secretPatterns: raw.secretPatterns?.map((p) => new RegExp(p, 'i')),
    providers: raw.providers ?? {},
    accept: normaliseAccept(raw, lineOf),
  };
}
