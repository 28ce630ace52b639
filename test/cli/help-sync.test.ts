import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_FLAGS, flagsOf, parseCommandLine } from '../../src/cli/flags.js';
import { COMMAND_HELP, HELP } from '../../src/cli/help.js';
import { ROOT } from '../helpers.js';

/** Every `concord …` command line of the README: in code blocks and in inline code. */
function readmeCommandLines(): string[] {
  const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const spans = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
  const inline = [...text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...spans, ...inline]
    .flatMap((l) =>
      [...l.matchAll(/(?:^|[\s;&|$])(?:npx (?:--no )?)?concord ((?:check|explain|audit|init|chains|rules|[a-z]+)\b[^|&;#>\n]*)/g)].map(
        (m) => `concord ${m[1]!.trim()}`,
      ),
    )
    .filter((l) => !/^concord (is|and|reads|loads|says|does|would|writes|on|with|to|as|installed|check's)\b/.test(l));
}

/** A command line's words, without quotes and placeholders' brackets. */
function words(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, '')).filter((w) => !/^\[.*\]$|^…$|^\.\.\.$/.test(w));
}

describe('help and README agree with the command line', () => {
  it.each(Object.keys(COMMAND_FLAGS))('%s --help names every flag the command takes, and only those', (command) => {
    const help = COMMAND_HELP[command]!;
    expect(help, `no help for ${command}`).toBeDefined();
    for (const flag of COMMAND_FLAGS[command]!) {
      if (flag === 'no-cache' || flag === 'color') continue; // described together with --cache-dir / --no-color
      expect(help, `${command} --help does not mention --${flag}`).toContain(`--${flag}`);
    }
    for (const [, flag] of help.matchAll(/(?:^|\s)--([a-z][a-z-]+)/g))
      expect(flagsOf(command), `${command} --help mentions --${flag}, which it does not take`).toContain(flag);
  });

  it('lists every command in the overview', () => {
    for (const command of Object.keys(COMMAND_FLAGS)) expect(HELP).toMatch(new RegExp(`^  concord ${command} `, 'm'));
  });

  const lines = [...new Set(readmeCommandLines())];
  it('finds the README examples', () => {
    expect(lines.length).toBeGreaterThan(15);
  });

  it.each(lines)('README: %s', (line) => {
    const parsed = parseCommandLine(words(line).slice(1));
    expect('error' in parsed ? parsed.error : '').toBe('');
    if ('error' in parsed) return;
    const help = COMMAND_HELP[parsed.command]!;
    for (const w of words(line)) if (w.startsWith('--')) expect(help, `${parsed.command} --help does not document ${w}`).toContain(w.split('=')[0]!);
  });
});
