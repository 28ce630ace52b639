import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fingerprinter } from '../../src/fingerprint.js';
import { loadManifest } from '../../src/manifest/load.js';
import { buildModel } from '../../src/resolve/build-model.js';
import { SecretResolver } from '../../src/resolve/fetch-secrets.js';
import { RepoFiles } from '../../src/sources/files.js';
import { repo } from '../helpers.js';
import { startAwsSecretsManager } from '../servers/aws-secrets-manager.js';

const JWT = 'aws-jwt-secret-value-8d7c6b5a4f3e';
let aws: Awaited<ReturnType<typeof startAwsSecretsManager>>;

beforeAll(async () => {
  aws = await startAwsSecretsManager({ secrets: { 'staging/jwt': JWT } });
});
afterAll(async () => {
  await aws.close();
});

describe('SecretResolver.withSecrets', () => {
  it('returns a model with the secrets read and leaves the model it was given as built', async () => {
    const dir = repo({
      'concord.yaml': `version: 1
environments: [staging]
providers:
  aws: { endpoint: "${aws.endpoint}", region: eu-west-1 }
services:
  auth:
    secrets: { JWT_SECRET: "aws-sm://staging/jwt" }
    settings: { jwt_secret: [JWT_SECRET] }
  api:
    secrets: { JWT_SECRET: "aws-sm://staging/missing" }
    settings: { jwt_secret: [JWT_SECRET] }
`,
    });
    const manifest = loadManifest(`${dir}/concord.yaml`, undefined);
    const fp = new Fingerprinter('k');
    const env = { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B', AWS_EC2_METADATA_DISABLED: 'true' };
    const built = await buildModel(manifest, 'staging', new RepoFiles(manifest.root), fp, undefined, undefined, undefined, env);
    const before = structuredClone(built.bySetting.get('jwt_secret'));
    const resolver = new SecretResolver({ timeoutMs: 5000, concurrency: 2, settings: manifest.providers, env }, fp);

    const read = await resolver.withSecrets(built);

    expect(built.bySetting.get('jwt_secret')).toEqual(before);
    const [auth, api] = read.bySetting.get('jwt_secret')!;
    expect(auth).toMatchObject({ value: JWT, fetched: true, secret: true, fingerprint: fp.fingerprint(JWT) });
    expect(api!.refProblem?.reason).toBe('not-found');
    // services and bySetting hold the same settings, as built
    expect(read.services.get('auth')!.settings.get('jwt_secret')).toBe(auth);
    expect(resolver.failures.map((f) => f.services)).toEqual([['api']]);
  });
});
