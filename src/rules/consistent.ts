import { callsOf } from '../graph/calls.js';
import { credentialGroups } from '../graph/credentials.js';
import { comparedByIdentity } from '../resolve/resolve-chain.js';
import type { ResolvedSetting } from '../model.js';
import { defineRule, ref, type ContextOf } from './define.js';
import { isSecretSetting, observe, reachableGroups, resolutions, settingsInScope, type RuleContext } from './types.js';

/** A setting resolves to the same value in every service; secrets are compared by fingerprint. */
const consistent = defineRule({
  meta: {
    id: 'consistent',
    description: 'A setting resolves to the same value in every service that defines it; secrets are compared by fingerprint.',
    severity: 'error',
    options: {
      description: 'Options of the consistent rule: the setting resolves to the same value in every listed service.',
      properties: {
        setting: ref.setting,
        settings: ref.settings,
        secret: { type: 'boolean', description: 'Compare by fingerprint even if the name does not look secret.', default: false },
        secretsOnly: {
          type: 'boolean',
          description: "Without setting/settings: compare only secret settings (the recommended ruleset's choice).",
          default: false,
        },
      },
    },
    messages: {
      differs: '{{setting}} differs across services: {{classes}} different values among {{count}} services',
      unverified:
        '{{setting}} comes from different secret references, or from a reference and a plain value, in {{count}} services; unread references can only be compared by identity',
    },
    docs: {
      what: `A setting resolves to the same value in every service that defines it. Each service's chain is resolved the way that service really reads it (its files, in its order, with its fallbacks), then the values are compared; secrets are compared by keyed HMAC fingerprint, never by value. Services on compose networks that do not meet are judged apart, and a credential found by name is compared along its edge: the clients of one server with that server, never with the clients of another server holding the same name.`,
      why: `Two services that must agree on a value (a JWT secret, a database URL, a feature flag) and do not fail at run time far from the cause: tokens signed by one service are rejected by another, with nothing in either log naming the file that differs.`,
      failing: {
        'concord.yaml': `version: 1
services:
  auth:
    env: [auth/.env]
    settings: { jwt_secret: [JWT_SECRET] }
  backend:
    env: [backend/.env]
    settings: { jwt_secret: [JWT_SECRET] }
rules:
  - rule: consistent
    setting: jwt_secret
`,
        'auth/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
        'backend/.env': 'JWT_SECRET=old-secret-from-before-the-rotation\n',
      },
      passing: {
        'backend/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
      },
      fix: `Find the odd ones out (class B, C… in the report; A is the largest group) and change the file and line shown for them, or point them at the same secret reference. \`concord explain SETTING\` shows every link of each chain.`,
    },
  },
  check(ctx) {
    const explicit = Boolean(ctx.options.setting || ctx.options.settings);
    const secretsOnly = ctx.options.secretsOnly === true;
    // Found by name, a credential is compared along its edge: a client's with the server it calls.
    const edges = explicit ? undefined : credentialGroups(callsOf(ctx.model));
    for (const setting of settingsInScope(ctx, (s) => !secretsOnly || isSecretSetting(ctx as RuleContext<unknown>, s))) {
      const all = resolutions(ctx, setting).filter((r) => r.linkIndex !== null);
      // Named in the manifest: judged together. Found by name alone: only among services that can talk.
      const groups = explicit ? [all] : byEdge(all, edges!).flatMap((g) => reachableGroups(ctx as RuleContext<unknown>, g));
      for (const resolved of groups) judge(ctx, setting, resolved, explicit);
    }
  },
});
export default consistent;

/** Splits resolutions by the server their credential is for; settings on no edge stay together. */
function byEdge(list: ResolvedSetting[], edges: Map<string, string>): ResolvedSetting[][] {
  const groups = new Map<string, ResolvedSetting[]>();
  for (const r of list) {
    const key = edges.get(`${r.service}\u0000${r.setting}`) ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

/** One group of services holding the setting: a finding when their values fall into two or more classes. */
function judge(ctx: ContextOf<typeof consistent>, setting: string, resolved: ResolvedSetting[], explicit: boolean): void {
  if (!explicit && resolved.length < 2) return;
  const groups = new Map<string, ResolvedSetting[]>();
  for (const r of resolved) groups.set(r.digest!, [...(groups.get(r.digest!) ?? []), r]);
  if (groups.size < 2) return;
  const secret = ctx.options.secret === true || resolved.some((r) => r.secret);
  const observations = resolved.map((r) => observe(r, { secret: secret || r.secret }));
  const plainGroups = [...groups.values()].filter((g) => !comparedByIdentity(g[0]!)).length;
  const data = { setting, classes: groups.size, count: resolved.length };
  if (plainGroups >= 2) ctx.report({ messageId: 'differs', setting, data, observations });
  else ctx.report({ messageId: 'unverified', setting, data, observations, severity: 'warning' });
}
