import type { SecretRef } from './reference.js';
import type { SecretProvider } from './types.js';

/** Providers by reference kind; each module (and its SDK) is imported only when a run needs it. */
const LOADERS: Record<SecretRef['provider'], { load: () => Promise<SecretProvider>; sdk: string }> = {
  'aws-sm': { load: async () => (await import('./aws-sm.js')).awsSecretsManager, sdk: '@aws-sdk/client-secrets-manager' },
  'gcp-sm': { load: async () => (await import('./gcp-sm.js')).gcpSecretManager, sdk: '@google-cloud/secret-manager' },
};

export function providerFor(kind: SecretRef['provider']) {
  return LOADERS[kind];
}
