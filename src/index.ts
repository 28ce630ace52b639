/** concord's library API: the CLI is a thin layer over these. */
export { check, checkManifest, exitCodeForReport, type CheckOptions } from './engine/check.js';
export { explain, type Explanation, type ExplainOptions } from './engine/explain.js';
export { loadManifest } from './manifest/load.js';
export { findManifest } from './manifest/find.js';
export type { Manifest, ServiceSpec, RuleSpec, Severity } from './manifest/types.js';
export { buildModel } from './resolve/build-model.js';
export { resolveChain } from './resolve/resolve-chain.js';
export type { Model, ServiceModel, ResolvedSetting, Entry, Provenance, ChainLink, PortClaim } from './model.js';
export { format, FORMATS, type Format, type Report, type Finding, type FindingService } from './report/index.js';
export { RULES } from './rules/index.js';
export type { Rule, RuleContext, RuleFinding, Observation } from './rules/types.js';
export { ConcordError, ConfigError, SourceError, ProviderError, RuleError, EXIT, type ErrorCode } from './errors.js';
export { Fingerprinter } from './fingerprint.js';
export { parseSecretRef, type SecretRef } from './providers/reference.js';
export { parseDotenv } from './sources/dotenv.js';
export { parseConfig } from './sources/config.js';
export { run, type CliIo, type CliResult } from './cli/run.js';
