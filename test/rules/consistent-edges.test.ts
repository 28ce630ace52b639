import { stringify } from 'yaml';
import consistent from '../../src/rules/consistent.js';
import { ruleTester } from './rule-tester.js';

const compose = (services: Record<string, unknown>) => stringify({ services });

// Found by name, a credential is compared along its edge: the clients of one server with that server.
/** The rule's other messages are asserted in test/rules/consistent.test.ts. */
const elsewhere = Object.fromEntries(Object.keys(consistent.meta.messages).map((id) => [id, 'test/rules/consistent.test.ts']));

ruleTester(
  consistent,
  [
    {
      name: 'never compares REDIS_PASSWORD of two apps that call two different Redis instances',
      files: {
        'compose.yaml': compose({
          shop: { image: 'example/shop', environment: { REDIS_HOST: 'cache-a', REDIS_PASSWORD: 'Aa1-password-of-cache-a' } },
          blog: { image: 'example/blog', environment: { REDIS_HOST: 'cache-b', REDIS_PASSWORD: 'Bb2-password-of-cache-b' } },
          'cache-a': { image: 'bitnami/redis', environment: { REDIS_PASSWORD: 'Aa1-password-of-cache-a' } },
          'cache-b': { image: 'bitnami/redis', environment: { REDIS_PASSWORD: 'Bb2-password-of-cache-b' } },
        }),
      },
      expect: [],
    },
    {
      name: 'compares the clients of one server with that server',
      files: {
        'compose.yaml': compose({
          shop: { image: 'example/shop', environment: { REDIS_HOST: 'cache-a', REDIS_PASSWORD: 'Aa1-password-of-cache-a' } },
          blog: { image: 'example/blog', environment: { REDIS_HOST: 'cache-a', REDIS_PASSWORD: 'Bb2-password-of-cache-b' } },
          'cache-a': { image: 'bitnami/redis', environment: { REDIS_PASSWORD: 'Aa1-password-of-cache-a' } },
        }),
      },
      expect: [
        { messageId: 'differs', services: ['shop', 'blog', 'cache-a'], locations: ['shop@compose.yaml:6', 'blog@compose.yaml:11', 'cache-a@compose.yaml:15'] },
      ],
    },
    {
      name: 'still compares a shared secret of no edge (a JWT secret) among services that can talk',
      files: {
        'compose.yaml': compose({
          auth: { image: 'example/auth', environment: { JWT_SECRET: 'Qm4-a-long-shared-jwt-secret' } },
          api: { image: 'example/api', environment: { JWT_SECRET: 'Zz9-another-jwt-secret-value' } },
        }),
      },
      expect: [{ messageId: 'differs', services: ['auth', 'api'] }],
    },
    {
      name: "compares a client's REDIS_PASSWORD with its Redis also when its address has another prefix (QUEUE_URL=redis://cache)",
      files: {
        'compose.yaml': compose({
          api: { image: 'example/api', environment: { REDIS_HOST: 'cache', REDIS_PASSWORD: 'Aa1-password-of-the-cache' } },
          worker: { image: 'example/worker', environment: { QUEUE_URL: 'redis://cache:6379/0', REDIS_PASSWORD: 'Zz9-stale-password-of-cache' } },
          cache: { image: 'bitnami/redis', environment: { REDIS_PASSWORD: 'Aa1-password-of-the-cache' } },
        }),
      },
      expect: [{ messageId: 'differs', services: ['api', 'worker', 'cache'] }],
    },
    {
      name: 'leaves alone a client that logs in as a user the server does not create (its password is its own)',
      files: {
        'compose.yaml': compose({
          api: { image: 'example/api', environment: { POSTGRES_HOST: 'db', POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Aa1-the-app-user-password' } },
          db: { image: 'postgres:16', environment: { POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'Zz9-the-superuser-password' } },
        }),
      },
      expect: [],
    },
  ],
  { coveredElsewhere: elsewhere },
);
