import { describeRule, listRules } from '../commands/rules.js';
import { EXIT } from '../errors.js';
import { usage, type CliIo, type CliResult } from '../io.js';
import { wrap } from '../report/pretty-table.js';
import type { FlagValues } from './flags.js';
import { oneFormat } from './options.js';

/** `concord rules`: every rule in one line each; `concord rules ID`: that rule's documentation. */
export function runRules(rest: string[], values: FlagValues, io: CliIo): CliResult {
  const fmt = oneFormat(values, 'rules', ['pretty', 'json'], 'pretty');
  if (fmt !== 'pretty' && fmt !== 'json') return usage(fmt);
  if (rest.length > 1) return usage(`rules takes at most one rule id, got ${rest.length}`);
  const [id] = rest;
  if (id === undefined) {
    const all = listRules();
    if (fmt === 'json') return ok(`${JSON.stringify(all, null, 2)}\n`);
    const width = Math.max(...all.map((r) => r.id.length));
    // On a terminal, descriptions wrap under themselves; piped, one line per rule.
    const indent = ' '.repeat(width + 11);
    const lines = all.map((r) =>
      wrap(r.description, indent, io.columns)
        .join('\n')
        .replace(indent, `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  `),
    );
    return ok(`${lines.join('\n')}\n\n${all.length} rules. "concord rules ID" shows one rule's documentation.\n`);
  }
  const rule = describeRule(id);
  if (!rule.found) return usage(`no rule "${id}"${rule.closest ? `; did you mean "${rule.closest}"?` : ''} ("concord rules" lists them)`);
  if (fmt === 'json') return ok(`${JSON.stringify({ ...rule.summary, options: rule.options }, null, 2)}\n`);
  return ok(rule.markdown());
}

function ok(stdout: string): CliResult {
  return { exitCode: EXIT.ok, stdout, stderr: '' };
}
