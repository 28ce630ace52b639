import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { parseConfig } from '../../src/sources/config.js';

describe('parseConfig', () => {
  it('flattens YAML to dotted keys with the line of each value', () => {
    const entries = parseConfig('server:\n  port: 8080\n  hosts:\n    - a\n    - b\nflag: true\nempty:\n', 'c.yaml');
    expect(entries.map((e) => [e.key, e.value, e.source.line])).toEqual([
      ['server.port', '8080', 2],
      ['server.hosts[0]', 'a', 4],
      ['server.hosts[1]', 'b', 5],
      ['flag', 'true', 6],
      ['empty', '', 7],
    ]);
  });

  it('reads JSON with lines too', () => {
    const entries = parseConfig('{\n  "db": {\n    "url": "postgres://h/db"\n  }\n}\n', 'c.json');
    expect(entries).toEqual([{ key: 'db.url', value: 'postgres://h/db', source: { kind: 'config', file: 'c.json', line: 3 } }]);
  });

  it('follows anchors and merge keys', () => {
    const entries = parseConfig('base: &b\n  port: 1\nsvc:\n  <<: *b\n  host: h\n', 'c.yaml');
    expect(entries.filter((e) => e.key.startsWith('svc.')).map((e) => [e.key, e.value])).toEqual([
      ['svc.port', '1'],
      ['svc.host', 'h'],
    ]);
  });

  it.each([
    ['malformed YAML', 'a: [1, 2\nb: 3\n', 'c.yaml'],
    ['malformed JSON', '{"a": 1,,}', 'c.json'],
    ['JSON that only YAML accepts', '{\n  "a":\n}', 'c.json'],
    ['a duplicate key', 'a: 1\na: 2\n', 'c.yaml'],
  ])('refuses %s with file and line', (_n, text, file) => {
    expect(() => parseConfig(text, file)).toThrow(SourceError);
    try {
      parseConfig(text, file);
    } catch (err) {
      const p = (err as SourceError).problems[0]!;
      expect(p.file).toBe(file);
      expect(p.line).toBeGreaterThan(0);
    }
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    expect(() => parseConfig(bomb, 'bomb.yaml')).toThrow(/alias bomb/);
  });

  it('never crashes on random YAML-ish text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', '&', '*', '"', '#', '1', '<', ','), maxLength: 60 }),
        (text) => {
          try {
            const a = parseConfig(text, 'x.yaml');
            expect(parseConfig(text, 'x.yaml')).toEqual(a);
          } catch (err) {
            expect(err).toBeInstanceOf(SourceError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
