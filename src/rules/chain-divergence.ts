import { defineRule, observe, resolutions, settingsInScope } from './types.js';

/** The same setting read through different variables or kinds of source in different services. */
export default defineRule({
  meta: {
    id: 'chain-divergence',
    messages: {
      differentLinks: '{{setting}} is resolved through {{count}} different links: {{links}}',
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
