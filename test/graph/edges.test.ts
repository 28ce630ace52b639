import { describe, expect, it } from 'vitest';
import { audit } from '../../src/commands/audit.js';
import type { ServiceEdge } from '../../src/graph/edges.js';
import { repo } from '../helpers.js';

async function edges(files: Record<string, string>): Promise<string[]> {
  const a = await audit({ dir: repo(files), fingerprintKey: 'k', offline: true });
  return a.environments[0]!.graph.edges.map((e: ServiceEdge) => `${e.client} -${e.setting}:${e.port}-> ${e.target} @${e.source?.file}:${e.source?.line}`);
}

const manifest = (services: string, rules = '') => `version: 1\nenvironments: [staging]\nservices:\n${services}\n${rules ? `rules:\n${rules}\n` : ''}`;

describe('the service graph', () => {
  it('links a URL, a host:port and a connection string to the service their host names, with the port', async () => {
    expect(
      await edges({
        'concord.yaml': manifest('  api:\n    env: [api.env]\n    settings: { auth_url: [AUTH_URL], cache: [CACHE], db: [DATABASE_URL], ext: [EXT] }\n  auth:\n    env: [auth.env]\n  cache:\n    env: [c.env]\n  db:\n    env: [d.env]'),
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
        'concord.yaml': manifest('  controller:\n    config: [controller.yaml]\n    settings: { health_url: [vm.health_url] }\n  agent:\n    config: [agent.yaml]\n    listens: [listen_port]', '  - rule: port-match\n    setting: health_url\n    target: agent'),
        'controller.yaml': 'vm:\n  health_url: "http://{VM_IP}:8080/health"\n',
        'agent.yaml': 'listen_port: 9100\n',
      }),
    ).toEqual(['controller -health_url:8080-> agent @controller.yaml:2']);
  });

  it("follows docker networks: a compose name reaches its own project's service, not another project's namesake", async () => {
    expect(
      await edges({
        'concord.yaml': manifest(
          '  a-api:\n    compose: { file: a/compose.yaml, service: api }\n  b-api:\n    compose: { file: b/compose.yaml, service: api }\n  b-web:\n    compose: { file: b/compose.yaml, service: web }\n    settings: { api_url: [API_URL] }',
        ),
        'a/compose.yaml': 'services:\n  api:\n    environment: { PORT: "8080" }\n',
        'b/compose.yaml': 'services:\n  api:\n    environment: { PORT: "9000" }\n  web:\n    environment:\n      API_URL: http://api:9000\n',
      }),
    ).toEqual(['b-web -api_url:9000-> b-api @b/compose.yaml:6']);
  });

  it('never holds a value: only names, ports and where the value was defined', async () => {
    const a = await audit({
      dir: repo({ 'concord.yaml': manifest('  api:\n    env: [api.env]\n    settings: { db: [DATABASE_URL] }\n  db:\n    env: [d.env]'), 'api.env': 'DATABASE_URL=postgres://app:hunter2-secret@db:5432/app\n', 'd.env': 'X=1\n' }),
      fingerprintKey: 'k',
    });
    const graph = JSON.stringify(a.environments[0]!.graph);
    expect(graph).toContain('"target":"db"');
    expect(graph).not.toContain('hunter2');
    expect(graph).not.toContain('postgres://');
  });
});
