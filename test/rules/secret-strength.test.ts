import secretStrength from '../../src/rules/secret-strength.js';
import { manifest, ruleTester } from './rule-tester.js';

const rules = [{ rule: 'secret-strength' }];
const api = (settings: Record<string, string[]>) => manifest({ services: { api: { env: ['api.env'], settings } }, rules });
const session = api({ session_secret: ['SESSION_SECRET'] });
const jwt = api({ jwt_secret: ['JWT_SECRET'] });

ruleTester(secretStrength, [
  {
    name: 'warns on a well-known placeholder',
    files: { 'concord.yaml': session, 'api.env': 'SESSION_SECRET=your-256-bit-secret\n' },
    expect: [{ messageId: 'placeholder', services: ['api'], severity: 'warning', locations: ['api@api.env:1'] }],
  },
  {
    name: 'warns on a short secret',
    files: { 'concord.yaml': session, 'api.env': 'SESSION_SECRET=Xk3-p9\n' },
    expect: [{ messageId: 'tooShort', services: ['api'] }],
  },
  {
    name: 'warns on a long but predictable secret',
    files: { 'concord.yaml': session, 'api.env': 'SESSION_SECRET=aaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb\n' },
    expect: [{ messageId: 'lowEntropy', services: ['api'] }],
  },
  {
    name: 'passes a long random secret',
    files: { 'concord.yaml': session, 'api.env': 'SESSION_SECRET=Qm9vdHN0cmFwLXNlc3Npb24tc2VjcmV0LTI3ZjQ\n' },
    expect: [],
  },
  {
    name: 'knows the example secrets of JWT tutorials',
    files: { 'concord.yaml': jwt, 'api.env': 'JWT_SECRET=shhhhh\n' },
    expect: [{ messageId: 'placeholder', services: ['api'] }],
  },
  {
    name: 'wants 32 bytes for a JWT key (HS256)',
    files: { 'concord.yaml': jwt, 'api.env': 'JWT_SECRET=Qm9vdHN0cmFwLXNlc3Npb24tc2Vj\n' },
    expect: [{ messageId: 'jwtTooShort', services: ['api'] }],
  },
  {
    name: 'flags a JWT key that is also another secret',
    files: {
      'concord.yaml': api({ jwt_secret: ['JWT_SECRET'], db_password: ['DB_PASSWORD'] }),
      'api.env': 'JWT_SECRET=Qm9vdHN0cmFwLXNlc3Npb24tc2VjcmV0LTI3ZjQ\nDB_PASSWORD=Qm9vdHN0cmFwLXNlc3Npb24tc2VjcmV0LTI3ZjQ\n',
    },
    expect: [{ messageId: 'reused', services: ['api'], locations: ['api@api.env:1', 'api@api.env:2'] }],
  },
  {
    name: 'scores placeholders that are not on any list, with the reason',
    files: { 'concord.yaml': session, 'api.env': 'SESSION_SECRET=your-super-secret-jwt-token-with-at-least-32-characters-long\n' },
    expect: [{ messageId: 'placeholder', services: ['api'] }],
  },
  {
    name: 'scores a value that asks to be changed, or repeats one character',
    files: {
      'concord.yaml': api({ session_secret: ['SESSION_SECRET'], api_token: ['API_TOKEN'] }),
      'api.env': 'SESSION_SECRET=please-change-this-before-going-live-0192\nAPI_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
    },
    expect: [
      { messageId: 'placeholder', services: ['api'] },
      { messageId: 'placeholder', services: ['api'] },
    ],
  },
  {
    name: 'does not judge switches and counts named like secrets, nor usernames',
    files: {
      'concord.yaml': manifest({
        services: {
          db: { env: ['db.env'], settings: { allow_empty: ['MYSQL_ALLOW_EMPTY_PASSWORD'], user: ['POSTGRES_USER'], flag: ['TOKEN_REQUIRED_PASSWORD'] } },
        },
        rules,
      }),
      'db.env': 'MYSQL_ALLOW_EMPTY_PASSWORD=true\nPOSTGRES_USER=admin\nTOKEN_REQUIRED_PASSWORD=yes\n',
    },
    expect: [],
  },
  {
    name: 'takes its thresholds and extra placeholders from options',
    files: {
      'concord.yaml': manifest({
        services: { api: { env: ['api.env'], settings: { session_secret: ['SESSION_SECRET'] } } },
        rules: [{ rule: 'secret-strength', minLength: 8, minEntropyBits: 10, placeholders: ['acme-dev-secret'], severity: 'error' }],
      }),
      'api.env': 'SESSION_SECRET=ACME-DEV-SECRET\n',
    },
    expect: [{ messageId: 'placeholder', services: ['api'], severity: 'error' }],
  },
  {
    name: 'does not judge a user name or a host kept in a Kubernetes Secret; judges the password beside it (n8n-hosting)',
    files: {
      'k8s/app.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: db }',
        'stringData:',
        '  POSTGRES_USER: n8n',
        '  POSTGRES_HOST: postgres',
        '  POSTGRES_PASSWORD: changeme',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: n8n }',
        'spec:',
        '  selector: { matchLabels: { app: n8n } }',
        '  template:',
        '    metadata: { labels: { app: n8n } }',
        '    spec:',
        '      containers:',
        '        - name: n8n',
        '          image: n8nio/n8n',
        '          envFrom: [{ secretRef: { name: db } }]',
        '',
      ].join('\n'),
    },
    expect: [{ messageId: 'placeholder', services: ['n8n'], locations: ['n8n@k8s/app.yaml:7'] }],
  },
]);
