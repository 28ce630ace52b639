import { describe, expect, it } from 'vitest';
import { explain } from '../../src/commands/explain.js';
import { checkFiles, cli, repo } from '../helpers.js';
import { stringify } from 'yaml';

const SECRET = 'sh4red-s3cret#tail-0123456789';
const manifest = (services: Record<string, object>, rules: object[] = [{ rule: 'consistent' }]) =>
  stringify({ version: 1, environments: ['staging'], services, rules });
/** A setting read from one variable (or config key). */
const settings = (name: string, v: string) => ({ settings: { [name]: [v] } });
/** A service in its own folder, reading the .env there. */
const inFolder = (root: string, name: string, v: string) => ({ root, env: ['.env'], ...settings(name, v) });

/** Python, Python and Node (dotenv) services, each with its own .env holding the same unquoted secret. */
const threeServices = {
  'concord.yaml': manifest(Object.fromEntries(['billing', 'reports', 'web'].map((s) => [s, inFolder(s, 'jwt_secret', 'JWT_SECRET')]))),
  'billing/requirements.txt': 'fastapi==0.110\npython-dotenv==1.0.1\n',
  'billing/.env': `JWT_SECRET=${SECRET}\n`,
  'reports/pyproject.toml': '[project]\nname = "reports"\ndependencies = [\n  "pydantic-settings>=2",\n]\n',
  'reports/.env': `JWT_SECRET=${SECRET}\n`,
  'web/package.json': '{\n  "name": "web",\n  "dependencies": {\n    "dotenv": "^16.4.0"\n  }\n}\n',
  'web/.env': `JWT_SECRET=${SECRET}\n`,
};

