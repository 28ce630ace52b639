import { manifest, ruleTable } from './harness.js';

const sync = '  sync:\n    env: [sync.env]\n    settings:\n      kubernetes_server: [KUBERNETES_SERVER]\n      sync_enabled: [SYNC_ENABLED]\n      kubernetes_token: [KUBERNETES_TOKEN, K8S_TOKEN]';

ruleTable('required', [
  {
    name: 'fails when a required setting resolves nowhere (incident 5), pointing at its declaration',
    files: {
      'concord.yaml': manifest(sync, '  - rule: required\n    settings: [kubernetes_server, sync_enabled, kubernetes_token]'),
      'sync.env': 'KUBERNETES_SERVER=https://k8s:6443\nSYNC_ENABLED=true\n',
    },
    expect: [{ messageId: 'missingSetting', services: ['sync'], locations: ['sync@concord.yaml:9'] }],
  },
  {
    name: 'passes when a later link of the chain is set',
    files: {
      'concord.yaml': manifest(sync, '  - rule: required\n    settings: [kubernetes_server, sync_enabled, kubernetes_token]'),
      'sync.env': 'KUBERNETES_SERVER=https://k8s:6443\nSYNC_ENABLED=true\nK8S_TOKEN=abc\n',
    },
    expect: [],
  },
  {
    name: 'treats an empty value as missing',
    files: {
      'concord.yaml': manifest(sync, '  - rule: required\n    settings: [sync_enabled]'),
      'sync.env': 'SYNC_ENABLED=\n',
    },
    expect: [{ messageId: 'missingSetting', services: ['sync'] }],
  },
  {
    name: 'checks variables in every service in scope',
    files: {
      'concord.yaml': manifest('  a:\n    env: [a.env]\n  b:\n    env: [b.env]', '  - rule: required\n    vars: [LOG_LEVEL]'),
      'a.env': 'LOG_LEVEL=info\n',
      'b.env': 'OTHER=1\n',
    },
    expect: [{ messageId: 'missingVar', services: ['b'], locations: ['b@concord.yaml:6'] }],
  },
  {
    name: 'fails for a listed service that does not define the setting at all',
    files: {
      'concord.yaml': manifest(`${sync}\n  other:\n    settings: { x: [X] }`, '  - rule: required\n    settings: [sync_enabled]\n    services: [sync, other]'),
      'sync.env': 'SYNC_ENABLED=true\n',
    },
    expect: [{ messageId: 'notDefined', services: ['other'], locations: ['other@concord.yaml:10'] }],
  },
]);
