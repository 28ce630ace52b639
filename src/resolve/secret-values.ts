/**
 * Values that are secrets by their shape, whatever their name: a GitHub token under `GH_PAT`, a
 * Stripe key under `STRIPE`, a Slack webhook under `SLACK_WEBHOOK_URL`. Issuers give their tokens
 * recognisable prefixes so scanners can find them; these are the common ones. A value of this
 * shape is compared by fingerprint and masked in every output, as a secret-named one is.
 */
const TOKEN_SHAPES: RegExp[] = [
  /gh[pousr]_[A-Za-z0-9]{20,}/, // GitHub
  /github_pat_[A-Za-z0-9_]{20,}/,
  /glpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /(sk|rk)_(live|test)_[A-Za-z0-9]{10,}/, // Stripe secret and restricted keys
  /sk-(proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}/, // OpenAI, Anthropic
  /xox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /hooks\.slack\.com\/(services|workflows)\/[A-Za-z0-9/_-]+/,
  /(discord|discordapp)\.com\/api\/webhooks\/[A-Za-z0-9/_-]+/,
  /AKIA[0-9A-Z]{16}/, // AWS access key id
  /AIza[0-9A-Za-z_-]{35}/, // Google API key
  /npm_[A-Za-z0-9]{36}/,
  /SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, // SendGrid
  /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // a signed JWT
  /-----BEGIN ([A-Z]+ )*PRIVATE KEY-----/,
].map((re) => new RegExp(`(?<![A-Za-z0-9])${re.source}`));

/** A value holding a token anywhere (`token ghp_…`, `//registry/:_authToken=npm_…`) is a secret whole. */
export function looksLikeToken(value: string): boolean {
  return value.length >= 20 && value.length <= 16_384 && TOKEN_SHAPES.some((re) => re.test(value));
}
