import type { SecretRef } from './reference.js';
import { versionKey, withConcurrency, type FailureReason, type FetchOutcome, type SecretProvider } from './types.js';

/** gRPC status codes the client reports, by number. */
const GRPC: Record<number, FailureReason> = {
  4: 'timeout', // DEADLINE_EXCEEDED
  5: 'not-found',
  7: 'access-denied', // PERMISSION_DENIED
  8: 'throttled', // RESOURCE_EXHAUSTED
  14: 'unavailable',
  16: 'credentials', // UNAUTHENTICATED
};
const GRPC_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/**
 * GCP Secret Manager through the official client (gRPC), with Application Default Credentials.
 * CONCORD_GCP_SECRET_MANAGER_ENDPOINT (host:port, plaintext) or `providers.gcp.endpoint` points
 * it at an emulator or a test server.
 */
export const gcpSecretManager: SecretProvider = {
  async fetchAll(refs, options) {
    const [{ SecretManagerServiceClient }, gax] = await Promise.all([import('@google-cloud/secret-manager'), import('google-gax')]);
    const endpoint = options.settings.gcp?.endpoint ?? options.env.CONCORD_GCP_SECRET_MANAGER_ENDPOINT;
    const project = options.settings.gcp?.project;
    let clientOptions: NonNullable<ConstructorParameters<typeof SecretManagerServiceClient>[0]> = project ? { projectId: project } : {};
    if (endpoint) {
      const i = endpoint.lastIndexOf(':');
      clientOptions = {
        ...clientOptions,
        apiEndpoint: endpoint.slice(0, i),
        port: Number(endpoint.slice(i + 1)),
        sslCreds: gax.grpc.credentials.createInsecure(),
        // Without it the client probes for a metadata server even with an endpoint given.
        universeDomain: 'googleapis.com',
      };
    }
    const client = new SecretManagerServiceClient(clientOptions);
    const out = new Map<string, FetchOutcome>();
    // Without Application Default Credentials the client's own stub set-up rejects where nobody
    // awaits it (a stack trace and exit 1 after the report). Ask for credentials first, once.
    if (!endpoint && !(await hasCredentials(client))) {
      for (const ref of refs) {
        out.set(versionKey(ref), { ok: false, reason: 'credentials', code: 'NoADC' });
        options.onSettled?.();
      }
      return out;
    }
    try {
      await withConcurrency(
        refs.map((ref) => async () => {
          out.set(versionKey(ref), await access(client, ref, options.timeoutMs));
          options.onSettled?.();
        }),
        options.concurrency,
      );
    } finally {
      await client.close().catch(() => undefined);
    }
    return out;
  },
};

async function hasCredentials(client: Client): Promise<boolean> {
  try {
    await client.auth.getClient();
    return true;
  } catch {
    return false;
  }
}

type Client = InstanceType<typeof import('@google-cloud/secret-manager').SecretManagerServiceClient>;

async function access(client: Client, ref: SecretRef, timeoutMs: number): Promise<FetchOutcome> {
  try {
    const [res] = await client.accessSecretVersion({ name: `${ref.id}/versions/${ref.version ?? 'latest'}` }, { timeout: timeoutMs });
    const data = res.payload?.data;
    if (data === undefined || data === null) return { ok: false, reason: 'not-found', code: 'NoPayload' };
    return { ok: true, value: typeof data === 'string' ? data : Buffer.from(data).toString('utf8') };
  } catch (err) {
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'number') return { ok: false, reason: GRPC[code] ?? 'error', code: GRPC_NAMES[code] ?? `gRPC ${code}` };
    const name = (err as Error)?.name ?? 'Error';
    return { ok: false, reason: /credential|auth/i.test((err as Error)?.message ?? '') ? 'credentials' : 'error', code: name };
  }
}
