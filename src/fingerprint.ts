import { createHmac, randomBytes } from 'node:crypto';

export type FingerprintKeySource = 'env' | 'per-run';

/**
 * Keyed fingerprints of values. Never a plain hash: without the key, a short secret cannot be
 * brute-forced from a report. With CONCORD_FINGERPRINT_KEY set, fingerprints are stable across
 * runs (and machines sharing the key); otherwise a random key is drawn per run.
 */
export class Fingerprinter {
  readonly keySource: FingerprintKeySource;
  readonly #key: Buffer;
  readonly #cache = new Map<string, string>();

  constructor(key?: string) {
    if (key !== undefined && key !== '') {
      this.#key = Buffer.from(key, 'utf8');
      this.keySource = 'env';
    } else {
      this.#key = randomBytes(32);
      this.keySource = 'per-run';
    }
  }

  /** Full HMAC-SHA256 digest in hex: what comparisons group by. */
  digest(value: string): string {
    let d = this.#cache.get(value);
    if (d === undefined) {
      d = createHmac('sha256', this.#key).update(value, 'utf8').digest('hex');
      this.#cache.set(value, d);
    }
    return d;
  }

  /** The short form shown to people: `hmac:` and 12 hex digits (48 bits). */
  fingerprint(value: string): string {
    return shortFingerprint(this.digest(value));
  }
}

export function shortFingerprint(digest: string): string {
  return `hmac:${digest.slice(0, 12)}`;
}
