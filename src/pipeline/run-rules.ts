import { RuleError } from '../errors.js';
import type { Manifest, RuleSpec } from '../manifest/types.js';
import { defaultSeverity, unlistedRules } from '../rules/defaults.js';
import type { Model } from '../model.js';
import { RULES } from '../rules/index.js';
import type { AnyRule } from '../rules/define.js';
import type { Observation, RuleContext, RuleIo } from '../rules/types.js';
import type { Fingerprinter } from '../fingerprint.js';

/** One thing a rule checked: a setting, a group of variables, a service's ports. */
export interface Check {
  ruleId: string;
  subject: string;
  environment: string;
}

export interface RawFinding {
  ruleId: string;
  severity: 'error' | 'warning';
  environment: string;
  setting?: string;
  vars?: string[];
  subject?: string;
  messageId: string;
  message: string;
  observations: Observation[];
}

/**
 * Runs each rule entry that applies to the environment. A rule that throws is wrapped in a
 * RuleError and reported as something that could not be checked; the other rules still run.
 */
export async function runRules(run: {
  manifest: Manifest;
  model: Model;
  modelFor: (env: string) => Promise<Model>;
  fingerprinter: Fingerprinter;
  isSecretName: (name: string) => boolean;
  /** rule implementations by id; the built-in ones unless a caller embeds its own */
  rules?: ReadonlyMap<string, AnyRule>;
  io: RuleIo;
}): Promise<{ findings: RawFinding[]; crashes: RuleError[]; checks: Check[] }> {
  const { manifest, model, modelFor, fingerprinter, isSecretName, rules = RULES, io } = run;
  const findings: RawFinding[] = [];
  const crashes: RuleError[] = [];
  const checks = new Map<string, Check>();
  for (const spec of withImplicitRules(manifest.rules)) {
    const severity = spec.severity ?? defaultSeverity(spec.rule);
    if (severity === 'off') continue;
    if (spec.environments && !spec.environments.includes(model.environment)) continue;
    const rule = rules.get(spec.rule);
    if (!rule) {
      crashes.push(new RuleError(spec.rule, [{ file: spec.from, line: spec.line, message: `no implementation for rule ${spec.rule}` }]));
      continue;
    }
    const ctx: RuleContext<never> = {
      environment: model.environment,
      environments: manifest.environments,
      model,
      options: spec.options as never,
      modelFor,
      isSecretName,
      fingerprint: (value) => ({ digest: fingerprinter.digest(value), fingerprint: fingerprinter.fingerprint(value) }),
      io,
      cover(subject) {
        const key = `${spec.rule}\u0000${subject}`;
        if (!checks.has(key)) checks.set(key, { ruleId: spec.rule, subject, environment: model.environment });
      },
      report(f) {
        findings.push({
          ruleId: spec.rule,
          severity: f.severity && severity === 'error' ? f.severity : severity,
          environment: model.environment,
          setting: f.setting,
          vars: f.vars,
          subject: f.subject,
          messageId: f.messageId,
          message: renderMessage(rule, f.messageId, f.data),
          observations: f.observations,
        });
      },
    };
    try {
      await rule.check(ctx);
    } catch (cause) {
      // The cause's own message may quote a value: it stays in `cause`, and the report scrubs it.
      const name = (cause as Error)?.name ?? 'Error';
      crashes.push(new RuleError(spec.rule, [{ file: spec.from, line: spec.line, message: `rule ${spec.rule} crashed (${name})` }], { cause }));
    }
  }
  return { findings, crashes, checks: [...checks.values()] };
}

/**
 * Rules that check the input itself — a reference that cannot be read as written
 * (`secret-ref`), a compose project docker compose would refuse (`compose-interpolation`) — run
 * unless the manifest configures them (e.g. `severity: off`): their meta says `runsUnlisted`.
 */
function withImplicitRules(specs: RuleSpec[]): RuleSpec[] {
  const missing = unlistedRules().filter((id) => !specs.some((s) => s.rule === id));
  return [...specs, ...missing.map((rule, i) => ({ index: specs.length + i, rule, options: { rule }, from: 'rules/defaults.json' }))];
}

/**
 * A finding's message: its rule's template for the message id, filled from the data. An id the
 * rule does not declare, or a placeholder its data leaves unfilled, is a programming error in the
 * rule: it throws (the rule is then reported as crashed) rather than print a half-made sentence.
 */
export function renderMessage(rule: AnyRule, messageId: string, data: Record<string, string | number>): string {
  const template = Object.hasOwn(rule.meta.messages, messageId) ? rule.meta.messages[messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported an unknown message id "${messageId}"`);
  return render(template, data, `rule ${rule.meta.id}, message ${messageId}`);
}

/** `{{placeholder}}` → data; a placeholder without data throws (naming it, never a value). */
export function render(template: string, data: Record<string, string | number>, what = 'message'): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => {
    if (!Object.hasOwn(data, key)) throw new Error(`${what}: no data for {{${key}}}`);
    return String(data[key]);
  });
}
