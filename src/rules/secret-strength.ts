import { defineRule, isSecretSetting, observe, resolutions, settingsInScope, type RuleContext } from './types.js';

/** Well-known placeholder and tutorial values that end up in real deployments. */
export const KNOWN_PLACEHOLDERS = [
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
  'your-256-bit-secret',
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

/** Secrets are long, varied and not known placeholders. */
export default defineRule<{ minLength?: number; minEntropyBits?: number; placeholders?: string[] }>({
  meta: {
    id: 'secret-strength',
    messages: {
      placeholder: '{{service}} uses a well-known placeholder as {{setting}}',
      tooShort: '{{service}}\'s {{setting}} is shorter than {{minLength}} characters',
      lowEntropy: '{{service}}\'s {{setting}} is too predictable (about {{bits}} bits of entropy, {{minBits}} wanted)',
    },
  },
  check(ctx) {
    const minLength = ctx.options.minLength ?? 16;
    const minBits = ctx.options.minEntropyBits ?? 48;
    const placeholders = new Set([...KNOWN_PLACEHOLDERS, ...(ctx.options.placeholders ?? [])].map((p) => p.toLowerCase()));
    const isSecret = (s: string) => isSecretSetting(ctx as RuleContext<unknown>, s);
    for (const setting of settingsInScope(ctx, isSecret)) {
      for (const r of resolutions(ctx, setting)) {
        // A reference is checked once its value is fetched (online), not as a name.
        if (r.linkIndex === null || r.value === undefined || (r.ref && !r.fetched)) continue;
        const data = { service: r.service, setting };
        const observations = [observe(r, { secret: true })];
        if (placeholders.has(r.value.trim().toLowerCase())) {
          ctx.report({ messageId: 'placeholder', setting, data, observations });
        } else if (r.value.length < minLength) {
          ctx.report({ messageId: 'tooShort', setting, data: { ...data, minLength }, observations });
        } else {
          const bits = Math.round(entropyBits(r.value));
          if (bits < minBits) ctx.report({ messageId: 'lowEntropy', setting, data: { ...data, bits, minBits }, observations });
        }
      }
    }
  },
});

/** Length × Shannon entropy per character: a rough upper bound on how guessable a value is. */
export function entropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return perChar * n;
}
