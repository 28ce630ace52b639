import { readFileSync } from 'node:fs';
import type { Severity } from '../manifest/types.js';

export interface RuleDefaults {
  severity: Exclude<Severity, 'off'>;
  description: string;
}

/** rules/defaults.json: each rule's default severity and one-line description, as data. */
export const RULE_DEFAULTS: Readonly<Record<string, RuleDefaults>> = JSON.parse(
  readFileSync(new URL('../../rules/defaults.json', import.meta.url), 'utf8'),
);

export function defaultSeverity(ruleId: string): Severity {
  return RULE_DEFAULTS[ruleId]?.severity ?? 'error';
}
