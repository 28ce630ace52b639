import { RULE_DEFAULTS, type RuleDefaults } from '../rules/defaults.js';
import { ruleHelp, type RuleHelp } from '../rules/docs.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatPretty, shownFindings } from './pretty.js';
import { formatSarif } from './sarif.js';
import type { Report } from './types.js';
import { escapeDeep } from '../printable.js';

export const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color: boolean;
  quiet?: boolean;
  /** accepted findings in full (pretty) */
  verbose?: boolean;
  /** the terminal's width, when stdout is one (pretty) */
  columns?: number;
  /** the manifest's folder as seen from where paths should be relative (SARIF, annotations) */
  pathPrefix?: string;
  /** rule descriptions and default severities, for formats that describe rules */
  rules?: Readonly<Record<string, RuleDefaults>>;
  /** a rule's documentation, for formats that link or embed it (SARIF) */
  ruleHelp?: (id: string, version: string) => RuleHelp | undefined;
  version?: string;
}

/** Every formatter is `(report, options) → string` and only ever sees a masked report. */
export function format(full: Report, fmt: Format, options: FormatOptions): string {
  const opts = { rules: RULE_DEFAULTS, ruleHelp, ...options };
  // --quiet is one thing in every format: only errors that are not accepted (the summary still counts all).
  let report = options.quiet ? { ...full, findings: shownFindings(full, true) } : full;
  // JSON and SARIF escape control characters themselves; every other format is read as text.
  if (fmt !== 'json' && fmt !== 'sarif') report = escapeDeep(report);
  switch (fmt) {
    case 'json':
      return formatJson(report);
    case 'pretty':
      return formatPretty(report, opts);
    case 'sarif':
      return formatSarif(report, opts);
    case 'junit':
      return formatJunit(report, opts);
    case 'markdown':
      return formatMarkdown(report, opts);
    case 'github':
      return formatGithub(report, opts);
  }
}

export type { Report, Finding, FindingService, Summary, Check } from './types.js';
