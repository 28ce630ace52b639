import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainsOfSource } from '../../src/code/parse.js';
import type { CodeLink, Language } from '../../src/code/types.js';

const shape = (l: CodeLink) => (l.kind === 'var' ? l.name : l.kind === 'literal' ? `'${l.value}'` : `ref:${l.ref}`);

async function chains(language: Language, src: string) {
  const r = await chainsOfSource(src, `f.${language}`, language);
  return r.chains.map((c) => ({
    line: c.line,
    links: c.links.map(shape),
    ...(c.function ? { fn: c.function } : {}),
    ...(c.target ? { target: c.target } : {}),
  }));
}

describe('Python', () => {
  it('reads the incident helper exactly: JWT_SECRET_STAGING → JWT_SECRET_KEY → the literal, on its line', async () => {
    const src = `class Helper:\n    def token(self):\n        staging_jwt_secret = (\n            self.env.get("JWT_SECRET_STAGING") or\n            self.env.get("JWT_SECRET_KEY") or\n            "7SVLKvh7mJNeF6njiRJMoZpUWLya3NfsvJfRHPc0"\n        )\n`;
    const r = await chainsOfSource(src, 'h.py', 'python');
    expect(r.chains).toHaveLength(1);
    expect(r.chains[0]).toMatchObject({
      function: 'token',
      target: 'staging_jwt_secret',
      links: [
        { kind: 'var', name: 'JWT_SECRET_STAGING', line: 4, receiver: 'self.env' },
        { kind: 'var', name: 'JWT_SECRET_KEY', line: 5, receiver: 'self.env' },
        { kind: 'literal', value: '7SVLKvh7mJNeF6njiRJMoZpUWLya3NfsvJfRHPc0', line: 6 },
      ],
    });
  });

  it.each([
    ['os.environ.get', 'a = os.environ.get("A")', ['A']],
    ['os.getenv with a default', 'a = os.getenv("A", "x")', ['A', "'x'"]],
    ['nested defaults', 'a = os.getenv("A", os.getenv("B", "x"))', ['A', 'B', "'x'"]],
    ['or between kinds', 'a = os.environ.get("A") or os.getenv("B", "x")', ['A', 'B', "'x'"]],
    ['a subscript', 'a = os.environ["A"]', ['A']],
    ['from os import getenv', 'a = getenv("A")', ['A']],
    ['config.get on any env-like receiver', 'a = settings.get("A", 3)', ['A', "'3'"]],
    ['a single-quoted default', "a = os.getenv('A', 'x')", ['A', "'x'"]],
    ['a secret reference default', 'a = os.getenv("A", "aws-sm://staging/app#A")', ['A', 'ref:aws-sm://staging/app#A']],
    ['self.config subscript', 'a = self.config["A"]', ['A']],
    ['or with a number', 'a = os.environ.get("PORT") or 8080', ['PORT', "'8080'"]],
  ])('%s', async (_n, src, links) => {
    expect((await chains('python', `import os\n${src}\n`)).map((c) => c.links)).toEqual([links]);
  });

  it.each([
    ['a dict named env in a test', 'env = {"A": 1}\nx = env.get("A")'],
    ['a comment', '# os.getenv("A")'],
    ['a string that mentions it', 'x = "os.getenv(\'A\')"'],
    ['a get on something not env-like', 'x = cache.get("A")'],
    ['a get with a computed key', 'x = os.environ.get(name)'],
  ])('ignores %s', async (_n, src) => {
    expect(await chains('python', `import os\n${src}\n`)).toEqual([]);
  });
});

