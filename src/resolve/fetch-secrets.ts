import type { Fingerprinter } from '../fingerprint.js';
import type { Model, ResolvedSetting } from '../model.js';
import { providerFor } from '../providers/index.js';
import { parseSecretRef, type SecretRef } from '../providers/reference.js';
import { versionKey, type FailureReason, type FetchOptions, type FetchOutcome } from '../providers/types.js';

export interface RefFailure {
  ref: string;
  services: string[];
  reason: FailureReason;
  code?: string;
}

export interface SecretStats {
  offline: boolean;
  /** distinct secret versions read */
  fetched: number;
  failed: number;
  byProvider: Record<string, number>;
  ms: number;
}

const REASONS: Record<FailureReason, string> = {
  'not-found': 'the secret (or this version of it) does not exist, or not where the client looked (region, project)',
  'access-denied': 'access denied: the credentials in use may not read this secret',
  credentials: 'no valid credentials: they are missing, expired or were rejected',
  region: 'no AWS region is configured (AWS_REGION, a profile, or providers.aws.region)',
  throttled: 'still throttled after retries',
  timeout: 'timed out',
  unavailable: 'the secret manager could not be reached',
  'sdk-missing': 'its client library is not installed',
  error: 'the secret manager returned an error',
};

export function describeFailure(f: RefFailure, timeoutMs: number): string {
  const why = f.reason === 'timeout' ? `timed out after ${timeoutMs} ms` : REASONS[f.reason];
  return `${f.ref} (used by ${f.services.join(', ')}): ${why}${f.code ? ` [${f.code}]` : ''}`;
}

/**
 * Turns secret references in resolved settings into the secrets' values, fetching each distinct
 * secret version once per run, whatever the number of services, keys or environments using it.
 * The model it is given is left as built: the secrets go into a new one.
 */
export class SecretResolver {
  readonly #options: FetchOptions;
  readonly #fingerprinter: Fingerprinter;
  readonly #outcomes = new Map<string, Promise<FetchOutcome>>();
  readonly #failures = new Map<string, RefFailure>();
  readonly stats: SecretStats = { offline: false, fetched: 0, failed: 0, byProvider: {}, ms: 0 };
  readonly #onProgress?: (settled: number, total: number) => void;
  #settled = 0;
  #total = 0;

  constructor(options: FetchOptions, fingerprinter: Fingerprinter, onProgress?: (settled: number, total: number) => void) {
    this.#options = options;
    this.#fingerprinter = fingerprinter;
    this.#onProgress = onProgress;
  }

  get failures(): RefFailure[] {
    return [...this.#failures.values()];
  }

  /** The model with every secret reference it resolves to read: the secret's value, or why it could not be read. */
  async withSecrets(model: Model): Promise<Model> {
    const withRefs: { r: ResolvedSetting; ref: SecretRef }[] = [];
    for (const list of model.bySetting.values()) {
      for (const r of list) {
        if (!r.ref || r.fetched || r.value === undefined) continue;
        const ref = parseSecretRef(r.value);
        if (ref) withRefs.push({ r, ref });
      }
    }
    if (withRefs.length === 0) return model;
    const started = Date.now();
    await this.#fetchMissing(withRefs.map((x) => x.ref));
    const read = new Map<ResolvedSetting, ResolvedSetting>();
    for (const { r, ref } of withRefs) read.set(r, this.#read(r, ref, await this.#outcomes.get(versionKey(ref))!));
    this.stats.ms += Date.now() - started;
    return replaceSettings(model, read);
  }

  async #fetchMissing(refs: SecretRef[]): Promise<void> {
    const byProvider = new Map<SecretRef['provider'], SecretRef[]>();
    for (const ref of refs) {
      const key = versionKey(ref);
      if (this.#outcomes.has(key)) continue;
      const list = byProvider.get(ref.provider) ?? [];
      if (!list.some((x) => versionKey(x) === key)) list.push(ref);
      byProvider.set(ref.provider, list);
    }
    const runs: Promise<void>[] = [];
    for (const [kind, list] of byProvider) {
      this.#total += list.length;
      const batch = this.#fetchProvider(kind, list);
      for (const ref of list)
        this.#outcomes.set(
          versionKey(ref),
          batch.then((m) => m.get(versionKey(ref)) ?? { ok: false, reason: 'error', code: 'NoAnswer' }),
        );
      runs.push(batch.then(() => undefined));
    }
    await Promise.all(runs);
  }

  async #fetchProvider(kind: SecretRef['provider'], refs: SecretRef[]): Promise<Map<string, FetchOutcome>> {
    const entry = providerFor(kind);
    let provider;
    try {
      provider = await entry.load();
    } catch {
      return new Map(refs.map((r) => [versionKey(r), { ok: false, reason: 'sdk-missing', code: entry.sdk } as FetchOutcome]));
    }
    const outcomes = await provider.fetchAll(refs, {
      ...this.#options,
      onSettled: () => {
        this.#settled++;
        this.#onProgress?.(this.#settled, this.#total);
      },
    });
    for (const o of outcomes.values()) {
      if (o.ok) {
        this.stats.fetched++;
        this.stats.byProvider[kind] = (this.stats.byProvider[kind] ?? 0) + 1;
      } else this.stats.failed++;
    }
    return outcomes;
  }

  /** The setting as its reference's outcome makes it: the secret's value, or the problem reading it. */
  #read(r: ResolvedSetting, ref: SecretRef, outcome: FetchOutcome): ResolvedSetting {
    if (!outcome.ok) {
      const failure = this.#failures.get(ref.canonical) ?? { ref: ref.canonical, services: [], reason: outcome.reason, code: outcome.code };
      if (!failure.services.includes(r.service)) failure.services.push(r.service);
      this.#failures.set(ref.canonical, failure);
      return { ...r, refProblem: { reason: outcome.reason, code: outcome.code } };
    }
    let value = outcome.value;
    if (ref.jsonKey !== undefined) {
      const picked = pickJsonKey(value, ref.jsonKey);
      if (!picked.ok) return { ...r, refProblem: { reason: picked.reason, jsonKey: ref.jsonKey } };
      value = picked.value;
    }
    return { ...r, value, digest: this.#fingerprinter.digest(value), fingerprint: this.#fingerprinter.fingerprint(value), fetched: true, secret: true };
  }
}

/** A model whose settings `read` replaces, in services and in bySetting alike; everything else shared. */
function replaceSettings(model: Model, read: Map<ResolvedSetting, ResolvedSetting>): Model {
  const swap = (r: ResolvedSetting) => read.get(r) ?? r;
  const services = new Map(
    [...model.services].map(([name, svc]) => {
      if (![...svc.settings.values()].some((r) => read.has(r))) return [name, svc];
      return [name, { ...svc, settings: new Map([...svc.settings].map(([k, r]) => [k, swap(r)])) }];
    }),
  );
  const bySetting = new Map([...model.bySetting].map(([k, list]) => [k, list.map(swap)]));
  return { ...model, services, bySetting };
}

/** `#key` of a secret holding a JSON object; a clear reason when it is not one. */
export function pickJsonKey(document: string, key: string): { ok: true; value: string } | { ok: false; reason: 'not-json' | 'key-missing' } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'not-json' };
  if (!Object.hasOwn(parsed, key)) return { ok: false, reason: 'key-missing' };
  const v = (parsed as Record<string, unknown>)[key];
  return { ok: true, value: typeof v === 'string' ? v : JSON.stringify(v) };
}
