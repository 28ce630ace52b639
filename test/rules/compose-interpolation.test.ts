import composeInterpolation from '../../src/rules/compose-interpolation.js';
import { manifest, ruleTester } from './rule-tester.js';

const svc = (name: string, file = 'compose.yaml') => ({ [name]: { compose: { file, service: name } } });
const rules = [{ rule: 'compose-interpolation' }];

ruleTester(composeInterpolation, [
  {
    name: 'is silent when every interpolated variable is set (the project .env, defaults)',
    files: {
      'concord.yaml': manifest({ services: svc('api'), rules }),
      'compose.yaml': 'services:\n  api:\n    environment:\n      PASSWORD: ${DB_PASSWORD:?}\n      PORT: ${PORT:-8080}\n',
      '.env': 'DB_PASSWORD=set-in-dotenv-0123\n',
    },
    expect: [],
  },
  {
    name: 'a required variable set nowhere (here in an x- extension field): compose refuses the whole project, an error at its line for every service',
    files: {
      'concord.yaml': manifest({ services: { ...svc('api'), ...svc('worker') }, rules }),
      'compose.yaml':
        'x-db: &db\n  DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}\nservices:\n  api:\n    environment: *db\n  worker:\n    environment:\n      OTHER: x\n',
    },
    expect: [{ messageId: 'requiredMissing', services: ['api', 'worker'], severity: 'error', locations: ['api@compose.yaml:2', 'worker@compose.yaml:2'] }],
  },
  {
    name: 'a malformed ${ is an error; a plain ${VAR} set nowhere is a warning naming where it is used',
    files: {
      'concord.yaml': manifest({ services: svc('api'), rules }),
      'compose.yaml': 'services:\n  api:\n    image: "app:${TAG}"\n    environment:\n      BROKEN: "${not valid}"\n',
    },
    expect: [
      { messageId: 'invalid', services: ['api'], severity: 'error', locations: ['api@compose.yaml:5'] },
      { messageId: 'unset', services: ['api'], severity: 'warning', locations: ['api@compose.yaml:3'] },
    ],
  },
  {
    name: 'an unset variable in the project .env itself is reported at the .env line',
    files: {
      'concord.yaml': manifest({ services: svc('api'), rules }),
      'compose.yaml': 'services:\n  api:\n    environment:\n      URL: ${URL}\n',
      '.env': 'URL=http://${API_HOST}:8080\n',
    },
    expect: [{ messageId: 'unset', services: ['api'], severity: 'warning', locations: ['api@.env:1'] }],
  },
  {
    name: 'a secret whose whole value is one unset reference names the variable; a "$" inside a secret value names only the key',
    files: {
      'concord.yaml': manifest({ services: svc('api'), rules }),
      'compose.yaml': 'services:\n  api:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      API_TOKEN: Zr4Tq9$Kw7pLm2Xc\n',
    },
    expect: [
      { messageId: 'unset', services: ['api'], severity: 'warning', locations: ['api@compose.yaml:4'] },
      { messageId: 'unsetInSecret', services: ['api'], severity: 'warning', locations: ['api@compose.yaml:5'] },
    ],
  },
  {
    name: 'runs even when the manifest lists other rules only',
    files: {
      'concord.yaml': manifest({ services: svc('api'), rules: [{ rule: 'consistent' }] }),
      'compose.yaml': 'services:\n  api:\n    environment:\n      PASSWORD: ${DB_PASSWORD?}\n',
    },
    expect: [{ messageId: 'requiredMissing', services: ['api'], locations: ['api@compose.yaml:4'] }],
  },
  {
    name: 'a required env_file that does not exist is a warning at its line, and the rest is still checked (redash)',
    files: {
      'compose.yaml':
        'services:\n  server:\n    image: redash\n    env_file: .env\n    environment:\n      X: ${UNSET_ONE}\n  worker:\n    image: redash\n    env_file:\n      - path: .env\n        required: false\n',
    },
    expect: [
      { messageId: 'missingEnvFile', services: ['server'], severity: 'warning', locations: ['server@compose.yaml:4'] },
      { messageId: 'unset', services: ['server'], severity: 'warning' },
    ],
  },
]);
