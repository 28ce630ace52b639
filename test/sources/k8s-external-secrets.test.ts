import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, exitCodeForReport } from '../../src/commands/check.js';
import { byRule, cliAsync, repo } from '../helpers.js';
import { startAwsSecretsManager } from '../servers/aws-secrets-manager.js';
import { startGcpSecretManager } from '../servers/gcp-secret-manager.js';

const JWT = 'eso-jwt-secret-value-5c4b3a29';
const OTHER = 'eso-other-secret-value-77aa66bb';

let aws: Awaited<ReturnType<typeof startAwsSecretsManager>>;
let gcp: Awaited<ReturnType<typeof startGcpSecretManager>>;
beforeAll(async () => {
  aws = await startAwsSecretsManager({ secrets: { 'staging/auth': JSON.stringify({ JWT_SECRET: JWT, DB: 'x-db-value-123' }), 'staging/other': OTHER } });
  gcp = await startGcpSecretManager({ secrets: { 'projects/demo/secrets/jwt': { versions: { 1: OTHER, 2: JWT } } } });
});
afterAll(async () => {
  await aws.close();
  await gcp.close();
});

/** A pod reading JWT from the Secret an ExternalSecret materialises; `web` reads the same secret by reference. */
function platform(store: string, externalSecret: string, key = 'jwt', webRef = 'aws-sm://staging/auth#JWT_SECRET') {
  return repo({
    'concord.yaml': `version: 1
environments: [staging]
providers:
  aws: { endpoint: "${aws.endpoint}", region: eu-west-1 }
  gcp: { endpoint: "${gcp.endpoint}" }
services:
  api:
    k8s: { files: "k8s/*.yaml" }
    settings: { jwt: [JWT] }
  web:
    secrets: { JWT_SECRET: "${webRef}" }
    settings: { jwt: [JWT_SECRET] }
rules:
  - rule: consistent
  - rule: k8s-manifest
`,
    'k8s/api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: JWT
              valueFrom:
                secretKeyRef: { name: api-secrets, key: ${key} }
`,
    'k8s/store.yaml': store,
    'k8s/external-secret.yaml': externalSecret,
  });
}

const AWS_STORE =
  'apiVersion: external-secrets.io/v1beta1\nkind: SecretStore\nmetadata: { name: aws }\nspec:\n  provider:\n    aws: { service: SecretsManager, region: eu-west-1 }\n';
const GCP_STORE = 'apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: { name: gcp }\nspec:\n  provider:\n    gcpsm: { projectID: demo }\n';
const es = (apiVersion: string, storeRef: string, body: string) =>
  `apiVersion: external-secrets.io/${apiVersion}\nkind: ExternalSecret\nmetadata: { name: api }\nspec:\n  secretStoreRef: ${storeRef}\n  target: { name: api-secrets }\n${body}`;

const run = (dir: string) => check({ dir, fingerprintKey: 'k' });

describe('External Secrets: a pod reading secretKeyRef is compared by the value behind the remote secret', () => {
  it.each([
    [
      'v1beta1 AWS data[].remoteRef with property',
      AWS_STORE,
      es('v1beta1', '{ name: aws }', '  data:\n    - secretKey: jwt\n      remoteRef: { key: staging/auth, property: JWT_SECRET }\n'),
      'pass',
    ],
    [
      'v1beta1 AWS dataFrom.extract',
      AWS_STORE,
      es('v1beta1', '{ name: aws, kind: SecretStore }', '  dataFrom:\n    - extract: { key: staging/auth }\n'),
      'pass',
    ],
    [
      'v1beta1 AWS, another remote secret',
      AWS_STORE,
      es('v1beta1', '{ name: aws }', '  data:\n    - secretKey: jwt\n      remoteRef: { key: staging/other }\n'),
      'fail',
    ],
    [
      'v1 GCP ClusterSecretStore, version 2',
      GCP_STORE,
      es('v1', '{ name: gcp, kind: ClusterSecretStore }', '  data:\n    - secretKey: jwt\n      remoteRef: { key: jwt, version: "2" }\n'),
      'pass',
    ],
    [
      'v1 GCP ClusterSecretStore, version 1',
      GCP_STORE,
      es('v1', '{ name: gcp, kind: ClusterSecretStore }', '  data:\n    - secretKey: jwt\n      remoteRef: { key: jwt, version: "1" }\n'),
      'fail',
    ],
  ])('%s → %s', async (name, store, external, status) => {
    // dataFrom.extract makes each key of the remote JSON a key of the Secret.
    const report = await run(platform(store, external, name.includes('extract') ? 'JWT_SECRET' : 'jwt'));
    expect(report.incomplete).toEqual([]);
    expect(report.status).toBe(status);
    if (status === 'fail') {
      const [f] = byRule(report, 'consistent');
      expect(f).toMatchObject({ messageId: 'differs', services: ['api', 'web'], locations: ['api@k8s/external-secret.yaml:8', 'web@concord.yaml:11'] });
    }
  });

  it('the finding shows the remote reference and fingerprints, never the value (CLI)', async () => {
    const r = await cliAsync(
      [
        'check',
        platform(AWS_STORE, es('v1beta1', '{ name: aws }', '  data:\n    - secretKey: jwt\n      remoteRef: { key: staging/other }\n')),
        '--format',
        'json',
      ],
      {
        env: {
          AWS_ACCESS_KEY_ID: 'AKIDTEST',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: 'eu-west-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          METADATA_SERVER_DETECTION: 'none',
        },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('aws-sm://staging/other');
    expect(r.stdout).not.toContain(OTHER);
    expect(r.stdout).not.toContain(JWT);
  });

  it('a provider concord cannot read (Vault) is listed as not checked', async () => {
    const vault =
      'apiVersion: external-secrets.io/v1beta1\nkind: SecretStore\nmetadata: { name: vault }\nspec:\n  provider:\n    vault: { server: "https://vault.example" }\n';
    const report = await run(platform(vault, es('v1beta1', '{ name: vault }', '  data:\n    - secretKey: jwt\n      remoteRef: { key: secret/jwt }\n')));
    expect(report.notes).toContainEqual({
      file: 'k8s/external-secret.yaml',
      line: 3,
      message: 'ExternalSecret/api: provider vault of SecretStore/vault is not checked by concord; Secret "api-secrets" is not checked',
    });
    expect(exitCodeForReport(report)).toBe(0);
  });
});
