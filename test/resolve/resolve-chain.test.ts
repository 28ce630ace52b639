import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../../src/fingerprint.js';
import type { SettingSpec } from '../../src/manifest/types.js';
import type { ChainLink, Entry } from '../../src/model.js';
import { resolveChain, type ChainContext } from '../../src/resolve/resolve-chain.js';
import { isSecretName } from '../../src/resolve/secret-names.js';

function ctx(env: Record<string, string>, settings: Record<string, ChainLink[]>, opts: { secret?: boolean } = {}): ChainContext {
  const vars = new Map<string, Entry[]>(
    Object.entries(env).map(([k, v], i) => [k, [{ key: k, value: v, source: { kind: 'dotenv', file: '.env', line: i + 1 } }]]),
  );
  const specs = new Map<string, SettingSpec>(Object.entries(settings).map(([k, chain]) => [k, { chain, secret: opts.secret, line: 10 }]));
  return {
    service: 'svc',
    vars,
    specs,
    fingerprinter: new Fingerprinter('k'),
    isSecretName: (n) => isSecretName(n),
    manifestFile: 'concord.yaml',
    resolved: new Map(),
  };
}
const v = (name: string): ChainLink => ({ kind: 'var', name });
const lit = (value: string, line = 12): ChainLink => ({ kind: 'literal', value, line });

describe('resolveChain', () => {
  it('takes the first link that is set, and says which one (incident 1)', () => {
    const r = resolveChain(ctx({ JWT_SECRET_KEY: 'k2' }, { jwt_secret: [v('JWT_SECRET_STAGING'), v('JWT_SECRET_KEY'), lit('fallback')] }), 'jwt_secret');
    expect(r).toMatchObject({
      linkIndex: 1,
      value: 'k2',
      via: 'JWT_SECRET_KEY',
      secret: true,
      literalLinks: [2],
      source: { kind: 'dotenv', file: '.env', line: 1 },
    });
  });

  it('falls through empty values like `a or b`', () => {
    const r = resolveChain(ctx({ A: '', B: 'b' }, { s: [v('A'), v('B')] }), 's');
    expect(r.via).toBe('B');
  });

  it('ends on a literal with the manifest line as its source', () => {
    const r = resolveChain(ctx({}, { port: [v('PORT'), lit('8080', 33)] }), 'port');
    expect(r).toMatchObject({ linkIndex: 1, value: '8080', via: 'literal', secret: false, source: { kind: 'literal', file: 'concord.yaml', line: 33 } });
  });

  it('resolves nothing when no link is set', () => {
    const r = resolveChain(ctx({}, { s: [v('A')] }), 's');
    expect(r.linkIndex).toBeNull();
    expect(r.value).toBeUndefined();
  });

  it('follows {setting} links to another setting of the service', () => {
    const r = resolveChain(ctx({ B: 'x' }, { a: [{ kind: 'setting', name: 'b' }], b: [v('B')] }), 'a');
    expect(r).toMatchObject({ value: 'x', via: 'B', linkIndex: 0 });
  });

  it('treats a secret reference as a secret compared by identity', () => {
    const c = ctx({ JWT: 'aws-sm://staging/auth#JWT' }, { token: [v('JWT')] });
    const r = resolveChain(c, 'token');
    expect(r).toMatchObject({ secret: true, ref: 'aws-sm://staging/auth#JWT' });
    expect(r.digest).not.toBe(c.fingerprinter.digest('aws-sm://staging/auth#JWT'));
  });

  it('is deterministic and always returns the first non-empty link', () => {
    const names = ['A', 'B', 'C', 'D'];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.string({ maxLength: 4 })),
        fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }),
        (env, chainNames) => {
          const chain = chainNames.map(v);
          const a = resolveChain(ctx(env, { s: chain }), 's');
          const b = resolveChain(ctx(env, { s: chain }), 's');
          expect(a.value).toBe(b.value);
          expect(a.digest).toBe(b.digest);
          const expected = chainNames.findIndex((n) => (env[n] ?? '') !== '');
          expect(a.linkIndex).toBe(expected === -1 ? null : expected);
        },
      ),
    );
  });
});
