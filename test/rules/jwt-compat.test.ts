import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import jwtCompat from '../../src/rules/jwt-compat.js';
import { byRule, checkFiles } from '../helpers.js';
import { manifest, ruleTester } from './rule-tester.js';

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
function flow(env: { auth: string; api: string; ws?: string }, files: Record<string, string> = {}) {
  const services = ['auth', 'api', ...(env.ws !== undefined ? ['ws'] : [])];
  const settings = { jwt_key: ['JWT_KEY'], jwt_alg: ['JWT_ALG'], jwt_iss: ['JWT_ISS'], jwt_aud: ['JWT_AUD'], jwt_kid: ['JWT_KID'] };
  return {
    'concord.yaml': manifest({
      services: Object.fromEntries(services.map((s) => [s, { root: s, env: ['.env'], settings }])),
      rules: [
        { rule: 'jwt-compat', issuer: 'auth', verifiers: services.slice(1), key: 'jwt_key', alg: 'jwt_alg', iss: 'jwt_iss', aud: 'jwt_aud', kid: 'jwt_kid' },
      ],
    }),
    'auth/.env': env.auth,
    'api/.env': env.api,
    ...(env.ws !== undefined ? { 'ws/.env': env.ws } : {}),
    ...files,
  };
}

const pem = (name: string, text: string) => `${name}="${text.trim()}"\n`;

