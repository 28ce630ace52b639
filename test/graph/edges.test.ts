import { describe, expect, it } from 'vitest';
import { audit } from '../../src/commands/audit.js';
import type { ServiceEdge } from '../../src/graph/edges.js';
import { repo } from '../helpers.js';
import { stringify } from 'yaml';

async function edges(files: Record<string, string>): Promise<string[]> {
  const a = await audit({ dir: repo(files), fingerprintKey: 'k', offline: true });
  return a.environments[0]!.graph.edges.map((e: ServiceEdge) => `${e.client} -${e.setting}:${e.port}-> ${e.target} @${e.source?.file}:${e.source?.line}`);
}

/** Without rules, the manifest takes rules/recommended.yaml. */
const manifest = (services: Record<string, object>, rules?: object[]) =>
  stringify({ version: 1, environments: ['staging'], services, ...(rules ? { rules } : {}) });

describe('the service graph', () => {
  it('links a URL, a host:port and a connection string to the service their host names, with the port', async () => {
    expect(
      await edges({
        'concord.yaml': manifest({
          api: { env: ['api.env'], settings: { auth_url: ['AUTH_URL'], cache: ['CACHE'], db: ['DATABASE_URL'], ext: ['EXT'] } },
          auth: { env: ['auth.env'] },
          cache: { env: ['c.env'] },
          db: { env: ['d.env'] },
        }),
        'api.env': 'AUTH_URL=https://auth/login\nCACHE=cache:6379\nDATABASE_URL=postgres://app:pw@db:5433/app\nEXT=https://api.stripe.com\n',
        'auth.env': 'X=1\n',
        'c.env': 'X=1\n',
        'd.env': 'X=1\n',
      }),
    ).toEqual(['api -auth_url:443-> auth @api.env:1', 'api -cache:6379-> cache @api.env:2', 'api -db:5433-> db @api.env:3']);
  });

  it("takes port-match's target when the host names no service (an IP, a template)", async () => {
    expect(
      await edges({
        'concord.yaml': manifest(
          {
            controller: { config: ['controller.yaml'], settings: { health_url: ['vm.health_url'] } },
            agent: { config: ['agent.yaml'], listens: ['listen_port'] },
          },
          [{ rule: 'port-match', setting: 'health_url', target: 'agent' }],
        ),
        'controller.yaml': 'vm:\n  health_url: "http://{VM_IP}:8080/health"\n',
        'agent.yaml': 'listen_port: 9100\n',
      }),
    ).toEqual(['controller -health_url:8080-> agent @controller.yaml:2']);
  });

  it("follows docker networks: a compose name reaches its own project's service, not another project's namesake", async () => {
    expect(
      await edges({
        'concord.yaml': manifest({
          'a-api': { compose: { file: 'a/compose.yaml', service: 'api' } },
          'b-api': { compose: { file: 'b/compose.yaml', service: 'api' } },
          'b-web': { compose: { file: 'b/compose.yaml', service: 'web' }, settings: { api_url: ['API_URL'] } },
        }),
        'a/compose.yaml': 'services:\n  api:\n    environment: { PORT: "8080" }\n',
        'b/compose.yaml': 'services:\n  api:\n    environment: { PORT: "9000" }\n  web:\n    environment:\n      API_URL: http://api:9000\n',
      }),
    ).toEqual(['b-web -api_url:9000-> b-api @b/compose.yaml:6']);
  });

  it('links *_HOST + *_PORT pairs (at the port line), JDBC, broker lists and ADO.NET strings; a host alone is an edge without a port', async () => {
    expect(
      await edges({
        'compose.yaml': [
          'services:',
          '  api:',
          '    environment:',
          '      DB_HOST: db',
          '      DB_PORT: "5433"',
          '      ORDERS_JDBC_URL: jdbc:postgresql://db:5432/orders',
          '      KAFKA_BOOTSTRAP_SERVERS: kafka-1:9092,kafka-2:9092',
          '      REPORTS: Server=tcp:mssql,1433;Database=r;User Id=sa',
          '      CACHE_HOST: cache',
          '  db: { image: postgres }',
          '  kafka-1: { image: kafka }',
          '  kafka-2: { image: kafka }',
          '  mssql: { image: mssql }',
          '  cache: { image: redis }',
          '',
        ].join('\n'),
      }),
    ).toEqual([
      'api -CACHE_HOST:undefined-> cache @compose.yaml:9',
      'api -DB_HOST:5433-> db @compose.yaml:5',
      'api -ORDERS_JDBC_URL:5432-> db @compose.yaml:6',
      'api -KAFKA_BOOTSTRAP_SERVERS:9092-> kafka-1 @compose.yaml:7',
      'api -KAFKA_BOOTSTRAP_SERVERS:9092-> kafka-2 @compose.yaml:7',
      'api -REPORTS:1433-> mssql @compose.yaml:8',
    ]);
  });

  it('never holds a value: only names, ports and where the value was defined', async () => {
    const a = await audit({
      dir: repo({
        'concord.yaml': manifest({ api: { env: ['api.env'], settings: { db: ['DATABASE_URL'] } }, db: { env: ['d.env'] } }),
        'api.env': 'DATABASE_URL=postgres://app:hunter2-secret@db:5432/app\n',
        'd.env': 'X=1\n',
      }),
      fingerprintKey: 'k',
    });
    const graph = JSON.stringify(a.environments[0]!.graph);
    expect(graph).toContain('"target":"db"');
    expect(graph).not.toContain('hunter2');
    expect(graph).not.toContain('postgres://');
  });
});
