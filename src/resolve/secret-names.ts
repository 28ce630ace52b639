import { LIMITS } from '../limits.js';

/**
 * Whether a variable or setting name holds a secret, read as words (`DB_PASSWORD`, `jwtSecret`,
 * `stripe.api-key` → db password, jwt secret, stripe api key). A name is secret when one of its
 * words says so — password, secret, token, credential… — or when it ends in a key that is one
 * (`API_KEY`, `PRIVATE_KEY`, `JWT_KEY`; not `CACHE_KEY` or `PUBLIC_KEY`). A name that only talks
 * about a secret is not one: its lifetime, location, flag or owner (`TOKEN_TTL_SECONDS`,
 * `TLS_KEY_FILE`, `MYSQL_ALLOW_EMPTY_PASSWORD`, `SECRET_NAME`, `DB_PASSWORD_USER`).
 */

/** A manifest's `secretPatterns` replace the word rules below with regular expressions. */
export const DEFAULT_SECRET_PATTERNS: RegExp[] = [];

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'apikey',
  'privatekey',
  'authkey',
  'dsn',
  'salt',
  'pepper',
  'sig',
  'signature',
  'hmac',
]);
/** Words before a final `key` that make it a secret one. */
const SECRET_KEY_PREFIXES = new Set([
  'api',
  'private',
  'secret',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'crypto',
  'jwt',
  'master',
  'access',
  'auth',
  'app',
  'session',
  'client',
  'webhook',
  'license',
  'tls',
  'ssl',
  'hmac',
  'service',
  'account',
  'admin',
  'root',
  'server',
  'shared',
]);
/** The last word of a name about a secret rather than of the secret itself. */
const ABOUT = new Set([
  'ttl',
  'seconds',
  'secs',
  'ms',
  'millis',
  'minutes',
  'hours',
  'days',
  'timeout',
  'expiry',
  'expires',
  'expiration',
  'lifetime',
  'length',
  'len',
  'size',
  'count',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'path',
  'file',
  'files',
  'dir',
  'location',
  'enabled',
  'enable',
  'disabled',
  'algorithm',
  'alg',
  'issuer',
  'audience',
  'header',
  'name',
  'names',
  'id',
  'arn',
  'type',
  'version',
  'rotation',
  'region',
  'user',
  'username',
  'login',
  'email',
  'owner',
  'prefix',
  'format',
  'mode',
  'policy',
  'required',
  'store',
  'provider',
  'backend',
  'manager',
  'ref',
  'source',
  'env',
  'var',
  'field',
  'kind',
  'hint',
  'strategy',
  'method',
  'server',
  'servers',
  'brokers',
  'protocol',
  'mechanism',
  'mechanisms',
]);
/** The first word of a flag: `ALLOW_EMPTY_PASSWORD`, `SKIP_TOKEN_CHECK`. */
const FLAG_WORDS = new Set([
  'allow',
  'enable',
  'disable',
  'require',
  'requires',
  'use',
  'skip',
  'random',
  'generate',
  'no',
  'has',
  'is',
  'should',
  'show',
  'hide',
  'reset',
]);

/** `MYSQL_ALLOW_EMPTY_PASSWORD`, `jwtSecret`, `api-key.v2` → lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Names are asked about again and again (every variable of every service): the answer is kept. */
const known = new Map<string, boolean>();

export function isSecretName(name: string, patterns: RegExp[] = DEFAULT_SECRET_PATTERNS): boolean {
  if (patterns.length === 0) {
    let answer = known.get(name);
    if (answer === undefined) {
      answer = byWords(name);
      if (known.size < 100_000) known.set(name, answer);
    }
    return answer;
  }
  // A manifest's own patterns run on a bounded input: names are short, hostile ones need not be.
  return patterns.some((p) => p.test(name.length > LIMITS.patternInput ? name.slice(0, LIMITS.patternInput) : name));
}

function byWords(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words.at(-1)!;
  if (ABOUT.has(last) || (words.length > 1 && last === 'key' && ABOUT.has(words.at(-2)!))) return false;
  // ALLOW_EMPTY_PASSWORD, RANDOM_ROOT_PASSWORD, SKIP_TOKEN: a switch about a secret.
  if (words.some((w) => FLAG_WORDS.has(w))) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  if (last === 'key' || last === 'keys') return words.length > 1 && SECRET_KEY_PREFIXES.has(words.at(-2)!);
  return false;
}

/** A value that is a switch or a count, not a secret, whatever its name says (`true`, `0`, `yes`). */
export function isFlagValue(value: string): boolean {
  return /^(true|false|yes|no|on|off|enabled|disabled|y|n|\d{1,4})$/i.test(value.trim());
}

/**
 * Names whose values are masked in every output, secret or not by the rules above: wider on
 * purpose (`STRIPE_KEY`, `ACCESS_TOKEN_TTL`), since masking too much costs a `[masked]` and
 * masking too little leaks.
 */
const SENSITIVE = /secret|token|passw(or)?d|pass$|pwd|passphrase|private|credential|api_?key|auth|dsn|salt|signature|(^|[_.-])key(s)?$|(^|[_.-])key[_.-]/i;

export function mayHoldSecret(name: string): boolean {
  return SENSITIVE.test(name) || isSecretName(name);
}
