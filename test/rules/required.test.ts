import required from '../../src/rules/required.js';
import { manifest, ruleTester } from './rule-tester.js';

const sync = {
  env: ['sync.env'],
  settings: { kubernetes_server: ['KUBERNETES_SERVER'], sync_enabled: ['SYNC_ENABLED'], kubernetes_token: ['KUBERNETES_TOKEN', 'K8S_TOKEN'] },
};
const allThree = { rule: 'required', settings: ['kubernetes_server', 'sync_enabled', 'kubernetes_token'] };

ruleTester(required, [
  {
    name: 'fails when a required setting resolves nowhere (incident 5), pointing at its declaration',
    files: {
      'concord.yaml': manifest({ services: { sync }, rules: [allThree] }),
      'sync.env': 'KUBERNETES_SERVER=https://k8s:6443\nSYNC_ENABLED=true\n',
    },
    expect: [{ messageId: 'missingSetting', services: ['sync'], locations: ['sync@concord.yaml:13'] }],
  },
  {
    name: 'passes when a later link of the chain is set',
    files: {
      'concord.yaml': manifest({ services: { sync }, rules: [allThree] }),
      'sync.env': 'KUBERNETES_SERVER=https://k8s:6443\nSYNC_ENABLED=true\nK8S_TOKEN=abc\n',
    },
    expect: [],
  },
  {
    name: 'treats an empty value as missing',
    files: {
      'concord.yaml': manifest({ services: { sync }, rules: [{ rule: 'required', settings: ['sync_enabled'] }] }),
      'sync.env': 'SYNC_ENABLED=\n',
    },
    expect: [{ messageId: 'missingSetting', services: ['sync'] }],
  },
  {
    name: 'checks variables in every service in scope',
    files: {
      'concord.yaml': manifest({ services: { a: { env: ['a.env'] }, b: { env: ['b.env'] } }, rules: [{ rule: 'required', vars: ['LOG_LEVEL'] }] }),
      'a.env': 'LOG_LEVEL=info\n',
      'b.env': 'OTHER=1\n',
    },
    expect: [{ messageId: 'missingVar', services: ['b'], locations: ['b@concord.yaml:8'] }],
  },
  {
    name: 'fails for a listed service that does not define the setting at all',
    files: {
      'concord.yaml': manifest({
        services: { sync, other: { settings: { x: ['X'] } } },
        rules: [{ rule: 'required', settings: ['sync_enabled'], services: ['sync', 'other'] }],
      }),
      'sync.env': 'SYNC_ENABLED=true\n',
    },
    expect: [{ messageId: 'notDefined', services: ['other'], locations: ['other@concord.yaml:16'] }],
  },
]);
