import type { SecretRef } from './reference.js';
import { versionKey, withConcurrency, type FailureReason, type FetchOutcome, type SecretProvider } from './types.js';

const BATCH_SIZE = 20;

/**
 * AWS Secrets Manager through the official client. Credentials and region come from the SDK's
 * standard chains (env, profiles, SSO, instance roles); `providers.aws` and AWS_ENDPOINT_URL*
 * override them. References without a version are read 20 at a time with BatchGetSecretValue.
 */
export const awsSecretsManager: SecretProvider = {
  async fetchAll(refs, options) {
    // The SDK warns on every run under Node 20 about its own future Node floor: a notice for
    // concord's maintainers (see the README), not noise for every CI log. Respect an explicit value.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const sdk = await import('@aws-sdk/client-secrets-manager');
    const out = new Map<string, FetchOutcome>();
    const clients = new Map<string, InstanceType<typeof sdk.SecretsManagerClient>>();
    const clientFor = (region: string | undefined) => {
      const key = region ?? '';
      let c = clients.get(key);
      if (!c) {
        const aws = options.settings.aws ?? {};
        c = new sdk.SecretsManagerClient({
          region: region ?? aws.region,
          ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
          ...(aws.profile ? { profile: aws.profile } : {}),
          maxAttempts: 3,
        });
        clients.set(key, c);
      }
      return c;
    };
    const settle = (ref: SecretRef, outcome: FetchOutcome) => {
      out.set(versionKey(ref), outcome);
      options.onSettled?.();
    };

    // An ARN names its region; a bare name uses the configured one.
    const byRegion = new Map<string, SecretRef[]>();
    const single: SecretRef[] = [];
    for (const ref of refs) {
      if (ref.version) single.push(ref);
      else {
        const region = arnRegion(ref.id) ?? '';
        byRegion.set(region, [...(byRegion.get(region) ?? []), ref]);
      }
    }
    const tasks: (() => Promise<void>)[] = [];
    for (const [region, list] of byRegion) {
      for (let i = 0; i < list.length; i += BATCH_SIZE) {
        const batch = list.slice(i, i + BATCH_SIZE);
        tasks.push(async () => {
          try {
            const res = await clientFor(region || undefined).send(new sdk.BatchGetSecretValueCommand({ SecretIdList: batch.map((r) => r.id) }), {
              abortSignal: AbortSignal.timeout(options.timeoutMs),
            });
            const found = new Map<string, { SecretString?: string; SecretBinary?: Uint8Array }>();
            for (const v of res.SecretValues ?? []) {
              if (v.Name) found.set(v.Name, v);
              if (v.ARN) found.set(v.ARN, v);
            }
            const errors = new Map((res.Errors ?? []).map((e) => [e.SecretId ?? '', e.ErrorCode ?? 'Error']));
            for (const ref of batch) {
              const v = found.get(ref.id);
              if (v) settle(ref, secretValueOf(v));
              else
                settle(ref, {
                  ok: false,
                  reason: classify(errors.get(ref.id) ?? 'ResourceNotFoundException'),
                  code: errors.get(ref.id) ?? 'ResourceNotFoundException',
                });
            }
          } catch (err) {
            // A role may be allowed GetSecretValue but not the batch call: fall back to one by one.
            const f = failure(err);
            if (!f.ok && f.reason === 'access-denied') {
              for (const ref of batch) await getOne(ref);
            } else {
              for (const ref of batch) settle(ref, f);
            }
          }
        });
      }
    }
    for (const ref of single) tasks.push(() => getOne(ref));
    await withConcurrency(tasks, options.concurrency);
    for (const c of clients.values()) c.destroy();
    return out;

    async function getOne(ref: SecretRef): Promise<void> {
      try {
        const version = ref.versionKind === 'stage' ? { VersionStage: ref.version } : ref.versionKind === 'id' ? { VersionId: ref.version } : {};
        const res = await clientFor(arnRegion(ref.id)).send(new sdk.GetSecretValueCommand({ SecretId: ref.id, ...version }), {
          abortSignal: AbortSignal.timeout(options.timeoutMs),
        });
        settle(ref, secretValueOf(res));
      } catch (err) {
        settle(ref, failure(err));
      }
    }
  },
};

function secretValueOf(v: { SecretString?: string; SecretBinary?: Uint8Array }): FetchOutcome {
  if (v.SecretString !== undefined) return { ok: true, value: v.SecretString };
  if (v.SecretBinary !== undefined) return { ok: true, value: Buffer.from(v.SecretBinary).toString('utf8') };
  return { ok: false, reason: 'not-found', code: 'NoValue' };
}

function arnRegion(id: string): string | undefined {
  return /^arn:aws[\w-]*:secretsmanager:([\w-]+):/.exec(id)?.[1];
}

function failure(err: unknown): FetchOutcome {
  const e = err as { name?: string; code?: string; message?: string };
  const code = e?.name && e.name !== 'Error' ? e.name : (e?.code ?? 'Error');
  if (/region is missing/i.test(e?.message ?? '')) return { ok: false, reason: 'region', code: 'RegionMissing' };
  return { ok: false, reason: classify(code), code };
}

export function classify(code: string): FailureReason {
  if (/ResourceNotFound|NotFound/.test(code)) return 'not-found';
  if (/AccessDenied|DecryptionFailure|Forbidden/.test(code)) return 'access-denied';
  if (/ExpiredToken|UnrecognizedClient|InvalidSignature|InvalidClientTokenId|Credentials|SignatureDoesNotMatch/.test(code)) return 'credentials';
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(code)) return 'throttled';
  if (/Timeout|Abort/.test(code)) return 'timeout';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|InternalServiceError|ServiceUnavailable/.test(code)) return 'unavailable';
  return 'error';
}
