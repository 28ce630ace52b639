import { defineRule, ref } from './define.js';
import { observe, resolutions, settingsInScope } from './types.js';

/** The same setting read through different variables or kinds of source in different services. */
export default defineRule({
  meta: {
    id: 'chain-divergence',
    description: 'Services resolve the same setting through different variable names or source kinds.',
    severity: 'warning',
    // Without a manifest each setting is one variable name, so it could only say "dotenv vs compose".
    needsDeclaredChains: true,
    options: {
      description: 'Options of the chain-divergence rule: services resolve the same setting through different variables or source kinds.',
      properties: {
        setting: ref.setting,
        settings: ref.settings,
      },
    },
    messages: {
      differentLinks: '{{setting}} is resolved through {{count}} different links: {{links}}',
    },
    docs: {
      what: `Services resolve the same setting through different variable names or different kinds of source (one from a dotenv file, another from a Kubernetes secret, a third from a literal).`,
      why: `When one service reads \`JWT_SECRET\` and another \`JWT_SECRET_KEY\`, the two agree today by coincidence; the next rotation updates one name and not the other. A warning: divergent names are sometimes deliberate.`,
      failing: {
        'concord.yaml': `version: 1
services:
  auth:
    env: [auth/.env]
    settings: { jwt_secret: [JWT_SECRET] }
  backend:
    env: [backend/.env]
    settings: { jwt_secret: [JWT_SECRET_KEY] }
rules:
  - rule: chain-divergence
    setting: jwt_secret
`,
        'auth/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
        'backend/.env': 'JWT_SECRET_KEY=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
      },
      passing: {
        'concord.yaml': `version: 1
services:
  auth:
    env: [auth/.env]
    settings: { jwt_secret: [JWT_SECRET] }
  backend:
    env: [backend/.env]
    settings: { jwt_secret: [JWT_SECRET] }
rules:
  - rule: chain-divergence
    setting: jwt_secret
`,
        'backend/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
      },
      fix: `Read the setting through one variable name and one kind of source everywhere, or accept the finding in the manifest with the reason it is deliberate.`,
    },
  },
  check(ctx) {
    for (const setting of settingsInScope(ctx)) {
      const resolved = resolutions(ctx, setting).filter((r) => r.linkIndex !== null);
      if (resolved.length < 2) continue;
      const links = new Map<string, number>();
      for (const r of resolved) {
        const key = `${r.via} (${r.source?.kind})`;
        links.set(key, (links.get(key) ?? 0) + 1);
      }
      if (links.size < 2) continue;
      ctx.report({
        messageId: 'differentLinks',
        setting,
        data: { setting, count: links.size, links: [...links.keys()].join(', ') },
        observations: resolved.map((r) => observe(r)),
      });
    }
  },
});
