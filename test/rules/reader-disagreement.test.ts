import readerDisagreement from '../../src/rules/reader-disagreement.js';
import { manifest, ruleTester } from './rule-tester.js';

const rules = [{ rule: 'reader-disagreement' }];
const PY_REQ = 'python-dotenv==1.0.1\n';
const NODE_PKG = '{\n  "name": "web",\n  "dependencies": {\n    "dotenv": "^16.4.0"\n  }\n}\n';
const shared = (...names: string[]) => Object.fromEntries(names.map((name) => [name, { root: name, env: ['../shared.env'] }]));
const web = { web: { root: 'web', env: ['.env'] } };

ruleTester(readerDisagreement, [
  {
    name: 'is silent when every reader of a shared file reads the same (the # value is double-quoted)',
    files: {
      'concord.yaml': manifest({ services: shared('billing', 'web'), rules }),
      'billing/requirements.txt': PY_REQ,
      'web/package.json': NODE_PKG,
      'shared.env': 'JWT_SECRET="s3cr3t#with-a-hash-0123"\nPORT=8080\n',
    },
    expect: [],
  },
  {
    name: 'python-dotenv and npm dotenv read an unquoted # differently: an error for a secret, at the line',
    files: {
      'concord.yaml': manifest({ services: shared('billing', 'web'), rules }),
      'billing/requirements.txt': PY_REQ,
      'web/package.json': NODE_PKG,
      'shared.env': '# shared\nJWT_SECRET=s3cr3t#with-a-hash-0123\n',
    },
    expect: [{ messageId: 'differ', services: ['billing', 'web'], severity: 'error', locations: ['billing@shared.env:2', 'web@shared.env:2'] }],
  },
  {
    name: "one file, two consumers: compose's env_file for the container and npm dotenv in a Node service",
    files: {
      'concord.yaml': manifest({ services: { api: { compose: { file: 'compose.yaml', service: 'api' } }, ...shared('web') }, rules }),
      'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: [shared.env]\n',
      'web/package.json': NODE_PKG,
      'shared.env': 'API_TOKEN=tok3n#with-a-hash-0123456789\n',
    },
    expect: [{ messageId: 'differ', services: ['api', 'web'], severity: 'error', locations: ['api@shared.env:1', 'web@shared.env:1'] }],
  },
  {
    name: 'the environment a container sets wins by precedence, not by the reading: the file itself reads the same for both',
    files: {
      'concord.yaml': manifest({
        services: { billing: { root: 'billing', env: ['../shared.env'], compose: { file: '../compose.yaml', service: 'billing' } }, ...shared('web') },
        rules,
      }),
      'compose.yaml': 'services:\n  billing:\n    image: billing\n    environment:\n      PORT: "8080"\n      API_TOKEN: from-compose-0123456789\n',
      'billing/requirements.txt': PY_REQ,
      'web/package.json': NODE_PKG,
      'shared.env': '# ports\nPORT=3000\nAPI_TOKEN="tok3n#in-quotes-0123456789"\n',
    },
    expect: [],
  },
  {
    name: 'a non-secret, non-URL value read differently is a warning',
    files: {
      'concord.yaml': manifest({ services: shared('billing', 'web'), rules }),
      'billing/requirements.txt': PY_REQ,
      'web/package.json': NODE_PKG,
      'shared.env': 'GREETING=hello #world\nCOLOR=blue#green\n',
    },
    expect: [{ messageId: 'differ', services: ['billing', 'web'], severity: 'warning', locations: ['billing@shared.env:2', 'web@shared.env:2'] }],
  },
  {
    name: 'npm dotenv without dotenv-expand keeps ${HOST} literal: an error for a URL',
    files: {
      'concord.yaml': manifest({ services: web, rules }),
      'web/package.json': NODE_PKG,
      'web/.env': 'HOST=api\nURL=http://${HOST}:7002\n',
    },
    expect: [{ messageId: 'literal-interpolation', services: ['web'], severity: 'error', locations: ['web@web/.env:2'] }],
  },
  {
    name: 'one .env read by pydantic-settings and by npm dotenv: a ${…} that python expands and node keeps is an error (a URL)',
    files: {
      'concord.yaml': manifest({ services: shared('backend', 'frontend'), rules }),
      'backend/pyproject.toml': '[project]\ndependencies = [\n  "pydantic-settings>=2.2",\n]\n',
      'frontend/package.json': NODE_PKG,
      'shared.env': 'POSTGRES_PASSWORD=changethis\nDATABASE_URL=postgresql://postgres:${POSTGRES_PASSWORD}@localhost:5432/app\n',
    },
    expect: [
      { messageId: 'differ-expansion', services: ['backend', 'frontend'], severity: 'error', locations: ['backend@shared.env:2', 'frontend@shared.env:2'] },
    ],
  },
  {
    name: 'with dotenv-expand, the same line is expanded: nothing to say',
    files: {
      'concord.yaml': manifest({ services: web, rules }),
      'web/package.json': '{ "dependencies": { "dotenv": "16", "dotenv-expand": "12" } }\n',
      'web/.env': 'HOST=api\nURL=http://${HOST}:7002\n',
    },
    expect: [],
  },
  {
    name: 'an unquoted secret reference cut at # by the service reader is an error',
    files: {
      'concord.yaml': manifest({ services: web, rules }),
      'web/package.json': NODE_PKG,
      'web/.env': 'DB_PASSWORD=aws-sm://prod/db#password\n',
    },
    expect: [{ messageId: 'ref-cut', services: ['web'], severity: 'error', locations: ['web@web/.env:1'] }],
  },
  {
    name: 'a command substitution that Ruby dotenv runs: the value is unknown',
    files: {
      'concord.yaml': manifest({ services: { shop: { root: 'shop', env: ['.env'] } }, rules }),
      'shop/Gemfile': "source 'https://rubygems.org'\ngem 'dotenv'\n",
      'shop/.env': 'BUILD_SHA=$(git rev-parse HEAD)\n',
    },
    expect: [{ messageId: 'command', services: ['shop'], severity: 'warning', locations: ['shop@shop/.env:1'] }],
  },
  {
    name: 'the manifest dialect: wins over evidence',
    files: {
      'concord.yaml': manifest({ services: { web: { root: 'web', dialect: 'node-expand', env: ['.env'] } }, rules }),
      'web/package.json': NODE_PKG,
      'web/.env': 'HOST=api\nURL=http://${HOST}:7002\n',
    },
    expect: [],
  },
  {
    name: "a service without evidence: the reader it was assumed to use and the platform's other reader disagree",
    files: {
      'concord.yaml': manifest({ services: Object.fromEntries(['billing', 'web', 'worker'].map((name) => [name, { root: name, env: ['.env'] }])), rules }),
      'billing/requirements.txt': PY_REQ,
      'billing/.env': 'X=1\n',
      'web/package.json': NODE_PKG,
      'web/.env': 'Y=1\n',
      'worker/.env': 'MOTTO=keep#going\n',
    },
    // worker has no evidence: python (the first of the platform's readers) is assumed, node is plausible.
    expect: [{ messageId: 'differ', services: ['worker'], severity: 'warning', locations: ['worker@worker/.env:1', 'worker@worker/.env:1'] }],
  },
  {
    name: 'YAML: a Python service reads an unquoted 0755 and on with YAML 1.1 (PyYAML): a warning naming both readings',
    files: {
      'concord.yaml': manifest({
        services: { billing: { root: 'billing', config: ['config.yaml'], settings: { mode: ['file.mode'], debug: ['debug'] } } },
        rules,
      }),
      'billing/requirements.txt': 'pyyaml\npython-dotenv\n',
      'billing/config.yaml': 'file:\n  mode: 0755\ndebug: on\nname: "on"\n',
    },
    expect: [
      { messageId: 'yaml-scalar', services: ['billing'], severity: 'warning', locations: ['billing@billing/config.yaml:3', 'billing@billing/config.yaml:3'] },
      { messageId: 'yaml-scalar', services: ['billing'], severity: 'warning', locations: ['billing@billing/config.yaml:2', 'billing@billing/config.yaml:2'] },
    ],
  },
  {
    name: 'YAML: a Node service reads YAML 1.2 like concord; quoted scalars and plain strings say nothing',
    files: {
      'concord.yaml': manifest({
        services: { web: { root: 'web', config: ['config.yaml'], settings: { mode: ['mode'], debug: ['debug'], port: ['port'] } } },
        rules,
      }),
      'web/package.json': '{ "dependencies": { "dotenv": "16" } }\n',
      'web/config.yaml': 'mode: 0755\ndebug: "on"\nport: 8080\n',
    },
    expect: [],
  },
]);
