import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { byRule, checkFiles } from '../helpers.js';

type Keys = Record<'rsaPrivate' | 'rsaPublic' | 'rsaOldPublic' | 'ecPrivateJwk' | 'ecJwks' | 'ecJwksOtherKid' | 'rsaJwks' | 'rsaOldJwks', string>;
let k: Keys;

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const rsaOld = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const jwk = async (key: CryptoKey, kid: string, alg: string) => JSON.stringify({ ...(await exportJWK(key)), kid, alg, use: 'sig' });
  k = {
    rsaPrivate: await exportPKCS8(rsa.privateKey),
    rsaPublic: await exportSPKI(rsa.publicKey),
    rsaOldPublic: await exportSPKI(rsaOld.publicKey),
    ecPrivateJwk: JSON.stringify({ ...(await exportJWK(ec.privateKey)), kid: 'ec-2026', alg: 'ES256' }),
    ecJwks: `{"keys":[${await jwk(ec.publicKey, 'ec-2026', 'ES256')}]}`,
    ecJwksOtherKid: `{"keys":[${await jwk(ec.publicKey, 'ec-2025', 'ES256')}]}`,
    rsaJwks: `{"keys":[${await jwk(rsa.publicKey, 'rsa-1', 'RS256')}]}`,
    rsaOldJwks: `{"keys":[${await jwk(rsaOld.publicKey, 'rsa-1', 'RS256')}]}`,
  };
});

const HS = 'hs256-shared-secret-0123456789abcdefghij';

/** auth signs; api and ws verify. `env` holds each service's dotenv text, files are extra files. */
function flow(env: { auth: string; api: string; ws?: string }, rule = '', files: Record<string, string> = {}) {
  const services = ['auth', 'api', ...(env.ws !== undefined ? ['ws'] : [])];
  return {
    'concord.yaml': `version: 1
services:
${services.map((s) => `  ${s}:\n    root: ${s}\n    env: [.env]\n    settings: { jwt_key: [JWT_KEY], jwt_alg: [JWT_ALG], jwt_iss: [JWT_ISS], jwt_aud: [JWT_AUD], jwt_kid: [JWT_KID] }`).join('\n')}
rules:
  - rule: jwt-compat
    issuer: auth
    verifiers: [${services.slice(1).join(', ')}]
    key: jwt_key
    alg: jwt_alg
    iss: jwt_iss
    aud: jwt_aud
    kid: jwt_kid
${rule}`,
    'auth/.env': env.auth,
    'api/.env': env.api,
    ...(env.ws !== undefined ? { 'ws/.env': env.ws } : {}),
    ...files,
  };
}

const pem = (name: string, text: string) => `${name}="${text.trim()}"\n`;