describe('TypeScript / JavaScript', () => {
  it.each([
    ['process.env member', 'const a = process.env.A;', ['A']],
    ['?? chain', "const a = process.env.A ?? process.env.B ?? 'x';", ['A', 'B', "'x'"]],
    ['|| chain', "const a = process.env.A || 'x';", ['A', "'x'"]],
    ['subscript', "const a = process.env['A'];", ['A']],
    ['import.meta.env', 'const a = import.meta.env.VITE_A;', ['VITE_A']],
    ['mixed ?? and ||', "const a = process.env.A ?? (process.env.B || 'x');", ['A', 'B', "'x'"]],
    ['a number default', 'const p = Number(process.env.PORT ?? 8080);', ['PORT', "'8080'"]],
    ['an empty string default', "const s = process.env.S ?? '';", ['S', "''"]],
    ['a template literal without substitution', 'const a = process.env.A ?? `x`;', ['A', "'x'"]],
    ['inside an object literal', "export const c = { url: process.env.URL || 'http://a:1' };", ['URL', "'http://a:1'"]],
  ])('%s', async (_n, src, links) => {
    expect((await chains('typescript', src)).map((c) => c.links)).toEqual([links]);
  });

  it('reads destructuring with defaults and renames, one chain per variable', async () => {
    expect(await chains('typescript', "const { A = 'x', B, C: c = 'y' } = process.env;")).toEqual([
      { line: 1, links: ['A', "'x'"], target: 'A' },
      { line: 1, links: ['B'], target: 'B' },
      { line: 1, links: ['C', "'y'"], target: 'c' },
    ]);
  });

  it('records the enclosing function', async () => {
    expect(await chains('javascript', 'function load() { return process.env.A; }\nconst f = () => process.env.B;')).toEqual([
      { line: 1, links: ['A'], fn: 'load' },
      { line: 2, links: ['B'], fn: 'f' },
    ]);
  });

  it.each([
    ['a string containing process.env', 'const s = "process.env.A";'],
    ['a comment', '// process.env.A'],
    ['another object named env', 'const env = { A: 1 }; const a = env.A;'],
  ])('ignores %s', async (_n, src) => {
    expect(await chains('typescript', `const x = process.env;\n${src}`)).toEqual([]);
  });
});

describe('Go', () => {
  it.each([
    ['os.Getenv', 'a := os.Getenv("A")', ['A']],
    ['os.LookupEnv', 'a, ok := os.LookupEnv("A")', ['A']],
    ['cmp.Or', 'a := cmp.Or(os.Getenv("A"), os.Getenv("B"), "x")', ['A', 'B', "'x'"]],
    ['a raw string default', 'a := cmp.Or(os.Getenv("A"), `x`)', ['A', "'x'"]],
    ['var declaration', 'var a = os.Getenv("A")', ['A']],
    ['an argument of another call', 'a, _ := strconv.Atoi(os.Getenv("PORT"))', ['PORT']],
    ['a struct field', 'a := Config{Addr: os.Getenv("ADDR")}', ['ADDR']],
    ['cmp.Or over three variables', 'a := cmp.Or(os.Getenv("A"), os.Getenv("B"), os.Getenv("C"))', ['A', 'B', 'C']],
    ['cmp.Or with a constant (not a literal)', 'a := cmp.Or(os.Getenv("A"), defaultA)', ['A']],
    ['LookupEnv in an if', 'if a, ok := os.LookupEnv("A"); ok { _ = a }', ['A']],
  ])('%s', async (_n, src, links) => {
    expect((await chains('go', `package main\nfunc f() {\n${src}\n_ = a\n}\n`)).map((c) => c.links)).toEqual([links]);
  });

  it('reads a return statement and the if-empty idiom with a literal only', async () => {
    expect(
      (
        await chains(
          'go',
          'package main\nfunc a() string { return os.Getenv("A") }\nfunc b() string {\n\tv := os.Getenv("B")\n\tif v == "" {\n\t\tv = "x"\n\t}\n\treturn v\n}\n',
        )
      ).map((c) => c.links),
    ).toEqual([['A'], ['B', "'x'"]]);
  });

  it('follows the if-empty idiom as further links of one chain', async () => {
    const src =
      'package main\nfunc port() string {\n\tp := os.Getenv("PORT")\n\tif p == "" {\n\t\tp = os.Getenv("HTTP_PORT")\n\t}\n\tif p == "" {\n\t\tp = "8080"\n\t}\n\treturn p\n}\n';
    expect(await chains('go', src)).toEqual([{ line: 3, links: ['PORT', 'HTTP_PORT', "'8080'"], fn: 'port', target: 'p' }]);
  });

  it.each([
    ['a string mentioning it', 'a := "os.Getenv(\\"A\\")"'],
    ['another package Getenv', 'a := config.Getenv("A")'],
    ['a computed name', 'a := os.Getenv(name)'],
  ])('ignores %s', async (_n, src) => {
    expect(await chains('go', `package main\nfunc f() {\n_ = os.Getenv\n${src}\n}\n`)).toEqual([]);
  });
});

