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

export function isSecretName(name: string, patterns: RegExp[] = DEFAULT_SECRET_PATTERNS): boolean {
  return patterns.some((p) => p.test(name));
}
