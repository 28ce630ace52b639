import { comparedByIdentity } from '../resolve/resolve-chain.js';
import { isFlagValue } from '../resolve/secret-names.js';
import { looksLikeToken } from '../resolve/secret-values.js';
import { placeholderReasons } from './lib/placeholders.js';
import { defineRule, ref } from './define.js';
import { isSecretSetting, observe, resolutions, servicesInScope, settingsInScope, type RuleContext } from './types.js';

/** Secrets are long, varied and not known placeholders. */
export default defineRule({
  meta: {
    id: 'secret-strength',
    description: 'Secrets are long enough, varied enough and not known placeholders.',
    severity: 'warning',
    options: {
      description: 'Options of the secret-strength rule: secrets are long, varied and not placeholders.',
      properties: {
        setting: ref.setting,
        settings: ref.settings,
        minLength: { type: 'integer', minimum: 1, default: 16 },
        minEntropyBits: {
          type: 'number',
          minimum: 0,
          default: 48,
          description: 'Minimum estimated entropy of the whole value, in bits (length × Shannon entropy per character).',
        },
        placeholders: { type: 'array', items: { type: 'string' }, description: 'Extra known placeholder values (compared case-insensitively).' },
      },
    },
    messages: {
      placeholder: '{{service}} uses a placeholder as {{setting}}: the value {{reason}}',
      tooShort: "{{service}}'s {{setting}} is shorter than {{minLength}} characters",
      lowEntropy: "{{service}}'s {{setting}} is too predictable (about {{bits}} bits of entropy, {{minBits}} wanted)",
      jwtTooShort: "{{service}}'s {{setting}} signs JWTs with {{bytes}} bytes; HS256 needs at least 32 (HS384: 48, HS512: 64)",
      reused: '{{service}} uses the same secret as {{setting}} (a JWT key) and as {{other}}',
    },
    docs: {
      what: `Secrets are long enough (\`minLength\`), varied enough (\`minEntropyBits\`, estimated as length × Shannon entropy per character) and not well-known placeholders (\`changeme\`, \`secret\`, …, plus \`placeholders\`). A JWT signing key is held to its algorithm's minimum, and one secret used for two purposes is reported.`,
      why: `A placeholder that reached staging reaches production next; a short HMAC key can be brute-forced offline from a single token.`,
      failing: {
        'concord.yaml': `version: 1
services:
  backend:
    env: [backend/.env]
    settings: { session_secret: [SESSION_SECRET] }
rules:
  - rule: secret-strength
`,
        'backend/.env': 'SESSION_SECRET=changeme\n',
      },
      passing: {
        'backend/.env': 'SESSION_SECRET=Zr4Tq9Wv2Xs7Mn1Lb8Kc3Jd6Hf0Gp5EaQ2yU7\n',
      },
      fix: `Replace the value with a randomly generated one of at least the required length, e.g. \`openssl rand -base64 48\`.`,
    },
  },
  check(ctx) {
    const { minLength, minEntropyBits: minBits } = ctx.options;
    const isSecret = (s: string) => isSecretSetting(ctx as RuleContext<unknown>, s);
    for (const setting of settingsInScope(ctx, isSecret)) {
      for (const r of resolutions(ctx, setting)) {
        // A reference is checked once its value is fetched (online), not as a name.
        if (r.linkIndex === null || r.value === undefined || comparedByIdentity(r)) continue;
        // `MYSQL_ALLOW_EMPTY_PASSWORD=true`-style switches and counts are not secrets to judge.
        if (isFlagValue(r.value)) continue;
        // Kept in a secret store, but named as what it is not: a user name or a host in a k8s Secret.
        const inStore = r.source?.kind === 'k8s-secret' || r.source?.kind === 'compose-secret';
        if (inStore && !ctx.isSecretName(setting) && !(r.via && ctx.isSecretName(r.via)) && !looksLikeToken(r.value)) continue;
        const data = { service: r.service, setting };
        const observations = [observe(r, { secret: true })];
        const reasons = placeholderReasons(r.value, ctx.options.placeholders);
        if (reasons) {
          ctx.report({ messageId: 'placeholder', setting, data: { ...data, reason: reasons.join(', ') }, observations });
        } else if (r.value.length < minLength) {
          ctx.report({ messageId: 'tooShort', setting, data: { ...data, minLength }, observations });
        } else if (isJwtSetting(setting, r.via) && Buffer.byteLength(r.value) < 32) {
          ctx.report({ messageId: 'jwtTooShort', setting, data: { ...data, bytes: Buffer.byteLength(r.value) }, observations });
        } else {
          const bits = Math.round(entropyBits(r.value));
          if (bits < minBits) ctx.report({ messageId: 'lowEntropy', setting, data: { ...data, bits, minBits }, observations });
        }
      }
    }
    // A JWT key that is also something else: one leak compromises both, and rotating one breaks the other.
    for (const svc of servicesInScope(ctx)) {
      const jwt = [...svc.settings.values()].filter((r) => r.secret && r.digest && r.value && isJwtSetting(r.setting, r.via));
      for (const r of jwt) {
        const others = [...svc.settings.values()].filter((x) => x !== r && x.digest === r.digest && !isJwtSetting(x.setting, x.via));
        for (const other of others) {
          ctx.report({
            messageId: 'reused',
            setting: r.setting,
            data: { service: svc.name, setting: r.setting, other: other.setting },
            observations: [observe(r, { secret: true }), observe(other, { secret: true })],
          });
        }
      }
    }
  },
});

function isJwtSetting(setting: string, via: string | undefined): boolean {
  return /jwt/i.test(setting) || /jwt/i.test(via ?? '');
}

/** Length × Shannon entropy per character: a rough upper bound on how guessable a value is. */
export function entropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return perChar * n;
}
