import { stringify } from 'yaml';
import envTemplate from '../../src/rules/env-template.js';
import { ruleTester } from './rule-tester.js';

ruleTester(envTemplate, [
  {
    name: 'passes when the real file sets every variable the template lists',
    files: { 'api/.env.example': 'DATABASE_URL=\nSENTRY_DSN=\n', 'api/.env': 'DATABASE_URL=postgres://db/app\nSENTRY_DSN=https://k@sentry.example.com/1\n' },
    expect: [],
  },
  {
    name: 'fails a variable the template lists and no file sets, at the template line',
    files: { 'api/.env.example': '# the database\nDATABASE_URL=\n\nSENTRY_DSN=\n', 'api/.env': 'DATABASE_URL=postgres://db/app\n' },
    expect: [{ messageId: 'missing', services: ['api'], severity: 'warning', locations: ['api@api/.env.example:4'] }],
  },
  {
    name: 'counts a variable set anywhere the service reads (compose environment), not only the file beside the template',
    files: {
      'compose.yaml': stringify({ services: { api: { build: 'api', env_file: ['api/.env'], environment: { SENTRY_DSN: 'https://k@sentry.example.com/1' } } } }),
      'api/.env.example': 'DATABASE_URL=\nSENTRY_DSN=\n',
      'api/.env': 'DATABASE_URL=postgres://db/app\n',
    },
    expect: [],
  },
  {
    name: 'leaves a template with no real file beside it alone (a fresh clone)',
    files: { 'api/.env.example': 'DATABASE_URL=\nSENTRY_DSN=\n', 'worker/.env': 'QUEUE=jobs\n' },
    expect: [],
  },
  {
    name: 'reads a multi-line quoted example value as one value, not as keys',
    files: { 'api/.env.sample': 'PRIVATE_KEY="-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----"\n', 'api/.env': 'PRIVATE_KEY=x\n' },
    expect: [],
  },
  {
    name: 'compares a template with the file it is named after only: .env.development is not what .env.sample describes (outline)',
    files: { '.env.sample': 'DATABASE_URL=\nSECRET_KEY=\nREDIS_URL=\n', '.env.development': 'DEBUG=http\n' },
    expect: [],
  },
  {
    name: 'says a template dotenv cannot read is not compared, never guessing keys from its lines (a private key body)',
    files: { 'api/.env.example': 'JWT_KEY="-----BEGIN PRIVATE KEY-----\nS3CRETlineXYZabc123456=\n', 'api/.env': 'JWT_KEY=x\n' },
    expect: [{ messageId: 'unreadable', services: ['api'], severity: 'warning' }],
  },
]);
