import { describe, expect, it } from 'vitest';
import { loadComposeService } from '../../../src/resolve/compose-service.js';
import { RepoFiles } from '../../../src/sources/files.js';
import { openProject } from '../../../src/sources/compose/project.js';
import { readService } from '../../../src/sources/compose/service.js';
import { repo } from '../../helpers.js';
import type { ServiceSpec } from '../../../src/manifest/types.js';

/** Opens the compose project of a small repository and reads one service as its container gets it. */
function container(files: Record<string, string>, service: string, opts: { files?: string[]; profiles?: string[]; shell?: Record<string, string> } = {}) {
  const dir = repo(files);
  const rf = new RepoFiles(dir);
  const spec: ServiceSpec = {
    name: service,
    root: '.',
    env: [],
    config: [],
    secrets: [],
    listens: [],
    aliases: [],
    settings: new Map(),
    compose: { files: opts.files ?? [], service, ...(opts.profiles ? { profiles: opts.profiles } : {}) },
  };
  const loaded = loadComposeService(spec, spec.compose!, opts.files ?? [], opts.files ? undefined : '.', rf, 'concord.yaml', opts.shell ?? {});
  const env = new Map<string, { value: string; at: string; vars?: string[] }>();
  for (const e of loaded.entries)
    env.set(e.key, {
      value: e.value,
      at: `${e.source.file}:${e.source.line}`,
      ...(e.source.vars ? { vars: e.source.vars.map((v) => `${v.name}@${v.shell ? 'shell' : `${v.file}:${v.line}`}`) } : {}),
    });
  return { env, loaded, rf, dir };
}

const value = (c: ReturnType<typeof container>, k: string) => c.env.get(k)?.value;