describe('jwt-compat', () => {
  const cases: [string, () => Record<string, string>, { messageId: string; services: string[] }[]][] = [
    ['matching HS256 secrets verify', () => flow({ auth: `JWT_KEY=${HS}\n`, api: `JWT_KEY=${HS}\n` }), []],
    ['mismatched HS256 secrets fail, with both fingerprints', () => flow({ auth: `JWT_KEY=${HS}\n`, api: 'JWT_KEY=another-secret-0123456789abcdefghijkl\n' }), [{ messageId: 'secretDiffers', services: ['api', 'auth'] }]],
    ['an HS256 secret shorter than 32 bytes', () => flow({ auth: 'JWT_KEY=short-secret\n', api: 'JWT_KEY=short-secret\n' }), [{ messageId: 'hsTooShort', services: ['auth'] }]],
    ['RS256 with the matching public key (files relative to each root)', () => flow({ auth: 'JWT_KEY=keys/private.pem\n', api: 'JWT_KEY=keys/public.pem\n' }, '', { 'auth/keys/private.pem': k.rsaPrivate, 'api/keys/public.pem': k.rsaPublic }), []],
    ['RS256 with a stale public key', () => flow({ auth: 'JWT_KEY=keys/private.pem\n', api: 'JWT_KEY=keys/public.pem\n' }, '', { 'auth/keys/private.pem': k.rsaPrivate, 'api/keys/public.pem': k.rsaOldPublic }), [{ messageId: 'keyMismatch', services: ['api', 'auth'] }]],
    ['RS256 inline PEM against a JWKS file, one verifier stale', () => flow({ auth: pem('JWT_KEY', k.rsaPrivate) + 'JWT_KID=rsa-1\n', api: 'JWT_KEY=jwks.json\n', ws: 'JWT_KEY=jwks.json\n' }, '', { 'api/jwks.json': k.rsaJwks, 'ws/jwks.json': k.rsaOldJwks }), [{ messageId: 'keyMismatch', services: ['auth', 'ws'] }]],
    ['ES256 JWK against a JWKS with the right kid', () => flow({ auth: `JWT_KEY='${k.ecPrivateJwk}'\nJWT_KID=ec-2026\n`, api: `JWT_KEY='${k.ecJwks}'\n` }), []],
    ['ES256 JWKS without the kid the issuer signs with', () => flow({ auth: `JWT_KEY='${k.ecPrivateJwk}'\nJWT_KID=ec-2026\n`, api: `JWT_KEY='${k.ecJwksOtherKid}'\n` }), [{ messageId: 'kidNotInJwks', services: ['api', 'auth'] }]],
    ['an algorithm the verifier does not accept (and an HS512 secret under 64 bytes)', () => flow({ auth: `JWT_KEY=${HS}\nJWT_ALG=HS512\n`, api: `JWT_KEY=${HS}\nJWT_ALG=HS256\n` }), [{ messageId: 'hsTooShort', services: ['auth'] }, { messageId: 'algNotAllowed', services: ['api', 'auth'] }]],
    ['issuer and audience that differ', () => flow({ auth: `JWT_KEY=${HS}\nJWT_ISS=https://auth.staging\nJWT_AUD=api\n`, api: `JWT_KEY=${HS}\nJWT_ISS=https://auth.prod\nJWT_AUD=billing\n` }), [{ messageId: 'issuerDiffers', services: ['api', 'auth'] }, { messageId: 'audienceDiffers', services: ['api', 'auth'] }]],
    ['an HS secret on one side, a public key on the other', () => flow({ auth: `JWT_KEY=${HS}\n`, api: pem('JWT_KEY', k.rsaPublic) }), [{ messageId: 'keyTypeMismatch', services: ['api', 'auth'] }]],
    ['a verifier without a key', () => flow({ auth: `JWT_KEY=${HS}\n`, api: 'OTHER=1\n' }), [{ messageId: 'missingKey', services: ['api', 'auth'] }]],
  ];

  it.each(cases)('%s', async (_name, files, expected) => {
    const report = await checkFiles(files());
    const got = byRule(report, 'jwt-compat');
    expect(got.map((f) => ({ messageId: f.messageId, services: f.services }))).toEqual(expected);
  });

  it('points a missing key at the manifest declaring it', async () => {
    const report = await checkFiles(flow({ auth: `JWT_KEY=${HS}\n`, api: 'OTHER=1\n' }));
    expect(byRule(report, 'jwt-compat')[0]!.locations).toEqual(['auth@auth/.env:1', 'api@concord.yaml:10']);
  });

  it('shows HS secrets by fingerprint and asymmetric keys by RFC 7638 thumbprint, never the key', async () => {
    const report = await checkFiles(flow({ auth: 'JWT_KEY=keys/private.pem\n', api: 'JWT_KEY=keys/public.pem\n' }, '', { 'auth/keys/private.pem': k.rsaPrivate, 'api/keys/public.pem': k.rsaOldPublic }));
    const f = report.findings.find((x) => x.ruleId === 'jwt-compat')!;
    expect(f.message).toMatch(/^tokens auth signs fail at api: its key \(jwk:[\w-]{16}\) is not the public half of auth's \(jwk:[\w-]{16}\)$/);
    expect(f.services.map((s) => [s.service, s.value?.startsWith('jwk:'), s.source.file, s.note])).toEqual([
      ['auth', true, 'auth/.env', 'a private rsa key in auth/keys/private.pem'],
      ['api', true, 'api/.env', 'a public rsa key in api/keys/public.pem'],
    ]);
    const text = JSON.stringify(report);
    for (const secret of [k.rsaPrivate, ...k.rsaPrivate.split('\n').filter((l) => l.length > 20)]) expect(text).not.toContain(secret);
  });
});

describe('jwt-compat with a JWKS URL', () => {
  it('fetches it online, warns offline, and makes the run incomplete when it cannot be fetched', async () => {
    const { createServer } = await import('node:http');
    const { check, exitCodeForReport } = await import('../../src/commands/check.js');
    const { repo } = await import('../helpers.js');
    let mode: 'ok' | 'fail' | 'hang' | 'flood' = 'ok';
    const server = createServer((req, res) => {
      if (mode === 'hang') return;
      if (mode === 'flood') {
        // An endpoint that never stops answering: concord stops reading at its byte limit.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        return void pump();
      }
      if (mode === 'fail') return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(k.rsaJwks);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
    try {
      const dir = repo(flow({ auth: `${pem('JWT_KEY', k.rsaPrivate)}JWT_KID=rsa-1\n`, api: `JWT_KEY=${url}\n` }));
      expect((await check({ dir, fingerprintKey: 'k' })).status).toBe('pass');
      const offline = await check({ dir, offline: true });
      expect(offline.findings.map((f) => [f.messageId, f.severity])).toEqual([['offlineJwks', 'warning']]);
      mode = 'fail';
      const failed = await check({ dir });
      expect(failed.incomplete).toEqual([expect.objectContaining({ ref: url, services: ['api'], message: `the JWKS at ${url} HTTP 503 (used by api)` })]);
      expect(exitCodeForReport(failed)).toBe(3);
      mode = 'flood';
      const flooded = await check({ dir });
      expect(flooded.incomplete[0]!.message).toContain('the answer is over 1048576 bytes');
      mode = 'hang';
      const hung = await check({ dir, timeoutMs: 200 });
      expect(hung.incomplete[0]!.message).toContain('timed out after 200 ms');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
