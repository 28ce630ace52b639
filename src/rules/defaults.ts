import { readFileSync } from 'node:fs';
import type { Severity } from '../manifest/types.js';

/** What an option names: checked by the manifest loader, loaded by a pre-commit run. */
export type NameKind = 'setting' | 'settings' | 'service' | 'services' | 'setting-or-literal';

export interface RuleDefaults {
  severity: Exclude<Severity, 'off'>;
  description: string;
  /** options beyond `setting`, `settings` and `services` that name settings or services */
  names?: Record<string, NameKind>;
  /** the settings the rule names are judged together (a pair, a token flow): a change to one loads all */
  together?: boolean;
  /** without a `target`, the rule finds services by host name, so it may reach any of them */
  findsTargetsByHost?: boolean;
}

const COMMON_NAMES: Record<string, NameKind> = { setting: 'setting', settings: 'settings', services: 'services' };

/** rules/defaults.json: each rule's default severity and one-line description, as data. */
export const RULE_DEFAULTS: Readonly<Record<string, RuleDefaults>> = JSON.parse(
  readFileSync(new URL('../../rules/defaults.json', import.meta.url), 'utf8'),
);

/** Every option of a rule that names a setting or a service, with what it names. */
export function namedOptions(ruleId: string): [string, NameKind][] {
  return Object.entries({ ...COMMON_NAMES, ...RULE_DEFAULTS[ruleId]?.names });
}

/** The values of a rule entry's options of the given kinds, as lists. */
export function namesIn(ruleId: string, options: Record<string, unknown>, kinds: NameKind[]): string[] {
  return namedOptions(ruleId)
    .filter(([, kind]) => kinds.includes(kind))
    .flatMap(([key]) => {
      const v = options[key];
      return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    });
}

export function defaultSeverity(ruleId: string): Severity {
  return RULE_DEFAULTS[ruleId]?.severity ?? 'error';
}