describe('Ruby', () => {
  it.each([
    ['ENV[]', 'a = ENV["A"]', ['A']],
    ['ENV.fetch with a default', 'a = ENV.fetch("A", "x")', ['A', "'x'"]],
    ['ENV.fetch with a block', 'a = ENV.fetch("A") { "x" }', ['A', "'x'"]],
    ['|| chain', 'a = ENV["A"] || ENV.fetch("B", "x")', ['A', 'B', "'x'"]],
    ['single quotes', "a = ENV['A'] || 'x'", ['A', "'x'"]],
    ['a number default', 'a = ENV.fetch("PORT", 8080)', ['PORT', "'8080'"]],
    ['a nil default (not a literal)', 'a = ENV.fetch("A", nil)', ['A']],
    ['a block with a parameter', 'a = ENV.fetch("A") { |k| "x" }', ['A', "'x'"]],
    ['three links', 'a = ENV["A"] || ENV["B"] || "c"', ['A', 'B', "'c'"]],
    ['a hash value', 'c = { url: ENV["URL"] }', ['URL']],
    ['a method default', 'def initialize(token = ENV["TOKEN"]); end', ['TOKEN']],
    ['conditional assignment', 'a ||= ENV["A"]', ['A']],
  ])('%s', async (_n, src, links) => {
    expect((await chains('ruby', `${src}\n`)).map((c) => c.links)).toEqual([links]);
  });

  it('knows that `or` binds looser than assignment', async () => {
    // `a = ENV["A"] or "x"` assigns ENV["A"]; the literal is not a fallback of `a`.
    expect((await chains('ruby', 'a = ENV["A"] or "x"\n')).map((c) => c.links)).toEqual([['A']]);
  });

  it('ignores an interpolated default and other constants', async () => {
    expect((await chains('ruby', 'a = ENV.fetch("A", "#{x}")\nb = CONFIG["B"]\n')).map((c) => c.links)).toEqual([['A']]);
  });
});

describe('robustness', () => {
  it('a syntax error is a warning naming the file and line, and the rest of the file still counts', async () => {
    const r = await chainsOfSource('import os\na = os.getenv("A"\nb = os.getenv("B", "x")\n', 'broken.py', 'python');
    expect(r.warnings).toEqual([expect.objectContaining({ file: 'broken.py', message: 'has a syntax error; chains are read from the parts that parse' })]);
    expect(r.chains.some((c) => c.links.some((l) => l.kind === 'var' && l.name === 'B'))).toBe(true);
  });

  it('never crashes on random source and gives the same chains twice', async () => {
    const langs: Language[] = ['python', 'typescript', 'go', 'ruby'];
    const unit = fc.constantFrom(
      'os.getenv(',
      'process.env.',
      'ENV[',
      'os.Getenv(',
      '"A"',
      "'B'",
      ' or ',
      ' || ',
      ' ?? ',
      '(',
      ')',
      '{',
      '}',
      '\n',
      ' ',
      '=',
      'x',
      ',',
      'cmp.Or(',
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...langs), fc.array(unit, { maxLength: 40 }), async (lang, parts) => {
        const src = parts.join('');
        const a = await chainsOfSource(src, 'r', lang);
        const b = await chainsOfSource(src, 'r', lang);
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });
});
