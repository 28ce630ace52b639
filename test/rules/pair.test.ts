import pair from '../../src/rules/pair.js';
import { manifest, ruleTester } from './rule-tester.js';

const certAndKey = { rule: 'pair', vars: ['TLS_CERT', 'TLS_KEY'] };

ruleTester(pair, [
  {
    name: 'fails when a certificate is configured without its key (incident 4)',
    files: {
      'concord.yaml': manifest({ services: { peer: { env: ['peer.env'] } }, rules: [certAndKey] }),
      'peer.env': 'PEER_URL=https://peer\nTLS_CERT=/etc/tls/client.crt\n',
    },
    expect: [{ messageId: 'partial', services: ['peer'], locations: ['peer@peer.env:2'] }],
  },
  {
    name: 'fails for the inverse half too',
    files: {
      'concord.yaml': manifest({ services: { peer: { env: ['peer.env'] } }, rules: [certAndKey] }),
      'peer.env': 'TLS_KEY=/etc/tls/client.key\n',
    },
    expect: [{ messageId: 'partial', services: ['peer'] }],
  },
  {
    name: 'passes all or nothing',
    files: {
      'concord.yaml': manifest({ services: { full: { env: ['full.env'] }, none: { env: ['none.env'] } }, rules: [certAndKey] }),
      'full.env': 'TLS_CERT=/c\nTLS_KEY=/k\n',
      'none.env': 'X=1\n',
    },
    expect: [],
  },
  {
    name: 'works on settings, through their chains',
    files: {
      'concord.yaml': manifest({
        services: { c: { env: ['c.env'], settings: { cert: ['CERT_PEM', 'CERT_FILE'], key: ['KEY_PEM', 'KEY_FILE'] } } },
        rules: [{ rule: 'pair', settings: ['cert', 'key'] }],
      }),
      'c.env': 'CERT_FILE=/c.pem\n',
    },
    expect: [{ messageId: 'partial', services: ['c'] }],
  },
]);
