import { readFileSync } from 'node:fs';
import { parseYaml } from '../sources/yaml-doc.js';
import { type LineOf, makeLineOf } from './lines.js';
import { toRuleSpec } from './rules.js';
import type { RuleSpec } from './types.js';

/** A list of rule entries and where they were written: the manifest's `rules:`, or a ruleset file. */
export interface RuleSource {
  rules: Record<string, unknown>[];
  file: string;
  lineOf: LineOf;
}

const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** rules/recommended.yaml: the rules of a manifest without `rules:`, and of zero-config. */
export function loadRecommended(): RuleSource {
  const rel = 'rules/recommended.yaml';
  const text = readFileSync(new URL(rel, PACKAGE_ROOT), 'utf8');
  const y = parseYaml(text, rel);
  const doc = y.docs[0]!;
  const data = doc.toJS({ maxAliasCount: -1 }) as { rules: Record<string, unknown>[] };
  return { rules: data.rules, file: rel, lineOf: makeLineOf(doc, (n) => y.line(n)) };
}

/** The rules of rules/recommended.yaml, as rule entries. */
export function loadRecommendedRules(): RuleSpec[] {
  return ruleSpecs(loadRecommended());
}

export function ruleSpecs(source: RuleSource): RuleSpec[] {
  return source.rules.map((rule, index) => toRuleSpec(rule, index, source.file, source.lineOf(['rules', index])));
}
