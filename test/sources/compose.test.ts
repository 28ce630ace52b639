import { describe, expect, it } from 'vitest';
import { readComposeService } from '../../src/sources/compose.js';
import { parseYaml } from '../../src/sources/yaml-doc.js';

const COMPOSE = `services:
  auth:
    image: auth
    container_name: auth-main
    environment:
      - PORT=8080
      - PASSTHROUGH
    env_file:
      - ./auth.env
      - path: ./optional.env
        required: false
    ports:
      - "9000:8080"
      - target: 8443
        published: 443
    expose: ["9090"]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
    networks:
      backend:
        aliases: [auth.internal]
  api:
    environment:
      AUTH_URL: http://auth:8080
`;

describe('readComposeService', () => {
  const y = parseYaml(COMPOSE, 'docker-compose.yml');

  it('reads list-form environment with lines, skipping pass-through names', () => {
    const s = readComposeService(y, 'auth')!;
    expect(s.environment).toEqual([{ key: 'PORT', value: '8080', source: { kind: 'compose', file: 'docker-compose.yml', line: 6 } }]);
  });

  it('reads map-form environment', () => {
    expect(readComposeService(y, 'api')!.environment).toEqual([{ key: 'AUTH_URL', value: 'http://auth:8080', source: { kind: 'compose', file: 'docker-compose.yml', line: 24 } }]);
  });

  it('lists env_file entries in both syntaxes', () => {
    expect(readComposeService(y, 'auth')!.envFiles.map((f) => [f.path, f.required])).toEqual([
      ['./auth.env', true],
      ['./optional.env', false],
    ]);
  });

  it('takes the container side of ports, expose and the health-check port', () => {
    expect(readComposeService(y, 'auth')!.ports.map((p) => [p.port, p.via, p.source.line])).toEqual([
      [8080, 'compose ports', 13],
      [8443, 'compose ports', 14],
      [9090, 'compose expose', 16],
      [8080, 'compose healthcheck', 18],
    ]);
  });

  it('knows every name the service is reached by', () => {
    expect(readComposeService(y, 'auth')!.names).toEqual(['auth', 'auth-main', 'auth.internal']);
  });

  it('returns undefined for a service the file does not have', () => {
    expect(readComposeService(y, 'nope')).toBeUndefined();
  });
});

describe('compose files with YAML anchors', () => {
  it('applies merge keys, the service own keys winning', () => {
    const y = parseYaml(
      'x-common: &common\n  environment:\n    LOG: info\n  expose: ["9000"]\nservices:\n  a:\n    <<: *common\n    ports: ["8080"]\n',
      'docker-compose.yml',
    );
    const s = readComposeService(y, 'a')!;
    expect(s.environment.map((e) => [e.key, e.value, e.source.line])).toEqual([['LOG', 'info', 3]]);
    expect(s.ports.map((p) => p.port).sort()).toEqual([8080, 9000]);
  });
});
