import { RULE_DEFAULTS, type RuleDefaults } from './defaults.js';
import type { RuleMeta } from './define.js';
import { RULES } from './index.js';

/**
 * What `npm run docs:rules` writes from the rules' meta (scripts/gen-rule-files.js), and what
 * test/rules/generated.test.ts compares with the committed files.
 */

const common = (k: string) => ({ $ref: `common.schema.json#/definitions/${k}` });

/** schemas/rules/<id>.schema.json: every rule's common options, then its own. */
export function ruleSchema(meta: Pick<RuleMeta, 'id' | 'options'>): Record<string, unknown> {
  const { description, required = [], properties, anyOf } = meta.options;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://concord.dev/schemas/rules/${meta.id}.schema.json`,
    description,
    type: 'object',
    required: ['rule', ...required],
    additionalProperties: false,
    properties: { rule: common('rule'), severity: common('severity'), services: common('services'), environments: common('environments'), ...properties },
    ...(anyOf ? { anyOf } : {}),
  };
}

/** Each generated file by its path, with its text. */
export function generatedRuleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { meta } of RULES.values()) files[`schemas/rules/${meta.id}.schema.json`] = `${JSON.stringify(ruleSchema(meta), null, 2)}\n`;
  files['rules/defaults.json'] = `${JSON.stringify(RULE_DEFAULTS as Record<string, RuleDefaults>, null, 2)}\n`;
  return files;
}
