import type { Problem } from '../errors.js';
import { ruleValidators } from '../generated/validators.js';
import { closest } from '../closest.js';
import { humanizeErrors, where } from './humanize.js';
import type { LineOf } from './lines.js';
import { namedOptions } from './rule-names.js';
import type { RuleSpec, ServiceSpec } from './types.js';

type Validator = ((data: unknown) => boolean) & { errors?: import('ajv').ErrorObject[] | null };
const RULE_VALIDATORS = ruleValidators as Record<string, Validator>;

export const KNOWN_RULES = Object.keys(RULE_VALIDATORS).sort();

export function isKnownRule(id: string): boolean {
  return Object.hasOwn(RULE_VALIDATORS, id);
}

/** A rule entry of the manifest (or of a ruleset), its options kept whole for the rule's schema. */
export function toRuleSpec(r: Record<string, unknown>, index: number, from: string, line: number | undefined): RuleSpec {
  return {
    index,
    rule: String(r.rule),
    severity: r.severity as RuleSpec['severity'],
    services: r.services as string[] | undefined,
    environments: r.environments as string[] | undefined,
    options: r,
    from,
    line,
  };
}

export function checkRule(r: RuleSpec, lineOf: LineOf, environments: string[], services: Map<string, ServiceSpec>): Problem[] {
  const optionProblems = checkRuleOptions(r, lineOf);
  if (optionProblems.length > 0) return optionProblems;
  const at = (...p: (string | number)[]) => lineOf(['rules', r.index, ...p]);
  const problems: Problem[] = [];
  const o = r.options;
  // Options that name services (rules/defaults.json says which, beyond `services`).
  for (const [key, kind] of namedOptions(r.rule)) {
    if (kind !== 'service' && kind !== 'services') continue;
    const v = key === 'services' ? r.services : o[key];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : undefined;
    list?.forEach((name, i) => {
      if (services.has(name)) return;
      const hint = closest(name, [...services.keys()]);
      problems.push({
        file: r.from,
        line: at(key, ...(Array.isArray(v) ? [i] : [])),
        message: `${where(['rules', r.index, key])} names the service "${name}", which the manifest does not define${hint ? ` (did you mean "${hint}"?)` : ''}`,
      });
    });
  }
  r.environments?.forEach((env, i) => {
    if (!environments.includes(env)) {
      problems.push({
        file: r.from,
        line: at('environments', i),
        message: `rules[${r.index}].environments names "${env}", which is not one of the manifest's environments (${environments.join(', ')})`,
      });
    }
  });
  const scope = r.services ?? [...services.keys()];
  const defined = new Set(scope.flatMap((s) => [...(services.get(s)?.settings.keys() ?? [])]));
  // Options that name settings; `alg`-like options may hold a literal instead and are not checked.
  const named: [string, number | undefined, string][] = [];
  for (const [key, kind] of namedOptions(r.rule)) {
    const v = o[key];
    if (kind === 'setting' && typeof v === 'string') named.push([v, undefined, key]);
    if (kind === 'settings' && Array.isArray(v)) (v as string[]).forEach((x, i) => named.push([x, i, key]));
  }
  for (const [s, i, key] of named) {
    if (defined.has(s)) continue;
    const hint = closest(s, [...defined]);
    problems.push({
      file: r.from,
      line: at(key, ...(i === undefined ? [] : [i])),
      message: `${where(['rules', r.index, key, ...(i === undefined ? [] : [i])])} (${r.rule}) refers to the setting "${s}", which no ${r.services ? 'listed ' : ''}service defines${hint ? ` (did you mean "${hint}"?)` : ''}`,
    });
  }
  return problems;
}

/** The rule exists and its options fit its schema. */
export function checkRuleOptions(r: RuleSpec, lineOf: LineOf): Problem[] {
  const validate = RULE_VALIDATORS[r.rule];
  if (!validate) {
    const hint = closest(r.rule, KNOWN_RULES);
    return [
      {
        file: r.from,
        line: lineOf(['rules', r.index, 'rule']),
        message: `rules[${r.index}]: unknown rule "${r.rule}"${hint ? ` (did you mean "${hint}"?)` : ''}; known rules: ${KNOWN_RULES.join(', ')}`,
      },
    ];
  }
  if (validate(r.options)) return [];
  return humanizeErrors(validate.errors ?? [], r.options, r.from, lineOf, ['rules', r.index]).map((p) => ({
    ...p,
    message: p.message.replace(/^rules\[\d+\]/, (m) => `${m} (${r.rule})`),
  }));
}
