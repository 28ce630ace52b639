import { stringify } from 'yaml';
import credentialMatch from '../../src/rules/credential-match.js';
import { manifest, ruleTester } from './rule-tester.js';

/** A compose file from its services, written as objects so each line is where the test says. */
const compose = (services: Record<string, unknown>) => stringify({ services });

const postgres = (env: Record<string, string>) => ({ image: 'postgres:16', environment: env });

ruleTester(credentialMatch, [
  {
    name: "passes when the password in the client's URL is the one the database creates",
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DATABASE_URL: 'postgres://app:Kq7-the-db-password-91@db:5432/app' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [],
  },
  {
    name: "fails when the URL's password differs from POSTGRES_PASSWORD, locating both sides",
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DATABASE_URL: 'postgres://app:rotated-password-2026@db:5432/app' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [{ messageId: 'differs', services: ['api', 'db'], severity: 'error', locations: ['api@compose.yaml:5', 'db@compose.yaml:10'] }],
  },
  {
    name: 'reads the default user postgres when POSTGRES_USER is unset, and a DB_HOST + DB_PASSWORD pair',
    files: {
      'compose.yaml': compose({
        worker: { image: 'example/worker', environment: { DB_HOST: 'db', DB_PORT: '5432', DB_USER: 'postgres', DB_PASSWORD: 'stale-password-from-2025' } },
        db: postgres({ POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [{ messageId: 'differs', services: ['worker', 'db'], locations: ['worker@compose.yaml:8', 'db@compose.yaml:12'] }],
  },
  {
    name: 'does not judge a user the server environment does not create (made by an init script)',
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DATABASE_URL: 'postgres://reporting:another-password-77@db/app' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [],
  },
  {
    name: "takes MySQL's root account for a client logging in as root",
    files: {
      'compose.yaml': compose({
        app: { image: 'example/app', environment: { DATABASE_URL: 'mysql://root:Zr9-root-password-44@mysql:3306/app' } },
        mysql: { image: 'mysql:8', environment: { MYSQL_USER: 'app', MYSQL_PASSWORD: 'Kq7-app-password-91', MYSQL_ROOT_PASSWORD: 'Zr9-root-password-44' } },
      }),
    },
    expect: [],
  },
  {
    name: "compares a redis client's REDIS_PASS with the server's REDIS_PASSWORD",
    files: {
      'compose.yaml': compose({
        app: { image: 'example/app', environment: { REDIS_HOST: 'cache', REDIS_PASS: 'wrong-cache-password-1' } },
        cache: { image: 'bitnami/redis:7', environment: { REDIS_PASSWORD: 'Xy8-cache-password-33' } },
      }),
    },
    expect: [{ messageId: 'differs', services: ['app', 'cache'], locations: ['app@compose.yaml:6', 'cache@compose.yaml:10'] }],
  },
  {
    name: "never takes an app's own client credential for an account: REDIS_PASSWORD of an app that calls redis",
    files: {
      'compose.yaml': compose({
        web: { image: 'example/web', environment: { API_URL: 'redis://:some-password-for-api-9@api:6379' } },
        api: { image: 'example/api', environment: { REDIS_HOST: 'cache', REDIS_PASSWORD: 'Xy8-cache-password-33' } },
        cache: { image: 'redis:7' },
      }),
    },
    expect: [],
  },
  {
    name: 'leaves a password referenced from the environment alone (${DB_PASSWORD} left unset)',
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DATABASE_URL: 'postgres://app:$${DB_PASSWORD}@db/app' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [],
  },
  {
    name: 'does not take the path of a mounted secret for a password (the program reads the file)',
    files: {
      'compose.yaml': stringify({
        services: {
          backend: {
            image: 'example/api',
            environment: { DATABASE_HOST: 'db', DATABASE_USER: 'root', DATABASE_PASSWORD: '/run/secrets/db-password' },
            secrets: ['db-password'],
          },
          db: { image: 'mariadb:10.6', environment: { MYSQL_ROOT_PASSWORD_FILE: '/run/secrets/db-password' }, secrets: ['db-password'] },
        },
        secrets: { 'db-password': { file: 'db/password.txt' } },
      }),
      'db/password.txt': 'Kq7-the-db-password-91\n',
    },
    expect: [],
  },
  {
    name: "with a manifest, finds the credential by the address's variable, whatever the setting is called (temporal: POSTGRES_SEEDS + POSTGRES_PWD)",
    files: {
      'concord.yaml': manifest({
        services: {
          temporal: { compose: { file: 'compose.yaml' }, settings: { postgres_seeds: ['POSTGRES_SEEDS'] } },
          postgresql: { compose: { file: 'compose.yaml' } },
        },
        rules: [{ rule: 'credential-match' }],
      }),
      'compose.yaml': compose({
        temporal: {
          image: 'temporalio/auto-setup',
          environment: { POSTGRES_USER: 'temporal', POSTGRES_PWD: 'temporal-rotated', POSTGRES_SEEDS: 'postgresql' },
        },
        postgresql: postgres({ POSTGRES_USER: 'temporal', POSTGRES_PASSWORD: 'temporal' }),
      }),
    },
    expect: [{ messageId: 'differs', services: ['temporal', 'postgresql'], locations: ['temporal@compose.yaml:6', 'postgresql@compose.yaml:12'] }],
  },
  {
    name: 'every client presenting the same stale password to one server is one finding (appwrite: seven workers, one database)',
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DB_HOST: 'db', DB_USER: 'app', DB_PASS: 'stale-password-2025' } },
        worker: { image: 'example/api', environment: { DB_HOST: 'db', DB_USER: 'app', DB_PASS: 'stale-password-2025' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [{ messageId: 'differs', services: ['api', 'worker', 'db'], locations: ['api@compose.yaml:7', 'worker@compose.yaml:13', 'db@compose.yaml:18'] }],
  },
  {
    name: 'leaves a server password that is an unread secret manager reference alone (offline), rather than comparing the reference',
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DATABASE_URL: 'postgres://app:Kq7-the-db-password-91@db:5432/app' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'aws-sm://prod/db#password' }),
      }),
    },
    expect: [],
  },
  {
    name: 'one finding too when the clients hold the stale password under different settings',
    files: {
      'compose.yaml': compose({
        api: { image: 'example/api', environment: { DB_HOST: 'db', DB_USER: 'app', DB_PASS: 'stale-password-2025' } },
        worker: { image: 'example/api', environment: { DATABASE_URL: 'postgres://app:stale-password-2025@db/app' } },
        db: postgres({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' }),
      }),
    },
    expect: [{ messageId: 'differs', services: ['api', 'worker', 'db'] }],
  },
]);
