import type { ResolvedSetting } from '../model.js';
import { defineRule, ref } from './define.js';
import { isSecretSetting, observe, resolutions, settingsInScope, type RuleContext } from './types.js';

/** A secret differs between environments: staging must not hold production's secret. */
export default defineRule({
  meta: {
    id: 'distinct-across-envs',
    description: "A secret differs between environments (staging must not share production's secret).",
    severity: 'error',
    options: {
      description: 'Options of the distinct-across-envs rule: a secret differs between environments.',
      properties: {
        setting: ref.setting,
        settings: ref.settings,
      },
    },
    messages: {
      shared: '{{setting}} has the same value in {{environment}} ({{services}}) and {{other}} ({{otherServices}})',
    },
    docs: {
      what: `A secret differs between environments: staging's value must not be production's. Values are compared by fingerprint across the manifest's environments.`,
      why: `A production secret copied into staging is readable by everyone with staging access, and a token minted in staging is accepted by production.`,
      failing: {
        'concord.yaml': `version: 1
environments: [staging, production]
services:
  auth:
    env: [".env.\${env}"]
    settings: { jwt_secret: [JWT_SECRET] }
rules:
  - rule: distinct-across-envs
    setting: jwt_secret
`,
        '.env.staging': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
        '.env.production': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
      },
      passing: {
        '.env.production': 'JWT_SECRET=Zr4Tq9Wv2Xs7Mn1Lb8Kc3Jd6Hf0Gp5Ea\n',
      },
      fix: `Generate a new secret for one of the environments (the non-production one) and rotate it where it is used.`,
    },
  },
  async check(ctx) {
    const others = (ctx.options.environments ?? ctx.environments).filter((e) => e !== ctx.environment);
    if (others.length === 0) return;
    const settings = settingsInScope(ctx, (s) => isSecretSetting(ctx as RuleContext<unknown>, s));
    for (const other of others) {
      const otherModel = await ctx.modelFor(other);
      const otherCtx = { ...ctx, model: otherModel } as RuleContext<unknown>;
      for (const setting of settings) {
        // Group this environment's values by fingerprint, then look the other's up: no pairwise scan.
        const here = byDigest(resolutions(ctx, setting));
        const there = byDigest(resolutions(otherCtx, setting));
        for (const [digest, mine] of here) {
          const theirs = there.get(digest);
          if (!theirs) continue;
          ctx.report({
            messageId: 'shared',
            setting,
            data: {
              setting,
              environment: ctx.environment,
              other,
              services: mine.map((r) => r.service).join(', '),
              otherServices: theirs.map((r) => r.service).join(', '),
            },
            observations: [
              ...mine.map((r) => observe(r, { secret: true, environment: ctx.environment })),
              ...theirs.map((r) => observe(r, { secret: true, environment: other })),
            ],
          });
        }
      }
    }
  },
});

function byDigest(list: ResolvedSetting[]): Map<string, ResolvedSetting[]> {
  const out = new Map<string, ResolvedSetting[]>();
  for (const r of list) {
    if (r.linkIndex === null || !r.digest || r.value === '') continue;
    const g = out.get(r.digest);
    if (g) g.push(r);
    else out.set(r.digest, [r]);
  }
  return out;
}
