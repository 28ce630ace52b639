// Runs concord against local AWS and GCP secret managers speaking the real protocols (the test
// servers of test/servers/), so the demo needs no cloud account and touches no network.
// Usage: npm run demo:secrets   (after npm ci)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAwsSecretsManager } from '../../test/servers/aws-secrets-manager.js';
import { startGcpSecretManager } from '../../test/servers/gcp-secret-manager.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const current = 'st4g1ng-jwt-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const aws = await startAwsSecretsManager({
  secrets: {
    'staging/auth': JSON.stringify({ JWT_SECRET: current, DB_PASSWORD: 'demo-db-password-123' }),
    'staging/jwt': {
      versions: [
        { string: current, stages: ['AWSCURRENT'], versionId: 'v2' },
        { string: 'r0tated-away-jwt-0011223344556677', stages: ['AWSPREVIOUS'], versionId: 'v1' },
      ],
    },
  },
});
const gcp = await startGcpSecretManager({ secrets: { 'projects/demo/secrets/jwt-secret': current } });

const env = {
  ...process.env,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
  AWS_ACCESS_KEY_ID: 'demo',
  AWS_SECRET_ACCESS_KEY: 'demo',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  CONCORD_GCP_SECRET_MANAGER_ENDPOINT: gcp.endpoint,
  METADATA_SERVER_DETECTION: 'none',
};
console.log(`local AWS Secrets Manager on ${aws.endpoint}, GCP Secret Manager on ${gcp.endpoint}\n$ concord check examples/secret-managers\n`);
const child = spawn(process.execPath, [path.join(here, '../../bin/concord.js'), 'check', here, '--format', 'pretty', ...process.argv.slice(2)], {
  env,
  stdio: 'inherit',
});
const code = await new Promise((resolve) => child.on('close', resolve));
await aws.close();
await gcp.close();
console.log(`\nexit ${code}: billing still pins the AWSPREVIOUS version of the rotated secret.`);
