import path from 'node:path';
import { closest } from '../closest.js';
import { ConfigError, type Problem } from '../errors.js';
import { validateManifest } from '../generated/validators.js';
import { humanizeErrors } from './humanize.js';
import type { LineOf } from './lines.js';
import type { RawManifest } from './normalise.js';
import { checkRuleOptions, isKnownRule, KNOWN_RULES, toRuleSpec } from './rules.js';
import { backtrackRisk } from './safe-regex.js';
import type { AcceptSpec, ServiceSpec } from './types.js';

/** The manifest fits its schema, or a ConfigError with every problem at once. */
export function checkSchema(data: unknown, file: string, lineOf: LineOf): asserts data is RawManifest {
  if (validateManifest(data)) return;
  const problems = humanizeErrors((validateManifest as unknown as { errors?: import('ajv').ErrorObject[] | null }).errors ?? [], data, file, lineOf);
  // Rule entries can still be checked against their own schemas: one run names every mistake.
  const rawRules = (data as { rules?: unknown } | null)?.rules;
  if (Array.isArray(rawRules)) {
    rawRules.forEach((r, index) => {
      if (r && typeof r === 'object' && typeof (r as { rule?: unknown }).rule === 'string') {
        problems.push(...checkRuleOptions(toRuleSpec(r as Record<string, unknown>, index, file, lineOf(['rules', index])), lineOf));
      }
    });
  }
  throw new ConfigError(
    'MANIFEST_INVALID',
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  );
}

/** What the schema cannot say of services: roots inside the repository, links to what exists, no cycles. */
export function checkServices(services: ServiceSpec[], root: string, file: string, lineOf: LineOf): Problem[] {
  const problems: Problem[] = [];
  for (const svc of services) {
    if (path.isAbsolute(svc.root) || path.relative(root, path.resolve(root, svc.root)).startsWith('..')) {
      problems.push({ file, line: lineOf(['services', svc.name, 'root']), message: `services.${svc.name}.root "${svc.root}" is outside the repository` });
    }
    for (const [sname, def] of svc.settings) {
      def.chain.forEach((l, i) => {
        if (l.kind === 'from-code' && !svc.code) {
          problems.push({
            file,
            line: l.line,
            message: `services.${svc.name}.settings.${sname}[${i}] takes its chain from code, but ${svc.name} has no "code:" files`,
          });
        }
        if (l.kind === 'setting' && !svc.settings.has(l.name)) {
          problems.push({
            file,
            line: l.line,
            message: `services.${svc.name}.settings.${sname}[${i}] refers to the setting "${l.name}", which ${svc.name} does not define`,
          });
        }
      });
    }
    problems.push(...settingCycles(svc, file));
  }
  return problems;
}

/** `secretPatterns` that are not regular expressions, or that could backtrack catastrophically. */
export function checkSecretPatterns(patterns: string[], at: (i: number) => Omit<Problem, 'message'>): Problem[] {
  const problems: Problem[] = [];
  for (const [i, item] of patterns.entries()) {
    try {
      new RegExp(item, 'i');
    } catch {
      problems.push({ ...at(i), message: `secretPatterns[${i}] is not a valid regular expression` });
      continue;
    }
    const risk = backtrackRisk(item);
    if (risk) problems.push({ ...at(i), message: `secretPatterns[${i}] could take exponential time to match: ${risk}` });
  }
  return problems;
}

/** Accepted divergences name a known rule, services the manifest defines, and a real expiry date. */
export function checkAccept(accept: Omit<AcceptSpec, 'line'>[], services: Map<string, ServiceSpec>, file: string, lineOf: LineOf): Problem[] {
  const problems: Problem[] = [];
  accept.forEach((a, i) => {
    if (!isKnownRule(a.rule))
      problems.push({
        file,
        line: lineOf(['accept', i, 'rule']),
        message: `accept[${i}]: unknown rule "${a.rule}"${closest(a.rule, KNOWN_RULES) ? ` (did you mean "${closest(a.rule, KNOWN_RULES)}"?)` : ''}`,
      });
    a.services?.forEach((name, j) => {
      if (!services.has(name))
        problems.push({
          file,
          line: lineOf(['accept', i, 'services', j]),
          message: `accept[${i}].services names the service "${name}", which the manifest does not define`,
        });
    });
    if (a.expires && Number.isNaN(Date.parse(`${a.expires}T00:00:00Z`)))
      problems.push({ file, line: lineOf(['accept', i, 'expires']), message: `accept[${i}].expires "${a.expires}" is not a date` });
  });
  return problems;
}

function settingCycles(svc: ServiceSpec, file: string): Problem[] {
  const problems: Problem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      problems.push({
        file,
        line: svc.settings.get(name)?.line,
        message: `services.${svc.name}: the settings refer to each other in a cycle: ${cycle.join(' → ')}`,
      });
      return;
    }
    state.set(name, 'visiting');
    for (const l of svc.settings.get(name)?.chain ?? []) if (l.kind === 'setting' && svc.settings.has(l.name)) visit(l.name, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of svc.settings.keys()) visit(name, []);
  return problems;
}
