/**
 * Is a secret's value a placeholder someone forgot to replace? Scored from signs that are common
 * in templates and tutorials, each with a reason the report can give without showing the value.
 */

/** Well-known placeholder and tutorial values that end up in real deployments. */
export const KNOWN_PLACEHOLDERS = [
  'your-256-bit-secret',
  'your-384-bit-secret',
  'your-512-bit-secret',
  'shhhhh',
  'shhhhhared-secret',
  'keyboard cat',
  'my_secret_key',
  'mysecretkey',
  'my-secret-key',
  'supersecretkey',
  'super-secret-key',
  'secret123',
  'jwtsecret',
  'jwt_secret_key',
  'your_jwt_secret',
  'your-jwt-secret',
  'changeme',
  'change-me',
  'change_me',
  'changeit',
  'secret',
  'secretkey',
  'secret-key',
  'secret_key',
  'mysecret',
  'supersecret',
  'your-secret-key',
  'your_secret_key',
  'jwt_secret',
  'jwt-secret',
  'password',
  'passw0rd',
  'admin',
  'test',
  'testing',
  'example',
  'default',
  'placeholder',
  'todo',
  'xxx',
  'dev',
  '123456',
  'qwerty',
];

interface Sign {
  test: RegExp;
  score: number;
  reason: string;
}

const word = (w: string) => new RegExp(`(^|[^a-z])(${w})([^a-z]|$)`, 'i');

const SIGNS: Sign[] = [
  { test: /^(your|my|enter|insert|put|add)[-_ ]?(own[-_ ]?)?[a-z]/i, score: 3, reason: 'reads like a template to fill in ("your-…")' },
  { test: /^<[^>]*>$|^\{\{[^}]*\}\}$|^\$\{[^}]*\}$|^%[A-Z_]+%$|^__[A-Z_]+__$/, score: 3, reason: 'is a template marker (<…>, {{…}}, ${…})' },
  {
    test: /change[-_ ]?(me|it|this)|replace[-_ ]?(me|this|with)|to[-_ ]?be[-_ ]?(changed|replaced)|fill[-_ ]?(me|in)|update[-_ ]?me|set[-_ ]?me/i,
    score: 3,
    reason: 'asks to be changed',
  },
  {
    test: word('example|sample|dummy|insecure|placeholder|fake|mock|demo|notsecure|not-secure|unsafe|tutorial|default|foobar|lorem'),
    score: 2,
    reason: 'says it is an example or a default',
  },
  { test: word('test|testing|dev|local|localhost|todo|tbd|fixme|xxx+'), score: 1, reason: 'says it is for tests or development' },
  { test: /secret|passw(or)?d|token|api[-_]?key/i, score: 1, reason: 'names itself a secret' },
  { test: /(.)\1{5,}/, score: 2, reason: 'repeats one character' },
  { test: /0123456|123456|abcdef|qwerty|asdfgh/i, score: 2, reason: 'is a keyboard or counting sequence' },
];

/** The reasons a value looks like a placeholder, when they add up to one; undefined otherwise. */
export function placeholderReasons(value: string, extra: Iterable<string> = []): string[] | undefined {
  const v = value.trim();
  const known = new Set([...KNOWN_PLACEHOLDERS, ...extra].map((p) => p.toLowerCase()));
  if (known.has(v.toLowerCase())) return ['is a well-known placeholder'];
  const hits = SIGNS.filter((s) => s.test.test(v));
  const score = hits.reduce((n, s) => n + s.score, 0);
  return score >= 3 ? hits.map((s) => s.reason) : undefined;
}
