/**
 * How much hostile or accidental input concord reads before refusing it with exit 2 and a file
 * and line. Data, not code: every parser and the interpolation engines share these numbers, and a
 * limit named here is what an error message quotes.
 */
export const LIMITS = {
  /** bytes of one configuration file, manifest or baseline report */
  fileBytes: 8 * 1024 * 1024,
  /** bytes of a --baseline report */
  baselineBytes: 64 * 1024 * 1024,
  /** milliseconds of --timeout: what a timer can hold */
  timeoutMs: 2_147_483_647,
  /** parallel secret reads of --concurrency */
  concurrency: 1_000,
  /** bytes of an answer fetched over HTTP (a JWKS endpoint) */
  fetchBytes: 1024 * 1024,
  /** nodes that YAML aliases and merge keys add to one document once expanded (billion laughs) */
  yamlAliasNodes: 100_000,
  /** collections nested in collections, aliases followed */
  nestingDepth: 200,
  /** values (scalars) of one YAML/JSON file: what its document tree takes in memory */
  yamlValues: 300_000,
  /** lines of one YAML/JSON file (minified JSON is one line) */
  yamlLines: 200_000,
  /** keys of one YAML/JSON file (each mapping entry counts) */
  keys: 100_000,
  /** variables one dotenv file assigns: every one is a setting to a zero-config run */
  dotenvVariables: 10_000,
  /** variables of one service in a zero-config run, where each is a setting to compare */
  serviceVariables: 10_000,
  /** variables one interpolated value may pass through (`A=${B}`, `B=${C}`, …) */
  interpolationDepth: 100,
  /** characters of one value after interpolation (`A=${B}${B}`, thirty levels deep) */
  expandedLength: 1024 * 1024,
  /** entries looked at by zero-config discovery, and how deep it goes */
  discoveryEntries: 20_000,
  discoveryDepth: 6,
  /** characters a user regular expression is ever run against */
  patternInput: 256,
} as const;
