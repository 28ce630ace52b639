import { comparedByIdentity } from '../resolve/resolve-chain.js';
import type { ResolvedSetting } from '../model.js';
import { defineRule, isSecretSetting, observe, reachableGroups, resolutions, settingsInScope, type RuleContext } from './types.js';

/** A setting resolves to the same value in every service; secrets are compared by fingerprint. */
export default defineRule<{ secret?: boolean; secretsOnly?: boolean }>({
  meta: {
    id: 'consistent',
    messages: {
      differs: '{{setting}} differs across services: {{classes}} different values among {{count}} services',
      unverified:
        '{{setting}} comes from different secret references, or from a reference and a plain value, in {{count}} services; unread references can only be compared by identity',
    },
  },
  check(ctx) {
    const explicit = Boolean(ctx.options.setting || ctx.options.settings);
    const secretsOnly = ctx.options.secretsOnly === true;
    for (const setting of settingsInScope(ctx, (s) => !secretsOnly || isSecretSetting(ctx as RuleContext<unknown>, s))) {
      const all = resolutions(ctx, setting).filter((r) => r.linkIndex !== null);
      // Named in the manifest: judged together. Found by name alone: only among services that can talk.
      for (const resolved of explicit ? [all] : reachableGroups(ctx as RuleContext<unknown>, all)) judge(ctx, setting, resolved, explicit);
    }
  },
});

/** One group of services holding the setting: a finding when their values fall into two or more classes. */
function judge(ctx: RuleContext<{ secret?: boolean }>, setting: string, resolved: ResolvedSetting[], explicit: boolean): void {
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
