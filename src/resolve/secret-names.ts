import { LIMITS } from '../limits.js';

/** Names whose values are secrets unless the manifest says otherwise. */
export const DEFAULT_SECRET_PATTERNS: RegExp[] = [
  /secret/i,
  /token/i,
  /passw(or)?d/i,
  /passphrase/i,
  /private/i,
  /credential/i,
  /api_?key/i,
  /signing_?key/i,
  /encryption_?key/i,
  /(^|[_.-])key$/i,
  /(^|[_.-])tls_?key/i,
];

/**
 * Names that mention a secret but hold something about it: a lifetime, a location, a flag, an id
 * (TOKEN_TTL_SECONDS, TLS_KEY_FILE, SECRET_NAME, AWS_ACCESS_KEY_ID). Only for the built-in list:
 * a manifest's own secretPatterns are taken as written.
 */
const NOT_A_SECRET = /(^|[_.-])(ttl|seconds|secs|ms|millis|minutes|hours|days|timeout|expiry|expires|expiration|lifetime|length|len|size|count|url|uri|host|hostname|port|path|file|dir|enabled|enable|disabled|algorithm|alg|issuer|audience|header|name|id|type|version|rotation|region)(_seconds|_ms)?$/i;

export function isSecretName(name: string, patterns: RegExp[] = DEFAULT_SECRET_PATTERNS): boolean {
  if (patterns === DEFAULT_SECRET_PATTERNS && NOT_A_SECRET.test(name)) return false;
  // A manifest's own patterns run on a bounded input too: names are short, hostile ones need not be.
  const bounded = name.length > LIMITS.patternInput ? name.slice(0, LIMITS.patternInput) : name;
  return patterns.some((p) => p.test(bounded));
}
