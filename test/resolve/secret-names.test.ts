import { describe, expect, it } from 'vitest';
import { isFlagValue, isSecretName, mayHoldSecret } from '../../src/resolve/secret-names.js';

const SECRET = [
  'PASSWORD',
  'DB_PASSWORD',
  'POSTGRES_PASSWORD',
  'REDIS_PASS',
  'JWT_SECRET',
  'JWT_SECRET_STAGING',
  'jwtSecret',
  'NEXTAUTH_SECRET',
  'GITHUB_TOKEN',
  'KUBERNETES_TOKEN',
  'API_KEY',
  'STRIPE_API_KEY',
  'apiKey',
  'PRIVATE_KEY',
  'JWT_PRIVATE_KEY',
  'SIGNING_KEY',
  'ENCRYPTION_KEY',
  'MEILI_MASTER_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'PEER_TLS_KEY',
  'SECRET_KEY_BASE',
  'SESSION_SECRET',
  'CLIENT_SECRET',
  'WEBHOOK_VERIFY_TOKEN',
  'DB_CREDENTIALS',
  'SENTRY_DSN',
  'AZURE_STORAGE_ACCOUNT_KEY',
  'server.ssl.key-store-password',
  'spring.datasource.password',
];
const NOT_SECRET = [
  'DB_USER',
  'POSTGRES_USER',
  'ADMIN_USERNAME',
  'MYSQL_ALLOW_EMPTY_PASSWORD',
  'MYSQL_RANDOM_ROOT_PASSWORD',
  'TOKEN_TTL_SECONDS',
  'JWT_EXPIRES',
  'TLS_KEY_FILE',
  'JWT_PRIVATE_KEY_FILE',
  'SECRET_NAME',
  'AWS_ACCESS_KEY_ID',
  'PUBLIC_KEY',
  'CACHE_KEY',
  'PARTITION_KEY',
  'KEY',
  'PASSWORD_MIN_LENGTH',
  'TOKEN_URL',
  'SECRETS_DIR',
  'AUTH_TOKEN_HEADER',
  'PORT',
  'DATABASE_URL',
  'KEYCLOAK_HOST',
  'PASSWORD_POLICY',
  'SECRET_STORE',
  'DB_PASSWORD_FILE',
];

describe('secret names are read as whole words', () => {
  it.each(SECRET)('%s holds a secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each(NOT_SECRET)('%s does not', (name) => expect(isSecretName(name)).toBe(false));

  it("a manifest's secretPatterns replace the word rules", () => {
    expect(isSecretName('DB_USER', [/user/i])).toBe(true);
    expect(isSecretName('DB_PASSWORD', [/user/i])).toBe(false);
  });
});

describe('flag values', () => {
  it.each(['true', 'FALSE', 'yes', 'no', 'on', '1', '0', '3600'])('%s is a switch or a count', (v) => expect(isFlagValue(v)).toBe(true));
  it.each(['s3cr3t-value', 'true-ish', '123456', ''])('%s is not', (v) => expect(isFlagValue(v)).toBe(false));
});

describe('masking reads names more widely than the rules', () => {
  it.each(['STRIPE_KEY', 'KEY', 'ACCESS_TOKEN_TTL', 'AUTH_HEADER', ...SECRET])('%s is masked', (name) => expect(mayHoldSecret(name)).toBe(true));
  it.each(['PORT', 'DB_HOST', 'LOG_LEVEL', 'POSTGRES_USER'])('%s is shown', (name) => expect(mayHoldSecret(name)).toBe(false));
});
