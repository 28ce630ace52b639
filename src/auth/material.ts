import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';

/** What a key setting's value turned out to hold. Never printed: only kinds, thumbprints, fingerprints. */
export type KeyMaterial =
  | { kind: 'secret'; bytes: Uint8Array; text: string; from: string }
  | { kind: 'private'; key: KeyObject; from: string }
  | { kind: 'public'; key: KeyObject; from: string }
  | { kind: 'jwks'; keys: Record<string, unknown>[]; from: string }
  | { kind: 'certificate'; cert: X509Certificate; from: string }
  | { kind: 'unreadable'; reason: string; from: string };

/**
 * What reading key material needs from the world: the part of a rule's io it uses (declared here
 * so that this lower layer does not import the rules' types; a RuleIo is one).
 */
export interface KeyMaterialIo {
  readFile(service: string, file: string): { text: string; file: string } | undefined;
  fetchText?: (url: string) => Promise<{ ok: true; text: string } | { ok: false; reason: string }>;
}

/**
 * A setting's value as key material: inline PEM, JWK or JWKS JSON, a file path relative to the
 * service's root holding one of those, a JWKS URL (online only), or else a raw HS secret.
 */
export async function readKeyMaterial(value: string, service: string, io: KeyMaterialIo): Promise<KeyMaterial | 'offline-url'> {
  const v = value.trim();
  if (/^https?:\/\//i.test(v)) {
    if (!io.fetchText) return 'offline-url';
    const r = await io.fetchText(v);
    if (!r.ok) return { kind: 'unreadable', reason: `the JWKS at ${v} ${r.reason}`, from: 'url' };
    return parseInline(r.text, 'url') ?? { kind: 'unreadable', reason: `${v} does not serve a JWKS`, from: 'url' };
  }
  const inline = parseInline(v, 'inline');
  if (inline) return inline;
  if (looksLikePath(v)) {
    const f = io.readFile(service, v);
    if (f) return parseInline(f.text, f.file) ?? { kind: 'unreadable', reason: `${f.file} holds no PEM key, certificate, JWK or JWKS`, from: f.file };
  }
  return { kind: 'secret', bytes: new TextEncoder().encode(value), text: value, from: 'inline' };
}

function looksLikePath(v: string): boolean {
  return !/\s/.test(v) && /[/\\]|\.(pem|crt|cer|key|jwk|jwks|json)$/i.test(v);
}

function parseInline(text: string, from: string): KeyMaterial | undefined {
  const t = text.trim();
  if (t.includes('-----BEGIN')) {
    try {
      if (/-----BEGIN CERTIFICATE-----/.test(t)) return { kind: 'certificate', cert: new X509Certificate(firstPem(t, 'CERTIFICATE')), from };
      if (/PRIVATE KEY-----/.test(t)) return { kind: 'private', key: createPrivateKey(t), from };
      if (/PUBLIC KEY-----/.test(t)) return { kind: 'public', key: createPublicKey(t), from };
    } catch {
      return { kind: 'unreadable', reason: `${from === 'inline' ? 'the value' : from} is not a readable PEM`, from };
    }
    return { kind: 'unreadable', reason: `${from === 'inline' ? 'the value' : from} holds an unknown PEM block`, from };
  }
  if (t.startsWith('{')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(t);
    } catch {
      return undefined;
    }
    if (Array.isArray(json.keys)) return { kind: 'jwks', keys: json.keys as Record<string, unknown>[], from };
    if (typeof json.kty === 'string') {
      try {
        const key = json.d !== undefined ? createPrivateKey({ key: json as never, format: 'jwk' }) : createPublicKey({ key: json as never, format: 'jwk' });
        return json.d !== undefined ? { kind: 'private', key, from } : { kind: 'public', key, from };
      } catch {
        if (json.kty === 'oct' && typeof json.k === 'string') return { kind: 'secret', bytes: Buffer.from(json.k, 'base64url'), text: json.k, from };
        return { kind: 'unreadable', reason: 'a JWK that cannot be imported', from };
      }
    }
  }
  return undefined;
}

function firstPem(text: string, label: string): string {
  const m = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`).exec(text);
  return m ? m[0] : text;
}

/** The public half of a key or certificate, when there is one. */
export function publicKeyOf(m: KeyMaterial): KeyObject | undefined {
  if (m.kind === 'public') return m.key;
  if (m.kind === 'private') return createPublicKey(m.key);
  if (m.kind === 'certificate') return m.cert.publicKey;
  return undefined;
}

/** The JWS algorithm a key implies, when the manifest does not name one. */
export function defaultAlg(m: KeyMaterial): string | undefined {
  const key = m.kind === 'private' || m.kind === 'public' ? m.key : m.kind === 'certificate' ? m.cert.publicKey : undefined;
  if (m.kind === 'secret') return 'HS256';
  if (!key) return undefined;
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') {
    const crv = key.asymmetricKeyDetails?.namedCurve;
    return crv === 'secp384r1' ? 'ES384' : crv === 'secp521r1' ? 'ES512' : 'ES256';
  }
  return undefined;
}
