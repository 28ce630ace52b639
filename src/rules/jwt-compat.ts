import type { JSONWebKeySet } from 'jose';
import { defaultAlg, publicKeyOf, readKeyMaterial, type KeyMaterial } from '../auth/material.js';
import type { ResolvedSetting } from '../model.js';
import { defineRule, type MessageIdOf } from './define.js';
import { missing, observe, type Observation, type RuleContext } from './types.js';

let jose: typeof import('jose') | undefined;

/** Minimum HS secret sizes (bytes) for each algorithm, as RFC 7518 §3.2 asks. */
export const HS_MIN_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };

/**
 * Tokens minted by the issuer verify at every verifier: the key material matches (HS secrets by
 * a real sign/verify probe and fingerprints, asymmetric keys by RFC 7638 thumbprints and a probe),
 * the algorithm is allowed, issuer and audience agree.
 */
export default defineRule({
  meta: {
    id: 'jwt-compat',
    description:
      'Tokens minted by the issuer verify at every verifier: same key material (fingerprints, RFC 7638 thumbprints, a real sign/verify probe), allowed algorithm, issuer and audience.',
    severity: 'error',
    options: {
      description: 'Options of the jwt-compat rule: tokens the issuer signs verify at every verifier.',
      required: ['issuer', 'verifiers', 'key'],
      properties: {
        issuer: { type: 'string', minLength: 1, description: 'The service that signs.' },
        verifiers: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 }, description: 'The services that verify.' },
        key: { type: 'string', minLength: 1, description: 'Setting holding an HS secret, a PEM or JWK key, a JWKS (inline or a file), or a JWKS URL.' },
        alg: {
          type: 'string',
          minLength: 1,
          description: 'Setting (or literal) with the algorithm: the issuer signs with the first, verifiers accept a comma-separated list.',
        },
        iss: { type: 'string', minLength: 1, description: 'Setting (or literal) with the issuer claim.' },
        aud: { type: 'string', minLength: 1, description: 'Setting (or literal) with the audience.' },
        kid: { type: 'string', minLength: 1, description: 'Setting (or literal) with the key id the issuer puts in the header.' },
      },
    },
    names: {
      issuer: 'service',
      verifiers: 'services',
      key: 'setting',
      alg: 'setting-or-literal',
      iss: 'setting-or-literal',
      aud: 'setting-or-literal',
      kid: 'setting-or-literal',
    },
    judgesTogether: true,
    messages: {
      missingKey: '{{service}} has no {{key}} to {{role}} tokens with',
      unreadableKey: "{{service}}'s {{key}} cannot be used: {{reason}}",
      offlineJwks: '{{service}} verifies with a JWKS URL, which is only fetched online',
      hsTooShort: '{{service}} signs {{alg}} tokens with a secret of {{bytes}} bytes; {{alg}} needs at least {{min}}',
      secretDiffers: 'tokens {{issuer}} signs with {{key}} fail at {{verifier}}: the HS secrets differ',
      keyMismatch: "tokens {{issuer}} signs fail at {{verifier}}: its key ({{verifierThumb}}) is not the public half of {{issuer}}'s ({{issuerThumb}})",
      kidNotInJwks: "{{verifier}}'s JWKS has no key with kid {{kid}}, which {{issuer}} signs with",
      keyTypeMismatch: '{{issuer}} signs with {{issuerType}} but {{verifier}} verifies with {{verifierType}}',
      algNotAllowed: '{{issuer}} signs with {{alg}}, which {{verifier}} does not accept ({{allowed}})',
      issuerDiffers: '{{issuer}} issues tokens as {{iss}} but {{verifier}} expects {{expected}}',
      audienceDiffers: '{{issuer}} issues tokens for {{aud}} but {{verifier}} expects {{expected}}',
      probeFailed: 'a token {{issuer}} signs does not verify at {{verifier}} ({{code}})',
    },
    docs: {
      what: `Tokens minted by the \`issuer\` verify at every one of the \`verifiers\`: the same key material (compared by fingerprint and RFC 7638 thumbprint, then proven by a real sign/verify probe), an algorithm the verifiers accept, and the issuer, audience and key id they expect.`,
      why: `A JWT mismatch (another secret, RS256 against HS256, a wrong audience) passes every health check and fails every authenticated request after the deploy.`,
      failing: {
        'concord.yaml': `version: 1
services:
  auth:
    env: [auth/.env]
    settings: { jwt_secret: [JWT_SECRET] }
  backend:
    env: [backend/.env]
    settings: { jwt_secret: [JWT_SECRET] }
rules:
  - rule: jwt-compat
    issuer: auth
    verifiers: [backend]
    key: jwt_secret
    alg: HS256
`,
        'auth/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
        'backend/.env': 'JWT_SECRET=Zr4Tq9Wv2Xs7Mn1Lb8Kc3Jd6Hf0Gp5Ea\n',
      },
      passing: {
        'backend/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
      },
      fix: `Give the verifiers the issuer's key (the same secret for HS*, the public key or JWKS for RS*/ES*) and accept the issuer's algorithm, issuer and audience; the message names the part that differs.`,
    },
  },
  async check(ctx) {
    const o = ctx.options;
    ctx.cover(`${o.key} ${o.issuer} → ${o.verifiers.join(', ')}`);
    // jose is loaded only by runs that have a token flow to prove.
    jose ??= await import('jose');
    const subject = `${o.issuer} → ${o.verifiers.join(', ')}`;
    const resolved = (service: string) => ctx.model.services.get(service)?.settings.get(o.key);
    const param = (service: string, name: string | undefined) => {
      if (!name) return undefined;
      const s = ctx.model.services.get(service)?.settings.get(name);
      return s ? s.value : name;
    };
    const report = (messageId: MessageIdOf<typeof ctx>, data: Record<string, string | number>, observations: Observation[], severity?: 'warning') =>
      ctx.report({ messageId, setting: o.key, subject, data: { key: o.key, ...data }, observations, ...(severity ? { severity } : {}) });

    // A pre-commit run loads only what a change touches: a flow it did not load is not checked.
    if (!ctx.model.services.has(o.issuer)) return;
    const ri = resolved(o.issuer);
    if (!ri || ri.linkIndex === null || ri.value === undefined) {
      report('missingKey', { service: o.issuer, role: 'sign' }, [
        missing(ctx.model.services.get(o.issuer)!, { via: o.key, note: 'not set', declaredAt: ri?.declaredAt }),
      ]);
      return;
    }
    const ki = await material(ctx, ri);
    if (ki.kind === 'unreadable' || ki.kind === 'jwks' || ki.kind === 'public' || ki.kind === 'certificate') {
      const reason = ki.kind === 'unreadable' ? ki.reason : `it holds ${describe(ki)}, not something to sign with`;
      report('unreadableKey', { service: o.issuer, reason }, [await row(ctx, ri, ki)]);
      return;
    }
    const alg = firstOf(param(o.issuer, o.alg)) ?? defaultAlg(ki)!;
    const iss = param(o.issuer, o.iss);
    const aud = listOf(param(o.issuer, o.aud));
    const kid = param(o.issuer, o.kid);
    const issuerRow = await row(ctx, ri, ki);
    if (ki.kind === 'secret' && HS_MIN_BYTES[alg] && ki.bytes.length < HS_MIN_BYTES[alg]!) {
      report('hsTooShort', { service: o.issuer, alg, bytes: ki.bytes.length, min: HS_MIN_BYTES[alg]! }, [issuerRow]);
    }
    const issuerThumb = ki.kind === 'private' ? await thumbprint(ki) : undefined;

    for (const verifier of o.verifiers) {
      if (!ctx.model.services.has(verifier)) continue;
      const rv = resolved(verifier);
      if (!rv || rv.linkIndex === null || rv.value === undefined) {
        report('missingKey', { service: verifier, role: 'verify' }, [
          issuerRow,
          missing(ctx.model.services.get(verifier)!, { via: o.key, note: 'not set', declaredAt: rv?.declaredAt }),
        ]);
        continue;
      }
      const kvOrUrl = await readKeyMaterial(rv.value, verifier, ctx.io);
      if (kvOrUrl === 'offline-url') {
        report('offlineJwks', { service: verifier }, [issuerRow, observe(rv, { secret: false, note: 'JWKS URL, not fetched offline' })], 'warning');
        continue;
      }
      const kv = kvOrUrl;
      const verifierRow = await row(ctx, rv, kv);
      const data = { issuer: o.issuer, verifier, alg };
      if (kv.kind === 'unreadable') {
        if (kv.from === 'url') ctx.io.incomplete({ ref: rv.value, services: [verifier], reason: 'jwks', message: `${kv.reason} (used by ${verifier})` });
        else report('unreadableKey', { service: verifier, reason: kv.reason }, [verifierRow]);
        continue;
      }
      const configured = listOf(param(verifier, o.alg));
      const allowed = configured ?? [defaultAlg(kv) ?? alg];
      const problems: [MessageIdOf<typeof ctx>, Record<string, string | number>][] = [];
      // An allow-list inferred from the verifier's key only restates a key type mismatch.
      const typesMatch = (ki.kind === 'secret') === (kv.kind === 'secret');
      if (!allowed.includes(alg) && (configured || typesMatch)) problems.push(['algNotAllowed', { ...data, allowed: allowed.join(', ') }]);
      const expectedIss = o.iss ? param(verifier, o.iss) : undefined;
      if (expectedIss !== undefined && expectedIss !== iss) problems.push(['issuerDiffers', { ...data, iss: iss ?? '(none)', expected: expectedIss }]);
      const expectedAud = o.aud ? listOf(param(verifier, o.aud)) : undefined;
      if (expectedAud && !expectedAud.some((a) => aud?.includes(a)))
        problems.push(['audienceDiffers', { ...data, aud: aud?.join(', ') ?? '(none)', expected: expectedAud.join(', ') }]);

      const issuerType = ki.kind === 'secret' ? 'an HS secret' : 'a private key';
      if (ki.kind === 'secret' && kv.kind !== 'secret') problems.push(['keyTypeMismatch', { ...data, issuerType, verifierType: describe(kv) }]);
      else if (ki.kind === 'private' && kv.kind === 'secret') problems.push(['keyTypeMismatch', { ...data, issuerType, verifierType: describe(kv) }]);
      else if (ki.kind === 'secret' && kv.kind === 'secret') {
        if (Buffer.compare(Buffer.from(ki.bytes), Buffer.from(kv.bytes)) !== 0) problems.push(['secretDiffers', data]);
      } else if (ki.kind === 'private') {
        if (kv.kind === 'jwks') {
          if (kid && !kv.keys.some((k) => k.kid === kid)) problems.push(['kidNotInJwks', { ...data, kid }]);
          else {
            const candidates = kv.keys.filter((k) => !kid || k.kid === kid);
            const thumbs = await Promise.all(candidates.map((k) => jose!.calculateJwkThumbprint(k as never).catch(() => '')));
            if (!thumbs.includes(issuerThumb!))
              problems.push(['keyMismatch', { ...data, issuerThumb: short(issuerThumb!), verifierThumb: thumbs.map(short).join(', ') || 'none' }]);
          }
        } else {
          const tv = await thumbprint(kv);
          if (tv !== issuerThumb) problems.push(['keyMismatch', { ...data, issuerThumb: short(issuerThumb!), verifierThumb: short(tv ?? 'none') }]);
        }
      }
      for (const [messageId, d] of problems) report(messageId, d, [issuerRow, verifierRow]);
      if (problems.length > 0) continue;

      // Everything agrees on paper: prove it with a real token.
      const code = await probe(ki, kv, { alg, kid, iss, aud, allowed, expectedIss, expectedAud, now: ctx.io.now });
      if (code) report('probeFailed', { ...data, code }, [issuerRow, verifierRow]);
    }
  },
});

