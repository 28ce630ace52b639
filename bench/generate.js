// Generates a synthetic platform: N services × K variables × 2 environments, each service with
// dotenv files, a YAML config and an entry in one shared docker-compose file. 1% of services
// drift (another JWT secret, a wrong port) so the rules have findings to report.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generate(dir, services, vars) {
  mkdirSync(dir, { recursive: true });
  const envs = ['staging', 'production'];
  const manifest = ['version: 1', `environments: [${envs.join(', ')}]`, 'services:'];
  const compose = ['services:'];
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const root = `services/${name}`;
    const drift = i % 100 === 7;
    const next = `svc-${(i + 1) % services}`;
    mkdirSync(path.join(dir, root, 'config'), { recursive: true });
    for (const env of envs) {
      const lines = [
        `JWT_SECRET=${env}-jwt-secret-${drift ? `drift-${i}` : 'shared'}-5f1c9a7e3b2d4c6a`,
        `PORT=${8000 + (i % 1000)}`,
        `UPSTREAM_URL=http://${next}:${8000 + ((i + 1) % 1000) + (drift ? 1 : 0)}/api`,
      ];
      for (let k = 3; k < vars; k++) lines.push(`VAR_${k}=value-${env}-${i}-${k}`);
      writeFileSync(path.join(dir, root, `.env.${env}`), `${lines.join('\n')}\n`);
      const cfg = ['server:', `  host: 0.0.0.0`, `  workers: ${1 + (i % 8)}`, 'features:'];
      for (let k = 0; k < vars / 4; k++) cfg.push(`  flag_${k}: ${k % 2 === 0}`);
      writeFileSync(path.join(dir, root, 'config', `${env}.yaml`), `${cfg.join('\n')}\n`);
    }
    manifest.push(
      `  ${name}:`,
      `    root: ${root}`,
      `    env: [".env.\${env}"]`,
      `    config: ["config/\${env}.yaml"]`,
      `    compose: { file: ../../docker-compose.yml }`,
      `    listens: [port]`,
      `    settings:`,
      `      jwt_secret: [JWT_SECRET_OVERRIDE, JWT_SECRET]`,
      `      port: [PORT, 8080]`,
      `      upstream_url: [UPSTREAM_URL]`,
      `      workers: [server.workers]`,
    );
    compose.push(
      `  ${name}:`,
      `    image: platform/${name}:1.0.0`,
      `    environment:`,
      `      LOG_LEVEL: info`,
      `      REGION: eu-west-1`,
      `    ports: ["${8000 + (i % 1000)}"]`,
    );
  }
  manifest.push(
    'rules:',
    '  - rule: consistent',
    '    setting: jwt_secret',
    '  - rule: port-match',
    '    setting: upstream_url',
    '  - rule: no-literal-fallback',
    '  - rule: chain-divergence',
    '  - rule: secret-strength',
    '  - rule: distinct-across-envs',
  );
  writeFileSync(path.join(dir, 'concord.yaml'), `${manifest.join('\n')}\n`);
  writeFileSync(path.join(dir, 'docker-compose.yml'), `${compose.join('\n')}\n`);
}
