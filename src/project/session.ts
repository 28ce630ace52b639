import { ConcordError, ConfigError, formatProblem } from '../errors.js';
import { LIMITS } from '../limits.js';
import { Fingerprinter } from '../fingerprint.js';
import type { Manifest } from '../manifest/types.js';
import type { Model } from '../model.js';
import type { Report } from '../report/types.js';
import { buildModel } from '../resolve/build-model.js';
import { describeFailure, SecretResolver } from '../resolve/fetch-secrets.js';
import { DEFAULT_SECRET_PATTERNS, isSecretName, mayHoldSecret } from '../resolve/secret-names.js';
import { DEFAULT_MAX_FILE_BYTES, RepoFiles } from '../sources/files.js';
import { makeScrubber, platformVocabulary, secretValues, type Scrubber } from '../pipeline/mask.js';
import type { RuleIo } from '../rules/types.js';

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
  /** where parsed source code may be kept between runs; false or absent: nowhere */
  cacheDir?: string | false;
  /** files already read for this repository (zero-config discovery), to read none twice */
  files?: RepoFiles;
  /** a pre-commit run: file texts as git's index holds them (see vcs/git.ts stagedReader) */
  staged?: (abs: string) => string | null | undefined;
  /** load only these services, parsing only files that mention these names (a pre-commit run's plan) */
  scope?: SessionScope;
}

export interface SessionScope {
  load: Set<string>;
  needed: Map<string, Set<string>>;
  settings: Map<string, Set<string>>;
}

/** The repository's files as a session reads them: those discovery already read, or a fresh cache. */
export function repoFilesFor(manifest: Manifest, options: Pick<SessionOptions, 'files' | 'maxFileBytes' | 'cacheDir' | 'staged'>): RepoFiles {
  const files = options.files ?? new RepoFiles(manifest.root, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if (options.cacheDir) files.codeCacheDir = options.cacheDir;
  if (options.staged) files.staged = options.staged;
  return files;
}

/**
 * What one run shares across environments and commands (check, explain, audit): files read
 * once, one fingerprint key, each secret version fetched once, each environment's model built once.
 */
export function createSession(manifest: Manifest, options: SessionOptions = {}) {
  const files = repoFilesFor(manifest, options);
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
  // The scope is fixed when the session is made: every model of the run is built from the same plan.
  const { load: only, needed, settings: settingsFor } = options.scope ?? {};
  const secretName = (n: string) => isSecretName(n, manifest.secretPatterns ?? DEFAULT_SECRET_PATTERNS);
  /** texts rules read as key material: scrubbed like any secret */
  const materialTexts = new Set<string>();
  /** setting values that turned out to be paths of key files: names of secrets, not secrets */
  const materialPaths = new Set<string>();
  const ruleIncomplete: Report['incomplete'] = [];

  const modelFor = (env: string): Promise<Model> => {
    let m = models.get(env);
    if (!m) {
      m = buildModel(manifest, env, files, fingerprinter, only, needed, settingsFor, options.env ?? process.env).then((model) =>
        secrets ? secrets.withSecrets(model) : model,
      );
      models.set(env, m);
    }
    return m;
  };

  return {
    files,
    fingerprinter,
    isSecretName: secretName,
    modelFor,
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
    /** scrubs every secret value any model of this run loaded, and every key file rules read */
    async scrubber(): Promise<Scrubber> {
      // Masking reads names more widely than the rules do: a `STRIPE_KEY` is masked even if no rule judges it.
      const built = await Promise.all(models.values());
      const values = secretValues(built, (n) => secretName(n) || mayHoldSecret(n));
      for (const t of materialTexts) for (const piece of [t, t.trim(), ...t.split(/\r?\n/).filter((l) => l.length >= 16)]) values.add(piece);
      for (const p of materialPaths) values.delete(p);
      return makeScrubber(values, platformVocabulary(built));
    },
    secretFailures(): Report['incomplete'] {
      return [
        ...(secrets?.failures ?? []).map((f) => ({ ref: f.ref, services: f.services, reason: f.reason, message: describeFailure(f, timeoutMs) })),
        ...ruleIncomplete,
      ];
    },
    /** the world as rules may see it */
    ruleIo(now: Date): RuleIo {
      return {
        now,
        readFile(service, file) {
          const spec = manifest.services.find((s) => s.name === service);
          if (!spec) return undefined;
          let ref;
          try {
            ref = files.ref(spec.root, file);
          } catch {
            return undefined;
          }
          let text: string | null;
          try {
            text = files.read(ref, { optional: true });
          } catch (err) {
            // A key file that is a FIFO, unreadable or too large: this service's check is incomplete.
            if (!(err instanceof ConcordError)) throw err;
            ruleIncomplete.push({ services: [service], reason: 'unreadable', message: err.problems.map(formatProblem).join('; ') });
            return undefined;
          }
          if (text === null) return undefined;
          materialTexts.add(text);
          materialPaths.add(file);
          return { text, file: ref.rel };
        },
        fetchText: options.offline
          ? undefined
          : async (url) => {
              try {
                const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
                if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
                const text = await boundedText(res, LIMITS.fetchBytes);
                return text === undefined ? { ok: false, reason: `the answer is over ${LIMITS.fetchBytes} bytes` } : { ok: true, text };
              } catch (err) {
                const name = (err as Error)?.name;
                return { ok: false, reason: name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : 'could not be reached' };
              }
            },
        incomplete(entry) {
          ruleIncomplete.push(entry);
        },
      };
    },
    secretStats(): NonNullable<Report['secrets']> {
      return { offline: options.offline === true, fetched: secrets?.stats.fetched ?? 0, failed: secrets?.stats.failed ?? 0 };
    },
  };
}

export type Session = ReturnType<typeof createSession>;

/** A response body, or undefined past `max` bytes: a JWKS endpoint that never stops must not fill memory. */
async function boundedText(res: Response, max: number): Promise<string | undefined> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) {
      await res.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
