import { stringify } from 'yaml';
import portMatch from '../../src/rules/port-match.js';
import { ruleTester } from './rule-tester.js';

const compose = (services: Record<string, unknown>) => stringify({ services });

// The edges of the service graph: pairs, connection strings and the ports well-known images listen on.
/** The rule's other messages are asserted in test/rules/port-match.test.ts. */
const elsewhere = Object.fromEntries(Object.keys(portMatch.meta.messages).map((id) => [id, 'test/rules/port-match.test.ts']));

ruleTester(
  portMatch,
  [
    {
      name: 'passes a DB_HOST + DB_PORT pair calling the port the postgres image listens on',
      files: {
        'compose.yaml': compose({ api: { image: 'example/api', environment: { DB_HOST: 'db', DB_PORT: '5432' } }, db: { image: 'postgres:16-alpine' } }),
      },
      expect: [],
    },
    {
      name: 'fails a DB_PORT the postgres image does not listen on, at the DB_PORT line',
      files: {
        'compose.yaml': compose({ api: { image: 'example/api', environment: { DB_HOST: 'db', DB_PORT: '5433' } }, db: { image: 'postgres:16-alpine' } }),
      },
      expect: [{ messageId: 'noListener', services: ['api', 'db'], severity: 'error', locations: ['api@compose.yaml:6', 'db@compose.yaml:8'] }],
    },
    {
      name: 'fails a redis URL on the wrong port, and a JDBC URL to mysql',
      files: {
        'compose.yaml': compose({
          app: { image: 'example/app', environment: { REDIS_URL: 'redis://cache:6380/0', JDBC_URL: 'jdbc:mysql://mysql:3307/app' } },
          cache: { image: 'docker.io/library/redis:7' },
          mysql: { image: 'mysql:8.4' },
        }),
      },
      expect: [
        { messageId: 'noListener', services: ['app', 'mysql'], locations: ['app@compose.yaml:6', 'mysql@compose.yaml:10'] },
        { messageId: 'noListener', services: ['app', 'cache'], locations: ['app@compose.yaml:5', 'cache@compose.yaml:8'] },
      ],
    },
    {
      name: 'does not guess the port of an image whose command moves it (-p, a config file) or whose environment sets one',
      files: {
        'compose.yaml': compose({
          app: {
            image: 'example/app',
            environment: { DATABASE_URL: 'postgres://db:5433/app', REDIS_URL: 'redis://cache:6380', MYSQL: 'mysql://mysql:3307/x' },
          },
          db: { image: 'postgres:16', command: 'postgres -p 5433' },
          cache: { image: 'redis:7', command: ['redis-server', '/usr/local/etc/redis/redis.conf'] },
          mysql: { image: 'bitnami/mysql', environment: { MYSQL_PORT_NUMBER: '3307' } },
        }),
      },
      expect: [],
    },
    {
      name: 'fails a host one typo away from a service (db → dbx, kafka → kafkaa), with the suggestion',
      files: {
        'compose.yaml': compose({
          api: { image: 'example/api', environment: { DATABASE_URL: 'postgres://app@dbx:5432/app', KAFKA_BROKERS: 'kafkaa:9092' } },
          db: { image: 'postgres:16' },
          kafka: { image: 'example/kafka' },
        }),
      },
      expect: [
        { messageId: 'unknownHost', services: ['api'], severity: 'error', locations: ['api@compose.yaml:5'] },
        { messageId: 'unknownHost', services: ['api'], severity: 'error', locations: ['api@compose.yaml:6'] },
      ],
    },
    {
      name: 'leaves hosts outside the platform alone (a managed database, an API), and warns only for a short near name',
      files: {
        'compose.yaml': compose({
          web: {
            image: 'example/web',
            environment: { DATABASE_URL: 'postgres://app@prod-db.example.com:5432/app', PAYMENTS: 'http://payments:8080', API_URL: 'http://api:8080' },
          },
          app: { image: 'example/app' },
        }),
      },
      expect: [{ messageId: 'unknownHost', services: ['web'], severity: 'warning' }],
    },
    {
      name: 'warns for a port the target only declares others of (compose expose), as gitea calling db:5433 beside expose 5432',
      files: {
        'compose.yaml': compose({
          gitea: { image: 'gitea/gitea', environment: { GITEA__database__HOST: 'db:5433' } },
          db: { image: 'example/db', expose: ['5432'] },
        }),
      },
      expect: [{ messageId: 'noListener', services: ['gitea', 'db'], severity: 'warning' }],
    },
    {
      name: 'does not guess the port of an image that mounts a configuration (a my.cnf in conf.d may set port=3307)',
      files: {
        'compose.yaml': compose({
          app: { image: 'example/app', environment: { DATABASE_URL: 'mysql://app@db:3307/app' } },
          db: { image: 'mysql:8', volumes: ['./my.cnf:/etc/mysql/conf.d/port.cnf:ro', 'data:/var/lib/mysql'] },
        }),
      },
      expect: [],
    },
    {
      name: 'takes the names a client maps itself (extra_hosts, external_links) for hosts outside the platform, not typos',
      files: {
        'compose.yaml': compose({
          app: {
            image: 'example/app',
            extra_hosts: ['dbx:10.0.0.5'],
            external_links: ['shared_redis:redix'],
            environment: { DATABASE_URL: 'postgres://app@dbx:5432/app', REDIS_URL: 'redis://redix:6379' },
          },
          db: { image: 'postgres:16' },
          redis: { image: 'redis:7' },
        }),
      },
      expect: [],
    },
    {
      name: 'only warns of a near host when the client is on an external network, where containers of other projects answer',
      files: {
        'compose.yaml': stringify({
          services: {
            app: { image: 'example/app', networks: ['shared'], environment: { USERS_URL: 'http://userz:8080' } },
            user: { image: 'example/user', networks: ['shared'] },
          },
          networks: { shared: { external: true } },
        }),
      },
      expect: [{ messageId: 'unknownHost', services: ['app'], severity: 'warning' }],
    },
  ],
  { coveredElsewhere: elsewhere },
);