async function material(ctx: RuleContext<unknown>, r: ResolvedSetting): Promise<KeyMaterial> {
  const m = await readKeyMaterial(r.value!, r.service, ctx.io);
  return m === 'offline-url' ? { kind: 'unreadable', reason: 'a URL is not a signing key', from: 'url' } : m;
}

/**
 * A row for a key: an HS secret by its fingerprint; asymmetric material by its RFC 7638 thumbprint
 * (public, so shown as the value — never the PEM or JWK itself).
 */
async function row(ctx: RuleContext<unknown>, r: ResolvedSetting, m: KeyMaterial): Promise<Observation> {
  const file = m.from !== 'inline' && m.from !== 'url' ? m.from : undefined;
  const note = [describe(m), file ? `in ${file}` : undefined].filter(Boolean).join(' ');
  if (m.kind === 'secret') return observe(r, { secret: true, ...ctx.fingerprint(m.text), note });
  const shown =
    m.kind === 'jwks'
      ? `jwks: ${m.keys.map((k) => (typeof k.kid === 'string' ? k.kid : '?')).join(', ')}`
      : m.kind === 'unreadable'
        ? undefined
        : short((await thumbprint(m)) ?? '');
  return observe(r, { secret: shown === undefined, value: shown, digest: undefined, fingerprint: undefined, note });
}

