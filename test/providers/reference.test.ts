import { describe, expect, it } from 'vitest';
import { parseSecretRef } from '../../src/providers/reference.js';

describe('parseSecretRef', () => {
  it.each([
    ['aws-sm://staging/auth', { provider: 'aws-sm', id: 'staging/auth', canonical: 'aws-sm://staging/auth' }],
    ['aws-sm://staging/auth#JWT_SECRET', { provider: 'aws-sm', jsonKey: 'JWT_SECRET', canonical: 'aws-sm://staging/auth#JWT_SECRET' }],
    [
      'aws-sm://staging/auth?version-stage=AWSPREVIOUS',
      { version: 'AWSPREVIOUS', versionKind: 'stage', canonical: 'aws-sm://staging/auth?version-stage=AWSPREVIOUS' },
    ],
    ['aws-sm://staging/auth?version-stage=AWSCURRENT', { canonical: 'aws-sm://staging/auth' }],
    [
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging/auth-AbCdEf:JWT_SECRET::',
      { provider: 'aws-sm', id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging/auth-AbCdEf', jsonKey: 'JWT_SECRET' },
    ],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:password:AWSPREVIOUS', { jsonKey: 'password', version: 'AWSPREVIOUS', versionKind: 'stage' }],
    [
      'gcp-sm://projects/p1/secrets/jwt',
      { provider: 'gcp-sm', id: 'projects/p1/secrets/jwt', version: 'latest', canonical: 'gcp-sm://projects/p1/secrets/jwt/versions/latest' },
    ],
    ['gcp-sm://projects/p1/secrets/jwt/versions/3#key', { version: '3', jsonKey: 'key', canonical: 'gcp-sm://projects/p1/secrets/jwt/versions/3#key' }],
    ['projects/p1/secrets/jwt/versions/latest', { provider: 'gcp-sm', canonical: 'gcp-sm://projects/p1/secrets/jwt/versions/latest' }],
  ])('recognises %s', (input, expected) => {
    expect(parseSecretRef(input)).toMatchObject(expected);
  });

  it('gives the same canonical form to two spellings of one secret', () => {
    expect(parseSecretRef('projects/p/secrets/s/versions/latest')!.canonical).toBe(parseSecretRef('gcp-sm://projects/p/secrets/s')!.canonical);
  });

  it.each(['plain-secret-value', 'http://auth:8080', 'projects/p/secrets', 'aws-sm://', 'arn:aws:s3:::bucket'])('leaves %s alone', (v) => {
    expect(parseSecretRef(v)).toBeUndefined();
  });
});