describe('files and layering', () => {
  it('reads compose.yaml with its override, the override winning key by key', () => {
    const c = container(
      {
        'compose.yaml': 'services:\n  api:\n    environment:\n      A: base\n      B: base\n    ports: ["8080"]\n',
        'compose.override.yaml': 'services:\n  api:\n    environment:\n      - B=override\n    ports: ["8080", "9090"]\n',
      },
      'api',
    );
    expect(c.env.get('A')).toEqual({ value: 'base', at: 'compose.yaml:4' });
    expect(c.env.get('B')).toEqual({ value: 'override', at: 'compose.override.yaml:4' });
    expect(c.loaded.ports.map((p) => p.port)).toEqual([8080, 9090]);
  });

  it('follows an explicit -f list in order, and COMPOSE_FILE from the project .env', () => {
    const files = {
      'docker-compose.yml': 'services:\n  api:\n    environment: { MODE: dev }\n',
      'docker-compose.prod.yml': 'services:\n  api:\n    environment: { MODE: prod }\n',
    };
    expect(value(container(files, 'api'), 'MODE')).toBe('dev');
    expect(value(container(files, 'api', { files: ['docker-compose.yml', 'docker-compose.prod.yml'] }), 'MODE')).toBe('prod');
    expect(value(container({ ...files, '.env': 'COMPOSE_FILE=docker-compose.yml:docker-compose.prod.yml\n' }, 'api'), 'MODE')).toBe('prod');
    expect(value(container({ ...files, '.env': 'COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=docker-compose.yml;docker-compose.prod.yml\n' }, 'api'), 'MODE')).toBe(
      'prod',
    );
  });

  it('imports an include (short and long form) with its own project directory and .env', () => {
    const c = container(
      {
        'compose.yaml':
          'include:\n  - path: infra/db.yaml\n    env_file: infra/db.env\n  - infra/cache.yaml\nservices:\n  api:\n    environment:\n      DB_URL: postgres://db:5432/app\n',
        'infra/db.yaml': 'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n    env_file: db-extra.env\n',
        'infra/db.env': 'DB_PASSWORD=from-include-env\n',
        'infra/db-extra.env': 'EXTRA=1\n',
        'infra/cache.yaml': 'services:\n  cache:\n    image: redis\n',
      },
      'db',
    );
    expect(c.env.get('POSTGRES_PASSWORD')).toEqual({ value: 'from-include-env', at: 'infra/db.yaml:5', vars: ['DB_PASSWORD@infra/db.env:1'] });
    expect(value(c, 'EXTRA')).toBe('1');
  });

  it('applies extends from the same file and from another file, env merged by key, command replaced', () => {
    const c = container(
      {
        'compose.yaml':
          'services:\n  base:\n    environment: [A=base, B=base]\n    command: ["a", "b"]\n    ports: ["80"]\n  web:\n    extends: base\n    environment:\n      B: web\n    command: ["c"]\n    ports: ["80", "81"]\n  worker:\n    extends: { file: common/base.yaml, service: common }\n',
        'common/base.yaml': 'services:\n  common:\n    env_file: common.env\n    environment: [C=common]\n',
        'common/common.env': 'FROM_FILE=yes\n',
      },
      'web',
    );
    expect(c.env.get('A')).toEqual({ value: 'base', at: 'compose.yaml:3' });
    expect(c.env.get('B')).toEqual({ value: 'web', at: 'compose.yaml:9' });
    expect(c.loaded.ports.map((p) => p.port)).toEqual([80, 81]);
    const project = openProject(c.rf, { dir: '.' });
    expect(project.services.get('web')!.node.entries.get('command')).toMatchObject({ kind: 'seq', items: [{ value: 'c' }] });
    const worker = readService(project, project.services.get('worker')!);
    // the extended file's relative env_file is read from its own folder
    expect(worker.envFiles.map((e) => e.path)).toEqual(['common/common.env']);
  });

  it('reports an extends cycle and an include cycle with their line instead of looping', () => {
    expect(() => container({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' }, 'a')).toThrow(/compose\.yaml:\d+: extends cycle/);
    expect(() => container({ 'compose.yaml': 'include: [b.yaml]\nservices: {}\n', 'b.yaml': 'include: [compose.yaml]\n' }, 'a')).toThrow(/include cycle/);
  });
});

describe('environment as the container gets it', () => {
  it('passes bare variables through from the shell or the project .env, absent when neither has them', () => {
    const files = {
      'compose.yaml':
        'services:\n  api:\n    env_file: api.env\n    environment:\n      - FROM_DOTENV\n      - FROM_SHELL\n      - NOWHERE\n      MAPFORM_UNUSED: x\n',
      '.env': 'FROM_DOTENV=dotenv-value\nFROM_SHELL=loses\n',
      'api.env': 'NOWHERE=set-in-env-file\n',
    };
    // a YAML list cannot also hold a mapping entry: use the list form alone
    files['compose.yaml'] = 'services:\n  api:\n    env_file: api.env\n    environment:\n      - FROM_DOTENV\n      - FROM_SHELL\n      - NOWHERE\n';
    const c = container(files, 'api', { shell: { FROM_SHELL: 'shell-value' } });
    expect(c.env.get('FROM_DOTENV')).toEqual({ value: 'dotenv-value', at: 'compose.yaml:5', vars: ['FROM_DOTENV@.env:1'] });
    expect(c.env.get('FROM_SHELL')).toEqual({ value: 'shell-value', at: 'compose.yaml:6', vars: ['FROM_SHELL@shell'] });
    // a bare name compose cannot resolve is absent in the container, whatever the env_file said
    expect(c.env.has('NOWHERE')).toBe(false);
  });

  it('reads env_file lists in order (later wins), environment winning over them, format: raw verbatim', () => {
    const c = container(
      {
        'compose.yaml':
          'services:\n  api:\n    env_file:\n      - one.env\n      - path: two.env\n      - path: raw.env\n        format: raw\n      - path: missing.env\n        required: false\n    environment:\n      WINNER: environment\n',
        'one.env': 'K=one\nWINNER=one\nSECRET=abc#def\n',
        'two.env': 'K=two\n',
        'raw.env': 'QUOTED="kept"\n',
      },
      'api',
    );
    expect(c.env.get('K')).toEqual({ value: 'two', at: 'two.env:1' });
    expect(c.env.get('WINNER')).toEqual({ value: 'environment', at: 'compose.yaml:11' });
    expect(value(c, 'SECRET')).toBe('abc#def');
    expect(value(c, 'QUOTED')).toBe('"kept"');
  });

  it('interpolates every string (ports, environment) from the project .env with its own interpolation', () => {
    const c = container(
      {
        'compose.yaml':
          'services:\n  api:\n    ports: ["${HOST_PORT:-8000}:${API_PORT}"]\n    environment:\n      URL: http://${HOST}:${API_PORT}\n      LITERAL: "a$$b"\n',
        '.env': 'API_PORT=9000\nBASE=db\nHOST=${BASE}.internal\n',
      },
      'api',
    );
    expect(c.loaded.ports.map((p) => [p.port, p.source.line])).toEqual([[9000, 3]]);
    expect(c.env.get('URL')).toEqual({ value: 'http://db.internal:9000', at: 'compose.yaml:5', vars: ['HOST@.env:3', 'API_PORT@.env:1'] });
    expect(value(c, 'LITERAL')).toBe('a$b');
  });

  it('turns a failing ${VAR:?} and an unset ${VAR} into located issues, not values', () => {
    const c = container({ 'compose.yaml': 'services:\n  api:\n    environment:\n      PASSWORD: ${DB_PASSWORD:?set it}\n      TOKEN: ${TOKEN}\n' }, 'api');
    expect(c.loaded.issues).toEqual([
      { file: 'compose.yaml', line: 4, key: 'PASSWORD', kind: 'required', name: 'DB_PASSWORD' },
      { file: 'compose.yaml', line: 5, key: 'TOKEN', whole: true, kind: 'unset', name: 'TOKEN' },
    ]);
  });

  it('resolves a *_FILE variable from the mounted secret (file: and environment: sources)', () => {
    const c = container(
      {
        'compose.yaml':
          'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n      API_KEY_FILE: /run/secrets/api\n    secrets: [db_password, { source: api_key, target: api }]\nsecrets:\n  db_password:\n    file: ./secrets/db.txt\n  api_key:\n    environment: API_KEY\n',
        'secrets/db.txt': 'from-secret-file\n',
        '.env': 'API_KEY=from-env-secret\n',
      },
      'db',
    );
    expect(c.env.get('POSTGRES_PASSWORD')).toEqual({ value: 'from-secret-file', at: 'secrets/db.txt:1' });
    expect(c.env.get('API_KEY')).toEqual({ value: 'from-env-secret', at: '.env:1' });
  });
});

describe('profiles, names and ports', () => {
  const files = {
    'compose.yaml':
      'x-defaults: &defaults\n  restart: always\nservices:\n  api:\n    <<: *defaults\n    hostname: not-a-peer-name\n    container_name: api-main\n    links: ["cache:redis-alias"]\n    networks:\n      backend:\n        aliases: [api.internal]\n    ports: ["127.0.0.1:8081:8080/tcp", "9000-9002:9000-9002", { target: 7000, published: 7001 }]\n    expose: ["3000", 3001]\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8088/health"]\n  cache:\n    image: redis\n  debug:\n    profiles: [debug]\n    image: busybox\n  host:\n    network_mode: host\nnetworks:\n  backend: {}\n',
  };

  it('marks a service outside the active profiles as not running', () => {
    expect(container(files, 'debug').loaded.inactive).toEqual({ profiles: ['debug'], active: [] });
    expect(container(files, 'debug', { profiles: ['debug'] }).loaded.inactive).toBeUndefined();
    expect(container({ ...files, '.env': 'COMPOSE_PROFILES=debug,other\n' }, 'debug').loaded.inactive).toBeUndefined();
  });

  it('takes the container side of ports (ranges and long syntax), expose and the health-check port', () => {
    expect(container(files, 'api').loaded.ports.map((p) => [p.port, p.via])).toEqual([
      [8080, 'compose ports'],
      [9000, 'compose ports'],
      [9001, 'compose ports'],
      [9002, 'compose ports'],
      [7000, 'compose ports'],
      [3000, 'compose expose'],
      [3001, 'compose expose'],
      [8088, 'compose healthcheck'],
    ]);
  });

  it('resolves the service name, container_name, aliases and links — never hostname — on its networks', () => {
    const api = container(files, 'api');
    expect(api.loaded.hostNames.map((h) => h.name)).toEqual(['api', 'api-main', 'api.internal']);
    expect(api.loaded.networks).toEqual([expect.stringMatching(/_backend$/)]);
    expect(container(files, 'cache').loaded.hostNames.map((h) => h.name)).toEqual(['cache', 'redis-alias']);
    expect(container(files, 'host').loaded.hostNames).toEqual([]);
  });

  it('loads a file with hundreds of uses of one anchor', () => {
    const many = Array.from({ length: 300 }, (_, i) => `  s${i}:\n    <<: *defaults\n    environment: { N: "${i}" }\n`).join('');
    const c = container({ 'compose.yaml': `x-defaults: &defaults\n  image: app\n  environment: { SHARED: yes }\nservices:\n${many}` }, 's299');
    expect(value(c, 'N')).toBe('299');
  });
});

describe('values as compose types them', () => {
  it('passes unquoted YAML scalars as go-yaml and Go print them; quoted ones verbatim', () => {
    const c = container(
      {
        'compose.yaml':
          'services:\n  api:\n    environment:\n      MODE: 0755\n      QUOTED: "0755"\n      VERSION: 1.10\n      FLAG: on\n      DEBUG: True\n      BIG: 1e21\n',
      },
      'api',
    );
    expect(Object.fromEntries([...c.env].map(([k, v]) => [k, v.value]))).toEqual({
      MODE: '493',
      QUOTED: '0755',
      VERSION: '1.1',
      FLAG: 'on',
      DEBUG: 'true',
      BIG: '1e+21',
    });
  });
});

describe('extends and include across files, at scale and in cycles', () => {
  it('resolves only the base asked for in another file, which may itself extend back into the first file', () => {
    const c = container(
      {
        'compose.yaml': 'services:\n  a:\n    extends: { file: other.yaml, service: b }\n    environment: [A=1]\n  d:\n    image: y\n    environment: [D=1]\n',
        'other.yaml': 'services:\n  b:\n    image: z\n    environment: [B=1]\n  c:\n    extends: { file: compose.yaml, service: d }\n',
      },
      'a',
    );
    expect([...c.env.keys()].sort()).toEqual(['A', 'B']);
  });

  it('reports a cycle across files with its line, never a stack overflow', () => {
    expect(() =>
      container(
        {
          'compose.yaml': 'services:\n  a:\n    extends: { file: other.yaml, service: b }\n',
          'other.yaml': 'services:\n  b:\n    extends: { file: compose.yaml, service: a }\n',
        },
        'a',
      ),
    ).toThrow(/(compose|other)\.yaml:\d+: extends cycle/);
  });

  it('loads chains and diamonds of files in linear time', () => {
    const files: Record<string, string> = {};
    const n = 18;
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? `f${i + 1}.yaml` : undefined;
      files[`f${i}.yaml`] = next
        ? `services:\n${[1, 2, 3].map((k) => `  s${k}:\n    extends: { file: ${next}, service: s1 }\n    environment: [L${i}_${k}=1]\n`).join('')}`
        : 'services:\n  s1:\n    image: base\n';
      files[`inc${i}.yaml`] =
        i + 1 < n ? `include: [inc${i + 1}.yaml, inc${i + 1}.yaml, inc${i + 1}.yaml]\nvolumes: { v${i}: {} }\n` : 'volumes: { last: {} }\n';
    }
    files['compose.yaml'] = 'include: [inc0.yaml]\nservices:\n  top:\n    extends: { file: f0.yaml, service: s1 }\n';
    const started = Date.now();
    const c = container(files, 'top');
    expect(c.env.has('L0_1')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('never reads a host path (~/ or absolute) from inside the repository', () => {
    const c = container({ 'compose.yaml': 'services:\n  api:\n    env_file: [~/.env, /etc/app.env]\n', '.env': 'FROM_PROJECT_ENV=1\n' }, 'api');
    expect(c.env.has('FROM_PROJECT_ENV')).toBe(false);
  });
});