function describe(m: KeyMaterial): string {
  switch (m.kind) {
    case 'secret':
      return 'an HS secret';
    case 'private':
      return `a private ${m.key.asymmetricKeyType} key`;
    case 'public':
      return `a public ${m.key.asymmetricKeyType} key`;
    case 'jwks':
      return `a JWKS of ${m.keys.length} key${m.keys.length === 1 ? '' : 's'}`;
    case 'certificate':
      return 'a certificate';
    default:
      return 'unreadable material';
  }
}

async function thumbprint(m: KeyMaterial): Promise<string | undefined> {
  const pub = publicKeyOf(m);
  return pub ? jose!.calculateJwkThumbprint(await jose!.exportJWK(pub)) : undefined;
}

function short(t: string): string {
  return `jwk:${t.slice(0, 16)}`;
}

function firstOf(v: string | undefined): string | undefined {
  return listOf(v)?.[0];
}

function listOf(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = v.split(/[,\s]+/).filter(Boolean);
  return list.length ? list : undefined;
}

async function probe(
  ki: KeyMaterial,
  kv: KeyMaterial,
  p: { alg: string; kid?: string; iss?: string; aud?: string[]; allowed: string[]; expectedIss?: string; expectedAud?: string[]; now: Date },
): Promise<string | undefined> {
  try {
    const signKey = ki.kind === 'secret' ? ki.bytes : ki.kind === 'private' ? ki.key : undefined;
    if (!signKey) return 'no signing key';
    const now = Math.floor(p.now.getTime() / 1000);
    let jwt = new jose!.SignJWT({ probe: 'concord' })
      .setProtectedHeader({ alg: p.alg, ...(p.kid ? { kid: p.kid } : {}) })
      .setIssuedAt(now)
      .setExpirationTime(now + 120);
    if (p.iss) jwt = jwt.setIssuer(p.iss);
    if (p.aud) jwt = jwt.setAudience(p.aud);
    const token = await jwt.sign(signKey);
    const options = {
      algorithms: p.allowed,
      currentDate: p.now,
      ...(p.expectedIss ? { issuer: p.expectedIss } : {}),
      ...(p.expectedAud ? { audience: p.expectedAud } : {}),
    };
    if (kv.kind === 'jwks') await jose!.jwtVerify(token, jose!.createLocalJWKSet({ keys: kv.keys } as JSONWebKeySet), options);
    else {
      const key = kv.kind === 'secret' ? kv.bytes : publicKeyOf(kv);
      if (!key) return 'no verification key';
      await jose!.jwtVerify(token, key, options);
    }
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).name ?? 'error';
  }
}
