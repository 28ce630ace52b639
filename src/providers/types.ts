import type { SecretRef } from './reference.js';

/** Why a secret could not be read. Every reason maps to a fixed sentence: no provider text is shown. */
export type FailureReason = 'not-found' | 'access-denied' | 'credentials' | 'region' | 'throttled' | 'timeout' | 'unavailable' | 'sdk-missing' | 'error';

export type FetchOutcome =
  | { ok: true; value: string }
  | { ok: false; reason: FailureReason /** the provider's error code (a name, never a message) */; code?: string };

export interface ProviderSettings {
  aws?: { region?: string; endpoint?: string; profile?: string };
  gcp?: { project?: string; endpoint?: string };
}

export interface FetchOptions {
  /** per-call timeout */
  timeoutMs: number;
  /** calls in flight at once */
  concurrency: number;
  settings: ProviderSettings;
  env: Record<string, string | undefined>;
  /** called after each secret version is settled */
  onSettled?: () => void;
}

/**
 * One secret manager. Adding one (Vault KV, Kubernetes Secrets, Doppler) is one file that
 * implements this and one line in providers/index.ts.
 */
export interface SecretProvider {
  /**
   * Fetches each distinct secret version once. `refs` are already deduplicated by `versionKey`;
   * the result maps each `versionKey` to its outcome. The raw value is returned whole: JSON keys
   * are picked afterwards, so two keys of one secret cost one call.
   */
  fetchAll(refs: SecretRef[], options: FetchOptions): Promise<Map<string, FetchOutcome>>;
}

/** One secret version, whatever JSON key is read from it. */
export function versionKey(ref: SecretRef): string {
  return `${ref.provider}\u0000${ref.id}\u0000${ref.versionKind ?? ''}\u0000${ref.version ?? ''}`;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function withConcurrency<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}