describe('each value as its reader reads it', () => {
  it('two Python services and a Node one share an unquoted secret with #: the Node one is the odd one, and why', async () => {
    const report = await checkFiles(threeServices);
    const consistent = report.findings.find((f) => f.ruleId === 'consistent')!;
    expect(consistent).toMatchObject({ messageId: 'differs', severity: 'error' });
    const classOf = (s: string) => consistent.services.find((x) => x.service === s)!.class;
    expect(classOf('billing')).toBe(classOf('reports'));
    expect(classOf('web')).not.toBe(classOf('billing'));
    // The reason: web's reader (npm dotenv) cuts at #; the platform's other reader (python) does not.
    const why = report.findings.filter((f) => f.ruleId === 'reader-disagreement');
    expect(why.map((f) => [f.messageId, f.severity, f.services.map((s) => `${s.service}@${s.source.file}:${s.source.line} ${s.source.dialect}`)])).toEqual([
      ['differ', 'error', ['billing@billing/.env:1 python', 'reports@reports/.env:1 python', 'web@web/.env:1 node']],
    ]);
    expect(why[0]!.message).toContain('python (billing, reports) and node (web)');
    expect(why[0]!.message).toContain('double quotes');
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('a compose env_file secret with # equals the same secret in a YAML config', async () => {
    const report = await checkFiles({
      'concord.yaml': manifest({
        api: { compose: { file: 'compose.yaml', service: 'api' }, ...settings('api_key', 'API_KEY') },
        worker: { config: ['config.yaml'], ...settings('api_key', 'api_key') },
      }),
      'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: [api.env]\n',
      'api.env': `API_KEY=${SECRET}\n`,
      'config.yaml': `api_key: "${SECRET}"\n`,
    });
    expect(report.findings.filter((f) => f.ruleId === 'consistent' || f.ruleId === 'reader-disagreement')).toEqual([]);
  });

  it('a Node service without dotenv-expand uses ${HOST} literally, and explain shows its reader and the evidence', async () => {
    const dir = repo({
      'concord.yaml': manifest({ web: inFolder('web', 'api_url', 'URL') }, [{ rule: 'consistent' }]),
      'web/package.json': '{\n  "dependencies": {\n    "dotenv": "^16.4.0"\n  }\n}\n',
      'web/.env': 'HOST=api\nURL=http://${HOST}:7002\n',
    });
    const e = await explain({ dir, setting: 'api_url', offline: true, fingerprintKey: 'k' });
    expect(e.services[0]).toMatchObject({
      value: 'http://${HOST}:7002',
      reader: { dialect: 'node', why: 'package.json depends on dotenv (no dotenv-expand)', file: 'web/package.json', line: 3 },
    });
    const r = cli(['check', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    const finding = JSON.parse(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'reader-disagreement');
    expect(finding).toMatchObject({
      messageId: 'literal-interpolation',
      severity: 'error',
      services: [{ service: 'web', source: { file: 'web/.env', line: 2, dialect: 'node' } }],
    });
    const pretty = cli(['explain', 'api_url', dir, '--format', 'pretty']);
    expect(pretty.stdout).toContain('files read as node (npm dotenv');
  });

  it('an unquoted secret reference keeps its #KEY for concord, and the cut is a finding', async () => {
    const report = await checkFiles({
      'concord.yaml': manifest({ web: inFolder('web', 'db_password', 'DB_PASSWORD') }, [{ rule: 'required', setting: 'db_password' }]),
      'web/package.json': '{ "dependencies": { "dotenv": "16" } }\n',
      'web/.env': 'DB_PASSWORD=aws-sm://prod/db#password\n',
    });
    const cut = report.findings.find((f) => f.ruleId === 'reader-disagreement')!;
    expect(cut).toMatchObject({ messageId: 'ref-cut', severity: 'error' });
    const e = await explain({
      dir: repo({
        'concord.yaml': manifest({ web: inFolder('web', 'db_password', 'DB_PASSWORD') }),
        'web/package.json': '{ "dependencies": { "dotenv": "16" } }\n',
        'web/.env': 'DB_PASSWORD=aws-sm://prod/db#password\n',
      }),
      setting: 'db_password',
      offline: true,
      fingerprintKey: 'k',
    });
    expect(e.services[0]!.ref).toBe('aws-sm://prod/db#password');
  });

  it('YAML config per consumer: 0755 is 493 for a Python service (PyYAML) and 755 for a Node one (YAML 1.2)', async () => {
    const dir = repo({
      'concord.yaml': manifest({
        billing: { root: 'billing', config: ['config.yaml'], ...settings('mode', 'mode') },
        web: { root: 'web', config: ['config.yaml'], ...settings('mode', 'mode') },
      }),
      'billing/requirements.txt': 'pyyaml\npython-dotenv\n',
      'billing/config.yaml': 'mode: 0755\n',
      'web/package.json': '{ "dependencies": { "dotenv": "16" } }\n',
      'web/config.yaml': 'mode: 0755\n',
    });
    const e = await explain({ dir, setting: 'mode', offline: true, fingerprintKey: 'k' });
    expect(e.services.map((s) => [s.service, s.value])).toEqual([
      ['billing', '493'],
      ['web', '755'],
    ]);
  });

  it('dialect: in the manifest is checked: an unknown reader is bad input at its line', () => {
    // Written out: the line of the error is the point.
    const text = `version: 1
environments: [staging]
services:
  web:
    env: [{ file: .env, dialect: nodejs }]
    settings:
      s: [S]
rules:
  - rule: consistent
`;
    const dir = repo({ 'concord.yaml': text, '.env': 'S=1\n' });
    const r = cli(['check', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/concord\.yaml:5: .*dialect/);
  });

  it("a Python service's .env interpolates from the environment its container sets (compose environment wins, as load_dotenv)", async () => {
    const dir = repo({
      'concord.yaml': manifest({ api: { ...inFolder('api', 'upstream', 'UPSTREAM_URL'), compose: { file: '../compose.yaml', service: 'api' } } }),
      'compose.yaml': 'services:\n  api:\n    image: api\n    environment:\n      HOST: billing\n',
      'api/requirements.txt': 'python-dotenv\n',
      'api/.env': 'HOST=localhost\nUPSTREAM_URL=http://${HOST}:8080\n',
    });
    const e = await explain({ dir, setting: 'upstream', offline: true, fingerprintKey: 'k' });
    expect(e.services[0]!.value).toBe('http://billing:8080');
  });

  it('a service without evidence is said to be read by the reader most services use, in the report', async () => {
    // Written out: the note is located at cron's line.
    const text = `version: 1
environments: [staging]
services:
  billing:
    root: billing
    env: [.env]
    settings:
      jwt_secret: [JWT_SECRET]
  reports:
    root: reports
    env: [.env]
    settings:
      jwt_secret: [JWT_SECRET]
  web:
    root: web
    env: [.env]
    settings:
      jwt_secret: [JWT_SECRET]
  cron:
    root: cron
    env: [.env]
    settings:
      jwt_secret: [JWT_SECRET]
rules:
  - rule: consistent
`;
    const report = await checkFiles({ ...threeServices, 'concord.yaml': text, 'cron/.env': 'JWT_SECRET="x"\n' });
    expect(report.notes).toContainEqual({
      file: 'concord.yaml',
      line: 19,
      message: expect.stringContaining('cron: nothing in its folder shows which dotenv library reads its env files; concord assumed python'),
    });
  });

  it("node --env-file in package.json scripts: Node's own reader, which keeps a tab before # that npm dotenv drops", async () => {
    const dir = repo({
      'concord.yaml': manifest({ web: inFolder('web', 'motto', 'MOTTO') }),
      'web/package.json': '{\n  "scripts": {\n    "start": "node --env-file=.env server.js"\n  }\n}\n',
      'web/.env': 'MOTTO=keep\t# going\n',
    });
    const e = await explain({ dir, setting: 'motto', offline: true, fingerprintKey: 'k' });
    expect(e.services[0]).toMatchObject({
      value: 'keep\t',
      reader: { dialect: 'node-native', why: 'package.json starts node --env-file', file: 'web/package.json', line: 3 },
    });
  });

  it('a Spring Boot service reads its YAML with SnakeYAML: an unquoted on is true there, and a warning names both readings', async () => {
    const files = {
      'concord.yaml': manifest({ orders: { root: 'orders', config: ['src/main/resources/application.yaml'], ...settings('cache', 'cache.enabled') } }),
      'orders/pom.xml': '<project>\n  <parent>\n    <artifactId>spring-boot-starter-parent</artifactId>\n  </parent>\n</project>\n',
      'orders/src/main/resources/application.yaml': 'cache:\n  enabled: on\n',
    };
    const e = await explain({ dir: repo(files), setting: 'cache', offline: true, fingerprintKey: 'k' });
    expect(e.services[0]).toMatchObject({ value: 'true', reader: { yaml: { reader: 'snakeyaml', file: 'orders/pom.xml', line: 3 } } });
    const report = await checkFiles(files);
    const w = report.findings.find((f) => f.ruleId === 'reader-disagreement')!;
    expect(w).toMatchObject({ messageId: 'yaml-scalar', severity: 'warning', setting: 'cache' });
    expect(w.message).toContain('SnakeYAML (Spring Boot): a boolean; YAML 1.2 (npm yaml, js-yaml: concord, Node): a string');
  });

  it('examples/readers: the CLI reports the odd Node service, why, and the literal ${API_HOST}', () => {
    const r = cli(['check', 'examples/readers', '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as {
      ruleId: string;
      messageId: string;
      services: { service: string; class?: string; source: { file: string; line: number } }[];
    }[];
    const consistent = findings.find((f) => f.ruleId === 'consistent')!;
    expect(consistent.services.filter((s) => s.class === 'B').map((s) => s.service)).toEqual(['web']);
    expect(
      findings
        .filter((f) => f.ruleId === 'reader-disagreement')
        .map((f) => [f.messageId, f.services.map((s) => `${s.service}@${s.source.file}:${s.source.line}`)]),
    ).toEqual([
      ['differ', ['billing@billing/.env:2', 'reports@reports/.env:2', 'web@web/.env:2', 'gateway@gateway/gateway.env:2']],
      ['literal-interpolation', ['web@web/.env:4']],
    ]);
  });

  it("with no evidence anywhere, the report says once that concord's default reader was assumed", async () => {
    const report = await checkFiles({ 'concord.yaml': manifest({ a: { env: ['.env'], ...settings('s', 'S') } }), '.env': 'S=1\n' });
    expect(report.notes).toEqual([{ file: 'concord.yaml', message: expect.stringContaining('they were read as node-expand') }]);
  });
});
