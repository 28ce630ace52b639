import { ConfigError } from '../errors.js';
import { Fingerprinter } from '../fingerprint.js';
import { findManifest } from '../manifest/find.js';
import { loadManifest } from '../manifest/load.js';
import type { Manifest } from '../manifest/types.js';
import type { Model } from '../model.js';
import type { Report } from '../report/types.js';
import { buildModel } from '../resolve/build-model.js';
import { describeFailure, SecretResolver } from '../resolve/fetch-secrets.js';
import { DEFAULT_SECRET_PATTERNS, isSecretName } from '../resolve/secret-names.js';
import { DEFAULT_MAX_FILE_BYTES, RepoFiles } from '../sources/files.js';
import { makeScrubber, maskFindings, secretValues } from './mask.js';
import { assignClasses, dedupe, sortFindings } from './order.js';
import { runRules } from './run-rules.js';
import type { Rule } from '../rules/types.js';

export interface CheckOptions {
  /** where relative paths start; default: process.cwd() */
  cwd?: string;
  /** a folder holding concord.yaml (or the manifest file itself) */
  dir?: string;
  /** the manifest file, like --config */
  config?: string;
  /** the environment to check; default: the manifest's first */
  environment?: string;
  /** key for fingerprints; without it a random per-run key is used */
  fingerprintKey?: string;
  /** refuse input files larger than this many bytes */
  maxFileBytes?: number;
  /** rule implementations by id, for embedding concord with rules of one's own; default: the built-in rules */
  rules?: ReadonlyMap<string, Rule<never>>;
  /** no network: secret references are compared by identity (the pre-commit mode) */
  offline?: boolean;
  /** per-call timeout of secret manager reads, ms (default 10000) */
  timeoutMs?: number;
  /** secret manager calls in flight at once (default 8) */
  concurrency?: number;
  /** environment variables for provider configuration (default: process.env) */
  env?: Record<string, string | undefined>;
  /** progress of secret reads */
  onProgress?: (settled: number, total: number) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 8;

/**
 * Loads the manifest and every service's sources, resolves every setting, runs the rules and
 * returns a masked report. Throws ConfigError/SourceError for input it cannot work with.
 */
export async function check(options: CheckOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const manifestPath = findManifest({ cwd, dir: options.dir, config: options.config });
  const manifest = loadManifest(manifestPath);
  return checkManifest(manifest, options);
}

export async function checkManifest(manifest: Manifest, options: Omit<CheckOptions, 'cwd' | 'dir' | 'config'> = {}): Promise<Report> {
  const environment = options.environment ?? manifest.environments[0]!;
  if (!manifest.environments.includes(environment)) {
    throw new ConfigError('ENV_UNKNOWN', [
      { file: manifest.file, message: `unknown environment "${environment}"; the manifest defines ${manifest.environments.join(', ')}` },
    ]);
  }
  const files = new RepoFiles(manifest.root, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const fingerprinter = new Fingerprinter(options.fingerprintKey);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = options.offline
    ? undefined
    : new SecretResolver(
        { timeoutMs, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, settings: manifest.providers, env: options.env ?? process.env },
        fingerprinter,
        options.onProgress,
      );
  const models = new Map<string, Promise<Model>>();
  const modelFor = (env: string) => {
    let m = models.get(env);
    if (!m) {
      m = buildModel(manifest, env, files, fingerprinter).then(async (model) => {
        await secrets?.apply(model);
        return model;
      });
      models.set(env, m);
    }
    return m;
  };
  const model = await modelFor(environment);
  const secretName = (n: string) => isSecretName(n, manifest.secretPatterns ?? DEFAULT_SECRET_PATTERNS);
  const { findings: raw, crashes, checks } = await runRules({ manifest, model, modelFor, fingerprinter, isSecretName: secretName, rules: options.rules });

  const scrub = makeScrubber(secretValues(await Promise.all(models.values()), secretName));
  const findings = sortFindings(maskFindings(assignClasses(dedupe(raw)), scrub));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const incomplete: Report['incomplete'] = [
    ...(secrets?.failures ?? []).map((f) => ({ ref: f.ref, services: f.services, reason: f.reason, message: describeFailure(f, timeoutMs) })),
    ...crashes.map((c) => {
      const detail = (c.cause as Error | undefined)?.message;
      return { ruleId: c.ruleId, message: scrub(detail ? `${c.message}: ${detail}` : c.message) };
    }),
  ];
  return {
    status: errors > 0 ? 'fail' : incomplete.length > 0 ? 'incomplete' : 'pass',
    environment,
    manifest: manifest.file,
    fingerprintKey: fingerprinter.keySource,
    summary: { errors, warnings: findings.length - errors, services: model.services.size, settings: model.settingNames.size },
    findings,
    checks,
    incomplete,
    secrets: { offline: options.offline === true, fetched: secrets?.stats.fetched ?? 0, failed: secrets?.stats.failed ?? 0 },
  };
}

export function exitCodeForReport(report: Report): number {
  return report.status === 'fail' ? 1 : report.status === 'incomplete' ? 3 : 0;
}
