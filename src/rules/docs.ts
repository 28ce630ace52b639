import { RULES } from './index.js';
import { ruleSchema } from './schema.js';
import type { RuleDocs } from './types.js';

/**
 * A rule's documentation as one markdown text: `concord rules ID` prints it, docs/rules/ID.md is
 * generated from it and SARIF carries it as `help.markdown`. The prose lives in each rule's
 * `meta.docs`; the options come from the rule's `meta.options` schema, so they cannot drift from what the
 * manifest loader accepts.
 */

export interface RuleOption {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
}

export interface RuleSummary {
  id: string;
  severity: 'error' | 'warning';
  description: string;
}

/** What SARIF says of a rule beyond its one line. */
export interface RuleHelp {
  fullDescription: string;
  markdown: string;
  helpUri: string;
}

export function ruleHelp(id: string, version: string): RuleHelp | undefined {
  const docs = ruleDocs(id);
  if (!docs) return undefined;
  return { fullDescription: docs.what, markdown: renderRuleMarkdown(id), helpUri: ruleHelpUri(id, version) };
}

/** Where the published package's copy of a rule's page is, for SARIF `helpUri`. */
export function ruleHelpUri(id: string, version: string): string {
  return `https://unpkg.com/concord-cli@${version}/docs/rules/${id}.md`;
}

export function ruleSummaries(): RuleSummary[] {
  return [...RULES.values()].map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function ruleDocs(id: string): RuleDocs | undefined {
  return RULES.get(id)?.meta.docs;
}

// What the options every rule takes mean; a rule's schema refers to them in common.schema.json.
const COMMON: Record<string, { type: string; description: string }> = {
  severity: { type: '"error" | "warning" | "off"', description: 'Overrides the default severity.' },
  services: { type: 'string[]', description: 'Only these services (default: every service).' },
  environments: { type: 'string[]', description: 'Only in these environments (default: every environment).' },
  setting: { type: 'string', description: 'The setting to check (default: every setting the rule applies to).' },
  settings: { type: 'string[]', description: 'The settings to check.' },
  vars: { type: 'string[]', description: 'Variables, by name, rather than settings.' },
};

/** The options of a rule, from its schema: rule-specific ones first, then the common ones it takes. */
export function ruleOptions(id: string): RuleOption[] {
  const rule = RULES.get(id);
  const schema = (rule ? ruleSchema(rule.meta) : {}) as {
    required?: string[];
    properties?: Record<string, Record<string, unknown>>;
  };
  const required = new Set(schema.required ?? []);
  const own: RuleOption[] = [];
  const common: RuleOption[] = [];
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    if (name === 'rule') continue;
    const ref = typeof p.$ref === 'string' ? p.$ref.split('/').pop()! : undefined;
    const known = ref ? COMMON[ref] : undefined;
    const option: RuleOption = {
      name,
      type: known?.type ?? typeName(p),
      required: required.has(name),
      ...(p.default !== undefined ? { default: p.default } : {}),
      description: (typeof p.description === 'string' ? p.description : known?.description) ?? '',
    };
    (ref && name in COMMON ? common : own).push(option);
  }
  return [...own, ...common];
}

/** Each file of an example under its name, fenced in its language. */
function files(repo: Record<string, string>): string[] {
  return Object.entries(repo).flatMap(([file, text]) => [
    `\`${file}\``,
    '',
    `\`\`\`${LANGUAGES[file.split('.').pop()!] ?? 'sh'}`,
    text.replace(/\n$/, ''),
    '```',
    '',
  ]);
}

const LANGUAGES: Record<string, string> = { yaml: 'yaml', yml: 'yaml', py: 'python', ts: 'ts', js: 'js', json: 'json' };

function typeName(p: Record<string, unknown>): string {
  if (Array.isArray(p.enum)) return p.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (p.type === 'array') return `${typeName((p.items as Record<string, unknown>) ?? {})}[]`;
  if (p.type === 'integer') return 'integer';
  if (typeof p.type === 'string') return p.type;
  if (Array.isArray(p.oneOf ?? p.anyOf)) return ((p.oneOf ?? p.anyOf) as Record<string, unknown>[]).map(typeName).join(' | ');
  return 'any';
}

/** The whole page; throws for a rule without `meta.docs`, so a new rule cannot ship undocumented. */
export function renderRuleMarkdown(id: string): string {
  const docs = ruleDocs(id);
  if (!docs) throw new Error(`rule ${id} has no meta.docs: add { what, why, failing, passing, fix } next to its messages`);
  const summary = ruleSummaries().find((r) => r.id === id)!;
  const options = ruleOptions(id);
  const optionRows = options.map(
    (o) =>
      `| \`${o.name}\`${o.required ? ' (required)' : ''} | \`${o.type.replace(/\|/g, '\\|')}\` | ${o.default === undefined ? '' : `\`${JSON.stringify(o.default)}\``} | ${o.description} |`,
  );
  return [
    `# ${id}`,
    '',
    `${summary.description}`,
    '',
    `Default severity: **${summary.severity}**. In \`concord.yaml\`: \`rules: [{ rule: ${id} }]\`.`,
    '',
    '## What it checks',
    '',
    docs.what,
    '',
    '## Why',
    '',
    docs.why,
    '',
    '## Options',
    '',
    '| option | type | default | meaning |',
    '| --- | --- | --- | --- |',
    ...optionRows,
    '',
    '## Failing example',
    '',
    ...files(docs.failing),
    '## Passing example',
    '',
    ...(Object.keys(docs.failing).some((f) => !(f in docs.passing)) ? ['The same, with these files changed:', ''] : []),
    ...files(docs.passing),
    ...(docs.needs ? [`Running these examples needs ${docs.needs}.`, ''] : []),
    '## How to fix',
    '',
    docs.fix,
    '',
  ].join('\n');
}
