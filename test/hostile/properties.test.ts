import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskCredentials } from '../../src/present/credentials.js';
import { makeScrubber } from '../../src/pipeline/mask.js';
import { ConcordError, SourceError } from '../../src/errors.js';
import { Fingerprinter } from '../../src/fingerprint.js';
import type { Entry } from '../../src/model.js';
import { expandVars } from '../../src/resolve/expand.js';
import { parseConfig } from '../../src/sources/config.js';
import { parseDotenv } from '../../src/sources/dotenv.js';

/**
 * Generated hostile input for the parsers, interpolation, masking and fingerprints. Under CI the
 * runs add up to well over 10,000 cases; on a developer's machine a tenth of that.
 */
const RUNS = process.env.CI === 'true' || process.env.CI === '1' ? 2_000 : 200;
const CANARY = 'Zq9CANARY';

/** Characters a URL password may hold without ending the URL (no whitespace, quotes, brackets). */
const pwChar = fc.constantFrom(...'abcXYZ019/@:;?#&=%+-_.~!$*,()'.split(''));
const password = fc.string({ unit: pwChar, minLength: 0, maxLength: 20 }).map((s) => `${CANARY}${s}`);

describe('masking', () => {
  it('a scrubbed text never holds a secret of 8 characters or more, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 8, maxLength: 64 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }),
        (secrets, fillers) => {
          const text = fillers.map((f, i) => f + secrets[i % secrets.length]).join('') + secrets.join('|');
          const out = makeScrubber(new Set(secrets))(text);
          // Longest first: a secret inside a longer one is masked with it.
          for (const s of secrets) if (!secrets.some((o) => o !== s && o.includes(s))) expect(out.includes(s)).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('in a value even a short secret is masked; in a name it is left alone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4,7}$/), (word) => {
        const scrub = makeScrubber(new Set([word]));
        expect(scrub(`x${word}y`, true)).not.toContain(word);
        expect(scrub(`services/${word}/.env`)).toBe(`services/${word}/.env`);
        expect(scrub(`is ${word}.`.replace('.', ' '))).not.toContain(` ${word} `);
      }),
      { numRuns: RUNS },
    );
  });

  it('overlapping secrets are masked together, no piece of either left', () => {
    const scrub = makeScrubber(new Set(['abcdefgh1', 'bcdefgh12345678', 'abcd', 'zzzz']));
    expect(scrub('<abcdefgh12345678>')).toBe('<[masked]>');
    expect(scrub('x abcd y abcdefgh1 z', true)).toBe('x [masked] y [masked] z');
    expect(scrub('zzzzzzzz', true)).toBe('[masked]');
    expect(scrub('no secret')).toBe('no secret');
  });

  it('a secret of 64 KiB among thousands does not make masking fail', () => {
    const big = `${CANARY}${'x'.repeat(64 * 1024)}`;
    const secrets = new Set([big, ...Array.from({ length: 5000 }, (_, i) => `${CANARY}-${i}-secret`)]);
    const out = makeScrubber(secrets)(`a ${big} b ${CANARY}-42-secret c`);
    expect(out).toBe('a [masked] b [masked] c');
  });

  it('URL credentials are masked whatever the password holds: /, @, :, ?, #', () => {
    fc.assert(
      fc.property(
        password,
        fc.constantFrom('postgres', 'https', 'redis', 'mongodb+srv', 'amqp'),
        fc.constantFrom('', '/db', '/p/a?x=1', ':5432/db'),
        (pw, scheme, rest) => {
          const url = `${scheme}://app:${pw}@db.example.com${rest}`;
          const out = maskCredentials(url);
          expect(out).not.toContain(CANARY);
          expect(out).toContain('db.example.com');
          expect(maskCredentials(`${scheme}://${pw.replace(/[@:/?#]/g, '')}@db.example.com${rest}`)).not.toContain(CANARY);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('query and connection-string credentials are masked', () => {
    const value = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~+/'.split('')), maxLength: 16 }).map((s) => `${CANARY}${s}`);
    fc.assert(
      fc.property(value, fc.constantFrom('password', 'token', 'sig', 'access_token', 'api_key', 'Password', 'PWD'), (v, key) => {
        expect(maskCredentials(`https://h.example/p?a=1&${key}=${v}&b=2`)).not.toContain(CANARY);
        expect(maskCredentials(`Server=db;User Id=app;${key}=${v};Encrypt=true`)).not.toContain(CANARY);
        expect(maskCredentials(`host=db ${key}=${v} dbname=x`)).not.toContain(CANARY);
        expect(maskCredentials(`host=db ${key}='${v} ${v}' dbname=x`)).not.toContain(CANARY);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parsers on hostile text', () => {
  const unit = fc.constantFrom(
    'a',
    'k',
    ':',
    ' ',
    '\n',
    '-',
    '[',
    ']',
    '{',
    '}',
    '&',
    '*',
    '"',
    "'",
    '#',
    '1',
    '<',
    '>',
    '|',
    '%',
    '@',
    '`',
    ',',
    '=',
    '$',
    '\\',
    '\t',
    '\ufeff',
    CANARY,
  );

  it('YAML and JSON: a result or a SourceError with a line, never another exception, never a quoted token', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), fc.constantFrom('c.yaml', 'c.json'), (text, file) => {
        try {
          parseConfig(text, file);
        } catch (err) {
          expect(err).toBeInstanceOf(SourceError);
          expect((err as SourceError).message).not.toContain(CANARY);
          for (const p of (err as SourceError).problems) expect(p.file).toBe(file);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('dotenv: a result or a SourceError, never another exception, never a quoted value', () => {
    // Keys are names and errors may name them; the canary stands only where values do.
    const valueUnit = fc.constantFrom('a', ' ', '"', "'", '`', '#', '=', '$', '{', '}', '\\', '\t', CANARY);
    const line = fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), fc.string({ unit: valueUnit, maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const text = lines.map(([k, v]) => `${k}=${v}`).join('\n');
        try {
          parseDotenv(text, '.env');
        } catch (err) {
          expect(err).toBeInstanceOf(SourceError);
          expect((err as SourceError).message).not.toContain(CANARY);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('interpolation', () => {
  it('any graph of references ends: expanded within the limits, or a SourceError naming a file and line', () => {
    const name = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
    const part = fc.oneof(
      fc.constant('x'),
      fc.constant(CANARY),
      name.map((n) => `\${${n}}`),
      name.map((n) => `\${${n}:-d}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.array(part, { maxLength: 6 })), { maxLength: 10 }), (defs) => {
        const vars = new Map<string, Entry[]>();
        defs.forEach(([n, parts], i) => vars.set(n, [{ key: n, value: parts.join(''), source: { kind: 'dotenv', file: '.env', line: i + 1 } }]));
        try {
          expandVars(vars);
          for (const list of vars.values()) expect(list.at(-1)!.value.length).toBeLessThanOrEqual(1024 * 1024);
        } catch (err) {
          expect(err).toBeInstanceOf(ConcordError);
          expect((err as ConcordError).message).not.toContain(CANARY);
          expect((err as ConcordError).problems[0]!.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fingerprints', () => {
  it('equal values, equal fingerprints; different values, different digests; never the value', () => {
    const fp = new Fingerprinter('property-key');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(fp.fingerprint(a)).toBe(fp.fingerprint(a));
        if (a !== b) expect(fp.digest(a)).not.toBe(fp.digest(b));
        expect(fp.fingerprint(a)).toMatch(/^hmac:[0-9a-f]+$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('what is not a credential', () => {
  it('URLs without userinfo keep their text, an @ in the path included', () => {
    for (const url of ['https://registry.npmjs.org/@scope/pkg', 'https://example.com/path@v2', 'http://db:5432/app', 'https://h.example/?q=1&page=2']) {
      expect(maskCredentials(url)).toBe(url);
    }
  });
});
