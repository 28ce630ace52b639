import { ConfigError } from '../errors.js';
import { Fingerprinter } from '../fingerprint.js';
import type { Manifest } from '../manifest/types.js';
import type { Model } from '../model.js';
import type { Report } from '../report/types.js';
import { buildModel } from '../resolve/build-model.js';
import { describeFailure, SecretResolver } from '../resolve/fetch-secrets.js';
import { DEFAULT_SECRET_PATTERNS, isSecretName } from '../resolve/secret-names.js';
import { DEFAULT_MAX_FILE_BYTES, RepoFiles } from '../sources/files.js';
import { makeScrubber, secretValues, type Scrubber } from './mask.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 8;

export interface SessionOptions {
  fingerprintKey?: string;
  maxFileBytes?: number;
  offline?: boolean;
  timeoutMs?: number;
  concurrency?: number;
  env?: Record<string, string | undefined>;
  onProgress?: (settled: number, total: number) => void;
}

/**
 * What one run shares across environments and commands (check, explain, audit): files read
 * once, one fingerprint key, each secret version fetched once, each environment's model built once.
 */
export function createSession(manifest: Manifest, options: SessionOptions = {}) {
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
  let only: Set<string> | undefined;
  let needed: Map<string, Set<string>> | undefined;
  let settingsFor: Map<string, Set<string>> | undefined;
  const secretName = (n: string) => isSecretName(n, manifest.secretPatterns ?? DEFAULT_SECRET_PATTERNS);

  const modelFor = (env: string): Promise<Model> => {
    let m = models.get(env);
    if (!m) {
      m = buildModel(manifest, env, files, fingerprinter, only, needed, settingsFor).then(async (model) => {
        await secrets?.apply(model);
        return model;
      });
      models.set(env, m);
    }
    return m;
  };

  return {
    files,
    fingerprinter,
    isSecretName: secretName,
    modelFor,
    /** load only these services, parsing only files that mention these names (a pre-commit run) */
    restrict(scope: { load: Set<string>; needed: Map<string, Set<string>>; settings: Map<string, Set<string>> }): void {
      if (models.size > 0) throw new Error('restrict() must come before any model is built');
      only = scope.load;
      needed = scope.needed;
      settingsFor = scope.settings;
    },
    /** the environment to use: the one asked for (which must exist), or the manifest's first */
    environment(asked: string | undefined): string {
      const env = asked ?? manifest.environments[0]!;
      if (!manifest.environments.includes(env)) {
        throw new ConfigError('ENV_UNKNOWN', [
          { file: manifest.file, message: `unknown environment "${env}"; the manifest defines ${manifest.environments.join(', ')}` },
        ]);
      }
      return env;
    },
    /** scrubs every secret value any model of this run loaded */
    async scrubber(): Promise<Scrubber> {
      return makeScrubber(secretValues(await Promise.all(models.values()), secretName));
    },
    secretFailures(): Report['incomplete'] {
      return (secrets?.failures ?? []).map((f) => ({ ref: f.ref, services: f.services, reason: f.reason, message: describeFailure(f, timeoutMs) }));
    },
    secretStats(): NonNullable<Report['secrets']> {
      return { offline: options.offline === true, fetched: secrets?.stats.fetched ?? 0, failed: secrets?.stats.failed ?? 0 };
    },
  };
}

export type Session = ReturnType<typeof createSession>;
