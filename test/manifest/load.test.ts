import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadManifest } from '../../src/manifest/load.js';
import path from 'node:path';
import { repo } from '../helpers.js';

function load(text: string) {
  const dir = repo({ 'concord.yaml': text });
  return loadManifest(path.join(dir, 'concord.yaml'));
}

function problems(text: string) {
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.line}: ${p.message}`);
  }
  throw new Error('expected the manifest to be refused');
}

describe('loadManifest', () => {
  it('reads the public contract of the issue, with defaults filled in', () => {
    const m = load(`version: 1
environments: [staging, production]
services:
  auth:
    root: services/auth
    env:
      - .env
      - { file: ".env.\${env}", required: true }
    config: ["config/\${env}.yaml"]
    compose: { file: ../../docker-compose.yml, service: auth-service }
    k8s: { files: "../../deploy/\${env}/*.yaml", container: auth }
    secrets: { JWT_SECRET: "aws-sm://\${env}/auth#JWT_SECRET" }
    listens: [port]
    settings:
      jwt_secret: [JWT_SECRET]
      port: [AUTH_SERVICE_PORT, PORT, 8080]
  backend:
    root: services/backend
    env: [".env.\${env}"]
    settings:
      jwt_secret: { chain: [JWT_SECRET_STAGING, JWT_SECRET_KEY], secret: true }
      auth_url: [AUTH_SERVICE_URL]
rules:
  - rule: consistent
    setting: jwt_secret
  - rule: port-match
    setting: auth_url
    target: auth
  - rule: no-literal-fallback
    settings: [jwt_secret]
    environments: [staging, production]
  - rule: pair
    vars: [TLS_CERT, TLS_KEY]
    severity: error
`);
    expect(m.environments).toEqual(['staging', 'production']);
    const auth = m.services[0]!;
    expect(auth.env).toEqual([
      { file: '.env', required: false, line: 7 },
      { file: '.env.${env}', required: true, line: 8 },
    ]);
    expect(auth.k8s).toMatchObject({ files: ['../../deploy/${env}/*.yaml'], container: 'auth' });
    expect(auth.settings.get('port')!.chain).toEqual([
      { kind: 'var', name: 'AUTH_SERVICE_PORT', line: 16 },
      { kind: 'var', name: 'PORT', line: 16 },
      { kind: 'literal', value: '8080', line: 16 },
    ]);
    expect(m.services[1]!.settings.get('jwt_secret')!.secret).toBe(true);
    expect(m.rules.map((r) => [r.rule, r.line])).toEqual([
      ['consistent', 24],
      ['port-match', 26],
      ['no-literal-fallback', 29],
      ['pair', 32],
    ]);
  });

  it('applies rules/recommended.yaml when the manifest has no rules', () => {
    const m = load('version: 1\nservices:\n  a:\n    settings: { x: [X] }\n');
    expect(m.rules.map((r) => r.rule)).toEqual([
      'consistent',
      'port-match',
      'credential-match',
      'no-literal-fallback',
      'chain-divergence',
      'secret-strength',
      'env-template',
      'secret-ref',
      'hardcoded-fallback',
      'chain-drift',
      'k8s-manifest',
    ]);
    expect(m.rules[0]!.from).toBe('rules/recommended.yaml');
    expect(m.environments).toEqual(['default']);
  });

  it('reports every problem at once, each as a located sentence', () => {
    const rules = `rules:
  - rule: consistant
  - rule: pair
    vars: [ONLY_ONE]
  - rule: consistent
    services: [b]
    environments: [prod]
`;
    // With the services block broken, the rule entries are still checked against their schemas.
    expect(
      problems(
        `version: 1\nenvironments: [staging]\nservices:\n  a:\n    env: [{ file: x, requird: true }]\n    settings:\n      s: [S, {literal: 1, var: T}]\n${rules}`,
      ),
    ).toEqual([
      '5: services.a.env[0] has an unknown key "requird"',
      '7: services.a.settings.s[1] mixes keys of different forms (literal, var); use one of them',
      '9: rules[0]: unknown rule "consistant" (did you mean "consistent"?); known rules: chain-divergence, chain-drift, compose-interpolation, consistent, credential-match, distinct-across-envs, env-template, hardcoded-fallback, jwt-compat, k8s-manifest, no-literal-fallback, pair, port-match, reader-disagreement, required, secret-ref, secret-strength, tls-pair',
      '11: rules[1] (pair).vars must list at least 2 items',
    ]);
    // With the services block right, the rules are checked against the services too.
    expect(problems(`version: 1\nenvironments: [staging]\nservices:\n  a:\n    settings: { s: [S] }\n${rules}`)).toEqual([
      '7: rules[0]: unknown rule "consistant" (did you mean "consistent"?); known rules: chain-divergence, chain-drift, compose-interpolation, consistent, credential-match, distinct-across-envs, env-template, hardcoded-fallback, jwt-compat, k8s-manifest, no-literal-fallback, pair, port-match, reader-disagreement, required, secret-ref, secret-strength, tls-pair',
      '9: rules[1] (pair).vars must list at least 2 items',
      '11: rules[2].services names the service "b", which the manifest does not define',
      '12: rules[2].environments names "prod", which is not one of the manifest\'s environments (staging)',
    ]);
  });

  it.each([
    ['version: 2\nservices: { a: {} }\n', '1: version must be 1'],
    ['version: 1\nservices: {}\n', '2: services must have at least 1 entry'],
    ['version: 1\nservices:\n  a:\n    listens: [0]\n', '4: services.a.listens[0] must be at least 1'],
    ['version: 1\nservices:\n  "bad name":\n    root: x\n', '3: services has a key, "bad name", that is not a valid name (letters, digits, "_", "." and "-")'],
    ['version: 1\nservices:\n  a:\n    settings:\n      s: []\n', '5: services.a.settings.s must list at least 1 item'],
    ['version: 1\nservices:\n  a: {}\nrules:\n  - rule: port-match\n    target: [a]\n', '6: rules[0] (port-match).target must be a string, not a list'],
    ['version: 1\nservices:\n  a: {}\nrules:\n  - rule: required\n', '5: rules[0] (required) needs one of the keys "setting", "settings", "vars"'],
    ['version: 1\nservices:\n  a: {}\nrules:\n  - severity: error\n', '5: rules[0] is missing the required key "rule"'],
  ])('explains %j', (text, expected) => {
    expect(problems(text)).toContain(expected);
  });

  it('says a bad key name once, at the key', () => {
    expect(problems('version: 1\nservices:\n  "bad name":\n    root: x\n')).toEqual([
      '3: services has a key, "bad name", that is not a valid name (letters, digits, "_", "." and "-")',
    ]);
  });
});
