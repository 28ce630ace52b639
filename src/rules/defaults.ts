import type { Severity } from '../manifest/types.js';
import type { NameKind } from './define.js';
import { RULES } from './index.js';

export type { NameKind } from './define.js';

/** What rules/defaults.json holds of each rule: written from its meta by `npm run docs:rules`. */
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

/** Each built-in rule's default severity, description and option flags, from its meta. */
export const RULE_DEFAULTS: Readonly<Record<string, RuleDefaults>> = Object.fromEntries(
  [...RULES.values()].map(({ meta }) => [
    meta.id,
    {
      severity: meta.severity,
      description: meta.description,
      ...(meta.names ? { names: { ...meta.names } } : {}),
      ...(meta.judgesTogether ? { together: true } : {}),
      ...(meta.findsTargetsByHost ? { findsTargetsByHost: true } : {}),
    },
  ]),
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

/** Rules that check the input itself and run unless the manifest configures them, in registry order. */
export function unlistedRules(): string[] {
  return [...RULES.values()].filter((r) => r.meta.runsUnlisted).map((r) => r.meta.id);
}

/** Whether a rule, without a `target`, finds the services it checks by host name. */
export function findsTargetsByHost(ruleId: string): boolean {
  return RULES.get(ruleId)?.meta.findsTargetsByHost === true;
}

/** Whether a rule only has something to say about chains a manifest declares (zero-config skips it). */
export function needsDeclaredChains(ruleId: string): boolean {
  return RULES.get(ruleId)?.meta.needsDeclaredChains === true;
}
