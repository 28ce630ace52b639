import { closest } from '../closest.js';
import { renderRuleMarkdown, ruleOptions, ruleSummaries, type RuleOption, type RuleSummary } from '../rules/docs.js';

/** `concord rules`: every rule, one summary each. */
export function listRules(): RuleSummary[] {
  return ruleSummaries();
}

export type RuleDescription = { found: true; summary: RuleSummary; options: RuleOption[]; markdown: () => string } | { found: false; closest?: string };

/** `concord rules ID`: that rule's summary, options and documentation, or the nearest id when there is none. */
export function describeRule(id: string): RuleDescription {
  const all = ruleSummaries();
  const summary = all.find((r) => r.id === id);
  if (!summary)
    return {
      found: false,
      closest: closest(
        id,
        all.map((r) => r.id),
      ),
    };
  return { found: true, summary, options: ruleOptions(id), markdown: () => renderRuleMarkdown(id) };
}
