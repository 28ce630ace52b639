import { manifest, ruleTable } from './harness.js';

ruleTable('pair', [
  {
    name: 'fails when a certificate is configured without its key (incident 4)',
    files: {
      'concord.yaml': manifest('  peer:\n    env: [peer.env]', '  - rule: pair\n    vars: [TLS_CERT, TLS_KEY]'),
      'peer.env': 'PEER_URL=https://peer\nTLS_CERT=/etc/tls/client.crt\n',
    },
    expect: [{ messageId: 'partial', services: ['peer'], locations: ['peer@peer.env:2'] }],
  },
  {
    name: 'fails for the inverse half too',
    files: {
      'concord.yaml': manifest('  peer:\n    env: [peer.env]', '  - rule: pair\n    vars: [TLS_CERT, TLS_KEY]'),
      'peer.env': 'TLS_KEY=/etc/tls/client.key\n',
    },
    expect: [{ messageId: 'partial', services: ['peer'] }],
  },
  {
    name: 'passes all or nothing',
    files: {
      'concord.yaml': manifest('  full:\n    env: [full.env]\n  none:\n    env: [none.env]', '  - rule: pair\n    vars: [TLS_CERT, TLS_KEY]'),
      'full.env': 'TLS_CERT=/c\nTLS_KEY=/k\n',
      'none.env': 'X=1\n',
    },
    expect: [],
  },
  {
    name: 'works on settings, through their chains',
    files: {
      'concord.yaml': manifest('  c:\n    env: [c.env]\n    settings: { cert: [CERT_PEM, CERT_FILE], key: [KEY_PEM, KEY_FILE] }', '  - rule: pair\n    settings: [cert, key]'),
      'c.env': 'CERT_FILE=/c.pem\n',
    },
    expect: [{ messageId: 'partial', services: ['c'] }],
  },
]);
