import { closest } from '../closest.js';
import { wrap } from '../report/pretty-table.js';
import { EXIT } from '../errors.js';
import { renderRuleMarkdown, ruleOptions, ruleSummaries } from '../rules/docs.js';
import { usage, type CliIo, type CliResult } from '../io.js';

/** `concord rules`: every rule in one line each; `concord rules ID`: that rule's documentation. */
export function runRules(rest: string[], values: { format?: string[] }, io: CliIo): CliResult {
  const fmt = values.format?.at(-1) ?? 'pretty';
  if (fmt !== 'pretty' && fmt !== 'json') return usage(`rules writes pretty or json, not "${fmt}"`);
  if (rest.length > 1) return usage(`rules takes at most one rule id, got ${rest.length}`);
  const all = ruleSummaries();
  const [id] = rest;
  if (id === undefined) {
    if (fmt === 'json') return ok(`${JSON.stringify(all, null, 2)}\n`);
    const width = Math.max(...all.map((r) => r.id.length));
    // On a terminal, descriptions wrap under themselves; piped, one line per rule.
    const indent = ' '.repeat(width + 11);
    const lines = all.map((r) => wrap(r.description, indent, io.columns).join('\n').replace(indent, `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  `));
    return ok(`${lines.join('\n')}\n\n${all.length} rules. "concord rules ID" shows one rule's documentation.\n`);
  }
  const summary = all.find((r) => r.id === id);
  if (!summary) {
    const near = closest(id, all.map((r) => r.id));
    return usage(`no rule "${id}"${near ? `; did you mean "${near}"?` : ''} ("concord rules" lists them)`);
  }
  if (fmt === 'json') return ok(`${JSON.stringify({ ...summary, options: ruleOptions(id) }, null, 2)}\n`);
  return ok(renderRuleMarkdown(id));
}

function ok(stdout: string): CliResult {
  return { exitCode: EXIT.ok, stdout, stderr: '' };
}