ruleTester(jwtCompat, [
  { name: 'matching HS256 secrets verify', files: () => flow({ auth: `JWT_KEY=${HS}\n`, api: `JWT_KEY=${HS}\n` }), expect: [] },
  {
    name: 'mismatched HS256 secrets fail, with both fingerprints',
    files: () => flow({ auth: `JWT_KEY=${HS}\n`, api: 'JWT_KEY=another-secret-0123456789abcdefghijkl\n' }),
    expect: [{ messageId: 'secretDiffers', services: ['api', 'auth'] }],
  },
  {
    name: 'an HS256 secret shorter than 32 bytes',
    files: () => flow({ auth: 'JWT_KEY=short-secret\n', api: 'JWT_KEY=short-secret\n' }),
    expect: [{ messageId: 'hsTooShort', services: ['auth'] }],
  },
  {
    name: 'RS256 with the matching public key (files relative to each root)',
    files: () =>
      flow(
        { auth: 'JWT_KEY=keys/private.pem\n', api: 'JWT_KEY=keys/public.pem\n' },
        { 'auth/keys/private.pem': k.rsaPrivate, 'api/keys/public.pem': k.rsaPublic },
      ),
    expect: [],
  },
  {
    name: 'RS256 with a stale public key',
    files: () =>
      flow(
        { auth: 'JWT_KEY=keys/private.pem\n', api: 'JWT_KEY=keys/public.pem\n' },
        { 'auth/keys/private.pem': k.rsaPrivate, 'api/keys/public.pem': k.rsaOldPublic },
      ),
    expect: [{ messageId: 'keyMismatch', services: ['api', 'auth'] }],
  },
  {
    name: 'RS256 inline PEM against a JWKS file, one verifier stale',
    files: () =>
      flow(
        { auth: pem('JWT_KEY', k.rsaPrivate) + 'JWT_KID=rsa-1\n', api: 'JWT_KEY=jwks.json\n', ws: 'JWT_KEY=jwks.json\n' },
        { 'api/jwks.json': k.rsaJwks, 'ws/jwks.json': k.rsaOldJwks },
      ),
    expect: [{ messageId: 'keyMismatch', services: ['auth', 'ws'] }],
  },
  {
    name: 'ES256 JWK against a JWKS with the right kid',
    files: () => flow({ auth: `JWT_KEY='${k.ecPrivateJwk}'\nJWT_KID=ec-2026\n`, api: `JWT_KEY='${k.ecJwks}'\n` }),
    expect: [],
  },
  {
    name: 'ES256 JWKS without the kid the issuer signs with',
    files: () => flow({ auth: `JWT_KEY='${k.ecPrivateJwk}'\nJWT_KID=ec-2026\n`, api: `JWT_KEY='${k.ecJwksOtherKid}'\n` }),
    expect: [{ messageId: 'kidNotInJwks', services: ['api', 'auth'] }],
  },
  {
    name: 'an algorithm the verifier does not accept (and an HS512 secret under 64 bytes)',
    files: () => flow({ auth: `JWT_KEY=${HS}\nJWT_ALG=HS512\n`, api: `JWT_KEY=${HS}\nJWT_ALG=HS256\n` }),
    expect: [
      { messageId: 'hsTooShort', services: ['auth'] },
      { messageId: 'algNotAllowed', services: ['api', 'auth'] },
    ],
  },
  {
    name: 'issuer and audience that differ',
    files: () =>
      flow({ auth: `JWT_KEY=${HS}\nJWT_ISS=https://auth.staging\nJWT_AUD=api\n`, api: `JWT_KEY=${HS}\nJWT_ISS=https://auth.prod\nJWT_AUD=billing\n` }),
    expect: [
      { messageId: 'issuerDiffers', services: ['api', 'auth'] },
      { messageId: 'audienceDiffers', services: ['api', 'auth'] },
    ],
  },
  {
    name: 'an HS secret on one side, a public key on the other',
    files: () => flow({ auth: `JWT_KEY=${HS}\n`, api: pem('JWT_KEY', k.rsaPublic) }),
    expect: [{ messageId: 'keyTypeMismatch', services: ['api', 'auth'] }],
  },
  {
    name: 'a verifier without a key',
    files: () => flow({ auth: `JWT_KEY=${HS}\n`, api: 'OTHER=1\n' }),
    expect: [{ messageId: 'missingKey', services: ['api', 'auth'] }],
  },
  {
    name: 'an issuer whose key is a public key, with nothing to sign with',
    files: () => flow({ auth: pem('JWT_KEY', k.rsaPublic), api: pem('JWT_KEY', k.rsaPublic) }),
    expect: [{ messageId: 'unreadableKey', services: ['auth'] }],
  },
  {
    name: 'a JWKS URL, offline: a warning, not fetched',
    files: () => flow({ auth: `${pem('JWT_KEY', k.rsaPrivate)}JWT_KID=rsa-1\n`, api: 'JWT_KEY=http://127.0.0.1:9/.well-known/jwks.json\n' }),
    expect: [{ messageId: 'offlineJwks', services: ['api', 'auth'], severity: 'warning' }],
  },
  {
    name: 'everything agrees on paper, but the token does not verify (RS256 named for an EC key): the probe says so',
    files: () => flow({ auth: `JWT_KEY='${k.ecPrivateJwk}'\nJWT_KID=ec-2026\nJWT_ALG=RS256\n`, api: `JWT_KEY='${k.ecJwks}'\nJWT_ALG=RS256\n` }),
    expect: [{ messageId: 'probeFailed', services: ['api', 'auth'] }],
  },
]);

describe('jwt-compat', () => {
  it('points a missing key at the manifest declaring it', async () => {
    const report = await checkFiles(flow({ auth: `JWT_KEY=${HS}\n`, api: 'OTHER=1\n' }));
    expect(byRule(report, 'jwt-compat')[0]!.locations).toEqual(['auth@auth/.env:1', 'api@concord.yaml:25']);
  });

  it('shows HS secrets by fingerprint and asymmetric keys by RFC 7638 thumbprint, never the key', async () => {
    const report = await checkFiles(
      flow(
        { auth: 'JWT_KEY=keys/private.pem\n', api: 'JWT_KEY=keys/public.pem\n' },
        { 'auth/keys/private.pem': k.rsaPrivate, 'api/keys/public.pem': k.rsaOldPublic },
      ),
    );
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
    const server = createServer((_req, res) => {
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
